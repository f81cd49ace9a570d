"""report._weasyprint: what socialready adds to WeasyPrint while it writes a report — the
organisation's own words say their language in the structure tree; an SVG text with one
position is drawn once rather than letter by letter; a line of text is drawn without going
through Pango glyph by glyph, byte for byte as WeasyPrint draws it; the PDF's values are
written as pydyf writes them — and nothing of it touches another PDF the process writes
with WeasyPrint or pydyf."""

from __future__ import annotations

import io
import operator
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


LENGTHS = """<html><head><style>
@page { size: 210mm 297mm; margin: 5% 10% calc(4% + 6mm) 8%;
        @top-center { content: "Head"; width: 40%; padding: 2% } }
body { font-family: DejaVu Sans; font-size: 10pt; margin: 2% auto; padding: 1em 3%; width: 90% }
.border { box-sizing: border-box; width: 50%; padding: 5% 2em; border: 3px solid red;
          min-height: 20%; max-width: calc(100% - 40px) }
.padding { box-sizing: padding-box; width: 30%; padding: 4px 1%; margin: 0 auto; max-height: 50% }
.bounds { min-width: 30%; max-width: 60%; width: min(400px, 70%); height: max(2em, 10%);
          margin: 1% 0 clamp(1px, 2%, 9px) }
.radii { border-radius: 10% 20px 30% / 5% 10%; border: 2px dotted blue; background: #eee;
         padding: 3% }
table { border-collapse: collapse; width: 80%; margin: 0 5% }
td, th { border: 2px solid black; padding: 1% 2px; width: 25% }
td.wide { border-width: 4px; width: calc(10% + 20px) }
table.apart { border-collapse: separate; border-spacing: 2px; width: auto }
.flex { display: flex; width: 70% } .flex > div { flex: 1; padding: 2%; min-width: 10% }
.grid { display: grid; grid-template-columns: 30% 1fr; gap: 2% }
.grid > div { padding: 1%; margin: 2% }
.float { float: right; width: 20%; margin: 1% }
.columns { columns: 2; column-gap: 4% }
.inline { display: inline-block; width: 12%; padding: 1%; text-indent: 10% }
svg { width: 20%; max-width: 100px; height: auto }
</style></head><body>
<div class="border">border-box</div>
<div style="height: 40px; min-height: 5%; max-height: 10%; box-sizing: border-box; padding: 2px">
 a height in pixels</div>
<div style="height: calc(20px + 1%)">a height in calc()</div>
<div class="padding">padding-box</div><div class="bounds">min() max() clamp()</div>
<div class="radii">radii <span class="inline">inline block</span> and
 <span style="padding: 0 3%; margin: 0 2%">inline padding</span></div>
<table><thead><tr><th>A</th><th>B</th></tr></thead><tr><td>1</td><td class="wide">2</td></tr>
<tr><td colspan="2" style="height: 10%">3</td></tr></table>
<table class="apart"><tr><td>x</td><td>y</td></tr></table>
<div class="flex"><div>one</div><div>two</div></div>
<div class="grid"><div>g1</div><div>g2</div><div>g3</div></div>
<div class="float">float</div><p style="text-indent: 5%">Lorem ipsum dolor sit amet, WORDS</p>
<div class="columns">PARAGRAPHS</div>
<svg viewBox="0 0 10 10"><rect width="50%" height="50%"/></svg>
</body></html>""".replace("WORDS", "consectetur adipiscing elit " * 40).replace(
    "PARAGRAPHS", "<p>column text</p>" * 30
)
"""Lengths in pixels, percent, calc() and the other math functions, with their bounds, on
pages with margins in percent, boxes sized by their border or padding box, tables whose
borders collapse or not, rounded corners, flex and grid containers, floats and columns."""


