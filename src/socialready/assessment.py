"""The Assessment and its records: what `assess` returns, what reports read.

Results of an assessment are made by the thousand in batch work, so its parts are immutable
named tuples (see `_records.py`), which pydantic validates and writes as JSON objects; the
Assessment itself is a frozen model that carries the questionnaire and the responses it
was computed from, so that it is complete on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

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
    roadmap: tuple[Stage, ...] = Field(
        default=(), description="The action plan as four dated periods from the assessment date."
    )

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
