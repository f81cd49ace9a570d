"""The `socialready` command line: argument parsing and printing only.

Exit status: 0 on success, 1 when an input is refused (the located problems are printed on
standard error), 2 for a usage mistake. Results (summaries, JSON, a report written to
`-o -`) go to standard output; what was written where, warnings and problems go to
standard error.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from ._files import write_atomically
from ._version import __version__
from .cohort import Cohort, assess_input, latest_per_organisation
from .errors import MappingError, Problem, SocialReadyError, excerpt
from .inputs import Gathered, gather, is_survey_export, one_organisation
from .loading import (
    builtin_listing,
    is_builtin,
    load_questionnaire,
    questionnaire_warnings,
    shipped_dir,
)
from .migration import migrate_responses, migrated_text
from .questionnaire import (
    MATURITY_LEVELS,
    LevelBand,
    MaturityLevel,
    Questionnaire,
    ScoreKind,
    localised,
)
from .report.i18n import LANGUAGES, language_names
from .report.pdf import VARIANTS
from .responses import Responses, left_to_ask, load_responses, questionnaire_for, unfilled
from .schema import SCHEMAS, responses_schema_name, responses_schema_text, schema_text
from .scoring import Assessment, assess
from .survey import TOOLS, CsvImport, read_responses_csv, survey_mapping
from .survey.mapping import mapping_questionnaire
from .template import LANGUAGES as TEMPLATE_LANGUAGES
from .template import responses_template

if TYPE_CHECKING:
    from .batch import BatchItem
    from .report.i18n import Words

__all__ = ["main"]


_AT_THE_COMMAND_LINE = (
    ("rewrite it with force", "rewrite it with --force"),
    ("pass it as mapping=", "pass it with --mapping"),
    ("pass it as theme=", "pass it with --theme"),
    ("pass it as questionnaire=", "pass it with --questionnaire"),
    ("named as organisation=", "named with --organisation"),
)
"""How the library's messages name its parameters, and how the command line names the
options that set them."""


def _said(text: object) -> str:
    """A message of the library as the command line says it: its options (`--force`)
    where the library names its parameters (`force`, `mapping=`)."""
    said = str(text)
    for api, option in _AT_THE_COMMAND_LINE:
        said = said.replace(api, option)
    return said


def _error(text: object) -> None:
    """Say a problem on standard error, in the command line's words."""
    print(_said(text), file=sys.stderr)


def _warn(warnings: Iterable[Problem], indent: str = "") -> None:
    """Say each warning on standard error."""
    for warning in warnings:
        print(f"{indent}warning: {_said(warning)}", file=sys.stderr)


STDOUT = "-"
"""The `-o` that writes to standard output."""
REPORT_FORMATS = {".pdf": "pdf", ".html": "html"}
"""The formats of a report, by the extension of its file."""


def _format(
    output: str, html: bool, out: TextIO, formats: dict[str, str] = REPORT_FORMATS
) -> str | None:
    """The format of `-o`, from its extension (a name without one, and `-o -`, are
    written in the first format, or in HTML with `--html`); `None`, said on standard
    error, for an extension of no format, or for binary output to a terminal."""
    suffix = Path(output).suffix if output != STDOUT else ""
    if not suffix:
        fmt = "html" if html else next(iter(formats.values()))
        if output == STDOUT and fmt != "html" and out.isatty():
            hint = " (or write HTML with --html)" if "html" in formats.values() else ""
            print(
                f"socialready: -o -: a {fmt.upper()} file is not written to a terminal; redirect"
                f" standard output to a file{hint}",
                file=sys.stderr,
            )
            return None
        return fmt
    found = formats.get(suffix.lower())
    if found is None:
        print(
            f"socialready: {output}: cannot write a {excerpt(suffix)} file (expected a file name"
            f" ending in {' or '.join(formats)}, which says the format, or - for standard"
            " output)",
            file=sys.stderr,
        )
        return None
    if html and found != "html":
        print(f"socialready: --html writes HTML, not to {output}: name it .html", file=sys.stderr)
        return None
    return found


def _write(output: str, out: TextIO, text: str | None = None, data: bytes | None = None) -> None:
    """Write a result to `output`, or to standard output for `-o -`."""
    if output != STDOUT:
        write_atomically(Path(output), text if text is not None else data or b"")
    elif text is not None:
        out.write(text)
    else:
        binary: IO[bytes] = getattr(out, "buffer", None) or sys.stdout.buffer
        out.flush()
        binary.write(data or b"")
        binary.flush()


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
    _print_scales(q, lang, out)


def _band_text(level: MaturityLevel, band: LevelBand) -> str:
    """A level's band as its author wrote it: `0–20` (from, to), `= 1` (at), `26–50`
    (both ends included), `> 1 and < 2`, `≥ 0 and < 1`."""
    if level.legacy:
        return f"{band.low:g}–{band.high:g}"
    if band.low == band.high:
        return f"= {band.low:g}"
    if band.low_in and band.high_in:
        return f"{band.low:g}–{band.high:g}"
    low = f"{'≥' if band.low_in else '>'} {band.low:g}"
    return f"{low} and {'≤' if band.high_in else '<'} {band.high:g}"


