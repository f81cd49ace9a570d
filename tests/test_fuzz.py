"""The fuzz suite (issue 10): mutants of the repository's own files, through every public
loader and through ``render_html``, either load or are refused with a ``SocialReadyError``
whose problems are located (a file and a line, or a field path) and short — never another
exception, a hang or a memory blow-up. ``docs/security.md`` ("The fuzz suite") says what
it does and how to run it; the mutations are in ``strategies.py``.

The mutants of one loader run in **one** child process (``python tests/test_fuzz.py child
…``: Python starts once, not once a mutant) under a 500 MB address-space limit, with
10 seconds of CPU time a mutant, 15 for ``render_html`` (a CPU timer, a wall-clock alarm at
three times that for a mutant that waits, a watchdog that kills the child 10 seconds later
if neither can interrupt it) and a total time the parent waits. The
child keeps each mutant that fails, with its traceback, and the parent fails naming them.

In CI each loader gets a few hundred mutants; the long run, 1,250 a loader and 10,000 in
all, is ``pytest -m fuzz --hypothesis-profile=long``. ``SOCIALREADY_FUZZ_EXAMPLES`` and
``SOCIALREADY_FUZZ_SEED`` set the number of mutants a loader and the seed; a kept mutant is
loaded again by ``PYTHONPATH=src python tests/test_fuzz.py replay <loader> <folder>``.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import faulthandler
import io
import json
import os
import pickle
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from socialready import (
    LocatedError,
    Problem,
    SocialReadyError,
    _yaml,
    assess,
    load_questionnaire,
    load_responses,
    questionnaire_for,
    read_responses_csv,
)
from socialready.errors import MAX_MESSAGE, excerpt
from socialready.report import load_theme, render_html
from socialready.report._sandbox import MAX_SECONDS
from socialready.survey import load_mapping
from strategies import byte_mutations, data_mutations, mutant

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "tests" / "data" / "v1"
DATA = Path(__file__).parent / "data"
EXPORT = EXAMPLES / "survey-export.csv"
MAPPING = EXAMPLES / "survey-export.mapping.yaml"
ROSTER = EXAMPLES / "survey-export-roster.csv"

MEMORY_MB = 500
"""The address space of a child process."""
SECONDS = 10
"""How long one mutant may take to load (``render_html`` has the sandbox's time to render
besides, :data:`~socialready.report._sandbox.MAX_SECONDS`)."""
WAITING = 3
"""A mutant's time is CPU time; one that waits (on a file, a lock) is stopped at this many
times its time by the wall clock."""
WATCHDOG = SECONDS
"""How long after its wall-clock time a mutant the alarms could not stop (a loop in C) has
the child killed."""
SEED = 20261205
"""The seed of a plain run: CI tries the same mutants each time, and a failure there is a
finding, not a roll of the dice. ``SOCIALREADY_FUZZ_SEED=random`` and the long run draw a
new seed each time."""
KEPT = 20
"""Most failing mutants a child keeps."""
SLOW = 5
"""Most slow mutants (above half their time) a child keeps, that a run may say what they
were."""


# --- the loaders and their mutants --------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A loader under the fuzz suite: how one mutant is made (its files written into a
    folder; what else it needs returned) and how it is loaded (the problems a successful
    load returns, which are held to the same rules)."""

    name: str
    examples: int
    """Mutants in CI."""
    make: Callable[[st.DataObject, Path], Any]
    run: Callable[[Path, Any], Iterable[Any]]
    seconds: float = SECONDS
    """How long one mutant may take."""


@dataclass(frozen=True)
class Source:
    """A file of the repository that mutants start from."""

    name: str
    raw: bytes
    syntax: str
    data: Any = None
    """The plain data a YAML or JSON file holds, for mutations of data."""


def _source(name: str, raw: bytes, syntax: str) -> Source:
    data = None
    if syntax in ("yaml", "json"):
        data = _yaml.parse(raw.decode("utf-8"), name, json_syntax=syntax == "json").data
    return Source(name, raw, syntax, data)


def _as_json(path: Path) -> Source:
    data = _yaml.parse(path.read_text("utf-8"), str(path)).data
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return _source(path.with_suffix(".json").name, text.encode(), "json")


