"""The declarative condition language, and its evaluation.

A condition is plain data, never code. It is one of:

* a test on an answer — `{question: q, <operator>: value}` with exactly one operator among
  `equals`, `in`, `includes`, `at_least`, `at_most` and `answered`; for a
  matrix question an optional `row` narrows the test to one row (without it, any row
  that passes makes the test true);
* a test on a score (recommendations only) — `{score: {step|section|dimension: id},
  below: 40}` or `at_least`; `{score: {overall: true}, …}` for the overall score;
* a combination — `{all: [...]}`, `{any: [...]}`, `{not: condition}`.

Evaluation is done here by our own code; nothing is ever passed to `eval`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from ._base import Id, Invalid, StrictModel

__all__ = [
    "CONDITION_KEYS",
    "AllOf",
    "AnswerTest",
    "AnyOf",
    "Condition",
    "NotOf",
    "ScoreRef",
    "ScoreTest",
    "compile_condition",
    "compile_explainer",
    "decisive_when_true",
    "evaluate",
    "explain",
    "iter_conditions",
]

Scalar = str | bool | int | float
"""A value an answer can be compared with."""

OPERATORS = ("equals", "in", "includes", "at_least", "at_most", "answered")


class AnswerTest(StrictModel):
    """A test on the answer to one question."""

    question: Id = Field(description="The id of the question whose answer is tested.")
    row: Id | None = Field(
        default=None, description="Matrix questions only: the row tested (default: any row)."
    )
    equals: Scalar | None = Field(
        default=None,
        description="True when the answer is this option id, boolean, number or scale value.",
    )
    in_: list[Scalar] | None = Field(
        default=None,
        alias="in",
        min_length=1,
        description="True when the answer is one of these (multiple choice: any selected).",
    )
    includes: Id | None = Field(
        default=None, description="Multiple choice only: true when this option is selected."
    )
    at_least: float | None = Field(
        default=None,
        description="Number and scale: answer ≥ value. Roster: at least this many records.",
    )
    at_most: float | None = Field(
        default=None,
        description="Number and scale: answer ≤ value. Roster: at most this many records.",
    )
    answered: bool | None = Field(
        default=None, description="True when the question is answered (or not, with false)."
    )

    @model_validator(mode="after")
    def _one_operator(self) -> AnswerTest:
        given = [name for name in OPERATORS if self.operand(name) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise Invalid(
                f"an answer test needs exactly one operator among {', '.join(OPERATORS)}"
                f" (found {found})",
                *given[1:2],
            )
        return self

    def operand(self, name: str) -> Any:
        """The value given for operator `name` (`in` is stored as `in_`)."""
        return getattr(self, "in_" if name == "in" else name)

    @property
    def operator(self) -> str:
        """The one operator this test uses."""
        return next(name for name in OPERATORS if self.operand(name) is not None)


class ScoreRef(StrictModel):
    """Which score a score test reads: exactly one of step, section, dimension or overall."""

    step: Id | None = None
    section: Id | None = None
    dimension: Id | None = None
    overall: Literal[True] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ScoreRef:
        given = [k for k in ("step", "section", "dimension", "overall") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("name exactly one of step, section, dimension or overall: true")
        return self

    @property
    def scope(self) -> tuple[str, str]:
        """`(kind, id)`; the overall score is `("overall", "overall")`."""
        for kind in ("step", "section", "dimension"):
            value = getattr(self, kind)
            if value is not None:
                return kind, value
        return "overall", "overall"


class ScoreTest(StrictModel):
    """A test on a computed score (0–100); usable in recommendations, not in `when:`."""

    score: ScoreRef
    below: float | None = Field(default=None, ge=0, le=100)
    at_least: float | None = Field(default=None, ge=0, le=100)

    @model_validator(mode="after")
    def _one_bound(self) -> ScoreTest:
        if (self.below is None) == (self.at_least is None):
            raise Invalid(
                "a score test needs exactly one of below or at_least",
                *(["at_least"] if self.below is not None else []),
            )
        return self


class AllOf(StrictModel):
    """True when every listed condition is true."""

    all: list[Condition] = Field(min_length=1)


class AnyOf(StrictModel):
    """True when at least one listed condition is true."""

    any: list[Condition] = Field(min_length=1)


class NotOf(StrictModel):
    """True when the condition is false."""

    not_: Condition = Field(alias="not")


CONDITION_KEYS = {
    "question": "answer-test",
    "score": "score-test",
    "all": "all-of",
    "any": "any-of",
    "not": "not-of",
}
"""The key that makes a mapping a condition → the tag of that kind of condition."""


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, StrictModel):
        return {
            AnswerTest: "answer-test",
            ScoreTest: "score-test",
            AllOf: "all-of",
            AnyOf: "any-of",
            NotOf: "not-of",
        }.get(type(value))
    if isinstance(value, Mapping):
        for key, tag in CONDITION_KEYS.items():
            if key in value:
                return tag
    return None


Condition = Annotated[
    Annotated[AnswerTest, Tag("answer-test")]
    | Annotated[ScoreTest, Tag("score-test")]
    | Annotated[AllOf, Tag("all-of")]
    | Annotated[AnyOf, Tag("any-of")]
    | Annotated[NotOf, Tag("not-of")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message=(
            "a condition is a mapping with one of the keys question, score, all, any or not"
        ),
    ),
]
"""Any condition of the language."""

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


def iter_conditions(
    condition: Condition, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], AnswerTest | ScoreTest]]:
    """Yield every leaf test of `condition` with its field path below `path`."""
    if isinstance(condition, AllOf):
        for i, child in enumerate(condition.all):
            yield from iter_conditions(child, (*path, "all", i))
    elif isinstance(condition, AnyOf):
        for i, child in enumerate(condition.any):
            yield from iter_conditions(child, (*path, "any", i))
    elif isinstance(condition, NotOf):
        yield from iter_conditions(condition.not_, (*path, "not"))
    else:
        yield path, condition


ScoreLookup = Callable[[str, str], float | None]
"""`lookup(kind, id)` gives a score in [0, 100], or `None` when it could not be computed."""


def evaluate(
    condition: Condition,
    answers: Mapping[str, Any],
    scores: ScoreLookup | None = None,
) -> bool:
    """Evaluate `condition` against plain answer values.

    `answers` maps question ids to values as a responses file gives them: an option id,
    a list of option ids, a boolean, a number, a `{row: option}` mapping, a text or a list
    of records. A missing key or `None` means "not answered". A score test whose score is
    unknown (no `scores` given, or a score that could not be computed) is false.

    This is `compile_condition` applied once: the language has one implementation.
    """
    return compile_condition(condition)(answers, scores)


def _same(a: Any, b: Any) -> bool:
    # True == 1 in Python; a yes/no answer must only ever equal a boolean.
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    return bool(a == b)


def _measured(value: Any) -> float | None:
    """What `at_least` and `at_most` compare: a number (any int or float, an `IntEnum`
    included, never a boolean), or the number of records of a roster."""
    if isinstance(value, list):
        return len(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return None


Compiled = Callable[[Mapping[str, Any], ScoreLookup | None], bool]
"""A condition turned into a function of (answers, scores)."""


def compile_condition(condition: Condition) -> Compiled:
    """Turn `condition` into a function of (answers, scores), built once.

    Scoring evaluates the same conditions for every response; closures avoid walking the
    models and dispatching on types each time. Combinations of two parts and the usual
    answer tests (an option id, a list of option ids) get closures of their own, since
    they are most of what questionnaires hold.
    """
    if isinstance(condition, AllOf | AnyOf):
        return _compile_combination(condition)
    if isinstance(condition, NotOf):
        inner = compile_condition(condition.not_)
        return lambda answers, scores: not inner(answers, scores)
    if isinstance(condition, ScoreTest):
        return _compile_score_test(condition)
    return _compile_answer_test(condition)


def _compile_combination(condition: AllOf | AnyOf) -> Compiled:
    """`all` or `any`: a single part is that part; two parts are one expression."""
    conjunction = isinstance(condition, AllOf)
    members = condition.all if isinstance(condition, AllOf) else condition.any
    parts = tuple(compile_condition(c) for c in members)
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        first, second = parts
        if conjunction:
            return lambda answers, scores: first(answers, scores) and second(answers, scores)
        return lambda answers, scores: first(answers, scores) or second(answers, scores)
    if conjunction:

        def all_of(answers: Mapping[str, Any], scores: ScoreLookup | None) -> bool:
            for part in parts:  # noqa: SIM110 - no generator per call
                if not part(answers, scores):
                    return False
            return True

        return all_of

    def any_of(answers: Mapping[str, Any], scores: ScoreLookup | None) -> bool:
        for part in parts:  # noqa: SIM110 - no generator per call
            if part(answers, scores):
                return True
        return False

    return any_of


def _compile_score_test(test: ScoreTest) -> Compiled:
    """A score test: false while the score is unknown."""
    scope = test.score.scope
    below, at_least = test.below, test.at_least

    def score_test(answers: Mapping[str, Any], scores: ScoreLookup | None) -> bool:
        value = scores(*scope) if scores is not None else None
        if value is None:
            return False
        return value < below if below is not None else at_least is not None and value >= at_least

    return score_test


def _value_predicate(operator: str, operand: Any) -> Callable[[Any], bool]:
    """A test on one plain answer value (not a matrix mapping)."""
    if operator in ("at_least", "at_most"):
        bound: float = operand
        if operator == "at_least":

            def at_least(value: Any) -> bool:
                kind = type(value)
                if kind is int or kind is float:  # most answers: no call to _measured
                    number: float = value
                    return number >= bound
                measured = _measured(value)
                return measured is not None and bool(measured >= bound)

            return at_least

        def at_most(value: Any) -> bool:
            kind = type(value)
            if kind is int or kind is float:
                number: float = value
                return number <= bound
            measured = _measured(value)
            return measured is not None and bool(measured <= bound)

        return at_most
    if operator == "includes":
        wanted = operand
        return lambda value: type(value) is list and any(_same(wanted, v) for v in value)
    if operator == "in":
        choices = tuple(operand)
        strings = frozenset(c for c in choices if type(c) is str)
        if len(strings) == len(choices):  # the usual case: option ids

            def among(value: Any) -> bool:
                if type(value) is str:
                    return value in strings
                if type(value) is list:
                    return any(type(v) is str and v in strings for v in value)
                return False

            return among
        return lambda value: (
            any(_same(c, v) for c in choices for v in value)
            if type(value) is list
            else any(_same(c, value) for c in choices)
        )
    expected = operand
    if type(expected) is str:  # a string equals nothing but the same string
        return lambda value: value == expected
    if type(expected) is bool:
        return lambda value: value is expected
    return lambda value: type(value) is not list and _same(expected, value)


def _compile_answer_test(test: AnswerTest) -> Compiled:
    """An answer test: a closure of its own for the usual tests on any row, else a value
    predicate applied to the answer, to the row tested or to every row of a matrix."""
    question, row, operator = test.question, test.row, test.operator
    if operator == "answered":
        wanted = bool(test.answered)
        return lambda answers, scores: (answers.get(question) is not None) is wanted
    operand = test.operand(operator)
    if row is None:
        usual = _compile_usual_test(question, operator, operand)
        if usual is not None:
            return usual
    return _compile_value_test(question, row, _value_predicate(operator, operand))


def _compile_usual_test(question: str, operator: str, operand: Any) -> Compiled | None:
    """The closure of a usual test on any row — `equals` an option id or a boolean,
    `includes` an option id, `in` option ids — or `None` for any other test."""
    if operator == "equals" and type(operand) is str:
        return _equals_option(question, operand)
    if operator == "includes" and type(operand) is str:
        return _includes_option(question, operand)
    if operator == "equals" and type(operand) is bool:
        return _equals_boolean(question, operand)
    if operator == "in" and all(type(c) is str for c in operand):
        return _among_options(question, operand)
    return None


def _equals_option(question: str, operand: str) -> Compiled:
    """`equals` an option id: a string equals nothing but the same string; a matrix
    passes on any row."""

    def equals(answers: Mapping[str, Any], scores: ScoreLookup | None) -> bool:
        value = answers.get(question)
        if value == operand:
            return True
        return type(value) is dict and operand in value.values()

    return equals


def _includes_option(question: str, operand: str) -> Compiled:
    """`includes` an option id: a multiple choice, or any row of a matrix of them."""

    def includes(answers: Mapping[str, Any], scores: ScoreLookup | None) -> bool:
        value: Any = answers.get(question)
        kind = type(value)
        if kind is list:
            return operand in value
        if kind is dict:
            return any(type(cell) is list and operand in cell for cell in value.values())
        return False

    return includes


def _equals_boolean(question: str, operand: bool) -> Compiled:
    """`equals` a boolean: the same boolean, or on any row of a matrix."""

    def equals_boolean(answers: Mapping[str, Any], scores: ScoreLookup | None) -> bool:
        value: Any = answers.get(question)
        if value is operand:
            return True
        return type(value) is dict and any(cell is operand for cell in value.values())

    return equals_boolean


def _among_options(question: str, operand: list[str]) -> Compiled:
    """`in` option ids: the answer, one of its selected options or one of its rows."""
    strings = frozenset(operand)
    cell_test = _value_predicate("in", operand)

    def among(answers: Mapping[str, Any], scores: ScoreLookup | None) -> bool:
        value: Any = answers.get(question)
        kind = type(value)
        if kind is str:
            return value in strings
        if kind is list:
            try:
                return not strings.isdisjoint(value)
            except TypeError:  # an item that is no text, nor hashable: not among them
                return any(type(v) is str and v in strings for v in value)
        if kind is dict:
            return any(cell is not None and cell_test(cell) for cell in value.values())
        return False

    return among


def _compile_value_test(
    question: str, row: str | None, predicate: Callable[[Any], bool]
) -> Compiled:
    """`predicate` applied to the answer; for a matrix, to the row tested or to any row."""

    def check(answers: Mapping[str, Any], scores: ScoreLookup | None) -> bool:
        value = answers.get(question)
        if value is None:
            return False
        if type(value) is dict:
            if row is not None:
                cell = value.get(row)
                return cell is not None and predicate(cell)
            return any(cell is not None and predicate(cell) for cell in value.values())
        return predicate(value)

    return check


Decisive = tuple[tuple[int, bool], ...]
"""The leaf tests that decide a condition, each as (index in `iter_conditions`, outcome)."""

Explainer = Callable[[Mapping[str, Any], ScoreLookup | None], tuple[bool, Decisive]]
"""A condition that says why it holds: its value, and the leaves that decide it."""

_MEMO_LIMIT = 4096
"""How many leaf-outcome combinations an explainer remembers."""


def explain(condition: Condition, outcomes: Sequence[bool]) -> tuple[bool, Decisive]:
    """The value of `condition` and the tests that decide it, from the outcome of each leaf
    test (in `iter_conditions` order).

    `all` that holds: every part decides; `all` that fails: the failing parts; `any`
    that holds: the parts that hold; `any` that fails: every part; `not`: the reasons of
    its inner condition."""
    position = 0

    def walk(node: Condition) -> tuple[bool, list[tuple[int, bool]]]:
        nonlocal position
        if isinstance(node, AllOf | AnyOf):
            conjunction = isinstance(node, AllOf)
            members = node.all if isinstance(node, AllOf) else node.any
            results = [walk(child) for child in members]
            value = all(v for v, _ in results) if conjunction else any(v for v, _ in results)
            decisive = conjunction != value
            return value, [
                leaf for v, leaves in results if not decisive or v == value for leaf in leaves
            ]
        if isinstance(node, NotOf):
            value, leaves = walk(node.not_)
            return not value, leaves
        index = position
        position += 1
        return outcomes[index], [(index, outcomes[index])]

    value, leaves = walk(condition)
    return value, tuple(leaves)


def compile_explainer(condition: Condition) -> Explainer:
    """Compile `condition` into a function of (answers, scores) giving its value and the
    tests that decide it (see `explain`).

    Which tests decide depends only on the outcome of each test, so explanations are
    remembered by those outcomes: a response pays for its leaf tests, not for the walk.
    """
    tests = tuple(compile_condition(leaf) for _, leaf in iter_conditions(condition))
    memo: dict[tuple[bool, ...], tuple[bool, Decisive]] = {}

    def explainer(answers: Mapping[str, Any], scores: ScoreLookup | None) -> tuple[bool, Decisive]:
        outcomes = tuple([test(answers, scores) for test in tests])
        found = memo.get(outcomes)
        if found is None:
            found = explain(condition, outcomes)
            if len(memo) < _MEMO_LIMIT:
                memo[outcomes] = found
        return found

    return explainer


def decisive_when_true(condition: Condition, *, most: int = 8) -> Decisive | None:
    """The tests that decide `condition` whenever it holds, if they are always the same
    (a single test, or an `all` of tests: every one of them); `None` when they depend
    on the outcomes, or when the condition has more than `most` tests to try.

    Found by explaining every combination of outcomes under which the condition holds, so
    it agrees with `explain` by construction.
    """
    count = sum(1 for _ in iter_conditions(condition))
    if count > most:
        return None
    found: set[Decisive] = set()
    for outcomes in itertools.product((False, True), repeat=count):
        value, decisive = explain(condition, outcomes)
        if value:
            found.add(decisive)
    return found.pop() if len(found) == 1 else None