def _boxes_lengths(document: object) -> list[tuple[str, list[tuple[str, object]]]]:
    """Each box of each page with its attributes that are numbers, strings or None, in the
    order they were set."""
    found = []
    for page in document.pages:  # type: ignore[attr-defined]
        for box in page._page_box.descendants():
            values = [(k, v) for k, v in vars(box).items() if isinstance(v, int | float | str)]
            found.append((type(box).__name__, values))
    return found


def test_a_box_s_lengths_are_set_as_weasyprint_sets_them(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from weasyprint import HTML
    from weasyprint.layout import percent

    with writing_report():
        ours = HTML(string=LENGTHS).render()
        ours_pdf = ours.write_pdf(pdf_tags=True)
    ours_lengths = _boxes_lengths(ours)
    fast = percent.resolve_percentages
    original = fast.__wrapped__
    modules = [
        module
        for name, module in sys.modules.items()
        if name.startswith("weasyprint.") and vars(module).get("resolve_percentages") is fast
    ]
    assert len(modules) >= 9  # the layout of blocks, inlines, tables, pages, ...
    for module in modules:
        monkeypatch.setattr(module, "resolve_percentages", original)
    with writing_report():
        theirs = HTML(string=LENGTHS).render()
        theirs_pdf = theirs.write_pdf(pdf_tags=True)
    assert len(ours.pages) == 2
    assert len(ours_lengths) > 100
    assert ours_lengths == _boxes_lengths(theirs)  # same attributes, values and order
    assert ours_pdf == theirs_pdf  # byte for byte


def test_a_box_s_lengths_outside_a_report_are_set_by_weasyprint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint import HTML
    from weasyprint.layout import percent

    calls: list[str] = []
    one = percent.resolve_one_percentage

    def counted(box: object, name: str, refer_to: object) -> None:
        calls.append(name)
        one(box, name, refer_to)

    # what WeasyPrint's resolve_percentages calls for each length
    monkeypatch.setattr(percent, "resolve_one_percentage", counted)
    page = '<p style="width: 50%; padding: 1em 2%">Hello</p>'
    with writing_report():
        ours = HTML(string=page).write_pdf()
    assert calls == []
    theirs = HTML(string=page).write_pdf()
    assert calls.count("width") >= 3  # the page, html, body, p
    assert ours == theirs


FONTS = """<html lang="fr"><body style="font-family: DejaVu Sans; font-size: 10pt">
<h1 style="font-family: DejaVu Serif, serif; font-weight: bold">Titre</h1>
<p>Du texte <em>en italique</em>, <strong>en gras</strong>, <small>plus petit</small>,
<span style="font-variant: small-caps">petites capitales</span>,
<span style="font-stretch: condensed">étroit</span>, <u>souligné</u>, <s>barré</s>,
<span style="font-variation-settings: 'wght' 600">variable</span>,
<span style="font-feature-settings: 'liga' 0">ffi</span>,
<span lang="en" style="font-family: DejaVu Sans Mono">in English</span>.</p>
<p style="font-size: 13.37px; line-height: 1.7">A size of its own.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" font-family="DejaVu Sans, serif">
<text x="10" y="20" font-size="12">Start label</text>
<text x="10" y="45" font-size="9" font-weight="bold">Bold label</text></svg>
</body></html>"""
"""Text in several families, styles, weights, stretches, sizes and variants, decorated or
not, in two languages, and the labels of an SVG (whose family WeasyPrint gives as a list)."""


def test_a_text_s_font_description_is_made_once_and_the_pdf_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint import HTML
    from weasyprint.text import line_break

    with writing_report():
        ours = HTML(string=FONTS).write_pdf(pdf_tags=True)
    kept = line_break.get_font_description
    monkeypatch.setattr(line_break, "get_font_description", kept.__wrapped__)
    with writing_report():
        theirs = HTML(string=FONTS).write_pdf(pdf_tags=True)
    assert ours == theirs  # byte for byte
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(ours)).pages)
    assert "Bold label" in text