def _print_scales(q: Questionnaire, lang: str, out: TextIO) -> None:
    """The level scales, with the scores that use each, and the display scales."""
    users: dict[str, list[str]] = {}
    scored: list[tuple[ScoreKind, str | None, str]] = [("overall", None, "overall")]
    scored += [("step", s.id, s.id) for s in q.steps]
    scored += [("section", c.id, c.id) for s in q.steps for c in s.sections]
    scored += [("dimension", d.id, d.id) for d in q.dimensions]
    for kind, ident, name in scored:
        named = q.scale_name(kind, ident)
        if named is not None:
            users.setdefault(named, []).append(name)
    for ident, scale in q.level_scales_by_id.items():
        title = "Maturity levels" if ident == MATURITY_LEVELS else f"Level scale {ident}"
        rounding = (
            "" if scale.decimals is None else f", scores rounded to {scale.decimals} decimals"
        )
        print(f"\n{title} (on {scale.scale}{rounding})", file=out)
        print(f"   used by: {', '.join(users.get(ident, [])) or 'no score'}", file=out)
        for level in scale.levels:
            band = _band_text(level, scale.band_of(level))
            print(f"   - {band}: {localised(level.name, lang)}", file=out)
    shown = {
        (kind, d.scale, d.digits) for kind, ident, _ in scored for d in [q.display_for(kind, ident)]
    }
    print("\nScores shown on", file=out)
    for kind in ("overall", "step", "section", "dimension"):
        scales = sorted(f"{scale} ({digits} decimals)" for k, scale, digits in shown if k == kind)
        print(f"   - {kind}: {', '.join(scales)}", file=out)


def _export(args: argparse.Namespace, out: TextIO) -> int:
    import io

    from .xlsform import write_xlsform

    if args.format == "limesurvey":
        return _export_limesurvey(args, out)
    if args.format == "surveyjs":
        return _export_surveyjs(args, out)
    if _format(args.output, False, out, {".xlsx": "xlsx"}) is None:
        return 2
    q = load_questionnaire(args.questionnaire)
    if args.output == STDOUT:
        buffer = io.BytesIO()
        write_xlsform(q, buffer)
        _write(STDOUT, out, data=buffer.getvalue())
    else:
        write_atomically(Path(args.output), lambda handle: write_xlsform(q, handle))
    print(f"{args.output}: XLSForm of {q.ref}", file=sys.stderr)
    return 0


def _export_limesurvey(args: argparse.Namespace, out: TextIO) -> int:
    from .survey.limesurvey import limesurvey_structure

    if _format(args.output, False, out, {".txt": "txt"}) is None:
        return 2
    q = load_questionnaire(args.questionnaire)
    text, left_out = limesurvey_structure(q)
    _write(args.output, out, text=text)
    print(f"{args.output}: LimeSurvey survey structure of {q.ref}", file=sys.stderr)
    if left_out:
        print(
            f"  note: {', '.join(left_out)} not in it: LimeSurvey cannot repeat a group (its"
            " export is read without them, and the report says the staffing could not be"
            " assessed)",
            file=sys.stderr,
        )
    return 0


def _export_surveyjs(args: argparse.Namespace, out: TextIO) -> int:
    import json

    from .form import surveyjs_form

    if _format(args.output, False, out, {".json": "json"}) is None:
        return 2
    q = load_questionnaire(args.questionnaire)
    text = json.dumps(surveyjs_form(q), ensure_ascii=False, indent=2) + "\n"
    _write(args.output, out, text=text)
    print(f"{args.output}: SurveyJS form of {q.ref}", file=sys.stderr)
    return 0


def _form(args: argparse.Namespace, out: TextIO) -> int:
    from .form import offline_form

    if _format(args.output, True, out, {".html": "html", ".htm": "html"}) is None:
        return 2
    q = load_questionnaire(args.questionnaire)
    lang = args.lang or q.languages[0]
    if lang not in q.languages:
        print(
            f"socialready: the questionnaire has no {excerpt(lang)} texts"
            f" (it has {', '.join(q.languages)})",
            file=sys.stderr,
        )
        return 2
    _write(args.output, out, text=offline_form(q, lang))
    print(f"{args.output}: offline form of {q.ref}, in {lang}", file=sys.stderr)
    return 0


def _check(args: argparse.Namespace, out: TextIO) -> int:
    failed = 0
    for path in args.paths:
        try:
            q = load_questionnaire(path)
        except SocialReadyError as exc:
            failed += 1
            _error(exc)
        else:
            print(f"{path}: ok ({q.ref}, {sum(1 for _ in q.iter_questions())} questions)", file=out)
            if not is_builtin(path):  # advice to its author, who is not the user
                _warn(questionnaire_warnings(path), "  ")
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


def _survey_usage(args: argparse.Namespace, paths: Sequence[str]) -> bool:
    """Whether `--mapping`, `--roster` and `--organisation` go with the inputs of a
    command that reads one organisation's answers (said on standard error when not)."""
    exports = [path for path in paths if is_survey_export(path)]
    if exports and not _says_how(args, exports[0]):
        return False
    options = [
        option
        for option, value in (
            ("--mapping", args.mapping),
            ("--from", args.preset),
            ("--roster", args.roster),
            ("--organisation", args.organisation),
        )
        if value
    ]
    if options and len(exports) != 1:
        print(
            f"socialready: {' and '.join(options)} go{'es' if len(options) == 1 else ''} with one"
            f" survey export (a .csv, .xlsx or .zip file), not {len(exports)}",
            file=sys.stderr,
        )
        return False
    return True


def _says_how(args: argparse.Namespace, export: str) -> bool:
    """Whether the command line says how to read a survey export (said when not)."""
    if args.mapping or args.preset:
        return True
    print(
        f"socialready: {export}: a survey export needs --from TOOL ({', '.join(TOOLS)})"
        " or --mapping MAP.yaml",
        file=sys.stderr,
    )
    return False


