"""The report's SVG charts: well-formed, safe with hostile labels, deterministic, drawn right."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialready.report.charts import (
    bars_svg,
    gauge_svg,
    matrix_svg,
    radar_svg,
    scale_svg,
    timeline_svg,
)

SVG = "{http://www.w3.org/2000/svg}"

AXES = [
    ("Présence externe", 72.0),
    ("Écoute et veille", 45.0),
    ("Relation client", 88.0),
    ("Collaboration interne", 30.0),
    ("Management et culture", None),
    ("Gouvernance et organisation", 100.0),
    ("Modération et maîtrise des risques", 55.0),
]
MORE_AXES = [
    ("Formation", 20.0),
    ("Outils", 65.0),
    ("Mesure et pilotage des résultats", 40.0),
    ("RH", 90.0),
    ("Ambassadeurs et employés", 10.0),
]
HOSTILE = [
    "</text><script>alert(1)</script>",
    '<img src="file:///etc/passwd">',
    "a & b ' \" ]]> <!-- x --> &amp;",
]
# Everything a chart may contain: no script, image, link, foreign object or style.
ALLOWED_TAGS = {"svg", "title", "desc", "g", "polygon", "line", "circle", "rect", "path"} | {
    "text",
    "tspan",
}


def axes(count: int) -> list[tuple[str, float | None]]:
    return (AXES + MORE_AXES)[:count]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')
    return root


def find(root: ET.Element, tag: str, cls: str | None = None) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if cls is None or e.get("class") == cls]


def text_of(element: ET.Element) -> str:
    """A text element's content, its lines joined by a space."""
    return " ".join(element.itertext())


def texts(root: ET.Element) -> list[str]:
    return [text_of(e) for e in find(root, "text")]


def centre_and_radius(root: ET.Element) -> tuple[float, float, float]:
    axis = find(root, "line")[0]
    cx, cy = float(axis.get("x1", "")), float(axis.get("y1", ""))
    x2, y2 = float(axis.get("x2", "")), float(axis.get("y2", ""))
    return cx, cy, math.hypot(x2 - cx, y2 - cy)


def dots(root: ET.Element) -> list[ET.Element]:
    return find(root, "circle", "sr-dot")


def assert_safe(svg: str) -> ET.Element:
    root = parse(svg)
    for element in root.iter():
        assert element.tag.removeprefix(SVG) in ALLOWED_TAGS
        for name in element.attrib:
            assert "href" not in name
            assert name != "style"
            assert not name.startswith("on")
    for forbidden in ("<script", "<image", "<img", "href", "style=", "url("):
        assert forbidden not in svg
    return root


# --------------------------------------------------------------------------------------------
# Radar
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 5, 7, 12])
def test_radar_is_well_formed(count: int) -> None:
    root = assert_safe(radar_svg(axes(count), title="Maturité"))
    width, height = float(root.get("width", "")), float(root.get("height", ""))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert height <= 360
    assert len(find(root, "polygon")) == 5 + 1  # the rings and the scores
    assert len(find(root, "line")) == count
    for element in find(root, "text"):
        assert 0 <= float(element.get("x", "")) <= width
        assert 0 <= float(element.get("y", "")) <= height


@pytest.mark.parametrize("count", range(3, 13))
def test_radar_has_one_dot_per_axis(count: int) -> None:
    root = parse(radar_svg(axes(count)))
    assert len(find(root, "circle")) == count


def test_radar_scores_are_placed_on_their_rings() -> None:
    values = [100.0, 0.0, 50.0, 100.0, 0.0, 150.0, -20.0]
    expected = [1.0, 0.0, 0.5, 1.0, 0.0, 1.0, 0.0]  # clamped to 0–100
    root = parse(radar_svg([(f"Axe {i}", v) for i, v in enumerate(values)]))
    cx, cy, radius = centre_and_radius(root)
    assert radius > 100
    for dot, fraction in zip(dots(root), expected, strict=True):
        distance = math.hypot(float(dot.get("cx", "")) - cx, float(dot.get("cy", "")) - cy)
        assert distance == pytest.approx(fraction * radius, abs=0.01)
    outer_ring = find(root, "polygon")[4].get("points", "").split()
    for vertex in outer_ring:
        x, y = map(float, vertex.split(","))
        assert math.hypot(x - cx, y - cy) == pytest.approx(radius, abs=0.01)
    area = find(root, "polygon", "sr-area")[0].get("points", "").split()
    assert area == [f"{d.get('cx')},{d.get('cy')}" for d in dots(root)]


