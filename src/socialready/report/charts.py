"""SVG charts for the readiness report: a radar, horizontal bars, a half-circle gauge and a
maturity scale.

Every chart is a standalone `<svg>` string built here, with no plotting library and no
raster image, so that the HTML and PDF reports embed it as is. The output is deterministic
(same input, same string), coordinates are rounded to 2 decimals, and it holds no script,
no link, no external reference and no `style` attribute.

Labels may come from client data: every text is XML-escaped (quotes included), characters
that XML 1.0 forbids are dropped and runs of white space become one space. Colours end up
in attributes, so only `#rgb` and `#rrggbb` are accepted (anything else raises
`ValueError`). Text uses the generic `sans-serif` family, set once on the root element;
a stylesheet can override it (`svg text { font-family: inherit }`), since CSS rules beat
SVG presentation attributes.

Text widths are estimated from a small table of character widths, on the generous side
(DejaVu Sans), so that labels are neither clipped nor laid over the drawing whichever
sans-serif font renders them.

This module is a leaf: it imports nothing from the rest of socialready.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from xml.sax.saxutils import escape

from ._numbers import whole

__all__ = ["bars_svg", "gauge_svg", "matrix_svg", "radar_svg", "scale_svg", "timeline_svg"]

_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
# Characters XML 1.0 forbids (and DEL): they would make the document ill-formed.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_QUOTES = {'"': "&quot;", "'": "&#39;"}

_TEXT = "#1f2933"  # labels and values
_MUTED = "#6b7785"  # ring labels, gauge ends, "–" for a missing value
_TRACK = "#e8edf2"  # the gauge's empty arc
_WHITE = "#ffffff"
_DASH = "–"
_ELLIPSIS = "…"

# Estimated advance widths in em, close to DejaVu Sans (wider than most sans-serif fonts).
_NARROW = frozenset(" !'(),./:;I[]`fijlt|‘’")
_WIDE = frozenset("%@MWmw—")


def _svg_open(width: float, height: float) -> str:
    w, h = _n(width), _n(height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
        f'height="{h}" role="img" font-family="sans-serif">'
    )


def _n(x: float) -> str:
    """A coordinate rounded to 2 decimals, without trailing zeros (and never `-0`)."""
    text = f"{x:.2f}"
    if text[-1] == "0":
        text = text[:-3] if text[-2] == "0" else text[:-1]
    return "0" if text == "-0" else text


_ZEROS = re.compile(r"\.00(?![0-9])")
_ZERO = re.compile(r"(\.[0-9])0(?![0-9])")
_MINUS_ZERO = re.compile(r'-0(?=[" ,])')


def _tidy(markup: str) -> str:
    """`_n` applied to the numbers of markup holding no text: `12.50` → `12.5`.

    Numbers there are written with 2 decimals and delimited by quotes, spaces or commas.
    """
    return _MINUS_ZERO.sub("0", _ZERO.sub(r"\1", _ZEROS.sub("", markup)))


def _esc(text: str) -> str:
    """Escape for XML text and attribute values alike."""
    return escape(text, _QUOTES)


_BREAKABLE = re.compile(r"[ \t\n\r\f\v]+")


def _clean(text: object) -> str:
    """A label as one line of XML-safe text: forbidden characters dropped, runs of breakable
    white space made one space; the no-break spaces of French typography (« X », 26 %) are
    kept."""
    return _BREAKABLE.sub(" ", _XML_INVALID.sub("", str(text))).strip(" ")


def _colour(value: str, name: str) -> str:
    if not isinstance(value, str) or _COLOUR.fullmatch(value) is None:
        raise ValueError(f"{name} must be a colour written #rgb or #rrggbb, not {value!r}")
    return value.lower()


def _dimension(value: int, name: str, minimum: int) -> float:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an integer of at least {minimum}, not {value!r}")
    return float(value)


def _number(value: float | None) -> float | None:
    """A value to draw: `None` and NaN mean "no value"."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _fraction(value: float, maximum: float) -> float:
    """`value / maximum` clamped to [0, 1]."""
    return min(max(value / maximum, 0.0), 1.0)


def _em(char: str) -> float:
    if char in _NARROW:
        return 0.36
    if char in _WIDE:
        return 0.92
    if char.isupper():
        return 0.74
    if char.isdigit():
        return 0.64
    if ord(char) >= 0x1100 and unicodedata.east_asian_width(char) in "WF":
        return 1.0
    return 0.62


class _Widths(dict[str, float]):
    """Character widths in em, filled as characters are met (up to a bound)."""

    def __missing__(self, char: str) -> float:
        em = _em(char)
        if len(self) < 4096:
            self[char] = em
        return em


_EM = _Widths()
_em_of = _EM.__getitem__


def _width(text: str, font_size: float) -> float:
    """Estimated width of `text` in px."""
    return font_size * sum(map(_em_of, text))


def _truncate(text: str, max_width: float, font_size: float) -> str:
    if _width(text, font_size) <= max_width:
        return text
    budget = max_width - _width(_ELLIPSIS, font_size)
    used = 0.0
    for i, char in enumerate(text):
        used += _em_of(char) * font_size
        if used > budget:
            return text[:i].rstrip() + _ELLIPSIS
    return text  # pragma: no cover - the loop always stops before the end


