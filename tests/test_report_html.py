"""report.html: the report as one standalone HTML page, and what marks it as ours."""

from __future__ import annotations

import base64
import re
import unicodedata
from html import unescape
from pathlib import Path

import pytest

from socialready import (
    Assessment,
    SocialReadyError,
    assess,
    load_questionnaire,
    load_responses,
)
from socialready.report import Theme, render_html
from socialready.report.html import (
    MARKER,
    check_theme_templates,
    content_marker,
    logo_data_uri,
    long_words_breakable,
)
from socialready.responses import Organisation

EXAMPLES = Path(__file__).parent / "data" / "v1"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'


@pytest.fixture(scope="module")
def manufacturer() -> Assessment:
    return assess(
        load_questionnaire("social-readiness@1.0.0"),
        load_responses(EXAMPLES / "manufacturer-400.yaml"),
    )


@pytest.fixture(scope="module")
def english(manufacturer: Assessment) -> str:
    return render_html(manufacturer, "en")


def test_a_standalone_page_in_its_language(english: str, manufacturer: Assessment) -> None:
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    assert "<title>Social network readiness — Verdier Hydraulique</title>" in english
    assert '<meta name="author" content="Élodie Marchand, Lumen Conseil">' in english
    assert '<meta name="dcterms.created" content="2026-11-19">' in english
    assert (
        '<h1 class="cover-title" data-short="Verdier Hydraulique">Verdier Hydraulique</h1>'
        in english
    )
    # nothing is loaded from elsewhere: the page carries its style, charts and fonts
    assert "default-src 'none'" in english
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:|file:|//)""", english)
    assert "<svg" in english
    french = render_html(manufacturer, "fr")
    assert french.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert "19 novembre 2026" in french
    assert "19 November 2026" in english


def test_the_same_assessment_gives_the_same_page(manufacturer: Assessment, english: str) -> None:
    assert render_html(manufacturer, "en") == english


def test_a_language_the_report_or_the_questionnaire_does_not_speak(
    manufacturer: Assessment,
) -> None:
    with pytest.raises(SocialReadyError, match=r"no report in 'de' \(expected one of fr, en\)"):
        render_html(manufacturer, "de")
    english_only = load_questionnaire(Path(__file__).parent / "data" / "scoring.yaml")
    assert english_only.languages == ["en"]
    header = {"organisation": {"name": "M"}, "date": "2026-10-01", "assessor": "A"}
    answers = {"questionnaire": english_only.ref, **header, "answers": {"channel": "some"}}
    a = assess(english_only, load_responses(answers, english_only))
    with pytest.raises(SocialReadyError, match=r"no report in 'fr' \(expected one of en\)"):
        render_html(a, "fr")
    assert '<html lang="en">' in render_html(a, "en")


def test_the_marker_says_what_the_report_is_a_report_of(
    manufacturer: Assessment, english: str
) -> None:
    marker = content_marker(manufacturer, "en")
    assert re.fullmatch(re.escape(MARKER) + r"[0-9a-f]{32}\.[0-9a-f]{12}\.[0-9a-f]{12}", marker)
    assert f'<meta name="socialready-report" content="{marker}">' in english
    assert 'name="keywords"' not in english  # the reader's keywords hold no internal marker
    answers, look, organisation = marker.removeprefix(MARKER).split(".")
    french = content_marker(manufacturer, "fr").removeprefix(MARKER).split(".")
    assert french[0] != answers  # other words…
    assert french[1:] == [look, organisation]  # …in the same look, of the same organisation
    rebranded = content_marker(manufacturer, "en", Theme(primary="#000000")).removeprefix(MARKER)
    assert rebranded.split(".")[0] == answers
    assert rebranded.split(".")[1] != look
    moved = manufacturer.model_copy(
        update={"responses": manufacturer.responses.model_copy(update={"source": "elsewhere.yaml"})}
    )
    assert content_marker(moved, "en") == marker  # where the answers were read from is no part
    assert content_marker(manufacturer, "en", variant="pdf/a-3b") != marker

    def organisation_part(name: str) -> str:
        named = {"organisation": Organisation(name=name)}
        responses = manufacturer.responses.model_copy(update=named)
        marked = content_marker(manufacturer.model_copy(update={"responses": responses}), "en")
        return marked.removeprefix(MARKER).split(".")[2]

    # the organisation's name as written (in Unicode NFC): the same name, the same part
    assert organisation_part("Société Verdier") == organisation_part(
        unicodedata.normalize("NFD", "Société Verdier")
    )
    assert organisation_part("Société Verdier") != organisation_part("SOCIÉTÉ VERDIER")
    assert organisation_part("Verdier Hydraulique") == organisation