@cache
def _file(path: Path, syntax: str = "yaml") -> Source:
    return _source(path.name, path.read_bytes(), syntax)


def _mutant(data: st.DataObject, source: Source) -> bytes:
    return mutant(data.draw, source.raw, source.syntax, source.data)


@cache
def _questionnaires() -> list[Source]:
    builtin = ROOT / "questionnaires" / "social-readiness@1.0.0.yaml"
    minimal = DATA / "minimal.yaml"
    return [_file(builtin), _file(minimal), _file(DATA / "scoring.yaml"), _as_json(minimal)]


def _make_questionnaire(data: st.DataObject, folder: Path) -> None:
    source = data.draw(st.sampled_from(_questionnaires()))
    (folder / f"questionnaire{Path(source.name).suffix}").write_bytes(_mutant(data, source))


def _run_questionnaire(folder: Path, case: None) -> list[Any]:
    load_questionnaire(next(folder.glob("questionnaire.*")))
    return []


@cache
def _responses() -> list[Source]:
    files = [EXAMPLES / f"{name}.yaml" for name in ("retailer", "agence-12", "manufacturer-400")]
    return [*(_file(f) for f in files), _as_json(files[0])]


def _make_responses(data: st.DataObject, folder: Path) -> None:
    source = data.draw(st.sampled_from(_responses()))
    (folder / f"answers{Path(source.name).suffix}").write_bytes(_mutant(data, source))


def _run_responses(folder: Path, case: None) -> list[Any]:
    return list(load_responses(next(folder.glob("answers.*"))).warnings)


def _make_responses_dict(data: st.DataObject, folder: Path) -> dict[str, Any]:
    source = data.draw(st.sampled_from(_responses()[:3]))
    answers = copy.deepcopy(source.data)
    for _ in range(data.draw(st.integers(1, 4))):
        answers = data_mutations(data.draw, answers, deepest=5_000, keep_root=True)
    _keep_dict(answers, folder)
    return answers


def _keep_dict(answers: dict[str, Any], folder: Path) -> None:
    """The mutant written down, for a failure to show: its start as text, and whole as a
    pickle when it can be (a structure nested thousands deep cannot)."""
    (folder / "answers.txt").write_text(excerpt(answers), encoding="utf-8")
    with contextlib.suppress(RecursionError, pickle.PicklingError):
        (folder / "answers.pickle").write_bytes(pickle.dumps(answers))


def _run_responses_dict(folder: Path, answers: dict[str, Any]) -> list[Any]:
    return list(load_responses(answers).warnings)


def _docs_theme() -> tuple[str, str]:
    """The theme file and the template of ``docs/report.md``."""
    text = (ROOT / "docs" / "report.md").read_text("utf-8")
    theme = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "primary:" in b)
    template = re.findall(r"```jinja\n(.*?)```", text, re.S)[0]
    return theme, template


@cache
def _theme() -> Source:
    return _source("theme.yaml", _docs_theme()[0].encode(), "yaml")


@cache
def _template() -> Source:
    return Source("theme.html.j2", _docs_theme()[1].encode(), "jinja")


def _theme_folder(folder: Path, theme: bytes, template: bytes) -> Path:
    (folder / "lumen-logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', encoding="utf-8"
    )
    (folder / "templates").mkdir()
    (folder / "templates" / "theme.html.j2").write_bytes(template)
    path = folder / "theme.yaml"
    path.write_bytes(theme)
    return path


def _make_theme(data: st.DataObject, folder: Path) -> None:
    _theme_folder(folder, _mutant(data, _theme()), _template().raw)


def _run_theme(folder: Path, case: None) -> list[Any]:
    load_theme(folder / "theme.yaml")
    return []


def _make_mapping(data: st.DataObject, folder: Path) -> None:
    (folder / "mapping.yaml").write_bytes(_mutant(data, _file(MAPPING)))


def _run_mapping(folder: Path, case: None) -> list[Any]:
    mapping = load_mapping(folder / "mapping.yaml")
    imported = read_responses_csv(EXPORT, mapping, roster=ROSTER)
    return [*imported.problems, *imported.warnings]


