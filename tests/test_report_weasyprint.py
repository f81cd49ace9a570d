"""report._weasyprint: what socialready adds to WeasyPrint while it writes a report — the
organisation's own words say their language in the structure tree; an SVG text with one
position is drawn once rather than letter by letter; a line of text is drawn without going
through Pango glyph by glyph, byte for byte as WeasyPrint draws it — and nothing of it
touches another PDF the process writes with WeasyPrint."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from socialready import assess, load_responses, questionnaire_for
from socialready.report import render_pdf
from socialready.report._weasyprint import _fill_html_parser_cache_once, writing_report

DEMOS = Path(__file__).parents[1] / "examples"


def _languages_in_structure(data: bytes) -> dict[tuple[str, str], int]:
    """(structure type, /Lang) → how many elements of the PDF's structure tree say it."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found: dict[tuple[str, str], int] = {}
    stack: list[object] = [PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"]]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            if "/Lang" in item:
                key = (str(item.get("/S")), str(item["/Lang"]))
                found[key] = found.get(key, 0) + 1
            if "/K" in item:
                stack.append(item["/K"])
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return found


def test_the_organisations_own_words_say_their_language_in_the_structure_tree() -> None:
    from weasyprint import HTML

    answers = load_responses(DEMOS / "manufacturer-400.yaml")  # language: fr
    a = assess(questionnaire_for(answers), answers)
    english, french = render_pdf(a, None, "en"), render_pdf(a, None, "fr")
    assert english is not None
    assert french is not None
    languages = _languages_in_structure(english)
    assert set(languages) == {("/Span", "fr")}
    assert languages[("/Span", "fr")] >= 20  # the sector, notes, evidence, the roster's people
    assert _languages_in_structure(french) == {}
    # another PDF the process writes with WeasyPrint comes out as WeasyPrint makes it
    other = HTML(string='<html lang="en"><p>Hello <span lang="de">Welt</span></p>').write_pdf(
        pdf_tags=True
    )
    assert _languages_in_structure(other) == {}


LABELS = """<html><body style="margin: 0">
<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120"
     font-family="DejaVu Sans" font-size="10">
<text x="10" y="20">Start label</text>
<text x="290" y="40" text-anchor="end">End label</text>
<text x="150" y="60" text-anchor="middle">Middle label</text>
<text x="10" y="80"><tspan x="10" y="80">Line one</tspan>
<tspan x="10" y="95">Line two</tspan></text>
<text x="200 210 220" y="110">abc</text>
</svg></body></html>"""
"""The charts' kinds of label: anchored at their start, end or middle, lines of tspans; and
a text whose letters each have their position, which is drawn as WeasyPrint draws it."""


def _text_drawings(data: bytes) -> int:
    """How many text-showing operators (Tj, TJ) the PDF's streams hold."""
    from pypdf.generic import IndirectObject, StreamObject

    reader = PdfReader(io.BytesIO(data))
    count = 0
    for number in range(1, int(reader.trailer["/Size"])):
        item = reader.get_object(IndirectObject(number, 0, reader))
        if isinstance(item, StreamObject):
            count += len(re.findall(rb"T[Jj]\b", item.get_data()))
    return count


def _words(data: bytes, tmp_path: Path) -> list[tuple[str, float, float, float]]:
    """Each word poppler reads, with its left, right and top edges (points)."""
    path = tmp_path / "labels.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [(w, float(x0), float(x1), float(y0)) for x0, y0, x1, w in re.findall(pattern, out)]


def test_an_svg_label_is_drawn_once_where_weasyprint_draws_it_letter_by_letter(
    tmp_path: Path,
) -> None:
    from weasyprint import HTML

    with writing_report():
        ours = HTML(string=LABELS).write_pdf()
    theirs = HTML(string=LABELS).write_pdf()  # outside a report: WeasyPrint's own drawing
    # five strings drawn once each, the three letters placed one by one drawn one by one
    assert _text_drawings(ours) == 5 + 3
    letters = "StartlabelEndlabelMiddlelabelLineoneLinetwoabc"
    assert _text_drawings(theirs) == len(letters)  # a drawing per letter (none per space)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    mine, original = _words(ours, tmp_path), _words(theirs, tmp_path)
    assert (
        [w for w, *_ in mine]
        == [w for w, *_ in original]
        == [
            "Start",
            "label",
            "End",
            "label",
            "Middle",
            "label",
            "Line",
            "one",
            "Line",
            "two",
            "abc",
        ]
    )
    for (_, left, right, top), (_, left_0, right_0, top_0) in zip(mine, original, strict=True):
        # the same place: only the kerning of whole strings, hundredths of a point
        assert abs(left - left_0) < 0.1
        assert abs(right - right_0) < 0.1
        assert top == top_0


def test_a_report_s_charts_are_drawn_a_label_at_a_time() -> None:
    answers = load_responses(DEMOS / "manufacturer-400.yaml")
    data = render_pdf(assess(questionnaire_for(answers), answers), None, "fr")
    assert data is not None
    # the nine charts' labels a text drawing each: 1,906 text drawings in the whole PDF,
    # against 3,611 letter by letter (the timeline's action titles alone are over a thousand)
    assert _text_drawings(data) < 2_500
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Présence externe" in text  # a radar label, read as it is written


def test_the_html_parser_builds_no_expression_it_was_given_and_parses_the_same() -> None:
    import tinyhtml5
    import tinyhtml5.inputstream as inputstream

    from socialready.report import render_html

    answers = load_responses(DEMOS / "manufacturer-400.yaml")
    page = render_html(assess(questionnaire_for(answers), answers), lang="fr")
    filled = dict(inputstream.characters_until_regex)
    inputstream.characters_until_regex.clear()
    try:
        as_tinyhtml5_parses = tinyhtml5.parse(page, namespace_html_elements=False)
        _fill_html_parser_cache_once.__wrapped__()  # as writing the first report does
        compiled: list[str] = []

        class Counting:
            def __getattr__(self, name: str) -> object:
                return getattr(re, name)

            def compile(self, pattern: str) -> re.Pattern[str]:
                compiled.append(pattern)
                return re.compile(pattern)

        inputstream.re = Counting()
        try:
            as_filled_parses = tinyhtml5.parse(page, namespace_html_elements=False)
        finally:
            inputstream.re = re
    finally:
        inputstream.characters_until_regex.clear()
        inputstream.characters_until_regex.update(filled)
    assert compiled == []
    from xml.etree import ElementTree

    assert ElementTree.tostring(as_filled_parses) == ElementTree.tostring(as_tinyhtml5_parses)


def test_a_page_without_notes_is_styled_without_their_rules_and_comes_out_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint import HTML

    from socialready.report import _weasyprint

    answers = load_responses(DEMOS / "manufacturer-400.yaml")
    a = assess(questionnaire_for(answers), answers)
    trimmed = render_pdf(a, None, "fr")
    assert type(_weasyprint.html_document("<p>a</p>", "p {}")).__name__ == "WithoutNotes"
    assert type(_weasyprint.html_document("<p>a</p>", None)) is HTML  # the page styles itself
    monkeypatch.setattr(_weasyprint, "_html_without_notes", lambda: None)
    assert type(_weasyprint.html_document("<p>a</p>", "p {}")) is HTML
    assert render_pdf(a, None, "fr") == trimmed  # byte for byte


@pytest.mark.parametrize(
    "page",
    [
        '<p>Claim<span style="float: footnote">Source of the claim</span></p>',
        '<p>Claim<span style="FLOAT:FOOTNOTE">Source of the claim</span></p>',
        '<p>Claim<span style="float: foot&#110;ote">Source of the claim</span></p>',
        '<p>Claim<span/style="float: footnote">Source of the claim</span></p>',
        "<style>span { float: foot\\6e ote }</style><p>Claim<span>Source of the claim</span></p>",
        "<style>span { float: footnote }</style><p>Claim<span>Source of the claim</span></p>",
    ],
)
def test_a_page_that_may_make_a_footnote_keeps_its_call_and_marker(page: str) -> None:
    from weasyprint import CSS

    from socialready.report import _weasyprint
    from socialready.report.pdf import _split_stylesheet

    body, css = _split_stylesheet(page)
    document = _weasyprint.html_document(body, css)
    assert type(document).__name__ == "HTML"
    sheets = [CSS(string=css)] if css is not None else None
    data = document.write_pdf(stylesheets=sheets)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Claim1" in text.replace(" ", "")
    assert "1.Source" in text.replace(" ", "")


def test_the_tag_tree_lists_the_pages_once_and_names_each_element_s_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pydyf

    listed: list[int] = []
    references = pydyf.PDF.page_references

    def counted(pdf: pydyf.PDF) -> tuple[bytes, ...]:
        listed.append(1)
        return references.fget(pdf)  # type: ignore[no-any-return]

    monkeypatch.setattr(pydyf.PDF, "page_references", property(counted))
    answers = load_responses(DEMOS / "agence-12.yaml")
    data = render_pdf(assess(questionnaire_for(answers), answers), None, "en")
    reader = PdfReader(io.BytesIO(data))
    assert len(listed) <= 2 * len(reader.pages) + 50  # not once per structure element
    pages = {page.indirect_reference.idnum for page in reader.pages}
    named = [
        reader.get_object(number).get("/Pg")
        for number in range(1, int(reader.trailer["/Size"]))
        if isinstance(reader.get_object(number), dict) and "/Pg" in reader.get_object(number)
    ]
    assert len(named) > 500
    assert {reference.idnum for reference in named} <= pages


LINES = """<html lang="en"><head><style>
body { font-family: "DejaVu Sans"; font-size: 11pt }
.ellipsis { width: 6em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis }
.clamped { width: 10em; overflow: hidden; line-clamp: 2 }
.spaced { letter-spacing: 0.3em; word-spacing: 1em }
.justified { text-align: justify; width: 12em }
</style></head><body>
<p>Plain text, kerned: AVATAR Wa To “quoted” 1,234.56 €</p>
<p style="font-family: 'DejaVu Serif'">Ligatures: office affine efficient waffle</p>
<p style="font-family: 'Liberation Serif'">Ligatures: office affine AVAT Wa To</p>
<p dir="rtl" lang="ar">مرحبا بالعالم، هذا نص عربي</p>
<p dir="rtl" lang="ar">بِسْمِ ٱللَّٰهِ ٱلرَّحْمَٰنِ</p>
<p dir="rtl" lang="he">שלום עולם, זה טקסט בעברית 123</p>
<p lang="he">בְּרֵאשִׁית בָּרָא</p>
<p>Mixed: English العربية עברית English</p>
<p>Combining: e\u0301 a\u0300 n\u0303 o\u0308\u0301 x\u20dd</p>
<p>Missing: \ue000 \U0010fffd end</p>
<p>Emoji: \U0001f600 \u263a \u2713 \U0001f680 end</p>
<p>Other scripts: 漢字かなカナ 한국어 ไทย देवनागरी</p>
<p>Soft\u00adhyphen zero\u200bwidth joiner\u200d non\u200cjoiner nbsp\u00a0here</p>
<div class="ellipsis">This text is much too long and ends with an ellipsis</div>
<div class="clamped">This paragraph is clamped to two lines, with an ellipsis at the end of it</div>
<p class="spaced">Letter spacing and word spacing</p>
<p class="justified">Justified text that goes on long enough to wrap over several lines.</p>
<p>Sub<sub>script</sub> and sup<sup>erscript</sup></p>
<p>A line, then one <span style="font-size: 0.0000001pt">too small to draw</span></p>
<svg width="300" height="60" font-family="DejaVu Sans" font-size="10">
<text x="10" y="20">An SVG label, office \u263a é</text>
<text x="10" y="40" letter-spacing="2">Spaced</text><text x="10 20 30" y="55">abc</text>
</svg>
</body></html>"""
"""Lines of the kinds a report has (kerning, ligatures, right-to-left text, marks, text in
other scripts, spacing) and of kinds left to WeasyPrint: a character no font has, marks
placed above or below (an Arabic text's vowels), a text cut short by an ellipsis."""


def _line_drawings(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The texts of the lines socialready draws, of those it leaves to WeasyPrint."""
    from socialready.report import _weasyprint

    drawn: list[str] = []
    left: list[str] = []
    draw = _weasyprint._LineDrawing.draw

    def counted(self: object, stream: object, textbox: object, matrix: object) -> bool:
        done: bool = draw(self, stream, textbox, matrix)  # type: ignore[arg-type]
        (drawn if done else left).append(textbox.text)  # type: ignore[attr-defined]
        return done

    monkeypatch.setattr(_weasyprint._LineDrawing, "draw", counted)
    return drawn, left


@pytest.mark.parametrize("variant", [None, "pdf/ua-1"])
def test_a_line_is_drawn_byte_for_byte_as_weasyprint_draws_it_glyph_by_glyph(
    monkeypatch: pytest.MonkeyPatch, variant: str | None
) -> None:
    from weasyprint import HTML
    from weasyprint.draw import text

    options = {"pdf_variant": variant} if variant else {}
    with writing_report():
        drawing = text.draw_first_line
        glyph_by_glyph = drawing.__wrapped__
        drawn, left = _line_drawings(monkeypatch)
        ours = HTML(string=LINES).write_pdf(**options)
        monkeypatch.setattr(text, "draw_first_line", glyph_by_glyph)
        theirs = HTML(string=LINES).write_pdf(**options)
    assert ours == theirs
    assert len(drawn) > 20
    assert any("office" in line for line in drawn)  # ligatures
    assert any("עולם" in line for line in drawn)  # right to left
    assert any("An SVG label" in line for line in drawn)
    # a character no font has (.notdef), vowels placed above and below the letters
    assert any("Missing" in line for line in left)
    assert any("بِسْمِ" in line for line in left)
    # the ellipsis: left to WeasyPrint before any line of it is looked at
    assert not any("ellipsis" in line or "clamped" in line for line in drawn + left)


def test_outside_a_report_weasyprint_draws_its_lines_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint import HTML
    from weasyprint.draw import text

    with writing_report():
        pass  # the drawing is wrapped once, the first time a report is written
    drawing = text.draw_first_line
    drawn, left = _line_drawings(monkeypatch)
    other = HTML(string=LINES).write_pdf()
    assert drawn == left == []
    monkeypatch.setattr(text, "draw_first_line", drawing.__wrapped__)
    assert HTML(string=LINES).write_pdf() == other
