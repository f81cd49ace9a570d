"""Immutable result records: named tuples that pydantic validates and serialises as objects.

Results of an assessment are made by the thousand in batch work, so they are named tuples
(cheap to build, immutable, compared by value) rather than models. `@record` teaches
pydantic to write them as JSON objects with named fields — and to read them back from
objects — so that an `Assessment` round-trips exactly and its JSON reads well.

The records of an assessment are defined here, below the prepared questionnaire that makes
one per question, and re-exported by `assessment`, where users find them.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar, cast, get_type_hints

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from ._base import AnswerValue
from ._kinds import Status
from .questionnaire import GapKind

__all__ = [
    "Action",
    "Cap",
    "Completeness",
    "CompletenessReport",
    "Gain",
    "Gap",
    "LevelPath",
    "Levels",
    "Overall",
    "Person",
    "QuestionResult",
    "Reason",
    "ReferenceResult",
    "Score",
    "Staffing",
    "Stage",
    "build",
    "record",
]

T = TypeVar("T", bound=type)
R = TypeVar("R", bound=tuple[Any, ...])


def record(cls: T) -> T:
    """Class decorator for a `typing.NamedTuple` used inside pydantic models."""

    def schema(source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        hints = get_type_hints(cls)
        defaults: dict[str, Any] = getattr(cls, "_field_defaults", {})
        as_object = core_schema.typed_dict_schema(
            {
                name: core_schema.typed_dict_field(
                    handler.generate_schema(hint), required=name not in defaults
                )
                for name, hint in hints.items()
            }
        )
        standard = cast(dict[str, Any], handler(source))
        standard["serialization"] = core_schema.plain_serializer_function_ser_schema(
            _as_dict, return_schema=as_object
        )
        return cast(CoreSchema, standard)

    cls.__get_pydantic_core_schema__ = staticmethod(schema)  # type: ignore[attr-defined]
    return cls


def _as_dict(value: Any) -> dict[str, Any]:
    result: dict[str, Any] = value._asdict()
    return result


if TYPE_CHECKING:

    def build(cls: type[R], values: tuple[Any, ...]) -> R:
        """A record made from a tuple of all its fields in order, without the argument
        handling of its `__new__`: results are made for every question, score and action
        of every response, and this is scoring's hot path (about three times faster)."""

else:
    # tuple's own constructor, called with no Python frame between it and the caller
    build = tuple.__new__


@record
class Person(NamedTuple):
    """One record of the roster."""

    name: str
    """The person's name, as the roster gives it."""
    department: str | None
    """Their department, if the roster says."""
    time_share: float | None
    """The share of their working time, in percent, if the roster gives it."""
    roles: dict[str, str]
    """Responsibility id → role letters (`R`, `A`, `C`, `I`, or several)."""


@record
class Gap(NamedTuple):
    """A weakness of the roster; each becomes an action item."""

    kind: GapKind
    """Which weakness: `no_owner`, `several_owners`, `overloaded`, `no_backup` or
    `idle_department`."""
    responsibility: str | None = None
    """The responsibility it is about (`no_owner`, `several_owners`, `no_backup`)."""
    people: tuple[str, ...] = ()
    """The people it is about: the owners of a responsibility, its one doer (`no_backup`), or
    the one overloaded."""
    department: str | None = None
    """A department the step-3 answers name as involved that holds no responsibility
    (`idle_department`)."""
    share: float | None = None
    """The overloaded person's total time share, in percent, above 100 (`overloaded`)."""


@record
class Staffing(NamedTuple):
    """The responsibility matrix (responsibilities × people, roles in cells) and its gaps."""

    roster_answered: bool
    """Whether the roster question is answered."""
    responsibilities: tuple[str, ...]
    """The responsibility ids, the rows of the matrix."""
    people: tuple[Person, ...]
    """The people of the roster, the columns of the matrix."""
    departments_named: tuple[str, ...]
    """Departments that step-3 answers say are involved."""
    gaps: tuple[Gap, ...]
    """What the roster lacks; each becomes an action."""


@record
class QuestionResult(NamedTuple):
    """The trace of one question."""

    question: str
    """The question's id."""
    status: Status
    """What became of the question: counted (`scored`, `dont_know`, `unanswered`) or left out
    (`unanswered_excluded`, `not_applicable`, `condition_false`, `unscored`)."""
    points: float | None
    """Points earned; `None` when the question is left out."""
    max_points: float
    """The most points the question gives."""
    weight: float
    """The question's weight in the scores that contain it."""
    normalised: float | None
    """`points / max_points` in [0, 1]; `None` when the question is left out."""
    answered: bool
    """Whether the responses answer it."""


@record
class Score(NamedTuple):
    """A score in [0, 100] of a section, step or dimension, with what it aggregates."""

    id: str
    """The id of the section, step or dimension."""
    score: float | None
    """`None` when nothing in it counted (every part left out)."""
    points: float
    """Weighted raw points of the counted parts (the `sum` aggregation's numerator)."""
    max_points: float
    """The weighted raw maxima of the counted parts (the `sum` aggregation's denominator)."""
    parts: tuple[str, ...]
    """Ids of what it aggregates: questions (section, dimension) or sections (step)."""
    counted: int
    """How many of the parts counted."""


@record
class Overall(NamedTuple):
    """The overall score, its maturity level, and the steps it aggregates."""

    score: float | None
    """The overall score in [0, 100]; `None` when nothing counted."""
    level: str | None
    """The id of the maturity level, after the level caps; `None` without a score."""
    points: float
    """Weighted raw points of the counted steps."""
    max_points: float
    """Weighted raw maxima of the counted steps."""
    parts: tuple[str, ...]
    """The ids of the steps."""
    counted: int
    """How many of the steps counted."""