def _make_export(data: st.DataObject, folder: Path) -> None:
    (folder / "export.csv").write_bytes(_mutant(data, _file(EXPORT, "csv")))


def _run_export(folder: Path, case: None) -> list[Any]:
    imported = read_responses_csv(folder / "export.csv", MAPPING)
    return [*imported.problems, *imported.warnings]


def _make_roster(data: st.DataObject, folder: Path) -> None:
    (folder / "roster.csv").write_bytes(_mutant(data, _file(ROSTER, "csv")))
    export = folder / "export.csv"
    if data.draw(st.integers(0, 3)) == 0:  # a quarter of the mutants: the main export too
        export.write_bytes(_mutant(data, _file(EXPORT, "csv")))
    else:
        shutil.copyfile(EXPORT, export)


def _run_roster(folder: Path, case: None) -> list[Any]:
    imported = read_responses_csv(folder / "export.csv", MAPPING, roster=folder / "roster.csv")
    return [*imported.problems, *imported.warnings]


@cache
def _tool_exports() -> dict[str, bytes]:
    """The three example organisations as survey tools export them (the writers of
    ``test_survey_presets.py``): a KoboToolbox workbook with its roster sheet, an ODK
    Central zip with its repeat CSV, a LimeSurvey CSV by question and answer codes."""
    import tempfile

    from openpyxl import load_workbook

    import test_survey_presets as shapes
    from socialready.xlsform import write_xlsform

    # the exports of the 1.0.0 examples, as the preset tests write them
    originals = [load_responses(EXAMPLES / f"{name}.yaml") for name in shapes.EXAMPLES]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_xlsform(_v1(), folder / "form.xlsx")
        rows = list(load_workbook(folder / "form.xlsx")["survey"].iter_rows(values_only=True))
        form = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
        made = {
            "kobo.xlsx": shapes.kobo_xlsx(form, originals, folder)[0],
            "odk.zip": shapes.odk_zip(form, originals, folder)[0],
            "limesurvey.csv": shapes.limesurvey_csv(form, originals, folder)[0],
        }
        return {key: path.read_bytes() for key, path in made.items()}


def _as_csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(
        [["" if cell is None else str(cell) for cell in row] for row in rows]
    )
    return out.getvalue().encode("utf-8")


def _from_csv(raw: bytes) -> list[list[str]]:
    text = raw.decode("utf-8", "replace")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:  # a mutant the csv module cannot split: one cell a line
        return [[line] for line in text.splitlines()]


def _mutated_archive(
    data: st.DataObject, members: dict[str, bytes], most: int = 3_000
) -> dict[str, bytes]:
    """The members of a workbook's sheets or a zip's files (as CSV), one or two of them
    mutated as CSV files, and sometimes the members themselves changed: one dropped,
    renamed (a path out of the archive, a folder, another's name), repeated, or many more
    added (up to ``most``)."""
    members = dict(members)
    names = list(members)
    for _ in range(data.draw(st.integers(1, 2))):
        name = data.draw(st.sampled_from(names))
        members[name] = mutant(data.draw, members[name], "csv")
    op = data.draw(st.sampled_from(["none", "none", "none", "drop", "rename", "copy", "many"]))
    name = data.draw(st.sampled_from(names))
    if op == "drop":
        del members[name]
    elif op == "rename":
        other = data.draw(
            st.sampled_from(["../up.csv", "/abs.csv", "sub/in.csv", "x:y.csv", *names])
        )
        members[other] = members.pop(name)
    elif op == "copy":
        members[f"{name}-copy"] = members[name]
    elif op == "many":
        members |= {f"extra-{i}.csv": b"a,b\n1,2\n" for i in range(data.draw(st.integers(2, most)))}
    return members


