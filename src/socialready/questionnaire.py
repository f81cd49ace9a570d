"""The questionnaire model: steps → sections → questions, recommendations, maturity levels.

These models describe the *structure* of a questionnaire file; each validates what can be
checked locally (bands in order, one operator per test, unique option ids within a
question…). Checks that need the whole file — unique ids across it, references between
its parts, every text in every declared language — live in `socialready._checks` and
run when a questionnaire is loaded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Annotated, Any, Literal, NamedTuple, get_args

from pydantic import Discriminator, Field, PrivateAttr, model_validator

from ._base import AnswerValue, Id, Invalid, LangCode, StrictModel, Text, name_alias
from .conditions import Condition
from .errors import excerpt

__all__ = [
    "MATURITY_LEVELS",
    "QUESTION_KINDS",
    "RACI_ROLES",
    "SCALE_TOPS",
    "ActionPlanRules",
    "Aggregation",
    "Band",
    "Department",
    "DepartmentMention",
    "Dimension",
    "Display",
    "DisplayScale",
    "Effort",
    "GapAction",
    "GroupedText",
    "LevelBand",
    "LevelCap",
    "LevelDefaults",
    "LevelScale",
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
    "ReportWording",
    "RosterField",
    "RosterQuestion",
    "ScaleName",
    "ScaleQuestion",
    "ScoreKind",
    "ScoringPolicy",
    "Section",
    "SingleChoiceQuestion",
    "StaffingRules",
    "Step",
    "SummaryRules",
    "TextQuestion",
    "YesNoQuestion",
    "from_scale",
    "localised",
    "on_scale",
]


def localised(text: dict[str, str] | None, lang: str) -> str:
    """A text in `lang`, or in the first language it has (empty for no text), without the
    line break a folded YAML block leaves at its end."""
    if not text:
        return ""
    return (text.get(lang) or next(iter(text.values()))).strip()


Aggregation = Literal["mean", "sum", "min"]
"""How scores are combined: `mean` — weighted mean of normalised scores; `sum` —
weighted raw points over weighted raw maxima; `min` — the weakest link."""

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
    options: list[Option] = Field(
        min_length=2, description="The possible answers, in the order they are offered."
    )

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
    """Any number of options; the points of the selected ones add up, capped at `max_points`."""

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
    """A range of numbers, `from` (included) up to `to` (excluded), worth some points."""

    from_: float | None = Field(default=None, alias="from", description="Included lower end.")
    to: float | None = Field(default=None, description="Excluded upper end.")
    points: Points

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.from_ is not None and self.to is not None and self.from_ >= self.to:
            raise Invalid(f"band from {self.from_:g} must be below to {self.to:g}", "to")
        return self

    def contains(self, value: float) -> bool:
        """Whether `value` falls in this band."""
        return (self.from_ is None or value >= self.from_) and (self.to is None or value < self.to)


class NumberQuestion(_QuestionBase):
    """A number, with a unit and bounds; `bands` turn it into points."""

    kind: Literal["number"]
    unit: Text | None = Field(
        default=None, description="The unit, e.g. {fr: personnes, en: people}."
    )
    unit_one: Text | None = Field(
        default=None,
        description="The unit after 1 when it differs, e.g. {fr: personne, en: person}.",
    )
    min: float | None = Field(
        default=None, description="The smallest answer allowed (a percentage's: 0)."
    )
    max: float | None = Field(
        default=None, description="The largest answer allowed (a percentage's: 100)."
    )
    integer: bool = Field(default=False, description="Whether the answer is a whole number.")
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
        """`(min, max)`, with 0–100 for a percentage without explicit bounds."""
        if self.percent:
            return (0.0 if self.min is None else self.min, 100.0 if self.max is None else self.max)
        return self.min, self.max

    @property
    def max_points(self) -> float:
        return max((b.points for b in self.bands), default=0.0)

    def band_for(self, value: float) -> Band | None:
        """The band `value` falls in."""
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
    multiline: bool = Field(
        default=False, description="Whether the answer may run over several lines."
    )
    max_length: int = Field(
        default=2000, ge=1, le=100_000, description="The longest answer, in characters."
    )


RosterFieldType = Literal["text", "number", "percent", "choice", "choices", "raci"]

RACI_ROLES: dict[str, dict[str, str]] = {
    "R": {"fr": "R — réalise", "en": "R — responsible (does the work)"},
    "A": {"fr": "A — rend des comptes (décide)", "en": "A — accountable (owns the outcome)"},
    "C": {"fr": "C — consulté", "en": "C — consulted"},
    "I": {"fr": "I — informé", "en": "I — informed"},
}
"""The roles a `raci` roster field gives each responsibility, with their labels (forms ask
them as one multiple choice per responsibility; survey exports are read back with them)."""


class RosterField(StrictModel):
    """One field of a roster record.

    `choice` takes one of `options`, `choices` several; `raci` maps each of
    `options` (responsibilities) to a role letter among R, A, C and I.
    """

    id: Id
    label: Text
    type: RosterFieldType = Field(
        description="What the field holds: text, number, percent, choice (one of options),"
        " choices (several) or raci (a role letter per responsibility)."
    )
    required: bool = Field(default=False, description="Whether every record gives it.")
    options: list[Option] = Field(
        default_factory=list,
        description="The options of a choice or choices field; the responsibilities of a"
        " raci field.",
    )

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
    fields: list[RosterField] = Field(min_length=1, description="The fields of each record.")
    min_items: int = Field(default=0, ge=0, description="The fewest records an answer holds.")
    max_items: int = Field(
        default=500, ge=1, le=10_000, description="The most records an answer holds."
    )

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
"""Any question of a questionnaire: one of the question models (`SingleChoiceQuestion`,
`MultipleChoiceQuestion`, `ScaleQuestion`, `YesNoQuestion`, `NumberQuestion`,
`MatrixQuestion`, `TextQuestion`, `RosterQuestion`), told apart by its `kind`."""
name_alias(
    Question,
    "Question",
    __name__,
    """Any question of a questionnaire: one of the question models (`SingleChoiceQuestion`,
`MultipleChoiceQuestion`, `ScaleQuestion`, `YesNoQuestion`, `NumberQuestion`,
`MatrixQuestion`, `TextQuestion`, `RosterQuestion`), told apart by its `kind`.""",
)

QUESTION_KINDS: tuple[str, ...] = tuple(
    get_args(model.model_fields["kind"].annotation)[0] for model in get_args(get_args(Question)[0])
)
"""The `kind` of every question model, in the order of `Question`."""


ScaleName = Literal["0-100", "0-3", "0-5", "0-10", "percent"]
"""A scale scores are written on: 0–100, 0–3, 0–5, 0–10, or a percentage (0–100 %)."""

SCALE_TOPS: dict[str, int] = {"0-100": 100, "0-3": 3, "0-5": 5, "0-10": 10, "percent": 100}
"""The top of each scale."""

_CLEAN = Decimal("1e-9")
"""Where a converted score is first rounded, so that float noise (0.9999999999 for 1) never
decides a level or a shown digit."""


def on_scale(score: float, scale: str, decimals: int | None = None) -> Decimal:
    """A score in [0, 100] on `scale`: rounded half up to `decimals` when given (the one
    rounding rule of levels and shown values), else exact to nine decimals.

    `on_scale(41.666…, "0-3", 2)` is `1.25`; `on_scale(25.71, "0-100", 0)` is `26`.
    """
    top = SCALE_TOPS[scale]
    value = Decimal(repr(float(score))) if top == 100 else Decimal(repr(score * top / 100))
    value = value.quantize(_CLEAN, rounding=ROUND_HALF_UP)
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return value if value else abs(value)


def from_scale(value: float | Decimal, scale: str) -> float:
    """The score in [0, 100] of `value` written on `scale` (the inverse of
    `on_scale` without rounding)."""
    top = SCALE_TOPS[scale]
    return float(value) if top == 100 else float(value) * 100 / top


class LevelBand(NamedTuple):
    """The scores of one level, on its scale: `low` to `high`, each end included or not."""

    low: float
    low_in: bool
    high: float
    high_in: bool

    def contains(self, value: float | Decimal) -> bool:
        """Whether `value` (on the band's scale) falls in the band."""
        above = value >= self.low if self.low_in else value > self.low
        below = value <= self.high if self.high_in else value < self.high
        return above and below


_BAND_FIELDS = ("from", "to", "at", "at_least", "above", "at_most", "below")


class MaturityLevel(StrictModel):
    """One level of a level scale: a band of scores, with a name and a meaning.

    The band is written one of three ways: `from` (included) and `to` (excluded; the
    last level of its scale includes it), as maturity levels always were; `at`, one exact
    value; or a lower end (`at_least` included, or `above` excluded) and an upper end
    (`at_most` included, or `below` excluded) — e.g. `{at_least: 26, at_most: 50}`,
    or `{above: 1, below: 2}` for a "1+" level between the exact levels 1 and 2.
    """

    id: Id
    name: Text
    meaning: Text
    from_: float | None = Field(default=None, alias="from", description="Included lower end.")
    to: float | None = Field(
        default=None, description="Excluded upper end (included for the last level)."
    )
    at: float | None = Field(default=None, description="The one value of an exact level.")
    at_least: float | None = Field(default=None, description="Included lower end.")
    above: float | None = Field(default=None, description="Excluded lower end.")
    at_most: float | None = Field(default=None, description="Included upper end.")
    below: float | None = Field(default=None, description="Excluded upper end.")

    @model_validator(mode="after")
    def _one_band(self) -> MaturityLevel:
        given = [name for name in _BAND_FIELDS if self._end(name) is not None]
        legacy = {"from", "to"} & set(given)
        if legacy:
            if self.from_ is None or self.to is None or len(given) > 2:
                other = [n for n in given if n not in legacy]
                raise Invalid(
                    "a level written with from and to gives both, and no other end",
                    other[0] if other else ("to" if self.to is None else "from"),
                )
            if self.from_ >= self.to:
                raise Invalid(f"from {self.from_:g} must be below to {self.to:g}", "to")
            return self
        if self.at is not None:
            if len(given) > 1:
                raise Invalid(
                    "an exact level (at) has no other end", given[1 if given[0] == "at" else 0]
                )
            return self
        lows = [n for n in given if n in ("at_least", "above")]
        highs = [n for n in given if n in ("at_most", "below")]
        if len(lows) != 1:
            raise Invalid(
                "give one lower end: at_least (included) or above (excluded)"
                if not lows
                else "give one lower end, at_least or above, not both",
                lows[1] if lows else "at_least",
            )
        if len(highs) != 1:
            raise Invalid(
                "give one upper end: at_most (included) or below (excluded)"
                if not highs
                else "give one upper end, at_most or below, not both",
                highs[1] if highs else "at_most",
            )
        band = self.band()
        if band.low > band.high or (band.low == band.high and not (band.low_in and band.high_in)):
            raise Invalid(f"the band from {band.low:g} to {band.high:g} holds no score", highs[0])
        return self

    def _end(self, name: str) -> float | None:
        value: float | None = getattr(self, "from_" if name == "from" else name)
        return value

    @property
    def legacy(self) -> bool:
        """Whether the band is written with `from` and `to`."""
        return self.from_ is not None

    def band(self, last: bool = False) -> LevelBand:
        """The band of this level; `last`: it is the last of its scale (a `to` is then
        included)."""
        if self.from_ is not None and self.to is not None:
            return LevelBand(self.from_, True, self.to, last)
        if self.at is not None:
            return LevelBand(self.at, True, self.at, True)
        low = self.at_least if self.at_least is not None else self.above
        high = self.at_most if self.at_most is not None else self.below
        assert low is not None  # the validator made sure
        assert high is not None
        return LevelBand(low, self.at_least is not None, high, self.at_most is not None)

    def ends(self) -> list[tuple[str, float]]:
        """The ends it is written with, by field name."""
        return [(n, v) for n in _BAND_FIELDS if (v := self._end(n)) is not None]


class LevelScale(StrictModel):
    """A named scale of levels that scores can use (see `levels` of the questionnaire, of
    a step, a section or a dimension)."""

    id: Id
    scale: ScaleName = Field(
        default="0-100", description="The scale the bands are written on (default 0-100)."
    )
    decimals: int | None = Field(
        default=None,
        ge=0,
        le=4,
        description=(
            "Scores are rounded half up to this many decimals on the scale before they are"
            " banded — and shown so: integer bands 0–25, 26–50 leave no gap with decimals 0."
            " Needed for exact levels (at). Without it, scores are banded as computed."
        ),
    )
    levels: list[MaturityLevel] = Field(min_length=2)
    _bands: tuple[tuple[MaturityLevel, LevelBand], ...] = PrivateAttr(default=())
    """Each level with its band, made once: scoring bands every score it assesses."""

    def model_post_init(self, context: Any, /) -> None:
        last = len(self.levels) - 1
        self._bands = tuple((x, x.band(last=i == last)) for i, x in enumerate(self.levels))

    def band_of(self, level: MaturityLevel) -> LevelBand:
        """The band of one of its levels."""
        return level.band(last=level is self.levels[-1])

    def value(self, score: float) -> Decimal:
        """A score in [0, 100] as it is banded: on this scale, rounded as declared."""
        return on_scale(score, self.scale, self.decimals)

    def level_for(self, score: float) -> MaturityLevel:
        """The level of a score in [0, 100]."""
        value = self.value(score) if self.scale != "0-100" or self.decimals is not None else score
        for level, band in self._bands:
            if band.contains(value):
                return level
        return self.levels[-1]


class DisplayScale(StrictModel):
    """How scores are shown: on which scale, with how many decimals."""

    scale: ScaleName = Field(
        default="0-100", description="0-100 (default), 0-3, 0-5, 0-10 or percent."
    )
    decimals: int | None = Field(
        default=None,
        ge=0,
        le=4,
        description="Decimals shown (default: 0 on 0-100 and percent, 2 on the others).",
    )

    @property
    def digits(self) -> int:
        """The decimals shown."""
        if self.decimals is not None:
            return self.decimals
        return 0 if SCALE_TOPS[self.scale] == 100 else 2


class Display(DisplayScale):
    """The display scale of the questionnaire's scores, with overrides per kind of score."""

    overall: DisplayScale | None = None
    steps: DisplayScale | None = None
    sections: DisplayScale | None = None
    dimensions: DisplayScale | None = None


class LevelDefaults(StrictModel):
    """The level scale each kind of score uses unless a step, section or dimension names its
    own: the id of a scale of `level_scales`, or `maturity_levels`."""

    overall: Id | None = Field(
        default=None, description="Default: maturity_levels, when the questionnaire has them."
    )
    steps: Id | None = None
    sections: Id | None = None
    dimensions: Id | None = None


class ReportWording(StrictModel):
    """How reports name what they assess."""

    title: Text = Field(
        description="The report's title: its page title (the PDF's title) and the cover's kicker."
    )
    subtitle: Text | None = Field(
        default=None, description="The cover's subtitle (default: 'Assessment and action plan')."
    )


FORMER_REPORT_WORDING: dict[str, Any] = {
    "title": {"fr": "Maturité face aux réseaux sociaux", "en": "Social network readiness"},
    "subtitle": {
        "fr": "Diagnostic en trois étapes et plan d’action",
        "en": "Three-step assessment and action plan",
    },
}
"""What every report said before a questionnaire could word its own (the built-in
questionnaire restates it): a questionnaire whose `report` says just that keeps the
fingerprint it had before the field existed."""

MATURITY_LEVELS = "maturity_levels"
"""The name by which `maturity_levels` is a level scale like the others."""

ScoreKind = Literal["overall", "step", "section", "dimension"]


class Section(StrictModel):
    """A group of questions on one topic of a step."""

    id: Id
    title: Text
    description: Text | None = Field(default=None, description="What the section is about.")
    weight: Weight = 1
    aggregation: Aggregation | None = Field(
        default=None, description="Overrides the questionnaire's aggregation for this section."
    )
    levels: Id | None = Field(
        default=None,
        description="The level scale of its score (default: the questionnaire's levels.sections).",
    )
    display: DisplayScale | None = Field(
        default=None, description="How its score is shown (default: the questionnaire's display)."
    )
    questions: list[Question] = Field(
        min_length=1, description="The questions of the section, in the order they are asked."
    )


class Step(StrictModel):
    """One step of the method."""

    id: Id
    title: Text
    description: Text | None = Field(default=None, description="What the step is about.")
    weight: Weight = 1
    aggregation: Aggregation | None = Field(
        default=None,
        description="Overrides the questionnaire's aggregation for this step, and for its"
        " sections that set none of their own.",
    )
    levels: Id | None = Field(
        default=None,
        description="The level scale of its score (default: the questionnaire's levels.steps).",
    )
    display: DisplayScale | None = Field(
        default=None, description="How its score is shown (default: the questionnaire's display)."
    )
    sections: list[Section] = Field(
        min_length=1, description="The sections of the step, in the order they are asked."
    )


class Dimension(StrictModel):
    """A cross-cutting theme scored across steps (e.g. listening and monitoring)."""

    id: Id
    label: Text
    description: Text | None = Field(default=None, description="What the dimension measures.")
    levels: Id | None = Field(
        default=None,
        description="Its score's level scale (default: the questionnaire's levels.dimensions).",
    )
    display: DisplayScale | None = Field(
        default=None, description="How its score is shown (default: the questionnaire's display)."
    )


class Department(StrictModel):
    """A department that can own an action or hold a responsibility."""

    id: Id
    label: Text


Priority = Literal["high", "medium", "low"]
Horizon = Literal["now", "quarter", "year"]
Effort = Literal["small", "medium", "large"]
"""What carrying out an action takes: small (days), medium (weeks), large (months)."""


class LevelCap(StrictModel):
    """A critical finding that caps the maturity level, whatever the overall score.

    While its condition holds, the level is at most `highest_level`: the level of an
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
    benefit: Text | None = Field(
        default=None,
        description=(
            "What the action brings when it changes no scored answer, shown after"
            " 'Expected gain:' (so it begins in lower case), e.g. what the score does not"
            " measure; with leads_to, shown only when the answers it leads to change no score."
        ),
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

    Give `question` (a percentage question: the organisation's own value is its answer) or
    `holds` (a condition: whether the organisation is among those the figure counts).
    """

    id: Id
    label: Text = Field(description="What the figure counts, e.g. 'companies using e-mail as…'.")
    value: float = Field(ge=0, le=100, description="The figure, as a percentage.")
    source: Text = Field(description="Where the figure comes from.")
    question: Id | None = Field(
        default=None,
        description="A percentage question whose answer is the organisation's own value.",
    )
    holds: Condition | None = Field(
        default=None,
        description="A condition on answers: whether the organisation is among those the"
        " figure counts.",
    )
    year: int | None = Field(
        default=None, ge=1900, le=2100, description="The year the figure describes."
    )
    year_approximate: bool = Field(
        default=False,
        description="The year is known only roughly ('about 2010'); say why in dating.",
    )
    dating: Text | None = Field(
        default=None, description="Why the year is approximate, e.g. the source is undated."
    )
    dataset: str | None = Field(
        default=None,
        max_length=64,
        description="The publisher's code of the dataset the figure comes from, e.g. isoc_cismt.",
    )

    @model_validator(mode="after")
    def _one_measure(self) -> ReferenceFigure:
        if (self.question is None) == (self.holds is None):
            raise Invalid(
                "give exactly one of question or holds", "holds" if self.holds else "question"
            )
        if self.year_approximate and (self.year is None or self.dating is None):
            raise Invalid(
                "an approximate year needs the year and the dating that explains it",
                "dating" if self.year is not None else "year",
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
"""Which `{placeholders}` the texts of each gap's action may use."""


GROUPED_PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "no_owner": ("responsibilities",),
    "several_owners": ("responsibilities",),
    "overloaded": ("people",),
    "no_backup": ("responsibilities",),
    "idle_department": ("departments",),
}
"""Which `{placeholders}` the grouped texts of each gap's action may use: the list of the
responsibilities, people or departments concerned, joined by ", "."""


class GroupedText(StrictModel):
    """The texts of one action standing for several gaps of the same kind."""

    title: Text
    detail: Text


class GapAction(StrictModel):
    """The action item added for each staffing gap of one kind."""

    priority: Priority = Field(description="The priority of the action: high, medium or low.")
    owner: Id
    horizon: Horizon = Field(description="When to act: now, quarter or year.")
    title: Text
    detail: Text
    effort: Effort | None = Field(
        default=None,
        description="small, medium or large: what the action takes (unsaid: not shown).",
    )
    benefit: Text | None = Field(
        default=None,
        description=(
            "What the action brings, shown after 'Expected gain:' (so it begins in lower"
            " case): closing a staffing gap changes no scored answer. Plain text, without"
            " placeholders."
        ),
    )
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
    department_field: Id | None = Field(
        default=None, description="The roster field that gives each person's department."
    )
    responsibilities_field: Id = Field(description="A raci field: its options are the duties.")
    time_share_field: Id | None = Field(
        default=None,
        description="The roster field that gives the share of each person's time, in percent.",
    )
    backup_required: list[Id] = Field(
        default_factory=list,
        description="Responsibilities that need at least two people responsible or accountable.",
    )
    department_mentions: list[DepartmentMention] = Field(
        default_factory=list,
        description="Step-3 questions whose answers name the departments involved (a matrix"
        " by its rows, a choice by its options).",
    )
    needed_when: dict[Id, Condition] = Field(
        default_factory=dict,
        description=(
            "Responsibility id → the condition on answers under which the organisation needs"
            " it (a use it declares or plans); while false, no no_owner or no_backup gap is"
            " raised for it. A responsibility not listed is always needed."
        ),
    )
    gaps: dict[GapKind, GapAction] = Field(
        description="The action each kind of gap becomes, by gap kind."
    )


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

    aggregation: Aggregation = Field(
        default="mean",
        description="How sections, steps, dimensions and the overall score combine their parts:"
        " mean (weighted mean of normalised scores), sum (weighted raw points over weighted raw"
        " maxima) or min (the weakest link).",
    )
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
    responsibilities, grouped gap texts, the effort and benefit of a gap's action, the dating
    of reference figures, the answers, effort, benefit and prerequisites of a
    recommendation) when they are left unused: a questionnaire written before them keeps
    its fingerprint."""
    if data.get("summary") is None:
        data.pop("summary", None)
    if not data.get("level_caps"):
        data.pop("level_caps", None)
    if data.get("action_plan") is None:
        data.pop("action_plan", None)
    for figure in data.get("reference_figures", []):
        for key, unused in (
            ("year", None),
            ("year_approximate", False),
            ("dating", None),
            ("dataset", None),
        ):
            if figure.get(key, unused) == unused:
                figure.pop(key, None)
    for rec in data.get("recommendations", ()):
        _pop_empty(rec, ("leads_to", "effort", "benefit", "after"))
    staffing = data.get("staffing")
    if staffing is not None:
        _pop_empty(staffing, ("needed_when",))
        for gap in staffing.get("gaps", {}).values():
            _pop_empty(gap, ("grouped", "effort", "benefit"))
    return _unused_level_parts_left_out(data)


def _pop_empty(part: dict[str, Any], keys: tuple[str, ...]) -> None:
    """Leave out of `part` each of `keys` left unused (None, or an empty list or map)."""
    for key in keys:
        if not part.get(key):
            part.pop(key, None)


def _unused_level_parts_left_out(data: dict[str, Any]) -> dict[str, Any]:
    """The same, for the parts of level scales, display scales and report wording."""
    for key in ("level_scales", "maturity_levels"):
        if not data.get(key):
            data.pop(key, None)
    for key in ("levels", "display", "report"):
        if data.get(key) is None:
            data.pop(key, None)
    if data.get("report") == FORMER_REPORT_WORDING:
        data.pop("report")
    for scale in [
        data.get("maturity_levels") or [],
        *(s["levels"] for s in data.get("level_scales", [])),
    ]:
        for level in scale:
            for end in _BAND_FIELDS:
                if level.get(end, 0) is None:
                    level.pop(end)
    scored = [*data.get("dimensions", [])]
    for step in data.get("steps", []):
        scored += [step, *step.get("sections", [])]
    for item in scored:
        for key in ("levels", "display"):
            if item.get(key, 0) is None:
                item.pop(key)
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
    maturity_levels: list[MaturityLevel] = Field(
        default_factory=list,
        description=(
            "The levels of the overall score, from (included) to (excluded), covering 0–100;"
            " a level scale named maturity_levels."
        ),
    )
    level_scales: list[LevelScale] = Field(
        default_factory=list, description="Named level scales that scores can use."
    )
    levels: LevelDefaults | None = Field(
        default=None, description="The level scale of each kind of score, by default."
    )
    display: Display | None = Field(
        default=None, description="How scores are shown (default: 0–100, whole numbers)."
    )
    report: ReportWording | None = Field(
        default=None,
        description="How reports name what they assess (default: the questionnaire's title).",
    )
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
        A questionnaire without `summary` has the fingerprint it had before the field
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
        """`id@version`, the way responses name the questionnaire they answer."""
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

    @model_validator(mode="after")
    def _overall_levels(self) -> Questionnaire:
        if len(self.maturity_levels) == 1:
            raise Invalid("maturity_levels needs at least two levels", "maturity_levels")
        if not self.maturity_levels and (self.levels is None or self.levels.overall is None):
            raise Invalid(
                "the overall score has no levels: give maturity_levels, or name a level"
                " scale in levels.overall",
                "maturity_levels",
            )
        return self

    @cached_property
    def level_scales_by_id(self) -> dict[str, LevelScale]:
        """Level scales by id, `maturity_levels` among them when the questionnaire has
        them."""
        scales = {s.id: s for s in self.level_scales}
        if self.maturity_levels:
            scales[MATURITY_LEVELS] = LevelScale.model_construct(
                id=MATURITY_LEVELS, scale="0-100", decimals=None, levels=self.maturity_levels
            )
        return scales

    def _item(self, kind: ScoreKind, ident: str | None) -> Step | Section | Dimension | None:
        if ident is None or kind == "overall":
            return None
        if kind == "dimension":
            return next((d for d in self.dimensions if d.id == ident), None)
        if kind == "step":
            return next((s for s in self.steps if s.id == ident), None)
        return next((c for s in self.steps for c in s.sections if c.id == ident), None)

    def scale_name(self, kind: ScoreKind, ident: str | None = None) -> str | None:
        """The id of the level scale a score uses (`None`: it has no levels)."""
        item = self._item(kind, ident)
        if item is not None and item.levels is not None:
            return item.levels
        defaults = self.levels or LevelDefaults()
        named: str | None = getattr(defaults, "overall" if kind == "overall" else f"{kind}s")
        if named is None and kind == "overall" and self.maturity_levels:
            return MATURITY_LEVELS
        return named

    def scale_for(self, kind: ScoreKind, ident: str | None = None) -> LevelScale | None:
        """The level scale a score uses, if any (an unknown name is refused on load)."""
        name = self.scale_name(kind, ident)
        return None if name is None else self.level_scales_by_id.get(name)

    def display_for(self, kind: ScoreKind, ident: str | None = None) -> DisplayScale:
        """How a score is shown: its own display, its kind's, the questionnaire's, or 0–100
        in whole numbers."""
        item = self._item(kind, ident)
        if item is not None and item.display is not None:
            return item.display
        display = self.display
        if display is None:
            return DisplayScale()
        by_kind: DisplayScale | None = getattr(
            display, "overall" if kind == "overall" else f"{kind}s"
        )
        if by_kind is not None:
            return by_kind
        return DisplayScale(scale=display.scale, decimals=display.decimals)

    @property
    def overall_levels(self) -> list[MaturityLevel]:
        """The levels of the overall score, lowest first (none without a scale)."""
        scale = self.scale_for("overall")
        return scale.levels if scale is not None else []

    def level_for(self, score: float) -> MaturityLevel | None:
        """The level of an overall score in [0, 100] (`None`: the overall score has no
        level scale)."""
        scale = self.scale_for("overall")
        return scale.level_for(score) if scale is not None else None