@lru_cache(maxsize=1024)
def _wrap(
    text: str, wrap_width: float, max_width: float, font_size: float, suffix: str = ""
) -> tuple[tuple[str, ...], bool]:
    """At most 2 lines, broken on a space, each line cut to `max_width` with "…" if needed.

    A text wider than `wrap_width` is split at the space that best balances the two lines,
    or, when no such split fits `max_width`, after as many words as fit on the first line.
    `suffix` is appended to the last line (it is never separated from the last word).
    Returns the lines and whether anything was cut.
    """
    whole = text + suffix
    lines = [whole]
    if _width(whole, font_size) > wrap_width and " " in text:
        words = text.split(" ")
        word_widths = [_width(word, font_size) for word in words]
        space = _width(" ", font_size)
        total = sum(word_widths) + space * (len(words) - 1) + _width(suffix, font_size)
        first, best, split, fits = -space, math.inf, 1, 1
        for i in range(1, len(words)):
            first += word_widths[i - 1] + space
            if first <= max_width:
                fits = i
            worst = max(first, total - first - space)
            if worst <= best:
                best, split = worst, i
        if best > max_width:  # no balanced split fits: fill the first line, cut the second
            split = fits
        lines = [" ".join(words[:split]), " ".join(words[split:]) + suffix]
    cut = [_truncate(line, max_width, font_size) for line in lines]
    if suffix and cut[-1] != lines[-1]:
        cut[-1] = (
            _truncate(lines[-1][: -len(suffix)], max_width - _width(suffix, font_size), font_size)
            + suffix
        )
    return tuple(cut), cut != lines


def _text_block(
    lines: Sequence[str],
    x: float,
    first_baseline: float,
    line_height: float,
    anchor: str,
    full_text: str | None = None,
    attributes: str = "",
) -> str:
    """A `<text>` of one or more lines; wrapped in a titled `<g>` when `full_text`."""
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    xs = _n(x)
    if len(lines) == 1:
        body = _esc(lines[0])
    else:
        body = "".join(
            f'<tspan x="{xs}" y="{_n(first_baseline + i * line_height)}">{_esc(line)}</tspan>'
            for i, line in enumerate(lines)
        )
    element = f'<text x="{xs}" y="{_n(first_baseline)}"{anchor_attr}{attributes}>{body}</text>'
    if full_text is None:
        return element
    return f"<g><title>{_esc(full_text)}</title>{element}</g>"


def _head(title: str, description: str) -> str:
    """The chart's `<title>` — what a PDF reader gives as the figure's alternative text
    (WeasyPrint reads no `<desc>`), so it holds the numbers too — and its `<desc>`."""
    title = _clean(title)
    alternative = f"{title} — {description}" if title and description else title or description
    head = f"<title>{_esc(alternative)}</title>" if alternative else ""
    return head + (f"<desc>{_esc(description)}</desc>" if description else "")


def _describe(items: Sequence[tuple[str, float | None]], fmt: Callable[[float], str]) -> str:
    return "; ".join(
        f"{label}: {_DASH if value is None else _clean(fmt(value))}" for label, value in items
    )


# --------------------------------------------------------------------------------------------
# Radar
# --------------------------------------------------------------------------------------------

_RADAR_FONT = 11.0
_RADAR_GAP = 12.0  # between the outer ring and the labels
_RADAR_PAD = 6.0
_RADAR_WRAP = 18 * 0.62 * _RADAR_FONT  # about 18 characters
_RADAR_MAX_LINE = 34 * 0.62 * _RADAR_FONT  # beyond this a line is cut with "…"
_RINGS = (20, 40, 60, 80, 100)
_LINE = 13.0  # line height of 11 px labels


@lru_cache(maxsize=32)
def _directions(count: int) -> tuple[tuple[float, float], ...]:
    """Unit vectors of `count` axes, the first pointing up, the others clockwise."""
    directions = []
    for i in range(count):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        c, s = math.cos(angle), math.sin(angle)
        directions.append((0.0 if abs(c) < 1e-9 else c, 0.0 if abs(s) < 1e-9 else s))
    return tuple(directions)


@lru_cache(maxsize=64)
def _radar_grid(count: int, radius: float, cx: float, cy: float, grid: str) -> str:
    """The rings, axes and ring labels of a radar (the same for every chart of one shape)."""
    directions = _directions(count)
    markup = [f'<g class="sr-grid" fill="none" stroke="{grid}" stroke-width="1">']
    for ring in _RINGS:
        r = radius * ring / 100
        points = " ".join(f"{cx + r * c:.2f},{cy + r * s:.2f}" for c, s in directions)
        markup.append(f'<polygon points="{points}"/>')
    markup.extend(
        f'<line x1="{cx:.2f}" y1="{cy:.2f}" x2="{cx + radius * c:.2f}" y2="{cy + radius * s:.2f}"/>'
        for c, s in directions
    )
    # ring labels halfway between the first two axes, where no score's dot can hide them
    (c0, s0), (c1, s1) = directions[0], directions[1 % count]
    mx, my = (c0 + c1) / 2, (s0 + s1) / 2
    markup.append(f'</g><g class="sr-rings" font-size="8" fill="{_MUTED}" text-anchor="middle">')
    markup.extend(
        f'<text x="{cx + radius * ring / 100 * mx:.2f}"'
        f' y="{cy + radius * ring / 100 * my + 3:.2f}">{ring}</text>'
        for ring in _RINGS
    )
    markup.append("</g>")
    return _tidy("".join(markup))