def _zip(members: dict[str, bytes]) -> bytes:
    """A zip of ``members`` that is the same bytes each time (its dates fixed, a workbook's
    creation and modification times too): a mutation of its bytes is drawn by its length."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in members.items():
            if name == "docProps/core.xml":
                raw = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-11-20T10:00:00Z", raw)
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 10, 0, 0))
            archive.writestr(info, raw, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@cache
def _kobo_sheets() -> dict[str, bytes]:
    """The sheets of the KoboToolbox workbook, each as a CSV file."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(_tool_exports()["kobo.xlsx"]), read_only=True)
    return {s.title: _as_csv([list(r) for r in s.iter_rows(values_only=True)]) for s in book}


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What a workbook cannot hold (its cells are XML text): control characters, lone
surrogates, U+FFFE and U+FFFF; the mutant workbook is written without them."""


def _make_xlsx(data: st.DataObject, folder: Path) -> None:
    from openpyxl import Workbook

    out = Workbook()
    out.remove(out.active)  # type: ignore[arg-type]
    for title, raw in _mutated_archive(data, _kobo_sheets(), most=30).items():
        sheet = out.create_sheet((re.sub(r"[\\/*?:\[\]]", "_", title) or "Sheet")[:31])
        for row in _from_csv(raw)[:500]:  # a workbook far larger is written too slowly here
            sheet.append([_NOT_XML.sub("", cell)[:32_000] for cell in row[:300]])
    buffer = io.BytesIO()
    out.save(buffer)
    with zipfile.ZipFile(buffer) as saved:
        raw = _zip({name: saved.read(name) for name in saved.namelist()})
    if data.draw(st.integers(0, 4)) == 0:  # the workbook's own bytes
        raw = byte_mutations(data.draw, raw)
    (folder / "export.xlsx").write_bytes(raw)


def _run_xlsx(folder: Path, case: None) -> list[Any]:
    imported = read_responses_csv(folder / "export.xlsx", None, _v1(), preset="kobo")
    return [*imported.problems, *imported.warnings]


def _make_zip(data: st.DataObject, folder: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(_tool_exports()["odk.zip"])) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    raw = _zip(_mutated_archive(data, members))
    if data.draw(st.integers(0, 4)) == 0:  # the archive's own bytes
        raw = byte_mutations(data.draw, raw)
    (folder / "export.zip").write_bytes(raw)


def _run_zip(folder: Path, case: None) -> list[Any]:
    imported = read_responses_csv(folder / "export.zip", None, _v1(), preset="odk-central")
    return [*imported.problems, *imported.warnings]


@cache
def _v1() -> Any:
    return load_questionnaire("social-readiness@1.0.0")


def _make_preset_csv(data: st.DataObject, folder: Path) -> None:
    raw = _tool_exports()["limesurvey.csv"]
    (folder / "export.csv").write_bytes(mutant(data.draw, raw, "csv"))


def _run_preset_csv(folder: Path, case: None) -> list[Any]:
    imported = read_responses_csv(folder / "export.csv", None, _v1(), preset="limesurvey")
    return [*imported.problems, *imported.warnings]


@cache
def _assessment() -> Any:
    responses = load_responses(EXAMPLES / "retailer.yaml")
    return assess(questionnaire_for(responses), responses)


def _make_render(data: st.DataObject, folder: Path) -> None:
    template = mutant(data.draw, _template().raw, "jinja")
    theme = _theme().raw if data.draw(st.integers(0, 3)) else _mutant(data, _theme())
    _theme_folder(folder, theme, template)
    (folder / "lang.txt").write_text(data.draw(st.sampled_from(["fr", "en"])), "utf-8")


def _run_render(folder: Path, case: None) -> list[Any]:
    lang = (folder / "lang.txt").read_text("utf-8")
    render_html(_assessment(), lang, load_theme(folder / "theme.yaml"))
    return []


TARGETS = {
    target.name: target
    for target in [
        Target("questionnaire", 300, _make_questionnaire, _run_questionnaire),
        Target("responses", 300, _make_responses, _run_responses),
        Target("responses-dict", 300, _make_responses_dict, _run_responses_dict),
        Target("theme", 300, _make_theme, _run_theme),
        Target("mapping", 300, _make_mapping, _run_mapping),
        Target("survey-export", 300, _make_export, _run_export),
        Target("roster", 300, _make_roster, _run_roster),
        Target("survey-preset-csv", 300, _make_preset_csv, _run_preset_csv),
        Target("survey-xlsx", 300, _make_xlsx, _run_xlsx),
        Target("survey-zip", 300, _make_zip, _run_zip),
        Target("render-html", 150, _make_render, _run_render, SECONDS + MAX_SECONDS),
    ]
}
"""The loaders under the fuzz suite, by name: load_questionnaire, load_responses of a file
and of a dict, load_theme, load_mapping (then read_responses_csv with it), read_responses_csv
of a survey export and with a roster export, and with a preset of a tool's CSV (LimeSurvey),
workbook (KoboToolbox) and zip (ODK Central), render_html with a theme."""


# --- the property -------------------------------------------------------------------------

_WHOLE_FILE = re.compile(
    r"^the file is empty$|^the [a-z ]+ is larger than [0-9,]+ bytes$|^nothing more came within"
    r"|^template error: the page would be larger than"
    r"|^not a zip archive \(|^not an \.xlsx workbook[ :]|^the workbook is empty$"
    r"|^the archive holds |^the archive's member .* (points outside it|holds [0-9,]+ bytes"
    r" uncompressed|cannot be read \()"
)
"""Problems about a file as a whole: they have a file and no line (a theme's page too
large is its whole template's doing; an archive that is none, or whose members cannot be
read, is refused before any table is)."""


def problem_fault(problem: Any) -> str | None:
    """What is wrong with a problem a loader gave, if anything: longer than
    :data:`~socialready.errors.MAX_MESSAGE` written out, or located by neither a file and
    a line nor a field path."""
    if not isinstance(problem, Problem):
        return f"a problem that is a {type(problem).__name__}, not a Problem"
    written = str(problem)
    if len(written) > MAX_MESSAGE:
        return f"a problem of {len(written):,} characters: {written[:300]}…"
    located = problem.line is not None or bool(problem.path)
    if problem.source is not None and _WHOLE_FILE.match(problem.message):
        located = True
    if not located:
        return f"a problem with neither a line nor a field: {written[:300]}"
    return None


def error_fault(error: BaseException) -> str | None:
    """What is wrong with an error a loader raised, if anything: it is no
    ``SocialReadyError`` with located problems, each short."""
    if isinstance(error, MemoryError):
        return f"ran out of memory ({MEMORY_MB} MB of address space)"
    if not isinstance(error, SocialReadyError):
        return f"raised {type(error).__name__}, not a SocialReadyError: {str(error)[:300]}"
    if not isinstance(error, LocatedError) or not error.problems:
        return f"refused without a located problem: {str(error)[:300]}"
    faults = [fault for p in error.problems if (fault := problem_fault(p))]
    return faults[0] if faults else None


# --- the child process ----------------------------------------------------------------------


class _Timeout(BaseException):
    """The alarm of a mutant that takes too long (a BaseException: no ``except Exception`` of
    the library may take it for its own)."""


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout(signum)


def _cpu() -> float:
    """The CPU time this process has used, user and system: what a mutant's time is counted
    in, so that a busy machine does not make a mutant slow."""
    return time.process_time()


def check(target: Target, folder: Path, case: Any) -> tuple[str | None, str, float]:
    """Load one mutant: what is wrong (``None`` when nothing is), what happened ("loaded", or
    the error and the gist of its first problem) and how long it took in CPU time. A CPU
    timer stops it at its time; a wall-clock alarm at :data:`WAITING` times that stops one
    that waits without working."""
    started = _cpu()
    signal.setitimer(signal.ITIMER_PROF, target.seconds)
    signal.setitimer(signal.ITIMER_REAL, target.seconds * WAITING)
    try:
        problems = list(target.run(folder, case))
    except _Timeout as stop:
        elapsed = _cpu() - started
        if stop.args and stop.args[0] == signal.SIGALRM:
            waited = target.seconds * WAITING
            return f"waited more than {waited:g} s", "timeout", elapsed
        return f"took more than {target.seconds:g} s", "timeout", elapsed
    except BaseException as error:  # every exception is a finding here
        _stop_timers()
        fault = error_fault(error)
        if fault is not None:
            fault += "\n" + "".join(traceback.format_exc().splitlines(True)[-40:])
        return fault, _gist(error), _cpu() - started
    finally:
        _stop_timers()
    elapsed = _cpu() - started
    faults = [fault for p in problems if (fault := problem_fault(p))]
    if faults:
        return f"loaded, with {faults[0]}", "loaded", elapsed
    if elapsed > target.seconds:
        return f"took {elapsed:.1f} s", "loaded", elapsed
    return None, "loaded", elapsed


def _stop_timers() -> None:
    signal.setitimer(signal.ITIMER_PROF, 0)
    signal.setitimer(signal.ITIMER_REAL, 0)


def _gist(error: BaseException) -> str:
    """An error and its first problem without the values it repeats: what kind of refusal
    it was, for the counts of a run."""
    problems = getattr(error, "problems", None)
    message = problems[0].message if problems else str(error)
    message = re.sub(r"'[^']*'|\"[^\"]*\"", "…", message[:200])
    return f"{type(error).__name__}: {re.sub(r'[0-9][0-9,.]*', 'N', message)[:80]}"


def child(name: str, examples: int, seed: int, out: Path) -> None:
    """Run ``examples`` mutants of loader ``name`` in this process and write what was found
    to ``out/result.json`` (failing mutants kept under ``out/failures``)."""
    limit = MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    target = {**TARGETS, CANARY.name: CANARY}[name]
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGPROF, _alarm)
    work, kept = out / "work", out / "failures"
    work.mkdir(parents=True, exist_ok=True)
    progress = (out / "progress.txt").open("a", encoding="utf-8", buffering=1)
    hang = (out / "hang.txt").open("w", encoding="utf-8")
    found: list[dict[str, Any]] = []
    outcomes: Counter[str] = Counter()
    slow: list[list[Any]] = []
    count, slowest = 0, (0.0, "")

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(seed)
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        nonlocal count, slowest
        folder = work / f"{count + 1:05d}"
        folder.mkdir()
        try:
            case = target.make(data, folder)
        except BaseException:  # Hypothesis stops drawing an example that would be too large
            shutil.rmtree(folder)
            raise
        count += 1
        progress.write(f"{count} {folder}\n")
        faulthandler.dump_traceback_later(target.seconds * WAITING + WATCHDOG, exit=True, file=hang)
        try:
            fault, what, elapsed = check(target, folder, case)
        finally:
            faulthandler.cancel_dump_traceback_later()
        slowest = max(slowest, (elapsed, str(folder)))
        outcomes[what] += 1
        if fault is None and elapsed > target.seconds / 2 and len(slow) < SLOW:
            (out / "slow").mkdir(exist_ok=True)
            slow.append([round(elapsed, 2), str(folder.rename(out / "slow" / folder.name)), what])
            return
        if fault is None:
            shutil.rmtree(folder)
            return
        kept_as = kept / f"{name}-{count:05d}"
        if len(found) < KEPT:
            kept.mkdir(exist_ok=True)
            folder.rename(kept_as)
            (kept_as / "fault.txt").write_text(fault, encoding="utf-8")
        found.append({"mutant": str(kept_as), "fault": fault})

    started = time.monotonic()
    fuzz()
    result = {
        "examples": count,
        "seconds": round(time.monotonic() - started, 1),
        "slowest": [round(slowest[0], 2), slowest[1]],
        "memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "failures": found,
        "outcomes": dict(outcomes.most_common()),
        "slow": slow,
    }
    (out / "result.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


def replay(name: str, folder: Path) -> None:
    """Load a kept mutant again, in this process, and say what happens."""
    pickled = folder / "answers.pickle"  # a file this suite wrote
    case = pickle.loads(pickled.read_bytes()) if pickled.exists() else None
    print(list(TARGETS[name].run(folder, case)))


# --- the tests ------------------------------------------------------------------------------


def budget(target: Target) -> int:
    """Mutants for ``target``: ``SOCIALREADY_FUZZ_EXAMPLES``, else the ``max_examples`` of the
    long profile when it is loaded, else the target's number for CI."""
    given_count = os.environ.get("SOCIALREADY_FUZZ_EXAMPLES")
    if given_count:
        return int(given_count)
    if settings.get_current_profile_name() == "long":
        return settings().max_examples
    return target.examples