def _read_export(
    path: str, args: argparse.Namespace, given: Questionnaire | None
) -> tuple[CsvImport, Questionnaire]:
    """A survey export read with `--from` and/or `--mapping` (and `--roster`), and the
    questionnaire its rows answer: the one given, or the one the mapping names."""
    mapping = survey_mapping(args.mapping, args.preset, args.locale)
    q = given or mapping_questionnaire(mapping)
    return read_responses_csv(path, mapping, q, roster=args.roster), q


def _picked(imported: CsvImport, name: str | None) -> Responses:
    """The row of the organisation asked (or the only one), its warnings said; when there is
    none, the problems of the rows refused are said first (it may be among them)."""
    try:
        responses = one_organisation(imported, name)
    except MappingError:
        for problem in imported.problems:
            _error(problem)
        raise
    _warn(responses.warnings)
    return responses


def _assess_one(args: argparse.Namespace, given: Questionnaire | None) -> Assessment:
    """The assessment of the one input of `score` or `report`: a responses file, or an
    organisation's row of a survey export; its warnings said."""
    if not is_survey_export(args.path):
        assessment = assess_input(args.path, given)
        _warn(assessment.responses.warnings)
        return assessment
    imported, q = _read_export(args.path, args, given)
    return assess(q, _picked(imported, args.organisation))


def _say_valid(where: str, responses: Responses, args: argparse.Namespace, out: TextIO) -> bool:
    """Say that `responses` are valid, with their warnings and the questions left to ask
    (as errors with `--final`); whether they passed."""
    left, header = left_to_ask(responses, args.given), unfilled(responses)
    if args.final and (left or header):
        missing = [f"{_count(len(header), 'header field')} to fill in"] if header else []
        missing += [f"{_count(len(left), 'question')} left to ask"] if left else []
        print(f"{where}: not final: {', '.join(missing)}", file=sys.stderr)
        for problem in header:
            print(f"  error: {_said(problem)}", file=sys.stderr)
        _say_left(responses, left, args, "error")
        return False
    count, answered = len(responses.warnings) + len(header), len(responses.answers)
    print(
        f"{where}: ok ({responses.organisation.name},"
        + (" draft," if responses.status == "draft" else "")
        + f" {_count(answered, 'answer')}, {_count(count, 'warning')}"
        + (f", {_count(len(left), 'question')} left to ask)" if left else ")"),
        file=out,
    )
    _warn([*header, *responses.warnings], "  ")
    _say_left(responses, left, args, "warning")
    return True


def _count(count: int, what: str) -> str:
    return f"{count} {what}{'s' if count != 1 else ''}"


def _say_left(
    responses: Responses, left: Sequence[str], args: argparse.Namespace, severity: str
) -> None:
    """The questions left to ask, by step, each located by its question id, with its label
    (in `--lang`, else the questionnaire's first language that reports use)."""
    if not left:
        return
    q = questionnaire_for(responses, args.given)
    lang = _summary_language(q, args.lang) or q.languages[0]
    wanted = set(left)
    for step in q.steps:
        asked = [
            question
            for section in step.sections
            for question in section.questions
            if question.id in wanted
        ]
        if not asked:
            continue
        print(f"  left to ask in {step.id} — {localised(step.title, lang)}:", file=sys.stderr)
        for question in asked:
            path = ("answers", question.id)
            problem = Problem("not answered", source=responses.source, path=path)
            print(f"    {severity}: {problem} — {localised(question.label, lang)}", file=sys.stderr)


def _validate_export(
    path: str, args: argparse.Namespace, given: Questionnaire | None, out: TextIO
) -> int:
    """Validate a survey export's rows (or the one of `--organisation`); how many failed."""
    imported, _ = _read_export(path, args, given)
    if args.organisation is not None:
        picked = one_organisation(imported, args.organisation)
        rows = [imported.rows[imported.responses.index(picked)]]
        chosen = [picked]
    else:
        for problem in imported.problems:
            _error(problem)
        rows, chosen = imported.rows, imported.responses
    failed = 0
    for row, responses in zip(rows, chosen, strict=True):
        failed += not _say_valid(f"{path}:{row}", responses, args, out)
    if args.organisation is not None:
        return failed
    return failed + len(imported.failed_rows) + len(imported.failed_roster_rows)


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    if not _survey_usage(args, args.paths):
        return 2
    # kept on the arguments: each file's questions left to ask are found against it
    questionnaire = args.given = _questionnaire_arg(args)
    failed = 0
    for path in args.paths:
        try:
            if is_survey_export(path):
                failed += _validate_export(path, args, questionnaire, out)
                continue
            responses = load_responses(path, questionnaire)
        except SocialReadyError as exc:
            failed += 1
            _error(exc)
            continue
        failed += not _say_valid(path, responses, args, out)
    return 1 if failed else 0


def _migrate(args: argparse.Namespace, out: TextIO) -> int:
    """Carry a responses file to another version of its built-in questionnaire; say on
    standard error, located, each answer that could not be carried, and what is left to ask."""
    try:
        migration = migrate_responses(args.path, args.to)
    except SocialReadyError as exc:
        _error(exc)
        return 1
    _write(args.output or STDOUT, out, text=migrated_text(migration))
    for problem in migration.not_carried:
        print(f"not carried: {_said(problem)}", file=sys.stderr)
    if migration.to_answer:
        print(f"left to answer: {', '.join(migration.to_answer)}", file=sys.stderr)
    return 0


