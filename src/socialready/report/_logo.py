"""A theme's logo, read within bounds and checked before anything decodes or draws it.

WeasyPrint decodes a raster logo with Pillow and draws an SVG logo itself, in the process
that renders the report. A small file can ask for far more than it weighs: a 12000 × 12000
PNG compresses into a few hundred kilobytes and decodes into 430 MB; an SVG of 2 KB whose
`<use>` elements each repeat the one before asks for billions of shapes. So the bytes of a
logo are checked before they reach WeasyPrint, and only checked bytes do:

- a PNG or JPEG logo must be what its suffix says (WeasyPrint would otherwise try the
  bytes as SVG) and hold at most `MAX_LOGO_PIXELS` pixels, read from the image's
  header without decoding it;
- an SVG logo is read by a hardened XML parser (no document type definition with
  declarations, no entity) and must be a plain drawing: shapes, paths, text, groups,
  gradients and clip paths (see `SVG_ELEMENTS`), nothing that repeats another part
  (`<use>`, `<symbol>`, patterns, markers, masks, filters), nothing that fetches or runs
  (`<image>`, `<script>`, `<foreignObject>`, any `href`), references only to the
  file's own gradients and clip paths, and a size WeasyPrint draws in a few seconds (the
  `MAX_SVG_*` limits below). WeasyPrint draws SVG in Python, at about 0.6 ms a shape
  (2 ms with a gradient) and 15 µs a character of path data, which is what the limits are
  measured against (`benchmarks/bench_logo.py` draws the worst logos they let through).

Only the first problem found is reported: a logo is fixed (or exported again) as a whole.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

from .._files import LOGO, Unreadable, read_limited

__all__ = [
    "LOGO_TYPES",
    "MAX_LOGO_BYTES",
    "MAX_LOGO_PIXELS",
    "MAX_SVG_BYTES",
    "MAX_SVG_DEPTH",
    "MAX_SVG_ELEMENTS",
    "MAX_SVG_NAMES",
    "MAX_SVG_PATH_DATA",
    "MAX_SVG_SELECTORS",
    "MAX_SVG_STYLE",
    "MAX_SVG_TEXT",
    "MAX_SVG_VALUE",
    "SVG_ELEMENTS",
    "LogoRefused",
    "checked_logo",
]

LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
"""The media type of a logo, by the suffix of its file name."""

MAX_LOGO_BYTES = LOGO.limit
"""The largest logo file, in bytes."""
MAX_LOGO_PIXELS = 4_000_000
"""The most pixels of a PNG or JPEG logo (2000 × 2000; a 50 mm logo needs 600 × 600 at
300 dpi)."""
MAX_SVG_BYTES = 256 * 1024
"""The largest SVG logo file, in bytes."""
MAX_SVG_ELEMENTS = 500
"""The most elements of an SVG logo, the elements of a clip path counted once more for each
element it clips (about 0.6 ms each to draw, 2 ms with a gradient)."""
MAX_SVG_DEPTH = 32
"""The deepest nesting of elements in an SVG logo."""
MAX_SVG_PATH_DATA = 100_000
"""The most characters of path data (`d` and `points`, about 15 µs each to draw) in an
SVG logo, weighted by how often WeasyPrint reads them: once to draw, once more for each
enclosing element (itself included) with an opacity, which is measured, and twice more when
the logo has gradients (for a fill and a stroke); in a clip path, once for each element it
clips."""
MAX_SVG_TEXT = 500
"""The most characters of text (in `<text>` and `<tspan>`, whatever elements they are in)
in an SVG logo (up to 1 ms each to draw)."""
MAX_SVG_NAMES = 100
"""The most distinct attribute and style property names in an SVG logo (WeasyPrint copies
each element's inherited attributes into each child)."""
MAX_SVG_VALUE = 200
"""The longest value of an attribute or a style property, but for path data, positions of
text, transforms and classes: WeasyPrint reads many again in each element that inherits
them (a long `stroke-dasharray` or `font-family` on a group costs as much again for each
shape in it)."""
MAX_SVG_STYLE = 10_000
"""The most characters of `<style>` sheets in an SVG logo."""
MAX_SVG_SELECTORS = 100
"""The most selectors in the `<style>` sheets of an SVG logo (each is tried on each
element)."""

SVG_NAMESPACE = "http://www.w3.org/2000/svg"

SVG_ELEMENTS = frozenset(
    {
        *("svg", "g", "defs", "title", "desc", "metadata", "style"),
        *("path", "rect", "circle", "ellipse", "line", "polyline", "polygon"),
        *("text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath"),
    }
)
"""The elements an SVG logo may have."""

_REFUSED = {
    "use": "repeats another part of the drawing",
    "symbol": "is drawn where it is used",
    "pattern": "repeats a drawing",
    "marker": "repeats a drawing",
    "mask": "draws a drawing again",
    "filter": "is not drawn the same everywhere",
    "image": "fetches or embeds another image",
    "feimage": "fetches or embeds another image",
    "a": "is a link",
    "textpath": "refers to another element",
    "tref": "refers to another element",
    "script": "is a script",
    "foreignobject": "embeds other content",
    "svg": "is a drawing inside the drawing",
}
"""Elements refused whatever their namespace (WeasyPrint goes by the name alone), and why."""

_SHAPES = frozenset({"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "stop"})
"""Elements that hold no other (WeasyPrint would draw their children with their attributes,
path data included)."""
_LONG = frozenset({"d", "points", "x", "y", "dx", "dy", "rotate", "transform", "style", "class"})
"""Attributes exempt from `MAX_SVG_VALUE`: read once, by their own element."""
_PATH_DATA = {"d": frozenset({"path"}), "points": frozenset({"polyline", "polygon"})}
_TEXTS = frozenset({"text", "tspan"})
"""Elements whose characters WeasyPrint draws."""
_GRADIENTS = frozenset({"linearGradient", "radialGradient"})
_CLIP = frozenset({"clipPath"})
_REFERENCE = re.compile(r"url\((['\"]?)#([A-Za-z_][\w.-]*)\1\)")
_PAINT = re.compile(_REFERENCE.pattern + r"(?:\s+[#\w-]+)?")
_LINKS = frozenset(
    {"clip-path", "mask", "filter", "marker", "marker-start", "marker-mid", "marker-end"}
)
"""Properties WeasyPrint reads as a URL, `#id` alone included."""
_SIMPLE = r"[.#]-?[A-Za-z_][\w-]*"
_SELECTOR = re.compile(rf"\s*(?:[A-Za-z][\w-]*(?:{_SIMPLE})*|(?:{_SIMPLE})+)\s*")
"""A compound selector of an element's name, classes and id (`path.st0`, `.cls-1`)."""
_SELECTOR_PART = re.compile(r"[.#]?[^.#]+")
_DIGITS = r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = re.compile(rf"\s*[+-]?{_DIGITS}\s*")
_LENGTH = re.compile(rf"\s*(\+?{_DIGITS})\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*")
_SIZES = (1e-3, 1e6)


class LogoRefused(ValueError):
    """A logo socialready does not draw; the message says why, for the theme's author."""


def checked_logo(path: Path) -> bytes:
    """The bytes of the logo at `path`, read within bounds and checked as the module says.

    Raises `LogoRefused`. A logo whose bytes passed once is not checked again in this
    process (a batch asks for the same logo for every report).
    """
    suffix = path.suffix.lower()
    if suffix not in LOGO_TYPES:
        raise LogoRefused(f"the logo must be a PNG, JPEG or SVG file, not {suffix or 'no suffix'}")
    svg = suffix == ".svg"
    data = _read(path, MAX_SVG_BYTES if svg else MAX_LOGO_BYTES, "SVG logo" if svg else "logo")
    key = (hashlib.sha256(data).digest(), suffix)
    if key not in _PASSED:
        if svg:
            _check_svg(data, path.name)
        else:
            _check_raster(data, "PNG" if suffix == ".png" else "JPEG")
        with _PASSED_LOCK:
            if len(_PASSED) > 64:
                _PASSED.clear()
            _PASSED.add(key)
    return data


_PASSED: set[tuple[bytes, str]] = set()
_PASSED_LOCK = threading.Lock()


def _read(path: Path, limit: int, what: str) -> bytes:
    """At most `limit` bytes of the plain file `path`; never waits on a pipe."""
    try:
        return read_limited(path, limit, plain_only=True)
    except Unreadable as exc:
        if exc.missing:
            raise LogoRefused(f"no logo file at {path}") from None
        if exc.large:
            raise LogoRefused(f"the {what} is larger than {limit:,} bytes") from None
        if exc.expected == "a file":  # a folder, a pipe, a device
            raise LogoRefused(f"the logo {path} is not a plain file") from None
        raise LogoRefused(f"cannot read the logo {path} ({exc.message})") from None


def _check_raster(data: bytes, kind: str) -> None:
    """A PNG or JPEG of at most `MAX_LOGO_PIXELS`, by its header alone."""
    from PIL import Image

    try:
        # opening reads the header only; the pixels would be decoded on first use
        with Image.open(io.BytesIO(data), formats=[kind]) as image:
            width, height = image.size
    except Image.DecompressionBombError:  # more than Pillow's own limit: far more than ours
        raise LogoRefused(
            f"the logo has far more than {MAX_LOGO_PIXELS:,} pixels (at most"
            f" {MAX_LOGO_PIXELS:,}, e.g. 2000 × 2000)"
        ) from None
    except Exception:  # Pillow raises many kinds on bytes it cannot read
        raise LogoRefused(f"the logo cannot be read as a {kind} image") from None
    if width * height > MAX_LOGO_PIXELS:
        raise LogoRefused(
            f"the logo is {width:,} × {height:,} pixels ({width * height:,}; at most"
            f" {MAX_LOGO_PIXELS:,}, e.g. 2000 × 2000)"
        )


def _check_svg(data: bytes, name: str) -> None:
    """An SVG that is a plain drawing of bounded size (see the module's documentation)."""
    check = _SvgCheck(name)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = check.doctype
    parser.EntityDeclHandler = check.entity
    parser.UnparsedEntityDeclHandler = check.entity
    parser.ExternalEntityRefHandler = check.external
    parser.SkippedEntityHandler = check.skipped
    parser.StartElementHandler = check.start
    parser.EndElementHandler = check.end
    parser.CharacterDataHandler = check.characters
    check.parser = parser
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise LogoRefused(
            f"the SVG logo cannot be read as XML: {expat.ErrorString(exc.code)}"
            f" (line {exc.lineno} of {name})"
        ) from None
    check.finish()


@dataclass(slots=True)
class _Element:
    """What the weighing of an SVG logo needs of one of its elements."""

    parent: int  # index of the enclosing element, -1 for the root
    name: str
    classes: frozenset[str]
    id: str | None
    clip: str | None  # the id of the clip path it is in ("" for one without id)
    opacity: bool = False  # an opacity given by an attribute or a style attribute
    path: int = 0  # characters of path data


@dataclass(frozen=True, slots=True)
class _Rule:
    """A rule of a `<style>` sheet, as far as the weighing needs it."""

    selectors: tuple[tuple[str | None, frozenset[str], frozenset[str]], ...]  # name, .c, #i
    opacity: bool

    def matches(self, element: _Element) -> bool:
        return any(
            (name is None or name == element.name)
            and classes <= element.classes
            and all(i == element.id for i in ids)
            for name, classes, ids in self.selectors
        )


class _SvgCheck:
    """The state of one SVG logo's check, fed by the XML parser's events."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.parser: Any = None
        self.elements: list[_Element] = []
        self.open: list[int] = []  # indexes of the open elements
        self.text = 0
        self.names: set[str] = set()
        self.style: list[str] | None = None  # the text of the <style> being read
        self.style_total = 0
        self.rules: list[_Rule] = []
        self.in_text = 0  # open <text> and <tspan> elements (a <tspan> alone is drawn too)
        self.ids: dict[str, str] = {}  # id -> element name
        self.references: list[tuple[str, frozenset[str], int]] = []  # (id, kinds, line)

    def refuse(self, what: str) -> LogoRefused:
        line = self.parser.CurrentLineNumber if self.parser is not None else 1
        return LogoRefused(f"the SVG logo {what} (line {line} of {self.name})")

    # --- document type and entities ------------------------------------------------

    def doctype(self, name: str, system: str | None, public: str | None, internal: int) -> None:
        if internal:
            raise self.refuse("declares a document type of its own (<!DOCTYPE … [ … ]>)")

    def entity(self, name: str, *_: object) -> None:
        raise self.refuse(f"declares the entity {name!r}")

    def external(self, *_: object) -> int:
        raise self.refuse("refers to an external entity")

    def skipped(self, name: str, *_: object) -> None:
        raise self.refuse(f"uses the undeclared entity &{name};")

    # --- elements ------------------------------------------------------------------

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        namespace, _, local = tag.rpartition(" ")
        if len(self.open) >= MAX_SVG_DEPTH:
            raise self.refuse(f"nests elements more than {MAX_SVG_DEPTH} deep")
        if len(self.elements) >= MAX_SVG_ELEMENTS:
            raise self.refuse(f"has more than {MAX_SVG_ELEMENTS:,} elements")
        self._element(namespace, local)
        parent = self.open[-1] if self.open else -1
        clip = self.elements[parent].clip if parent >= 0 else None
        element_id = attributes.get("id")
        if local == "clipPath" and clip is None:
            clip = element_id or ""
        element = _Element(
            parent, local, frozenset(attributes.get("class", "").split()), element_id, clip
        )
        self.open.append(len(self.elements))
        self.elements.append(element)
        self.in_text += local in _TEXTS
        if element_id is not None:
            if element_id in self.ids:
                raise self.refuse(f"has two elements with the id {element_id!r}")
            self.ids[element_id] = local
        for key, value in attributes.items():
            self._attribute(element, key, value)
        if local == "style":
            self.style = []

    def _element(self, namespace: str, local: str) -> None:
        if not self.open:
            if (namespace, local) != (SVG_NAMESPACE, "svg"):
                raise self.refuse(f'is not an <svg xmlns="{SVG_NAMESPACE}"> document')
            return
        parent = self.elements[self.open[-1]].name
        if parent in _SHAPES and local not in ("title", "desc"):
            raise self.refuse(f"has a <{local}> inside a <{parent}>, which holds no element")
        reason = _REFUSED.get(local.lower())
        if reason is not None:
            raise self.refuse(f"has a <{local}> element, which {reason}")
        if local not in SVG_ELEMENTS and namespace in ("", SVG_NAMESPACE):
            allowed = ", ".join(sorted(SVG_ELEMENTS - {"svg"}, key=str.lower))
            raise self.refuse(f"has a <{local}> element (a logo may have only {allowed})")
        # an element of another namespace (an editor's, such as Inkscape's) draws nothing

    def _attribute(self, element: _Element, key: str, value: str) -> None:
        local = key.rpartition(" ")[2]
        self._name(key)
        if local == "href" or local.startswith("on"):
            raise self.refuse(f"has an attribute {local!r}, which a logo may not have")
        if local in _PATH_DATA:
            if element.name not in _PATH_DATA[local]:
                raise self.refuse(f"has {local}= on a <{element.name}> (it would be inherited)")
            element.path += len(value)
        elif key == local and local not in _LONG and len(value) > MAX_SVG_VALUE:
            raise self.refuse(f"has a {local} of more than {MAX_SVG_VALUE} characters")
        if element.parent < 0 and local in ("width", "height", "viewBox"):
            self._size(local, value)
        if key == "style":
            declarations = list(_parse_declarations(value, self))
            element.opacity |= any(name == "opacity" for name, _ in declarations)
            self._declarations(declarations, element)
        else:
            element.opacity |= key == "opacity"
            self._property(local, value, element)

    def _name(self, name: str) -> None:
        self.names.add(name)
        if len(self.names) > MAX_SVG_NAMES:
            raise self.refuse(f"uses more than {MAX_SVG_NAMES} attribute and property names")

    def _size(self, name: str, value: str) -> None:
        """The size of the drawing, which WeasyPrint divides by."""
        low, high = _SIZES
        if name == "viewBox":
            numbers = value.replace(",", " ").split()
            fine = len(numbers) == 4 and all(_NUMBER.fullmatch(n) for n in numbers)
            fine = fine and all(abs(float(n)) <= high for n in numbers[:2])
            sizes = numbers[2:] if fine else []
        else:
            match = _LENGTH.fullmatch(value)
            fine = match is not None
            sizes = [match.group(1)] if match is not None and match.group(2) != "%" else []
        if not fine or not all(low <= float(size) <= high for size in sizes):
            raise self.refuse(
                f"has {name}={value[:60]!r} (expected a length, or four numbers for a"
                f" viewBox, the width and height between {low:g} and {high:,.0f})"
            )

    def _property(self, name: str, value: str, element: _Element | None) -> None:
        """A presentation attribute or a style property (of `element`, or of a sheet's
        rule): what it may refer to."""
        if name.lower() == "spreadmethod" and value.strip() != "pad":
            # WeasyPrint repeats the colours over the shape, as many times as the gradient
            # is short: 300 bytes took 17 s and 1.4 GB
            raise self.refuse(f"has spreadMethod={value[:60]!r} (a gradient may only pad)")
        if "url(" not in value.lower() and ("#" not in value or name not in _LINKS):
            return
        line = self.parser.CurrentLineNumber
        if name in ("fill", "stroke") and (match := _PAINT.fullmatch(value.strip())):
            self.references.append((match.group(2), _GRADIENTS, line))
        elif name == "clip-path" and (match := _REFERENCE.fullmatch(value.strip())):
            if element is None:
                raise self.refuse("clips by a style sheet (use the clip-path attribute)")
            if element.clip is not None:
                raise self.refuse("clips a part of a clip path (clip paths may not be chained)")
            self.references.append((match.group(2), _CLIP, line))
        elif name in _LINKS and name != "clip-path":
            shown = value[:60]
            raise self.refuse(f"uses {name}={shown!r} (masks, filters and markers are not drawn)")
        else:
            raise self.refuse(
                f"refers to something in {name}={value[:60]!r} (only fill and stroke may name"
                " a gradient, and clip-path a clip path, of the logo itself: url(#id))"
            )

    def _declarations(
        self, declarations: Iterable[tuple[str, str]], element: _Element | None
    ) -> None:
        for name, value in declarations:
            self._name(name)
            if len(value) > MAX_SVG_VALUE:
                raise self.refuse(f"has a {name} of more than {MAX_SVG_VALUE} characters")
            self._property(name, value, element)

    def characters(self, data: str) -> None:
        if self.style is not None:
            self.style.append(data)
            self.style_total += len(data)
            if self.style_total > MAX_SVG_STYLE:
                raise self.refuse(f"has more than {MAX_SVG_STYLE:,} characters of style sheets")
        if self.in_text:  # any element in a text is drawn as text, a <style> too
            self.text += len(data)
            if self.text > MAX_SVG_TEXT:
                raise self.refuse(f"has more than {MAX_SVG_TEXT:,} characters of text")

    def end(self, tag: str) -> None:
        if self.style is not None:
            self._sheet("".join(self.style))
            self.style = None
        element = self.elements[self.open.pop()]
        self.in_text -= element.name in _TEXTS

    def _sheet(self, text: str) -> None:
        """A `<style>` sheet: rules of compound selectors (`path.st0`, `.cls-1`), no
        at-rule."""
        import tinycss2

        for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if rule.type == "at-rule":
                raise self.refuse(f"has a style sheet with @{rule.at_keyword}")
            if rule.type != "qualified-rule":
                continue
            selectors = tinycss2.serialize(rule.prelude).split(",")
            if not all(_SELECTOR.fullmatch(selector) for selector in selectors):
                shown = ",".join(selectors).strip()[:60]
                raise self.refuse(
                    f"has a style sheet with the selector {shown!r} (expected names of"
                    " elements, .classes and #ids, separated by commas)"
                )
            declarations = list(_parse_declarations(rule.content, self))
            self._declarations(declarations, None)
            opacity = any(name == "opacity" for name, _ in declarations)
            self.rules.append(_Rule(tuple(map(_compound, selectors)), opacity))
            if sum(len(r.selectors) for r in self.rules) > MAX_SVG_SELECTORS:
                raise self.refuse(f"has more than {MAX_SVG_SELECTORS} selectors in style sheets")

    # --- the whole drawing ---------------------------------------------------------

    def finish(self) -> None:
        """References resolve to the logo's own gradients and clip paths; the elements
        drawn and the path data read, as WeasyPrint draws them, stay within bounds."""
        clipped: dict[str, int] = {}
        for target, kinds, line in self.references:
            if self.ids.get(target) not in kinds:
                what = "clip path" if kinds is _CLIP else "gradient"
                raise LogoRefused(
                    f"the SVG logo refers to #{target}, which is no {what} of the logo"
                    f" (line {line} of {self.name})"
                )
            if kinds is _CLIP:
                clipped[target] = clipped.get(target, 0) + 1
        sizes: dict[str, int] = {}
        for element in self.elements:
            if element.clip:
                sizes[element.clip] = sizes.get(element.clip, 0) + 1
        drawn = len(self.elements) + sum(sizes[c] * n for c, n in clipped.items())
        if drawn > MAX_SVG_ELEMENTS:
            raise LogoRefused(
                f"the SVG logo draws more than {MAX_SVG_ELEMENTS:,} elements, its clip paths"
                f" counted once for each element they clip ({drawn:,}; in {self.name})"
            )
        weight = self._path_weight(clipped)
        if weight > MAX_SVG_PATH_DATA:
            raise LogoRefused(
                f"the SVG logo has too much path data for WeasyPrint to draw in good time"
                f" ({weight:,} characters read, counting each once more for each enclosing"
                f" opacity and twice more with gradients; at most {MAX_SVG_PATH_DATA:,};"
                f" in {self.name})"
            )

    def _path_weight(self, clipped: dict[str, int]) -> int:
        """The characters of path data WeasyPrint reads (see `MAX_SVG_PATH_DATA`)."""
        opacity = [
            element.opacity or any(rule.opacity and rule.matches(element) for rule in self.rules)
            for element in self.elements
        ]
        gradients = 2 if any(kinds is _GRADIENTS for _, kinds, _ in self.references) else 0
        weight = 0
        for index, element in enumerate(self.elements):
            if not element.path:
                continue
            if element.clip is not None:
                weight += element.path * max(1, clipped.get(element.clip, 0))
                continue
            times = 1 + gradients
            at = index
            while at >= 0:
                times += opacity[at]
                at = self.elements[at].parent
            weight += element.path * times
        return weight


def _compound(selector: str) -> tuple[str | None, frozenset[str], frozenset[str]]:
    """A compound selector as (element name or None, classes, ids)."""
    parts = _SELECTOR_PART.findall(selector.strip())
    name = parts[0] if parts and parts[0][0] not in ".#" else None
    classes = frozenset(p[1:] for p in parts if p[0] == ".")
    ids = frozenset(p[1:] for p in parts if p[0] == "#")
    return name, classes, ids


def _parse_declarations(content: Any, check: _SvgCheck) -> Iterable[tuple[str, str]]:
    """The (property, value) pairs of CSS declarations, read as WeasyPrint reads them."""
    import tinycss2

    for item in tinycss2.parse_blocks_contents(content):
        if item.type == "declaration":
            yield item.lower_name, tinycss2.serialize(item.value).strip()
        elif item.type == "at-rule":
            raise check.refuse(f"has a style with @{item.at_keyword}")
