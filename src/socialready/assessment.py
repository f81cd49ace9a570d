"""The Assessment and its records: what `assess` returns, what reports read.

Results of an assessment are made by the thousand in batch work, so its parts are immutable
named tuples (see `_records.py`), which pydantic validates and writes as JSON objects; the
Assessment itself is a frozen model that carries the questionnaire and the responses it
was computed from, so that it is complete on its own.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    computed_field,
    model_validator,
)

from ._prepared import Prepared, prepare
from ._records import (
    Action,
    Cap,
    Completeness,
    CompletenessReport,
    Gain,
    Gap,
    LevelPath,
    Levels,
    Overall,
    Person,
    QuestionResult,
    Reason,
    ReferenceResult,
    Score,
    Staffing,
    Stage,
)
from .errors import SocialReadyError, excerpt
from .questionnaire import Questionnaire
from .responses import Responses

__all__ = [
    "Action",
    "Assessment",
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
]


class Assessment(BaseModel):
    """The result of `assess`: scores, level, completeness, actions, staffing, trace.

    It carries the questionnaire and the responses it was computed from, so that it is
    complete on its own: a report needs nothing else, and `model_dump_json()` /
    `model_validate_json()` round-trip exactly.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    questionnaire: Questionnaire = Field(
        description="The questionnaire the answers were scored on."
    )
    responses: Responses = Field(description="The answers scored.")
    overall: Overall = Field(description="The overall score and its maturity level.")
    steps: dict[str, Score] = Field(description="The score of each step, by step id.")
    sections: dict[str, Score] = Field(description="The score of each section, by section id.")
    dimensions: dict[str, Score] = Field(
        description="The score of each dimension, by dimension id, over the questions tagged"
        " with it."
    )
    questions: dict[str, QuestionResult] = Field(
        description="The trace of each question, by question id: its status, and the points it"
        " earned out of how many."
    )
    completeness: CompletenessReport = Field(
        description="How many of the applicable questions are answered, overall and per step."
    )
    actions: tuple[Action, ...] = Field(
        description="The action plan, highest priority first, each action with the reasons it"
        " was decided."
    )
    staffing: Staffing | None = Field(
        description="The responsibility matrix of the step-3 roster and its gaps; `None` when"
        " the questionnaire has no staffing rules."
    )
    references: tuple[ReferenceResult, ...] = Field(
        description="The reference figures of the questionnaire beside the organisation's own"
        " answers."
    )
    caps: tuple[Cap, ...] = Field(
        default=(),
        description="The level caps that held `overall.level` below the level of the score.",
    )
    levels: Levels = Field(
        default=Levels({}, {}, {}),
        description="The level of each step, section and dimension whose score has a level scale.",
    )
    gains: tuple[Gain, ...] = Field(
        default=(),
        description="The expected gain of each action whose recommendation says what answers"
        " it leads to, in plan order.",
    )
    path: LevelPath | None = Field(
        default=None,
        description="The actions that lift the organisation to the next level (`None`: at the"
        " top level already, no level, or no action with a gain).",
    )
    roadmap_read: tuple[Stage, ...] | None = Field(
        default=(),
        validation_alias="roadmap",
        exclude=True,
        repr=False,
        description="Only for reading: the roadmap written with an assessment read from data"
        " (none when it has none), which becomes `roadmap`; `None` on every assessment, and"
        " never written out.",
    )

    @computed_field(  # type: ignore[prop-decorator]
        description="The action plan as four dated periods from the assessment date."
    )
    @cached_property
    def roadmap(self) -> tuple[Stage, ...]:
        """The action plan as four dated periods from the assessment date, made when first
        read: a pure function of the questionnaire, the actions and the date, which most
        assessments of a batch never need. Written and read back with the other fields: an
        assessment read from JSON keeps the roadmap it was written with (none, for one
        written before there were roadmaps)."""
        return _roadmap(prepare(self.questionnaire), self.actions, self.responses.date)

    @model_validator(mode="after")
    def _keep_roadmap_read(self) -> Assessment:
        """An assessment read from data keeps the roadmap the data gives (none when it
        gives none), rather than one made anew."""
        if self.roadmap_read is not None:
            self.__dict__["roadmap"] = self.roadmap_read
            self.__dict__["roadmap_read"] = None
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        # pydantic lets a cached property be assigned on a frozen model: not this one
        if name == "roadmap":
            raise ValidationError.from_exception_data(
                type(self).__name__, [{"type": "frozen_instance", "loc": (name,), "input": value}]
            )
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if name == "roadmap":
            raise ValidationError.from_exception_data(
                type(self).__name__, [{"type": "frozen_instance", "loc": (name,), "input": None}]
            )
        super().__delattr__(name)

    def __eq__(self, other: object) -> bool:
        """Equal fields and equal roadmaps (pydantic compares the fields alone once one of
        the two has made its roadmap and the other not)."""
        if not isinstance(other, Assessment):
            return NotImplemented
        return super().__eq__(other) and self.roadmap == other.roadmap

    def level_of(self, kind: str, ident: str) -> str | None:
        """The level id of a score by kind (`overall`, `step`, `section`,
        `dimension`) and id; `None` when it has no level scale or no score."""
        if kind == "overall":
            return self.overall.level
        table: dict[str, str] = getattr(self.levels, f"{kind}s")
        return table.get(ident)

    def score_of(self, kind: str, ident: str) -> float | None:
        """A score by kind (`overall`, `step`, `section`, `dimension`) and id."""
        if kind == "overall":
            return self.overall.score
        table = {"step": self.steps, "section": self.sections, "dimension": self.dimensions}
        found = table[kind].get(ident)
        return found.score if found else None

    def __repr__(self) -> str:
        # the whole model (questionnaire, answers, trace) is some 200,000 characters: a
        # notebook or a terminal shows who, when, what score and level instead
        r, overall = self.responses, self.overall
        score = "None" if overall.score is None else f"{overall.score:.1f}"
        return (
            f"Assessment(organisation={excerpt(r.organisation.name)},"
            f" date={r.date.isoformat()}, score={score}, level={overall.level!r},"
            f" questionnaire={excerpt(self.questionnaire.ref)}, actions={len(self.actions)})"
        )

    def __str__(self) -> str:
        return repr(self)

    def summary(self, lang: str | None = None) -> Summary:
        """The compact summary a notebook shows (level, scores, radar, top actions), in
        `lang`: a language of the questionnaire that reports are written in (default: the
        first one). Raises `SocialReadyError` for another language."""
        if lang is not None and lang not in self.questionnaire.languages:
            raise SocialReadyError(
                f"the questionnaire has no {excerpt(lang)} texts"
                f" (expected one of {', '.join(self.questionnaire.languages)})"
            )
        return Summary(self, lang)

    def _repr_html_(self) -> str:
        """What Jupyter shows for an Assessment: its `summary` in the first language."""
        return self.summary()._repr_html_()


