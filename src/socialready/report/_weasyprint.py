"""What socialready adds to WeasyPrint while it writes one of its reports.

Eight of WeasyPrint 70's functions and three of pydyf 0.13's are wrapped, once per process,
the first time a report is written; each wrapper acts only in the context (thread, task)
that is writing a socialready report (`writing_report`, which covers the report's layout
and its writing), so any other PDF the process makes with WeasyPrint or pydyf comes out as
they make it. With another WeasyPrint or pydyf, where a wrapped function is missing or no
longer what was measured, nothing is wrapped and the report is what WeasyPrint makes.

- The tag tree: the structure element of each box whose element says its language (`lang`:
  the organisation's own words in a report of another language) says it too (`/Lang`), as
  PDF/UA asks of every change of language. WeasyPrint gives the document's language only.
  The tag tree is also given the list of the document's pages made once a page (`_PagesCounted`).
- SVG text: WeasyPrint draws the text of an SVG `<text>` or `<tspan>` one letter at a time
  (a Pango layout and a text drawing per character, so that each letter can take its own
  position). The charts' labels give one position for a whole string: such a string is
  laid out and drawn once, as HTML text is, with its kerning. Drawn letter by letter,
  the nine charts' labels (two thirds of their letters the timeline's action titles) took
  about a quarter of the time WeasyPrint spent writing the French demo.
- The drawing of a line of text (`draw_first_line`, the function that took the most time
  of its own in writing a report): WeasyPrint reads each glyph's fields from Pango one C
  call at a time and builds the line's text by adding to a string. A line with no ellipsis,
  in fonts with no emoji nor bitmap, with no glyph missing from its fonts nor raised or
  lowered, is drawn with each run's glyphs read at once, the text of each glyph already
  drawn in its font and size kept, and the line's text joined once (`_LineDrawing`): the
  same operators, text and numbers, byte for byte. Any other line is drawn by WeasyPrint.
- The used lengths of a box (`resolve_percentages`: margins, paddings, widths, heights and
  borders, set on each box as it is laid out): set as WeasyPrint sets them, to the same
  values, with the two function calls it makes per length only for the lengths neither in
  pixels nor in percent (`auto`, `calc()`). WeasyPrint's own took 7 % of the time the French
  demo takes to render; it now takes 1.8 % fewer instructions, the PDF byte for byte the same.
- The Pango font description of a text's style (`get_font_description`, for each text
  layout): made once for each of its seven values and kept, rather than made again for each
  layout (3,350 layouts, 34 descriptions for the French demo). WeasyPrint only gives it to
  the layout, which copies it, and reads the font's metrics with it (1.6 % of the
  instructions of a render).
- The strut of a style (`strut`: the used line height and baseline of its font, asked for
  each line, inline box and text): the answer WeasyPrint gave a style is kept on it with
  the sixteen values it was worked out from, and given again while they are the same
  objects, rather than looked up in WeasyPrint's cache under the text of those values.
- The breaking of a line of text (`split_first_line`, for each line of each text box laid
  out): a line a report has already broken, with the same text, width and style values, is
  given the same answer again rather than laid out by Pango again: the running header and
  footer of every page, the status and points of every row of answers (`_LINES`, one
  report's lines).
- The computing of a box's style values (`ComputedStyle.__missing__`, about 40,000 values
  for the French demo): a value no rule sets, or one a rule sets without `var()`, a math
  function, `inherit` or `initial`, is computed by the same steps WeasyPrint takes, without
  the checks it makes of every value for the few that need them; 3 % fewer instructions
  for a render.
- The writing of the PDF's values (pydyf's `_to_bytes`, for each number, name, piece of
  text and object the PDF holds: about 100,000 for the French demo): each is written as
  pydyf writes it, with one look at its exact class instead of pydyf's tests one after the
  other, each number kept as written, and the keys and bytes of pydyf's dictionaries and
  arrays joined without a call each; any value of another class is written by pydyf.
  1.5 % fewer instructions for a render.

One cache of the HTML parser WeasyPrint uses is also filled (`_fill_html_parser_cache_once`),
and a page styled by a sheet that can make no footnote or note is styled without the
user-agent rules of their pseudo-elements (`html_document`): neither changes any output,
only the time taken.
"""

from __future__ import annotations

import hashlib
import importlib
import operator
import re
import struct
import sys
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any, cast

_WRITING_REPORT: ContextVar[bool] = ContextVar("socialready_writing_report", default=False)
"""Whether the PDF being written is one of socialready's reports."""

_LINES: ContextVar[dict[tuple[Any, ...], tuple[dict[str, Any], tuple[Any, ...]]] | None]
_LINES = ContextVar("socialready_lines", default=None)
"""The lines of text already broken while the report being written was laid out (see
`_wrap_line_splitting_once`), for that report only."""


@contextmanager
def writing_report() -> Iterator[None]:
    """The context of writing one of socialready's reports (see the module)."""
    _wrap_tag_tree_once()
    _wrap_svg_text_once()
    _wrap_line_drawing_once()
    _wrap_percentages_once()
    _wrap_font_description_once()
    _wrap_strut_once()
    _wrap_computed_style_once()
    _wrap_to_bytes_once()
    _fill_html_parser_cache_once()
    _wrap_line_splitting_once()
    writing = _WRITING_REPORT.set(True)
    lines = _LINES.set({})
    try:
        yield
    finally:
        _LINES.reset(lines)
        _WRITING_REPORT.reset(writing)


