"""Many reports at once: bad inputs and dying workers never stop the others."""

from __future__ import annotations

import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from socialready import SocialReadyError, assess, load_questionnaire, load_responses
from socialready import batch as batch_module
from socialready.batch import BatchItem, render_batch
from socialready.cli import main
from socialready.report import Theme, load_assessment_from_pdf
from socialready.responses import Responses

ROOT = Path(__file__).parent.parent
AGENCY = ROOT / "tests" / "data" / "v1" / "agence-12.yaml"
RETAILER = ROOT / "tests" / "data" / "v1" / "retailer.yaml"


def bad_file(tmp_path: Path) -> Path:
    bad = tmp_path / "typo.yaml"
    bad.write_text(
        AGENCY.read_text(encoding="utf-8").replace("main_collab_tool:", "main_colab_tool:"),
        encoding="utf-8",
    )
    return bad


def test_one_bad_input_never_stops_the_others(tmp_path: Path) -> None:
    out = tmp_path / "out"
    seen: list[tuple[int, int, str]] = []
    result = render_batch(
        [AGENCY, bad_file(tmp_path), RETAILER],
        out,
        "en",
        executor=ThreadPoolExecutor(max_workers=2),
        on_progress=lambda done, total, item: seen.append((done, total, item.status)),
    )
    assert [i.status for i in result.items] == ["written", "failed", "written"]
    assert not result.ok
    failed = result.failed[0]
    assert failed.input.endswith("typo.yaml")
    assert failed.output is None
    assert "unknown question 'main_colab_tool'" in (failed.error or "")
    assert sorted(p.name for p in out.iterdir()) == [
        "agence-12.en.pdf",
        "batch-summary.json",
        "retailer.en.pdf",
    ]
    summary = json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))
    assert [i["status"] for i in summary["items"]] == ["written", "failed", "written"]
    assert sorted(s[0] for s in seen) == [1, 2, 3]
    assert {s[1] for s in seen} == {3}


def test_existing_reports_are_kept_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    pool = ThreadPoolExecutor(max_workers=1)
    first = render_batch([AGENCY], out, "fr", executor=pool)
    path = Path(first.items[0].output or "")
    before = path.stat().st_mtime_ns
    again = render_batch([AGENCY], out, "fr", executor=pool)
    assert again.items[0].status == "skipped"
    assert path.stat().st_mtime_ns == before
    # a report cut short (no end-of-file marker) is not complete: it is written again
    path.write_bytes(path.read_bytes()[:1000])
    assert render_batch([AGENCY], out, "fr", executor=pool).items[0].status == "written"
    forced = render_batch([AGENCY], out, "fr", executor=pool, force=True)
    assert forced.items[0].status == "written"


def test_inputs_of_the_very_same_report_share_it(tmp_path: Path) -> None:
    responses = load_responses(AGENCY)
    assessment = assess(load_questionnaire("social-readiness@1.0.0"), responses)
    seen: list[tuple[int, int]] = []
    result = render_batch(
        [responses, assessment, AGENCY, AGENCY],
        tmp_path,
        "en",
        executor=ThreadPoolExecutor(max_workers=2),
        on_progress=lambda done, total, item: seen.append((done, total)),
    )
    names = [Path(i.output or "").name for i in result.items]
    assert names == [
        "studio-helice-2026-11-12.en.pdf",
        "studio-helice-2026-11-12.en.pdf",
        "agence-12.en.pdf",
        "agence-12.en.pdf",
    ]
    assert [i.status for i in result.items] == ["written", "skipped", "written", "skipped"]
    assert result.ok
    assert sorted(seen) == [(1, 4), (2, 4), (3, 4), (4, 4)]  # every input counted once


# --- report names: a function of the input alone (issue 10, point 6) ---------------------

SMALL = ROOT / "tests" / "data" / "scoring.yaml"


