"""Many reports at once, on any `concurrent.futures.Executor`.

`render_batch` takes responses files, `Responses` or `Assessment` objects, writes one
PDF each into a folder — atomically, never over an existing report unless asked — and
returns a `BatchResult` that lists every input with its output or its error, also
written as `batch-summary.json` beside the reports. One bad input never stops the others;
a worker process that dies is replaced and the inputs it held are tried again on their own.
Re-running after a crash skips the reports that already exist.

A report's file name depends on its input alone, never on the other inputs or their order
(see `report_stem`): a responses file's report is named after the file, the report
of a `Responses` or an `Assessment` (a survey row) after the organisation and the date.
A report of another organisation is never overwritten, not even with `force`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ._files import replace_atomically
from .errors import Problem, SocialReadyError
from .questionnaire import Questionnaire
from .report import Theme, content_marker, read_content_marker, render_pdf
from .report.html import MARKER
from .responses import Responses, load_responses, questionnaire_for
from .scoring import Assessment, assess

__all__ = ["BatchItem", "BatchResult", "Refused", "RefusedProblem", "render_batch", "report_stem"]

SUMMARY = "batch-summary.json"

Status = Literal["written", "skipped", "failed"]


class BatchItem(BaseModel):
    """What became of one input."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    input: str
    """The file path, or the organisation name of an object given directly."""
    output: str | None
    status: Status
    error: str | None = None
    seconds: float = 0.0


class RefusedProblem(BaseModel):
    """One located problem of a refused input, as the summary writes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    message: str
    expected: str | None = None

    @classmethod
    def of(cls, problem: Problem) -> RefusedProblem:
        """The record of `problem`."""
        return cls(
            source=problem.source,
            line=problem.line,
            column=problem.column,
            field=problem.field or None,
            message=problem.message,
            expected=problem.expected,
        )


class Refused(BaseModel):
    """An input refused before any report could be made of it: a row of a survey export or
    of its roster export (`row`), or a whole file that could not be read (`row` is
    `None`), with every located problem."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    input: str
    """The file."""
    kind: Literal["row", "roster_row", "file"]
    row: int | None = None
    problems: list[RefusedProblem]


