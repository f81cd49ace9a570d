"""form/page: the offline form as one self-contained HTML file, and the SurveyJS it vendors.

The page in a browser is test_form_page_browser.py's; here, what the file holds.
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from socialready import load_questionnaire, questionnaire_from_data
from socialready.form import offline_form, surveyjs_form, write_offline_form
from socialready.form.page import CONTENT_SECURITY_POLICY
from socialready.form.surveyjs import HEADER

VENDOR = Path(__file__).parent.parent / "src" / "socialready" / "form" / "vendor"
DATA = Path(__file__).parent / "data"

EMAIL_SIZE = 2_500_000
"""The most bytes the built-in questionnaire's form may weigh (docs/form.md: about 2.1 MB,
440 kB zipped), so that it can be sent by e-mail."""


class _Tags(HTMLParser):
    """Every tag of a page with its attributes, and the data of its JSON scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: dict[str, str] = {}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script" and attributes.get("type") == "application/json":
            self._in = attributes.get("id")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self.data[self._in] = self.data.get(self._in, "") + data


@pytest.fixture(scope="module")
def page() -> str:
    return offline_form(load_questionnaire())


def _parse(text: str) -> _Tags:
    tags = _Tags()
    tags.feed(text)
    return tags


def test_the_page_loads_nothing(page: str) -> None:
    tags = _parse(page).tags
    assert [a for t, a in tags if "src" in a or ("href" in a and t != "a")] == []
    policy = [a["content"] for t, a in tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert policy == [CONTENT_SECURITY_POLICY]
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    assert "connect-src" not in CONTENT_SECURITY_POLICY  # so none: default-src
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", page)


def test_the_page_is_small_enough_to_send_by_email(page: str) -> None:
    assert len(page.encode("utf-8")) < EMAIL_SIZE


def test_the_page_holds_the_form_and_what_its_script_needs(page: str) -> None:
    q = load_questionnaire()
    data = _parse(page).data
    assert json.loads(data["sr-surveyjs"]) == surveyjs_form(q)
    config = json.loads(data["sr-config"])
    assert config["questionnaire"] == q.ref
    assert config["header"] == {name: list(path) for name, path in HEADER.items()}
    assert list(config["questions"]) == list(q.questions)
    roster = config["questions"]["dedicated_staff"]
    assert roster["kind"] == "roster"
    assert roster["fields"]["responsibilities"] == "raci"
    assert config["toFill"] == {"fr": "À compléter", "en": "To be completed"}


def test_the_translations_of_survey_js_are_those_of_the_questionnaire(page: str) -> None:
    french = (VENDOR / "i18n" / "fr.min.js").read_text(encoding="utf-8")
    assert french in page
    english_only = load_questionnaire(DATA / "scoring.yaml")
    assert french not in offline_form(english_only)
    assert '<select id="sr-language">' not in offline_form(english_only)
    assert '<select id="sr-language">' in page


def test_the_language_it_opens_in() -> None:
    q = load_questionnaire()
    english = offline_form(q, "en")
    assert '<html lang="en">' in english
    assert json.loads(_parse(english).data["sr-surveyjs"])["locale"] == "en"
    with pytest.raises(ValueError, match="has no 'de' texts"):
        offline_form(q, "de")


def test_no_text_of_a_questionnaire_can_end_a_script() -> None:
    data = load_questionnaire(DATA / "scoring.yaml").model_dump(mode="json", exclude_none=True)
    hostile = "</script><script>alert(1)</script><!--"
    data["title"] = {"en": hostile}
    data["steps"][0]["sections"][0]["questions"][0]["label"] = {"en": hostile}
    page = offline_form(questionnaire_from_data(data))
    assert "alert(1)</script>" not in page
    parsed = _parse(page)
    assert json.loads(parsed.data["sr-surveyjs"])["title"] == {"default": hostile}
    # SurveyJS and its UI (English needs no translation), the form and its settings, form.js
    assert sum(1 for t, _ in parsed.tags if t == "script") == 5


def test_written_whole(tmp_path: Path) -> None:
    q = load_questionnaire()
    target = tmp_path / "questionnaire.html"
    write_offline_form(q, target, "en")
    assert target.read_text(encoding="utf-8") == offline_form(q, "en")
    assert [p.name for p in tmp_path.iterdir()] == ["questionnaire.html"]


def test_the_vendored_files_are_those_of_the_manifest() -> None:
    manifest = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
    files = {
        p.relative_to(VENDOR).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in VENDOR.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert files == manifest["files"]
    versions = set(manifest["packages"].values())
    assert len(versions) == 1  # survey-js-ui wants the survey-core of its own version
    version = versions.pop()
    for script in ("survey.core.min.js", "survey-js-ui.min.js"):
        head = (VENDOR / script).read_text(encoding="utf-8")[:300]
        assert f"v{version}" in head
        assert "License: MIT" in head
    licence = (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    assert "Devsoft Baltic" in licence
    assert manifest["licence"] == "MIT"