def test_radar_first_axis_points_up_and_labels_sit_outside_the_grid() -> None:
    root = parse(radar_svg(axes(7)))
    cx, cy, radius = centre_and_radius(root)
    first = find(root, "line")[0]
    assert float(first.get("x2", "")) == pytest.approx(cx)
    assert float(first.get("y2", "")) == pytest.approx(cy - radius)
    labels = find(root, "g", "sr-labels")[0]
    for element in labels.iter(f"{SVG}text"):
        x, y = float(element.get("x", "")), float(element.get("y", ""))
        assert math.hypot(x - cx, y - cy) > radius


def test_radar_none_is_drawn_at_zero_with_a_hollow_dot_and_a_dash() -> None:
    root = parse(radar_svg([("A", None), ("B", 50), ("C", 60)]))
    cx, cy, _radius = centre_and_radius(root)
    hollow, full, _ = dots(root)
    assert (float(hollow.get("cx", "")), float(hollow.get("cy", ""))) == (cx, cy)
    assert hollow.get("fill") == "#ffffff"
    assert hollow.get("stroke") == "#1f4e79"
    assert full.get("fill") == "#1f4e79"
    labels = [text_of(e) for e in find(root, "g", "sr-labels")[0].iter(f"{SVG}text")]
    assert labels == ["A –", "B", "C"]


def test_radar_nan_counts_as_missing() -> None:
    assert radar_svg([("A", math.nan), ("B", 5), ("C", 6)]) == radar_svg(
        [("A", None), ("B", 5), ("C", 6)]
    )


def test_radar_wraps_long_labels_on_two_lines() -> None:
    root = parse(radar_svg(axes(7)))
    labels = find(root, "g", "sr-labels")[0]
    by_text = {text_of(e): e for e in labels.iter(f"{SVG}text")}
    lines = [t.text for t in by_text["Modération et maîtrise des risques"].iter(f"{SVG}tspan")]
    assert lines == ["Modération et", "maîtrise des risques"]
    assert not list(by_text["Relation client"].iter(f"{SVG}tspan"))
    assert "Management et culture –" in by_text  # the dash stays with the last word


def test_radar_cuts_very_long_labels_and_keeps_them_whole_in_a_title() -> None:
    label = "Une étiquette vraiment beaucoup trop longue " * 4
    root = parse(radar_svg([(label, 10), ("B", 20), ("C", 30)]))
    group = next(g for g in find(root, "g") if g.find(f"{SVG}title") is not None)
    assert group.findtext(f"{SVG}title") == label.strip()
    shown = text_of(group.find(f"{SVG}text"))  # type: ignore[arg-type]
    assert shown.endswith("…")
    assert len(shown) < len(label)


@pytest.mark.parametrize("count", [0, 1, 2])
def test_radar_with_fewer_than_three_axes_falls_back_to_bars(count: int) -> None:
    svg = radar_svg(axes(count), title="Deux axes")
    root = parse(svg)
    assert not find(root, "polygon")
    assert len(find(root, "rect", "sr-track")) == count
    assert (root.findtext(f"{SVG}title") or "").startswith("Deux axes")


def test_radar_size_sets_the_scale() -> None:
    small, large = parse(radar_svg(axes(5), size=240)), parse(radar_svg(axes(5), size=480))
    assert centre_and_radius(small)[2] < centre_and_radius(large)[2]
    assert float(small.get("height", "")) <= 240
    assert float(large.get("height", "")) <= 480