def radar_svg(
    axes: Sequence[tuple[str, float | None]],
    *,
    size: int = 360,
    colour: str = "#1f4e79",
    grid_colour: str = "#c8d0da",
    title: str = "",
) -> str:
    """A radar (spider) chart of scores from 0 to 100, one axis per `(label, score)`.

    The first axis points up, the others follow clockwise. Grid rings are drawn at 20, 40,
    60, 80 and 100 (labelled halfway between the first two axes); the scores make a polygon
    filled with `colour` at 25 % opacity, with a dot per score. A `None` score is drawn
    at 0 with a hollow dot, and its label is followed by " –". Scores outside 0–100 are clamped.

    Labels sit outside the grid, wrapped on 2 lines beyond about 18 characters (and cut
    with "…" beyond about 34 characters a line, the whole label then kept in a `<title>`).
    The SVG is at most `size` px high (more only if the labels leave too little room for
    the grid), the grid's radius at most 0.42 × `size`; its width follows from the labels,
    the grid staying centred horizontally. Meant for 3 to 12 axes;
    with fewer than 3 the scores are returned as a bar chart (`bars_svg`).

    Raises `ValueError` for a colour other than `#rgb`/`#rrggbb` or a `size` below 120.
    """
    colour = _colour(colour, "colour")
    grid = _colour(grid_colour, "grid_colour")
    height = _dimension(size, "size", 120)
    if len(axes) < 3:
        return bars_svg(axes, width=max(round(height * 1.45), 120), colour=colour, title=title)

    items = [(_clean(label), _number(value)) for label, value in axes]
    count = len(items)
    font, line_h, gap, pad = _RADAR_FONT, _LINE, _RADAR_GAP, _RADAR_PAD
    directions = _directions(count)

    # Label blocks: lines, width, height, anchor.
    blocks: list[tuple[tuple[str, ...], bool, float, float, str]] = []
    for (label, value), (c, _s) in zip(items, directions, strict=True):
        suffix = f" {_DASH}" if value is None else ""
        lines, cut = _wrap(label, _RADAR_WRAP, _RADAR_MAX_LINE, font, suffix)
        block_w = max(_width(line, font) for line in lines)
        block_h = 1.2 * font + (len(lines) - 1) * line_h
        anchor = "middle" if abs(c) < 0.26 else "start" if c > 0 else "end"
        blocks.append((lines, cut, block_w, block_h, anchor))

    # The extents above and below the centre (grid and label blocks) are lines a*R + b in
    # the radius R; their maxima are convex in R, so Newton steps from above reach the
    # largest R whose extents fit in the height.
    above = [(max(-s for _c, s in directions), 0.0)]
    below = [(max(s for _c, s in directions), 0.0)]
    for (_c, s), (_l, _cut, _w, block_h, _a) in zip(directions, blocks, strict=True):
        above.append((-s, -gap * s + block_h * (1 - s) / 2))
        below.append((s, gap * s + block_h * (1 + s) / 2))
    room = height - 2 * pad
    radius = height * 0.42
    for _ in range(len(above) * len(below)):
        a1, b1 = max(above, key=lambda line: line[0] * radius + line[1])
        a2, b2 = max(below, key=lambda line: line[0] * radius + line[1])
        if (a1 + a2) * radius + b1 + b2 <= room + 1e-6 or a1 + a2 <= 0:
            break
        radius = (room - b1 - b2) / (a1 + a2)
    radius = math.floor(max(radius, height * 0.2) * 100) / 100
    top = max(a * radius + b for a, b in above)
    bottom = max(a * radius + b for a, b in below)
    height = math.ceil(top + bottom + 2 * pad)

    half = 0.0
    anchors: list[tuple[float, float]] = []
    for (c, s), (_l, _cut, block_w, _h, anchor) in zip(directions, blocks, strict=True):
        ax, ay = (radius + gap) * c, (radius + gap) * s
        anchors.append((ax, ay))
        if anchor == "start":
            extent = max(abs(ax), abs(ax + block_w))
        elif anchor == "end":
            extent = max(abs(ax), abs(ax - block_w))
        else:
            extent = abs(ax) + block_w / 2
        half = max(half, extent, radius * abs(c))
    width = math.ceil(2 * (half + pad))
    cx = width / 2
    cy = pad + top

    # The geometry is formatted with 2 decimals, then tidied in one pass (it holds no text).
    geometry: list[str] = []
    dots = [
        (cx + r * c, cy + r * s)
        for (c, s), (_label, value) in zip(directions, items, strict=True)
        for r in (0.0 if value is None else radius * _fraction(value, 100),)
    ]
    points = " ".join(f"{x:.2f},{y:.2f}" for x, y in dots)
    geometry.append(
        f'<polygon class="sr-area" points="{points}" fill="{colour}" fill-opacity="0.25" '
        f'stroke="{colour}" stroke-width="2" stroke-linejoin="round"/>'
    )
    hollow = f'fill="{_WHITE}" stroke="{colour}" stroke-width="1.5"'
    full = f'fill="{colour}"'
    geometry.extend(
        f'<circle class="sr-dot" cx="{x:.2f}" cy="{y:.2f}" r="3.5" '
        f"{hollow if value is None else full}/>"
        for (x, y), (_label, value) in zip(dots, items, strict=True)
    )
    parts = [
        _svg_open(width, height),
        _head(title, _describe(items, whole)),
        _radar_grid(count, radius, cx, cy, grid),
        _tidy("".join(geometry)),
    ]
    parts.append(f'<g class="sr-labels" font-size="{_n(font)}" fill="{_TEXT}">')
    for (label, _v), (_c, s), (lines, cut, _w, block_h, anchor), (ax, ay) in zip(
        items, directions, blocks, anchors, strict=True
    ):
        block_top = cy + ay - block_h * (1 - s) / 2
        parts.append(
            _text_block(
                lines, cx + ax, block_top + 0.95 * font, line_h, anchor, label if cut else None
            )
        )
    parts.append("</g></svg>")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Bars
