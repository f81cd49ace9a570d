"""Client text is untrusted: it stays literal text, and nothing outside our files is fetched."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from socialready import SocialReadyError, assess, load_questionnaire, load_responses
from socialready.report import pdf as pdf_module
from socialready.report import render_html, render_pdf

ROOT = Path(__file__).parent.parent

HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="http://127.0.0.1:1/x.css">',
    "</style><script>alert(1)</script>",
    "{{ 7*7 }}",
]


def hostile_assessment() -> Any:
    data = yaml.safe_load(
        (ROOT / "tests" / "data" / "v1" / "retailer.yaml").read_text(encoding="utf-8")
    )
    data["date"] = str(data["date"])
    data["organisation"]["name"] = "Acme " + HOSTILE[0]
    data["assessor"] = HOSTILE[2]
    answers = data["answers"]
    answers["staffing_notes"] = " / ".join(HOSTILE)
    answers["sharing_obstacles"] = {"value": HOSTILE[1], "note": HOSTILE[3], "evidence": HOSTILE[0]}
    answers["dedicated_staff"][0]["name"] = HOSTILE[3]
    return assess(load_questionnaire("social-readiness@1.0.0"), load_responses(data))


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def assessment() -> Any:
    return hostile_assessment()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_client_text_is_escaped_in_html(assessment: Any, lang: str) -> None:
    html = render_html(assessment, lang)
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert "<script" not in html
    assert 'src="file:' not in html
    assert 'href="http' not in html
    assert not re.search(r">\s*49\s*<", html)


class Spy:
    """Wraps the report's fetcher to record every URL WeasyPrint asks for."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = pdf_module._fetcher_class
        spy = self

        def spying_class() -> type[Any]:
            base = original()

            class Spying(base):  # type: ignore[misc, valid-type]
                def fetch(self, url: str, headers: Any = None) -> Any:
                    spy.urls.append(url)
                    return super().fetch(url, headers)

            return Spying

        monkeypatch.setattr(pdf_module, "_fetcher_class", spying_class)


def test_client_text_is_literal_in_the_pdf_and_nothing_is_fetched(
    assessment: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy()
    spy.install(monkeypatch)
    data = render_pdf(assessment, None, "en")
    assert data is not None
    assert spy.urls == []
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    for hostile in HOSTILE:  # compared without spaces: table cells wrap long strings
        assert "".join(hostile.split()) in text, hostile


def test_the_fetcher_refuses_everything_but_the_declared_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from weasyprint import HTML

    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', "utf-8")
    fetcher = pdf_module._fetcher_class()({logo.resolve().as_uri(): logo.resolve()})
    html = (
        "<html><head>"
        '<link rel="stylesheet" href="http://127.0.0.1:1/x.css">'
        '<link rel="stylesheet" href="https://example.org/x.css">'
        "</head><body><p>text</p>"
        '<img src="file:///etc/passwd">'
        f'<img src="{(tmp_path / "other.svg").as_uri()}">'
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
        f'<img src="{logo.resolve().as_uri()}">'
        "</body></html>"
    )
    with caplog.at_level(logging.WARNING, logger="socialready.report"):
        data = HTML(string=html, url_fetcher=fetcher).write_pdf()
    assert data.startswith(b"%PDF-")
    refused = set(fetcher.refused)
    assert "file:///etc/passwd" in refused
    assert "http://127.0.0.1:1/x.css" in refused
    assert "https://example.org/x.css" in refused
    assert (tmp_path / "other.svg").as_uri() in refused
    assert any(url.startswith("data:") for url in refused)
    assert logo.resolve().as_uri() not in refused
    assert "refused to fetch file:///etc/passwd" in caplog.text


def test_a_themes_style_sheet_fetches_nothing_either(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a listening socket stands for a server: nothing may connect to it, however the rules
    # that fetch are spelt (at-rules are not case-sensitive in CSS)
    import socket

    from socialready.report import Theme

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "theme.html.j2").write_text(
        '{% extends "report.html.j2" %}{% block extra_css %}'
        f'@FONT-FACE {{ font-family: Leak; src: url("http://127.0.0.1:{port}/leak.ttf") }}'
        f'h1 {{ font-family: Leak; background: url("http://127.0.0.1:{port}/bg.png") }}'
        "{% endblock %}",
        encoding="utf-8",
    )
    spy = Spy()
    spy.install(monkeypatch)
    a = assess(
        load_questionnaire("social-readiness@1.0.0"),
        load_responses(ROOT / "tests" / "data" / "v1" / "agence-12.yaml"),
    )
    try:
        assert render_pdf(a, None, "en", Theme(templates=folder)) is not None
        # what WeasyPrint cannot do without is a clear error, not a fetch
        (folder / "theme.html.j2").write_text(
            '{% extends "report.html.j2" %}{% block extra_css %}'
            f"@color-profile --p {{ src: url(http://127.0.0.1:{port}/p.icc) }}"
            "{% endblock %}",
            encoding="utf-8",
        )
        with pytest.raises(SocialReadyError, match="which socialready does not fetch"):
            render_pdf(a, None, "en", Theme(templates=folder))
        with pytest.raises(TimeoutError):
            server.accept()
    finally:
        server.close()
    assert all(url.startswith(f"http://127.0.0.1:{port}/") for url in spy.urls)
    assert spy.urls  # asked, through the report's fetcher, and refused
