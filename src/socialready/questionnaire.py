"""The questionnaire model: steps → sections → questions, recommendations, maturity levels.

These models describe the *structure* of a questionnaire file; each validates what can be
checked locally (bands in order, one operator per test, unique option ids within a
question…). Checks that need the whole file — unique ids across it, references between
its parts, every text in every declared language — live in :mod:`socialready._checks` and
run when a questionnaire is loaded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Annotated, Any, Literal, get_args

from pydantic import Discriminator, Field, model_validator

from ._base import AnswerValue, Id, Invalid, LangCode, StrictModel, Text
from .conditions import Condition
from .errors import excerpt

__all__ = [
    "QUESTION_KINDS",
    "RACI_ROLES",
    "ActionPlanRules",
    "Aggregation",
    "Band",
    "Department",
    "DepartmentMention",
    "Dimension",
    "Effort",
    "GapAction",
    "GroupedText",
    "LevelCap",
    "MatrixQuestion",
    "MatrixRow",
    "MaturityLevel",
    "MultipleChoiceQuestion",
    "NumberQuestion",
    "Option",
    "Question",
    "Questionnaire",
    "Recommendation",
    "ReferenceFigure",
    "RosterField",
    "RosterQuestion",
    "ScaleQuestion",
    "ScoringPolicy",
    "Section",
    "SingleChoiceQuestion",
    "StaffingRules",
    "Step",
    "SummaryRules",
    "TextQuestion",
    "YesNoQuestion",
    "localised",
]


def localised(text: dict[str, str] | None, lang: str) -> str:
    """A text in ``lang``, or in the first language it has (empty for no text), without the
    line break a folded YAML block leaves at its end."""
    if not text:
        return ""
    return (text.get(lang) or next(iter(text.values()))).strip()


Aggregation = Literal["mean", "sum", "min"]
"""How scores are combined: ``mean`` — weighted mean of normalised scores; ``sum`` —
weighted raw points over weighted raw maxima; ``min`` — the weakest link."""

Weight = Annotated[float, Field(ge=0, description="Relative weight, ≥ 0 (0: not scored).")]
Points = Annotated[float, Field(ge=0, description="Points given, ≥ 0.")]


class Option(StrictModel):
    """One possible answer of a choice or matrix question."""

    id: Id
    label: Text
    points: Points = 0
    not_applicable: bool = Field(
        default=False,
        description="Choosing it makes the question not applicable: it counts nowhere.",
    )
    dont_know: bool = Field(
        default=False, description="A 'don't know' answer: answered, worth 0 points."
    )
    exclusive: bool = Field(
        default=False,
        description="Multiple choice only: cannot be selected together with another option.",
    )

    @model_validator(mode="after")
    def _special(self) -> Option:
        if self.not_applicable and self.dont_know:
            raise ValueError("an option cannot be both not_applicable and dont_know")
        if (self.not_applicable or self.dont_know) and self.points:
            raise Invalid("a not_applicable or dont_know option gives no points", "points")
        return self


def _unique_ids(items: Sequence[Option | MatrixRow | RosterField], what: str, field: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise Invalid(f"{what} id {excerpt(item.id)} appears twice", field, i, "id")
        seen.add(item.id)


class _QuestionBase(StrictModel):
    id: Id
    label: Text = Field(description="The question as the respondent reads it.")
    help: Text | None = Field(default=None, description="A hint shown under the question.")
    rationale: Text | None = Field(
        default=None, description="Which part of the method this question measures."
    )
    weight: Weight = 1
    dimensions: list[Id] = Field(
        default_factory=list, description="Ids of the dimensions this question counts in."
    )
    when: Condition | None = Field(
        default=None, description="Asked only when this condition on earlier answers holds."
    )

    @property
    def max_points(self) -> float:
        """The most points an answer can give (0 for an unscored question)."""
        return 0.0

    @property
    def scored(self) -> bool:
        """Whether the question counts in scores: it has a weight and can give points."""
        return self.weight > 0 and self.max_points > 0


class _ChoiceBase(_QuestionBase):
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _options_unique(self) -> _ChoiceBase:
        _unique_ids(self.options, "option", "options")
        return self

    def option(self, option_id: str) -> Option | None:
        """The option with this id, if any."""
        return next((o for o in self.options if o.id == option_id), None)


class SingleChoiceQuestion(_ChoiceBase):
    """One option among several; each option gives its points."""

    kind: Literal["single_choice"]

    @property
    def max_points(self) -> float:
        return max(o.points for o in self.options)


class MultipleChoiceQuestion(_ChoiceBase):
    """Any number of options; the points of the selected ones add up, capped at ``max_points``."""

    kind: Literal["multiple_choice"]
    cap: Points | None = Field(
        default=None,
        description=(
            "The most points the selection can give (default: the non-exclusive options"
            " together, or the best exclusive option if it gives more)."
        ),
    )

    @model_validator(mode="after")
    def _cap_reachable(self) -> MultipleChoiceQuestion:
        total = sum(o.points for o in self.options if not o.exclusive)
        best = max([total, *(o.points for o in self.options if o.exclusive)])
        if self.cap is not None and self.cap > best:
            raise Invalid(
                f"cap {self.cap:g} can never be reached: the options give at most {best:g}", "cap"
            )
        return self

    @property
    def max_points(self) -> float:
        total = sum(o.points for o in self.options if not o.exclusive)
        best = max([total, *(o.points for o in self.options if o.exclusive)])
        return best if self.cap is None else min(self.cap, best)


class ScalePoint(StrictModel):
    """One value of a scale, with its label and the points it gives."""

    value: int
    label: Text
    points: Points


class ScaleQuestion(_QuestionBase):
    """A rating on an ordered scale (e.g. 1–5); the answer is the value, worth its points."""

    kind: Literal["scale"]
    scale: list[ScalePoint] = Field(min_length=2)

    @model_validator(mode="after")
    def _ordered(self) -> ScaleQuestion:
        for i in range(1, len(self.scale)):
            if self.scale[i].value <= self.scale[i - 1].value:
                raise Invalid(
                    "scale values must be unique and listed in increasing order",
                    "scale",
                    i,
                    "value",
                )
        return self

    @property
    def max_points(self) -> float:
        return max(p.points for p in self.scale)


class YesNoQuestion(_QuestionBase):
    """Yes or no (answers are the booleans true and false)."""

    kind: Literal["yes_no"]
    yes_points: Points = 1
    no_points: Points = 0

    @property
    def max_points(self) -> float:
        return max(self.yes_points, self.no_points)


class Band(StrictModel):
    """A range of numbers, ``from`` (included) up to ``to`` (excluded), worth some points."""

    from_: float | None = Field(default=None, alias="from", description="Included lower end.")
    to: float | None = Field(default=None, description="Excluded upper end.")
    points: Points

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.from_ is not None and self.to is not None and self.from_ >= self.to:
            raise Invalid(f"band from {self.from_:g} must be below to {self.to:g}", "to")
        return self

    def contains(self, value: float) -> bool:
        """Whether ``value`` falls in this band."""
        return (self.from_ is None or value >= self.from_) and (self.to is None or value < self.to)


class NumberQuestion(_QuestionBase):
    """A number, with a unit and bounds; ``bands`` turn it into points."""

    kind: Literal["number"]
    unit: Text | None = Field(
        default=None, description="The unit, e.g. {fr: personnes, en: people}."
    )
    unit_one: Text | None = Field(
        default=None,
        description="The unit after 1 when it differs, e.g. {fr: personne, en: person}.",
    )
    min: float | None = None
    max: float | None = None
    integer: bool = False
    percent: bool = Field(default=False, description="A percentage: bounds default to 0–100.")
    bands: list[Band] = Field(
        default_factory=list, description="Contiguous bands in increasing order; none: unscored."
    )

    @model_validator(mode="after")
    def _consistent(self) -> NumberQuestion:
        low, high = self.bounds
        if low is not None and high is not None and low > high:
            raise Invalid(f"min {low:g} is above max {high:g}", "max")
        if self.percent and ((low is not None and low < 0) or (high is not None and high > 100)):
            raise Invalid(
                "a percentage lies between 0 and 100", "min" if low and low < 0 else "max"
            )
        for i in range(1, len(self.bands)):
            before, after = self.bands[i - 1], self.bands[i]
            if before.to is None or after.from_ is None or before.to != after.from_:
                raise Invalid(
                    "bands must be contiguous and increasing: each band's from is the previous to",
                    "bands",
                    i,
                    "from",
                )
        if self.bands:
            first, last = self.bands[0], self.bands[-1]
            if first.from_ is not None and (low is None or first.from_ > low):
                raise Invalid(
                    f"the first band starts at {first.from_:g},"
                    " leaving lower answers without points",
                    "bands",
                    0,
                    "from",
                )
            if last.to is not None and (high is None or last.to <= high):
                raise Invalid(
                    f"the last band stops before {last.to:g},"
                    " leaving higher answers without points",
                    "bands",
                    len(self.bands) - 1,
                    "to",
                )
        return self

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """``(min, max)``, with 0–100 for a percentage without explicit bounds."""
        if self.percent:
            return (0.0 if self.min is None else self.min, 100.0 if self.max is None else self.max)
        return self.min, self.max

    @property
    def max_points(self) -> float:
        return max((b.points for b in self.bands), default=0.0)

    def band_for(self, value: float) -> Band | None:
        """The band ``value`` falls in."""
        return next((b for b in self.bands if b.contains(value)), None)


class MatrixRow(StrictModel):
    """One row of a matrix question (e.g. one network)."""

    id: Id
    label: Text
    weight: Weight = 1


class MatrixQuestion(_QuestionBase):
    """Several rows answered on one shared list of options (e.g. presence per network).

    The score is the weighted mean of the rows' points over the rows' maxima. Rows answered
    with a not-applicable option count for nothing.
    """

    kind: Literal["matrix"]
    rows: list[MatrixRow] = Field(min_length=1)
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _unique(self) -> MatrixQuestion:
        _unique_ids(self.rows, "row", "rows")
        _unique_ids(self.options, "option", "options")
        if any(o.exclusive for o in self.options):
            raise Invalid("exclusive options belong to multiple choice questions", "options")
        return self

    def option(self, option_id: str) -> Option | None:
        """The option with this id, if any."""
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def max_points(self) -> float:
        return max(o.points for o in self.options)


class TextQuestion(_QuestionBase):
    """A free text answer; never scored."""

    kind: Literal["text"]
    weight: Weight = 0
    multiline: bool = False
    max_length: int = Field(default=2000, ge=1, le=100_000)


RosterFieldType = Literal["text", "number", "percent", "choice", "choices", "raci"]

RACI_ROLES: dict[str, dict[str, str]] = {
    "R": {"fr": "R — réalise", "en": "R — responsible (does the work)"},
    "A": {"fr": "A — rend des comptes (décide)", "en": "A — accountable (owns the outcome)"},
    "C": {"fr": "C — consulté", "en": "C — consulted"},
    "I": {"fr": "I — informé", "en": "I — informed"},
}
"""The roles a ``raci`` roster field gives each responsibility, with their labels (forms ask
them as one multiple choice per responsibility; survey exports are read back with them)."""


class RosterField(StrictModel):
    """One field of a roster record.

    ``choice`` takes one of ``options``, ``choices`` several; ``raci`` maps each of
    ``options`` (responsibilities) to a role letter among R, A, C and I.
    """

    id: Id
    label: Text
    type: RosterFieldType
    required: bool = False
    options: list[Option] = Field(default_factory=list)

    @model_validator(mode="after")
    def _options(self) -> RosterField:
        needs = self.type in ("choice", "choices", "raci")
        if needs and not self.options:
            raise Invalid(f"a {self.type} field lists its options", "type")
        if not needs and self.options:
            raise Invalid(f"a {self.type} field has no options", "options")
        _unique_ids(self.options, "option", "options")
        return self


class RosterQuestion(_QuestionBase):
    """A list of records with typed fields (the step-3 list of dedicated people)."""

    kind: Literal["roster"]
    weight: Weight = 0
    fields: list[RosterField] = Field(min_length=1)
    min_items: int = Field(default=0, ge=0)
    max_items: int = Field(default=500, ge=1, le=10_000)

    @model_validator(mode="after")
    def _unique(self) -> RosterQuestion:
        _unique_ids(self.fields, "field", "fields")
        if self.min_items > self.max_items:
            raise Invalid("min_items is above max_items", "min_items")
        return self


Question = Annotated[
    SingleChoiceQuestion
    | MultipleChoiceQuestion
    | ScaleQuestion
    | YesNoQuestion
    | NumberQuestion
    | MatrixQuestion
    | TextQuestion
    | RosterQuestion,
    Discriminator("kind"),
]
"""Any question; its ``kind`` says which."""

QUESTION_KINDS: tuple[str, ...] = tuple(
    get_args(model.model_fields["kind"].annotation)[0] for model in get_args(get_args(Question)[0])
)
"""The ``kind`` of every question model, in the order of :data:`Question`."""


class Section(StrictModel):
    """A group of questions on one topic of a step."""

    id: Id
    title: Text
    description: Text | None = None
    weight: Weight = 1
    aggregation: Aggregation | None = Field(
        default=None, description="Overrides the questionnaire's aggregation for this section."
    )
    questions: list[Question] = Field(min_length=1)


class Step(StrictModel):
    """One step of the method."""

    id: Id
    title: Text
    description: Text | None = None
    weight: Weight = 1
    aggregation: Aggregation | None = None
    sections: list[Section] = Field(min_length=1)


class Dimension(StrictModel):
    """A cross-cutting theme scored across steps (e.g. listening and monitoring)."""

    id: Id
    label: Text
    description: Text | None = None


class Department(StrictModel):
    """A department that can own an action or hold a responsibility."""

    id: Id
    label: Text


class MaturityLevel(StrictModel):
    """A band of the overall score, ``from`` (included) to ``to`` (excluded, 100 included)."""

    id: Id
    name: Text
    meaning: Text
    from_: float = Field(alias="from", ge=0, le=100)
    to: float = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> MaturityLevel:
        if self.from_ >= self.to:
            raise Invalid(f"from {self.from_:g} must be below to {self.to:g}", "to")
        return self


Priority = Literal["high", "medium", "low"]
Horizon = Literal["now", "quarter", "year"]
Effort = Literal["small", "medium", "large"]
"""What carrying out an action takes: small (days), medium (weeks), large (months)."""


class LevelCap(StrictModel):
    """A critical finding that caps the maturity level, whatever the overall score.

    While its condition holds, the level is at most ``highest_level``: the level of an
    assessment is the lowest of the score's level and the levels of every cap that holds.
    """

    id: Id
    when: Condition = Field(description="The finding: a condition on answers and/or scores.")
    highest_level: Id = Field(
        description="The id of the highest maturity level allowed while the condition holds."
    )
    reason: Text = Field(
        description=(
            "The finding in a few words, as the report says it:"
            " 'Level held at <level> by: <reason>'."
        )
    )


class Recommendation(StrictModel):
    """An action item, triggered when its condition holds."""

    id: Id
    step: Id = Field(description="The step of the method this action belongs to.")
    when: Condition
    priority: Priority
    owner: Id = Field(description="The id of the department that owns the action.")
    horizon: Horizon = Field(
        description="now: within a month; quarter: within three months; year: within a year."
    )
    title: Text
    detail: Text
    leads_to: dict[Id, AnswerValue] = Field(
        default_factory=dict,
        description=(
            "Question id → the answer the organisation gives once the action is done; the"
            " assessment re-scores with them for the action's expected gain. A multiple"
            " choice adds its options to the selection, a matrix sets its rows; any other"
            " answer replaces the one given, unless that one gives more points."
        ),
    )
    effort: Effort | None = Field(
        default=None,
        description="small, medium or large: what the action takes (unsaid: medium).",
    )
    after: list[Id] = Field(
        default_factory=list,
        description=(
            "What must be done first, when it is in the plan: recommendation ids, or"
            " staffing-<gap kind> (e.g. staffing-no_owner: the actions naming owners). The"
            " roadmap places this action in a later period."
        ),
    )


class ReferenceFigure(StrictModel):
    """A published figure shown beside the organisation's own answer.

    Give ``question`` (a percentage question: the organisation's own value is its answer) or
    ``holds`` (a condition: whether the organisation is among those the figure counts).
    """

    id: Id
    label: Text = Field(description="What the figure counts, e.g. 'companies using e-mail as…'.")
    value: float = Field(ge=0, le=100, description="The figure, as a percentage.")
    source: Text = Field(description="Where the figure comes from.")
    question: Id | None = None
    holds: Condition | None = None

    @model_validator(mode="after")
    def _one_measure(self) -> ReferenceFigure:
        if (self.question is None) == (self.holds is None):
            raise Invalid(
                "give exactly one of question or holds", "holds" if self.holds else "question"
            )
        return self


GapKind = Literal["no_owner", "several_owners", "overloaded", "no_backup", "idle_department"]
"""The staffing gaps the analysis of the roster looks for."""

GAP_PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "no_owner": ("responsibility",),
    "several_owners": ("responsibility", "people"),
    "overloaded": ("person", "share"),
    "no_backup": ("responsibility", "people"),
    "idle_department": ("department",),
}
"""Which ``{placeholders}`` the texts of each gap's action may use."""


GROUPED_PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "no_owner": ("responsibilities",),
    "several_owners": ("responsibilities",),
    "overloaded": ("people",),
    "no_backup": ("responsibilities",),
    "idle_department": ("departments",),
}
"""Which ``{placeholders}`` the grouped texts of each gap's action may use: the list of the
responsibilities, people or departments concerned, joined by ", "."""