# --------------------------------------------------------------------------------------------

_BAR_FONT = 12.0
_BAR_LINE = 14.0
_BAR_HEIGHT = 14.0
_BAR_PAD = 4.0
_BAR_GAP = 10.0  # between the label column and the track
_VALUE_GAP = 8.0  # between the track and the value column


def bars_svg(
    bars: Sequence[tuple[str, float | None]],
    *,
    width: int = 520,
    colour: str = "#1f4e79",
    track_colour: str = "#e8edf2",
    title: str = "",
    max_value: float = 100,
    value_format: Callable[[float], str] = whole,
) -> str:
    """Horizontal bars, one row per `(label, value)`, on a scale from 0 to `max_value`.

    Each row has its label on the left (right-aligned, wrapped on 2 lines when it does not
    fit, cut with "…" beyond, the whole label then kept in a `<title>`), a track, a bar
    and the value printed in a right-hand column by `value_format`. The label column is
    as wide as the longest label, up to 45 % of `width`. Values outside 0–`max_value`
    are clamped for drawing, the printed value staying the real one; a `None` value has
    no bar and prints "–". The SVG is `width` px wide and as high as its rows need.

    Raises `ValueError` for a colour other than `#rgb`/`#rrggbb`, a `width` below 120
    or a `max_value` that is not a positive finite number.
    """
    colour = _colour(colour, "colour")
    track = _colour(track_colour, "track_colour")
    total_w = _dimension(width, "width", 120)
    maximum = float(max_value)
    if not (math.isfinite(maximum) and maximum > 0):
        raise ValueError(f"max_value must be a positive finite number, not {max_value!r}")

    items = [(_clean(label), _number(value)) for label, value in bars]
    font, line_h, pad = _BAR_FONT, _BAR_LINE, _BAR_PAD
    values = [_DASH if value is None else _clean(value_format(value)) for _l, value in items]
    value_w = max((_width(text, font) for text in values), default=0.0)
    natural = max((_width(label, font) for label, _v in items), default=0.0)
    column = min(natural, 0.45 * total_w)
    wrapped = [_wrap(label, column, column, font) for label, _v in items]
    row_h = 36.0 if any(len(lines) > 1 for lines, _cut in wrapped) else 26.0

    label_x = pad + column
    track_x = label_x + (_BAR_GAP if column > 0 else 0.0)
    value_x = total_w - pad
    track_w = max(value_x - value_w - _VALUE_GAP - track_x, 0.0)
    height = math.ceil(2 * pad + len(items) * row_h)

    parts = [_svg_open(total_w, height), _head(title, _describe(items, value_format))]
    parts.append(f'<g font-size="{_n(font)}" fill="{_TEXT}">')
    for i, ((label, value), text, (lines, cut)) in enumerate(
        zip(items, values, wrapped, strict=True)
    ):
        middle = pad + (i + 0.5) * row_h
        bar_y = _n(middle - _BAR_HEIGHT / 2)
        baseline = middle + 0.36 * font
        if label:
            parts.append(
                _text_block(
                    lines,
                    label_x,
                    baseline - (len(lines) - 1) * line_h / 2,
                    line_h,
                    "end",
                    label if cut else None,
                    ' class="sr-label"',
                )
            )
        parts.append(
            f'<rect class="sr-track" x="{_n(track_x)}" y="{bar_y}" width="{_n(track_w)}" '
            f'height="{_n(_BAR_HEIGHT)}" rx="{_n(min(3.0, track_w / 2))}" fill="{track}"/>'
        )
        if value is not None:
            bar_w = track_w * _fraction(value, maximum)
            if round(bar_w, 2) > 0:
                parts.append(
                    f'<rect class="sr-bar" x="{_n(track_x)}" y="{bar_y}" width="{_n(bar_w)}" '
                    f'height="{_n(_BAR_HEIGHT)}" rx="{_n(min(3.0, bar_w / 2))}" '
                    f'fill="{colour}"/>'
                )
        muted = f' fill="{_MUTED}"' if value is None else ""
        parts.append(
            f'<text class="sr-value" x="{_n(value_x)}" y="{_n(baseline)}" text-anchor="end"'
            f"{muted}>{_esc(text)}</text>"
        )
    parts.append("</g></svg>")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Gauge