def test_a_font_description_is_kept_only_while_writing_a_report() -> None:
    from weasyprint.text import line_break

    with writing_report():
        pass  # the wrappers are in place
    style = {
        "font_family": ["DejaVu Sans", "serif"],  # a list, as an SVG text's style gives it
        "font_style": "normal",
        "font_stretch": "normal",
        "font_weight": 400,
        "font_size": 12.5,
        "font_variant_caps": "normal",
        "font_variation_settings": "normal",
    }
    describe = line_break.get_font_description
    with writing_report():
        assert describe(style) is describe(dict(style, font_family=("DejaVu Sans", "serif")))
        assert describe(style) is not describe(dict(style, font_size=12.25))
        unhashable = dict(style, font_variation_settings=[("wght", 600.0)])
        assert describe(unhashable) is not describe(unhashable)  # made each time
    assert describe(style) is not describe(style)  # outside a report: WeasyPrint's, each time


def test_a_style_s_strut_is_worked_out_once_while_its_values_stay_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint.css import Style
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.text import line_break
    from weasyprint.text.fonts import FontConfiguration

    with writing_report():
        pass  # the wrappers are in place
    keys: list[str] = []
    key = line_break._font_style_cache_key

    def counted(style: object, include_size: bool = False) -> str:
        keys.append(key(style, include_size))
        return key(style, include_size)

    monkeypatch.setattr(line_break, "_font_style_cache_key", counted)
    style = Style()
    style.update(INITIAL_VALUES)
    style.font_config = FontConfiguration()
    style.update(font_family=("DejaVu Sans",), font_size=12.0, line_height=1.5, lang="fr")
    strut = line_break.strut
    with writing_report():
        first = strut(style)
        assert strut(style) is first  # kept on the style
        assert len(keys) == 1
        assert first[0] == 18.0
        style["line_height"] = 2.0  # another value: worked out again
        assert strut(style)[0] == 24.0
        assert len(keys) == 2
        style["font_weight"] = 700  # even one the answer may not depend on
        strut(style)
        assert len(keys) == 3
    strut(style)
    assert len(keys) == 4  # outside a report: WeasyPrint's, which looks in its cache again


def test_the_kept_struts_give_the_same_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from weasyprint import HTML
    from weasyprint.text import line_break

    page = FONTS.replace("<p>", '<p style="line-height: normal">', 1)
    with writing_report():
        ours = HTML(string=page).write_pdf(pdf_tags=True)
    kept = line_break.strut
    holders = [
        m
        for n, m in sys.modules.items()
        if n.startswith("weasyprint") and vars(m).get("strut") is kept
    ]
    assert len(holders) >= 4  # line breaking, inline layout, units and computed values
    for module in holders:
        monkeypatch.setattr(module, "strut", kept.__wrapped__)
    with writing_report():
        theirs = HTML(string=page).write_pdf(pdf_tags=True)
    assert ours == theirs  # byte for byte


REPEATED_LINES = """<html lang="fr"><body style="font-family: DejaVu Sans; font-size: 10pt">
<table style="width: 100%; table-layout: fixed">{rows}</table>
<p style="text-align: justify; hyphens: auto; width: 40mm">Une organisation qui veut utiliser
les réseaux sociaux à bon escient commence par dresser un bilan de la situation actuelle.</p>
<p style="text-align: justify; hyphens: auto; width: 40mm">Une organisation qui veut utiliser
les réseaux sociaux à bon escient commence par dresser un bilan de la situation actuelle.</p>
<p style="letter-spacing: 1px; word-spacing: 3px">À travailler</p>
<p style="font-variant: small-caps">À travailler</p>
<p style="text-decoration: underline">À travailler</p>
<p lang="en" style="hyphens: auto; width: 25mm">Unquestionably extraordinary responsibilities</p>
<p lang="de" style="hyphens: auto; width: 25mm">Unquestionably extraordinary responsibilities</p>
<pre style="tab-size: 4">À\ttravailler</pre><pre style="tab-size: 8">À\ttravailler</pre>
<p style="overflow-wrap: anywhere; width: 20mm">https://exemple.fr/une/adresse/tres/longue</p>
<p style="hyphenate-limit-zone: 2em; hyphens: auto; width: 30mm">Responsabilités extraordinaires</p>
<p dir="rtl" lang="ar">مرحبا بالعالم</p><p dir="rtl" lang="ar">مرحبا بالعالم</p>
</body></html>""".replace(
    "{rows}",
    "".join(
        f'<tr><td style="width: {width}mm">À travailler</td><td>1 / 3</td></tr>'
        for width in (30, 30, 30, 22, 22, 15)
    ),
)
"""Lines repeated in the same and in other styles, justified, hyphenated in two languages,
spaced, in small capitals, underlined, with tabs of two sizes, broken anywhere, with a
hyphenation zone in em, and right to left."""


