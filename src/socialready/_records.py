"""Immutable result records: named tuples that pydantic validates and serialises as objects.

Results of an assessment are made by the thousand in batch work, so they are named tuples
(cheap to build, immutable, compared by value) rather than models. ``@record`` teaches
pydantic to write them as JSON objects with named fields — and to read them back from
objects — so that an ``Assessment`` round-trips exactly and its JSON reads well.

The records of an assessment are defined here, below the prepared questionnaire that makes
one per question, and re-exported by ``assessment``, where users find them.
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
    """Class decorator for a ``typing.NamedTuple`` used inside pydantic models."""

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
        handling of its ``__new__``: results are made for every question, score and action
        of every response, and this is scoring's hot path (about three times faster)."""

else:
    # tuple's own constructor, called with no Python frame between it and the caller
    build = tuple.__new__


@record
class Person(NamedTuple):
    """One record of the roster."""

    name: str
    department: str | None
    time_share: float | None
    roles: dict[str, str]
    """Responsibility id → role letters (``R``, ``A``, ``C``, ``I``, or several)."""


@record
class Gap(NamedTuple):
    """A weakness of the roster; each becomes an action item."""

    kind: GapKind
    responsibility: str | None = None
    people: tuple[str, ...] = ()
    department: str | None = None
    share: float | None = None


@record
class Staffing(NamedTuple):
    """The responsibility matrix (responsibilities × people, roles in cells) and its gaps."""

    roster_answered: bool
    responsibilities: tuple[str, ...]
    people: tuple[Person, ...]
    departments_named: tuple[str, ...]
    """Departments that step-3 answers say are involved."""
    gaps: tuple[Gap, ...]


@record
class QuestionResult(NamedTuple):
    """The trace of one question."""

    question: str
    status: Status
    points: float | None
    """Points earned; ``None`` when the question is left out."""
    max_points: float
    weight: float
    normalised: float | None
    """``points / max_points`` in [0, 1]; ``None`` when the question is left out."""
    answered: bool


@record
class Score(NamedTuple):
    """A score in [0, 100] of a section, step or dimension, with what it aggregates."""

    id: str
    score: float | None
    """``None`` when nothing in it counted (every part left out)."""
    points: float
    """Weighted raw points of the counted parts (the ``sum`` aggregation's numerator)."""
    max_points: float
    parts: tuple[str, ...]
    """Ids of what it aggregates: questions (section, dimension) or sections (step)."""
    counted: int
    """How many of the parts counted."""


@record
class Overall(NamedTuple):
    """The overall score, its maturity level, and the steps it aggregates."""

    score: float | None
    level: str | None
    points: float
    max_points: float
    parts: tuple[str, ...]
    counted: int


@record
class Completeness(NamedTuple):
    """Share of the applicable questions that are answered."""

    applicable: int
    answered: int
    share: float
    unanswered: tuple[str, ...]


@record
class CompletenessReport(NamedTuple):
    """Completeness overall and per step."""

    overall: Completeness
    steps: dict[str, Completeness]


@record
class Reason(NamedTuple):
    """One test that decided an action: an answer, a score or a staffing gap."""

    kind: Literal["answer", "score", "staffing"]
    subject: str
    """Question id, ``step:<id>``/``section:<id>``/``dimension:<id>``/``overall``, or a gap kind."""
    holds: bool
    """Whether this test held; under a ``not``, an action can be decided by a test that
    did not hold."""
    test: str
    expected: AnswerValue | list[AnswerValue] | None = None
    actual: AnswerValue | None = None
    row: str | None = None


@record
class Action(NamedTuple):
    """An item of the action plan."""

    id: str
    source: Literal["recommendation", "staffing"]
    step: str
    priority: Literal["high", "medium", "low"]
    owner: str | None
    """The department that owns it; ``None``: the organisation has neither the department
    the questionnaire names nor the fallback owner (to be designated)."""
    horizon: Literal["now", "quarter", "year"]
    title: dict[str, str]
    detail: dict[str, str]
    reasons: tuple[Reason, ...]
    declared_owner: str | None = None
    """The owner the questionnaire gives, when the organisation does not have it."""
    declared_priority: Literal["high", "medium", "low"] | None = None
    """The priority the questionnaire gives, when the plan lowered it (see ``high_at_most``)."""


@record
class Cap(NamedTuple):
    """A level cap that held the maturity level below the level of the score."""

    id: str
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
    value: float
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
    """``score`` minus the overall score now (``None`` when either is null)."""
    level: str | None
    """The maturity level with those answers, level caps applied."""
    dimensions: dict[str, float | None]
    """The change of each dimension the questions it leads to count in (``None``: a score
    null before or after)."""
    lifts: tuple[str, ...] = ()
    """The level caps that hold now below the next level, and no longer would."""


@record
class LevelPath(NamedTuple):
    """The actions that take the organisation to the next maturity level, found greedily
    (see ``docs/scoring.md``): together, with the answers they lead to, they reach it."""

    target: str
    """The next maturity level."""
    actions: tuple[str, ...]
    """In the order they were chosen."""
    score: float | None
    """The overall score once all of them are done."""
    level: str | None
    """The level then reached, caps applied."""
    reached: bool
    """Whether they reach ``target``: when the actions with a gain cannot, ``actions`` lists
    them all and this is false."""


@record
class Stage(NamedTuple):
    """One period of the roadmap, from the assessment date: the actions to finish in it."""

    id: Literal["days_30", "days_90", "months_6", "months_12"]
    start: datetime.date
    end: datetime.date
    actions: tuple[str, ...]
    """Ids of the actions, prerequisites before the actions that follow them."""