# --------------------------------------------------------------------------------------------


def gauge_svg(
    value: float | None,
    *,
    bands: Sequence[tuple[float, float, str]] = (),
    size: int = 160,
    colour: str = "#1f4e79",
    label: str = "",
    value_format: Callable[[float], str] = whole,
    top: str = "100",
) -> str:
    """A half-circle gauge from 0 to 100, its arc filled up to `value`, printed in the middle
    by `value_format` (a whole number by default; the report passes the score as it prints
    it elsewhere). `top` is what its right end reads: the top of the scale the value is
    shown on (`3` for a score shown on 0–3, `100 %` for a percentage).

    `bands` are `(start, end, colour)` ranges drawn as thin coloured arcs just outside
    the gauge (e.g. the thresholds of a maturity scale), clamped to 0–100; empty ranges are
    skipped. `label` is printed under the gauge (2 lines at most) and is its `<title>`.
    The value is clamped for drawing; `None` draws an empty gauge and prints "–". The SVG
    is `size` px wide.

    Raises `ValueError` for a colour other than `#rgb`/`#rrggbb` (band colours
    included) or a `size` below 60.
    """
    colour = _colour(colour, "colour")
    total_w = _dimension(size, "size", 60)
    checked = [
        (float(start), float(end), _colour(band_colour, "band colour"))
        for start, end, band_colour in bands
    ]
    number = _number(value)
    text = _clean(label)

    pad = 4.0
    thickness = total_w * 0.12
    band_w = max(3.0, total_w * 0.025)
    outside = band_w + 2.0 if checked else 0.0
    radius = total_w / 2 - pad - outside - thickness / 2
    cx = total_w / 2
    cy = pad + outside + thickness / 2 + radius
    end_font = max(8.0, total_w * 0.055)
    label_font = 11.0
    lines, cut = _wrap(text, total_w - 2 * pad, total_w - 2 * pad, label_font)
    ends_baseline = cy + thickness / 2 + end_font + 2
    label_baseline = ends_baseline + label_font + 5
    height = math.ceil(
        (label_baseline + (len(lines) - 1) * _LINE if text else ends_baseline) + pad + 2
    )

    def arc(start: float, end: float, r: float) -> str:
        a, b = math.pi * (1 - start / 100), math.pi * (1 - end / 100)
        return (
            f"M{_n(cx + r * math.cos(a))} {_n(cy - r * math.sin(a))}"
            f"A{_n(r)} {_n(r)} 0 0 1 {_n(cx + r * math.cos(b))} {_n(cy - r * math.sin(b))}"
        )

    shown = _DASH if number is None else _clean(value_format(number))
    top = _clean(top)
    description = f"{text}: {shown}" if text else (f"{shown} / {top}" if number is not None else "")
    parts = [_svg_open(total_w, height), _head("", description)]
    parts.append(
        f'<path class="sr-track" d="{arc(0, 100, radius)}" fill="none" stroke="{_TRACK}" '
        f'stroke-width="{_n(thickness)}"/>'
    )
    band_r = radius + thickness / 2 + 2 + band_w / 2
    for start, end, band_colour in checked:
        low, high = min(max(start, 0.0), 100.0), min(max(end, 0.0), 100.0)
        if high > low:
            parts.append(
                f'<path class="sr-band" d="{arc(low, high, band_r)}" fill="none" '
                f'stroke="{band_colour}" stroke-width="{_n(band_w)}"/>'
            )
    if number is not None and _fraction(number, 100) > 0:
        parts.append(
            f'<path class="sr-value-arc" d="{arc(0, 100 * _fraction(number, 100), radius)}" '
            f'fill="none" stroke="{colour}" stroke-width="{_n(thickness)}"/>'
        )
    value_font = (radius - thickness / 2) * 0.55
    parts.append(
        f'<text class="sr-value" x="{_n(cx)}" y="{_n(cy - 2)}" text-anchor="middle" '
        f'font-size="{_n(value_font)}" font-weight="bold" '
        f'fill="{_MUTED if number is None else _TEXT}">{_esc(shown)}</text>'
    )
    parts.append(f'<g font-size="{_n(end_font)}" fill="{_MUTED}" text-anchor="middle">')
    parts.append(f'<text x="{_n(cx - radius)}" y="{_n(ends_baseline)}">0</text>')
    parts.append(f'<text x="{_n(cx + radius)}" y="{_n(ends_baseline)}">{_esc(top)}</text></g>')
    if text:
        parts.append(
            _text_block(
                lines,
                cx,
                label_baseline,
                _LINE,
                "middle",
                text if cut else None,
                f' class="sr-label" font-size="{_n(label_font)}" fill="{_TEXT}"',
            )
        )
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------------------------