def small(name: str, channel: str = "some") -> Responses:
    """Responses of organisation ``name`` to the small English questionnaire of the tests."""
    q = load_questionnaire(SMALL)
    data = {
        "questionnaire": q.ref,
        "organisation": {"name": name},
        "date": "2026-10-01",
        "assessor": "A",
        "answers": {"channel": channel},
    }
    return load_responses(data, q)


def run(names: list[str | Responses], out: Path, *, force: bool = False) -> dict[str, Any]:
    """Render the small reports of ``names``; what became of each, by organisation."""
    inputs = [small(n) if isinstance(n, str) else n for n in names]
    result = render_batch(
        inputs,
        out,
        "en",
        executor=ThreadPoolExecutor(max_workers=1),
        force=force,
        questionnaire=load_questionnaire(SMALL),
    )
    return {
        i.input: (Path(i.output).name if i.output else None, i.status, i.error)
        for i in result.items
    }


def test_names_that_slug_alike_get_two_reports_whatever_the_order(tmp_path: Path) -> None:
    first = run(["Alpha/Beta", "Alpha Beta"], tmp_path / "a")
    second = run(["Alpha Beta", "Alpha/Beta"], tmp_path / "b")
    assert first == second
    assert first == {
        "Alpha Beta": ("alpha-beta-2026-10-01.en.pdf", "written", None),
        "Alpha/Beta": ("alpha-beta--b959a138-2026-10-01.en.pdf", "written", None),
    }
    # the name of Alpha Beta's report does not depend on Alpha/Beta being in the run
    assert run(["Alpha Beta"], tmp_path / "c") == {"Alpha Beta": first["Alpha Beta"]}


COLLIDING = ["Alpha Beta", *(f"Alpha{between}Beta" for between in "/-_.&+:;,!?'*#@|~=%")]
"""Twenty names whose slug is alpha-beta."""


def test_reversing_the_order_of_twenty_colliding_names_changes_no_name(tmp_path: Path) -> None:
    names = COLLIDING
    assert len(set(names)) == 20
    out = tmp_path / "out"
    first = run(list(names), out)
    assert {status for _, status, _ in first.values()} == {"written"}
    files = {name for name, _, _ in first.values()}
    assert len(files) == 20  # twenty reports, all there
    assert len(list(out.glob("*.pdf"))) == 20
    again = run(list(reversed(names)), out)  # the same reports: found, kept
    assert {i: (n, s) for i, (n, s, _) in again.items()} == {
        i: (n, "skipped") for i, (n, _, _) in first.items()
    }


def test_force_rewrites_only_the_same_organisations_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(["Alpha Beta"], out)["Alpha Beta"][1] == "written"
    report = out / "alpha-beta-2026-10-01.en.pdf"
    before = report.read_bytes()
    # another organisation whose name has the same file name: never written over
    for force in (False, True):
        _, status, error = run(["ALPHA BETA"], out, force=force)["ALPHA BETA"]
        assert status == "failed"
        assert f"{report} exists and reports on another organisation" in (error or "")
        assert report.read_bytes() == before
    # the same organisation with other answers: only with force
    changed = small("Alpha Beta", channel="none")
    _, status, error = run([changed], out)["Alpha Beta"]
    assert (status, "exists and reports on other answers" in (error or "")) == ("failed", True)
    assert run([changed], out, force=True)["Alpha Beta"][1] == "written"
    assert report.read_bytes() != before
    assert run([changed], out)["Alpha Beta"][1] == "skipped"


def test_inputs_that_would_write_other_reports_under_one_name_all_fail(tmp_path: Path) -> None:
    for names in (["Acme", "ACME"], ["ACME", "Acme"]):
        out = tmp_path / "-".join(names)
        result = run(list(names), out)
        for name in names:
            _, status, error = result[name]
            assert status == "failed"
            assert "2 inputs of this run would be written as acme-2026-10-01.en.pdf" in (
                error or ""
            )
            assert "'Acme', 'ACME'" in (error or "") or "'ACME', 'Acme'" in (error or "")
        assert not list(out.glob("*.pdf"))