@cache
def _wrap_tag_tree_once() -> None:
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None:  # pragma: no cover - another WeasyPrint: only the document's language
        return
    import pydyf

    # each structure element names its page; pydyf makes the list of all pages to do so
    paged = isinstance(getattr(pydyf.PDF, "page_references", None), property)

    def build_with_language(box: Any, parent: Any, pdf: Any, *args: Any) -> Iterator[Any]:
        lang = None
        if _WRITING_REPORT.get():
            element = getattr(box, "element", None)
            if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
                lang = element.get("lang")
            if not isinstance(pdf, _PagesCounted) and paged:
                pdf = _PagesCounted(pdf)
        for structure in build(box, parent, pdf, *args):
            if lang and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            yield structure

    tags._build_box_tree = build_with_language


class _PagesCounted:
    """The PDF as WeasyPrint's tag tree reads it (`add_object`, `page_references`), with the
    references of its pages listed once for each page's tree: pydyf lists them anew each
    time it is asked, once for each of the 2,700 structure elements of the French demo
    (23 ms of its writing)."""

    def __init__(self, pdf: Any) -> None:
        self._pdf = pdf
        self.page_references = pdf.page_references  # every page is added by then

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pdf, name)


class _OneLetter(str):
    """A string that WeasyPrint's SVG text drawing, which goes through its text letter by
    letter, takes as one letter: its whole self."""

    __slots__ = ()

    def __iter__(self) -> Iterator[str]:
        yield str(self)


_PER_LETTER = ("dx", "dy", "rotate", "letter-spacing", "textLength")
"""Attributes that place or space a text's letters one by one: such a text is drawn as
WeasyPrint draws it."""


def _one_position(value: object) -> bool:
    return value is None or len(str(value).replace(",", " ").split()) <= 1


@cache
def _wrap_svg_text_once() -> None:
    svg: Any = importlib.import_module("weasyprint.svg")
    tags = getattr(svg, "TAGS", None)
    draw = getattr(svg, "text", None)
    module = importlib.import_module("weasyprint.svg.text")
    # the function measured: it goes through `node.text` letter by letter; it is both the
    # drawing of `text` and `tspan` and the name `draw_node` compares tags' drawings with
    # (to anchor text: `TAGS.get(node.tag) == text`)
    if (
        not isinstance(tags, dict)
        or not callable(draw)
        or getattr(module, "text", None) is not draw
        or tags.get("text") is not draw
        or tags.get("tspan") is not draw
        or "for char in node.text" not in _source(draw)
        or "== text" not in _source(getattr(getattr(svg, "SVG", None), "draw_node", None))
    ):  # pragma: no cover - another WeasyPrint: its SVG text as it draws it
        return
    by_letter = cast("Callable[..., Any]", draw)

    def draw_text(surface: Any, node: Any, font_size: float) -> Any:
        tree: Any = getattr(node, "_etree_node", None)
        text = getattr(tree, "text", None)
        attributes = node.attrib
        if (
            not _WRITING_REPORT.get()
            or node.tag not in ("text", "tspan")
            or not text
            or len(text) < 2
            or any(name in attributes for name in _PER_LETTER)
            or not _one_position(attributes.get("x"))
            or not _one_position(attributes.get("y"))
        ):
            return by_letter(surface, node, font_size)
        tree.text = _OneLetter(text)
        try:
            return by_letter(surface, node, font_size)
        finally:
            tree.text = text

    for tag, function in list(tags.items()):
        if function is draw:
            tags[tag] = draw_text
    svg.text = draw_text  # what `draw_node` compares a tag's drawing with, to anchor text


_LINE_DRAWING = "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b"
"""The SHA-256 of the source of WeasyPrint 70's `draw_first_line`, the function measured."""

_GLYPH = struct.Struct("=Iiii4x")
"""A `PangoGlyphInfo`: the glyph, its width, x offset and y offset (Pango units); not its
attributes (whether it starts a cluster, is in colour), which WeasyPrint does not read."""


@cache
def _wrap_line_drawing_once() -> None:
    module: Any = importlib.import_module("weasyprint.draw.text")
    ffi_module: Any = importlib.import_module("weasyprint.text.ffi")
    original = getattr(module, "draw_first_line", None)
    ffi, pango = ffi_module.ffi, ffi_module.pango
    if (
        original is None
        or not _measured({"draw_first_line": original}, {"draw_first_line": _LINE_DRAWING})
        or ffi.sizeof("PangoGlyphInfo") != _GLYPH.size
        or ffi.offsetof("PangoGlyphInfo", "geometry") != 4
        or [ffi.offsetof("PangoGlyphGeometry", f) for f in ("width", "x_offset", "y_offset")]
        != [0, 4, 8]
        or pango.pango_version() < 14802  # the font size is then taken from the style
    ):  # pragma: no cover - another WeasyPrint, or Pango: lines drawn as WeasyPrint draws them
        return
    by_glyph = cast("Callable[..., Any]", original)
    drawing = _LineDrawing(ffi, pango, ffi_module.FROM_UNITS)

    def draw_first_line(
        stream: Any, textbox: Any, text_overflow: Any, block_ellipsis: Any, matrix: Any
    ) -> Any:
        if (
            not _WRITING_REPORT.get()
            or text_overflow == "ellipsis"
            or block_ellipsis != "none"
            or not drawing.draw(stream, textbox, matrix)
        ):
            return by_glyph(stream, textbox, text_overflow, block_ellipsis, matrix)
        return []  # no emoji

    draw_first_line.__wrapped__ = by_glyph  # type: ignore[attr-defined]
    # `draw_text` calls it by its module's name; SVG text imports it from there when it draws
    _put_in_place("draw_first_line", original, draw_first_line)


