"""The ``socialready`` command line: argument parsing and printing only.

Exit status: 0 on success, 1 when an input is refused (the located problems are printed on
standard error), 2 for a usage mistake.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._files import write_atomically
from .cohort import Cohort, assess_input, latest_per_organisation
from .errors import Problem, SocialReadyError, excerpt
from .inputs import Gathered, gather, is_survey_export
from .loading import builtin_questionnaires, load_questionnaire, shipped_dir
from .questionnaire import Questionnaire, localised
from .report.i18n import LANGUAGES, language_names
from .responses import load_responses
from .schema import SCHEMAS, schema_text
from .scoring import Assessment

if TYPE_CHECKING:
    from .batch import BatchItem

__all__ = ["main"]


def _warn(warnings: Iterable[Problem], indent: str = "") -> None:
    """Say each warning on standard error."""
    for warning in warnings:
        print(f"{indent}warning: {warning}", file=sys.stderr)


def _show(args: argparse.Namespace, out: TextIO) -> int:
    q = load_questionnaire(args.questionnaire)
    lang = args.lang or q.languages[0]
    if lang not in q.languages:
        print(
            f"socialready: the questionnaire has no {excerpt(lang)} texts"
            f" (it has {', '.join(q.languages)})",
            file=sys.stderr,
        )
        return 2
    _print_structure(q, lang, out)
    return 0


def _print_structure(q: Questionnaire, lang: str, out: TextIO) -> None:
    questions = [question for _, _, question in q.iter_questions()]
    scored = sum(1 for question in questions if question.scored)
    print(localised(q.title, lang), file=out)
    print(f"  {q.ref}  fingerprint {q.fingerprint}", file=out)
    print(
        f"  languages {', '.join(q.languages)}; aggregation {q.scoring.aggregation};"
        f" unanswered questions count as {'0' if q.scoring.unanswered == 'zero' else 'left out'}",
        file=out,
    )
    print(
        f"  {len(questions)} questions ({scored} scored), {len(q.recommendations)} recommendations",
        file=out,
    )
    recs = Counter(rec.step for rec in q.recommendations)
    for n, step in enumerate(q.steps, 1):
        count = sum(len(section.questions) for section in step.sections)
        print(f"\n{n}. {localised(step.title, lang)}  [{step.id}]", file=out)
        print(f"   {count} questions, {recs[step.id]} recommendations", file=out)
        for section in step.sections:
            kinds = Counter(question.kind for question in section.questions)
            detail = ", ".join(f"{k} {kind}" for kind, k in sorted(kinds.items()))
            print(
                f"   - {localised(section.title, lang)}  [{section.id}]: "
                f"{len(section.questions)} questions ({detail})",
                file=out,
            )
    print("\nDimensions", file=out)
    for dim in q.dimensions:
        count = sum(1 for question in questions if dim.id in question.dimensions)
        print(f"   - {localised(dim.label, lang)}  [{dim.id}]: {count} questions", file=out)
    print("\nMaturity levels", file=out)
    for level in q.maturity_levels:
        print(f"   - {level.from_:g}–{level.to:g}: {localised(level.name, lang)}", file=out)


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from .xlsform import write_xlsform

    q = load_questionnaire(args.questionnaire)
    output = Path(args.output)
    write_atomically(output, lambda handle: write_xlsform(q, handle))
    print(f"{output}: XLSForm of {q.ref}", file=out)
    return 0


def _check(args: argparse.Namespace, out: TextIO) -> int:
    failed = 0
    for path in args.paths:
        try:
            q = load_questionnaire(path)
        except SocialReadyError as exc:
            failed += 1
            print(exc, file=sys.stderr)
        else:
            print(f"{path}: ok ({q.ref}, {sum(1 for _ in q.iter_questions())} questions)", file=out)
            unreported = [x for x in q.languages if x not in LANGUAGES]
            if unreported:  # the file is right; the reader should still know
                print(
                    f"  warning: reports are written in {' or '.join(LANGUAGES)} only; the"
                    f" {', '.join(unreported)} texts can be scored and printed by `score`,"
                    " not made into a report",
                    file=sys.stderr,
                )
    return 1 if failed else 0


def _questionnaire_arg(args: argparse.Namespace) -> Questionnaire | None:
    return load_questionnaire(args.questionnaire) if args.questionnaire else None


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    questionnaire = _questionnaire_arg(args)
    failed = 0
    for path in args.paths:
        try:
            responses = load_responses(path, questionnaire)
        except SocialReadyError as exc:
            failed += 1
            print(exc, file=sys.stderr)
            continue
        count, answered = len(responses.warnings), len(responses.answers)
        print(
            f"{path}: ok ({responses.organisation.name},"
            f" {answered} answer{'s' if answered != 1 else ''},"
            f" {count} warning{'s' if count != 1 else ''})",
            file=out,
        )
        _warn(responses.warnings, "  ")
    return 1 if failed else 0


def _score(args: argparse.Namespace, out: TextIO) -> int:
    assessment = assess_input(args.path, _questionnaire_arg(args))
    questionnaire = assessment.questionnaire
    _warn(assessment.responses.warnings)
    if args.json:
        out.write(assessment.model_dump_json(indent=2) + "\n")
        return 0
    lang = args.lang or questionnaire.languages[0]
    if lang not in questionnaire.languages:
        print(f"socialready: the questionnaire has no {excerpt(lang)} texts", file=sys.stderr)
        return 2
    _print_summary(assessment, lang, out)
    return 0


def _fmt(score: float | None) -> str:
    return "  –" if score is None else f"{score:3.0f}"


def _print_summary(a: Assessment, lang: str, out: TextIO) -> None:
    from .report.i18n import Words
    from .report.view import level_held

    w = Words(lang)
    q, r = a.questionnaire, a.responses
    levels = {level.id: level for level in q.maturity_levels}
    org = r.organisation
    print(f"{org.name} — {w.date(r.date)} — {r.assessor}", file=out)
    print(f"  {q.ref}  fingerprint {q.fingerprint[:16]}…", file=out)
    level = levels[a.overall.level] if a.overall.level else None
    name = localised(level.name, lang) if level else "–"
    print(f"\n{w('overall_score')}{w('colon')}{_fmt(a.overall.score)}/100  {name}", file=out)
    if level:
        print(f"  {localised(level.meaning, lang)}", file=out)
    held = level_held(a, w)
    if held:
        print(f"  {held}", file=out)
    done = a.completeness.overall
    share = w.percent(done.share)
    print(
        "  "
        + w("completeness_intro", share=share, answered=done.answered, applicable=done.applicable),
        file=out,
    )
    print(f"\n{w('by_step')}", file=out)
    for step in q.steps:
        print(f"  {_fmt(a.steps[step.id].score)}  {localised(step.title, lang)}", file=out)
        for section in step.sections:
            print(
                f"      {_fmt(a.sections[section.id].score)}  {localised(section.title, lang)}",
                file=out,
            )
    print(f"\n{w('by_dimension')}", file=out)
    for dim in q.dimensions:
        print(f"  {_fmt(a.dimensions[dim.id].score)}  {localised(dim.label, lang)}", file=out)
    departments = {d.id: d.label for d in q.departments}
    print(f"\n{w('action_plan')} ({len(a.actions)})", file=out)
    for action in a.actions:
        if action.owner is None:
            owner = w("owner_to_designate")
        else:
            owner = localised(departments.get(action.owner), lang)
        print(
            f"  [{w(f'priority_{action.priority}')}] {localised(action.title, lang)}"
            f"  ({owner}, {w(f'horizon_{action.horizon}').lower()})",
            file=out,
        )
    if a.staffing is not None and a.staffing.roster_answered:
        count = len(a.staffing.gaps)
        found = (
            w("gaps_none")
            if not count
            else w("gaps_one" if count == 1 else "gaps_many", count=count)
        )
        print(f"\n{w('staffing')}{w('colon')}{found}", file=out)
    if a.references:
        print(f"\n{w('references')}", file=out)
        figures = {f.id: f for f in q.reference_figures}
        for ref in a.references:
            if ref.own_value is not None:
                own = w.percent(ref.own_value / 100)
            else:
                own = w(
                    {True: "among_them", False: "not_among_them", None: "not_answered"}[ref.holds]
                )
            print(
                f"  {w.percent(ref.value / 100)}  {localised(figures[ref.id].label, lang)}"
                f" — {w('you')}{w('colon')}{own}",
                file=out,
            )


def _file_arg(name: str | None) -> str | None:
    """A ``--questionnaire`` value that names a file (a built-in name reads no file)."""
    return None if name is None or name in builtin_questionnaires() else name


def _reads(output: Path, *inputs: str | None) -> bool:
    """Whether ``output`` is one of the files the command reads (said on standard error)."""
    if not output.exists():
        return False
    target = output.resolve()
    if any(name and Path(name).exists() and Path(name).resolve() == target for name in inputs):
        print(f"socialready: {output}: is one of the inputs; name another file", file=sys.stderr)
        return True
    return False


def _report_language(q: Questionnaire, asked: str | None) -> str | None:
    """The language of a report: the one asked, or the questionnaire's first language that
    reports are written in; ``None``, said on standard error, when there is none."""
    spoken = [x for x in q.languages if x in LANGUAGES]
    if asked is None and spoken:
        return spoken[0]
    if asked is not None and asked in spoken:
        return asked
    have = ", ".join(q.languages)
    lacking = f"in {language_names(LANGUAGES)}, which it lacks"
    can = f"in {' or '.join(spoken)}" if spoken else lacking
    print(
        f"socialready: {q.ref} is written in {have}; its reports can be written {can}"
        + (f", not in {excerpt(asked)}" if asked else ""),
        file=sys.stderr,
    )
    return None


def _render(
    assessment: Assessment,
    output: Path,
    lang: str | None,
    theme_path: str | None,
    html: bool,
    variant: str | None,
    out: TextIO,
    previous: Assessment | None = None,
) -> int:
    from .report import load_theme, render_html, render_pdf

    theme = load_theme(theme_path) if theme_path else None
    lang = _report_language(assessment.questionnaire, lang)
    if lang is None:
        return 2
    if html:
        write_atomically(output, render_html(assessment, lang, theme, previous=previous))
    else:
        render_pdf(assessment, output, lang, theme, variant, previous=previous)
    print(f"{output}: {assessment.responses.organisation.name}, {lang}", file=out)
    return 0


def _report(args: argparse.Namespace, out: TextIO) -> int:
    read = (args.path, args.previous, args.theme, _file_arg(args.questionnaire))
    if _reads(Path(args.output), *read):
        return 2
    given = _questionnaire_arg(args)
    assessment = assess_input(args.path, given)
    _warn(assessment.responses.warnings)
    # scored against the questionnaire given, or the one it names, which may be older
    previous = assess_input(args.previous, given) if args.previous else None
    return _render(
        assessment,
        Path(args.output),
        args.lang,
        args.theme,
        args.html,
        args.variant,
        out,
        previous,
    )


DEMO = "manufacturer-400.yaml"
"""The bundled example organisation that ``socialready demo`` reports on."""


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    assessment = assess_input(shipped_dir("examples") / DEMO)
    return _render(assessment, Path(args.output), args.lang, None, False, None, out)


class _Progress:
    """Count, rate and time left on a terminal; one plain line per input otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.start = time.monotonic()

    def __call__(self, done: int, total: int, item: BatchItem) -> None:
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = done / elapsed
        left = (total - done) / rate if rate else 0.0
        if self.tty:
            width = 30
            filled = int(width * done / total) if total else width
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {done}/{total}  {rate:.1f}/s  ETA {left:4.0f}s ")
            if done == total:
                self.stream.write("\n")
        else:
            self.stream.write(f"{done}/{total} {item.status} {item.input}\n")
        self.stream.flush()