def _summary_language(q: Questionnaire, asked: str | None) -> str | None:
    """The language of `score`'s summary: the one asked, or the questionnaire's first
    language that reports are written in (else its first language); `None`, said on
    standard error, when the questionnaire lacks the language asked."""
    if asked is None:
        return next((x for x in q.languages if x in LANGUAGES), q.languages[0])
    if asked in q.languages:
        return asked
    print(
        f"socialready: the questionnaire has no {excerpt(asked)} texts"
        f" (it has {', '.join(q.languages)})",
        file=sys.stderr,
    )
    return None


def _score(args: argparse.Namespace, out: TextIO) -> int:
    if not _survey_usage(args, [args.path]):
        return 2
    assessment = _assess_one(args, _questionnaire_arg(args))
    if args.json:
        out.write(assessment.model_dump_json(indent=2) + "\n")
        return 0
    lang = _summary_language(assessment.questionnaire, args.lang)
    if lang is None:
        return 2
    _print_summary(assessment, lang, out)
    return 0


def _fmt(text: str) -> str:
    return f"{text:>4}"


def _print_summary(a: Assessment, lang: str, out: TextIO) -> None:
    from .report.i18n import Words
    from .report.view import expected_gain, level_held, level_name, score_text

    w = Words(lang)
    q, r = a.questionnaire, a.responses
    levels = {level.id: level for level in q.overall_levels}
    org = r.organisation
    draft = f" — {w('draft')}" if r.status == "draft" else ""

    def shown(kind: ScoreKind, ident: str, title: dict[str, str]) -> str:
        text = _fmt(score_text(q, w, kind, ident, a.score_of(kind, ident)))
        named = level_name(a, kind, ident, lang)
        return f"{text}  {localised(title, lang)}" + (f"  ({named})" if named else "")

    print(f"{org.name} — {w.date(r.date)} — {r.assessor}{draft}", file=out)
    print(f"  {q.ref}  fingerprint {q.fingerprint[:16]}…", file=out)
    level = levels[a.overall.level] if a.overall.level else None
    name = localised(level.name, lang) if level else "–"
    overall = w.score_of(
        score_text(q, w, "overall", None, a.overall.score), q.display_for("overall")
    )
    print(f"\n{w('overall_score')}{w('colon')}{overall}  {name}", file=out)
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
        print(f"  {shown('step', step.id, step.title)}", file=out)
        for section in step.sections:
            print(f"      {shown('section', section.id, section.title)}", file=out)
    print(f"\n{w('by_dimension')}", file=out)
    for dim in q.dimensions:
        print(f"  {shown('dimension', dim.id, dim.label)}", file=out)
    departments = {d.id: d.label for d in q.departments}
    print(f"\n{w('action_plan')} ({len(a.actions)})", file=out)
    for number, action in enumerate(a.actions, 1):
        if action.owner is None:
            owner = w("owner_to_designate")
        else:
            owner = localised(departments.get(action.owner), lang)
        print(
            f"  {number:2}. [{w(f'priority_{action.priority}')}] {localised(action.title, lang)}"
            f"  ({owner}, {w(f'horizon_{action.horizon}').lower()})",
            file=out,
        )
        gain = expected_gain(a, action, w)
        if gain:
            print(f"      {gain}", file=out)
    _print_path_and_roadmap(a, w, out)
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
            figure = figures[ref.id]
            dated = ""
            if figure.year is not None:
                key = "figure_about_year" if figure.year_approximate else "figure_year"
                dated = f" ({w(key, year=figure.year)})"
            print(
                f"  {w.percent(ref.value / 100)}  {localised(figure.label, lang)}{dated}"
                f" — {w('you')}{w('colon')}{own}",
                file=out,
            )


def _print_path_and_roadmap(a: Assessment, w: Words, out: TextIO) -> None:
    """The path to the next level and the roadmap's periods, by action number."""
    from .report.view import path_view

    path = path_view(a, w)
    if path is not None:
        print(f"\n{w('path_title')}", file=out)
        print(f"  {path.text}", file=out)
        for title in path.actions:
            print(f"    {title}", file=out)
    if a.roadmap and a.actions:
        numbers = {x.id: i for i, x in enumerate(a.actions, 1)}
        print(f"\n{w('roadmap')}", file=out)
        for stage in a.roadmap:
            listed = ", ".join(str(numbers[i]) for i in stage.actions) or w("stage_empty")
            print(
                f"  {w(f'stage_{stage.id}')} ({w('stage_dates', end=w.date(stage.end))})"
                f"{w('colon')}{listed}",
                file=out,
            )


def _file_arg(name: str | None) -> str | None:
    """A `--questionnaire` value that names a file (a built-in name reads no file)."""
    return None if name is None or is_builtin(name) else name


def _reads(output: Path, *inputs: str | None) -> bool:
    """Whether `output` is one of the files the command reads (said on standard error)."""
    if not output.exists():
        return False
    target = output.resolve()
    if any(name and Path(name).exists() and Path(name).resolve() == target for name in inputs):
        print(f"socialready: {output}: is one of the inputs; name another file", file=sys.stderr)
        return True
    return False