def fuzz_seed() -> int:
    """``SOCIALREADY_FUZZ_SEED`` (a number, or ``random``), else a new seed for the long run,
    else :data:`SEED`."""
    given_seed = os.environ.get("SOCIALREADY_FUZZ_SEED", "")
    if given_seed == "random" or (not given_seed and settings.get_current_profile_name() == "long"):
        return random.randrange(2**32)
    return int(given_seed) if given_seed else SEED


def _read(path: Path, last: int = 3_000) -> str:
    return path.read_text("utf-8", "replace")[-last:] if path.exists() else ""


def fuzz(name: str, examples: int, seed: int, out: Path) -> dict[str, Any]:
    """Run the mutants of loader ``name`` in a child process; its report (``result.json``).
    A child that does not finish, or that was killed, fails the test naming the last mutant
    it started, with what the watchdog or Python wrote."""
    again = f"SOCIALREADY_FUZZ_SEED={seed} SOCIALREADY_FUZZ_EXAMPLES={examples}"
    out.mkdir(parents=True, exist_ok=True)
    timeout = 60 + examples  # a second a mutant on average, at most
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, __file__, "child", name, str(examples), str(seed), str(out)]
    try:
        run = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, env=env, cwd=out
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"{name}: the child did not finish within {timeout} s ({again}); the last mutant"
            f" it started: {_read(out / 'progress.txt', 200).splitlines()[-1:]}"
        )
    if run.returncode != 0 or not (out / "result.json").exists():
        pytest.fail(
            f"{name}: the child ended with code {run.returncode} ({again}); the last mutant"
            f" it started: {_read(out / 'progress.txt', 200).splitlines()[-1:]}\n"
            f"{_read(out / 'hang.txt')}\n{run.stderr[-3_000:]}"
        )
    report: dict[str, Any] = json.loads((out / "result.json").read_text("utf-8"))
    return report


