"""Each question kind: what it accepts, its maximum points, and its local consistency rules."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from socialready.questionnaire import (
    MatrixQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    RosterQuestion,
    ScaleQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)

QUESTION: TypeAdapter[Question] = TypeAdapter(Question)


def t(word: str) -> dict[str, str]:
    return {"fr": word, "en": word}


def opt(ident: str, points: float = 0, **flags: Any) -> dict[str, Any]:
    return {"id": ident, "label": t(ident), "points": points, **flags}


def question(kind: str, **fields: Any) -> Question:
    return QUESTION.validate_python({"id": "q", "kind": kind, "label": t("Q?"), **fields})


def test_single_choice() -> None:
    q = question("single_choice", options=[opt("a"), opt("b", 3), opt("dk", dont_know=True)])
    assert isinstance(q, SingleChoiceQuestion)
    assert q.max_points == 3
    assert q.scored
    dont_know = q.option("dk")
    assert dont_know is not None
    assert dont_know.dont_know
    assert q.option("zz") is None


def test_single_choice_without_points_is_not_scored() -> None:
    q = question("single_choice", weight=0, options=[opt("a"), opt("b")])
    assert q.max_points == 0
    assert not q.scored


def test_multiple_choice_sums_and_caps() -> None:
    options = [opt("a", 2), opt("b", 2), opt("c", 1), opt("none", exclusive=True)]
    assert question("multiple_choice", options=options).max_points == 5
    capped = question("multiple_choice", options=options, cap=4)
    assert isinstance(capped, MultipleChoiceQuestion)
    assert capped.max_points == 4


def test_multiple_choice_cap_must_be_reachable() -> None:
    with pytest.raises(ValidationError, match="cap 9 can never be reached"):
        question("multiple_choice", options=[opt("a", 2), opt("b", 2)], cap=9)


def test_scale() -> None:
    scale = [{"value": v, "label": t(str(v)), "points": v - 1} for v in range(1, 6)]
    q = question("scale", scale=scale)
    assert isinstance(q, ScaleQuestion)
    assert q.max_points == 4


def test_scale_values_in_increasing_order() -> None:
    scale = [{"value": v, "label": t(str(v)), "points": 0} for v in (1, 3, 2)]
    with pytest.raises(ValidationError, match="increasing order"):
        question("scale", scale=scale)


def test_yes_no_defaults_and_reverse_scoring() -> None:
    q = question("yes_no")
    assert isinstance(q, YesNoQuestion)
    assert (q.yes_points, q.no_points, q.max_points) == (1, 0, 1)
    reverse = question("yes_no", yes_points=0, no_points=2)
    assert reverse.max_points == 2


def test_number_bands() -> None:
    bands = [
        {"to": 25, "points": 0},
        {"from": 25, "to": 75, "points": 1},
        {"from": 75, "points": 2},
    ]
    q = question("number", percent=True, bands=bands)
    assert isinstance(q, NumberQuestion)
    assert q.bounds == (0, 100)
    assert q.max_points == 2
    assert q.band_for(24.9) is q.bands[0]
    assert q.band_for(25) is q.bands[1]
    assert q.band_for(100) is q.bands[2]


def test_number_without_bands_is_unscored() -> None:
    q = question("number", weight=0, min=0, integer=True, unit=t("people"))
    assert not q.scored


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"min": 10, "max": 1}, "min 10 is above max 1"),
        ({"percent": True, "max": 120}, "a percentage lies between 0 and 100"),
        (
            {"bands": [{"to": 10, "points": 0}, {"from": 20, "points": 1}]},
            "contiguous and increasing",
        ),
        ({"min": 0, "bands": [{"from": 5, "points": 1}]}, "first band starts at 5"),
        ({"max": 50, "bands": [{"to": 50, "points": 1}]}, "last band stops before 50"),
        ({"bands": [{"from": 5, "to": 5, "points": 1}]}, "must be below to 5"),
    ],
)
def test_number_inconsistencies(fields: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        question("number", **fields)


def test_matrix() -> None:
    rows = [{"id": "facebook", "label": t("Facebook")}, {"id": "x", "label": t("X"), "weight": 2}]
    q = question("matrix", rows=rows, options=[opt("none"), opt("official", 3)])
    assert isinstance(q, MatrixQuestion)
    assert q.max_points == 3
    with pytest.raises(ValidationError, match="row id 'x' appears twice"):
        question("matrix", rows=[*rows, rows[1]], options=[opt("none"), opt("official", 3)])


def test_text_is_never_scored() -> None:
    q = question("text", multiline=True)
    assert isinstance(q, TextQuestion)
    assert (q.weight, q.max_points, q.scored) == (0, 0, False)


def test_roster() -> None:
    fields = [
        {"id": "name", "label": t("Name"), "type": "text", "required": True},
        {"id": "share", "label": t("Share"), "type": "percent"},
        {"id": "duties", "label": t("Duties"), "type": "raci", "options": [opt("publishing")]},
    ]
    q = question("roster", fields=fields, min_items=1)
    assert isinstance(q, RosterQuestion)
    assert not q.scored
    with pytest.raises(ValidationError, match="a choice field lists its options"):
        question("roster", fields=[{"id": "d", "label": t("D"), "type": "choice"}])
    with pytest.raises(ValidationError, match="a text field has no options"):
        question("roster", fields=[{**fields[0], "options": [opt("a")]}])


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"options": [opt("a"), opt("a", 1)]}, "option id 'a' appears twice"),
        ({"options": [opt("a", 1, not_applicable=True), opt("b")]}, "gives no points"),
        ({"options": [opt("a", dont_know=True, not_applicable=True), opt("b")]}, "both"),
        ({"options": [opt("a")]}, "at least 2 items"),
        ({"options": [opt("a"), opt("b")], "weight": -1}, "greater than or equal to 0"),
        ({"options": [opt("a"), opt("b", "2")]}, "valid number"),
        ({"options": [opt("a"), opt("b", True)]}, "valid number"),
        ({"options": [opt("a"), opt("1 b")]}, "should match pattern"),
        ({"options": [opt("a"), {**opt("b"), "exclusive": "yes"}]}, "valid boolean"),
    ],
)
def test_choice_inconsistencies(fields: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        question("single_choice", **fields)


def test_models_are_frozen() -> None:
    q = question("yes_no")
    with pytest.raises(ValidationError, match="frozen"):
        q.weight = 3  # type: ignore[misc]
