"""From an Assessment to what the report shows: every text resolved, every number formatted.

The templates receive only what this module builds — plain strings, numbers and lists —
so they hold no logic beyond layout, and no internal id (question, option or action id)
or raw boolean ever reaches the reader.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any

from pydantic import StringConstraints

from .._base import StrictModel
from .._kinds import as_roster, kind_of
from ..errors import SocialReadyError, excerpt
from ..questionnaire import (
    SCALE_TOPS,
    DisplayScale,
    LevelBand,
    MaturityLevel,
    Question,
    Questionnaire,
    ReferenceFigure,
    ScoreKind,
    Step,
    SummaryRules,
    localised,
)
from ..scoring import Action, Assessment, Reason
from ..staffing import person_key
from . import charts
from ._numbers import rounded
from .i18n import Band, Words

__all__ = [
    "DocumentInfo",
    "ReportView",
    "benefit_text",
    "build_view",
    "expected_gain",
    "gain_text",
    "level_name",
    "path_view",
    "points_text",
    "roadmap_view",
    "score_text",
]


@dataclass(frozen=True)
class Bar:
    label: str
    score: str
    value: float | None
    level: str = ""
    """The name of its level, when its score has a level scale."""


@dataclass(frozen=True)
class AnswerRow:
    question: str
    answer: str
    points: str
    note: str = ""
    evidence: str = ""
    share: float | None = None
    own: bool = False
    """The answer is the organisation's own words (a text answer), not the questionnaire's."""


@dataclass(frozen=True)
class LevelRow:
    label: str
    score: str
    level: str


@dataclass(frozen=True)
class LevelTable:
    """The scores of one kind (steps, sections or dimensions) that have a level scale."""

    title: str
    rows: list[LevelRow]


_IN_PLACE, _TO_WORK_ON = 3 / 4 - 1e-9, 1 / 3 + 1e-9
"""Where the answers a step chapter shows begin: three quarters of the points or more is
"already in place", a third or less "to work on" (`3/4` and `1/3` themselves included,
whatever the rounding of `points / max_points`); the answers in between are in the
appendix only."""


@dataclass(frozen=True)
class SectionView:
    anchor: str
    title: str
    score: str
    value: float | None
    scored: bool
    """Whether any question of the section counts in scores (the roster's does not)."""
    strong: list[AnswerRow]
    weak: list[AnswerRow]
    answers: list[AnswerRow]
    answered: bool
    """Whether any of its questions was answered."""
    score_of: str = ""
    """The score with its scale, short (`56/100`, `1.25/3`)."""
    level: str = ""
    """The name of its level, when its score has a level scale."""


@dataclass(frozen=True)
class StepView:
    anchor: str
    number: int
    title: str
    description: str
    score: str
    value: float | None
    bars_svg: str
    sections: list[SectionView]
    score_of: str = ""
    """The score with its scale, short (`56/100`, `1.25/3`)."""
    level: str = ""
    """The name of its level, when its score has a level scale."""
    synthesis: list[str] | None = None
    """The step in a few sentences (`step_synthesis`)."""


@dataclass(frozen=True)
class ActionView:
    title: str
    detail: str
    owner: str
    horizon: str
    step: str
    reasons: list[str]
    number: int = 0
    """Its place in the plan, from 1: the roadmap and the matrix name it by this number."""
    effort: str = ""
    """The effort it takes (empty: a staffing action whose gap kind states none)."""
    gain: str = ""
    """Its expected gain in words: computed, or its benefit (empty: the questionnaire
    says neither the answers it leads to nor what it brings)."""
    after: str = ""
    """The actions of the plan it comes after, in words (empty: none)."""


@dataclass(frozen=True)
class PathView:
    """The actions that take the organisation to the next level."""

    text: str
    actions: list[str]
    rule: str


@dataclass(frozen=True)
class RoadmapView:
    intro: str
    timeline_svg: str
    matrix_svg: str
    """Empty when no action has an expected gain."""


@dataclass(frozen=True)
class PriorityGroup:
    title: str
    key: str
    actions: list[ActionView]


@dataclass(frozen=True)
class PersonRow:
    name: str
    department: str
    time_share: str
    overloaded: bool
    roles: list[str]
    """Role letters for each responsibility, in the order of `StaffingView.duties`."""
    own_department: bool
    """The department is the organisation's own words, not one of the questionnaire's."""


@dataclass(frozen=True)
class StaffingView:
    analysed: bool
    """Whether the questionnaire has staffing rules (otherwise the report has no such chapter)."""
    given: bool
    duties: list[tuple[str, bool]]
    """(responsibility, whether a gap concerns it)"""
    people: list[PersonRow]
    gaps: list[str]


@dataclass(frozen=True)
class FigureView:
    label: str
    value: str
    own: str
    source: str


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str
    change: str
    trend: str
    """up, down or flat: how the reader should read the change."""


@dataclass(frozen=True)
class ProgressView:
    intro: str
    rows: list[ChangeRow]
    closed: list[str]
    new: list[str]


@dataclass(frozen=True)
class CohortRow:
    label: str
    own: str
    median: str
    quartiles: str
    percentile: str


@dataclass(frozen=True)
class CohortView:
    intro: str
    rows: list[CohortRow]


class DocumentInfo(StrictModel):
    """What a report says of itself beside the assessment: given when rendering, each
    printed in the report's document control when given, left out otherwise."""

    version: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    """The document's version ("1.0", "2026-11 rev. 2")."""
    contact: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    """Whom the client asks about the report (a name, an address, a telephone number)."""
    next_assessment: datetime.date | None = None
    """When the organisation should be assessed again."""


@dataclass(frozen=True)
class MethodView:
    """How the scores were built, from what, and with what limits; the document's control
    facts (what is not known is left out)."""

    scores: str
    answered_by: str
    evidence: str
    limits: str
    document: list[tuple[str, str]]
    """(label, value) of the document: status, author, date, questionnaire."""


@dataclass(frozen=True)
class ReportView:
    """Everything the templates show, in one language."""

    lang: str
    words: Words
    org_name: str
    org_short: str
    """The name where room is short (the running header, half the width of the page, on one
    line): at most 42 characters, cut at a word boundary with "…"."""
    org_length: str
    """How long the name is for the cover's title: "", "long" or "longer" (smaller type)."""
    org_sector: str
    own_lang: str
    """The language of the organisation's own words (sector, notes, evidence, text answers,
    the people and own departments of the responsibility matrix) when the responses give it
    and it is not the report's: the templates mark those words with it. Otherwise ""."""
    org_size: str
    org_country: str
    date: str
    assessor: str
    score: str
    level: str
    level_meaning: str
    gauge_svg: str
    radar_svg: str
    steps_svg: str
    summary_intro: str
    subtitle: str
    """The cover's subtitle: the method's three steps, or any assessment."""
    strengths: list[Bar]
    """Dimensions at or above the questionnaire's `strength_at`, strongest first."""
    weaknesses: list[Bar]
    """Dimensions below its `weakness_below`, weakest first."""
    between: list[Bar]
    """The other dimensions, strongest first: every dimension's score is in the summary."""
    no_strength: str
    no_weakness: str
    thresholds: str
    top_actions: list[ActionView]
    steps: list[StepView]
    dimensions: list[Bar]
    priorities: list[PriorityGroup]
    action_count: int
    staffing: StaffingView
    figures: list[FigureView]
    completeness: str
    unanswered: list[str]
    draft: str
    """The mark of a draft's pages ("Projet", "Draft"); empty for final responses."""
    appendix: list[tuple[str, list[AnswerRow]]]
    scored_against: str
    progress: ProgressView | None = None
    cohort: CohortView | None = None
    level_held: str = ""
    """Which findings hold the level below the score's level (empty: none)."""
    title: str = ""
    """The report's title (page title, cover kicker): the questionnaire's report title, or
    its title."""
    score_out_of: str = ""
    """The overall score with its scale (`56 out of 100`)."""
    scores_intro: str = ""
    level_tables: list[LevelTable] = field(default_factory=list)
    """The scores that have a level scale, with their levels, by kind (none: no table)."""
    path: PathView | None = None
    roadmap: RoadmapView | None = None
    method: MethodView | None = None
    scale_svg: str = ""
    """The maturity scale with the organisation's place on it (empty without a score)."""
    scale_caption: str = ""
    """Its place in words: the level's rank, the next level and the distance to it."""


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: whole when it fits, else cut at the last
    space of its second half (or within a word that long) and ended with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—(/") + "…"


def answer_text(question: Question, value: Any, w: Words) -> str:
    """An answer in words, as the reader of the report sees it."""
    if value is None:
        return _cell_text(w("not_answered"))
    return kind_of(question).text(question, value, w)


def _cell_text(text: str) -> str:
    """One of our words alone in a table cell: capitalised, as the answers beside it are."""
    return text[:1].upper() + text[1:]


def _country(code: str | None, w: Words) -> str:
    """A country code in words, in the report's language (`FR` → `France`)."""
    if not code:
        return ""
    from babel import Locale

    name = Locale.parse(w.locale).territories.get(code)
    return str(name) if name else code


def _decimals(value: float) -> int:
    """How many decimals a number written in a questionnaire has (`0.25`: 2)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def points_precision(question: Question) -> int:
    """The decimals a question's points are printed with: those its declared points have
    (`0.25` stays `0.25`), one at least (a mean of rows is rounded to a tenth), three
    at most."""
    declared = [
        getattr(question, name)
        for name in ("yes_points", "no_points", "cap")
        if isinstance(getattr(question, name, None), int | float)
    ]
    for name in ("options", "scale", "bands"):
        declared += [item.points for item in getattr(question, name, None) or ()]
    return min(3, max([1, *(_decimals(x) for x in declared)]))


def points_text(result: Any, question: Question, w: Words) -> str:
    """The points of one answer out of the question's most, with the precision the
    question's points are written with; empty (or "not applicable") when it gives none."""
    if result.status in ("not_applicable",):
        return w("not_applicable")
    if result.status == "condition_false":
        return ""  # the answer column says it was not asked
    if result.points is None or result.max_points <= 0 or result.status == "unscored":
        return ""
    digits = points_precision(question)
    earned = _decimals(result.points)
    if digits < earned <= 3:  # a mean of rows (1.75) has the decimals it has
        digits = earned
    return f"{w.number(result.points, digits)} / {w.number(result.max_points, digits)}"


def _band_shown(
    q: Questionnaire, kind: ScoreKind, ident: str | None, value: float, display: DisplayScale
) -> LevelBand | None:
    """The band of a score's level, on the scale it is shown on (`None`: no level)."""
    scale = q.scale_for(kind, ident)
    if scale is None:
        return None
    return _band_on(scale.band_of(scale.level_for(value)), scale.scale, display)


def score_text(
    q: Questionnaire, w: Words, kind: ScoreKind, ident: str | None, value: float | None
) -> str:
    """A score as the report prints it: on its display scale, with its decimals, on the
    side of its level's band (see `Words.shown_on`); a dash for no score."""
    if value is None:
        return "–"
    display = q.display_for(kind, ident)
    return w.scaled(value, display, _band_shown(q, kind, ident, value, display))


def level_name(a: Assessment, kind: ScoreKind, ident: str | None, lang: str) -> str:
    """The name of a score's level, empty when it has none."""
    level = a.level_of(kind, ident or "")
    scale = a.questionnaire.scale_for(kind, ident)
    if level is None or scale is None:
        return ""
    found = next((x for x in scale.levels if x.id == level), None)
    return localised(found.name, lang) if found is not None else ""


def _reason_text(reason: Reason, q: Questionnaire, a: Assessment, w: Words) -> str:
    lang = w.lang
    if reason.kind == "answer":
        question = q.questions[reason.subject]
        value = reason.actual
        if reason.row is not None and kind_of(question).row_ids(question) is not None:
            label, shown = kind_of(question).row_text(question, reason.row, value, w)
            return w("reason_answer", question=label, answer=shown)
        return w(
            "reason_answer",
            question=localised(question.label, lang),
            answer=answer_text(question, value, w),
        )
    if reason.kind == "score":
        kind, _, ident = reason.subject.partition(":")
        names = {
            "step": {s.id: s.title for s in q.steps},
            "section": {c.id: c.title for s in q.steps for c in s.sections},
            "dimension": {d.id: d.label for d in q.dimensions},
        }
        subject = w("overall") if kind == "overall" else localised(names[kind].get(ident), lang)
        limit = float(reason.expected or 0)  # type: ignore[arg-type]
        # what was found: under a `not`, a test that did not hold ("not below 25": at least)
        below = (reason.test == "below") == reason.holds
        # the score on the side of the threshold it was found on, whatever the rounding
        side = (-math.inf, limit) if below else (limit, math.inf)
        score = w.score(reason.actual if isinstance(reason.actual, int | float) else None, side)
        threshold = w.number(limit, 1)
        scope = "overall" if kind == "overall" else "score"
        key = f"reason_{scope}_below" if below else f"reason_{scope}_at_least"
        return w(key, subject=subject, score=score, threshold=threshold)
    return w("reason_staffing")


def _owner(action: Action, departments: dict[str, dict[str, str]], w: Words) -> str:
    """The department that owns an action, or that it has yet to be named."""
    if action.owner is None:
        return w("owner_to_designate")
    return localised(departments.get(action.owner), w.lang) or action.owner


def level_held(a: Assessment, w: Words) -> str:
    """The sentence that says which findings hold the level below the score's (empty when
    none does): the reasons of the caps at the level reached."""
    q = a.questionnaire
    reasons = {cap.id: cap.reason for cap in q.level_caps}
    names = {level.id: level.name for level in q.overall_levels}
    held = [localised(reasons.get(c.id), w.lang) for c in a.caps if c.level == a.overall.level]
    if not held or a.overall.level is None:
        return ""
    return w("level_held", level=localised(names[a.overall.level], w.lang), reasons="; ".join(held))


def _action_view(action: Action, q: Questionnaire, a: Assessment, w: Words) -> ActionView:
    lang = w.lang
    departments = {d.id: d.label for d in q.departments}
    steps = {s.id: s.title for s in q.steps}
    reasons = [_reason_text(r, q, a, w) for r in action.reasons if r.kind != "staffing"]
    if any(r.kind == "staffing" for r in action.reasons):
        reasons.append(w("reason_staffing"))
    numbers = {x.id: i for i, x in enumerate(a.actions, 1)}
    recommendation = next((r for r in q.recommendations if r.id == action.id), None)
    before = _before(a, action.id)
    effort = action.effort
    if effort is None and action.source == "recommendation" and recommendation is not None:
        effort = recommendation.effort or "medium"  # an assessment made before Action.effort
    return ActionView(
        title=localised(action.title, lang),
        detail=localised(action.detail, lang),
        owner=_owner(action, departments, w),
        horizon=w(f"horizon_{action.horizon}"),
        step=localised(steps.get(action.step), lang),
        reasons=list(dict.fromkeys(reasons)),
        number=numbers.get(action.id, 0),
        effort=w(f"effort_{effort}") if effort else "",
        gain=expected_gain(a, action, w),
        after=w(
            "after",
            titles=", ".join(f"{numbers[x.id]}. {localised(x.title, lang)}" for x in before),
        )
        if before
        else "",
    )


def _before(a: Assessment, ident: str) -> list[Action]:
    """The actions of the plan that the roadmap puts before action `ident` because it
    depends on them."""
    rec = next((r for r in a.questionnaire.recommendations if r.id == ident), None)
    if rec is None or not rec.after:
        return []
    named = set(rec.after)
    found = []
    for x in a.actions:
        keys = {x.id}
        for reason in x.reasons if x.source == "staffing" else ():
            keys.add(f"staffing-{reason.subject}")
            if reason.row is not None:
                keys.add(f"staffing-{reason.subject}-{reason.row}")
        if keys & named:
            found.append(x)
    return found


def expected_gain(a: Assessment, action: Action, w: Words) -> str:
    """The line "Expected gain: …" of an action: its computed gain (`gain_text`), or
    else what it brings (`benefit_text`), or else, for an action whose answers change
    no score, that it changes none; empty when the questionnaire says neither the
    answers it leads to nor what it brings."""
    gain = gain_text(a, action.id, w)
    if gain:
        return gain
    benefit = benefit_text(action, w)
    if benefit:
        return benefit
    found = next((g for g in a.gains if g.action == action.id), None)
    return w("gain_none") if found is not None and found.gain is not None else ""


def benefit_text(action: Action, w: Words) -> str:
    """What an action brings, as its expected gain (empty when it has no benefit)."""
    benefit = localised(action.benefit, w.lang) if action.benefit else ""
    return w("gain_benefit", benefit=benefit.strip()) if benefit else ""


def gain_text(a: Assessment, ident: str, w: Words) -> str:
    """The expected gain of action `ident` in words: on the overall score, on the
    dimensions it raises, and the level caps it lifts (empty without a gain, or when its
    answers change no score: see `expected_gain`)."""
    gain = next((g for g in a.gains if g.action == ident), None)
    if gain is None or gain.gain is None:
        return ""
    q = a.questionnaire
    labels = {d.id: localised(d.label, w.lang) for d in q.dimensions}
    raised = [
        f"{labels[d]} {_signed(change, w)}"
        for d, change in gain.dimensions.items()
        if change is not None and rounded(change, 1) != 0
    ]
    if gain.gain == 0 and not raised and not gain.lifts:
        return ""
    text = w("gain", gain=_points_word(gain.gain, w))
    if raised:
        text += " (" + w("gain_dimensions", dimensions=", ".join(raised)) + ")"
    if gain.lifts:
        reasons = {cap.id: localised(cap.reason, w.lang) for cap in q.level_caps}
        text += " ; " if w.lang == "fr" else "; "
        text += w("gain_lifts", reasons="; ".join(reasons[c] for c in gain.lifts))
    return text


def _signed(change: float, w: Words) -> str:
    """A change of score with its sign and one decimal (`+3,2`; `0` for no change)."""
    shown = rounded(change, 1)
    return w.signed(shown.quantize(Decimal("0.1")) if shown else Decimal(0))


def _points_word(change: float, w: Words) -> str:
    """A change of score in points, with its sign (the plural as `_points_key` says); a
    change too small to show at one decimal is "less than 0.1 point", not "0 point"."""
    shown = rounded(change, 1)
    if change and not shown:
        key = "points_under" if change > 0 else "points_under_down"
        return w(key, distance=w.number(Decimal("0.1"), 1))
    return w(_points_key(abs(shown), w), distance=_signed(change, w))


def path_view(a: Assessment, w: Words) -> PathView | None:
    """The path to the next level in words: "these four actions take you to…", with their
    titles; `None` without a path."""
    path = a.path
    if path is None:
        return None
    q, lang = a.questionnaire, w.lang
    names = {level.id: localised(level.name, lang) for level in q.maturity_levels}
    titles = {x.id: localised(x.title, lang) for x in a.actions}
    numbers = {x.id: i for i, x in enumerate(a.actions, 1)}
    target = next(x for x in q.maturity_levels if x.id == path.target)
    reached = next((x for x in q.maturity_levels if x.id == path.level), None)
    score = w.score(path.score, level_band(q, reached))
    if not path.reached:
        text = w("path_short", level=names[path.target], score=score)
    elif len(path.actions) == 1:
        text = w("path_one", level=names[target.id], score=score)
    else:
        text = w("path_many", count=w.count(len(path.actions)), level=names[target.id], score=score)
    return PathView(
        text=text,
        actions=[f"{numbers[ident]}. {titles[ident]}" for ident in path.actions],
        rule=w("path_rule"),
    )


def roadmap_view(a: Assessment, w: Words, colour: str) -> RoadmapView | None:
    """The roadmap's periods drawn as a timeline, and the actions with a gain on an
    effort/impact matrix; `None` without a roadmap or an action."""
    if not a.roadmap or not a.actions:
        return None
    lang = w.lang
    numbers = {x.id: i for i, x in enumerate(a.actions, 1)}
    titles = {x.id: localised(x.title, lang) for x in a.actions}
    stages = [
        (
            w(f"stage_{stage.id}"),
            w("stage_dates", end=w.date(stage.end)),
            [(str(numbers[ident]), titles[ident]) for ident in stage.actions],
        )
        for stage in a.roadmap
    ]
    timeline = charts.timeline_svg(
        stages, width=620, colour=colour, title=w("roadmap"), empty=w("stage_empty")
    )
    order = {"small": 0, "medium": 1, "large": 2}
    points = [
        (str(numbers[g.action]), order[g.effort], g.gain)
        for g in a.gains
        if g.gain is not None and g.action in numbers and gain_text(a, g.action, w)
    ]
    matrix = (
        charts.matrix_svg(
            points,
            efforts=[w("effort_small"), w("effort_medium"), w("effort_large")],
            impact=w("impact_axis"),
            width=620,
            height=230,
            colour=colour,
            title=w("effort_impact"),
            value_format=lambda v: w.number(v, 1),
        )
        if points
        else ""
    )
    return RoadmapView(
        intro=w("roadmap_intro", date=w.date(a.responses.date)),
        timeline_svg=timeline,
        matrix_svg=matrix,
    )


def _staffing_view(a: Assessment, q: Questionnaire, w: Words) -> StaffingView:
    staffing = a.staffing
    lang = w.lang
    if staffing is None or not staffing.roster_answered:
        return StaffingView(staffing is not None, False, [], [], [])
    rules = q.staffing
    assert rules is not None
    roster = as_roster(q.questions[rules.roster])
    assert roster is not None  # the questionnaire checks make sure of it
    duty_field = next(f for f in roster.fields if f.id == rules.responsibilities_field)
    duty_labels = {o.id: localised(o.label, lang) for o in duty_field.options}
    departments = {d.id: localised(d.label, lang) for d in q.departments}
    gap_duties = {g.responsibility for g in staffing.gaps if g.responsibility}
    overloaded = {
        person_key(name) for g in staffing.gaps if g.kind == "overloaded" for name in g.people
    }
    people = [
        PersonRow(
            name=p.name,
            department=departments.get(p.department or "", p.department or ""),
            time_share=w.percent(p.time_share / 100) if p.time_share is not None else "",
            overloaded=person_key(p.name) in overloaded,
            roles=[p.roles.get(duty, "") for duty in staffing.responsibilities],
            own_department=bool(p.department) and p.department not in departments,
        )
        for p in staffing.people
    ]
    gaps = [
        w(
            f"gap_{gap.kind}",
            responsibility=duty_labels.get(gap.responsibility or "", ""),
            people=", ".join(gap.people),
            department=departments.get(gap.department or "", gap.department or ""),
            share=w.percent((gap.share or 0) / 100),
        )
        for gap in staffing.gaps
    ]
    duties = [(duty_labels[d], d in gap_duties) for d in staffing.responsibilities]
    return StaffingView(True, True, duties, people, gaps)


def _figures(a: Assessment, q: Questionnaire, w: Words) -> list[FigureView]:
    lang = w.lang
    figures = {f.id: f for f in q.reference_figures}
    views = []
    for ref in a.references:
        figure = figures[ref.id]
        if ref.own_value is not None:
            own = w.percent(ref.own_value / 100)
        elif ref.holds is None:
            own = _cell_text(w("not_answered"))
        else:
            own = w("among_them") if ref.holds else w("not_among_them")
        views.append(
            FigureView(
                label=localised(figure.label, lang),
                value=w.percent(ref.value / 100),
                own=own,
                source=_figure_source(figure, w),
            )
        )
    return views


def _figure_source(figure: ReferenceFigure, w: Words) -> str:
    """The source of a figure, with its year (and why it is approximate) and its dataset:
    "Eurostat (figure for 2021; dataset isoc_cismt)"."""
    parts: list[str] = []
    if figure.year is not None:
        key = "figure_about_year" if figure.year_approximate else "figure_year"
        dated = w(key, year=figure.year)
        if figure.dating is not None:
            dated += w("colon") + localised(figure.dating, w.lang)
        parts.append(dated)
    if figure.dataset is not None:
        parts.append(w("figure_dataset", code=figure.dataset))
    source = localised(figure.source, w.lang)
    if not parts:
        return source
    return f"{source} ({'; '.join(parts)})"


def level_band(q: Questionnaire, level: MaturityLevel | None) -> Band | None:
    """The overall scores of `level`: from its `from` (included) to its `to` (excluded),
    the last level open above (100 is in it)."""
    scale = q.scale_for("overall")
    if level is None or scale is None:
        return None
    band = scale.band_of(level)
    top = SCALE_TOPS[scale.scale]
    return (band.low * 100 / top, math.inf if level is scale.levels[-1] else band.high * 100 / top)


def step_synthesis(
    a: Assessment, step: Step, sections: list[SectionView], w: Words, *, score: str, level: str
) -> list[str]:
    """A step in a few sentences, built from its findings by rules: its `score` (as
    `score_text` prints it) and `level` (its own level scale's, empty when it has
    none), its strongest and weakest sections, how many answers are in place and to work
    on, and how many actions of the plan concern it."""
    q = a.questionnaire
    step_id = step.id
    if a.steps[step_id].score is None:
        return [w("step_no_score")]
    scored_as = w.out_of(score, q.display_for("step", step_id))
    scale = q.scale_for("step", step_id)
    held = a.level_of("step", step_id)
    ids = [x.id for x in scale.levels] if scale is not None else []
    if level and held in ids:
        sentences = [
            w(
                "step_level",
                score=scored_as,
                level=level,
                number=ids.index(held) + 1,
                count=len(ids),
            )
        ]
    else:
        sentences = [w("step_score", score=scored_as)]
    scored = [s for s in sections if s.scored and s.value is not None]
    if len(scored) > 1:
        best = max(scored, key=lambda s: s.value or 0.0)
        worst = min(scored, key=lambda s: s.value or 0.0)
        if best.value != worst.value:
            sentences.append(
                w(
                    "step_sections",
                    best=best.title,
                    best_score=best.score,
                    worst=worst.title,
                    worst_score=worst.score,
                )
            )
    results = (a.questions[x.id] for section in step.sections for x in section.questions)
    counted = [x for x in results if x.answered and x.normalised is not None]
    weak = sum(len(s.weak) for s in sections)
    strong = sum(len(s.strong) for s in sections)
    if len(counted) == 1:
        sentences.append(w(f"step_answer_{'weak' if weak else 'strong' if strong else 'middle'}"))
    elif counted:
        sentences.append(
            w(
                "step_answers",
                count=len(counted),
                weak=w(_plural("step_weak", weak), count=weak),
                strong=w(_plural("step_strong", strong), count=strong),
            )
        )
    actions = [x for x in a.actions if x.step == step_id]
    high = sum(1 for x in actions if x.priority == "high")
    if not actions:
        sentences.append(w("step_actions_none"))
    else:
        key = _plural("step_actions", len(actions))
        if high:
            key += "_high_one" if high == 1 else "_high"
        sentences.append(w(key, count=len(actions), high=high))
    return sentences


def _plural(key: str, count: int) -> str:
    """`key` with the suffix of `count`: `_none`, `_one` or `_many`."""
    return f"{key}_{'none' if count == 0 else 'one' if count == 1 else 'many'}"


def _areas(
    dims: list[Bar], rules: SummaryRules, w: Words, display: DisplayScale | None
) -> tuple[list[Bar], list[Bar], list[Bar]]:
    """The dimensions that are strengths (at `strength_at` or more), strongest first;
    those to strengthen (below `weakness_below`), weakest first; and the others, strongest
    first (a dimension without a score among them). Each score is printed on the side of
    the threshold it was found on (59.6 is not "60" beside "a strength from 60"); with a
    `display` scale other than 0–100, dimensions are printed as the view made them."""
    strong: Band = (rules.strength_at, math.inf)
    weak: Band = (-math.inf, rules.weakness_below)
    middle: Band = (rules.weakness_below, rules.strength_at)
    by_score = sorted(dims, key=lambda b: -1.0 if b.value is None else b.value, reverse=True)
    groups: tuple[list[Bar], list[Bar], list[Bar]] = ([], [], [])
    for bar in by_score:
        value = bar.value
        band, group = (
            (middle, 2)
            if value is None
            else (strong, 0)
            if value >= strong[0]
            else (weak, 1)
            if value < weak[1]
            else (middle, 2)
        )
        score = w.score(value, band) if display is None else bar.score
        groups[group].append(Bar(bar.label, score, value, bar.level))
    groups[1].reverse()
    return groups


_KINDS: tuple[tuple[ScoreKind, str], ...] = (
    ("overall", "scores_overall"),
    ("step", "scores_steps"),
    ("section", "scores_sections"),
    ("dimension", "scores_dimensions"),
)


def _scale_words(display: DisplayScale, w: Words) -> tuple[str, str]:
    """The two ends of a display scale, as the report writes them."""
    top = SCALE_TOPS[display.scale]
    if display.scale == "percent":
        return w.scaled(0.0, display), w.scaled(100.0, display)
    return "0", str(top)


def _displays(q: Questionnaire) -> dict[str, DisplayScale]:
    """The display scale of each kind of score (the first of its kind's), by catalogue key."""
    displays: dict[str, DisplayScale] = {}
    for kind, key in _KINDS:
        idents: list[str | None] = [None]
        if kind == "step":
            idents = [s.id for s in q.steps]
        elif kind == "section":
            idents = [c.id for s in q.steps for c in s.sections]
        elif kind == "dimension":
            idents = [d.id for d in q.dimensions]
        for ident in idents:
            displays.setdefault(key, q.display_for(kind, ident))
    return displays


def _scales_text(displays: dict[str, DisplayScale], w: Words) -> str:
    """Each kind of score with its scale: "overall score from 0 to 3, …"."""
    return ", ".join(
        w("scale_of", what=w(key), low=_scale_words(d, w)[0], top=_scale_words(d, w)[1])
        for key, d in displays.items()
    )


def _scores_intro(q: Questionnaire, w: Words) -> str:
    """What the scores run from and to: one scale for all, or each kind's."""
    displays = _displays(q)
    scales = {display.scale for display in displays.values()}
    if len(scales) == 1:
        low, top = _scale_words(next(iter(displays.values())), w)
        return w("scores_intro", low=low, top=top)
    return w("scores_intro_mixed", scales=_scales_text(displays, w))


def _level_tables(a: Assessment, w: Words) -> list[LevelTable]:
    """The steps, sections and dimensions whose scores have a level scale, with them."""
    q, lang = a.questionnaire, w.lang
    kinds: list[tuple[ScoreKind, str, list[tuple[str, str]]]] = [
        ("step", "levels_by_step", [(s.id, localised(s.title, lang)) for s in q.steps]),
        (
            "section",
            "levels_by_section",
            [(c.id, localised(c.title, lang)) for s in q.steps for c in s.sections],
        ),
        (
            "dimension",
            "levels_by_dimension",
            [(d.id, localised(d.label, lang)) for d in q.dimensions],
        ),
    ]
    tables = []
    for kind, title, items in kinds:
        rows = [
            LevelRow(
                label,
                score_text(q, w, kind, ident, a.score_of(kind, ident)),
                level_name(a, kind, ident, lang) or "–",
            )
            for ident, label in items
            if q.scale_for(kind, ident) is not None
        ]
        if rows:
            tables.append(LevelTable(w(title), rows))
    return tables


def _title(q: Questionnaire, lang: str) -> str:
    """The report's title: the questionnaire's report title, or its title."""
    return localised(q.report.title if q.report is not None else q.title, lang)


def _labelled(label: str, level: str) -> str:
    """A chart's label with the level of its score, when it has one."""
    return f"{label} ({level})" if level else label


def build_view(
    a: Assessment,
    lang: str,
    *,
    primary: str,
    secondary: str,
    document: DocumentInfo | None = None,
) -> ReportView:
    """The report's content for `a` in `lang` (`document`: the facts of its document
    control given when rendering)."""
    q, r = a.questionnaire, a.responses
    w = Words(lang, typed_in=r.language)
    org = r.organisation
    levels = {level.id: level for level in q.overall_levels}
    level = levels.get(a.overall.level or "")
    dims = [
        Bar(
            localised(d.label, lang),
            score_text(q, w, "dimension", d.id, a.dimensions[d.id].score),
            a.dimensions[d.id].score,
            level_name(a, "dimension", d.id, lang),
        )
        for d in q.dimensions
    ]
    rules = q.summary or SummaryRules()
    dim_display = q.display_for("dimension", q.dimensions[0].id)
    plain = dim_display == DisplayScale() and all(
        q.display_for("dimension", d.id) == DisplayScale() for d in q.dimensions
    )
    strengths, weaknesses, between = _areas(dims, rules, w, None if plain else dim_display)
    overall_display = q.display_for("overall")
    overall = score_text(q, w, "overall", None, a.overall.score)

    def on_dimensions(threshold: float) -> str:
        return w.scaled(threshold, dim_display) if not plain else w.number(threshold, 1)

    steps_bars = [
        (
            _labelled(localised(s.title, lang), level_name(a, "step", s.id, lang)),
            a.steps[s.id].score,
        )
        for s in q.steps
    ]
    step_views: list[StepView] = []
    appendix: list[tuple[str, list[AnswerRow]]] = []
    for n, step in enumerate(q.steps, 1):
        sections: list[SectionView] = []
        for section in step.sections:
            rows_all: list[AnswerRow] = []
            strong: list[AnswerRow] = []
            weak: list[AnswerRow] = []
            for question in section.questions:
                result = a.questions[question.id]
                annotation = r.annotations.get(question.id)
                row = AnswerRow(
                    question=localised(question.label, lang),
                    answer=answer_text(question, r.answers.get(question.id), w).strip()
                    if result.status != "condition_false"
                    else w("condition_false"),
                    points=points_text(result, question, w),
                    # what the assessor typed keeps its line breaks, not the one at its end
                    note=w.typeset((annotation.note or "").strip()) if annotation else "",
                    evidence=w.typeset((annotation.evidence or "").strip()) if annotation else "",
                    share=result.normalised,
                    own=question.kind == "text" and result.answered,
                )
                rows_all.append(row)
                if result.normalised is not None and result.answered:
                    # three quarters of the points or more: in place; a third or less: to work on
                    (
                        strong
                        if result.normalised >= _IN_PLACE
                        else weak
                        if result.normalised <= _TO_WORK_ON
                        else []
                    ).append(row)
            score = a.sections[section.id].score
            shown = score_text(q, w, "section", section.id, score)
            sections.append(
                SectionView(
                    anchor=f"section-{len(step_views)}-{len(sections)}",
                    title=localised(section.title, lang),
                    score=shown,
                    score_of=w.score_of(shown, q.display_for("section", section.id)),
                    level=level_name(a, "section", section.id, lang),
                    value=score,
                    scored=any(x.scored for x in section.questions),
                    strong=strong,
                    weak=weak,
                    answers=rows_all,
                    answered=any(a.questions[x.id].answered for x in section.questions),
                )
            )
            appendix.append((localised(section.title, lang), rows_all))
        section_display = q.display_for("section", step.sections[0].id)
        bars = charts.bars_svg(
            [(_labelled(s.title, s.level), s.value) for s in sections if s.scored],
            width=680,  # the sections' names on one line: shorter bars, a shorter chart
            title=w("by_section"),
            colour=primary,
            value_format=lambda v, d=section_display: w.scaled(v, d),  # type: ignore[misc]
        )
        shown = score_text(q, w, "step", step.id, a.steps[step.id].score)
        step_views.append(
            StepView(
                anchor=f"step-{n}",
                number=n,
                title=localised(step.title, lang),
                description=localised(step.description, lang),
                score=shown,
                score_of=w.score_of(shown, q.display_for("step", step.id)),
                level=level_name(a, "step", step.id, lang),
                value=a.steps[step.id].score,
                bars_svg=bars,
                sections=sections,
                synthesis=step_synthesis(
                    a, step, sections, w, score=shown, level=level_name(a, "step", step.id, lang)
                ),
            )
        )
    order = ("high", "medium", "low")
    priorities = [
        PriorityGroup(
            title=w(f"priority_{p}"),
            key=p,
            actions=[_action_view(x, q, a, w) for x in a.actions if x.priority == p],
        )
        for p in order
    ]
    done = a.completeness.overall
    draft = r.status == "draft"
    scale = scale_position(a, w, primary=primary)
    return ReportView(
        lang=lang,
        words=w,
        org_name=org.name,
        org_short=shorten(org.name, 42),
        org_length="" if len(org.name) <= 40 else "long" if len(org.name) <= 80 else "longer",
        org_sector=org.sector or "",
        own_lang=r.language if r.language and r.language != lang else "",
        org_size=w("employees", band=org.size_band.replace("-", "\u2013")) if org.size_band else "",
        org_country=_country(org.country, w),
        date=w.date(r.date),
        assessor=r.assessor,
        score=overall,
        level=localised(level.name, lang) if level else "–",
        level_meaning=localised(level.meaning, lang) if level else "",
        level_held=level_held(a, w),
        gauge_svg=charts.gauge_svg(
            a.overall.score,
            colour=primary,
            value_format=lambda v: score_text(q, w, "overall", None, v),
            top=_scale_words(overall_display, w)[1],
        ),
        # a radar reads well up to eight axes; beyond, its labels crowd it: bars instead
        # beside the steps' bars, in 100 mm: rings of 260 px keep the labels' type near 7 pt
        radar_svg=charts.radar_svg(
            [(_labelled(b.label, b.level), b.value) for b in dims], size=260, colour=primary
        )
        if len(dims) <= 8
        else charts.bars_svg(
            [(_labelled(b.label, b.level), b.value) for b in dims],
            colour=primary,
            value_format=lambda v: w.scaled(v, dim_display),
        ),
        steps_svg=charts.bars_svg(
            steps_bars,
            width=340,  # beside the radar, in a column of 70 mm
            colour=primary,
            value_format=lambda v: w.scaled(v, q.display_for("step", q.steps[0].id)),
        ),
        summary_intro=w(
            "summary_intro" if a.overall.score is not None else "summary_intro_no_score",
            org=org.name,
            score=w.out_of(overall, overall_display),
            level=localised(level.name, lang) if level else "–",
        ),
        title=_title(q, lang),
        subtitle=localised(q.report.subtitle, lang)
        if q.report is not None and q.report.subtitle
        else w("report_subtitle_any"),
        score_out_of=w.out_of(overall, overall_display),
        scores_intro=_scores_intro(q, w),
        level_tables=_level_tables(a, w),
        strengths=strengths,
        weaknesses=weaknesses,
        between=between,
        no_strength=w(
            "no_strength", threshold=w.out_of(on_dimensions(rules.strength_at), dim_display)
        ),
        no_weakness=w(
            "no_weakness", threshold=w.out_of(on_dimensions(rules.weakness_below), dim_display)
        ),
        thresholds=w(
            "area_thresholds",
            strong=w.out_of(on_dimensions(rules.strength_at), dim_display),
            weak=on_dimensions(rules.weakness_below),
        ),
        top_actions=[_action_view(x, q, a, w) for x in a.actions[:5]],
        steps=step_views,
        dimensions=dims,
        priorities=[p for p in priorities if p.actions],
        action_count=len(a.actions),
        staffing=_staffing_view(a, q, w),
        figures=_figures(a, q, w),
        method=method_view(a, w, document),
        scale_svg=scale[0],
        scale_caption=scale[1],
        completeness=w(
            "completeness_intro_draft"
            if draft
            else "completeness_all"
            if not done.unanswered
            else "completeness_intro",
            answered=done.answered,
            applicable=done.applicable,
            share=w.percent(done.share),
        ),
        unanswered=[localised(q.questions[i].label, lang) for i in done.unanswered],
        draft=w("draft") if draft else "",
        appendix=appendix,
        scored_against=w("scored_against", ref=q.ref, fingerprint=q.fingerprint),
        path=path_view(a, w),
        roadmap=roadmap_view(a, w, primary),
    )


def _band_on(band: LevelBand, scale: str, display: DisplayScale) -> LevelBand:
    """A level's `band` written on `scale`, on the `display` scale."""
    ratio = SCALE_TOPS[display.scale] / SCALE_TOPS[scale]
    if ratio == 1:
        return band
    return LevelBand(band.low * ratio, band.low_in, band.high * ratio, band.high_in)


def scale_position(a: Assessment, w: Words, *, primary: str) -> tuple[str, str]:
    """The overall score's level scale as a figure and a sentence, on the score's display
    scale: every level with its thresholds, the organisation's level and rank, the next
    level and how far away it starts, computed from the score as printed (56 is "4 points"
    below 60, 59.6 "0.4"; 1.25 out of 3 is 0.75 below 2)."""
    q, score = a.questionnaire, a.overall.score
    scale = q.scale_for("overall")
    if score is None or scale is None:
        return "", ""
    display = q.display_for("overall")
    levels = scale.levels
    bands = [_band_on(scale.band_of(x), scale.scale, display) for x in levels]
    level = scale.level_for(score)
    number, count = levels.index(level) + 1, len(levels)
    band = bands[number - 1]
    shown = w.shown_on(score, display, band)
    name = localised(level.name, w.lang)

    def on_display(value: float) -> str:
        text = w.number(Decimal(repr(value)), display.digits)
        return text + ("\u202f%" if w.lang == "fr" else "%") if display.scale == "percent" else text

    if number < count:
        following, start = levels[number], bands[number]
        distance = Decimal(repr(start.low)) - shown
        following_name = localised(following.name, w.lang)
        threshold = on_display(start.low)
        if start.low_in and distance > 0:
            points = w(_points_key(distance, w), distance=_shown(distance, w))
            values = {"level": name, "number": number, "count": count, "points": points}
            caption = w("scale_caption", **values, next=following_name, threshold=threshold)
            title = w("scale_title", **values, next=following_name)
        else:  # the next level begins just above the score's ("1+" after exactly 1)
            values = {"level": name, "number": number, "count": count}
            caption = w("scale_caption_above", **values, next=following_name, threshold=threshold)
            title = w("scale_title_above", **values, next=following_name)
    else:
        caption = w("scale_caption_top", level=name, number=number, count=count)
        title = w("scale_title_top", level=name, number=number, count=count)
    marker = float(shown)
    printed = score_text(q, w, "overall", None, score)
    svg = charts.scale_svg(
        [(localised(x.name, w.lang), b.low, b.high) for x, b in zip(levels, bands, strict=True)],
        marker,
        colour=primary,
        title=title,
        value_format=lambda v: printed if v == marker else on_display(v),
        top=SCALE_TOPS[display.scale],
        current=number - 1,
    )
    return svg, caption


def _points_key(distance: Decimal, w: Words) -> str:
    """`points_one` or `points_many` for `distance`: French puts a quantity below 2
    in the singular ("1,5 point"), English only 1."""
    one = distance < 2 if w.lang == "fr" else distance == 1
    return "points_one" if one else "points_many"


def method_view(a: Assessment, w: Words, info: DocumentInfo | None = None) -> MethodView:
    """The method and scope of the report: how scores are built, who answered and when,
    the share of answers backed by evidence, the limits, and the document's control facts
    (`info`'s when given)."""
    r, q = a.responses, a.questionnaire
    # the answers completeness counts: applicable ones, free text aside
    answered = [
        i
        for i, x in a.questions.items()
        if x.answered and x.status != "condition_false" and q.questions[i].kind != "text"
    ]
    backed = [
        i
        for i in answered
        if (note := r.annotations.get(i)) is not None and (note.evidence or "").strip()
    ]
    displays = _displays(q)  # the scales scores are shown on: one for all, or each kind's
    if len({d.scale for d in displays.values()}) == 1:
        low, top = _scale_words(q.display_for("overall"), w)
        scores = w("method_scores", low=low, top=top)
    else:
        scores = w("method_scores_mixed", scales=_scales_text(displays, w))
    if not answered or not backed:
        evidence = w("method_evidence_none")
    else:
        evidence = w(
            "method_evidence",
            count=len(backed),
            answered=len(answered),
            share=w.percent(len(backed) / len(answered)),
        )
    return MethodView(
        scores=scores,
        answered_by=w("method_answered", assessor=r.assessor, date=w.date(r.date)),
        evidence=evidence,
        limits=w("method_limits"),
        document=[
            (label, value)
            for label, value in (
                (w("document_version"), info.version if info else None),
                (
                    w("document_status"),
                    w("status_draft" if r.status == "draft" else "status_final"),
                ),
                (w("assessor"), r.assessor),
                (w("document_contact"), info.contact if info else None),
                (w("date"), w.date(r.date)),
                (
                    w("next_assessment"),
                    w.date(info.next_assessment) if info and info.next_assessment else None,
                ),
                (w("questionnaire"), f"{localised(q.title, w.lang)} ({q.ref})"),
            )
            if value
        ],
    )


def _change_row(
    label: str, delta: Any, w: Words, bands: tuple[Band | None, Band | None] = (None, None)
) -> ChangeRow:
    """A score before and now, and the change between the two numbers as printed: "51 → 56"
    reads "+5" whatever the decimals behind them (50.88 and 56.39)."""
    before = None if delta.before is None else w.shown_score(delta.before, bands[0])
    after = None if delta.after is None else w.shown_score(delta.after, bands[1])
    if before is None or after is None:
        change, trend = "–", "flat"
    else:
        difference = after - before
        change = w.signed(difference)
        trend = "up" if difference > 0 else "down" if difference < 0 else "flat"
    return ChangeRow(label, _shown(before, w), _shown(after, w), change, trend)


def _shown(value: Decimal | None, w: Words) -> str:
    return "–" if value is None else w.number(value, -int(value.as_tuple().exponent))


def progress_view(a: Assessment, previous: Assessment, w: Words) -> ProgressView:
    """What changed since `previous` (an earlier assessment of the same organisation)."""
    from ..cohort import compare

    q, lang = a.questionnaire, w.lang
    before, now = previous.responses, a.responses
    if person_key(before.organisation.name) != person_key(now.organisation.name):
        raise SocialReadyError(
            f"the previous assessment is of {excerpt(before.organisation.name)},"
            f" not of {excerpt(now.organisation.name)}"
        )
    if before.date > now.date:
        raise SocialReadyError(
            f"the previous assessment ({before.date.isoformat()}) is later than this one"
            f" ({now.date.isoformat()})"
        )
    c = compare(previous, a)
    levels = {level.id: localised(level.name, lang) for level in q.overall_levels}
    earlier = {level.id: level for level in previous.questionnaire.overall_levels}
    bands = (
        level_band(previous.questionnaire, earlier.get(c.level_before or "")),
        level_band(q, next((x for x in q.overall_levels if x.id == c.level_after), None)),
    )
    rows = [_change_row(w("overall_score"), c.overall, w, bands)]
    rows += [
        _change_row(localised(s.title, lang), c.steps[s.id], w) for s in q.steps if s.id in c.steps
    ]
    rows += [
        _change_row(localised(d.label, lang), c.dimensions[d.id], w)
        for d in q.dimensions
        if d.id in c.dimensions
    ]
    titles = {rec.id: localised(rec.title, lang) for rec in q.recommendations}
    titles |= {rec.id: localised(rec.title, lang) for rec in previous.questionnaire.recommendations}
    before_titles = {x.id: localised(x.title, lang) for x in previous.actions}
    after_titles = {x.id: localised(x.title, lang) for x in a.actions}
    return ProgressView(
        intro=w(
            "progress_intro" if c.level_before != c.level_after else "progress_intro_same",
            before=w.date(previous.responses.date),
            level_before=levels.get(c.level_before or "", "–"),
            level_after=levels.get(c.level_after or "", "–"),
        ),
        rows=rows,
        closed=[before_titles.get(i, titles.get(i, "")) for i in c.closed_actions],
        new=[after_titles.get(i, titles.get(i, "")) for i in c.new_actions],
    )


def cohort_view(a: Assessment, cohort: Any, w: Words) -> CohortView:
    """Where `a` stands among the organisations of `cohort`, per dimension."""
    q, lang = a.questionnaire, w.lang
    keys = [(w("overall_score"), ("overall", "overall"))] + [
        (localised(d.label, lang), ("dimension", d.id)) for d in q.dimensions
    ]
    rows = []
    for label, key in keys:
        spread = cohort.quartiles(key)
        own = a.overall.score if key[0] == "overall" else a.dimensions[key[1]].score
        band = level_band(q, q.level_for(own)) if key[0] == "overall" and own is not None else None
        percentile = cohort.percentile(a, key)
        rows.append(
            CohortRow(
                label=label,
                own=w.score(own, band),
                median=w.score(spread.median) if spread else "–",
                quartiles=f"{w.score(spread.q1)}\u2013{w.score(spread.q3)}" if spread else "–",
                percentile=w.score(percentile),
            )
        )
    return CohortView(intro=w("cohort_intro", count=len(cohort)), rows=rows)