class _LineDrawing:
    """What WeasyPrint 70's `draw_first_line` does with a line, when no ellipsis shortens it,
    for a line whose fonts have no emoji (SVG, PNG or COLR glyphs) nor bitmap, with no glyph
    missing from its fonts nor raised or lowered (a y offset): the same operators, the same
    text, the same numbers written the same way, the same glyphs' widths and characters
    noted in the fonts. WeasyPrint reads each glyph's fields one by one from Pango's
    structures (a C call each) and builds its text by adding to a string; here each run's
    glyphs are read at once and the text is joined once."""

    def __init__(self, ffi: Any, pango: Any, from_units: float) -> None:
        self.null = ffi.NULL
        self.buffer, self.unpack = ffi.buffer, ffi.unpack
        self.pango = pango
        self.empty = pango.PANGO_GLYPH_EMPTY
        self.unknown = pango.PANGO_GLYPH_UNKNOWN_FLAG
        self.from_units = from_units
        self.known: weakref.WeakKeyDictionary[Any, tuple[int, dict[float, Any]]]
        self.known = weakref.WeakKeyDictionary()

    def draw(self, stream: Any, textbox: Any, matrix: Any) -> bool:
        """Draw the line of `textbox` as WeasyPrint would; whether it was drawn. A line it
        does not draw is left for WeasyPrint, nothing written to the stream (only what
        WeasyPrint would note first in the fonts, the same way)."""
        if not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
            return False  # nothing drawn: as WeasyPrint does
        null = self.null
        layout = textbox.pango_layout
        self.pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
        first_line, _ = layout.get_first_line()
        if first_line.runs == null:
            return False
        run = first_line.runs[0]
        # each font's (name, size, pieces of text), in the order WeasyPrint sets them
        fonts: list[tuple[Any, float, list[str]]] = []
        font: Any = None
        previous_pango_font = None
        font_size = 1.0
        pieces: list[str] = []
        while run != null:
            glyph_item = run.data
            run = run.next
            pango_font = glyph_item.item.analysis.font
            if pango_font != previous_pango_font:
                previous_pango_font = pango_font
                font, font_size = stream.add_font(pango_font)
                if font.bitmap or font.png or font.svg or font.colr:
                    return False
                pieces = []
                fonts.append((font.hash, font_size, pieces))
            pieces.append("<")
            if not self._glyphs(pieces, stream, layout, glyph_item, font, font_size):
                return False
            if pieces[-1][-1] == "<":
                pieces[-1] = pieces[-1][:-1]
            else:
                pieces.append(">")
        stream.set_text_matrix(*matrix.values)
        string = ""
        for name, size, text in fonts:
            if string:
                stream.show_text(string)
            stream.set_font_size(name, size)
            string = "".join(text)
        stream.show_text(string)
        return True

    def _glyphs(
        self,
        pieces: list[str],
        stream: Any,
        layout: Any,
        glyph_item: Any,
        font: Any,
        font_size: float,
    ) -> bool:
        """Add the text of a run's glyphs to `pieces`; False for a glyph left to WeasyPrint."""
        glyph_string = glyph_item.glyphs
        count = glyph_string.num_glyphs
        data = self.buffer(glyph_string.glyphs, count * _GLYPH.size) if count > 0 else b""
        below, known = self._known(font, font_size)
        empty = self.empty
        add = pieces.append
        for i, glyph in enumerate(_GLYPH.iter_unpack(data)):
            piece = known.get(glyph)
            if piece is None:
                piece = self._glyph(glyph, i, stream, layout, glyph_item, font, font_size)
                if piece is None:
                    return False
                if glyph[0] < below or glyph[0] == empty:
                    known[glyph] = piece
            add(piece)
        return True

    def _known(self, font: Any, font_size: float) -> tuple[int, dict[tuple[int, ...], str]]:
        """The text of the glyphs of `font` at `font_size` already drawn, under their Pango
        fields; and the glyphs below which it is kept: those whose width WeasyPrint notes
        once. (It notes the width of a glyph it draws for a character missing from the font
        each time, under a number it picks from the font's glyph count up, or the last.)"""
        sizes = self.known.get(font)
        if sizes is None:
            below = min(getattr(font, "glyph_count", 0), 2**16 - 1)
            sizes = self.known[font] = (below, {})
        below, known = sizes
        return below, known.setdefault(font_size, {})

    def _glyph(
        self,
        glyph: tuple[int, ...],
        i: int,
        stream: Any,
        layout: Any,
        glyph_item: Any,
        font: Any,
        font_size: float,
    ) -> str | None:
        """The text of a run's glyph `i` (Pango's fields), its characters and width noted in
        the font as WeasyPrint notes them; None for a glyph left to WeasyPrint."""
        glyph_id, width, x_offset, y_offset = glyph
        if glyph_id == self.empty:
            return f">{-width / font_size}<"
        if glyph_id & self.unknown or y_offset:
            return None  # a .notdef glyph, a glyph raised or lowered
        if glyph_id not in font.to_unicode:
            font.to_unicode[glyph_id] = self._characters(layout, glyph_item, i)
        offset = x_offset / font_size
        piece = f">{-offset}<" if offset else ""
        piece += f"{glyph_id:04x}"
        logical_width = font.widths.get(glyph_id)
        if logical_width is None:
            self.pango.pango_font_get_glyph_extents(
                glyph_item.item.analysis.font, glyph_id, stream.ink_rect, stream.logical_rect
            )
            logical_width = font.widths[glyph_id] = round(
                stream.logical_rect.width * 1000 * self.from_units / font_size
            )
        kerning = logical_width + offset - width * 1000 * self.from_units / font_size
        if kerning:
            piece += f">{int(kerning)}<"
        return piece

    def _characters(self, layout: Any, glyph_item: Any, i: int) -> str:
        """The characters of a run's glyph `i`: from its cluster to the next, in logical order."""
        item, glyph_string = glyph_item.item, glyph_item.glyphs
        count = glyph_string.num_glyphs
        clusters = self.unpack(glyph_string.log_clusters, count)
        start = clusters[i]
        if item.analysis.level % 2:  # right to left
            end = item.length if i == 0 else clusters[i - 1]
        else:
            end = item.length if i == count - 1 else clusters[i + 1]
        text: bytes = layout.text.encode()
        return text[item.offset + start : item.offset + end].decode()


