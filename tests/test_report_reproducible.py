"""Same assessment, language and theme: byte-identical PDFs, in one process or several."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from socialready import assess, load_questionnaire, load_responses, render_pdf

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "agence-12.yaml"

SCRIPT = f"""
import hashlib, sys
import socialready as s
a = s.assess(s.load_questionnaire(), s.load_responses({str(EXAMPLE)!r}))
data = s.render_pdf(a, None, sys.argv[1], variant=sys.argv[2] or None)
print(hashlib.sha256(data).hexdigest())
"""


def digest_in_process(lang: str, variant: str | None) -> str:
    a = assess(load_questionnaire(), load_responses(EXAMPLE))
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

    a = assess(load_questionnaire(), load_responses(EXAMPLE))
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

    a = assess(load_questionnaire(), load_responses(EXAMPLE))
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
