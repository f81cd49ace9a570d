"""The report: contents in both languages, page numbers, staffing gaps, themes, snapshots."""

from __future__ import annotations

import io
import os
import re
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from socialready import Assessment, assess, load_questionnaire, load_responses
from socialready.report import (
    Theme,
    ThemeError,
    load_assessment_from_pdf,
    load_theme,
    render_html,
    render_pdf,
)
from socialready.report.i18n import CATALOGUE, LANGUAGES

ROOT = Path(__file__).parent.parent
EXAMPLES = ["agence-12", "manufacturer-400", "retailer"]
SNAPSHOTS = Path(__file__).parent / "snapshots"


@cache
def assessment(name: str) -> Assessment:
    return assess(
        load_questionnaire("social-readiness@1.0.0"),
        load_responses(ROOT / "tests" / "data" / "v1" / f"{name}.yaml"),
    )


@cache
def pdf_pages(name: str, lang: str) -> tuple[str, ...]:
    data = render_pdf(assessment(name), None, lang)
    assert data is not None
    return tuple(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def test_the_catalogue_speaks_every_language() -> None:
    for key, texts in CATALOGUE.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(t.strip() for t in texts.values()), key
        # the same placeholders in every language
        names = {lang: sorted(re.findall(r"{(\w+)}", t)) for lang, t in texts.items()}
        assert len({tuple(n) for n in names.values()}) == 1, key


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_example_renders_with_its_chapters(name: str, lang: str) -> None:
    a = assessment(name)
    pages = pdf_pages(name, lang)
    text = flat("\n".join(pages))
    assert a.responses.organisation.name in text
    assert a.overall.score is not None
    assert f"{round(a.overall.score)} " in text
    for key in ("summary", "scores", "action_plan", "staffing", "references", "method"):
        assert flat(CATALOGUE[key][lang]) in text, key
    for step in a.questionnaire.steps:
        assert flat(step.title[lang]) in text
    level = next(x for x in a.questionnaire.maturity_levels if x.id == a.overall.level)
    assert flat(level.name[lang]) in text
    # the reader never sees internal ids or raw booleans
    for ident in ("rec_", "staffing-", "customer_answering", "dont_know", "official_account"):
        assert ident not in text, ident
    assert not re.search(r"\b(True|False)\b", text)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_table_of_contents_points_at_the_right_pages(lang: str) -> None:
    pages = pdf_pages("manufacturer-400", lang)
    lines = [flat(line) for line in pages[1].splitlines()]
    entry = re.compile(r"(.+?[^/\s])\s+(\d+)")  # a title, then its page number (not "2 / 16")
    entries = [
        m.groups() for line in lines if (m := entry.fullmatch(line)) and int(m[2]) <= len(pages)
    ]
    assert len(entries) >= 9
    assert not [line for line in lines if ". . ." in line]  # no leader dots read out
    for title, number in entries:
        page = flat(pages[int(number) - 1])
        head = title.split("—")[-1].strip()
        assert head[:25] in page, (title, number)
    total = len(pages)
    assert f"2 / {total}" in flat(pages[1])
    assert f"{total} / {total}" in flat(pages[-1])


def test_staffing_gaps_appear_in_the_report() -> None:
    text = flat("\n".join(pdf_pages("manufacturer-400", "fr")))
    assert "Aucun responsable final pour « Animation du réseau interne »" in text
    assert (
        "Pas de suppléant pour « Réponse aux clients » : une seule personne, Karima Benali" in text
    )
    text = flat("\n".join(pdf_pages("manufacturer-400", "en")))
    assert "No backup for “Answering customers”: one person only, Karima Benali" in text


def test_french_formats_numbers_and_dates_with_babel() -> None:
    html = render_html(assessment("manufacturer-400"), "fr")
    assert "19 novembre 2026" in html
    assert "26\u202f%" in html
    english = render_html(assessment("manufacturer-400"), "en")
    assert "19 November 2026" in english  # British, as the report's spelling
    assert "26%" in english


def test_the_report_names_the_questionnaire_it_was_scored_against() -> None:
    a = assessment("retailer")
    text = flat("\n".join(pdf_pages("retailer", "en")))
    assert a.questionnaire.ref in text
    assert a.questionnaire.fingerprint[:40] in text.replace(" ", "")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_html_snapshot(lang: str) -> None:
    """Regenerate with SOCIALREADY_UPDATE_SNAPSHOTS=1 after an intended change, and review."""
    html = render_html(assessment("manufacturer-400"), lang)
    path = SNAPSHOTS / f"manufacturer-400.{lang}.html"
    if os.environ.get("SOCIALREADY_UPDATE_SNAPSHOTS"):
        path.write_text(html, encoding="utf-8")
    assert html == path.read_text(encoding="utf-8")


def test_archival_variant_carries_the_assessment(tmp_path: Path) -> None:
    a = assessment("agence-12")
    path = tmp_path / "report.pdf"
    assert render_pdf(a, path, "en", variant="pdf/a-3b") is None
    assert path.read_bytes().startswith(b"%PDF-")
    loaded = load_assessment_from_pdf(path)
    # everything but the consultant's own path to the answers file travels with the report
    assert loaded.responses.source is None
    without_path = a.responses.model_copy(update={"source": None})
    assert loaded == a.model_copy(update={"responses": without_path})


def test_where_the_answers_were_read_from_changes_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere.yaml"
    copy.write_bytes((ROOT / "tests" / "data" / "v1" / "agence-12.yaml").read_bytes())
    here = render_pdf(assessment("agence-12"), None, "fr")
    there = render_pdf(
        assess(load_questionnaire("social-readiness@1.0.0"), load_responses(copy)), None, "fr"
    )
    assert here == there


def test_plain_pdf_carries_no_assessment(tmp_path: Path) -> None:
    from socialready import SocialReadyError

    path = tmp_path / "report.pdf"
    render_pdf(assessment("agence-12"), path, "en")
    with pytest.raises(SocialReadyError, match=r"carries no assessment\.json"):
        load_assessment_from_pdf(path)


def test_a_theme_rebrands_the_report(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#0a7"/></svg>',
        encoding="utf-8",
    )
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "theme.html.j2").write_text(
        '{% extends "report.html.j2" %}\n'
        '{% block cover_note %}<p class="note">Lumen Conseil — diagnostic 2026</p>{% endblock %}\n',
        encoding="utf-8",
    )
    theme_file = tmp_path / "theme.yaml"
    theme_file.write_text(
        "name: Lumen\nlogo: logo.svg\nprimary: '#0a7a55'\nsecondary: '#aa3300'\n"
        "text_font: [DejaVu Serif]\ntemplates: templates\n",
        encoding="utf-8",
    )
    theme = load_theme(theme_file)
    html = render_html(assessment("retailer"), "en", theme)
    assert "--primary: #0a7a55" in html
    assert "Lumen Conseil — diagnostic 2026" in html
    assert 'src="data:image/svg+xml;base64,' in html
    data = render_pdf(assessment("retailer"), None, "en", theme)
    assert data is not None
    assert "Lumen Conseil" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_unknown_block_in_a_theme_is_located(tmp_path: Path) -> None:
    (tmp_path / "theme.html.j2").write_text(
        '{% extends "report.html.j2" %}\n\n{% block cover_nte %}x{% endblock %}\n',
        encoding="utf-8",
    )
    with pytest.raises(ThemeError) as caught:
        render_html(assessment("retailer"), "en", Theme(templates=tmp_path))
    (problem,) = caught.value.problems
    assert problem.line == 3
    assert problem.message == "unknown block 'cover_nte'"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("primary: red\n", "primary: 'red' is not a colour (expected '#' and 3 or 6 hex"),
        ("logo: missing.png\n", "no logo file"),
        ("secondary: '#12345'\n", "secondary: '#12345' is not a colour"),
        ("text_font: ['Arial; }']\n", "'Arial; }' is not a font family name"),
        ("colour: '#000'\n", "unknown field 'colour'"),
    ],
)
def test_bad_theme_is_a_clear_error(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "theme.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme(path)
    assert fragment in str(caught.value)
    assert all(p.line == 1 for p in caught.value.problems)


def test_notebook_summary_is_self_contained() -> None:
    a = assessment("manufacturer-400")
    html = a._repr_html_()  # type: ignore[attr-defined]
    assert "Verdier Hydraulique" in html
    assert "Structuration" in html
    assert "<svg" in html
    assert "Répondre à la demande des collaborateurs par un pilote" in html
    assert not re.search(r"""(src|href)\s*=""", html)
    assert "<script" not in html


def test_a_unit_after_one_is_singular() -> None:
    fr = render_html(assessment("manufacturer-400"), "fr")
    assert "1\u00a0personne" in fr  # the unit never alone at the start of a line
    assert "1\u00a0personnes" not in fr
    en = render_html(assessment("manufacturer-400"), "en")
    assert "1\u00a0person" in en
    assert "1\u00a0people" not in en


def test_french_spacing_of_the_assessors_own_text() -> None:
    # notes, evidence and free answers are typed with plain spaces: the report makes the
    # spaces before » ; : ! ? % and after « unbreakable (a run of them becomes one)
    a = assessment("manufacturer-400")
    notes = [x.note for x in a.responses.annotations.values() if x.note and "«" in x.note]
    assert notes, "the example has a note quoting a name in « »"
    html = render_html(a, "fr")
    assert "« " not in html.split("<body", 1)[1]
    assert "«\u202f" in html
    english = render_html(a, "en")
    assert "« " in english  # the assessor's French text, untouched in another language


def test_words_without_spaces_stay_on_the_page() -> None:
    # a name or a web address without spaces breaks where it must (the pages were looked at
    # as images: cover, appendix, running header ending in an ellipsis)
    import yaml

    data = yaml.safe_load(
        (ROOT / "tests" / "data" / "v1" / "agence-12.yaml").read_text(encoding="utf-8")
    )
    name = "Studio_Hélice_Communication_Et_Design_Graphique_Pour_Les_Marques_Depuis_2009"
    url = "https://intranet.example/documents/communication/charte-reseaux-sociaux-2026.pdf"
    data["organisation"]["name"] = name
    data["date"] = str(data["date"])
    data["answers"]["account_authorisation"] = {"value": "nobody_defined", "evidence": url}
    a = assess(load_questionnaire("social-readiness@1.0.0"), load_responses(data))
    data_pdf = render_pdf(a, None, "fr")
    assert data_pdf is not None
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data_pdf)).pages]
    assert name in "".join(pages[0].split())  # the cover title, over several lines
    assert any(url in "".join(page.split()) for page in pages)  # nothing of it lost
    html = render_html(a, "fr")
    assert ".long { overflow-wrap: anywhere; }" in html
    assert f'<span class="long">{name}</span>' in html  # the one run long enough to need it
    assert "text-overflow" not in html  # the running header's name is shortened in Python
    assert f'data-short="{name[:41]}…"' in html  # no space to cut at: cut within the word