# --------------------------------------------------------------------------------------------
# Bars
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 10])
def test_bars_are_well_formed(count: int) -> None:
    rows = [(f"Ligne {i}", i * 10.0) for i in range(count)]
    root = assert_safe(bars_svg(rows))
    assert root.get("width") == "520"
    assert len(find(root, "rect", "sr-track")) == count
    assert len(find(root, "rect", "sr-bar")) == max(count - 1, 0)  # 0 draws no bar
    assert [text_of(e) for e in find(root, "text", "sr-value")] == [
        f"{i * 10}" for i in range(count)
    ]


def test_bars_clamp_the_drawing_but_print_the_real_value() -> None:
    root = parse(bars_svg([("Trop", 150), ("Négatif", -5), ("Moitié", 50)]))
    tracks = find(root, "rect", "sr-track")
    bars = find(root, "rect", "sr-bar")
    assert len(bars) == 2  # the negative value draws no bar
    assert bars[0].get("width") == tracks[0].get("width")
    assert float(bars[1].get("width", "")) == pytest.approx(
        float(tracks[2].get("width", "")) / 2, abs=0.01
    )
    assert [text_of(e) for e in find(root, "text", "sr-value")] == ["150", "-5", "50"]


def test_bars_use_max_value_and_value_format() -> None:
    root = parse(bars_svg([("Effectif", 3.0)], max_value=4, value_format=lambda v: f"{v:.1f} ETP"))
    track, bar = find(root, "rect", "sr-track")[0], find(root, "rect", "sr-bar")[0]
    assert float(bar.get("width", "")) == pytest.approx(
        0.75 * float(track.get("width", "")), abs=0.01
    )
    assert text_of(find(root, "text", "sr-value")[0]) == "3.0 ETP"


def test_bars_none_has_no_bar_and_a_dash() -> None:
    root = parse(bars_svg([("Manquant", None), ("Présent", 40)]))
    assert len(find(root, "rect", "sr-track")) == 2
    bars = find(root, "rect", "sr-bar")
    assert len(bars) == 1
    assert [text_of(e) for e in find(root, "text", "sr-value")] == ["–", "40"]


def test_bars_label_column_follows_the_longest_label_up_to_45_percent() -> None:
    def track_x(label: str) -> float:
        root = parse(bars_svg([(label, 50), ("B", 20)]))
        return float(find(root, "rect", "sr-track")[0].get("x", ""))

    short, medium = track_x("Abc"), track_x("Présence externe")
    assert short < medium
    long_label = "Modération et maîtrise des risques " * 3
    assert track_x(long_label) <= 0.45 * 520 + 20
    root = parse(bars_svg([(long_label, 50)]))
    label = find(root, "text", "sr-label")[0]
    assert len(list(label.iter(f"{SVG}tspan"))) == 2
    assert text_of(label).endswith("…")


def test_bars_wrap_a_label_too_long_for_the_column() -> None:
    label = "Modération et maîtrise des risques"
    root = parse(bars_svg([(label, 50)], width=360))
    element = find(root, "text", "sr-label")[0]
    assert [t.text for t in element.iter(f"{SVG}tspan")] == [
        "Modération et",
        "maîtrise des risques",
    ]
    assert text_of(element) == label
    # Too long for 2 balanced lines: the first line takes what fits, the second is cut.
    root = parse(bars_svg([(label + " en ligne et hors ligne", 50)], width=200))
    first, second = (t.text or "" for t in find(root, "text", "sr-label")[0].iter(f"{SVG}tspan"))
    assert first == "Modération et"
    assert second.startswith("maîtrise")
    assert second.endswith("…")


@pytest.mark.parametrize("max_value", [0, -1, math.inf, math.nan])
def test_bars_reject_a_bad_max_value(max_value: float) -> None:
    with pytest.raises(ValueError, match="max_value"):
        bars_svg([("A", 1)], max_value=max_value)


# --------------------------------------------------------------------------------------------
# Gauge
# --------------------------------------------------------------------------------------------