def _report_language(q: Questionnaire, asked: str | None) -> str | None:
    """The language of a report: the one asked, or the questionnaire's first language that
    reports are written in; `None`, said on standard error, when there is none."""
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
    args: argparse.Namespace,
    fmt: str,
    out: TextIO,
    previous: Assessment | None = None,
) -> int:
    """Write the report of `assessment` to `-o` in `fmt`, with the `--lang`,
    `--theme` and `--variant` of the command."""
    from .report import load_theme, render_html, render_pdf
    from .report.view import DocumentInfo

    theme_path, variant = getattr(args, "theme", None), getattr(args, "variant", None)
    theme = load_theme(theme_path) if theme_path else None
    lang = _report_language(assessment.questionnaire, args.lang)
    if lang is None:
        return 2
    given = {
        "version": getattr(args, "document_version", None),
        "contact": getattr(args, "contact", None),
        "next_assessment": getattr(args, "next_assessment", None),
    }
    info = DocumentInfo(**{k: v for k, v in given.items() if v}) if any(given.values()) else None
    if fmt == "html":
        html = render_html(assessment, lang, theme, previous=previous, document=info)
        _write(args.output, out, text=html)
    elif args.output == STDOUT:
        data = render_pdf(assessment, None, lang, theme, variant, previous=previous, document=info)
        _write(STDOUT, out, data=data)
    else:
        render_pdf(
            assessment, Path(args.output), lang, theme, variant, previous=previous, document=info
        )
    print(f"{args.output}: {assessment.responses.organisation.name}, {lang}", file=sys.stderr)
    return 0


def _iso_date(text: str) -> datetime.date:
    """A date written YYYY-MM-DD, for argparse (which says the option when it is not)."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{excerpt(text)} is not a date written YYYY-MM-DD"
        ) from None


def _report(args: argparse.Namespace, out: TextIO) -> int:
    read = (args.path, args.previous, args.theme, args.mapping, args.roster)
    if args.output != STDOUT and _reads(Path(args.output), *read, _file_arg(args.questionnaire)):
        return 2
    fmt = _format(args.output, args.html, out)
    if fmt is None or not _survey_usage(args, [args.path]):
        return 2
    if fmt == "html" and args.variant:
        print("socialready: --variant is a kind of PDF; an HTML report has none", file=sys.stderr)
        return 2
    given = _questionnaire_arg(args)
    assessment = _assess_one(args, given)
    # scored against the questionnaire given, or the one it names, which may be older
    previous = assess_input(args.previous, given) if args.previous else None
    return _render(assessment, args, fmt, out, previous)


DEMO = "manufacturer-400.yaml"
"""The bundled example organisation that `socialready demo` reports on."""


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    fmt = _format(args.output, False, out)
    if fmt is None:
        return 2
    return _render(assess_input(shipped_dir("examples") / DEMO), args, fmt, out)


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
    """The inputs of `batch` and `cohort` (see `gather`), with
    the problems and warnings of the survey exports said; `None` after a usage error."""
    exports = [name for name in args.inputs if is_survey_export(name)]
    if args.roster and len(exports) != 1:
        print(
            f"socialready: --roster goes with one survey export, not {len(exports)}",
            file=sys.stderr,
        )
        return None
    if exports and not _says_how(args, exports[0]):
        return None
    gathered = gather(
        args.inputs,
        args.mapping,
        given,
        roster=args.roster,
        preset=args.preset,
        locale=args.locale,
    )
    if gathered.reading_error is not None:
        _error(gathered.reading_error)
    for export in gathered.exports:
        if export.error is not None:
            _error(export.error)
        if export.imported is not None:
            for problem in export.imported.problems:
                _error(problem)
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
        refused=gathered.refusals(),
    )
    width = max((len(item.input) for item in result.items), default=5)
    print(f"{'status':8}  {'input':{width}}  report", file=out)
    for item in result.items:
        shown = item.output or _said((item.error or "").splitlines()[0])
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
        _error(f"failed: {item.input}\n  {(item.error or '').replace(chr(10), chr(10) + '  ')}")
    return 0 if result.ok and not gathered.refused else 1


def _cohort(args: argparse.Namespace, out: TextIO) -> int:
    read = (*args.inputs, args.mapping, args.roster, _file_arg(args.questionnaire))
    if args.output != STDOUT and _reads(Path(args.output), *read):
        return 2
    fmt = _format(args.output, False, out)
    if fmt is None:
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
            _error(exc)
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
    status = _render_cohort(Cohort(assessments), args, fmt, out)
    return status or (1 if failed else 0)


def _render_cohort(cohort: Cohort, args: argparse.Namespace, fmt: str, out: TextIO) -> int:
    from .report import load_theme, render_cohort_html, render_cohort_pdf

    lang = _report_language(cohort.questionnaire, args.lang)
    if lang is None:
        return 2
    theme = load_theme(args.theme) if args.theme else None
    if fmt == "html":
        _write(args.output, out, text=render_cohort_html(cohort, lang, theme))
    elif args.output == STDOUT:
        _write(STDOUT, out, data=render_cohort_pdf(cohort, None, lang, theme))
    else:
        render_cohort_pdf(cohort, Path(args.output), lang, theme)
    count = len(cohort)
    print(f"{args.output}: {count} organisation{'s' if count > 1 else ''}, {lang}", file=sys.stderr)
    return 0


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    if args.name != "responses":
        if args.questionnaire or args.lang:
            print(
                f"socialready: --questionnaire and --lang go with `schema responses`,"
                f" not `schema {args.name}`",
                file=sys.stderr,
            )
            return 2
        out.write(schema_text(args.name))
        return 0
    q = load_questionnaire(args.questionnaire)
    lang = _template_language(q, args.lang)
    if lang is None:
        return 2
    out.write(responses_schema_text(q, lang))
    return 0


def _template_language(q: Questionnaire, asked: str | None) -> str | None:
    """The language of a template or a responses schema: the one asked, or the
    questionnaire's first that templates are written in; `None`, said on standard error,
    when the questionnaire lacks it."""
    found = asked or next((x for x in q.languages if x in TEMPLATE_LANGUAGES), None)
    if found is None or found not in q.languages:
        print(
            f"socialready: the questionnaire has no {excerpt(found or 'fr')} texts"
            f" (it has {', '.join(q.languages)})",
            file=sys.stderr,
        )
        return None
    return found


def _template(args: argparse.Namespace, out: TextIO) -> int:
    q = load_questionnaire(args.questionnaire)
    lang = _template_language(q, args.lang)
    if lang is None:
        return 2
    if args.output != STDOUT and Path(args.output).exists() and not args.force:
        print(
            f"socialready: {args.output} exists: a template would replace its answers"
            " (rewrite it with --force)",
            file=sys.stderr,
        )
        return 1
    text = responses_template(q, lang)
    _write(args.output, out, text=text)
    name = responses_schema_name(q)
    if args.output == STDOUT:
        given = f" --questionnaire {args.questionnaire}" if args.questionnaire else ""
        print(
            f"socialready: its first line names {name}: write it beside the file with"
            f" `socialready schema responses{given} --lang {lang} > {name}`",
            file=sys.stderr,
        )
        return 0
    schema = Path(args.output).parent / name
    write_atomically(schema, responses_schema_text(q, lang))
    print(f"{args.output}: blank responses to {q.ref}, with {schema} beside it", file=sys.stderr)
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{excerpt(text)} is not a whole number of at least 1")
    return value


FILES = {"bash": "_shtab_compgen_files", "zsh": "_files", "tcsh": "f"}
"""What a shell completes a file argument with (as shtab spells it: `shtab.FILE`)."""
FOLDERS = {"bash": "_shtab_compgen_dirs", "zsh": "_files -/", "tcsh": "d"}
"""What a shell completes a folder argument with (`shtab.DIRECTORY`)."""
SHELLS = ("bash", "zsh", "tcsh")


def _completes(action: argparse.Action, what: dict[str, str] = FILES) -> argparse.Action:
    """Mark an argument as completed by the shell with files (or folders)."""
    action.complete = what  # type: ignore[attr-defined]  # read by shtab
    return action


class _PrintCompletion(argparse.Action):
    """`--print-completion SHELL`: the completion script of the whole command line, made by
    shtab from the parser (an optional dependency: `socialready[completion]`)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        try:
            import shtab
        except ImportError:
            parser.exit(
                1,
                "socialready: shell completion needs shtab:"
                " pip install 'socialready[completion]'\n",
            )
        print(shtab.complete(parser, shell=values), end="")
        parser.exit(0)


