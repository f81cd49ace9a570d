"""From an Assessment to what the report shows: every text resolved, every number formatted.

The templates receive only what this module builds — plain strings, numbers and lists —
so they hold no logic beyond layout, and no internal id (question, option or action id)
or raw boolean ever reaches the reader.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import StringConstraints

from .._base import StrictModel
from .._kinds import as_roster, kind_of
from ..errors import SocialReadyError, excerpt
from ..questionnaire import (
    MaturityLevel,
    Question,
    Questionnaire,
    Step,
    SummaryRules,
    localised,
)
from ..scoring import Action, Assessment, Reason
from ..staffing import person_key
from . import charts
from .i18n import Band, Words

__all__ = ["DocumentInfo", "ReportView", "build_view"]


@dataclass(frozen=True)
class Bar:
    label: str
    score: str
    value: float | None


@dataclass(frozen=True)
class AnswerRow:
    question: str
    answer: str
    points: str
    note: str = ""
    evidence: str = ""
    share: float | None = None


_IN_PLACE, _TO_WORK_ON = 3 / 4 - 1e-9, 1 / 3 + 1e-9
"""Where the answers a step chapter shows begin: three quarters of the points or more is
"already in place", a third or less "to work on" (``3/4`` and ``1/3`` themselves included,
whatever the rounding of ``points / max_points``); the answers in between are in the
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
    level: str = ""
    """The maturity level the step's score falls in (empty without a score)."""
    synthesis: list[str] | None = None
    """The step in a few sentences (:func:`step_synthesis`)."""


@dataclass(frozen=True)
class ActionView:
    title: str
    detail: str
    owner: str
    horizon: str
    step: str
    reasons: list[str]


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
    """Role letters for each responsibility, in the order of ``StaffingView.duties``."""


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
    """Dimensions at or above the questionnaire's ``strength_at``, strongest first."""
    weaknesses: list[Bar]
    """Dimensions below its ``weakness_below``, weakest first."""
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
    method: MethodView | None = None
    scale_svg: str = ""
    """The maturity scale with the organisation's place on it (empty without a score)."""
    scale_caption: str = ""
    """Its place in words: the level's rank, the next level and the distance to it."""


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters: whole when it fits, else cut at the last
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
    """A country code in words, in the report's language (``FR`` → ``France``)."""
    if not code:
        return ""
    from babel import Locale

    name = Locale.parse(w.locale).territories.get(code)
    return str(name) if name else code


def _points(result: Any, w: Words) -> str:
    if result.status in ("not_applicable",):
        return w("not_applicable")
    if result.status == "condition_false":
        return ""  # the answer column says it was not asked
    if result.points is None or result.max_points <= 0 or result.status == "unscored":
        return ""
    return f"{w.number(result.points, 1)} / {w.number(result.max_points, 1)}"


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
        # the score on the side of the threshold it was found on, whatever the rounding
        side = (-math.inf, limit) if reason.test == "below" else (limit, math.inf)
        score = w.score(reason.actual if isinstance(reason.actual, int | float) else None, side)
        threshold = w.number(limit, 1)
        scope = "overall" if kind == "overall" else "score"
        key = f"reason_{scope}_below" if reason.test == "below" else f"reason_{scope}_at_least"
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
    names = {level.id: level.name for level in q.maturity_levels}
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
    return ActionView(
        title=localised(action.title, lang),
        detail=localised(action.detail, lang),
        owner=_owner(action, departments, w),
        horizon=w(f"horizon_{action.horizon}"),
        step=localised(steps.get(action.step), lang),
        reasons=list(dict.fromkeys(reasons)),
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
                source=localised(figure.source, lang),
            )
        )
    return views


def level_band(q: Questionnaire, level: MaturityLevel | None) -> Band | None:
    """The overall scores of ``level``: from its ``from`` (included) to its ``to`` (excluded),
    the last level open above (100 is in it)."""
    if level is None:
        return None
    return (level.from_, math.inf if level is q.maturity_levels[-1] else level.to)