_MEASURED_PERCENTAGES = {
    "percentage": "ebe404ccd9da50bf",
    "resolve_one_percentage": "4cfaa9ad134e4f7b",
    "resolve_percentages": "71673078096fcf87",
    "adjust_box_sizing": "88f3351db0280d16",
}
"""The functions of WeasyPrint 70's `layout.percent` that `_wrap_percentages_once` does as
they do, by the start of the SHA-256 of their source: with any other text, nothing is
wrapped."""


@cache
def _wrap_percentages_once() -> None:
    """Set a box's used lengths from its style as WeasyPrint's `resolve_percentages` does
    (about 5,000 boxes for the French demo, 14 lengths each), without its two calls per
    length: a length in pixels or in percent is worked out where it is read, by the same
    arithmetic, and any other value (`auto`, `calc()` and the other math functions) goes
    to WeasyPrint's own `percentage`. The box gets the same attributes, in the same order,
    with the same values."""
    try:
        from weasyprint.layout import percent
    except ImportError:  # pragma: no cover - another WeasyPrint
        return
    if not _measured(vars(percent), _MEASURED_PERCENTAGES):  # pragma: no cover - another one
        return
    original = percent.resolve_percentages
    resolve_percentages = _resolve_percentages(original, _length_setter(percent.percentage))
    # `layout.percent` and each module that imports the function by name (the layout of
    # blocks, inlines, tables, flex and grid containers, columns, floats, pages)
    _put_in_place("resolve_percentages", original, resolve_percentages)


_Lengths = tuple[tuple[str, Any], ...]
"""Names of a box's lengths, each with the length its percentages are of."""


def _length_setter(percentage: Any) -> Callable[[Any, Any, _Lengths], None]:
    """What sets a box's lengths from its style as WeasyPrint's `resolve_one_percentage`
    does, given WeasyPrint's `percentage`."""
    from weasyprint.css.properties import Dimension

    def set_lengths(box: Any, style: Any, lengths: _Lengths) -> None:
        for name, refer_to in lengths:
            value = style[name]
            if value.__class__ is Dimension and value.unit == "px":
                used = value.value
            elif value.__class__ is Dimension and value.unit == "%":
                used = refer_to * value.value / 100
            else:
                used = percentage(value, style, refer_to)
                if used == "auto" and name in ("min_width", "min_height"):
                    setattr(box, name, used)  # as WeasyPrint sets it, then replaces it
                    used = 0
            setattr(box, name, used)

    return set_lengths


_BORDERS = ("border_top_width", "border_right_width", "border_bottom_width", "border_left_width")


def _resolve_percentages(
    original: Callable[[Any, Any], None], set_lengths: Callable[[Any, Any, _Lengths], None]
) -> Callable[[Any, Any], None]:
    """WeasyPrint's `resolve_percentages` (`original`) as it is done for a report."""
    from math import inf

    from weasyprint.css.functions import check_math
    from weasyprint.formatting_structure.boxes import Box, PageBox
    from weasyprint.layout.percent import adjust_box_sizing

    def resolve_percentages(box: Any, containing_block: Any) -> None:
        if not _WRITING_REPORT.get():
            original(box, containing_block)
            return
        if isinstance(containing_block, Box):
            cb_width = containing_block.width
            cb_height = containing_block.height
        else:
            cb_width, cb_height = containing_block
        width = cb_width
        height = cb_height if isinstance(box, PageBox) else cb_width
        style = box.style
        set_lengths(
            box,
            style,
            (
                ("margin_left", width),
                ("margin_right", width),
                ("margin_top", height),
                ("margin_bottom", height),
                ("padding_left", width),
                ("padding_right", width),
                ("padding_top", height),
                ("padding_bottom", height),
                ("width", width),
                ("min_width", width),
                ("max_width", width),
            ),
        )
        if cb_height == "auto":
            # a containing block as high as its content: no height in percent
            value = style["height"]
            if value == "auto" or check_math(value) or value.unit == "%":
                box.height = "auto"
            else:
                assert value.unit.lower() == "px"
                box.height = value.value
            set_lengths(box, style, (("min_height", 0), ("max_height", inf)))
        else:
            set_lengths(
                box,
                style,
                (("height", cb_height), ("min_height", cb_height), ("max_height", cb_height)),
            )
        collapse = style["border_collapse"] == "collapse"
        for name in _BORDERS:
            # a table cell's borders are set when its table's borders collapse
            if not (collapse and hasattr(box, name)):
                setattr(box, name, style[name])
        if style["box_sizing"] != "content-box":  # content-box leaves the lengths as they are
            adjust_box_sizing(box, "width")
            adjust_box_sizing(box, "height")

    resolve_percentages.__wrapped__ = original  # type: ignore[attr-defined]
    return resolve_percentages


_MEASURED_FONT_DESCRIPTION = {
    "get_font_description": "85734b8947b9bf64",
    "Layout.setup": "fb227a55094f41d4",
}
"""WeasyPrint 70's `text.fonts.get_font_description` and its only caller, `Layout.setup` of
`text.line_break`, by the start of the SHA-256 of their source."""

_FONT_DESCRIPTIONS_KEPT = 512
"""How many font descriptions are kept at most; past that, they are made anew."""