LONG_NAME = (
    "Communauté d'agglomération des Établissements Verdier Hydraulique et Associés"
    " pour l'Industrie du Val de Loire Ouest Nord"
)[:120]


def test_a_120_character_name_leaves_the_text_layer_and_the_cover_intact(tmp_path: Path) -> None:
    """A CSS ellipsis made WeasyPrint record the hidden end of the name as the text of its "…"
    glyph: every "…" of that font then copied as that text, and poppler warned about the
    ToUnicode map. The name is now shortened in Python, and the cover's coloured band grows
    with the name."""
    import shutil
    import subprocess

    import yaml

    assert len(LONG_NAME) == 120
    data = yaml.safe_load(
        (ROOT / "tests" / "data" / "v1" / "manufacturer-400.yaml").read_text("utf-8")
    )
    data["organisation"]["name"] = LONG_NAME
    data["date"] = str(data["date"])
    a = assess(load_questionnaire("social-readiness@1.0.0"), load_responses(data))
    pdf = render_pdf(a, None, "en")
    assert pdf is not None
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None
    assert (reader.metadata.title or "").endswith(LONG_NAME)
    pages = [page.extract_text() for page in reader.pages]
    assert LONG_NAME in " ".join(pages[0].split())  # the whole name on the cover
    header = "\nCommunauté d'agglomération des… "  # at a word boundary, on one line
    assert all(header in page for page in pages[2:])
    text = "\n".join(pages)
    assert "(Teams, Slack, Google Chat…)" in text  # "…" is "…", not the end of the name
    words = " ".join(text.split())
    assert words.count("Val de Loire") == words.count(LONG_NAME)  # nowhere but in the name
    if shutil.which("pdftotext"):  # poppler reads the text layer without a warning
        path = tmp_path / "long.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        )
        assert done.stderr == ""
        assert "Google Chat…)" in done.stdout


MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
MINI_HEADER = {"questionnaire": "mini@1.0", "organisation": {"name": "Mini"}, "date": "2026-10-01"}


def mini(answers: dict[str, object], notes: dict[str, dict[str, str]] | None = None) -> Assessment:
    q = load_questionnaire(MINIMAL)
    given = {k: {"value": v, **(notes or {}).get(k, {})} for k, v in answers.items()}
    return assess(q, load_responses({**MINI_HEADER, "assessor": "A", "answers": given}, q))


def test_chapters_a_questionnaire_does_not_have_are_left_out() -> None:
    html = render_html(mini({"has_page": True, "network": "linkedin"}), "fr")
    assert 'id="staffing"' not in html
    assert 'href="#staffing"' not in html
    assert 'id="references"' not in html
    assert 'href="#references"' not in html
    assert "Diagnostic et plan d’action" in html  # one step, not the method's three
    assert "trois étapes" not in html
    assert "1er octobre 2026" in html


def test_strengths_and_weaknesses_with_few_dimensions() -> None:
    # one dimension at 100: a strength (absolute thresholds, not a ranking), and no weakness
    html = render_html(mini({"has_page": True, "network": "linkedin"}), "en")
    summary = html.split('id="summary"')[1].split("</section>")[0]
    strong = summary.split('<ul class="areas">')[1].split("</ul>")[0]
    assert "Presence" in strong
    assert '<li class="none">No dimension is below 40 out of 100.</li>' in summary
    html = render_html(mini({"has_page": False}), "en")
    summary = html.split('id="summary"')[1].split("</section>")[0]
    weak = summary.split('<ul class="areas weak">')[1].split("</ul>")[0]
    assert "Presence" in weak  # at 0: to strengthen, never a strength
    assert '<li class="none">No dimension reaches 60 out of 100.</li>' in summary