_TIMELINE_FONT = 11.0
_TIMELINE_LINE = 15.0
_TIMELINE_GAP = 10.0  # between two periods


def timeline_svg(
    stages: Sequence[tuple[str, str, Sequence[tuple[str, str]]]],
    *,
    width: int = 520,
    colour: str = "#1f4e79",
    title: str = "",
    empty: str = _DASH,
) -> str:
    """A vertical timeline of periods, each `(name, dates, items)` with its items
    `(number, text)` listed beside it, on two lines at most each (cut with "…" beyond,
    the whole text then kept in a `<title>`); a period without items shows `empty`.

    The periods are dots on a vertical line, the first at the top, their name and dates at
    the left. The chart's `<title>` holds `title` and every period with all its items,
    so that it says what the picture shows. The SVG is `width` px wide.

    Raises `ValueError` for a colour other than `#rgb`/`#rrggbb` or a `width` below
    240.
    """
    colour = _colour(colour, "colour")
    total_w = _dimension(width, "width", 240)
    font, line_h, pad = _TIMELINE_FONT, _TIMELINE_LINE, 4.0
    cleaned = [
        (_clean(name), _clean(dates), [(_clean(n), _clean(text)) for n, text in items])
        for name, dates, items in stages
    ]
    column = min(
        max((max(_width(name, font), _width(dates, font)) for name, dates, _ in cleaned), default=0)
        + 4,
        0.35 * total_w,
    )
    line_x = pad + column + 10
    text_x = line_x + 14
    number_w = max(
        (_width(n + ".", font) for _, _, items in cleaned for n, _ in items), default=0.0
    )
    room = total_w - pad - text_x - number_w - 4
    wrapped = [
        [(number, *_wrap(text, room, room, font)) for number, text in items]
        for _, _, items in cleaned
    ]
    rows: list[tuple[float, str, str, list[tuple[str, tuple[str, ...], bool]]]] = []
    y = pad + font
    for (name, dates, _items), lines in zip(cleaned, wrapped, strict=True):
        rows.append((y, name, dates, lines))
        y += max(sum(len(item[1]) for item in lines), 2) * line_h + _TIMELINE_GAP
    height = math.ceil(y - _TIMELINE_GAP + pad)
    described = "; ".join(
        f"{name} ({dates}): "
        + (", ".join(f"{n}. {text}" for n, text in items) if items else _clean(empty))
        for name, dates, items in cleaned
    )
    parts = [_svg_open(total_w, height), _head(title, described)]
    first, last = rows[0][0] - 4 if rows else 0.0, rows[-1][0] - 4 if rows else 0.0
    parts.append(
        f'<line class="sr-axis" x1="{_n(line_x)}" y1="{_n(first)}" x2="{_n(line_x)}" '
        f'y2="{_n(last)}" stroke="{colour}" stroke-width="2"/>'
    )
    parts.append(f'<g font-size="{_n(font)}" fill="{_TEXT}">')
    for (y, name, dates, lines), (_, _, items) in zip(rows, cleaned, strict=True):
        parts.append(
            f'<circle class="sr-dot" cx="{_n(line_x)}" cy="{_n(y - 4)}" r="5" fill="{colour}"/>'
        )
        parts.append(
            _text_block(
                [_truncate(name, column, font)],
                pad + column,
                y,
                line_h,
                "end",
                None,
                ' font-weight="bold"',
            )
        )
        parts.append(
            _text_block(
                [_truncate(dates, column, font)],
                pad + column,
                y + line_h,
                line_h,
                "end",
                None,
                f' fill="{_MUTED}"',
            )
        )
        if not lines:
            parts.append(
                _text_block([_clean(empty)], text_x, y, line_h, "start", None, f' fill="{_MUTED}"')
            )
        baseline = y
        for (number, shown, cut), (_, text) in zip(lines, items, strict=True):
            parts.append(
                _text_block(
                    [f"{number}."],
                    text_x + number_w,
                    baseline,
                    line_h,
                    "end",
                    None,
                    f' fill="{_MUTED}"',
                )
            )
            parts.append(
                _text_block(
                    list(shown),
                    text_x + number_w + 4,
                    baseline,
                    line_h,
                    "start",
                    text if cut else None,
                )
            )
            baseline += len(shown) * line_h
    parts.append("</g></svg>")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Effort / impact matrix
# --------------------------------------------------------------------------------------------