@cache
def _wrap_font_description_once() -> None:
    """Make the Pango font description of each text's style once (about 3,350 text layouts
    for the French demo, from 34 descriptions).

    WeasyPrint's `Layout.setup` makes a description for each layout from seven properties
    of its style, gives it to the layout, which copies it, and reads the font's metrics with
    it; nothing changes it afterwards. The description kept for the same seven values (the
    family list joined as WeasyPrint joins it) is the one it would make.
    """
    try:
        from weasyprint.text import fonts, line_break
    except ImportError:  # pragma: no cover - another WeasyPrint
        return
    make: Any = getattr(fonts, "get_font_description", None)
    functions = {
        "get_font_description": make,
        "Layout.setup": getattr(getattr(line_break, "Layout", None), "setup", None),
    }
    if not _measured(functions, _MEASURED_FONT_DESCRIPTION):
        return  # pragma: no cover - another WeasyPrint
    if (
        vars(line_break).get("get_font_description") is not make
        or _source(line_break).count("get_font_description(") != 1
    ):  # pragma: no cover - another WeasyPrint, where it may have other uses
        return
    kept: dict[tuple[Any, ...], Any] = {}

    def get_font_description(style: Any) -> Any:
        if not _WRITING_REPORT.get():
            return make(style)
        # what WeasyPrint's function reads, in its order
        key = (
            ",".join(style["font_family"]),
            style["font_style"],
            style["font_stretch"],
            style["font_weight"],
            style["font_size"],
            style["font_variant_caps"],
            style["font_variation_settings"],
        )
        try:
            return kept[key]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key
            return make(style)
        if len(kept) >= _FONT_DESCRIPTIONS_KEPT:
            kept.clear()
        description = kept[key] = make(style)
        return description

    get_font_description.__wrapped__ = make  # type: ignore[attr-defined]
    line_break.get_font_description = get_font_description


_MEASURED_STRUT = {"strut": "b57885b70dd08efe", "_font_style_cache_key": "d6b09d54b8258d58"}
"""WeasyPrint 70's `text.line_break.strut` and the key of its cache, by the start of the
SHA-256 of their source."""

_STRUT_READS = (
    "font_size",
    "font_family",
    "font_style",
    "font_stretch",
    "font_weight",
    "font_variant_ligatures",
    "font_variant_position",
    "font_variant_caps",
    "font_variant_numeric",
    "font_variant_alternates",
    "font_variant_east_asian",
    "font_feature_settings",
    "font_variation_settings",
    "font_language_override",
    "lang",
    "line_height",
)
"""The style values WeasyPrint's `strut` reads, in its order: whether the font size is
zero, then the fourteen of its cache's key, then the size and the line height."""


@cache
def _wrap_strut_once() -> None:
    """Keep the strut of a style (the used line height and baseline of its font) on the style.

    WeasyPrint's `strut`, asked for each line, inline box and text of the French demo (about
    3,000 times), writes the text of a tuple of sixteen of the style's values to look the
    answer up in its cache. The answer it gave a style is kept on that style with the values
    it was worked out from, and given again while each of these values is still the same
    object; otherwise, and the first time, WeasyPrint's function answers (and fills its own
    cache as before).
    """
    try:
        from weasyprint.text import line_break
    except ImportError:  # pragma: no cover - another WeasyPrint
        return
    original = getattr(line_break, "strut", None)
    if original is None or not _measured(vars(line_break), _MEASURED_STRUT):
        return  # pragma: no cover - another WeasyPrint
    read = operator.itemgetter(*_STRUT_READS)

    def strut(style: Any) -> Any:
        if not _WRITING_REPORT.get():
            return original(style)
        values = read(style)
        kept = vars(style).get("_socialready_strut")
        if (
            kept is not None
            and kept[0] is style.font_config
            and all(map(operator.is_, kept[1], values))
        ):
            return kept[2]
        answer = original(style)
        style._socialready_strut = (style.font_config, values, answer)
        return answer

    strut.__wrapped__ = original  # type: ignore[attr-defined]
    # `line_break` and each module that imports it by name (inline layout, units, computed values)
    _put_in_place("strut", original, strut)


_MEASURED_LINE_SPLITTING = {
    "split_first_line": "39ad1016863ca34d",
    "first_line_metrics": "55ec5d0b58b29a8b",
    "create_layout": "6587192cc0ab3ffa",
    "line_size": "03fa04fd51fc69aa",
    "Layout": "681b737d1ba5e004",
}
"""WeasyPrint 70's breaking of a line of text (`text.line_break.split_first_line`) and what it
calls to lay the text out, by the start of the SHA-256 of their source."""

_LINE_READS = (
    "white_space",
    "font_size",
    "hyphens",
    "lang",
    "hyphenate_limit_chars",
    "hyphenate_limit_zone",
    "hyphenate_character",
    "overflow_wrap",
    "word_break",
    "letter_spacing",
    "word_spacing",
    "direction",
    "font_language_override",
    "font_family",
    "font_style",
    "font_stretch",
    "font_weight",
    "font_variant_caps",
    "font_variation_settings",
    "text_decoration_line",
    "font_kerning",
    "font_variant_ligatures",
    "font_variant_position",
    "font_variant_numeric",
    "font_variant_alternates",
    "font_variant_east_asian",
    "font_feature_settings",
    "tab_size",
)
"""Every style value that breaking a line of text reads (`text.line_break`: the line's
breaking, hyphenation, and the Pango layout made for it)."""