def _gather(args: argparse.Namespace, given: Questionnaire | None) -> Gathered | None:
    """The inputs of ``batch`` and ``cohort`` (see :func:`~socialready.inputs.gather`), with
    the problems and warnings of the survey exports said; ``None`` after a usage error."""
    exports = [name for name in args.inputs if is_survey_export(name)]
    if args.roster and len(exports) != 1:
        print(
            f"socialready: --roster goes with one survey export, not {len(exports)}",
            file=sys.stderr,
        )
        return None
    if exports and not args.mapping:
        print(
            f"socialready: {exports[0]}: a survey export needs --mapping MAP.yaml", file=sys.stderr
        )
        return None
    gathered = gather(args.inputs, args.mapping, given, roster=args.roster)
    if gathered.reading_error is not None:
        print(gathered.reading_error, file=sys.stderr)
    for export in gathered.exports:
        if export.error is not None:
            print(export.error, file=sys.stderr)
        if export.imported is not None:
            for problem in export.imported.problems:
                print(problem, file=sys.stderr)
            _warn(export.imported.warnings)
    return gathered


def _batch(args: argparse.Namespace, out: TextIO) -> int:
    from .batch import render_batch
    from .report import load_theme

    theme = load_theme(args.theme) if args.theme else None
    given = _questionnaire_arg(args)
    gathered = _gather(args, given)
    if gathered is None:
        return 2
    lang = _report_language(given or load_questionnaire(), args.lang)
    if lang is None:
        return 2
    result = render_batch(
        gathered.inputs,
        args.output,
        lang,
        theme,
        None,
        _Progress(sys.stderr),
        force=args.force,
        questionnaire=given,
        workers=args.jobs,
    )
    width = max((len(item.input) for item in result.items), default=5)
    print(f"{'status':8}  {'input':{width}}  report", file=out)
    for item in result.items:
        shown = item.output or (item.error or "").splitlines()[0]
        print(f"{item.status:8}  {item.input:{width}}  {shown}", file=out)
    print(
        f"{result.count('written')} written, {result.count('skipped')} skipped"
        f" (already there), {result.count('failed')} failed"
        f" — {Path(args.output) / 'batch-summary.json'}",
        file=out,
    )
    unread = sum(1 for export in gathered.exports if export.imported is None)
    if gathered.refused > unread:
        rows = gathered.refused - unread
        print(f"{rows} row(s) of survey exports refused, listed above", file=sys.stderr)
    if unread:  # its rows were not counted: none was read
        print(f"{unread} survey export(s) not read, said above", file=sys.stderr)
    for item in result.failed:
        print(
            f"failed: {item.input}\n  {(item.error or '').replace(chr(10), chr(10) + '  ')}",
            file=sys.stderr,
        )
    return 0 if result.ok and not gathered.refused else 1