def matrix_svg(
    points: Sequence[tuple[str, int, float]],
    *,
    efforts: Sequence[str],
    impact: str,
    width: int = 520,
    height: int = 300,
    colour: str = "#1f4e79",
    title: str = "",
    value_format: Callable[[float], str] = whole,
) -> str:
    """An effort/impact matrix: one numbered dot per `(number, effort, gain)`, `effort`
    being the index of its column in `efforts` (their labels, least effort first) and
    `gain` its height on a scale from 0 to a round maximum above the largest gain, labelled
    `impact`. Dots that share a column sit side by side. The quarter of least effort and
    most gain is shaded. The chart's `<title>` lists every dot with its effort and gain.

    Raises `ValueError` for a colour other than `#rgb`/`#rrggbb`, sizes below 240 ×
    160, or an effort outside `efforts`.
    """
    colour = _colour(colour, "colour")
    total_w = _dimension(width, "width", 240)
    total_h = _dimension(height, "height", 160)
    columns = len(efforts)
    if any(not 0 <= effort < columns for _, effort, _ in points):
        raise ValueError(f"an effort is outside the {columns} columns")
    font, pad = 11.0, 4.0
    labels = [_clean(e) for e in efforts]
    impact_label = _clean(impact)
    top = max((max(gain, 0.0) for _, _, gain in points), default=0.0)
    step = next((s for s in (0.5, 1, 2, 5, 10, 20, 25, 50) if top / s <= 5), 100)
    maximum = max(step * math.ceil(top / step), step)
    left = pad + font + 8 + max(_width(value_format(maximum), font), _width("0", font)) + 6
    right = total_w - pad
    bottom = total_h - pad - font - 8
    upper = pad + font / 2
    plot_w, plot_h = right - left, bottom - upper
    cell = plot_w / columns

    def y_of(gain: float) -> float:
        return bottom - plot_h * _fraction(max(gain, 0.0), maximum)

    described = "; ".join(
        f"{_clean(n)}: {labels[effort]}, {_clean(value_format(gain))}" for n, effort, gain in points
    )
    parts = [_svg_open(total_w, total_h), _head(title, described)]
    half = bottom - plot_h / 2
    parts.append(
        f'<rect class="sr-quick" x="{_n(left)}" y="{_n(upper)}" width="{_n(cell * (columns / 2))}" '
        f'height="{_n(half - upper)}" fill="{colour}" fill-opacity="0.08"/>'
    )
    grid = ['<g class="sr-grid" stroke="#c8d0da" stroke-width="1">']
    ticks = ['<g font-size="9" fill="#6b7785" text-anchor="end">']
    value = 0.0
    while value <= maximum + 1e-9:
        y = y_of(value)
        grid.append(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right)}" y2="{_n(y)}"/>')
        ticks.append(
            f'<text x="{_n(left - 4)}" y="{_n(y + 3)}">{_esc(_clean(value_format(value)))}</text>'
        )
        value += step
    for i in range(columns + 1):
        x = left + i * cell
        grid.append(f'<line x1="{_n(x)}" y1="{_n(upper)}" x2="{_n(x)}" y2="{_n(bottom)}"/>')
    parts += [*grid, "</g>", *ticks, "</g>"]
    parts.append(f'<g font-size="{_n(font)}" fill="{_TEXT}" text-anchor="middle">')
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{_n(left + (i + 0.5) * cell)}" y="{_n(total_h - pad)}">'
            f"{_esc(_truncate(label, cell - 4, font))}</text>"
        )
    middle = upper + plot_h / 2
    parts.append(
        f'<text x="{_n(pad + font)}" y="{_n(middle)}" '
        f'transform="rotate(-90 {_n(pad + font)} {_n(middle)})">'
        f"{_esc(_truncate(impact_label, plot_h, font))}</text></g>"
    )
    in_column: dict[int, list[tuple[str, float]]] = {}
    for number, effort, gain in points:
        in_column.setdefault(effort, []).append((_clean(number), gain))
    parts.append(f'<g font-size="9" font-weight="bold" fill="{_WHITE}" text-anchor="middle">')
    radius = 8.0
    for effort, dots in sorted(in_column.items()):
        spread = min(cell - 2 * radius - 4, (len(dots) - 1) * (2 * radius + 2))
        for i, (number, gain) in enumerate(dots):
            offset = 0.0 if len(dots) == 1 else -spread / 2 + spread * i / (len(dots) - 1)
            x, y = left + (effort + 0.5) * cell + offset, y_of(gain)
            parts.append(
                f'<circle class="sr-dot" cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}" '
                f'fill="{colour}" stroke="{_WHITE}" stroke-width="1"/>'
                f'<text x="{_n(x)}" y="{_n(y + 3)}">{_esc(number)}</text>'
            )
    parts.append("</g></svg>")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Scale
# --------------------------------------------------------------------------------------------


def _level_of(items: Sequence[tuple[str, float, float]], number: float) -> int | None:
    """The index of the `(name, start, end)` level `number` falls in (`start`
    included, `end` excluded but for the last level)."""
    found = None
    for i, (_name, start, end) in enumerate(items):
        if start <= number < end or (i == len(items) - 1 and number >= start):
            found = i
    return found


_SCALE_FONT = 11.0
_SCALE_BAR = 26.0  # height of the levels' band
_SCALE_TOP = 24.0  # room above the band for the marker and its value
_SCALE_TINT = "#dfe6ee"  # the levels the value is not in