class GroupedText(StrictModel):
    """The texts of one action standing for several gaps of the same kind."""

    title: Text
    detail: Text


class GapAction(StrictModel):
    """The action item added for each staffing gap of one kind."""

    priority: Priority
    owner: Id
    horizon: Horizon
    title: Text
    detail: Text
    grouped: GroupedText | None = Field(
        default=None,
        description=(
            "Texts of the one action made when several gaps of this kind are found"
            " (e.g. 'Name owners for: {responsibilities}'); without them, one action a gap."
        ),
    )


class DepartmentMention(StrictModel):
    """A step-3 question whose answers name departments (matrix rows or option ids)."""

    question: Id
    except_: list[Id] = Field(
        default_factory=list,
        alias="except",
        description="Answers that do not involve the department (e.g. not_involved).",
    )


class StaffingRules(StrictModel):
    """How the roster of dedicated people is read, and what its gaps lead to."""

    roster: Id = Field(description="The id of the roster question.")
    name_field: Id
    department_field: Id | None = None
    responsibilities_field: Id = Field(description="A raci field: its options are the duties.")
    time_share_field: Id | None = None
    backup_required: list[Id] = Field(
        default_factory=list,
        description="Responsibilities that need at least two people responsible or accountable.",
    )
    department_mentions: list[DepartmentMention] = Field(default_factory=list)
    needed_when: dict[Id, Condition] = Field(
        default_factory=dict,
        description=(
            "Responsibility id → the condition on answers under which the organisation needs"
            " it (a use it declares or plans); while false, no no_owner or no_backup gap is"
            " raised for it. A responsibility not listed is always needed."
        ),
    )
    gaps: dict[GapKind, GapAction]