def test_a_line_broken_again_in_a_report_gives_the_same_pdf(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint import HTML
    from weasyprint.layout import inline

    with writing_report():
        ours = HTML(string=REPEATED_LINES).write_pdf(pdf_tags=True)
    monkeypatch.setattr(inline, "split_first_line", inline.split_first_line.__wrapped__)
    with writing_report():
        theirs = HTML(string=REPEATED_LINES).write_pdf(pdf_tags=True)
    assert ours == theirs  # byte for byte


def test_a_line_is_broken_once_in_a_report_and_again_in_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint import HTML
    from weasyprint.text import line_break

    measure = line_break.first_line_metrics  # where WeasyPrint's breaking of a line ends
    texts: list[str] = []

    def counted(first_line: object, text: str, *args: object, **kwargs: object) -> object:
        texts.append(text)
        return measure(first_line, text, *args, **kwargs)

    monkeypatch.setattr(line_break, "first_line_metrics", counted)
    for _ in range(2):  # each report breaks its own lines
        texts.clear()
        with writing_report():
            laid_out = HTML(string=REPEATED_LINES).render()
        assert texts.count("1 / 3") == 1  # six cells of the same width and style
        # the cells (one width: a fixed table takes its columns from its first row), then
        # the spaced, the small capitals and the underlined texts
        assert texts.count("À travailler") == 1 + 3
    boxes = [
        box
        for page in laid_out.pages
        for box in page._page_box.descendants()
        if getattr(box, "pango_layout", None) is not None and box.text == "1 / 3"
    ]
    assert len(boxes) == 6
    assert len({id(box.pango_layout) for box in boxes}) == 6  # each its own layout
    texts.clear()
    HTML(string=REPEATED_LINES).render()  # outside a report: every line broken by WeasyPrint
    assert texts.count("1 / 3") == 6


def _pydyf_values() -> st.SearchStrategy[object]:
    """What pydyf writes: numbers, bytes, text (some of it not ASCII), and its arrays,
    dictionaries and strings holding them, as well as a bool and subclasses."""
    import pydyf

    class Size(float):
        pass

    leaves = st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([-0.0, 0.0, 1e-300, 5e-324, 1e300, -1e22, 0.1, 2.5, 1 / 3]),
        st.integers(),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.booleans(),
        st.builds(Size, st.floats(-1e6, 1e6)),
        st.binary(max_size=12),
        st.text(max_size=12),
        st.text(alphabet="abc/()\\ ", max_size=12),
        st.builds(pydyf.String, st.text(max_size=12)),
        st.builds(pydyf.String, st.binary(max_size=12)),
    )
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.builds(pydyf.Array, st.lists(children, max_size=4)),
            st.builds(
                pydyf.Dictionary,
                st.dictionaries(st.text(alphabet="ABCKPSTx", min_size=1), children, max_size=4),
            ),
        ),
        max_leaves=12,
    )