def test_unwritable_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(SocialReadyError, match="cannot write reports there"):
        render_batch([AGENCY], blocker / "out", "en")


def test_a_dying_worker_fails_only_its_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers are forked: the patched loader kills the worker that reads kill.yaml."""
    real = batch_module.load_responses

    def deadly(source: Any, *args: Any) -> Any:
        if str(source).endswith("kill.yaml"):
            os._exit(3)
        return real(source, *args)

    monkeypatch.setattr(batch_module, "load_responses", deadly)
    kill = tmp_path / "kill.yaml"
    shutil.copy(AGENCY, kill)
    result = render_batch([AGENCY, kill, RETAILER], tmp_path / "out", "en")
    assert [i.status for i in result.items] == ["written", "failed", "written"]
    assert "worker process rendering it died" in (result.items[1].error or "")
    assert not list((tmp_path / "out").glob(".*"))  # no temporary file left behind


def test_batch_command_exits_1_and_names_the_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = bad_file(tmp_path)
    status = main(["batch", str(AGENCY), str(bad), "-o", str(tmp_path / "out"), "--jobs", "2"])
    assert status == 1
    captured = capsys.readouterr()
    assert "1 written, 0 skipped (already there), 1 failed" in captured.out
    assert f"failed: {bad}" in captured.err
    assert "main_colab_tool" in captured.err
    assert "2/2" in captured.err  # progress lines, not a terminal


def test_progress_item_is_a_record() -> None:
    item = BatchItem(input="x", output=None, status="failed", error="e")
    assert item.model_dump() == {
        "input": "x",
        "output": None,
        "status": "failed",
        "error": "e",
        "seconds": 0.0,
    }


def test_interrupted_batch_leaves_no_partial_report_and_resumes(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    inputs = []
    for i in range(6):
        copy = tmp_path / f"org-{i}.yaml"
        shutil.copy(AGENCY, copy)
        inputs.append(str(copy))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "socialready", "batch", *inputs, "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        # Ctrl-C as a terminal delivers it, even when the tests run where SIGINT is ignored
        # (a background job without job control): Python then keeps ignoring it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("*.pdf")):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    process.communicate(timeout=120)
    assert process.returncode != 0
    left = sorted(p.name for p in out.iterdir())
    assert not [name for name in left if name.startswith(".")], left  # no temporary file
    finished = list(out.glob("*.pdf"))
    assert 1 <= len(finished) < 6
    for pdf in finished:
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
    again = render_batch(inputs, out, "fr")
    statuses = [i.status for i in again.items]
    assert statuses.count("skipped") == len(finished)
    assert statuses.count("written") == 6 - len(finished)


def test_a_full_disk_fails_the_report_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def no_space(self: Path, target: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(Path, "replace", no_space)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(SocialReadyError, match="cannot write the batch summary"):
        render_batch([AGENCY], out, "en", executor=ThreadPoolExecutor(max_workers=1))
    assert list(out.iterdir()) == []  # neither a partial report nor a temporary file
    monkeypatch.undo()
    result = render_batch([AGENCY], out, "en", executor=ThreadPoolExecutor(max_workers=1))
    assert result.items[0].status == "written"


def test_a_report_of_other_answers_under_the_same_name_is_not_skipped(tmp_path: Path) -> None:
    first, second, third = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder in (first, second, third):
        folder.mkdir()
    shutil.copy(AGENCY, first / "x.yaml")
    text = AGENCY.read_text(encoding="utf-8")
    assert 'assessor: "Élodie Marchand, Lumen Conseil"' in text  # the same organisation…
    text = text.replace("Élodie Marchand", "Paul Marchand")  # …assessed by someone else
    (second / "x.yaml").write_text(text, encoding="utf-8")
    shutil.copy(RETAILER, third / "x.yaml")  # another organisation
    out = tmp_path / "out"
    pool = ThreadPoolExecutor(max_workers=1)
    assert render_batch([first / "x.yaml"], out, "en", executor=pool).items[0].status == "written"
    clash = render_batch([second / "x.yaml"], out, "en", executor=pool).items[0]
    assert clash.status == "failed"
    assert "reports on other answers" in (clash.error or "")
    for force in (False, True):
        other = render_batch([third / "x.yaml"], out, "en", executor=pool, force=force).items[0]
        assert other.status == "failed"
        assert "reports on another organisation" in (other.error or "")
    forced = render_batch([second / "x.yaml"], out, "en", executor=pool, force=True)
    assert forced.items[0].status == "written"
    again = render_batch([second / "x.yaml"], out, "en", executor=pool)
    assert again.items[0].status == "skipped"


def test_a_report_in_another_theme_or_variant_is_made_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    pool = ThreadPoolExecutor(max_workers=1)
    assert render_batch([AGENCY], out, "en", executor=pool).items[0].status == "written"
    branded = Theme(primary="#7a1f5c")
    assert render_batch([AGENCY], out, "en", branded, pool).items[0].status == "written"
    assert render_batch([AGENCY], out, "en", branded, pool).items[0].status == "skipped"
    archival = render_batch([AGENCY], out, "en", branded, pool, variant="pdf/a-3b")
    assert archival.items[0].status == "written"
    (report,) = out.glob("*.pdf")
    assert load_assessment_from_pdf(report).responses.organisation.name
    again = render_batch([AGENCY], out, "en", branded, pool, variant="pdf/a-3b")
    assert again.items[0].status == "skipped"


def test_a_new_logo_under_the_same_path_remakes_the_report(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect fill="{}"/></svg>'
    logo.write_text(svg.format("red"), encoding="utf-8")
    theme = Theme(logo=logo)
    out = tmp_path / "out"
    pool = ThreadPoolExecutor(max_workers=1)
    assert render_batch([AGENCY], out, "en", theme, pool).items[0].status == "written"
    assert render_batch([AGENCY], out, "en", theme, pool).items[0].status == "skipped"
    logo.write_text(svg.format("blue"), encoding="utf-8")
    assert render_batch([AGENCY], out, "en", theme, pool).items[0].status == "written"


def test_another_document_under_the_report_name_is_left_alone(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    out = tmp_path / "out"
    pool = ThreadPoolExecutor(max_workers=1)
    first = render_batch([AGENCY], out, "en", executor=pool).items[0]
    path = Path(first.output or "")
    for keywords, status in [
        ("minutes of the board", "failed"),
        ("socialready-report:0f", "written"),  # a report of an earlier socialready
    ]:
        writer = PdfWriter()
        writer.add_blank_page(width=200, height=200)
        writer.add_metadata({"/Keywords": keywords})
        with path.open("wb") as handle:
            writer.write(handle)
        item = render_batch([AGENCY], out, "en", executor=pool).items[0]
        assert item.status == status, keywords
        if status == "failed":  # not ours: kept as it was
            assert "is not a socialready report" in (item.error or "")
            assert b"minutes of the board" in path.read_bytes() or path.stat().st_size < 2000


def test_the_answers_half_of_the_marker_ignores_the_questionnaires_wording() -> None:
    from socialready.report import content_marker

    a = assess(load_questionnaire("social-readiness@1.0.0"), load_responses(AGENCY))
    data = a.questionnaire.model_dump(mode="json", by_alias=True)
    data["title"] = {lang: text + " (2nd edition)" for lang, text in data["title"].items()}
    reworded = type(a.questionnaire).model_validate(data)
    b = assess(reworded, a.responses.model_copy(update={"fingerprint": reworded.fingerprint}))
    first, second = content_marker(a, "en"), content_marker(b, "en")
    assert first.split(".")[0] == second.split(".")[0]  # the same answers…
    assert first != second  # …in another questionnaire's words: remade, not refused