def arc_end(path: ET.Element) -> tuple[float, float]:
    numbers = path.get("d", "").split("A")[1].split()
    return float(numbers[-2]), float(numbers[-1])


def arc_start(path: ET.Element) -> tuple[float, float]:
    x, y = path.get("d", "").split("A")[0].removeprefix("M").split()
    return float(x), float(y)


@pytest.mark.parametrize("value", [0, 37.5, 100, 180, -3])
def test_gauge_fills_up_to_the_value(value: float) -> None:
    root = assert_safe(gauge_svg(value, label="Score global"))
    track = find(root, "path", "sr-track")[0]
    (left_x, y), (right_x, _) = arc_start(track), arc_end(track)
    cx, radius = (left_x + right_x) / 2, (right_x - left_x) / 2
    arcs = find(root, "path", "sr-value-arc")
    fraction = min(max(value, 0), 100) / 100
    if fraction == 0:
        assert not arcs
    else:
        assert arc_start(arcs[0]) == (left_x, y)
        end_x, end_y = arc_end(arcs[0])
        angle = math.pi * (1 - fraction)
        assert end_x == pytest.approx(cx + radius * math.cos(angle), abs=0.01)
        assert end_y == pytest.approx(y - radius * math.sin(angle), abs=0.01)
    assert text_of(find(root, "text", "sr-value")[0]) == f"{value:.0f}"
    # the title is the alternative text a PDF reader gives: the label and the number
    assert (
        root.findtext(f"{SVG}title")
        == f"Score global: {text_of(find(root, 'text', 'sr-value')[0])}"
    )


def test_gauge_none_is_empty_with_a_dash() -> None:
    root = parse(gauge_svg(None))
    assert not find(root, "path", "sr-value-arc")
    assert text_of(find(root, "text", "sr-value")[0]) == "–"
    assert root.find(f"{SVG}title") is None


def test_gauge_bands() -> None:
    bands = [(0, 40, "#c0392b"), (40, 70, "#E67E22"), (70, 120, "#2a6"), (50, 50, "#000")]
    root = parse(gauge_svg(64, bands=bands))
    drawn = find(root, "path", "sr-band")
    assert [band.get("stroke") for band in drawn] == ["#c0392b", "#e67e22", "#2a6"]
    assert arc_end(drawn[2])[0] > arc_start(drawn[2])[0]


# --------------------------------------------------------------------------------------------
# Common rules
# --------------------------------------------------------------------------------------------

CHARTS: list[Callable[[list[tuple[str, float | None]]], str]] = [
    lambda rows: radar_svg(rows, title="Radar"),
    lambda rows: bars_svg(rows, title="Barres"),
]


@pytest.mark.parametrize("chart", CHARTS, ids=["radar", "bars"])
def test_hostile_labels_stay_literal_text(
    chart: Callable[[list[tuple[str, float | None]]], str],
) -> None:
    rows: list[tuple[str, float | None]] = [(label, 50.0) for label in HOSTILE]
    root = assert_safe(chart(rows))
    shown = texts(root)
    for label in HOSTILE:
        assert label in shown
    assert not find(root, "script")


def test_hostile_title_and_gauge_label_stay_literal_text() -> None:
    hostile = HOSTILE[0]
    for svg in (
        radar_svg(axes(3), title=hostile),
        bars_svg([("A", 1)], title=hostile),
        gauge_svg(50, label=hostile),
    ):
        root = assert_safe(svg)
        assert (root.findtext(f"{SVG}title") or "").startswith(hostile)
    assert hostile in texts(parse(gauge_svg(50, label=hostile, size=300)))