def test_the_logo_travels_inside_the_page(tmp_path: Path, manufacturer: Assessment) -> None:
    assert logo_data_uri(Theme()) is None
    (tmp_path / "logo.svg").write_text(SVG, encoding="utf-8")
    theme = Theme(logo=tmp_path / "logo.svg")
    uri = logo_data_uri(theme)
    assert uri == "data:image/svg+xml;base64," + base64.b64encode(SVG.encode()).decode("ascii")
    assert uri in render_html(manufacturer, "en", theme)


def test_the_problems_of_a_theme_template_folder(tmp_path: Path) -> None:
    assert check_theme_templates(Theme()) == []
    (problem,) = check_theme_templates(Theme(templates=tmp_path))
    assert (problem.message, problem.source) == ("the folder holds no theme.html.j2", str(tmp_path))
    assert problem.field == "templates"
    template = tmp_path / "theme.html.j2"
    template.write_text(
        '{% extends "report.html.j2" %}\n{% block cover_note %}Hi{% endblock %}\n', encoding="utf-8"
    )
    assert check_theme_templates(Theme(templates=tmp_path)) == []
    template.write_text(
        "{% block cover_note %}x{% endblock %}\n\n{% block nope %}y{% endblock %}\n",
        encoding="utf-8",
    )
    found = [(p.line, p.message) for p in check_theme_templates(Theme(templates=tmp_path))]
    assert found == [
        (1, "the template does not extend the built-in report"),
        (3, "unknown block 'nope'"),
    ]
    template.write_text(
        '{% extends "report.html.j2" %}\n{% block cover_note %}\n{% if %}\n', encoding="utf-8"
    )
    (problem,) = check_theme_templates(Theme(templates=tmp_path))
    assert problem.message.startswith("template error:")
    assert (problem.source, problem.line) == (str(template), 3)


def test_the_environments_of_few_theme_folders_are_kept(
    manufacturer: Assessment, tmp_path: Path
) -> None:
    # found by the fuzz suite: every theme folder rendered kept its Jinja2 environment, and
    # its compiled templates, until the process ended (some 160 kB each)
    from socialready.report import html

    body = '{% extends "report.html.j2" %}\n{% block cover_note %}{{ v.org_name }}{% endblock %}\n'
    for n in range(20):
        folder = tmp_path / f"theme-{n}"
        folder.mkdir()
        (folder / "theme.html.j2").write_text(body, encoding="utf-8")
        assert "Verdier Hydraulique" in render_html(manufacturer, "en", Theme(templates=folder))
    assert html._theme_environment.cache_info().currsize <= 16
    # the folder used last is still there, the first one is rendered again from its files
    last = tmp_path / "theme-19"
    assert html._theme_environment(last) is html._theme_environment(last)
    first = tmp_path / "theme-0"
    (first / "theme.html.j2").write_text(body.replace("{{ v.org_name }}", "Again"), "utf-8")
    assert "Again" in render_html(manufacturer, "en", Theme(templates=first))