class ActionPlanRules(StrictModel):
    """How the action plan is fitted to the organisation: owners it has, few high priorities."""

    departments_from: list[DepartmentMention] = Field(
        default_factory=list,
        description=(
            "Questions whose answers say which departments the organisation has (a matrix by"
            " its rows, a choice by its options), with the answers that say it has not"
            " (except). The roster's departments count too. An action owned by a department"
            " the organisation does not have goes to fallback_owner, or to nobody yet."
        ),
    )
    fallback_owner: Id | None = Field(
        default=None,
        description="The department that owns an action whose own department is absent.",
    )
    high_at_most: int | None = Field(
        default=None,
        ge=0,
        description=(
            "The most actions kept at priority high: the ones whose questions weigh most in"
            " the overall score; the others become medium. None: no limit."
        ),
    )


class ScoringPolicy(StrictModel):
    """How answers become scores."""

    aggregation: Aggregation = "mean"
    unanswered: Literal["zero", "exclude"] = Field(
        default="zero",
        description="zero: an unanswered applicable question counts 0; exclude: left out.",
    )


class SummaryRules(StrictModel):
    """Where the report's summary counts a dimension as a strength or as an area to
    strengthen: absolute thresholds, so that a low score is never called a strength because
    the others are lower still."""

    strength_at: float = Field(
        default=60,
        ge=50,
        le=100,
        description="A dimension scoring this or more is a strength (50 at least: the middle"
        " of the scale).",
    )
    weakness_below: float = Field(
        default=40,
        ge=0,
        le=100,
        description="A dimension scoring below this is an area to strengthen.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> SummaryRules:
        if self.weakness_below > self.strength_at:
            raise Invalid(
                f"weakness_below {self.weakness_below:g} is above strength_at {self.strength_at:g}",
                "weakness_below",
            )
        return self


def _unused_parts_left_out(data: dict[str, Any]) -> dict[str, Any]:
    """The dump of a questionnaire without the optional parts added after its format was
    first published (summary thresholds, level caps, action-plan rules, needed
    responsibilities, grouped gap texts, the answers, effort and prerequisites of a
    recommendation) when they are left unused: a questionnaire written
    before them keeps its fingerprint."""
    if data.get("summary") is None:
        data.pop("summary", None)
    if not data.get("level_caps"):
        data.pop("level_caps", None)
    if data.get("action_plan") is None:
        data.pop("action_plan", None)
    for rec in data.get("recommendations", ()):
        if not rec.get("leads_to"):
            rec.pop("leads_to", None)
        if rec.get("effort") is None:
            rec.pop("effort", None)
        if not rec.get("after"):
            rec.pop("after", None)
    staffing = data.get("staffing")
    if staffing is not None:
        if not staffing.get("needed_when"):
            staffing.pop("needed_when", None)
        for gap in staffing.get("gaps", {}).values():
            if gap.get("grouped") is None:
                gap.pop("grouped", None)
    return data


class Questionnaire(StrictModel):
    """A whole questionnaire, as loaded from its file."""

    id: Id
    version: Annotated[str, Field(pattern=r"^\d+(\.\d+){0,2}$", description="e.g. 1.0.0")]
    title: Text
    description: Text | None = None
    languages: list[LangCode] = Field(min_length=1)
    scoring: ScoringPolicy = ScoringPolicy()
    dimensions: list[Dimension] = Field(min_length=1)
    departments: list[Department] = Field(default_factory=list)
    maturity_levels: list[MaturityLevel] = Field(min_length=2)
    steps: list[Step] = Field(min_length=1)
    recommendations: list[Recommendation] = Field(default_factory=list)
    reference_figures: list[ReferenceFigure] = Field(default_factory=list)
    staffing: StaffingRules | None = None
    summary: SummaryRules | None = Field(
        default=None,
        description="Thresholds of strengths and weaknesses in the report's summary"
        " (default: strength_at 60, weakness_below 40).",
    )
    level_caps: list[LevelCap] = Field(
        default_factory=list,
        description="Critical findings that cap the maturity level, whatever the score.",
    )
    action_plan: ActionPlanRules | None = None

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 hex digest of the canonical content (stable across files and formats).
        A questionnaire without ``summary`` has the fingerprint it had before the field
        existed."""
        canonical = json.dumps(
            _unused_parts_left_out(self.model_dump(mode="json")),
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def ref(self) -> str:
        """``id@version``, the way responses name the questionnaire they answer."""
        return f"{self.id}@{self.version}"

    def iter_questions(self) -> Iterator[tuple[Step, Section, Question]]:
        """Every question with its step and section, in file order."""
        for step in self.steps:
            for section in step.sections:
                for question in section.questions:
                    yield step, section, question

    @cached_property
    def questions(self) -> dict[str, Question]:
        """Questions by id."""
        return {q.id: q for _, _, q in self.iter_questions()}

    def level_for(self, score: float) -> MaturityLevel:
        """The maturity level of an overall score in [0, 100]."""
        for level in self.maturity_levels:
            if level.from_ <= score < level.to:
                return level
        return self.maturity_levels[-1]