def step_synthesis(
    a: Assessment, step: Step, sections: list[SectionView], w: Words
) -> tuple[str, list[str]]:
    """A step's level and its synthesis in a few sentences, built from its findings by
    rules: its score and level, its strongest and weakest sections, how many answers are
    in place and to work on, and how many actions of the plan concern it."""
    q = a.questionnaire
    step_id = step.id
    score = a.steps[step_id].score
    if score is None:
        return "", [w("step_no_score")]
    level = q.level_for(score)
    band = level_band(q, level)
    name = localised(level.name, w.lang)
    sentences = [
        w(
            "step_level",
            score=w.score(score, band),
            level=name,
            number=q.maturity_levels.index(level) + 1,
            count=len(q.maturity_levels),
        )
    ]
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
    return name, sentences


def _plural(key: str, count: int) -> str:
    """``key`` with the suffix of ``count``: ``_none``, ``_one`` or ``_many``."""
    return f"{key}_{'none' if count == 0 else 'one' if count == 1 else 'many'}"


def _areas(
    dims: list[Bar], rules: SummaryRules, w: Words
) -> tuple[list[Bar], list[Bar], list[Bar]]:
    """The dimensions that are strengths (at ``strength_at`` or more), strongest first;
    those to strengthen (below ``weakness_below``), weakest first; and the others, strongest
    first (a dimension without a score among them). Each score is printed on the side of
    the threshold it was found on (59.6 is not "60" beside "a strength from 60")."""
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
        groups[group].append(Bar(bar.label, w.score(value, band), value))
    groups[1].reverse()
    return groups