def described(name: str, report: dict[str, Any], seed: int) -> str:
    """The failures of a run, as the test says them: how many, how to run them again, and the
    first five with the folder each mutant is kept in and its traceback."""
    failures = report["failures"]
    shown = "\n\n".join(f"{f['mutant']}: {f['fault']}" for f in failures[:5])
    return (
        f"{name}: {len(failures)} of {report['examples']} mutants failed"
        f" (SOCIALREADY_FUZZ_SEED={seed} SOCIALREADY_FUZZ_EXAMPLES={report['examples']});"
        f" load one again with: PYTHONPATH=src python tests/test_fuzz.py replay {name} <folder>"
        f"\n\n{shown}"
    )


@pytest.mark.fuzz
@pytest.mark.parametrize("name", list(TARGETS))
def test_mutants_load_or_are_refused_with_located_short_errors(name: str, tmp_path: Path) -> None:
    examples = budget(TARGETS[name])
    seed = fuzz_seed()
    report = fuzz(name, examples, seed, tmp_path / "fuzz")
    assert not report["failures"], described(name, report, seed)
    assert report["examples"] == examples


def test_security_md_says_how_the_suite_runs() -> None:
    text = " ".join((ROOT / "docs" / "security.md").read_text(encoding="utf-8").split())
    text = text.replace("**", "")
    long = settings.get_profile("long").max_examples
    assert f"{long:,} mutants a loader, {long * len(TARGETS):,} in all" in text
    others = {t.examples for name, t in TARGETS.items() if name != "render-html"}
    assert len(others) == 1
    assert f"{others.pop()} mutants a loader, {TARGETS['render-html'].examples} for" in text
    assert (
        f"more than {SECONDS} seconds of CPU time ({SECONDS + MAX_SECONDS:g} for `render_html`"
        in text
    )
    assert f"sandbox may render for {MAX_SECONDS:g} seconds" in text
    assert WAITING == 3
    assert "alarm at three times its time" in text
    assert f"{WATCHDOG} seconds later" in text
    assert f"beyond {MEMORY_MB} MB of address space" in text
    assert f"(the first {KEPT})" in text


