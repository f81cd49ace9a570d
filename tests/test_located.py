"""_located: pydantic's errors become problems with file, line, column and plain words."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
from pydantic import Field, ValidationError, model_validator

from socialready._base import Invalid, StrictModel
from socialready._files import QUESTIONNAIRE
from socialready._located import (
    CONDITION_TAGS,
    data_path,
    describe,
    field_names,
    load_model,
    place,
    problems_from_validation,
)
from socialready._yaml import Document, parse
from socialready.errors import Problem, QuestionnaireError


class Item(StrictModel):
    id: str
    weight: float = Field(default=1, ge=0)
    kind: Literal["plain", "fancy"] = "plain"


class Box(StrictModel):
    name: str
    items: list[Item] = Field(default_factory=list)
    from_: int = Field(default=0, alias="from")

    @model_validator(mode="after")
    def _first_item_named(self) -> Box:
        if self.items and self.items[0].id == "bad":
            raise Invalid("the first item may not be called 'bad'", "items", 0, "id")
        return self


TEXT = """\
name: box
items:
  - id: a
    weight: -1
  - id: b
    wieght: 2
  - {id: c, kind: odd}
"""


def located(text: str, source: str = "box.yaml") -> list[tuple[int | None, int | None, str, str]]:
    """(line, column, field, message and expected) of each problem of ``text`` read as a Box."""
    document = parse(text, source)
    with pytest.raises(ValidationError) as caught:
        Box.model_validate(document.data)
    found = problems_from_validation(caught.value, document, fields=field_names([Box]))
    assert {p.source for p in found} == {source}
    return [(p.line, p.column, p.field, f"{p.message} ({p.expected})") for p in found]


def test_each_error_is_placed_on_its_line_and_column() -> None:
    assert located(TEXT) == [
        (4, 13, "items[0].weight", "got the number -1 (a number ≥ 0)"),
        (6, 5, "items[1].wieght", "unknown field 'wieght' (a known field; did you mean 'weight'?)"),
        (7, 19, "items[2].kind", "'odd' is not allowed here (one of 'plain' or 'fancy')"),
    ]


def test_a_missing_field_is_placed_on_the_mapping_that_lacks_it() -> None:
    assert located("items:\n  - weight: 2\n") == [
        (1, 1, "name", "missing field 'name' (None)"),
        (2, 5, "items[0].id", "missing field 'id' (None)"),
    ]


def test_a_field_of_another_part_is_named_as_misplaced() -> None:
    (problem,) = located("name: box\nweight: 3\n")
    assert problem == (
        2,
        1,
        "weight",
        "'weight' is not a field here (only the fields of this part of the format)",
    )


def test_a_wrong_type_is_said_in_words() -> None:
    assert located("name: [1, 2]\nfrom: 1.5\n") == [
        (1, 7, "name", "got a list of 2 items (a text)"),
        (2, 7, "from", "got the number 1.5 (a whole number)"),
    ]


def test_a_validator_points_at_the_part_it_names() -> None:
    assert located("name: box\nitems:\n  - id: bad\n") == [
        (3, 9, "items[0].id", "the first item may not be called 'bad' (None)"),
    ]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "nothing (null)"),
        (True, "the boolean true"),
        (3, "the number 3"),
        (2.5, "the number 2.5"),
        ("yes", "the text 'yes'"),
        ("x" * 60, "the text '" + "x" * 60 + "'"),
        ("x" * 100, "the text '" + "x" * 60 + "…' (100 characters)"),
        ([1], "a list of 1 item"),
        ([], "a list of 0 items"),
        ({"a": 1}, "a mapping"),
        ((1, 2), "tuple"),
    ],
)
def test_describe(value: object, words: str) -> None:
    assert describe(value) == words


def test_data_path_drops_the_tags_of_unions_that_are_not_in_the_data() -> None:
    data = {"when": {"all": [{"question": "q1", "equals": "x"}]}}
    loc = ("when", "all-of", "all", 0, "answer-test", "equals")
    assert "answer-test" in CONDITION_TAGS
    assert data_path(loc, data, CONDITION_TAGS) == (("when", "all", 0, "equals"), False)


def test_data_path_says_when_the_last_key_is_absent() -> None:
    assert data_path(("items", 0, "id"), {"items": [{}]}, frozenset()) == (("items", 0, "id"), True)
    assert data_path(("name",), {"name": "x"}, frozenset()) == (("name",), False)


def test_place_adds_file_line_and_column() -> None:
    document = parse(TEXT, "box.yaml")
    problem = place(Problem("odd", path=("items", 2, "kind"), expected="plain"), document)
    assert (problem.source, problem.line, problem.column, problem.expected) == (
        "box.yaml",
        7,
        19,
        "plain",
    )
    key = place(Problem("typo", path=("items", 1, "wieght")), document, key=True)
    assert (key.line, key.column) == (6, 5)
    nowhere = place(Problem("whole file"), Document(data={}, source="x.json"))
    assert (nowhere.source, nowhere.line, nowhere.column) == ("x.json", None, None)


def test_field_names_are_written_as_in_files_and_reach_nested_models() -> None:
    assert field_names([Box]) == {"name", "items", "from", "id", "weight", "kind"}


def test_load_model_reads_a_file_or_says_every_problem(tmp_path: Path) -> None:
    good = tmp_path / "box.yaml"
    good.write_text("name: box\nitems: [{id: a}]\n", encoding="utf-8")
    assert load_model(good, Box, QUESTIONNAIRE) == Box(name="box", items=[Item(id="a")])

    bad = tmp_path / "bad.yaml"
    bad.write_text(TEXT, encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        load_model(bad, Box, QUESTIONNAIRE)
    assert [(p.source, p.line) for p in caught.value.problems] == [
        (str(bad), 4),
        (str(bad), 6),
        (str(bad), 7),
    ]

    a_list = tmp_path / "list.yaml"
    a_list.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        load_model(a_list, Box, QUESTIONNAIRE)
    assert str(caught.value.problems[0]) == (
        f"{a_list}:1: the file holds a list of 2 items (expected a mapping (Box))"
    )


def test_load_model_lets_the_caller_prepare_the_data(tmp_path: Path) -> None:
    path = tmp_path / "box.yaml"
    path.write_text("name: box\n", encoding="utf-8")
    box = load_model(path, Box, QUESTIONNAIRE, lambda data: {**data, "name": data["name"].upper()})
    assert box.name == "BOX"


def test_load_model_gives_the_model_and_the_file_to_finish(tmp_path: Path) -> None:
    path = tmp_path / "box.yaml"
    path.write_text("# a box\nname: box\n", encoding="utf-8")
    seen = []
    box = load_model(
        path, Box, QUESTIONNAIRE, finish=lambda model, doc: seen.append((model, doc.keys))
    )
    assert seen == [(box, {("name",): (2, 1)})]
