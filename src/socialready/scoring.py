"""``assess()``: a pure function from a questionnaire and validated responses to an Assessment.

The rules are written out in ``docs/scoring.md``. In short: a question's normalised score
is its points over its maximum points; a section aggregates its counted questions by weight
(``mean``: weighted mean of normalised scores; ``sum``: weighted raw points over weighted
raw maxima; ``min``: the weakest counted question), steps aggregate sections, the overall
score aggregates steps, and each dimension aggregates the questions tagged with it. Every
score keeps the ids of what it aggregates, and every question its points, maximum, weight
and normalised value — or why it was left out.

Everything that depends only on the questionnaire is prepared once per questionnaire.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from ._cache import per_questionnaire
from ._records import record
from .conditions import AnswerTest, compile_condition, evaluate, explain, iter_conditions
from .questionnaire import (
    Aggregation,
    MatrixQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    Questionnaire,
    Recommendation,
    ScaleQuestion,
    SingleChoiceQuestion,
    YesNoQuestion,
)
from .responses import AnswerValue, Responses, applicable_answers
from .staffing import Staffing, analyse_staffing

__all__ = [
    "Action",
    "Assessment",
    "Completeness",
    "Overall",
    "QuestionResult",
    "Reason",
    "ReferenceResult",
    "Score",
    "assess",
]

Status = Literal[
    "scored",
    "dont_know",
    "unanswered",
    "unanswered_excluded",
    "not_applicable",
    "condition_false",
    "unscored",
]
"""What became of a question: counted (``scored``; ``dont_know`` and ``unanswered`` count
0) or left out (``unanswered_excluded`` by the ``exclude`` policy, ``not_applicable`` by
the answer, ``condition_false`` because its ``when:`` is false, ``unscored`` because it
gives no points or has no weight)."""

COUNTED: frozenset[str] = frozenset({"scored", "dont_know", "unanswered"})


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
    """Whether the test held (``false`` under a ``not``)."""
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


# --- what is prepared once per questionnaire ---------------------------------------------

Scorer = Callable[[Any], tuple[Status, float]]
"""Answer value → (status, points) for one question."""

_LEFT_OUT: tuple[Status, float] = ("not_applicable", 0.0)


def _option_scorer(options: Sequence[Any]) -> Callable[[str], tuple[Status, float]]:
    table: dict[str, tuple[Status, float]] = {}
    for option in options:
        if option.not_applicable:
            table[option.id] = ("not_applicable", 0.0)
        elif option.dont_know:
            table[option.id] = ("dont_know", 0.0)
        else:
            table[option.id] = ("scored", option.points)
    return table.__getitem__


def _scorer(question: Question, unanswered_zero: bool) -> Scorer:
    if isinstance(question, SingleChoiceQuestion):
        return _option_scorer(question.options)
    if isinstance(question, MultipleChoiceQuestion):
        by_id = {o.id: o for o in question.options}
        cap = question.max_points

        def multi(value: list[str]) -> tuple[Status, float]:
            chosen = [by_id[v] for v in value]
            if any(o.not_applicable for o in chosen):
                return _LEFT_OUT
            if chosen and all(o.dont_know for o in chosen):
                return ("dont_know", 0.0)
            return ("scored", min(cap, sum(o.points for o in chosen)))

        return multi
    if isinstance(question, ScaleQuestion):
        points = {p.value: ("scored", p.points) for p in question.scale}
        return points.__getitem__  # type: ignore[return-value]
    if isinstance(question, YesNoQuestion):
        yes: tuple[Status, float] = ("scored", question.yes_points)
        no: tuple[Status, float] = ("scored", question.no_points)
        return lambda value: yes if value else no
    if isinstance(question, NumberQuestion):
        bands = [(b.from_, b.to, b.points) for b in question.bands]

        def number(value: float) -> tuple[Status, float]:
            for low, high, points in bands:
                if (low is None or value >= low) and (high is None or value < high):
                    return ("scored", points)
            return ("scored", 0.0)  # pragma: no cover - bands cover the bounds

        return number
    if isinstance(question, MatrixQuestion):
        option = _option_scorer(question.options)
        rows = [(r.id, r.weight) for r in question.rows]
        top = question.max_points

        def matrix(value: dict[str, str]) -> tuple[Status, float]:
            earned = possible = 0.0
            answered_any = False
            for row, weight in rows:
                given = value.get(row)
                if given is None:
                    if unanswered_zero:
                        possible += weight * top
                    continue
                status, points = option(given)
                if status == "not_applicable":
                    continue
                answered_any = True
                earned += weight * points
                possible += weight * top
            if not answered_any or possible == 0:
                return _LEFT_OUT
            return ("scored", top * earned / possible)

        return matrix
    raise TypeError(f"no scorer for {question.kind}")  # pragma: no cover


class _QuestionPlan(NamedTuple):
    id: str
    section: str
    weight: float
    max_points: float
    scored: bool
    scorer: Scorer | None


class _Plan:
    """The questionnaire's structure, flattened for scoring many responses fast."""

    def __init__(self, q: Questionnaire) -> None:
        zero = q.scoring.unanswered == "zero"
        self.questionnaire = q
        self.unanswered_zero = zero
        self.questions = [
            _QuestionPlan(
                x.id,
                section.id,
                x.weight,
                x.max_points,
                x.scored,
                _scorer(x, zero) if x.scored else None,
            )
            for step, section, x in q.iter_questions()
        ]
        default = q.scoring.aggregation
        self.sections = [
            (
                section.id,
                section.weight,
                section.aggregation or step.aggregation or default,
                tuple(x.id for x in section.questions),
            )
            for step in q.steps
            for section in step.sections
        ]
        self.section_weights = {s.id: s.weight for step in q.steps for s in step.sections}
        self.steps = [
            (step.id, step.weight, step.aggregation or default, tuple(s.id for s in step.sections))
            for step in q.steps
        ]
        self.step_weights = {step.id: step.weight for step in q.steps}
        self.aggregation = default
        self.dimensions = [
            (d.id, tuple(x.id for _, _, x in q.iter_questions() if d.id in x.dimensions))
            for d in q.dimensions
        ]
        self.step_of = {x.id: step.id for step, _, x in q.iter_questions()}
        self.steps_questions = {
            step.id: tuple(x.id for s in step.sections for x in s.questions) for step in q.steps
        }
        self.when = {
            x.id: compile_condition(x.when) for _, _, x in q.iter_questions() if x.when is not None
        }
        self.counts_for_completeness = {x.id for _, _, x in q.iter_questions() if x.kind != "text"}
        order = {"high": 0, "medium": 1, "low": 2}
        step_order = {step.id: i for i, step in enumerate(q.steps)}
        ranked = sorted(
            enumerate(q.recommendations),
            key=lambda item: (order[item[1].priority], step_order[item[1].step], item[0]),
        )
        self.recommendations = [(rec, compile_condition(rec.when)) for _, rec in ranked]
        self.priority_order = order
        self.step_order = step_order