class BatchResult(BaseModel):
    """Every input of a batch, in the order given, with its report or its error; and the
    inputs refused before (rows of survey exports, files that could not be read), which
    have no report."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    out_dir: str
    lang: str
    items: list[BatchItem]
    refused: list[Refused] = []

    @property
    def ok(self) -> bool:
        """Whether no input failed and none was refused."""
        return not self.refused and all(item.status != "failed" for item in self.items)

    @property
    def failed(self) -> list[BatchItem]:
        """The inputs that failed."""
        return [item for item in self.items if item.status == "failed"]

    def count(self, status: Status) -> int:
        """How many inputs ended with `status`."""
        return sum(1 for item in self.items if item.status == status)


@dataclass(frozen=True)
class _Job:
    index: int
    label: str
    source: str | None
    """A responses file to read, or None when `assessment_json` is given."""
    assessment_json: str | None
    output: str
    lang: str
    theme: Theme | None
    variant: str | None
    force: bool
    questionnaire: Questionnaire | None


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    return slug[:60] or "report"


_WORDS = re.compile(r"[^\W_]+(?: [^\W_]+)*")
"""Words of letters and digits separated by single spaces."""


def _plain(name: str) -> bool:
    """Whether the slug of `name` says all of it but letter case and accents: at most 60
    characters, words of ASCII letters and digits or accented Latin letters (`é`, `ç`),
    separated by single spaces."""
    return len(name) <= 60 and _WORDS.fullmatch(name) is not None and all(map(_latin, name))


def _latin(character: str) -> bool:
    """An ASCII character, or a Latin letter with accents (`é`: `e` and a mark)."""
    if character.isascii():
        return True
    decomposed = unicodedata.normalize("NFD", character)
    base, marks = decomposed[0], decomposed[1:]
    return base.isascii() and base.isalpha() and all(map(unicodedata.combining, marks))


def report_stem(organisation: str, date: datetime.date) -> str:
    """The file name, without language and suffix, of the report of `organisation` at
    `date` in a batch: a function of these two alone, never of the other inputs.

    The slug of the name (lowercase ASCII words joined by hyphens, at most 60 characters)
    when it says all of the name but letter case and accents — a name of at most 60
    characters made of words of letters (accented Latin ones included) and digits, separated
    by single spaces: `studio-helice-2026-11-12` for "Studio Hélice". Any other name gets
    two hyphens and the first 8 hexadecimal digits of the SHA-256 of the name (in Unicode
    NFC) after its slug: "Alpha/Beta" is `alpha-beta--b959a138-2026-11-12` and "Alpha
    Beta" `alpha-beta-2026-11-12`, whatever else a run holds. Names that differ only in
    case or accents share a file name; the organisation recorded in each report keeps one
    from being written over by the other (see `content_marker`).
    """
    name = unicodedata.normalize("NFC", organisation)
    stem = _slug(name)
    if not _plain(name):
        stem += "--" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{stem}-{date.isoformat()}"


def _run(job: _Job) -> BatchItem:
    """Render one report (runs in a worker process)."""
    start = time.perf_counter()
    output = Path(job.output)
    try:
        if job.assessment_json is not None:
            assessment = Assessment.model_validate_json(job.assessment_json)
        else:
            assert job.source is not None
            responses = load_responses(job.source, job.questionnaire)
            assessment = assess(questionnaire_for(responses, job.questionnaire), responses)
        if output.exists():
            made = read_content_marker(output)
            wanted = content_marker(assessment, job.lang, job.theme, variant=job.variant)
            verdict = _verdict(made, wanted, job.force)
            if verdict == "":
                return BatchItem(input=job.label, output=str(output), status="skipped")
            if verdict is not None:
                return BatchItem(
                    input=job.label, output=None, status="failed", error=f"{output} {verdict}"
                )
        render_pdf(assessment, output, job.lang, job.theme, job.variant)
    except SocialReadyError as exc:
        return BatchItem(input=job.label, output=None, status="failed", error=str(exc))
    except OSError as exc:
        reason = f"{exc.strerror or exc}: {exc.filename or output}"
        return BatchItem(input=job.label, output=None, status="failed", error=reason)
    seconds = round(time.perf_counter() - start, 3)
    return BatchItem(input=job.label, output=str(output), status="written", seconds=seconds)


def _verdict(made: str | None, wanted: str, force: bool) -> str | None:
    """What becomes of an existing report whose marker is `made` (see
    `read_content_marker`), where the run would write a report
    marked `wanted`: `None` to write it (again), `""` to keep it as the very report
    the run would write, or why it is left alone.

    A report of another organisation is never written over, not even with `force`; a
    report of other answers, or a PDF that is not a socialready report, only with
    `force`. The report of the same answers in another look is made again, and so is a
    report whose marker has no look part (an earlier socialready's).
    """
    if made is None:  # not a whole PDF (cut short, unreadable): written again
        return None
    if made == "":
        return None if force else "exists and is not a socialready report" + _FORCE
    found = made.removeprefix(MARKER).split(".")
    ours = wanted.removeprefix(MARKER).split(".")
    if len(found) >= 3 and found[2] != ours[2]:
        return (
            "exists and reports on another organisation (choose another output folder,"
            " or move that report away)"
        )
    if force:
        return None
    if made == wanted:
        return ""
    if len(found) >= 2 and found[0] != ours[0]:
        return "exists and reports on other answers" + _FORCE
    return None


_FORCE = " (rewrite it with force, or choose another output folder)"


@dataclass(frozen=True)
class _Input:
    """One input, with the report it would write."""

    index: int
    label: str
    name: str
    """The report's file name."""
    source: str | None
    assessment: Assessment | None


def _jobs(
    items: Iterable[str | Path | Responses | Assessment],
    out_dir: Path,
    lang: str,
    options: tuple[Theme | None, str | None, bool, Questionnaire | None],
    failures: dict[int, BatchItem],
) -> tuple[list[_Job], dict[int, tuple[int, str]]]:
    """One job per report to write, and the inputs that need none: those that cannot even
    be prepared go to `failures`, and an input that would write the very report of
    another (the same file twice, a `Responses` and its `Assessment`) is returned as
    `{its index: (the other's index, its label)}`. Inputs that would write different
    reports under one name all fail, whatever their order."""
    theme, variant, force, questionnaire = options
    by_name: dict[str, list[_Input]] = {}
    for index, item in enumerate(items):
        prepared = _prepare(index, item, lang, questionnaire, failures)
        if prepared is not None:
            by_name.setdefault(prepared.name, []).append(prepared)
    jobs: list[_Job] = []
    same: dict[int, tuple[int, str]] = {}
    for name, group in by_name.items():
        error = _clash(name, group, lang, theme, variant)
        if error is not None:
            for one in group:
                failures[one.index] = BatchItem(
                    input=one.label, output=None, status="failed", error=error
                )
            continue
        first, *others = group
        same.update({other.index: (first.index, other.label) for other in others})
        assessment_json = first.assessment.model_dump_json() if first.assessment else None
        output = str(out_dir / name)
        jobs.append(
            _Job(
                first.index,
                first.label,
                first.source,
                assessment_json,
                output,
                lang,
                theme,
                variant,
                force,
                questionnaire,
            )
        )
    return sorted(jobs, key=lambda job: job.index), same


def _prepare(
    index: int,
    item: str | Path | Responses | Assessment,
    lang: str,
    questionnaire: Questionnaire | None,
    failures: dict[int, BatchItem],
) -> _Input | None:
    """`item` with the name of its report: a responses file's is named after the file
    (it is read by a worker), an object's after its organisation and date."""
    if isinstance(item, Assessment):
        label = item.responses.organisation.name
        stem = report_stem(label, item.responses.date)
        return _Input(index, label, f"{stem}.{lang}.pdf", None, item)
    if isinstance(item, Responses):
        label = item.organisation.name
        try:
            assessment = assess(questionnaire_for(item, questionnaire), item)
        except SocialReadyError as exc:
            failures[index] = BatchItem(input=label, output=None, status="failed", error=str(exc))
            return None
        stem = report_stem(label, item.date)
        return _Input(index, label, f"{stem}.{lang}.pdf", None, assessment)
    source = str(item)
    return _Input(index, source, f"{_slug(Path(source).stem)}.{lang}.pdf", source, None)


def _clash(
    name: str, group: list[_Input], lang: str, theme: Theme | None, variant: str | None
) -> str | None:
    """Why the inputs of `group`, which would all be written as `name`, cannot be: None
    when there is one, or when all would write the very same report (the same file, or the
    same answers in the same look)."""
    if len(group) == 1:
        return None
    try:
        reports = {
            content_marker(one.assessment, lang, theme, variant=variant)
            if one.assessment is not None
            else f"file:{Path(one.source or '').resolve()}"
            for one in group
        }
    except SocialReadyError as exc:
        return str(exc)
    if len(reports) == 1:
        return None
    labels = ", ".join(_excerpt(one.label) for one in group)
    return (
        f"{len(group)} inputs of this run would be written as {name} ({labels}), and their"
        " reports differ: none is written (give the files other names, or write the reports"
        " into separate folders)"
    )


def _excerpt(text: str) -> str:
    return repr(text) if len(text) <= 60 else repr(text[:60]) + "…"


def _default_executor(workers: int | None = None) -> Executor:
    """A process pool of `workers`, or as wide as the CPUs this process may use."""
    if workers is None and hasattr(os, "sched_getaffinity"):
        workers = len(os.sched_getaffinity(0))
    return ProcessPoolExecutor(max_workers=workers or os.cpu_count())


def render_batch(
    items: Sequence[str | Path | Responses | Assessment],
    out_dir: str | Path,
    lang: str = "fr",
    theme: Theme | None = None,
    executor: Executor | None = None,
    on_progress: Callable[[int, int, BatchItem], None] | None = None,
    *,
    force: bool = False,
    variant: str | None = None,
    questionnaire: Questionnaire | None = None,
    workers: int | None = None,
    refused: Sequence[Refused] = (),
) -> BatchResult:
    """Write one report per input into `out_dir` and say what became of each.

    `executor` may be any `concurrent.futures.Executor` (a Dask client's
    `get_executor()` included); by default a process pool of `workers` processes (as
    many as CPUs when not given), which is replaced if a worker dies.
    `on_progress(done, total, item)` is called as each input finishes. `questionnaire`
    is the one the inputs answer (default: the built-in one each names). `refused` are
    the inputs refused before the batch (the bad rows of survey exports, see
    `refusals`): the summary lists them with the rest.

    Rendering in threads is safe but serialised (WeasyPrint's native libraries share
    state); use processes — the default — for speed.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".socialready-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise SocialReadyError(
            f"{out}: cannot write reports there ({exc.strerror or exc})"
        ) from exc
    total = len(items)
    early: dict[int, BatchItem] = {}
    jobs, same = _jobs(items, out, lang, (theme, variant, force, questionnaire), early)
    results: dict[int, BatchItem] = {}
    for index, item in sorted(early.items()):  # inputs that failed before any work
        results[index] = item
        _report(on_progress, results, total, item)
    own = executor is None
    pool = executor or _default_executor(workers)
    try:
        broken = _submit_all(pool, jobs, results, on_progress, total)
        # A worker died, and every input it had not finished was lost with the pool. When the
        # pool is ours, run them again in a fresh one while that makes progress; then alone,
        # so that only the input that kills workers is reported as failed.
        while broken and own:
            pool.shutdown(wait=False, cancel_futures=True)
            pool = _default_executor(workers)
            again = _submit_all(pool, broken, results, on_progress, total)
            if len(again) < len(broken):
                broken = again
                continue
            for job in again:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _default_executor(workers)
                if _submit_all(pool, [job], results, on_progress, total):
                    results[job.index] = _died(job)
                    _report(on_progress, results, total, results[job.index])
            broken = []
        for job in broken:  # an executor we were given: we cannot replace it
            results[job.index] = _died(job)
            _report(on_progress, results, total, results[job.index])
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    for index, (first, label) in sorted(same.items()):  # the very report of another input
        done = results[first]
        status: Status = "failed" if done.status == "failed" else "skipped"
        results[index] = BatchItem(input=label, output=done.output, status=status, error=done.error)
        _report(on_progress, results, total, results[index])
    result = BatchResult(
        out_dir=str(out),
        lang=lang,
        items=[results[i] for i in sorted(results)],
        refused=list(refused),
    )
    _write_summary(out / SUMMARY, result)
    return result


def _died(job: _Job) -> BatchItem:
    return BatchItem(
        input=job.label,
        output=None,
        status="failed",
        error="the worker process rendering it died (out of memory, or killed)",
    )


def _report(
    on_progress: Callable[[int, int, BatchItem], None] | None,
    results: dict[int, BatchItem],
    total: int,
    item: BatchItem,
) -> None:
    if on_progress is not None:
        on_progress(len(results), total, item)


def _submit_all(
    pool: Executor,
    jobs: list[_Job],
    results: dict[int, BatchItem],
    on_progress: Callable[[int, int, BatchItem], None] | None,
    total: int,
) -> list[_Job]:
    """Run `jobs`; return those lost to a broken process pool."""
    from concurrent.futures import as_completed

    futures: dict[Future[BatchItem], _Job] = {}
    broken: list[_Job] = []
    for job in jobs:
        try:
            futures[pool.submit(_run, job)] = job
        except BrokenProcessPool:
            broken.append(job)
    for future in as_completed(futures):
        job = futures[future]
        try:
            item = future.result()
        except BrokenProcessPool:
            broken.append(job)
            continue
        except Exception as exc:  # a bug or an executor's own failure: reported, not raised
            item = BatchItem(input=job.label, output=None, status="failed", error=repr(exc))
        results[job.index] = item
        _report(on_progress, results, total, item)
    return broken


def _write_summary(path: Path, result: BatchResult) -> None:
    text = json.dumps(result.model_dump(), indent=2, ensure_ascii=False) + "\n"
    try:
        replace_atomically(path, text)
    except OSError as exc:
        failed = sum(1 for item in result.items if item.status == "failed")
        raise SocialReadyError(
            f"{path}: cannot write the batch summary ({exc.strerror or exc});"
            f" {len(result.items) - failed} of {len(result.items)} inputs succeeded"
        ) from exc
