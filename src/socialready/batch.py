"""Many reports at once, on any ``concurrent.futures.Executor``.

``render_batch`` takes responses files, ``Responses`` or ``Assessment`` objects, writes one
PDF each into a folder — atomically, never over an existing report unless asked — and
returns a :class:`BatchResult` that lists every input with its output or its error, also
written as ``batch-summary.json`` beside the reports. One bad input never stops the others;
a worker process that dies is replaced and the inputs it held are tried again on their own.
Re-running after a crash skips the reports that already exist.
"""

from __future__ import annotations

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
from .errors import SocialReadyError
from .questionnaire import Questionnaire
from .report import Theme, content_marker, read_content_marker, render_pdf
from .responses import Responses, load_responses, questionnaire_for
from .scoring import Assessment, assess

__all__ = ["BatchItem", "BatchResult", "render_batch"]

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


class BatchResult(BaseModel):
    """Every input of a batch, in the order given, with its report or its error."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    out_dir: str
    lang: str
    items: list[BatchItem]

    @property
    def ok(self) -> bool:
        """Whether no input failed."""
        return all(item.status != "failed" for item in self.items)

    @property
    def failed(self) -> list[BatchItem]:
        """The inputs that failed."""
        return [item for item in self.items if item.status == "failed"]

    def count(self, status: Status) -> int:
        """How many inputs ended with ``status``."""
        return sum(1 for item in self.items if item.status == status)


@dataclass(frozen=True)
class _Job:
    index: int
    label: str
    source: str | None
    """A responses file to read, or None when ``assessment_json`` is given."""
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
        if output.exists() and not job.force:
            made = read_content_marker(output)
            wanted = content_marker(assessment, job.lang, job.theme, variant=job.variant)
            if made == wanted:
                return BatchItem(input=job.label, output=str(output), status="skipped")
            # another document, or the report of other answers, is never overwritten; the
            # report of the same answers in another look is made again, and so is a report
            # whose marker has no look part (an earlier socialready's)
            other_answers = (
                made is not None and "." in made and made.split(".")[0] != wanted.split(".")[0]
            )
            if made == "" or other_answers:
                what = "reports on other answers" if made else "is not a socialready report"
                return BatchItem(
                    input=job.label,
                    output=None,
                    status="failed",
                    error=f"{output} exists and {what}"
                    " (rewrite it with force, or choose another output folder)",
                )
        render_pdf(assessment, output, job.lang, job.theme, job.variant)
    except SocialReadyError as exc:
        return BatchItem(input=job.label, output=None, status="failed", error=str(exc))
    except OSError as exc:
        reason = f"{exc.strerror or exc}: {exc.filename or output}"
        return BatchItem(input=job.label, output=None, status="failed", error=reason)
    seconds = round(time.perf_counter() - start, 3)
    return BatchItem(input=job.label, output=str(output), status="written", seconds=seconds)


def _jobs(
    items: Iterable[str | Path | Responses | Assessment],
    out_dir: Path,
    lang: str,
    theme: Theme | None,
    variant: str | None,
    force: bool,
    questionnaire: Questionnaire | None,
    failures: dict[int, BatchItem],
) -> list[_Job]:
    """One job per input; an input that cannot even be prepared goes to ``failures``."""
    jobs: list[_Job] = []
    taken: set[str] = set()
    for index, item in enumerate(items):
        assessment_json = None
        source = None
        if isinstance(item, Assessment):
            label = item.responses.organisation.name
            stem = f"{_slug(label)}-{item.responses.date.isoformat()}"
            assessment_json = item.model_dump_json()
        elif isinstance(item, Responses):
            label = item.organisation.name
            stem = f"{_slug(label)}-{item.date.isoformat()}"
            try:
                q = questionnaire_for(item, questionnaire)
                assessment_json = assess(q, item).model_dump_json()
            except SocialReadyError as exc:
                failures[index] = BatchItem(
                    input=label, output=None, status="failed", error=str(exc)
                )
                continue
        else:
            source = str(item)
            label = source
            stem = _slug(Path(source).stem)
        name = f"{stem}.{lang}.pdf"
        counter = 2
        while name in taken:
            name = f"{stem}-{counter}.{lang}.pdf"
            counter += 1
        taken.add(name)
        jobs.append(
            _Job(
                index,
                label,
                source,
                assessment_json,
                str(out_dir / name),
                lang,
                theme,
                variant,
                force,
                questionnaire,
            )
        )
    return jobs


def _default_executor(workers: int | None = None) -> Executor:
    """A process pool of ``workers``, or as wide as the CPUs this process may use."""
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
) -> BatchResult:
    """Write one report per input into ``out_dir`` and say what became of each.

    ``executor`` may be any ``concurrent.futures.Executor`` (a Dask client's
    ``get_executor()`` included); by default a process pool of ``workers`` processes (as
    many as CPUs when not given), which is replaced if a worker dies.
    ``on_progress(done, total, item)`` is called as each input finishes. ``questionnaire``
    is the one the inputs answer (default: the built-in one each names).

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
    results: dict[int, BatchItem] = {}
    jobs = _jobs(items, out, lang, theme, variant, force, questionnaire, results)
    own = executor is None
    pool = executor or _default_executor(workers)
    try:
        broken = _submit_all(pool, jobs, results, on_progress, len(jobs))
        # A worker died, and every input it had not finished was lost with the pool. When the
        # pool is ours, run them again in a fresh one while that makes progress; then alone,
        # so that only the input that kills workers is reported as failed.
        while broken and own:
            pool.shutdown(wait=False, cancel_futures=True)
            pool = _default_executor(workers)
            again = _submit_all(pool, broken, results, on_progress, len(jobs))
            if len(again) < len(broken):
                broken = again
                continue
            for job in again:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _default_executor(workers)
                if _submit_all(pool, [job], results, on_progress, len(jobs)):
                    results[job.index] = _died(job)
                    _report(on_progress, results, len(jobs), results[job.index])
            broken = []
        for job in broken:  # an executor we were given: we cannot replace it
            results[job.index] = _died(job)
            _report(on_progress, results, len(jobs), results[job.index])
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    result = BatchResult(out_dir=str(out), lang=lang, items=[results[i] for i in sorted(results)])
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
    """Run ``jobs``; return those lost to a broken process pool."""
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