def _command(
    commands: Any, name: str, summary: str, examples: str, **kwargs: Any
) -> argparse.ArgumentParser:
    """A command with its one-line `summary` and an epilogue of `examples`."""
    return commands.add_parser(  # type: ignore[no-any-return]
        name,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **kwargs,
    )


def _language_option(command: argparse.ArgumentParser) -> None:
    """`--lang` of a command that writes reports of any questionnaire."""
    command.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="default: French, or the questionnaire's first language that reports are written in",
    )


def _questionnaire_option(command: argparse.ArgumentParser, each: str = "the file names") -> None:
    _completes(
        command.add_argument(
            "--questionnaire", metavar="NAME|PATH", help=f"default: the built-in one {each}"
        )
    )


def _theme_option(command: argparse.ArgumentParser) -> None:
    _completes(
        command.add_argument(
            "--theme", metavar="THEME.yaml", help="logo, colours, fonts, templates (docs/report.md)"
        )
    )


def _survey_options(command: argparse.ArgumentParser, one: bool = False) -> None:
    """The options of a command that reads survey exports as well as responses files;
    `one` for a command that reads one organisation."""
    command.add_argument(
        "--from",
        dest="preset",
        choices=TOOLS,
        metavar="TOOL",
        help="the survey tool that wrote the export(s): its conventions find the columns of"
        f" the form socialready exports, with no mapping file ({', '.join(TOOLS)})",
    )
    _completes(
        command.add_argument(
            "--mapping",
            metavar="MAP.yaml",
            help="how to read the survey export(s) given (.csv, .xlsx, .zip); with --from,"
            " what it names wins over the tool's conventions",
        )
    )
    command.add_argument(
        "--locale",
        metavar="LOCALE",
        help="the locale the tool wrote dates in, for --from google-forms or ms-forms (fr:"
        " day first; en-US: month first)",
    )
    _completes(
        command.add_argument(
            "--roster",
            metavar="ROSTER.csv",
            help="the separate export of the survey's roster (one row per person)",
        )
    )
    if one:
        command.add_argument(
            "--organisation",
            metavar="NAME",
            help="the organisation whose row of the survey export to take"
            " (needed when it has more than one)",
        )


def _output_option(command: argparse.ArgumentParser, metavar: str, formats: str) -> None:
    _completes(
        command.add_argument(
            "-o",
            "--output",
            required=True,
            metavar=metavar,
            help=f"the file to write, {formats}; - writes to standard output",
        )
    )


_RESPONSES = (
    "a responses file (YAML or JSON), or a survey export (.csv, .xlsx, .zip) with --from or"
    " --mapping"
)


