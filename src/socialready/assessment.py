"""The Assessment and its records: what :func:`~socialready.assess` returns, what reports read.

Results of an assessment are made by the thousand in batch work, so its parts are immutable
named tuples (see ``_records.py``), which pydantic validates and writes as JSON objects; the
Assessment itself is a frozen model that carries the questionnaire and the responses it
was computed from, so that it is complete on its own.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from ._kinds import Status
from ._records import record
from .questionnaire import GapKind, Questionnaire
from .responses import AnswerValue, Responses

__all__ = [
    "Action",
    "Assessment",
    "Completeness",
    "CompletenessReport",
    "Gap",
    "Overall",
    "Person",
    "QuestionResult",
    "Reason",
    "ReferenceResult",
    "Score",
    "Staffing",
]


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
    owner: str
    horizon: Literal["now", "quarter", "year"]
    title: dict[str, str]
    detail: dict[str, str]
    reasons: tuple[Reason, ...]


@record
class ReferenceResult(NamedTuple):
    """A reference figure beside the organisation's own answer."""

    id: str
    value: float
    own_value: float | None
    """The organisation's own percentage, for a figure measured by a question."""
    holds: bool | None
    """Whether the organisation is among those counted, for a figure measured by a condition."""


class Assessment(BaseModel):
    """The result of :func:`assess`: scores, level, completeness, actions, staffing, trace.

    It carries the questionnaire and the responses it was computed from, so that it is
    complete on its own: a report needs nothing else, and ``model_dump_json()`` /
    ``model_validate_json()`` round-trip exactly.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    questionnaire: Questionnaire
    responses: Responses
    overall: Overall
    steps: dict[str, Score]
    sections: dict[str, Score]
    dimensions: dict[str, Score]
    questions: dict[str, QuestionResult]
    completeness: CompletenessReport
    actions: tuple[Action, ...]
    staffing: Staffing | None
    references: tuple[ReferenceResult, ...]

    def score_of(self, kind: str, ident: str) -> float | None:
        """A score by kind (``overall``, ``step``, ``section``, ``dimension``) and id."""
        if kind == "overall":
            return self.overall.score
        table = {"step": self.steps, "section": self.sections, "dimension": self.dimensions}
        found = table[kind].get(ident)
        return found.score if found else None

    def _repr_html_(self) -> str:
        """What Jupyter shows for an Assessment: a compact, self-contained summary.

        The report is imported here, when a notebook first shows an assessment: the model
        never depends on it, and ``import socialready`` never loads it.
        """
        from .report.notebook import summary_html

        return summary_html(self)