# --- the roadmap ----------------------------------------------------------------------------


_PERIODS = 4
"""The periods of the roadmap: by 30 days, by 90 days, by 6 months, by 12 months."""

_DAYS_30 = datetime.timedelta(days=30)
_DAYS_90 = datetime.timedelta(days=90)
"""The ends of the first two periods (made once: a timedelta costs more to make than to add)."""

_HORIZON_STAGE = MappingProxyType({"now": 0, "quarter": 1, "year": 3})


def _months_later(date: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    year, month = divmod(date.month - 1 + months, 12)
    year += date.year
    day = date.day
    if day > 28:  # every month has its first 28 days
        day = min(day, calendar.monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day)


def _prerequisites(prepared: Prepared, actions: Sequence[Action]) -> dict[str, tuple[str, ...]]:
    """The actions of the plan each action comes after: the recommendations its `after`
    names, and the actions of the staffing gaps it names: `staffing-<kind>`, every gap of
    that kind; `staffing-<kind>-<responsibility or department>`, that one (alone or in
    a grouped action)."""
    present = {a.id for a in actions}
    by_gap: dict[str, list[str]] = {}
    for action in actions:
        if action.source != "staffing":
            continue
        for reason in action.reasons:
            keys = [f"staffing-{reason.subject}"]
            if reason.row is not None:
                keys.append(f"staffing-{reason.subject}-{reason.row}")
            for key in keys:
                named = by_gap.setdefault(key, [])
                if action.id not in named:
                    named.append(action.id)
    found: dict[str, tuple[str, ...]] = {}
    for action in actions:
        rec = prepared.by_recommendation.get(action.id)
        if rec is None or not rec.after:
            continue
        before: list[str] = []
        for ident in rec.after:
            if ident in by_gap:
                before += by_gap[ident]
            elif ident in present:
                before.append(ident)
        found[action.id] = tuple(before)
    return found


def _roadmap(
    prepared: Prepared, actions: Sequence[Action], date: datetime.date
) -> tuple[Stage, ...]:
    """The action plan as four dated periods: each action in the period of its horizon
    (now: the first 30 days; quarter: by 90 days; year: by 12 months), or in the period
    after the latest of its prerequisites in the plan, if later (the last period at most);
    within a period, prerequisites first, then plan order."""
    if not prepared.after:  # no prerequisites: each action in its horizon's period
        ordered: list[list[str]] = [[] for _ in range(_PERIODS)]
        for action in actions:
            ordered[_HORIZON_STAGE[action.horizon]].append(action.id)
        return _stages(ordered, date)
    horizon = {a.id: a.horizon for a in actions}
    placed: dict[str, int] = {}
    before_of = _prerequisites(prepared, actions)

    def prerequisites(ident: str) -> tuple[str, ...]:
        return before_of.get(ident, ())

    def place(ident: str, visiting: frozenset[str]) -> int:
        found = placed.get(ident)
        if found is not None:
            return found
        stage = _HORIZON_STAGE[horizon[ident]]
        for before in prerequisites(ident):
            if before not in visiting:  # a cycle: refused on loading, ignored here
                stage = max(stage, place(before, visiting | {ident}) + 1)
        placed[ident] = stage = min(stage, _PERIODS - 1)
        return stage

    ordered = [[] for _ in range(_PERIODS)]
    emitted: set[str] = set()

    def emit(ident: str) -> None:
        if ident in emitted:
            return
        emitted.add(ident)
        for before in prerequisites(ident):
            if placed[before] == placed[ident]:
                emit(before)
        ordered[placed[ident]].append(ident)

    for action in actions:
        place(action.id, frozenset())
    for action in actions:
        emit(action.id)
    return _stages(ordered, date)


def _stages(ordered: list[list[str]], date: datetime.date) -> tuple[Stage, ...]:
    """The four dated periods from `date`, with the actions `ordered` puts in each."""
    in_days_30, in_days_90, in_months_6, in_months_12 = ordered
    days_30, days_90 = date + _DAYS_30, date + _DAYS_90
    months_6, months_12 = _months_later(date, 6), _months_later(date, 12)
    return (
        Stage("days_30", date, days_30, tuple(in_days_30)),
        Stage("days_90", days_30, days_90, tuple(in_days_90)),
        Stage("months_6", days_90, months_6, tuple(in_months_6)),
        Stage("months_12", months_6, months_12, tuple(in_months_12)),
    )


@dataclass(frozen=True)
class Summary:
    """An assessment's notebook summary in one language (see `Assessment.summary`)."""

    assessment: Assessment
    lang: str | None = None

    def __repr__(self) -> str:
        return f"Summary({self.assessment!r}, lang={self.lang!r})"

    def _repr_html_(self) -> str:
        """Compact, self-contained HTML. The report is imported here, when a notebook first
        shows a summary: the model never depends on it, and `import socialready` never
        loads it."""
        from .report.notebook import summary_html

        return summary_html(self.assessment, self.lang)