def _cohort(args: argparse.Namespace, out: TextIO) -> int:
    from .report import load_theme, render_cohort_pdf

    output = Path(args.output)
    if _reads(output, *args.inputs, args.mapping, args.roster, _file_arg(args.questionnaire)):
        return 2
    given = _questionnaire_arg(args)
    gathered = _gather(args, given)
    if gathered is None:
        return 2
    failed = gathered.refused
    assessments = []
    for item in gathered.inputs:
        try:
            assessment = assess_input(item, given)
        except SocialReadyError as exc:  # one bad input is named, the others still count
            failed += 1
            print(exc, file=sys.stderr)
            continue
        if not isinstance(item, Assessment):  # survey rows' warnings came with their export
            _warn(assessment.responses.warnings)
        assessments.append(assessment)
    assessments, earlier = latest_per_organisation(assessments)
    for a in earlier:
        failed += 1
        found = a.responses
        print(
            f"socialready: {found.source or found.organisation.name}:"
            f" {found.organisation.name} is in the cohort already, at a later or equal date;"
            f" this assessment of {found.date.isoformat()} is left out (each organisation"
            " counts once)",
            file=sys.stderr,
        )
    if not assessments:
        print("socialready: no assessment to put in a cohort", file=sys.stderr)
        return 1
    cohort = Cohort(assessments)
    lang = _report_language(cohort.questionnaire, args.lang)
    if lang is None:
        return 2
    theme = load_theme(args.theme) if args.theme else None
    render_cohort_pdf(cohort, output, lang, theme)
    count = len(cohort)
    print(f"{output}: {count} organisation{'s' if count > 1 else ''}, {lang}", file=out)
    return 1 if failed else 0


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    out.write(schema_text(args.name))
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{excerpt(text)} is not a whole number of at least 1")
    return value


