"""Same assessment, language and theme: byte-identical PDFs, in one process or several."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from socialready import assess, load_questionnaire, load_responses, render_pdf

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "tests" / "data" / "v1" / "agence-12.yaml"

SCRIPT = f"""
import hashlib, sys
import socialready as s
a = s.assess(s.load_questionnaire("social-readiness@1.0.0"), s.load_responses({str(EXAMPLE)!r}))
data = s.render_pdf(a, None, sys.argv[1], variant=sys.argv[2] or None)
print(hashlib.sha256(data).hexdigest())
"""


def digest_in_process(lang: str, variant: str | None) -> str:
    a = assess(load_questionnaire("social-readiness@1.0.0"), load_responses(EXAMPLE))
    data = render_pdf(a, None, lang, variant=variant)
    assert data is not None
    return hashlib.sha256(data).hexdigest()


def digest_in_subprocess(lang: str, variant: str | None, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, lang, variant or ""],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return result.stdout.strip()


@pytest.mark.parametrize(("lang", "variant"), [("fr", None), ("en", "pdf/a-3b")])
def test_byte_identical_across_processes(lang: str, variant: str | None) -> None:
    here = digest_in_process(lang, variant)
    assert digest_in_process(lang, variant) == here
    # another process, another clock, and a SOURCE_DATE_EPOCH of its own that we override
    assert digest_in_subprocess(lang, variant, SOURCE_DATE_EPOCH="86400", TZ="Asia/Tokyo") == here


def test_source_date_epoch_is_restored() -> None:
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    digest_in_process("fr", None)
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_pdf_dates_come_from_the_assessment() -> None:
    import io

    from pypdf import PdfReader

    a = assess(load_questionnaire("social-readiness@1.0.0"), load_responses(EXAMPLE))
    data = render_pdf(a, None, "fr")
    assert data is not None
    info = PdfReader(io.BytesIO(data)).metadata
    assert info is not None
    assert info.creation_date is not None
    assert info.creation_date.date() == a.responses.date
    assert info.modification_date is not None
    assert info.modification_date.date() == a.responses.date


def test_the_style_sheet_kept_apart_gives_the_same_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    from socialready import render_html
    from socialready.report import pdf

    a = assess(load_questionnaire("social-readiness@1.0.0"), load_responses(EXAMPLE))
    html = render_html(a, "en")
    page, css = pdf._split_stylesheet(html)
    assert css is not None
    assert ".toc" in css
    assert "<style>" not in page
    # anything else styling the page keeps the sheet in it
    for other in ("<style>p {}</style>", '<link rel="stylesheet" href="x.css">'):
        assert pdf._split_stylesheet(html.replace("</head>", other + "</head>"))[1] is None
    assert pdf._split_stylesheet(html.replace("<body>", '<body style="margin: 0">'))[1] is None
    kept = pdf.write_html_pdf(html, None, a.responses.date, None)
    monkeypatch.setattr(pdf, "_split_stylesheet", lambda html: (html, None))
    assert pdf.write_html_pdf(html, None, a.responses.date, None) == kept


def test_the_collector_is_paused_during_a_render_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from socialready.report import pdf

    a = assess(load_questionnaire("social-readiness@1.0.0"), load_responses(EXAMPLE))
    seen: list[bool] = []
    original = pdf._lay_out_and_write

    def watching(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return original(*args)

    monkeypatch.setattr(pdf, "_lay_out_and_write", watching)
    assert gc.isenabled()
    render_pdf(a, None, "en")
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()  # a caller that paused it keeps it paused
    try:
        render_pdf(a, None, "en")
    finally:
        paused = not gc.isenabled()
        gc.enable()
    assert paused


@pytest.mark.parametrize(
    ("counts", "generation"), [((5, 0, 0), 0), ((5, 9, 0), 1), ((5, 9, 9), 2), ((5, 3, 9), 0)]
)
def test_after_a_render_the_generation_due_is_collected(
    monkeypatch: pytest.MonkeyPatch, counts: tuple[int, int, int], generation: int
) -> None:
    # renders follow one another under the lock: the older generations must still be
    # collected when their turn comes, as the automatic collector would do
    from socialready.report import pdf

    collected: list[int] = []

    class FakeGC:
        @staticmethod
        def get_count() -> tuple[int, int, int]:
            return counts

        @staticmethod
        def get_threshold() -> tuple[int, int, int]:
            return (700, 10, 10)

        @staticmethod
        def collect(generation: int) -> int:
            collected.append(generation)
            return 0

    monkeypatch.setattr(pdf, "gc", FakeGC)
    pdf._collect_as_the_collector_would()
    assert collected == [generation]