def scale_svg(
    levels: Sequence[tuple[str, float, float]],
    value: float | None,
    *,
    width: int = 640,
    colour: str = "#1f4e79",
    title: str = "",
    value_format: Callable[[float], str] = whole,
    top: float = 100.0,
    current: int | None = None,
) -> str:
    """A maturity scale: one segment per `(name, start, end)` level along 0–`top`, each
    named inside it (cut with "…" when it does not fit, the whole name then kept in a
    `<title>`), the thresholds printed under the segments' edges, the level holding
    `value` (or the level of index `current`, when given) filled with `colour` and a
    marker above `value` with the value printed by `value_format`. A scale with an
    exact level (`start == end`, such as "level 2" of a 0–3 model) is drawn with one
    segment of the same width per level, each with its range under it. `title` is the
    chart's alternative text (it should say the position in words and numbers); the levels
    and their thresholds follow it. `None` draws the scale without marker. The SVG is
    `width` px wide.

    Raises `ValueError` for a colour other than `#rgb`/`#rrggbb` or a `width` below
    200.
    """
    colour = _colour(colour, "colour")
    total_w = _dimension(width, "width", 200)
    number = _number(value)
    items = [(_clean(name), float(start), float(end)) for name, start, end in levels]
    font, pad = _SCALE_FONT, 6.0
    left, right = pad + 8.0, total_w - pad - 8.0  # room for the end thresholds' digits
    ordinal = any(start == end for _name, start, end in items)
    step = (right - left) / max(len(items), 1)

    def x(at: float) -> float:
        return left + (right - left) * _fraction(at, top)

    def span(i: int) -> tuple[float, float]:
        if ordinal:
            return left + i * step, left + (i + 1) * step
        return x(items[i][1]), x(items[i][2])

    band_y = _SCALE_TOP
    height = math.ceil(band_y + _SCALE_BAR + 6 + font + pad)
    if current is None and number is not None:
        current = _level_of(items, number)

    def ends(start: float, end: float) -> str:
        if start == end:
            return _clean(value_format(start))
        return f"{_clean(value_format(start))}\u2013{_clean(value_format(end))}"

    description = "; ".join(f"{name}: {ends(start, end)}" for name, start, end in items)
    parts = [_svg_open(total_w, height), _head(title, description)]
    parts.append(f'<g font-size="{_n(font)}">')
    edges: list[float] = []
    for i, (name, start, end) in enumerate(items):
        x0, x1 = span(i)
        filled = i == current
        parts.append(
            f'<rect class="sr-level" x="{_n(x0 + 1)}" y="{_n(band_y)}" '
            f'width="{_n(max(x1 - x0 - 2, 0.0))}" height="{_n(_SCALE_BAR)}" rx="3" '
            f'fill="{colour if filled else _SCALE_TINT}"/>'
        )
        shown = _truncate(name, max(x1 - x0 - 8, 0.0), font)
        if shown:
            parts.append(
                _text_block(
                    [shown],
                    (x0 + x1) / 2,
                    band_y + _SCALE_BAR / 2 + 0.36 * font,
                    _LINE,
                    "middle",
                    name if shown != name else None,
                    f' class="sr-label" fill="{_WHITE if filled else _TEXT}"'
                    + (' font-weight="bold"' if filled else ""),
                )
            )
        edges += [start, end]
    baseline = band_y + _SCALE_BAR + 6 + font
    parts.append(f'<g fill="{_MUTED}" text-anchor="middle">')
    if ordinal:  # each level's range under it
        for i, (_name, start, end) in enumerate(items):
            x0, x1 = span(i)
            parts.append(
                f'<text x="{_n((x0 + x1) / 2)}" y="{_n(baseline)}">{_esc(ends(start, end))}</text>'
            )
    else:
        for edge in dict.fromkeys(edges):
            parts.append(
                f'<text x="{_n(x(edge))}" y="{_n(baseline)}">'
                f"{_esc(_clean(value_format(edge)))}</text>"
            )
    parts.append("</g>")
    if number is not None:
        at = x(number)
        if ordinal and current is not None:  # within its level's segment
            x0, x1 = span(current)
            start, end = items[current][1], items[current][2]
            share = 0.5 if end == start else _fraction(number - start, end - start)
            at = x0 + 4 + (x1 - x0 - 8) * share
        tip = band_y - 2
        parts.append(
            f'<path class="sr-marker" d="M{_n(at - 6)} {_n(tip - 8)}L{_n(at + 6)} {_n(tip - 8)}'
            f'L{_n(at)} {_n(tip)}Z" fill="{_TEXT}"/>'
        )
        anchor = "start" if at - left < 20 else "end" if right - at < 20 else "middle"
        shift = {"start": -6.0, "end": 6.0, "middle": 0.0}[anchor]
        parts.append(
            f'<text class="sr-value" x="{_n(at + shift)}" y="{_n(tip - 11)}" '
            f'text-anchor="{anchor}" font-weight="bold" fill="{_TEXT}">'
            f"{_esc(_clean(value_format(number)))}</text>"
        )
    parts.append("</g></svg>")
    return "".join(parts)