def _language_option(command: argparse.ArgumentParser) -> None:
    """``--lang`` of a command that writes reports of any questionnaire."""
    command.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="default: French, or the questionnaire's first language that reports are written in",
    )


def _survey_options(command: argparse.ArgumentParser) -> None:
    """The options of a command that reads survey exports as well as responses files."""
    command.add_argument(
        "--mapping", metavar="MAP.yaml", help="how to read the CSV survey exports given"
    )
    command.add_argument(
        "--roster",
        metavar="ROSTER.csv",
        help="the separate export of the survey's roster (one row per person)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socialready",
        description="How ready is an organisation to use social networks, and what to do next.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    questionnaire = commands.add_parser(
        "questionnaire", help="show, check or export questionnaires"
    )
    actions = questionnaire.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="print the structure of a questionnaire")
    show.add_argument(
        "questionnaire",
        nargs="?",
        metavar="NAME|PATH",
        help=(
            f"a built-in name ({', '.join(builtin_questionnaires())})"
            " or a file (default: the built-in one)"
        ),
    )
    show.add_argument("--lang", help="language of the texts (default: the first one of the file)")
    show.set_defaults(run=_show)
    export = actions.add_parser("export", help="write a questionnaire for a survey tool")
    export.add_argument(
        "questionnaire", nargs="?", metavar="NAME|PATH", help="default: the built-in one"
    )
    export.add_argument("--format", required=True, choices=["xlsform"])
    export.add_argument("-o", "--output", required=True, metavar="FORM.xlsx")
    export.set_defaults(run=_export)
    check = actions.add_parser("check", help="validate questionnaire files, listing every problem")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.set_defaults(run=_check)

    validate = commands.add_parser(
        "validate", help="check responses files against their questionnaire"
    )
    validate.add_argument("paths", nargs="+", metavar="FILE")
    validate.add_argument(
        "--questionnaire", metavar="NAME|PATH", help="default: the built-in one the file names"
    )
    validate.set_defaults(run=_validate)

    score = commands.add_parser("score", help="score a responses file")
    score.add_argument("path", metavar="FILE")
    score.add_argument("--json", action="store_true", help="print the whole assessment as JSON")
    score.add_argument("--lang", help="language of the summary (default: the first one)")
    score.add_argument(
        "--questionnaire", metavar="NAME|PATH", help="default: the built-in one the file names"
    )
    score.set_defaults(run=_score)

    report = commands.add_parser("report", help="write the readiness report of a responses file")
    report.add_argument("path", metavar="FILE")
    report.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    _language_option(report)
    report.add_argument("--theme", metavar="THEME.yaml", help="logo, colours, fonts, templates")
    report.add_argument("--html", action="store_true", help="write HTML instead of PDF")
    report.add_argument(
        "--variant", choices=["pdf/a-3b"], help="archival PDF carrying the assessment as JSON"
    )
    report.add_argument(
        "--questionnaire", metavar="NAME|PATH", help="default: the built-in one the file names"
    )
    report.add_argument(
        "--previous", metavar="OLD_FILE", help="an earlier assessment: adds a progress chapter"
    )
    report.set_defaults(run=_report)

    demo = commands.add_parser("demo", help="write the report of a bundled example organisation")
    demo.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    demo.add_argument("--lang", choices=LANGUAGES, help="default: French")
    demo.set_defaults(run=_demo)

    batch = commands.add_parser("batch", help="write the reports of many responses files")
    batch.add_argument("inputs", nargs="+", metavar="INPUT")
    batch.add_argument("-o", "--output", required=True, metavar="OUT_DIR")
    batch.add_argument("--jobs", type=_positive, help="worker processes (default: one per CPU)")
    _language_option(batch)
    batch.add_argument("--theme", metavar="THEME.yaml")
    batch.add_argument("--force", action="store_true", help="rewrite reports that exist")
    batch.add_argument(
        "--questionnaire", metavar="NAME|PATH", help="default: the built-in one each file names"
    )
    _survey_options(batch)
    batch.set_defaults(run=_batch)

    cohort = commands.add_parser("cohort", help="write the overview of many assessments")
    cohort.add_argument("inputs", nargs="+", metavar="INPUT")
    cohort.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    _language_option(cohort)
    cohort.add_argument("--theme", metavar="THEME.yaml")
    cohort.add_argument(
        "--questionnaire", metavar="NAME|PATH", help="default: the built-in one each file names"
    )
    _survey_options(cohort)
    cohort.set_defaults(run=_cohort)

    schema = commands.add_parser("schema", help="print the JSON Schema of a file format")
    schema.add_argument("name", choices=sorted(SCHEMAS))
    schema.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args, sys.stdout)
        sys.stdout.flush()
    except SocialReadyError as exc:
        print(exc, file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader (e.g. `| head`) has gone: stop quietly, as other command-line tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # an output that cannot be written: say which and why
        where = exc.filename or ""
        print(f"socialready: {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("socialready: interrupted", file=sys.stderr)
        return 130
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