def _questionnaire_commands(commands: Any) -> None:
    questionnaire = commands.add_parser(
        "questionnaire", help="show, check or export questionnaires"
    )
    actions = questionnaire.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = _command(
        actions,
        "show",
        "print the structure of a questionnaire",
        "  socialready questionnaire show --lang en\n"
        "  socialready questionnaire show my-questionnaire.yaml",
    )
    _completes(
        show.add_argument(
            "questionnaire",
            nargs="?",
            metavar="NAME|PATH",
            help=(f"a built-in name ({builtin_listing()}) or a file (default: the built-in one)"),
        )
    )
    show.add_argument("--lang", help="language of the texts (default: the first one of the file)")
    show.set_defaults(run=_show)
    export = _command(
        actions,
        "export",
        "write a questionnaire for a survey tool",
        "  socialready questionnaire export --format xlsform -o form.xlsx\n"
        "  socialready questionnaire export --format limesurvey -o survey.txt",
    )
    _completes(
        export.add_argument(
            "questionnaire",
            nargs="?",
            metavar="NAME|PATH",
            help="a built-in name or a file (default: the built-in one)",
        )
    )
    export.add_argument(
        "--format",
        required=True,
        choices=["xlsform", "limesurvey", "surveyjs"],
        help="XLSForm, for KoboToolbox and ODK; limesurvey: LimeSurvey's tab-separated survey"
        " structure; surveyjs: the SurveyJS form (JSON)",
    )
    _output_option(
        export,
        "FORM.xlsx|SURVEY.txt|FORM.json",
        "ending in .xlsx (xlsform), .txt (limesurvey) or .json (surveyjs)",
    )
    export.set_defaults(run=_export)
    check = _command(
        actions,
        "check",
        "validate questionnaire files, listing every problem",
        "  socialready questionnaire check my-questionnaire.yaml",
    )
    _completes(
        check.add_argument("paths", nargs="+", metavar="PATH", help="questionnaire files to check")
    )
    check.set_defaults(run=_check)


def _form_command(commands: Any) -> None:
    form = _command(
        commands,
        "form",
        "write the offline form: one HTML file the client fills in any browser",
        "  socialready form -o questionnaire.html\n"
        "  socialready form my-questionnaire.yaml --lang en -o questionnaire.html",
    )
    _completes(
        form.add_argument(
            "questionnaire",
            nargs="?",
            metavar="NAME|PATH",
            help="a built-in name or a file (default: the built-in one)",
        )
    )
    form.add_argument(
        "--lang", help="the language it opens in (default: the questionnaire's first one)"
    )
    _output_option(form, "FORM.html", "ending in .html")
    form.set_defaults(run=_form)


def _answer_commands(commands: Any) -> None:
    validate = _command(
        commands,
        "validate",
        "check responses files against their questionnaire",
        "  socialready validate examples/*.yaml\n"
        "  socialready validate garance.yaml --final\n"
        "  socialready validate export.csv --mapping export.mapping.yaml",
    )
    _completes(
        validate.add_argument(
            "paths",
            nargs="+",
            metavar="FILE",
            help="responses files, or a survey export (.csv, .xlsx, .zip) with --from or --mapping",
        )
    )
    validate.add_argument(
        "--final",
        action="store_true",
        help="refuse responses with questions left to ask (errors rather than warnings)",
    )
    validate.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of the questions left to ask (default: the questionnaire's first one)",
    )
    _questionnaire_option(validate)
    _survey_options(validate, one=True)
    validate.set_defaults(run=_validate)

    migrate = _command(
        commands,
        "migrate",
        "carry a responses file to another version of its built-in questionnaire",
        "  socialready migrate old-answers.yaml --to 2.0.0 -o new-answers.yaml",
    )
    _completes(migrate.add_argument("path", metavar="FILE", help="a responses file"))
    migrate.add_argument(
        "--to", metavar="VERSION", help="the version to carry the answers to (default: the newest)"
    )
    migrate.add_argument(
        "-o", "--output", metavar="OUT", help="where to write the migrated file (default: stdout)"
    )
    migrate.set_defaults(run=_migrate)

    score = _command(
        commands,
        "score",
        "score a responses file",
        "  socialready score examples/retailer.yaml --lang en\n"
        "  socialready score examples/retailer.yaml --json > assessment.json\n"
        "  socialready score export.csv --mapping export.mapping.yaml --organisation 'Maison"
        " Garance'",
    )
    _completes(score.add_argument("path", metavar="FILE", help=_RESPONSES))
    score.add_argument("--json", action="store_true", help="print the whole assessment as JSON")
    score.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of the summary (default: the questionnaire's first one)",
    )
    _questionnaire_option(score)
    _survey_options(score, one=True)
    score.set_defaults(run=_score)


def _report_commands(commands: Any) -> None:
    report = _command(
        commands,
        "report",
        "write the readiness report of a responses file",
        "  socialready report examples/retailer.yaml -o retailer.pdf --lang en\n"
        "  socialready report examples/retailer.yaml -o retailer.html\n"
        "  socialready report answers.yaml --html -o - | less\n"
        "  socialready report export.csv --mapping export.mapping.yaml --organisation 'Maison"
        " Garance' -o garance.pdf",
    )
    _completes(report.add_argument("path", metavar="FILE", help=_RESPONSES))
    _output_option(report, "OUT.pdf|OUT.html", "whose extension says the format (.pdf or .html)")
    _language_option(report)
    _theme_option(report)
    report.add_argument(
        "--html", action="store_true", help="HTML (for -o -; a file's extension says it already)"
    )
    report.add_argument(
        "--variant",
        choices=list(VARIANTS),
        help="pdf/a-3b: archival PDF carrying the assessment as JSON; pdf/ua-1: accessible PDF"
        " (PDF/UA; every report is tagged)",
    )
    _questionnaire_option(report)
    _completes(
        report.add_argument(
            "--previous", metavar="OLD_FILE", help="an earlier assessment: adds a progress chapter"
        )
    )
    control = report.add_argument_group("document control (each printed when given)")
    control.add_argument("--document-version", metavar="TEXT", help="the document's version")
    control.add_argument("--contact", metavar="TEXT", help="whom the client asks about it")
    control.add_argument(
        "--next-assessment",
        metavar="YYYY-MM-DD",
        type=_iso_date,
        help="when the organisation should be assessed again",
    )
    _survey_options(report, one=True)
    report.set_defaults(run=_report)

    demo = _command(
        commands,
        "demo",
        "write the report of a bundled example organisation",
        "  socialready demo -o demo.pdf --lang en",
    )
    _output_option(demo, "OUT.pdf|OUT.html", "whose extension says the format (.pdf or .html)")
    demo.add_argument("--lang", choices=LANGUAGES, help="default: French")
    demo.set_defaults(run=_demo)