def test_characters_xml_forbids_are_dropped_and_spaces_collapsed() -> None:
    rows: list[tuple[str, float | None]] = [("A\x00b\x1b\ufffe", 1), ("x\n\t y", 2), ("z", 3)]
    for svg in (radar_svg(rows), bars_svg(rows)):
        shown = texts(parse(svg))
        assert "Ab" in shown
        assert "x y" in shown


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=60), st.none() | st.floats()), max_size=12))
def test_any_labels_and_values_give_well_formed_safe_svg(
    rows: list[tuple[str, float | None]],
) -> None:
    assert_safe(radar_svg(rows, title=rows[0][0] if rows else ""))
    assert_safe(bars_svg(rows))
    assert_safe(gauge_svg(rows[0][1] if rows else None, label=rows[-1][0] if rows else ""))


def test_the_title_says_what_the_chart_shows_with_its_numbers() -> None:
    # WeasyPrint gives a figure's <title> as its alternative text, and reads no <desc>
    for svg in (radar_svg(axes(5)), bars_svg(axes(5))):
        root = parse(svg)
        assert root.findtext(f"{SVG}title") == root.findtext(f"{SVG}desc")
    root = parse(radar_svg(axes(5), title="Maturité par dimension"))
    assert root[0].tag == f"{SVG}title"
    title = root.findtext(f"{SVG}title") or ""
    assert title == f"Maturité par dimension — {root.findtext(f'{SVG}desc')}"
    assert parse(gauge_svg(56)).findtext(f"{SVG}title") == "56 / 100"


def test_output_is_deterministic() -> None:
    first = [radar_svg(axes(7)), bars_svg(axes(7)), gauge_svg(64, bands=[(0, 50, "#f00")])]
    radar_svg(axes(12), size=500)  # other calls in between (and warm caches) change nothing
    bars_svg(axes(3), width=300)
    second = [
        radar_svg(list(axes(7))),
        bars_svg(list(axes(7))),
        gauge_svg(64, bands=[(0, 50, "#f00")]),
    ]
    assert first == second


NUMBER_ATTRIBUTES = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "width", "height"}


@pytest.mark.parametrize(
    "svg",
    [
        radar_svg(axes(7)),
        radar_svg(axes(11), size=333),
        bars_svg(axes(7), width=431),
        gauge_svg(61.234, bands=[(0, 33.333, "#abc")], size=157),
    ],
)
def test_coordinates_have_at_most_two_decimals(svg: str) -> None:
    number = r"-?\d+(\.\d{1,2})?"
    for element in parse(svg).iter():
        for name, value in element.attrib.items():
            if name in NUMBER_ATTRIBUTES or name == "stroke-width":
                assert re.fullmatch(number, value), (name, value)
            elif name in ("points", "viewBox", "d"):
                for token in re.split(r"[ ,MA]+", value.strip("MA ")):
                    assert re.fullmatch(number, token), (name, value)


BAD_COLOURS = ["red", "#12345", "#ggg", "", "#1f4e79 ", "url(#x)", '#fff" onload="x', "#1234"]


@pytest.mark.parametrize("bad", BAD_COLOURS)
def test_bad_colours_are_rejected(bad: str) -> None:
    calls: list[Callable[[], str]] = [
        lambda: radar_svg(axes(5), colour=bad),
        lambda: radar_svg(axes(5), grid_colour=bad),
        lambda: radar_svg(axes(2), grid_colour=bad),
        lambda: bars_svg(axes(5), colour=bad),
        lambda: bars_svg(axes(5), track_colour=bad),
        lambda: gauge_svg(50, colour=bad),
        lambda: gauge_svg(50, bands=[(0, 50, bad)]),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="colour"):
            call()


def test_good_colours_are_accepted() -> None:
    for colour in ("#abc", "#ABCDEF", "#1f4e79"):
        radar_svg(axes(3), colour=colour, grid_colour=colour)
        bars_svg(axes(3), colour=colour, track_colour=colour)
        gauge_svg(1, colour=colour, bands=[(0, 1, colour)])


@pytest.mark.parametrize(
    "call",
    [
        lambda: radar_svg(axes(5), size=50),
        lambda: bars_svg(axes(5), width=10),
        lambda: gauge_svg(5, size=0),
        lambda: radar_svg(axes(5), size=True),
    ],
)
def test_too_small_sizes_are_rejected(call: Callable[[], str]) -> None:
    with pytest.raises(ValueError, match="at least"):
        call()