def build_view(a: Assessment, lang: str, *, primary: str, secondary: str) -> ReportView:
    """The report's content for ``a`` in ``lang``."""
    q, r = a.questionnaire, a.responses
    w = Words(lang)
    org = r.organisation
    levels = {level.id: level for level in q.maturity_levels}
    level = levels.get(a.overall.level or "")
    dims = [
        Bar(localised(d.label, lang), w.score(a.dimensions[d.id].score), a.dimensions[d.id].score)
        for d in q.dimensions
    ]
    rules = q.summary or SummaryRules()
    strengths, weaknesses, between = _areas(dims, rules, w)
    overall_band = level_band(q, level)
    overall = w.score(a.overall.score, overall_band)
    steps_bars = [(localised(s.title, lang), a.steps[s.id].score) for s in q.steps]
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
                    points=_points(result, w),
                    # what the assessor typed keeps its line breaks, not the one at its end
                    note=w.typeset((annotation.note or "").strip()) if annotation else "",
                    evidence=w.typeset((annotation.evidence or "").strip()) if annotation else "",
                    share=result.normalised,
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
            sections.append(
                SectionView(
                    anchor=f"section-{len(step_views)}-{len(sections)}",
                    title=localised(section.title, lang),
                    score=w.score(score),
                    value=score,
                    scored=any(x.scored for x in section.questions),
                    strong=strong,
                    weak=weak,
                    answers=rows_all,
                    answered=any(a.questions[x.id].answered for x in section.questions),
                )
            )
            appendix.append((localised(section.title, lang), rows_all))
        bars = charts.bars_svg(
            [(s.title, s.value) for s in sections if s.scored],
            width=680,  # the sections' names on one line: shorter bars, a shorter chart
            title=w("by_section"),
            colour=primary,
            value_format=lambda v: w.number(v),
        )
        step_level, synthesis = step_synthesis(a, step, sections, w)
        step_views.append(
            StepView(
                anchor=f"step-{n}",
                number=n,
                title=localised(step.title, lang),
                description=localised(step.description, lang),
                score=w.score(a.steps[step.id].score),
                value=a.steps[step.id].score,
                bars_svg=bars,
                sections=sections,
                level=step_level,
                synthesis=synthesis,
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
        org_size=w("employees", band=org.size_band.replace("-", "\u2013")) if org.size_band else "",
        org_country=_country(org.country, w),
        date=w.date(r.date),
        assessor=r.assessor,
        score=overall,
        level=localised(level.name, lang) if level else "–",
        level_meaning=localised(level.meaning, lang) if level else "",
        level_held=level_held(a, w),
        gauge_svg=charts.gauge_svg(
            a.overall.score, colour=primary, value_format=lambda v: w.score(v, overall_band)
        ),
        # a radar reads well up to eight axes; beyond, its labels crowd it: bars instead
        radar_svg=charts.radar_svg([(b.label, b.value) for b in dims], colour=primary)
        if len(dims) <= 8
        else charts.bars_svg(
            [(b.label, b.value) for b in dims], colour=primary, value_format=lambda v: w.number(v)
        ),
        steps_svg=charts.bars_svg(steps_bars, colour=primary, value_format=lambda v: w.number(v)),
        summary_intro=w(
            "summary_intro" if a.overall.score is not None else "summary_intro_no_score",
            org=org.name,
            score=overall,
            level=localised(level.name, lang) if level else "–",
        ),
        subtitle=w("report_subtitle" if len(q.steps) == 3 else "report_subtitle_any"),
        strengths=strengths,
        weaknesses=weaknesses,
        between=between,
        no_strength=w("no_strength", threshold=w.number(rules.strength_at, 1)),
        no_weakness=w("no_weakness", threshold=w.number(rules.weakness_below, 1)),
        thresholds=w(
            "area_thresholds",
            strong=w.number(rules.strength_at, 1),
            weak=w.number(rules.weakness_below, 1),
        ),
        top_actions=[_action_view(x, q, a, w) for x in a.actions[:5]],
        steps=step_views,
        dimensions=dims,
        priorities=[p for p in priorities if p.actions],
        action_count=len(a.actions),
        staffing=_staffing_view(a, q, w),
        figures=_figures(a, q, w),
        method=method_view(a, w),
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
    )


def scale_position(a: Assessment, w: Words, *, primary: str) -> tuple[str, str]:
    """The maturity scale as a figure and a sentence: every level with its thresholds, the
    organisation's level and rank, the next level and how many points away it starts,
    computed from the score as printed (56 is "4 points" below 60, 59.6 "0.4")."""
    q, score = a.questionnaire, a.overall.score
    if score is None:
        return "", ""
    levels = q.maturity_levels
    level = q.level_for(score)
    band = level_band(q, level)
    number, count = levels.index(level) + 1, len(levels)
    name = localised(level.name, w.lang)
    if number < count:
        following = levels[number]
        distance = Decimal(str(following.from_)) - w.shown_score(score, band)
        points = w(_points_word(distance, w), distance=_shown(distance, w))
        values = {"level": name, "number": number, "count": count, "points": points}
        following_name = localised(following.name, w.lang)
        threshold = w.number(following.from_, 1)
        caption = w("scale_caption", **values, next=following_name, threshold=threshold)
        title = w("scale_title", **values, next=following_name)
    else:
        caption = w("scale_caption_top", level=name, number=number, count=count)
        title = w("scale_title_top", level=name, number=number, count=count)
    svg = charts.scale_svg(
        [(localised(x.name, w.lang), x.from_, x.to) for x in levels],
        score,
        colour=primary,
        title=title,
        value_format=lambda v: w.score(v, band) if v == score else w.number(v, 1),
    )
    return svg, caption


def _points_word(distance: Decimal, w: Words) -> str:
    """``points_one`` or ``points_many`` for ``distance``: French puts a quantity below 2
    in the singular ("1,5 point"), English only 1."""
    one = distance < 2 if w.lang == "fr" else distance == 1
    return "points_one" if one else "points_many"


def method_view(a: Assessment, w: Words, info: DocumentInfo | None = None) -> MethodView:
    """The method and scope of the report: how scores are built, who answered and when,
    the share of answers backed by evidence, the limits, and the document's control facts
    (``info``'s when given)."""
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
        scores=w("method_scores"),
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
    """What changed since ``previous`` (an earlier assessment of the same organisation)."""
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
    levels = {level.id: localised(level.name, lang) for level in q.maturity_levels}
    earlier = {level.id: level for level in previous.questionnaire.maturity_levels}
    bands = (
        level_band(previous.questionnaire, earlier.get(c.level_before or "")),
        level_band(q, next((x for x in q.maturity_levels if x.id == c.level_after), None)),
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
    """Where ``a`` stands among the organisations of ``cohort``, per dimension."""
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