def _written(to_bytes: Callable[[object], bytes], value: object) -> bytes | str:
    try:
        return to_bytes(value)
    except Exception as exc:  # text not in ASCII, an integer too long to write
        return type(exc).__name__


@settings(max_examples=1000, deadline=None)
@given(_pydyf_values())
def test_a_report_s_pdf_values_are_written_as_pydyf_writes_them(value: object) -> None:
    import pydyf

    with writing_report():
        pass  # the wrappers are in place
    theirs = _written(pydyf._to_bytes, value)  # outside a report: all pydyf's own
    with writing_report():
        assert _written(pydyf._to_bytes, value) == theirs
        if isinstance(value, pydyf.Dictionary | pydyf.Array):
            assert _written(operator.attrgetter("data"), value) == theirs


def test_outside_a_report_pydyf_writes_its_values_itself() -> None:
    import pydyf

    from socialready.report._weasyprint import _to_bytes

    with writing_report():
        pass  # the wrappers are in place
    assert pydyf._to_bytes is not pydyf._to_bytes.__wrapped__
    asked: list[object] = []

    def theirs(item: object) -> bytes:
        asked.append(item)
        return pydyf._to_bytes.__wrapped__(item)

    to_bytes = _to_bytes(theirs, frozenset((pydyf.Dictionary, pydyf.Array)))
    values = [b"re", "/F1", 1.5, 2.0, 3, pydyf.Array([1, 2.5])]
    written = [b"re", b"/F1", b"1.5", b"2", b"3", b"[1 2.5]"]
    assert [to_bytes(value) for value in values] == written
    assert asked == values  # outside a report: pydyf's, for everything
    asked.clear()
    with writing_report():
        assert [to_bytes(value) for value in values] == written
        assert asked == []
        # a bool, an object of a class not given: not of the exact classes written here
        assert to_bytes(True) == b"True"
        assert to_bytes(pydyf.String("a")) == b"(a)"
        assert len(asked) == 2
        assert asked[0] is True


def test_the_pdf_written_with_pydyf_s_own_writing_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pydyf
    from weasyprint import HTML

    from socialready.report.pdf import _finish

    options = {"pdf_tags": True, "pdf_identifier": b"0" * 32, "finisher": _finish}
    with writing_report():
        ours = HTML(string=FONTS).write_pdf(**options)
    monkeypatch.setattr(pydyf, "_to_bytes", pydyf._to_bytes.__wrapped__)
    for kind in (pydyf.Dictionary, pydyf.Array):
        monkeypatch.setattr(kind, "data", property(kind.data.fget.__wrapped__))
    with writing_report():
        theirs = HTML(string=FONTS).write_pdf(**options)
    assert ours == theirs  # byte for byte


