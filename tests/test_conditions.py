"""The condition language: parsing into models, and evaluation of every operator."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from socialready.conditions import (
    AllOf,
    AnswerTest,
    AnyOf,
    Condition,
    NotOf,
    ScoreTest,
    compile_condition,
    compile_explainer,
    decisive_when_true,
    evaluate,
    explain,
    iter_conditions,
)

CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)

ANSWERS: dict[str, Any] = {
    "main_tool": "email",
    "tools": ["wiki", "chat"],
    "has_page": True,
    "no_charter": False,
    "staff_share": 60,
    "rating": 4,
    "presence": {"facebook": "official", "linkedin": "mentions", "tiktok": "none"},
    "roster": [{"name": "A"}, {"name": "B"}],
    "note": "free text",
}


def cond(data: dict[str, Any]) -> Condition:
    return CONDITION.validate_python(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"question": "main_tool", "equals": "email"}, True),
        ({"question": "main_tool", "equals": "wiki"}, False),
        ({"question": "main_tool", "in": ["wiki", "email"]}, True),
        ({"question": "main_tool", "in": ["wiki"]}, False),
        ({"question": "tools", "includes": "chat"}, True),
        ({"question": "tools", "includes": "email"}, False),
        ({"question": "tools", "in": ["email", "wiki"]}, True),
        ({"question": "tools", "in": ["email"]}, False),
        ({"question": "tools", "equals": "wiki"}, False),
        ({"question": "has_page", "equals": True}, True),
        ({"question": "has_page", "equals": False}, False),
        ({"question": "no_charter", "equals": False}, True),
        ({"question": "staff_share", "at_least": 60}, True),
        ({"question": "staff_share", "at_least": 60.5}, False),
        ({"question": "staff_share", "at_most": 60}, True),
        ({"question": "staff_share", "at_most": 59}, False),
        ({"question": "staff_share", "equals": 60}, True),
        ({"question": "rating", "in": [4, 5]}, True),
        ({"question": "rating", "at_least": 5}, False),
        ({"question": "presence", "row": "facebook", "equals": "official"}, True),
        ({"question": "presence", "row": "linkedin", "equals": "official"}, False),
        ({"question": "presence", "equals": "official"}, True),
        ({"question": "presence", "in": ["unofficial"]}, False),
        ({"question": "presence", "row": "viadeo", "equals": "none"}, False),
        ({"question": "roster", "at_least": 2}, True),
        ({"question": "roster", "at_least": 3}, False),
        ({"question": "roster", "at_most": 1}, False),
        ({"question": "note", "answered": True}, True),
        ({"question": "missing", "answered": True}, False),
        ({"question": "missing", "answered": False}, True),
        ({"question": "missing", "equals": "x"}, False),
        ({"question": "missing", "at_least": 0}, False),
    ],
)
def test_answer_operators(data: dict[str, Any], expected: bool) -> None:
    assert evaluate(cond(data), ANSWERS) is expected
    assert compile_condition(cond(data))(ANSWERS, None) is expected


@pytest.mark.parametrize(
    ("data", "answers"),
    [
        ({"question": "q", "equals": 1}, {"q": True}),
        ({"question": "q", "equals": True}, {"q": 1}),
        ({"question": "q", "in": [0]}, {"q": False}),
        ({"question": "q", "in": [0, "a"]}, {"q": False}),
    ],
)
def test_a_boolean_never_equals_a_number(data: dict[str, Any], answers: dict[str, Any]) -> None:
    """``True == 1`` in Python; a yes/no answer must not match the number 1, nor 1 a yes."""
    assert evaluate(cond(data), answers) is False
    assert compile_condition(cond(data))(answers, None) is False


def test_combinators() -> None:
    yes = {"question": "has_page", "equals": True}
    no = {"question": "has_page", "equals": False}
    assert evaluate(cond({"all": [yes, yes]}), ANSWERS)
    assert not evaluate(cond({"all": [yes, no]}), ANSWERS)
    assert evaluate(cond({"any": [no, yes]}), ANSWERS)
    assert not evaluate(cond({"any": [no, no]}), ANSWERS)
    assert evaluate(cond({"not": no}), ANSWERS)
    assert not evaluate(cond({"not": {"not": no}}), ANSWERS)


def test_score_tests_read_the_lookup() -> None:
    scores = {("section", "presence"): 30.0, ("overall", "overall"): 72.0}

    def lookup(kind: str, ident: str) -> float | None:
        return scores.get((kind, ident))

    assert evaluate(cond({"score": {"section": "presence"}, "below": 40}), {}, lookup)
    assert not evaluate(cond({"score": {"section": "presence"}, "below": 30}), {}, lookup)
    assert evaluate(cond({"score": {"overall": True}, "at_least": 72}), {}, lookup)
    assert not evaluate(cond({"score": {"step": "usages"}, "below": 100}), {}, lookup)
    # without any score, a score test cannot hold
    assert not evaluate(cond({"score": {"section": "presence"}, "below": 40}), {})


def test_the_right_model_is_chosen_by_key() -> None:
    assert isinstance(cond({"question": "q", "answered": True}), AnswerTest)
    assert isinstance(cond({"score": {"dimension": "d"}, "below": 1}), ScoreTest)
    assert isinstance(cond({"all": [{"question": "q", "answered": True}]}), AllOf)
    assert isinstance(cond({"not": {"question": "q", "answered": True}}), NotOf)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"question": "q"}, "exactly one operator"),
        ({"question": "q", "equals": "a", "in": ["b"]}, "found equals, in"),
        ({"score": {"step": "s"}}, "exactly one of below or at_least"),
        ({"score": {"step": "s", "section": "t"}, "below": 3}, "exactly one of step"),
        ({"score": {"step": "s"}, "below": 140}, "less than or equal to 100"),
        ({"all": []}, "at least 1 item"),
        ({"whatever": 1}, "one of the keys question, score, all, any or not"),
        ({"question": "q", "equals": "a", "extra": 1}, "Extra inputs are not permitted"),
    ],
)
def test_malformed_conditions_are_refused(data: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        cond(data)


def test_dump_keeps_the_file_names_of_keyword_fields() -> None:
    condition = cond({"not": {"question": "q", "in": ["a", "b"]}})
    assert condition.model_dump(exclude_none=True) == {"not": {"question": "q", "in": ["a", "b"]}}


def test_iter_conditions_gives_every_leaf_with_its_path() -> None:
    condition = cond(
        {
            "all": [
                {"question": "a", "answered": True},
                {
                    "not": {
                        "any": [
                            {"question": "b", "answered": True},
                            {"score": {"step": "s"}, "below": 5},
                        ]
                    }
                },
            ]
        }
    )
    paths = [path for path, _ in iter_conditions(condition, ("when",))]
    assert paths == [
        ("when", "all", 0),
        ("when", "all", 1, "not", "any", 0),
        ("when", "all", 1, "not", "any", 1),
    ]


ANSWER_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 5),
    st.floats(-2, 5, allow_nan=False),
    st.sampled_from(["a", "b", "c"]),
    st.lists(st.sampled_from(["a", "b", "c"]), max_size=3),
    st.dictionaries(st.sampled_from(["r1", "r2"]), st.sampled_from(["a", "b", "c"]), max_size=2),
    # what the compiled tests must survive too: records (a roster), odd cells
    st.lists(
        st.dictionaries(st.sampled_from(["name", "a"]), st.sampled_from(["a", "x"])), max_size=2
    ),
    st.dictionaries(
        st.sampled_from(["r1", "r2"]),
        st.one_of(st.none(), st.booleans(), st.integers(-1, 4), st.lists(st.sampled_from("ab"))),
        max_size=2,
    ),
)
OPERANDS: dict[str, st.SearchStrategy[Any]] = {
    "equals": st.one_of(st.sampled_from(["a", "b"]), st.booleans(), st.integers(-1, 4)),
    "in": st.lists(st.one_of(st.sampled_from(["a", "b"]), st.integers(-1, 4)), min_size=1),
    "includes": st.sampled_from(["a", "b"]),
    "at_least": st.integers(-1, 4),
    "at_most": st.floats(-1, 4),
    "answered": st.booleans(),
}


@st.composite
def leaf_condition(draw: st.DrawFn) -> Condition:
    operator = draw(st.sampled_from(sorted(OPERANDS)))
    data: dict[str, Any] = {"question": draw(st.sampled_from(["x", "y"]))}
    data[operator] = draw(OPERANDS[operator])
    if draw(st.booleans()):
        data["row"] = "r1"
    return cond(data)


@st.composite
def any_condition(draw: st.DrawFn, depth: int = 0) -> Condition:
    if depth >= 2:
        return draw(leaf_condition())
    children = st.lists(any_condition(depth + 1), min_size=1, max_size=3)
    return draw(
        st.one_of(
            leaf_condition(),
            children.map(lambda cs: AllOf(all=cs)),
            children.map(lambda cs: AnyOf(any=cs)),
            any_condition(depth + 1).map(lambda c: NotOf.model_validate({"not": c})),
        )
    )


def reference(condition: Condition, answers: dict[str, Any]) -> bool:
    """The language's rules written as plainly as possible, as an oracle for the one
    implementation (the compiled conditions, which :func:`evaluate` applies)."""
    if isinstance(condition, AllOf):
        return all(reference(c, answers) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(reference(c, answers) for c in condition.any)
    if isinstance(condition, NotOf):
        return not reference(condition.not_, answers)
    assert isinstance(condition, AnswerTest)
    value, operator = answers.get(condition.question), condition.operator
    if operator == "answered":
        return (value is not None) is bool(condition.answered)
    if value is None:
        return False
    operand = condition.operand(operator)
    if isinstance(value, dict):  # a matrix: the named row, or any row
        cells = [value.get(condition.row)] if condition.row is not None else list(value.values())
        return any(cell is not None and reference_value(operator, operand, cell) for cell in cells)
    return reference_value(operator, operand, value)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):  # a boolean equals only a boolean
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    return bool(a == b)


def reference_value(operator: str, operand: Any, value: Any) -> bool:
    if operator in ("at_least", "at_most"):
        if isinstance(value, list):
            measured = len(value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            measured = value
        else:
            return False
        return bool(measured >= operand if operator == "at_least" else measured <= operand)
    if operator == "includes":
        return isinstance(value, list) and any(same(operand, v) for v in value)
    if operator == "in":
        values = value if isinstance(value, list) else [value]
        return any(same(o, v) for o in operand for v in values)
    return not isinstance(value, list) and same(operand, value)


@settings(max_examples=500, deadline=None)
@given(any_condition(), st.fixed_dictionaries({"x": ANSWER_VALUES, "y": ANSWER_VALUES}))
def test_conditions_follow_the_reference_rules(
    condition: Condition, answers: dict[str, Any]
) -> None:
    expected = reference(condition, answers)
    assert compile_condition(condition)(answers, None) is expected
    assert evaluate(condition, answers) is expected


def test_an_integer_enum_answer_is_a_number() -> None:
    # an IntEnum (or any int subclass) answer compares as the number it is, everywhere
    import enum

    class Level(enum.IntEnum):
        LOW = 1
        HIGH = 3

    for data, expected in [
        ({"question": "x", "at_least": 1}, True),
        ({"question": "x", "at_least": 4}, False),
        ({"question": "x", "at_most": 3}, True),
        ({"question": "x", "equals": 3}, True),
        ({"question": "x", "in": [2, 3]}, True),
    ]:
        assert evaluate(cond(data), {"x": Level.HIGH}) is expected, data
        assert compile_condition(cond(data))({"x": Level.HIGH}, None) is expected, data


def _leaf_count(condition: Condition) -> int:
    return sum(1 for _ in iter_conditions(condition))


@settings(max_examples=300, deadline=None)
@given(any_condition(), st.data())
def test_the_decisive_tests_alone_decide_the_condition(
    condition: Condition, data: st.DataObject
) -> None:
    # whatever the tests that were not named as reasons give, the condition keeps its value
    size = _leaf_count(condition)
    outcomes = data.draw(st.lists(st.booleans(), min_size=size, max_size=size))
    value, decisive = explain(condition, outcomes)
    named = {index for index, _ in decisive}
    assert all(outcomes[index] is holds for index, holds in decisive)
    others = data.draw(st.lists(st.booleans(), min_size=size, max_size=size))
    changed = [outcomes[i] if i in named else others[i] for i in range(size)]
    assert explain(condition, changed)[0] is value


@settings(max_examples=300, deadline=None)
@given(
    any_condition(),
    st.lists(
        st.fixed_dictionaries({"x": ANSWER_VALUES, "y": ANSWER_VALUES}), min_size=1, max_size=6
    ),
)
def test_one_explainer_serves_many_answers(
    condition: Condition, many: list[dict[str, Any]]
) -> None:
    # explanations are remembered by the outcome of the tests: each call must still give the
    # explanation of its own answers, whatever the explainer saw before
    explainer = compile_explainer(condition)
    leaves = [leaf for _, leaf in iter_conditions(condition)]
    for answers in [*many, *reversed(many)]:
        outcomes = [evaluate(leaf, answers) for leaf in leaves]
        assert explainer(answers, None) == explain(condition, outcomes)
        assert explainer(answers, None)[0] is evaluate(condition, answers)


A = {"question": "x", "equals": "a"}
B = {"question": "y", "answered": True}
C = {"question": "x", "in": ["b", "c"]}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (A, ((0, True),)),
        ({"all": [A, B]}, ((0, True), (1, True))),
        ({"not": {"any": [A, B]}}, ((0, False), (1, False))),
        ({"all": [A, {"not": B}]}, ((0, True), (1, False))),
        ({"any": [A, B]}, None),  # either may hold
        ({"all": [A, {"any": [B, C]}]}, None),
        ({"all": [A, B, C, A, B, C, A, B, C]}, None),  # more tests than it tries
    ],
)
def test_the_tests_that_decide_a_condition_whenever_it_holds(
    data: dict[str, Any], expected: tuple[tuple[int, bool], ...] | None
) -> None:
    assert decisive_when_true(cond(data)) == expected


@settings(max_examples=200, deadline=None)
@given(any_condition(), st.data())
def test_fixed_reasons_are_the_explanation_of_every_answer_that_fires(
    condition: Condition, data: st.DataObject
) -> None:
    fixed = decisive_when_true(condition)
    size = _leaf_count(condition)
    outcomes = data.draw(st.lists(st.booleans(), min_size=size, max_size=size))
    value, decisive = explain(condition, outcomes)
    if fixed is not None and value:
        assert decisive == fixed