# --------------------------------------------------------------------------------------------
# Timeline and effort/impact matrix
# --------------------------------------------------------------------------------------------

STAGES: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "First 30 days",
        "until 19 December 2026",
        [("2", "Give customer service the means"), ("5", "Name an owner")],
    ),
    ("By 90 days", "until 17 February 2027", [("1", "A pilot " + "with willing teams " * 8)]),
    ("By 6 months", "until 19 May 2027", []),
    ("By 12 months", "until 19 November 2027", [("9", 'Move beyond <e-mail> & "meetings"')]),
]


def test_timeline_lists_every_period_and_item_in_its_title() -> None:
    svg = timeline_svg(STAGES, title="Roadmap", empty="No action")
    root = assert_safe(svg)
    title = text_of(root.find(f"{SVG}title"))  # type: ignore[arg-type]
    assert title.startswith("Roadmap — First 30 days (until 19 December 2026): 2. Give customer")
    assert "By 6 months (until 19 May 2027): No action" in title
    assert 'Move beyond <e-mail> & "meetings"' in title  # escaped in the markup, whole here
    assert len(dots(root)) == 4
    shown = " ".join(texts(root))
    assert "No action" in shown
    # the long item is cut on its second line, and keeps its whole text in a <title>
    long = "A pilot " + ("with willing teams " * 8).strip()
    assert any(text_of(t) == long for t in root.iter(f"{SVG}title"))
    assert svg == timeline_svg(STAGES, title="Roadmap", empty="No action")


def test_timeline_places_periods_top_down_and_refuses_a_bad_colour() -> None:
    root = parse(timeline_svg(STAGES))
    ys = [float(c.get("cy", "")) for c in dots(root)]
    assert ys == sorted(ys)
    # a period takes the room of its items' lines, two at least (its name and its dates)
    three = [("A", "a", [("1", "x"), ("2", "y"), ("3", "z")]), ("B", "b", []), ("C", "c", [])]
    ys = [float(c.get("cy", "")) for c in dots(parse(timeline_svg(three)))]
    assert ys[1] - ys[0] > ys[2] - ys[1]
    with pytest.raises(ValueError, match="colour"):
        timeline_svg(STAGES, colour="red")
    with pytest.raises(ValueError, match="width"):
        timeline_svg(STAGES, width=100)


POINTS = [("1", 0, 2.12), ("2", 1, 0.74), ("3", 1, 2.12), ("4", 2, 1.39), ("5", 0, 0.0)]


def test_matrix_puts_each_action_by_effort_and_gain() -> None:
    svg = matrix_svg(
        POINTS, efforts=["Small", "Medium", "Large"], impact="Expected gain", title="Effort"
    )
    root = assert_safe(svg)
    title = text_of(root.find(f"{SVG}title"))  # type: ignore[arg-type]
    assert title == "Effort — 1: Small, 2; 2: Medium, 1; 3: Medium, 2; 4: Large, 1; 5: Small, 0"
    circles = {text_of(t): c for c, t in zip(dots(root), find(root, "text")[-5:], strict=True)}
    x = {n: float(c.get("cx", "")) for n, c in circles.items()}
    y = {n: float(c.get("cy", "")) for n, c in circles.items()}
    assert x["1"] < x["2"] < x["4"]  # columns by effort
    assert x["5"] < x["2"]
    assert y["1"] == y["3"] < y["4"] < y["2"] < y["5"]  # higher gain, higher up
    assert x["2"] != x["3"]  # side by side in one column
    assert {"Small", "Medium", "Large", "Expected gain"} <= set(texts(root))


def test_matrix_refuses_an_effort_outside_its_columns() -> None:
    with pytest.raises(ValueError, match="columns"):
        matrix_svg([("1", 3, 1.0)], efforts=["S", "M", "L"], impact="gain")