def _run_canary(folder: Path, case: None) -> list[Any]:
    if folder.name == "00001":
        raise KeyError("a loader's bug")
    return [b"x" * 1_000_000_000]  # more than the child's address space


CANARY = Target("canary", 3, _make_theme, _run_canary)
"""A loader with bugs, for the suite's own test: a traceback, then a memory blow-up."""


@pytest.mark.fuzz
def test_a_failing_mutant_is_kept_and_named_with_its_traceback(tmp_path: Path) -> None:
    report = fuzz("canary", 3, 1, tmp_path)
    assert report["examples"] == 3
    assert len(report["failures"]) == 3
    first = report["failures"][0]
    kept = Path(first["mutant"])
    assert (kept / "theme.yaml").is_file()
    fault = (kept / "fault.txt").read_text("utf-8")
    assert fault == first["fault"]
    assert fault.startswith('raised KeyError, not a SocialReadyError: "a loader\'s bug"')
    assert "Traceback" in fault
    assert "in _run_canary" in fault
    assert report["failures"][1]["fault"].startswith("ran out of memory (500 MB of address space)")
    message = described("canary", report, 1)
    assert message.startswith("canary: 3 of 3 mutants failed (SOCIALREADY_FUZZ_SEED=1 ")
    assert f"{kept}: raised KeyError" in message