_plan: Callable[[Questionnaire], _Plan] = per_questionnaire(_Plan)


# --- aggregation ------------------------------------------------------------------------


def _aggregate(
    mode: Aggregation, parts: Sequence[tuple[float, float | None, float, float]]
) -> tuple[float | None, float, float, int]:
    """Combine ``(weight, normalised, points, max_points)`` of the counted parts.

    Returns (score in [0, 100] or ``None``, weighted points, weighted maxima, counted).
    """
    total_weight = weighted = points = maxima = 0.0
    lowest: float | None = None
    counted = 0
    for weight, normalised, earned, possible in parts:
        if normalised is None or weight <= 0:
            continue
        counted += 1
        total_weight += weight
        weighted += weight * normalised
        points += weight * earned
        maxima += weight * possible
        if lowest is None or normalised < lowest:
            lowest = normalised
    if not counted:
        return None, 0.0, 0.0, 0
    score: float | None
    if mode == "mean":
        score = 100.0 * weighted / total_weight
    elif mode == "sum":
        score = 100.0 * points / maxima if maxima > 0 else None
    else:
        score = 100.0 * lowest if lowest is not None else None
    if score is not None:
        score = min(100.0, max(0.0, score))
    return score, points, maxima, counted


def _as_part(weight: float, score: Score) -> tuple[float, float | None, float, float]:
    normalised = None if score.score is None else score.score / 100.0
    return weight, normalised, score.points, score.max_points


# --- assess -----------------------------------------------------------------------------