STYLES = """<html lang="fr"><head><style>
@page { size: A5; margin: 1cm; @bottom-center { content: counter(page); color: gray } }
@page wide { size: A5 landscape }
:root { --accent: #036; --gap: calc(2px + 1mm); font: 11pt/1.4 DejaVu Sans }
body { color: var(--accent); margin: var(--gap) 2em; text-decoration: underline }
h1 { font-size: 2em; border-bottom: 0.1em solid currentColor; letter-spacing: calc(1px + 0.05em) }
.inherit { color: inherit; border-color: inherit; padding: inherit; margin: initial }
.initial { font-size: initial; line-height: initial; text-decoration-line: initial }
.logical { margin-inline-start: 3em; padding-block-end: 1rem; border-inline-end: 2px solid }
.float { float: left; width: 30%; position: relative; top: 2px }
.abs { position: absolute; display: inline; right: 0 }
.landscape { page: wide; break-before: page }
.missing { color: var(--nowhere, olive); width: var(--nowhere) }
.gradient { background: linear-gradient(to right, var(--accent), white); direction: rtl;
            margin-left: 1em; margin-inline-start: 2em }
.size { font-size: larger; line-height: 2; word-spacing: 0.2em; text-indent: 5% }
.math { width: min(50%, 80mm); height: clamp(1em, 5vh, 40px); margin-top: max(1em, 10px) }
ul { list-style: square inside } li::marker { color: red } p::first-letter { font-weight: bold }
table { border-collapse: collapse; width: 100% } td { border: 1px solid; padding: 0.3em }
a::after { content: " (" attr(href) ")"; font-style: italic }
</style></head><body>
<h1>Un titre</h1><p class="inherit">Hérité <em>et</em> <a href="#x">lien</a></p>
<p class="initial">Valeurs initiales</p><p class="logical">Propriétés logiques</p>
<div class="float">Flottant</div><p class="abs">Positionné</p><p class="missing">Repli</p>
<p class="size">Plus grand</p><p class="gradient">Dégradé</p><div class="math">Fonctions</div>
<ul><li>un</li><li>deux</li></ul><table><tr><td>1</td><td class="inherit">2</td></tr></table>
<section class="landscape"><p>Page à l'italienne</p>
<svg width="40" height="20"><text x="2" y="12" style="font-size: 8px">SVG</text></svg></section>
</body></html>"""
"""Values set by rules and not, inherited and not, the keywords `inherit` and `initial`,
custom properties and `var()` with and without fallback, math functions, logical
properties, text decorations, floats and positions, named pages, pseudo-elements, margin
boxes and an SVG."""


def _styles(document: object) -> list[list[tuple[str, object]]]:
    """The computed values of each box of each page, in the order they were computed (each
    value as it prints, without the address some objects print)."""
    return [
        [(key, re.sub(r" at 0x[0-9a-f]+", "", repr(value))) for key, value in box.style.items()]
        for page in document.pages  # type: ignore[attr-defined]
        for box in page._page_box.descendants()
    ]


def test_a_box_s_style_values_are_computed_as_weasyprint_computes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint import HTML
    from weasyprint.css import ComputedStyle

    with writing_report():
        ours = HTML(string=STYLES).render()
        ours_pdf = ours.write_pdf(pdf_tags=True)
    missing = ComputedStyle.__missing__
    monkeypatch.setattr(ComputedStyle, "__missing__", missing.__wrapped__)
    with writing_report():
        theirs = HTML(string=STYLES).render()
        theirs_pdf = theirs.write_pdf(pdf_tags=True)
    ours_styles = _styles(ours)
    assert len(ours.pages) == 2
    assert sum(map(len, ours_styles)) > 2000
    assert ours_styles == _styles(theirs)  # same values, computed in the same order
    assert ours_pdf == theirs_pdf  # byte for byte


def test_a_style_outside_a_report_is_computed_by_weasyprint() -> None:
    import sys
    from types import FrameType

    from weasyprint import HTML
    from weasyprint.css import ComputedStyle

    with writing_report():
        pass  # the wrappers are in place
    theirs_code = ComputedStyle.__missing__.__wrapped__.__code__
    calls = {"ours": 0, "theirs": 0}

    def count(frame: FrameType, event: str, arg: object) -> None:
        if event == "call" and frame.f_code is theirs_code:
            calls["theirs"] += 1
        elif event == "call" and frame.f_code is ComputedStyle.__missing__.__code__:
            calls["ours"] += 1

    page = '<p style="width: 50%; padding: 1em 2%">Hello <em>world</em></p>'
    sys.setprofile(count)
    try:
        theirs = HTML(string=page).write_pdf()
        outside = dict(calls)
        calls.update(ours=0, theirs=0)
        with writing_report():
            ours = HTML(string=page).write_pdf()
    finally:
        sys.setprofile(None)
    assert outside["theirs"] > 500  # each value by WeasyPrint's, through ours
    assert outside["ours"] == outside["theirs"]
    assert calls["theirs"] < calls["ours"] / 2  # most taken directly in a report
    assert ours == theirs