def test_the_organisations_own_words_are_marked_with_their_language() -> None:
    """The responses say their notes are French: the English report marks them (and the
    sector, the roster's people and own departments, text answers) lang="fr", with French
    spaces;
    the French report, in their own language, marks nothing."""
    root = Path(__file__).parent.parent / "examples"
    r = load_responses(root / "manufacturer-400.yaml")
    assert r.language == "fr"
    a = assess(load_questionnaire(), r)
    english, french = render_html(a, "en"), render_html(a, "fr")
    marked = [unescape(m) for m in re.findall(r'<span lang="fr">([^<]*)</span>', english)]
    sector = r.organisation.sector
    assert sector is not None
    assert sector in marked
    note = r.annotations["brand_presence"].note
    assert note is not None
    assert note in marked
    assert "Sophie Arnaud, responsable communication" in marked  # the roster's words
    concerns = r.answers["management_concerns"]  # a text answer
    assert isinstance(concerns, str)
    assert any(concerns.strip()[:40] in text for text in marked)
    assert "Recherche sur chaque réseau le 14 novembre 2026\u202f; état" in english
    assert 'lang="fr"' not in french.split("<head>", 1)[1]
    unmarked = r.model_copy(update={"language": None})
    assert 'lang="fr"' not in render_html(assess(load_questionnaire(), unmarked), "en")


def test_only_runs_of_twenty_characters_without_a_space_may_break_anywhere() -> None:
    url = "https://intranet.example/charte-2026.pdf"
    page = (
        "<html><head><title>Rapport_de_la_direction_generale</title>"
        "<style>.a-very-long-class-name-here { color: red }</style></head>"
        f'<body><p data-x="{url}">Voir {url} ou la note</p>'
        "<p>L&#39;administration de l&#39;intranet ; 9\u00a0400\u00a0abonnés\u00a0confondus ;"
        " Communication_Et_Design</p>"
        "<svg><text>Un_libellé_de_graphique_très_long</text></svg>"
        "<td>anticonstitutionnellement</td>"
        "<script>const aVeryLongIdentifierHere = 1;</script>"
        "<textarea>Une_réponse_tapée_sans_espace</textarea></body></html>"
    )
    marked = long_words_breakable(page)
    assert re.findall(r'<span class="long">(.*?)</span>', marked) == [
        url,
        "9\u00a0400\u00a0abonnés\u00a0confondus",  # no-break spaces join it
        "Communication_Et_Design",
        "anticonstitutionnellement",
    ]
    # the head, attributes, the style sheet and drawings as they were; "l'administration"
    # is 16 characters once its entity is read
    assert marked.replace('<span class="long">', "").replace("</span>", "") == page


def test_a_run_s_characters_are_those_that_are_no_tag_nor_space_or_that_join() -> None:
    from socialready.report.html import _RUN_CHARACTER, _SKIPPED_OR_LONG

    # the earlier pattern's run, with the same flags, against the one character class
    earlier = re.compile(r"(?:[^\s<>]|[\u00a0\u2007\u202f\u2060])", re.DOTALL | re.IGNORECASE)
    assert f"|({_RUN_CHARACTER}{{20,}})" in _SKIPPED_OR_LONG.pattern
    run = re.compile(_RUN_CHARACTER, _SKIPPED_OR_LONG.flags)
    differ = [
        hex(code)
        for code in range(0x110000)
        if bool(earlier.fullmatch(chr(code))) != bool(run.fullmatch(chr(code)))
    ]
    assert differ == []


def test_the_report_lets_long_runs_break_and_nothing_else(manufacturer: Assessment) -> None:
    page = render_html(manufacturer, "fr")
    assert ".long { overflow-wrap: anywhere; }" in page
    assert "overflow-wrap: anywhere" not in page.replace(".long { overflow-wrap: anywhere; }", "")
    runs = re.findall(r'<span class="long">(.*?)</span>', page)
    assert all(len(unescape(run)) >= 20 for run in runs)
    assert manufacturer.questionnaire.fingerprint in runs  # the method page's fingerprint