def _many_commands(commands: Any) -> None:
    batch = _command(
        commands,
        "batch",
        "write the reports of many responses files",
        "  socialready batch answers/*.yaml -o reports/ --lang fr\n"
        "  socialready batch export.csv --mapping export.mapping.yaml -o reports/ --jobs 4",
    )
    _completes(
        batch.add_argument(
            "inputs",
            nargs="+",
            metavar="INPUT",
            help="responses files, and survey exports (.csv, .xlsx, .zip) with --from or --mapping",
        )
    )
    _completes(
        batch.add_argument(
            "-o", "--output", required=True, metavar="OUT_DIR", help="the folder of the reports"
        ),
        FOLDERS,
    )
    batch.add_argument("--jobs", type=_positive, help="worker processes (default: one per CPU)")
    _language_option(batch)
    _theme_option(batch)
    batch.add_argument("--force", action="store_true", help="rewrite reports that exist")
    _questionnaire_option(batch, "each file names")
    _survey_options(batch)
    batch.set_defaults(run=_batch)

    cohort = _command(
        commands,
        "cohort",
        "write the overview of many assessments",
        "  socialready cohort answers/*.yaml -o cohort.pdf --lang en\n"
        "  socialready cohort export.csv --mapping export.mapping.yaml -o cohort.html",
    )
    _completes(
        cohort.add_argument(
            "inputs",
            nargs="+",
            metavar="INPUT",
            help="responses files, and survey exports (.csv, .xlsx, .zip) with --from or --mapping",
        )
    )
    _output_option(cohort, "OUT.pdf|OUT.html", "whose extension says the format (.pdf or .html)")
    _language_option(cohort)
    _theme_option(cohort)
    _questionnaire_option(cohort, "each file names")
    _survey_options(cohort)
    cohort.set_defaults(run=_cohort)

    schema = _command(
        commands,
        "schema",
        "print the JSON Schema of a file format",
        "  socialready schema questionnaire > questionnaire.schema.json\n"
        "  socialready schema responses --questionnaire my-questionnaire.yaml > r.schema.json",
    )
    schema.add_argument(
        "name",
        choices=sorted([*SCHEMAS, "responses"]),
        help="the file format (responses: to one questionnaire, see --questionnaire)",
    )
    _completes(
        schema.add_argument(
            "--questionnaire",
            metavar="NAME|PATH",
            help="responses only: the questionnaire answered (default: the built-in one)",
        )
    )
    schema.add_argument(
        "--lang",
        choices=TEMPLATE_LANGUAGES,
        help="responses only: language of the labels (default: the questionnaire's first one)",
    )
    schema.set_defaults(run=_schema)


def _responses_commands(commands: Any) -> None:
    responses = commands.add_parser("responses", help="write blank responses files")
    actions = responses.add_subparsers(dest="action", required=True, metavar="ACTION")
    template = _command(
        actions,
        "template",
        "write a blank responses file to fill in, every question in order",
        "  socialready responses template -o garance.yaml\n"
        "  socialready responses template my-questionnaire.yaml --lang en -o acme.yaml",
    )
    _completes(
        template.add_argument(
            "questionnaire",
            nargs="?",
            metavar="NAME|PATH",
            help="a built-in name or a file (default: the built-in one)",
        )
    )
    template.add_argument(
        "--lang",
        choices=TEMPLATE_LANGUAGES,
        help="language of the comments (default: the questionnaire's first one)",
    )
    _completes(
        template.add_argument(
            "-o",
            "--output",
            default=STDOUT,
            metavar="FILE.yaml",
            help="the file to write, with the responses schema its first line names beside it"
            " (default: - , standard output)",
        )
    )
    template.add_argument("--force", action="store_true", help="rewrite a file that exists")
    template.set_defaults(run=_template)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socialready",
        description="How ready is an organisation to use social networks, and what to do next.",
        epilog="examples:\n"
        "  socialready demo -o demo.pdf\n"
        "  socialready report answers.yaml -o report.pdf --lang en\n"
        "  socialready COMMAND --help\n"
        "shell completion (pip install 'socialready[completion]'):\n"
        '  eval "$(socialready --print-completion bash)"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--print-completion",
        action=_PrintCompletion,
        choices=SHELLS,
        metavar="SHELL",
        help=f"print the shell completion script ({', '.join(SHELLS)}) and exit",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _questionnaire_commands(commands)
    _answer_commands(commands)
    _responses_commands(commands)
    _form_command(commands)
    _report_commands(commands)
    _many_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args, sys.stdout)
        sys.stdout.flush()
    except SocialReadyError as exc:
        _error(exc)
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