@cache
def _wrap_line_splitting_once() -> None:
    """Break a line of text once for each text, width and style values in a report.

    WeasyPrint breaks each line of each text box of the laid-out HTML with a Pango layout of
    its own (`split_first_line`). A report repeats many of its lines exactly: its running
    header and footer on every page, "To work on", "In place" and "1 / 3" in every row of a
    chapter's answers, a chapter's headings; about a third of the French demo's 1,450. The
    answer for a line already broken in the same report with the same text, width,
    justification, place and every style value breaking reads (`_LINE_READS`, and the same
    fonts) is given again: its numbers, and a layout of its own made with the same state as
    the first one's, which WeasyPrint lays out again from that state when it draws the line.
    A text whose style values cannot be compared so, or whose hyphenation zone is not in
    pixels or percent (which could read the root element's font size), is broken by
    WeasyPrint.
    """
    try:
        from weasyprint.css.properties import Dimension
        from weasyprint.layout import inline
        from weasyprint.text import line_break
    except ImportError:  # pragma: no cover - another WeasyPrint
        return
    original = getattr(line_break, "split_first_line", None)
    if (
        original is None
        or vars(inline).get("split_first_line") is not original
        or not _measured(vars(line_break), _MEASURED_LINE_SPLITTING)
    ):
        return  # pragma: no cover - another WeasyPrint
    layout_class = line_break.Layout
    read = operator.itemgetter(*_LINE_READS)

    def split_first_line(
        text: str,
        style: Any,
        context: Any,
        max_width: Any,
        justification_spacing: Any,
        is_line_start: bool = True,
        minimum: bool = False,
    ) -> Any:
        lines = _LINES.get()
        zone: Any = style["hyphenate_limit_zone"] if lines is not None else None
        key = None
        if lines is not None and zone.__class__ is Dimension and zone.unit in ("px", "%"):
            key = (
                text,
                max_width,
                justification_spacing,
                is_line_start,
                minimum,
                style.font_config,
                read(style),
            )
            try:
                found = lines.get(key)
            except TypeError:  # a value that cannot be compared so
                key = found = None
            if found is not None:
                state, numbers = found
                layout = layout_class.__new__(layout_class)
                layout.__dict__.update(state)
                return (layout, *numbers)
        answer = original(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        if lines is not None and key is not None:
            # the layout as WeasyPrint leaves it, without its Pango objects (`deactivate`)
            lines[key] = (dict(vars(answer[0])), tuple(answer[1:]))
        return answer

    split_first_line.__wrapped__ = original  # type: ignore[attr-defined]
    inline.split_first_line = split_first_line  # the layout of HTML text, not SVG labels'


_MEASURED_STYLE = {"__missing__": "b318d8efc8ac79d7"}
"""WeasyPrint 70's `ComputedStyle.__missing__`, by the start of the SHA-256 of its source."""

_MEASURED_MATH = {"check_math": "4f8e6a21258e09ba"}
"""WeasyPrint 70's `check_math`, which `ComputedStyle.__missing__` asks of each value."""

_STYLE_KEPT, _STYLE_INITIAL, _STYLE_COMPUTED = 0, 1, 2
"""How a property that no rule sets gets its computed value: its parent's (inherited), its
initial value as it is, or its initial value computed."""


@cache
def _wrap_computed_style_once() -> None:
    """Compute a box's style value as WeasyPrint's `ComputedStyle.__missing__` does (about
    40,000 values for the French demo), without the work it does for every value that only
    some need.

    WeasyPrint's function looks up each value's logical counterpart, spells its name in
    CSS, checks for `var()`, `calc()` and the keywords `inherit` and `initial`, and only
    then takes the value. Three kinds of values are taken here directly, by the same steps
    and in the same order: a property no rule sets that inherits (its parent's value), one
    that does not (its initial value, computed if WeasyPrint computes it), and a value a
    rule sets that is none of `var()`, a math function, `inherit` or `initial` (computed
    by WeasyPrint's own function for that property). A physical property (`margin_left`,
    `width`...) is taken so when no rule sets its logical counterpart for the style's
    direction (`margin_inline_start`...), which WeasyPrint looks up first. Any other value,
    and those of the properties WeasyPrint treats apart (`float`, `display`, `position`,
    `page`, the text decorations, custom properties), goes to WeasyPrint's function; so
    does every value of a style computed outside a report.
    """
    try:
        from weasyprint import css
        from weasyprint.css import functions
    except ImportError:  # pragma: no cover - another WeasyPrint
        return
    style_class = getattr(css, "ComputedStyle", None)
    if (
        style_class is None
        or not _measured(vars(style_class), _MEASURED_STYLE)
        or not _measured(vars(functions), _MEASURED_MATH)
        or vars(css).get("check_math") is not functions.check_math
    ):
        return  # pragma: no cover - another WeasyPrint
    original = style_class.__missing__
    __missing__ = _style_value(original, css, functions.check_math)
    __missing__.__wrapped__ = original  # type: ignore[attr-defined]
    style_class.__missing__ = __missing__


def _style_kinds(css: Any, check_math: Callable[[Any], Any]) -> dict[str, tuple[int, Any]]:
    """For each property whose value `_style_value` may take directly: how it is taken when
    no rule sets it, and the function that names its logical counterpart (or None)."""
    physical = css.PHYSICAL_FUNCTIONS
    kinds: dict[str, tuple[int, Any]] = {}
    for key, value in css.INITIAL_VALUES.items():
        if key in ("float", "display", "position", "page") or key.startswith(
            ("text_decoration_", "__")
        ):
            continue
        if key in css.INHERITED:
            kinds[key] = (_STYLE_KEPT, physical.get(key))
        elif not check_math(value):
            computed = key in css.INITIAL_NOT_COMPUTED
            kinds[key] = (_STYLE_COMPUTED if computed else _STYLE_INITIAL, physical.get(key))
    return kinds


def _style_value(
    original: Callable[[Any, str], Any], css: Any, check_math: Callable[[Any], Any]
) -> Callable[[Any, str], Any]:
    """`ComputedStyle.__missing__` as `_wrap_computed_style_once` describes it, given
    WeasyPrint's own."""
    kinds = _style_kinds(css, check_math)
    pending, computers, initial_values = css.Pending, css.COMPUTER_FUNCTIONS, css.INITIAL_VALUES

    def __missing__(self: Any, key: str) -> Any:
        found = kinds.get(key)
        if found is None or not _WRITING_REPORT.get():
            return original(self, key)
        kind, logical = found
        cascaded = self.cascaded.get(key)
        if logical is not None and (
            logical(block="ttb", inline=self["direction"]) in self.cascaded
        ):
            return original(self, key)  # which compares the two rules' weights
        if cascaded is None:
            if kind == _STYLE_KEPT:
                parent = self.parent_style
                if parent is None:
                    return original(self, key)
                value = parent[key]
                if check_math(value):
                    return original(self, key)
            else:
                value = initial_values[key]
                if kind == _STYLE_COMPUTED and key in computers:
                    value = computers[key](self, key, value)
        else:
            value = cascaded[0]
            if (
                isinstance(value, pending)
                or value == "inherit"
                or value == "initial"
                or check_math(value)
            ):
                return original(self, key)
            if key in computers:
                value = computers[key](self, key, value)
        self[key] = value
        return value

    return __missing__


_MEASURED_TO_BYTES = {
    "_to_bytes": "1cefd02c285d3aee",
    "Dictionary.data": "1a6ebf2b6bc6adcb",
    "Array.data": "136a84494ae7c8cc",
}
"""pydyf 0.13's `_to_bytes` and the writing of its dictionaries and arrays, by the start of
the SHA-256 of their source."""


@cache
def _wrap_to_bytes_once() -> None:
    """Write the numbers, names and strings of a report's PDF with fewer tests and calls.

    pydyf's `_to_bytes` writes each of them (about 100,000 for the French demo: a third
    bytes, a third text, the rest numbers and pydyf's objects) after asking, one after the
    other, whether it is bytes, a float or one of its objects. The one put in its place
    looks at the item's exact class once and writes it as pydyf does; an item of any other
    class (a subclass, a bool) is left to pydyf's, and so is every item outside a report.
    Numbers are kept as written. A dictionary's keys (names, text) and the bytes an array or
    a dictionary holds (mostly references) are written without calling it at all, as it
    would write them.
    """
    try:
        import pydyf
    except ImportError:  # pragma: no cover - no pydyf
        return
    original = getattr(pydyf, "_to_bytes", None)
    dictionary, array = getattr(pydyf, "Dictionary", None), getattr(pydyf, "Array", None)
    functions: dict[str, Any] = {
        "_to_bytes": original,
        "Dictionary.data": getattr(getattr(dictionary, "data", None), "fget", None),
        "Array.data": getattr(getattr(array, "data", None), "fget", None),
    }
    if original is None or not _measured(functions, _MEASURED_TO_BYTES):
        return  # pragma: no cover - another pydyf
    objects = frozenset((pydyf.Dictionary, pydyf.Array, pydyf.String, pydyf.Stream))
    to_bytes = _to_bytes(original, objects)
    to_bytes.__wrapped__ = original  # type: ignore[attr-defined]
    pydyf._to_bytes = to_bytes  # what pydyf's objects call to write what they hold
    writing = _WRITING_REPORT.get
    dictionary_data = functions["Dictionary.data"]
    array_data = functions["Array.data"]

    def write_dictionary(self: Any) -> bytes:
        if not writing():
            return cast("bytes", dictionary_data(self))
        return (
            b"<<"
            + b"".join(
                [
                    b"/"
                    + (key.encode("ascii") if key.__class__ is str else to_bytes(key))
                    + b" "
                    + (value if value.__class__ is bytes else to_bytes(value))
                    for key, value in self.items()
                ]
            )
            + b">>"
        )

    def write_array(self: Any) -> bytes:
        if not writing():
            return cast("bytes", array_data(self))
        return b"[" + b" ".join([c if c.__class__ is bytes else to_bytes(c) for c in self]) + b"]"

    write_dictionary.__wrapped__ = dictionary_data  # type: ignore[attr-defined]
    write_array.__wrapped__ = array_data  # type: ignore[attr-defined]
    dictionary.data = property(write_dictionary)  # type: ignore[union-attr]
    array.data = property(write_array)  # type: ignore[union-attr]


_FLOATS_KEPT = 4096
"""How many numbers are kept as written at most; past that, they are written anew."""


def _to_bytes(original: Callable[[Any], bytes], objects: frozenset[type]) -> Callable[[Any], bytes]:
    """pydyf's `_to_bytes` (`original`) as it is done for a report, `objects` pydyf's
    classes whose `data` it gives."""
    writing = _WRITING_REPORT.get
    # each number as written: the French demo's 16,200 numbers are 2,550 values (equal
    # numbers are written the same, 0.0 and -0.0 both "0")
    floats: dict[float, bytes] = {}

    def to_bytes(item: Any) -> bytes:
        if not writing():
            return original(item)
        kind = item.__class__
        if kind is str:
            return cast("bytes", item.encode("ascii"))
        if kind is bytes:
            return cast("bytes", item)
        if kind is float:
            written = floats.get(item)
            if written is None:
                if len(floats) >= _FLOATS_KEPT:
                    floats.clear()
                if item.is_integer():
                    written = floats[item] = str(int(item)).encode("ascii")
                else:
                    written = floats[item] = f"{item:f}".rstrip("0").encode("ascii")
            return written
        if kind is int:
            return str(item).encode("ascii")
        if kind in objects:
            return cast("bytes", item.data)
        return original(item)

    return to_bytes


_STOPS = (
    ("&", "<", "\u0000"),
    ("<", "\u0000"),
    ("<", "-", "\u0000"),
    ("-", "\u0000"),
    ('"', "&", "\u0000"),
    ("'", "&", "\u0000"),
    "\u0000",
    ">",
    "]",
)
"""The characters tinyhtml5 2.1's tokenizer reads up to, besides its character sets."""


@cache
def _fill_html_parser_cache_once() -> None:
    """Fill tinyhtml5's cache of the expressions that read up to a set of characters.

    tinyhtml5 2.1 keeps that cache under the compiled expression instead of the characters
    (`characters = cache[(characters, opposite)] = regex` assigns `characters` first), so it
    never finds what it stored: every read builds its expression again, about 4,800 times
    for the French demo's HTML, nearly half of the 0.19 s its parse takes. Each entry put
    here is the one tinyhtml5 would build, under the key it looks up. With a tinyhtml5 whose
    cache works, or that reads otherwise, nothing is filled.
    """
    try:
        from tinyhtml5 import constants, inputstream
    except ImportError:  # pragma: no cover - another WeasyPrint, another parser
        return
    expressions = getattr(inputstream, "characters_until_regex", None)
    reader = getattr(getattr(inputstream, "HTMLUnicodeInputStream", None), "chars_until", None)
    if not isinstance(expressions, dict) or reader is None:  # pragma: no cover - another one
        return
    if "characters = characters_until_regex[(characters, opposite)] = regex" not in _source(
        reader
    ):  # pragma: no cover - a tinyhtml5 whose cache works
        return
    spaces = constants.space_characters
    attribute_value = frozenset(("&", ">", '"', "'", "=", "<", "`", "\u0000")) | spaces
    stops: list[tuple[Iterable[str], bool]] = [(spaces, True), (constants.ascii_letters, True)]
    stops += [(characters, False) for characters in (*_STOPS, attribute_value)]
    for characters, opposite in stops:
        # as tinyhtml5's HTMLUnicodeInputStream.chars_until builds it
        regex = "".join([f"\\x{ord(character):02x}" for character in characters])
        if not opposite:
            regex = f"^{regex}"
        expressions.setdefault((characters, opposite), re.compile(f"[{regex}]+"))


_NOTE_RULES = (
    "::footnote-call {",
    "::footnote-marker {",
    "::note-call {",
    "::note-marker {",
    "::note-callback {",
)
"""WeasyPrint 70's user-agent rules for the pseudo-elements of footnotes and notes, one line
each. Every element matches them, so each element of every page had these five styles
computed: 6,900 for the French demo, about a tenth of its cascade, for boxes that only an
element floated as a footnote (`float: footnote`) or placed as a note (`position: note()`)
ever makes."""

_MAY_MAKE_NOTES = re.compile(r"footnote|note\s*\(|\\", re.IGNORECASE)
"""What a style sheet that may make a footnote or a note contains, or a CSS escape that
could spell it."""


def html_document(page: str, css: str | None, **options: Any) -> Any:
    """WeasyPrint's `HTML(string=page, **options)`, for a page whose styling is `css`, the
    style sheet given apart from it (see `report.pdf._split_stylesheet`), or None when the
    page keeps its styling.

    When all of a page's styling is a sheet that can make no footnote or note (the page
    itself has no `style` element or attribute, whose text an HTML character reference could
    spell), the page is styled without the user-agent rules of their pseudo-elements, which
    then style nothing: the PDF is byte for byte the same.
    """
    from weasyprint import HTML

    may = css is None or _MAY_MAKE_NOTES.search(css)
    kind = None if may else _html_without_notes()
    return (kind or HTML)(string=page, **options)


@cache
def _html_without_notes() -> type | None:
    from weasyprint import CSS, HTML
    from weasyprint import html as pages
    from weasyprint.css.counters import CounterStyle

    agent, sheet = getattr(pages, "UA", None), getattr(pages, "UA_STYLESHEET", None)
    if not isinstance(agent, str) or sheet is None or "_ua_stylesheets" not in vars(HTML):
        return None  # pragma: no cover - another WeasyPrint
    lines = agent.splitlines()
    kept = [line for line in lines if not line.startswith(_NOTE_RULES)]
    if len(lines) - len(kept) != len(_NOTE_RULES):  # pragma: no cover - other rules
        return None
    # its own counter styles, so as not to add again to those every page starts from
    trimmed = CSS(string="\n".join(kept), counter_style=CounterStyle())

    class WithoutNotes(HTML):  # type: ignore[misc]  # WeasyPrint is untyped
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            sheets: list[Any] = super()._ua_stylesheets(forms)
            return [trimmed if each is sheet else each for each in sheets]

    return WithoutNotes


def _put_in_place(name: str, original: Any, replacement: Any) -> None:
    """Put `replacement` wherever WeasyPrint holds `original` under `name`: its own module
    and each module that imported it by name."""
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith("weasyprint") and vars(module).get(name) is original:
            setattr(module, name, replacement)


def _measured(functions: dict[str, Any], digests: dict[str, str]) -> bool:
    """Whether each function named in `digests` is the one measured: the SHA-256 of its
    source starts with the digest given (16 hexadecimal digits)."""
    return all(
        hashlib.sha256(_source(functions.get(name)).encode()).hexdigest()[: len(digest)] == digest
        for name, digest in digests.items()
    )


def _source(function: Any) -> str:
    import inspect

    try:
        return inspect.getsource(function)
    except (OSError, TypeError):  # pragma: no cover - no source: not the function measured
        return ""