def assess(questionnaire: Questionnaire, responses: Responses) -> Assessment:
    """Score ``responses`` against ``questionnaire``: a pure function of its two arguments.

    The responses must have been validated against this very questionnaire (same
    fingerprint); :func:`~socialready.load_responses` does that.
    """
    if responses.fingerprint != questionnaire.fingerprint:
        from .errors import SocialReadyError

        raise SocialReadyError(
            f"these responses were validated against {responses.questionnaire}"
            f" (fingerprint {responses.fingerprint[:12]}…), not against"
            f" {questionnaire.ref} (fingerprint {questionnaire.fingerprint[:12]}…)"
        )
    plan = _plan(questionnaire)
    answers = applicable_answers(responses.answers, questionnaire)
    results: dict[str, QuestionResult] = {}
    zero = plan.unanswered_zero
    for item in plan.questions:
        ident = item.id
        value = answers.get(ident)
        if value is None:
            when = plan.when.get(ident)
            if when is not None and not when(answers, None):
                status: Status = "condition_false"
            elif not item.scored:
                status = "unscored"
            else:
                status = "unanswered" if zero else "unanswered_excluded"
            points = 0.0 if status == "unanswered" else None
        elif item.scorer is None:
            status, points = "unscored", None
        else:
            status, earned = item.scorer(value)
            points = None if status == "not_applicable" else earned
        answered = value is not None
        if points is None:
            results[ident] = QuestionResult(
                ident, status, None, item.max_points, item.weight, None, answered
            )
        else:
            results[ident] = QuestionResult(
                ident,
                status,
                points,
                item.max_points,
                item.weight,
                points / item.max_points,
                answered,
            )

    sections: dict[str, Score] = {}
    for ident, _weight, mode, members in plan.sections:
        parts = [
            (r.weight, r.normalised, r.points or 0.0, r.max_points)
            for r in map(results.__getitem__, members)
        ]
        score, points, maxima, counted = _aggregate(mode, parts)
        sections[ident] = Score(ident, score, points, maxima, members, counted)
    steps: dict[str, Score] = {}
    for ident, _weight, mode, members in plan.steps:
        parts = [_as_part(plan.section_weights[m], sections[m]) for m in members]
        score, points, maxima, counted = _aggregate(mode, parts)
        steps[ident] = Score(ident, score, points, maxima, members, counted)
    parts = [_as_part(plan.step_weights[ident], steps[ident]) for ident, *_ in plan.steps]
    score, points, maxima, counted = _aggregate(plan.aggregation, parts)
    level = questionnaire.level_for(score).id if score is not None else None
    step_ids = tuple(ident for ident, *_ in plan.steps)
    overall = Overall(score, level, points, maxima, step_ids, counted)
    dimensions: dict[str, Score] = {}
    for ident, members in plan.dimensions:
        parts = [
            (r.weight, r.normalised, r.points or 0.0, r.max_points)
            for r in map(results.__getitem__, members)
        ]
        score, points, maxima, counted = _aggregate(plan.aggregation, parts)
        dimensions[ident] = Score(ident, score, points, maxima, members, counted)

    tables = {"step": steps, "section": sections, "dimension": dimensions}

    def lookup(kind: str, ident: str) -> float | None:
        if kind == "overall":
            return overall.score
        found = tables[kind].get(ident)
        return found.score if found else None

    staffing = analyse_staffing(questionnaire, answers)
    actions = _actions(plan, answers, lookup)
    if staffing is not None and staffing.gaps:
        actions = _with_staffing(plan, actions, staffing)
    return Assessment.model_construct(
        questionnaire=questionnaire,
        responses=responses,
        overall=overall,
        steps=steps,
        sections=sections,
        dimensions=dimensions,
        questions=results,
        completeness=_completeness(plan, results),
        actions=tuple(actions),
        staffing=staffing,
        references=_references(questionnaire, answers),
    )


def _completeness(plan: _Plan, results: Mapping[str, QuestionResult]) -> CompletenessReport:
    """Applicable questions (all but free text) answered, overall and per step."""

    def measure(members: Sequence[str]) -> Completeness:
        applicable = [
            m
            for m in members
            if m in plan.counts_for_completeness
            and results[m].status not in ("condition_false", "not_applicable")
        ]
        unanswered = tuple(m for m in applicable if not results[m].answered)
        answered = len(applicable) - len(unanswered)
        share = answered / len(applicable) if applicable else 1.0
        return Completeness(len(applicable), answered, share, unanswered)

    steps = {step: measure(members) for step, members in plan.steps_questions.items()}
    return CompletenessReport(measure([item.id for item in plan.questions]), steps)