def test_a_section_with_no_answer_says_so() -> None:
    html = render_html(mini({}), "en")
    assert "No question of this section was answered." in html
    assert "Nothing stands out." not in html


def test_the_assessors_line_breaks_are_kept() -> None:
    a = mini({"has_page": True}, {"has_page": {"note": "First line\nSecond line"}})
    data = render_pdf(a, None, "en")
    assert data is not None
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert re.search(r"First line\s*\n\s*Second line", text)


def test_an_empty_roster_is_said_in_words() -> None:
    q = load_questionnaire(ROOT / "tests" / "data" / "scoring.yaml")
    header = {
        "questionnaire": "scoring-test@1.0.0",
        "organisation": {"name": "X"},
        "date": "2026-11-27",
        "assessor": "Y",
    }
    a = assess(q, load_responses({**header, "answers": {"staff": []}}, q))
    html = render_html(a, "en")
    assert "The list of dedicated staff was given empty." in html
    assert '<table class="matrix">' not in html


def test_a_response_without_any_score_reads_well() -> None:
    from socialready import questionnaire_from_data

    text = MINIMAL.read_text(encoding="utf-8").replace(
        "languages: [fr, en]\n", "languages: [fr, en]\nscoring: {unanswered: exclude}\n"
    )
    q = questionnaire_from_data(None, "mini.yaml", text=text)
    a = assess(q, load_responses({**MINI_HEADER, "assessor": "A", "answers": {}}, q))
    assert a.overall.score is None
    html = render_html(a, "en")
    assert "No overall score" in html
    assert "Mini has no overall score: no scored question was answered." in html
    assert "out of 100 overall" not in html
    assert 'class="level-meaning"' not in html
    assert "No scored question of this step was answered: it has no score." in html
    assert 'id="scale"' not in html  # no place on the scale without a score


