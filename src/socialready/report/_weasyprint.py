"""What socialready adds to WeasyPrint while it writes one of its reports.

Two of WeasyPrint 70's functions are wrapped, once per process, the first time a report is
written; each wrapper acts only in the context (thread, task) that is writing a socialready
report (`writing_report`), so any other PDF the process makes with WeasyPrint comes out as
WeasyPrint makes it. With another WeasyPrint, where a wrapped function is missing or no
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

One cache of the HTML parser WeasyPrint uses is also filled (`_fill_html_parser_cache_once`),
and a page styled by a sheet that can make no footnote or note is styled without the
user-agent rules of their pseudo-elements (`html_document`): neither changes any output,
only the time taken.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any, cast

_WRITING_REPORT: ContextVar[bool] = ContextVar("socialready_writing_report", default=False)
"""Whether the PDF being written is one of socialready's reports."""


@contextmanager
def writing_report() -> Iterator[None]:
    """The context of writing one of socialready's reports (see the module)."""
    _wrap_tag_tree_once()
    _wrap_svg_text_once()
    _fill_html_parser_cache_once()
    writing = _WRITING_REPORT.set(True)
    try:
        yield
    finally:
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


def _source(function: Any) -> str:
    import inspect

    try:
        return inspect.getsource(function)
    except (OSError, TypeError):  # pragma: no cover - no source: not the function measured
        return ""