LEVELS = [
    ("Départ", 0.0, 20.0),
    ("Exploration", 20.0, 40.0),
    ("Structuration", 40.0, 60.0),
    ("Opérationnelle", 60.0, 80.0),
    ("Avancée", 80.0, 100.0),
]


def test_the_scale_shows_every_level_its_thresholds_and_the_place_of_the_value() -> None:
    svg = scale_svg(LEVELS, 56.4, colour="#123456", title="Structuration, niveau 3 sur 5")
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == (  # type: ignore[union-attr]
        "Structuration, niveau 3 sur 5 — Départ: 0–20; Exploration: 20–40;"
        " Structuration: 40–60; Opérationnelle: 60–80; Avancée: 80–100"
    )
    levels = root.findall(f".//{SVG}rect")
    assert len(levels) == 5
    # only the level holding the value is filled with the colour
    assert [r.get("fill") for r in levels] == [
        "#dfe6ee",
        "#dfe6ee",
        "#123456",
        "#dfe6ee",
        "#dfe6ee",
    ]
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    for name, _start, _end in LEVELS:
        assert name in texts
    assert {"0", "20", "40", "60", "80", "100"} <= set(texts)
    assert "56" in texts
    marker = root.find(f".//{SVG}path")
    assert marker is not None
    # the marker's tip is at 56.4 % of the band's width
    tip = [float(n) for n in re.findall(r"[\d.]+", marker.get("d", ""))]
    left, right = 14.0, 640 - 14.0
    assert tip[4] == pytest.approx(left + (right - left) * 0.564, abs=0.01)


def test_the_scale_without_a_value_has_no_marker_and_the_top_level_holds_100() -> None:
    empty = ET.fromstring(scale_svg(LEVELS, None))
    assert empty.find(f".//{SVG}path") is None
    assert {r.get("fill") for r in empty.findall(f".//{SVG}rect")} == {"#dfe6ee"}
    top = ET.fromstring(scale_svg(LEVELS, 100.0, colour="#000000"))
    assert [r.get("fill") for r in top.findall(f".//{SVG}rect")][-1] == "#000000"
    with pytest.raises(ValueError, match="colour"):
        scale_svg(LEVELS, 50.0, colour="red")
    # a name too long for its segment is cut, the whole name kept in a <title>
    long = scale_svg(
        [("A very long name for a level of a scale", 0.0, 10.0), ("B", 10.0, 100.0)], 5.0
    )
    assert "<title>A very long name for a level of a scale</title>" in long


PRACTICE = [
    ("None", 0.0, 1.0),
    ("Initial", 1.0, 1.0),
    ("Initial+", 1.0, 2.0),
    ("Managed", 2.0, 2.0),
    ("Managed+", 2.0, 3.0),
    ("Optimised", 3.0, 3.0),
]
"""A 0–3 practice scale with exact levels at 1, 2 and 3 and "+" levels between them."""


def test_a_scale_with_exact_levels_gives_each_level_a_segment_and_its_range() -> None:
    svg = scale_svg(PRACTICE, 1.5, top=3, current=2, value_format=lambda v: f"{v:g}")
    root = ET.fromstring(svg)
    levels = root.findall(f".//{SVG}rect")
    widths = {float(r.get("width", "0")) for r in levels}
    assert len(levels) == 6
    assert len(widths) == 1  # an exact level is as wide as the others
    assert [r.get("fill") for r in levels].index("#1f4e79") == 2  # the level given, "1+"
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    # each level's range under it, then the marker's value
    assert [t for t in texts if t[0].isdigit()] == ["0–1", "1", "1–2", "2", "2–3", "3", "1.5"]
    # the marker is half way through the "1+" segment
    marker = root.find(f".//{SVG}path")
    assert marker is not None
    tip = [float(n) for n in re.findall(r"[\d.]+", marker.get("d", ""))]
    x0 = float(levels[2].get("x", "0")) - 1
    step = (640 - 28) / 6
    assert tip[4] == pytest.approx(x0 + 4 + (step - 8) * 0.5, abs=0.01)