@record
class Levels(NamedTuple):
    """The level of every step, section and dimension score that has a level scale (and a
    score), by id."""

    steps: dict[str, str]
    sections: dict[str, str]
    dimensions: dict[str, str]


@record
class Completeness(NamedTuple):
    """Share of the applicable questions that are answered."""

    applicable: int
    """How many questions apply (free text aside)."""
    answered: int
    """How many of them are answered."""
    share: float
    """`answered / applicable` in [0, 1] (1 when none applies)."""
    unanswered: tuple[str, ...]
    """The ids of the applicable questions left unanswered, in questionnaire order."""


@record
class CompletenessReport(NamedTuple):
    """Completeness overall and per step."""

    overall: Completeness
    """Over the whole questionnaire."""
    steps: dict[str, Completeness]
    """Per step, by step id."""


@record
class Reason(NamedTuple):
    """One test that decided an action: an answer, a score or a staffing gap."""

    kind: Literal["answer", "score", "staffing"]
    """What was tested: an answer, a score or the roster."""
    subject: str
    """Question id, `step:<id>`/`section:<id>`/`dimension:<id>`/`overall`, or a gap kind."""
    holds: bool
    """Whether this test held; under a `not`, an action can be decided by a test that
    did not hold."""
    test: str
    """The operator of the test (`equals`, `in`, `below`…), or the gap kind."""
    expected: AnswerValue | list[AnswerValue] | None = None
    """The value the test compares with."""
    actual: AnswerValue | None = None
    """The answer or score found (for a gap: the share or the people)."""
    row: str | None = None
    """The matrix row tested, or the responsibility or department of a gap."""


@record
class Action(NamedTuple):
    """An item of the action plan."""

    id: str
    """The id of the recommendation, or of the staffing gap, it comes from."""
    source: Literal["recommendation", "staffing"]
    """Whether a recommendation of the questionnaire or a staffing gap decided it."""
    step: str
    """The id of the step it belongs to."""
    priority: Literal["high", "medium", "low"]
    """Its priority in the plan."""
    owner: str | None
    """The department that owns it; `None`: the organisation has neither the department
    the questionnaire names nor the fallback owner (to be designated)."""
    horizon: Literal["now", "quarter", "year"]
    """When to do it."""
    title: dict[str, str]
    """Its title, by language."""
    detail: dict[str, str]
    """What to do, by language."""
    reasons: tuple[Reason, ...]
    """The tests that decided it."""
    declared_owner: str | None = None
    """The owner the questionnaire gives, when the organisation does not have it."""
    declared_priority: Literal["high", "medium", "low"] | None = None
    """The priority the questionnaire gives, when the plan lowered it (see `high_at_most`)."""
    effort: Literal["small", "medium", "large"] | None = None
    """What it takes: its recommendation's effort (medium when unsaid), or its staffing gap
    kind's (`None` when the questionnaire gives none)."""
    benefit: dict[str, str] | None = None
    """What it brings when no scored answer changes, by language: its expected gain in
    words for an action without a numeric gain (`None`: the questionnaire gives none)."""


@record
class Cap(NamedTuple):
    """A level cap that held the maturity level below the level of the score."""

    id: str
    """The id of the level cap in the questionnaire."""
    level: str
    """The highest level the cap allows."""
    score_level: str
    """The level the overall score alone would give."""
    reasons: tuple[Reason, ...]
    """The tests that decided the cap's condition."""


@record
class ReferenceResult(NamedTuple):
    """A reference figure beside the organisation's own answer."""

    id: str
    """The id of the reference figure in the questionnaire."""
    value: float
    """The published figure."""
    own_value: float | None
    """The organisation's own percentage, for a figure measured by a question."""
    holds: bool | None
    """Whether the organisation is among those counted, for a figure measured by a condition."""


@record
class Gain(NamedTuple):
    """What one action is expected to bring: the scores once the answers it leads to are
    given, all else unchanged (a re-assessment with those answers gives the same)."""

    action: str
    effort: Literal["small", "medium", "large"]
    answers: dict[str, AnswerValue]
    """The answers it leads to, as they stand once merged with those given (a multiple
    choice gains options, a matrix rows)."""
    score: float | None
    """The overall score with those answers."""
    gain: float | None
    """`score` minus the overall score now (`None` when either is null)."""
    level: str | None
    """The maturity level with those answers, level caps applied."""
    dimensions: dict[str, float | None]
    """The change of each dimension the questions it leads to count in (`None`: a score
    null before or after)."""
    lifts: tuple[str, ...] = ()
    """The level caps that hold now below the next level, and no longer would."""


@record
class LevelPath(NamedTuple):
    """The actions that take the organisation to the next maturity level, found greedily
    (see `docs/scoring.md`): together, with the answers they lead to, they reach it."""

    target: str
    """The next maturity level."""
    actions: tuple[str, ...]
    """In the order they were chosen."""
    score: float | None
    """The overall score once all of them are done."""
    level: str | None
    """The level then reached, caps applied."""
    reached: bool
    """Whether they reach `target`: when the actions with a gain cannot, `actions` lists
    them all and this is false."""


@record
class Stage(NamedTuple):
    """One period of the roadmap, from the assessment date: the actions to finish in it."""

    id: Literal["days_30", "days_90", "months_6", "months_12"]
    start: datetime.date
    end: datetime.date
    actions: tuple[str, ...]
    """Ids of the actions, prerequisites before the actions that follow them."""