def _reason(leaf: Any, holds: bool, answers: Mapping[str, Any], lookup: Any) -> Reason:
    if isinstance(leaf, AnswerTest):
        operator = leaf.operator
        value = answers.get(leaf.question)
        if leaf.row is not None and isinstance(value, dict):
            value = value.get(leaf.row)
        return Reason(
            "answer", leaf.question, holds, operator, leaf.operand(operator), value, leaf.row
        )
    kind, ident = leaf.score.scope
    subject = "overall" if kind == "overall" else f"{kind}:{ident}"
    test = "below" if leaf.below is not None else "at_least"
    threshold = leaf.below if leaf.below is not None else leaf.at_least
    return Reason("score", subject, holds, test, threshold, lookup(kind, ident))


def _actions(plan: _Plan, answers: Mapping[str, Any], lookup: Any) -> list[Action]:
    actions = []
    for rec, condition in plan.recommendations:
        if condition(answers, lookup):
            _, leaves = explain(rec.when, answers, lookup)
            reasons = tuple(_reason(leaf, holds, answers, lookup) for leaf, holds in leaves)
            actions.append(_action(rec, reasons))
    return actions


def _action(rec: Recommendation, reasons: tuple[Reason, ...]) -> Action:
    return Action(
        rec.id,
        "recommendation",
        rec.step,
        rec.priority,
        rec.owner,
        rec.horizon,
        rec.title,
        rec.detail,
        reasons,
    )


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _fill(template: dict[str, str], values: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Replace ``{name}`` in each language's text; no format-string evaluation."""

    def fill(lang: str, text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), {}).get(lang, m.group(0)), text)

    return {lang: fill(lang, text) for lang, text in template.items()}


@cache
def _percent(share: float, lang: str) -> str:
    from babel.numbers import format_percent

    return str(format_percent(share / 100.0, locale=lang))


def _with_staffing(plan: _Plan, actions: list[Action], staffing: Staffing) -> list[Action]:
    q = plan.questionnaire
    rules = q.staffing
    assert rules is not None
    roster = q.questions[rules.roster]
    step = plan.step_of[roster.id]
    duty_field = next(f for f in roster.fields if f.id == rules.responsibilities_field)  # type: ignore[union-attr]
    duty_labels = {o.id: o.label for o in duty_field.options}
    department_labels = {d.id: d.label for d in q.departments}
    languages = q.languages
    for gap in staffing.gaps:
        template = rules.gaps[gap.kind]
        values: dict[str, dict[str, str]] = {
            "people": {lang: ", ".join(gap.people) for lang in languages},
            "person": dict.fromkeys(languages, gap.people[0] if gap.people else ""),
        }
        if gap.responsibility:
            values["responsibility"] = duty_labels[gap.responsibility]
        if gap.department:
            values["department"] = department_labels.get(
                gap.department, dict.fromkeys(languages, gap.department)
            )
        if gap.share is not None:
            values["share"] = {lang: _percent(gap.share, lang) for lang in languages}
        subject = gap.responsibility or gap.department or (gap.people[0] if gap.people else "")
        actions.append(
            Action(
                f"staffing-{gap.kind}-{subject}",
                "staffing",
                step,
                template.priority,
                template.owner,
                template.horizon,
                _fill(template.title, values),
                _fill(template.detail, values),
                (
                    Reason(
                        "staffing",
                        gap.kind,
                        True,
                        gap.kind,
                        None,
                        gap.share if gap.share is not None else list(gap.people) or None,
                        gap.responsibility or gap.department,
                    ),
                ),
            )
        )
    order, steps = plan.priority_order, plan.step_order
    # stable: recommendations keep their file order within one priority and step
    return sorted(actions, key=lambda a: (order[a.priority], steps[a.step]))


def _references(q: Questionnaire, answers: Mapping[str, Any]) -> tuple[ReferenceResult, ...]:
    results = []
    for figure in q.reference_figures:
        own: float | None = None
        holds: bool | None = None
        if figure.question is not None:
            value = answers.get(figure.question)
            own = float(value) if isinstance(value, int | float) else None
        elif figure.holds is not None:
            asked = {
                leaf.question
                for _, leaf in iter_conditions(figure.holds)
                if isinstance(leaf, AnswerTest)
            }
            if any(answers.get(ident) is not None for ident in asked):
                holds = evaluate(figure.holds, answers)
        results.append(ReferenceResult(figure.id, figure.value, own, holds))
    return tuple(results)