def test_many_dimensions_are_drawn_as_bars() -> None:
    from socialready import questionnaire_from_data

    text = MINIMAL.read_text(encoding="utf-8")
    extra = "".join(
        f"  - id: d{i}\n    label: {{fr: Dimension numéro {i}, en: Dimension number {i}}}\n"
        for i in range(8)
    )
    text = text.replace("departments:\n", extra + "departments:\n", 1)
    tags = "[presence, " + ", ".join(f"d{i}" for i in range(8)) + "]"
    text = text.replace("dimensions: [presence]", f"dimensions: {tags}", 1)
    q = questionnaire_from_data(None, "mini.yaml", text=text)
    a = assess(
        q, load_responses({**MINI_HEADER, "assessor": "A", "answers": {"has_page": True}}, q)
    )
    assert len(a.dimensions) == 9
    scores = render_html(a, "en").split('id="scores"')[1].split("</section>")[0]
    assert "<polygon" not in scores  # no radar
    assert all(f"Dimension number {i}" in scores for i in range(8))
    seven = render_html(assessment("manufacturer-400"), "en").split('id="scores"')[1]
    assert "<polygon" in seven.split("</section>")[0]


def test_three_quarters_of_the_points_is_in_place_and_one_third_to_work_on() -> None:
    from socialready.report.view import build_view

    a = assessment("manufacturer-400")
    q = a.questionnaire
    v = build_view(a, "en", primary="#1f4e79", secondary="#e07a1f")
    strong = {row.question for step in v.steps for s in step.sections for row in s.strong}
    weak = {row.question for step in v.steps for s in step.sections for row in s.weak}
    appendix = [row.question for _title, rows in v.appendix for row in rows]
    assert len(appendix) == len(set(appendix)) == len(q.questions)  # every answer, once
    middle = 0
    for ident, result in a.questions.items():
        if result.normalised is None or not result.answered:
            continue
        label = q.questions[ident].label["en"]
        if result.normalised >= 3 / 4 - 1e-9:
            assert label in strong, ident
        elif result.normalised <= 1 / 3 + 1e-9:
            assert label in weak, ident
        else:  # 2/3 of the points: in the appendix only
            assert label not in strong | weak, ident
            middle += 1
    assert middle > 5


def test_what_the_assessor_typed_loses_only_its_final_line_break() -> None:
    from socialready.report.view import build_view

    a = mini({"has_page": True}, {"has_page": {"note": "First\nSecond\n", "evidence": "Doc\r\n"}})
    v = build_view(a, "en", primary="#1f4e79", secondary="#e07a1f")
    (row, _) = v.steps[0].sections[0].answers
    assert (row.note, row.evidence) == ("First\nSecond", "Doc")
    html = render_html(a, "en")
    assert "First\nSecond" in html  # kept: its cell's white space is pre-line