def _raising(error: BaseException) -> Target:
    def run(folder: Path, case: None) -> list[Any]:
        raise error

    return Target("t", 1, _make_theme, run)


def _returning(*problems: Any) -> Target:
    return Target("t", 1, _make_theme, lambda folder, case: problems)


def _located(message: str = "bad", line: int | None = None, path: tuple[Any, ...] = ()) -> Any:
    return LocatedError([Problem(message, source="f.yaml", line=line, path=path)])


def _sleeping(folder: Path, case: None) -> list[Any]:
    time.sleep(5)
    return []


@pytest.mark.parametrize(
    ("target", "fault"),
    [
        (_returning(), None),
        (_raising(_located(line=3)), None),
        (_raising(_located(path=("answers", "q1"))), None),
        (_raising(_located(message="the file is empty")), None),
        (_raising(ValueError("x")), "raised ValueError, not a SocialReadyError: x\n"),
        (_raising(MemoryError()), "ran out of memory (500 MB of address space)\n"),
        (_raising(_located()), "a problem with neither a line nor a field: f.yaml: bad\n"),
        (_raising(SocialReadyError("bad")), "refused without a located problem: bad\n"),
        (_returning(Problem("bad", source="f.yaml")), "loaded, with a problem with neither"),
        (_returning("bad"), "loaded, with a problem that is a str, not a Problem"),
    ],
    ids=[
        "loaded",
        "line",
        "field",
        "whole-file",
        "traceback",
        "memory",
        "unlocated",
        "no-problems",
        "unlocated-returned",
        "not-a-problem",
    ],
)
def test_check_tells_a_finding_from_a_refusal(
    target: Target, fault: str | None, tmp_path: Path
) -> None:
    found, _, _ = check(target, tmp_path, None)
    if fault is None:
        assert found is None
    else:
        assert found is not None
        assert found.startswith(fault)


def _spinning(folder: Path, case: None) -> list[Any]:
    while True:
        pass


@pytest.mark.parametrize(
    ("run", "waiting", "fault"),
    [(_spinning, 100, "took more than 0.2 s"), (_sleeping, 3, "waited more than 0.6 s")],
)
def test_check_stops_a_mutant_at_its_time(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run: Callable[[Path, None], list[Any]],
    waiting: int,
    fault: str,
) -> None:
    # CPU time stops one that works (the wall clock far off: on a busy machine 0.2 s of CPU
    # may take seconds); the wall clock, at three times its time, one that waits
    monkeypatch.setattr(sys.modules[__name__], "WAITING", waiting)
    before = signal.signal(signal.SIGALRM, _alarm), signal.signal(signal.SIGPROF, _alarm)
    try:
        found, what, _ = check(Target("t", 1, _make_theme, run, 0.2), tmp_path, None)
    finally:
        signal.signal(signal.SIGALRM, before[0])
        signal.signal(signal.SIGPROF, before[1])
    assert (found, what) == (fault, "timeout")


if __name__ == "__main__":
    if sys.argv[1] == "child":
        child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5]))
    else:
        replay(sys.argv[2], Path(sys.argv[3]))
