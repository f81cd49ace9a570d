"""`assess()`: a pure function from a questionnaire and validated responses to an Assessment.

The rules are written out in `docs/scoring.md`. In short: a question's normalised score
is its points over its maximum points; a section aggregates its counted questions by weight
(`mean`: weighted mean of normalised scores; `sum`: weighted raw points over weighted
raw maxima; `min`: the weakest counted question), steps aggregate sections, the overall
score aggregates steps, and each dimension aggregates the questions tagged with it. Every
score keeps the ids of what it aggregates, and every question its points, maximum, weight
and normalised value — or why it was left out.

What depends only on the questionnaire is read from its prepared form (`_prepared.py`);
nothing here writes into it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from math import fsum
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar

from ._base import made
from ._kinds import kind_of
from ._prepared import (
    Outcome,
    Part,
    Prepared,
    PreparedCap,
    PreparedPlan,
    PreparedQuestion,
    PreparedRecommendation,
    PreparedStaffing,
    PreparedStep,
    prepare,
)
from ._records import build
from .assessment import (
    Action,
    Assessment,
    Cap,
    Completeness,
    CompletenessReport,
    Gain,
    Gap,
    LevelPath,
    Levels,
    Overall,
    QuestionResult,
    Reason,
    ReferenceResult,
    Score,
    Staffing,
    Stage,
)
from .conditions import ScoreLookup
from .errors import Problem, ResponsesError, SocialReadyError, excerpt
from .questionnaire import (
    Aggregation,
    GapAction,
    GroupedText,
    Questionnaire,
)
from .responses import Responses, applying
from .staffing import analysed

__all__ = [
    "Action",
    "Assessment",
    "Cap",
    "Completeness",
    "Gain",
    "LevelPath",
    "Overall",
    "QuestionResult",
    "Reason",
    "ReferenceResult",
    "Score",
    "Stage",
    "assess",
    "led_to",
]


# --- aggregation ------------------------------------------------------------------------


def _score(ident: str, parts: list[float], mode: Aggregation, members: tuple[str, ...]) -> Score:
    """The score of counted `parts`, aggregated by `mode`.

    `parts` holds the counted parts one after the other, five numbers each (see
    `Part`), so that each column is a slice. Sums are correctly rounded
    (`math.fsum`): a score does not depend on the order of its parts, nor on the Python
    version (whose `sum()` changed in 3.12).

    No score is clamped: it lies in [0, 100] by its arithmetic. Every part has
    `w·points <= w·max` and `w·normalised <= w` (rounding is monotonic, and a
    normalised value is at most 1), so each correctly rounded sum is at most the one it is
    divided by, their ratio is at most 1, and 100 times it at most 100. The ratio is taken
    first: `(100·a) / b` can round above 100 when `a == b`.
    """
    if not parts:
        return build(Score, (ident, None, 0.0, 0.0, members, 0))
    if len(parts) == 5:
        weight, weighted, points, maxima, normalised = parts
        if mode == "mean":
            score: float | None = 100.0 * (weighted / weight)
        elif mode == "sum":
            score = 100.0 * (points / maxima) if maxima > 0 else None
        else:
            score = 100.0 * normalised
    else:
        points, maxima = fsum(parts[2::5]), fsum(parts[3::5])
        if mode == "mean":
            score = 100.0 * (fsum(parts[1::5]) / fsum(parts[0::5]))
        elif mode == "sum":
            score = 100.0 * (points / maxima) if maxima > 0 else None
        else:
            score = 100.0 * min(parts[4::5])
    return build(Score, (ident, score, points, maxima, members, len(parts) // 5))


def _part(weight: float, score: Score) -> Part | None:
    """What a section's (or step's) score adds to its step (or the overall score)."""
    if score.score is None or weight <= 0:
        return None
    normalised = score.score / 100.0
    return (
        weight,
        weight * normalised,
        weight * score.points,
        weight * score.max_points,
        normalised,
    )


# --- assess -----------------------------------------------------------------------------


class _Questions(NamedTuple):
    """What the questions of one response add up to, before any score is computed."""

    results: dict[str, QuestionResult]
    parts: list[list[float]]
    """The counted parts of each section, then of each dimension (see `Part`)."""
    applicable: list[int]
    """Per step: how many questions count for completeness."""
    missing: list[list[str]]
    """Per step: the ids of those left unanswered."""
    outcomes: list[Outcome]
    """The outcome of each question, in questionnaire order."""


def _questions(
    prepared: Prepared, answers: Mapping[str, Any], inapplicable: frozenset[str]
) -> _Questions:
    parts: list[list[float]] = [
        [] for _ in range(len(prepared.sections) + len(prepared.dimensions))
    ]
    applicable = [0] * len(prepared.steps)
    missing: list[list[str]] = [[] for _ in prepared.steps]
    results: dict[str, QuestionResult] = {}
    outcomes: list[Outcome] = []
    for item in prepared.questions:
        ident = item.id
        value = answers.get(ident)
        if value is None:  # the answers of questions that do not apply are left out
            outcome = item.condition_false if ident in inapplicable else item.unanswered
        else:
            kind = type(value)  # lists and mappings are no keys; most answers are found here
            scored = item.by_value.get(value) if kind is not list and kind is not dict else None
            if scored is None:
                scored = item.answered_only if item.scorer is None else item.outcome_of(value)
            if scored is None:
                raise _does_not_fit(ident, value)
            outcome = scored
        outcomes.append(outcome)
        result, part, counted = outcome
        results[ident] = result
        if counted:
            applicable[item.step] += 1
            if counted == 2:
                missing[item.step].append(ident)
        if part is not None:
            for target in item.targets:
                parts[target] += part
    return _Questions(results, parts, applicable, missing, outcomes)


def _does_not_fit(ident: str, value: Any) -> ResponsesError:
    return ResponsesError(
        [
            Problem(
                f"the answer {excerpt(value)} does not fit the question",
                path=("answers", ident),
                expected="answers checked by load_responses(), which refuses it",
            )
        ]
    )


def assess(questionnaire: Questionnaire, responses: Responses) -> Assessment:
    """Score `responses` against `questionnaire`: a pure function of its two arguments.

    The responses must have been validated against this very questionnaire (same
    fingerprint); `load_responses` does that. An answer that does not
    fit its question (responses built by hand) is a `ResponsesError`.
    """
    if responses.fingerprint != questionnaire.fingerprint:
        raise SocialReadyError(
            f"these responses were validated against {responses.questionnaire}"
            f" (fingerprint {responses.fingerprint[:12]}…), not against"
            f" {questionnaire.ref} (fingerprint {questionnaire.fingerprint[:12]}…)"
        )
    prepared = prepare(questionnaire)
    answers, inapplicable = applying(responses, prepared)
    results, parts, applicable, missing, outcomes = _questions(prepared, answers, inapplicable)
    n_sections = len(prepared.sections)
    sections = {
        section.id: _score(section.id, parts[i], section.aggregation, section.members)
        for i, section in enumerate(prepared.sections)
    }
    steps = {step.id: _step_score(step, sections) for step in prepared.steps}
    total = _total(prepared, steps)
    score = total.score
    dimensions = {
        dimension.id: _score(
            dimension.id, parts[n_sections + i], prepared.aggregation, dimension.members
        )
        for i, dimension in enumerate(prepared.dimensions)
    }
    tables = {"step": steps, "section": sections, "dimension": dimensions}
    lookup = _lookup(tables, score)
    scale = prepared.overall_scale
    level = scale.level_for(score) if score is not None and scale is not None else None
    caps: tuple[Cap, ...] = ()
    if prepared.caps and level is not None:
        level, caps = _capped(prepared, level, answers, lookup)
    overall = build(
        Overall, (score, level, total.points, total.max_points, prepared.step_ids, total.counted)
    )
    staffing = analysed(prepared.staffing, answers)
    actions = _actions(prepared, answers, lookup)
    if staffing is not None and staffing.gaps:
        actions = _with_staffing(prepared, actions, staffing)
    if prepared.plan is not None and actions:
        actions = _fitted(prepared, prepared.plan, actions, answers, staffing)
    gains: tuple[Gain, ...] = ()
    path: LevelPath | None = None
    if prepared.leads_to and actions:
        now = _State(responses.answers, answers, inapplicable, tables, score, level, outcomes)
        gains, path = _gains(questionnaire, prepared, actions, now)
    return made(
        Assessment,
        {
            "questionnaire": questionnaire,
            "responses": responses,
            "overall": overall,
            "steps": steps,
            "sections": sections,
            "dimensions": dimensions,
            "questions": results,
            "completeness": _completeness(prepared, applicable, missing),
            "actions": tuple(actions),
            "staffing": staffing,
            "references": _references(prepared, answers, results),
            "caps": caps,
            "levels": _levels(prepared, tables),
            "gains": gains,
            "path": path,
            "roadmap_read": None,  # the roadmap is made when read
        },
    )


def _levels(prepared: Prepared, tables: Mapping[str, Mapping[str, Score]]) -> Levels:
    """The level of each score that has a level scale and a score."""
    if not prepared.scales:
        return _NO_LEVELS
    found: dict[str, dict[str, str]] = {"steps": {}, "sections": {}, "dimensions": {}}
    for table, ident, scale in prepared.scales:
        score = tables[table[:-1]][ident].score
        if score is not None:
            found[table][ident] = scale.level_for(score)
    return Levels(**found)


_NO_LEVELS = Levels({}, {}, {})


def _step_score(step: PreparedStep, sections: Mapping[str, Score]) -> Score:
    """The score of a step, from the scores of its sections."""
    counted: list[float] = []
    for section_id, weight in step.sections:
        if (part := _part(weight, sections[section_id])) is not None:
            counted += part
    return _score(step.id, counted, step.aggregation, step.members)


def _total(prepared: Prepared, steps: Mapping[str, Score]) -> Score:
    """The overall score, from the scores of the steps."""
    counted: list[float] = []
    for step in prepared.steps:
        if (part := _part(step.weight, steps[step.id])) is not None:
            counted += part
    return _score("overall", counted, prepared.aggregation, prepared.step_ids)


# --- expected gains, the path to the next level -------------------------------------------


class _State(NamedTuple):
    """The answers of one response, possibly as some actions leave them, and their scores."""

    raw: Mapping[str, Any]
    """Every answer given (inapplicable ones included), as the responses hold them."""
    answers: Mapping[str, Any]
    """The applicable answers."""
    inapplicable: frozenset[str]
    tables: Mapping[str, Mapping[str, Score]]
    """Scores by kind (`step`, `section`, `dimension`) and id."""
    score: float | None
    level: str | None
    outcomes: list[Outcome]
    """The outcome of each question, in questionnaire order (read, never written)."""


_EFFORT_UNITS = MappingProxyType({"small": 1.0, "medium": 2.0, "large": 4.0})
"""What each effort weighs when actions are ranked by gain per effort."""


def _lookup(tables: Mapping[str, Mapping[str, Score]], score: float | None) -> ScoreLookup:
    """The scores a condition's score tests read: the overall score, or one by kind and id."""

    def lookup(kind: str, ident: str) -> float | None:
        if kind == "overall":
            return score
        found = tables[kind].get(ident)
        return found.score if found is not None else None

    return lookup


def led_to(
    questionnaire: Questionnaire, answers: Mapping[str, Any], leads_to: Mapping[str, Any]
) -> dict[str, Any]:
    """`answers` once an action that leads to the answers `leads_to` is done.

    For each question of `leads_to`: a multiple choice keeps the options selected and
    adds the new ones (an exclusive option selected, such as "none" or "don't know", is
    dropped; a new exclusive option replaces the selection); a matrix keeps the rows
    answered and sets the new ones; any other answer is replaced. An answer is never made
    worse: when the answer so made gives fewer points than the one given, the given one
    stays. The expected gains of an assessment are those of a new assessment of these
    answers.
    """
    prepared = prepare(questionnaire)
    new = dict(answers)
    for ident, value in leads_to.items():
        item = prepared.by_id[ident]
        new[ident] = _led_to(item, new.get(ident), item.checker(value))
    return new


def _led_to(item: PreparedQuestion, given: Any, value: Any) -> Any:
    """The answer to one question once an action leading to `value` is done (see
    `led_to`)."""
    question = item.question
    new = kind_of(question).combined(question, given, value)
    if given is not None and new != given:
        before, after = item.score(given), item.score(new)
        if (
            before is not None
            and after is not None
            and before.result.points is not None
            and after.result.points is not None
            and after.result.points < before.result.points
        ):
            return given
    return new


def _outcome_of(item: PreparedQuestion, answers: Mapping[str, Any], inapplicable: Any) -> Outcome:
    """The outcome of one question (what the scoring loop of `_questions` finds, for
    a question at a time)."""
    value = answers.get(item.id)
    if value is None:
        return item.condition_false if item.id in inapplicable else item.unanswered
    found = item.score(value) if item.scorer is not None else item.answered_only
    if found is None:
        raise _does_not_fit(item.id, value)
    return found


def _rescored(
    q: Questionnaire, prepared: Prepared, state: _State, changes: tuple[tuple[str, Any], ...]
) -> _State:
    """`state` with the answers `changes` leads to: only the scores that contain a
    question whose applicable answer changed are computed again, each from all its parts,
    so that every score equals that of a whole new assessment."""
    raw = dict(state.raw)
    touched = []
    for ident, value in changes:
        new = _led_to(prepared.by_id[ident], raw.get(ident), value)
        if raw.get(ident) != new:
            raw[ident] = new
            touched.append(ident)
    if not touched:
        return state
    if prepared.when_tested.isdisjoint(touched):  # which questions apply does not change
        answers, inapplicable = dict(state.answers), state.inapplicable
        changed = [i for i in touched if i not in inapplicable]
        for ident in changed:
            answers[ident] = raw[ident]
    else:  # an answer of a question that does not apply is left out, before and after
        answers, inapplicable = prepared.applicable(raw)
        moved = inapplicable ^ state.inapplicable
        changed = [
            i for i in touched if i not in moved and (i in answers or i in state.answers)
        ] + list(moved)
    if not changed:
        return state._replace(raw=raw, answers=answers, inapplicable=inapplicable)
    outcomes = list(state.outcomes)
    position, questions = prepared.position, prepared.questions
    targets: set[int] = set()
    for ident in changed:
        index = position[ident]
        item = questions[index]
        outcomes[index] = _outcome_of(item, answers, inapplicable)
        targets.update(item.targets)
    sections, dimensions = dict(state.tables["section"]), dict(state.tables["dimension"])
    n_sections = len(prepared.sections)
    steps_touched = set()
    for target in sorted(targets):
        parts: list[float] = []
        for index in prepared.members[target]:
            part = outcomes[index].part
            if part is not None:
                parts += part
        if target < n_sections:
            section = prepared.sections[target]
            sections[section.id] = _score(section.id, parts, section.aggregation, section.members)
            steps_touched.add(prepared.section_step[target])
        else:
            dimension = prepared.dimensions[target - n_sections]
            dimensions[dimension.id] = _score(
                dimension.id, parts, prepared.aggregation, dimension.members
            )
    steps = dict(state.tables["step"])
    for index in steps_touched:
        step = prepared.steps[index]
        steps[step.id] = _step_score(step, sections)
    score = _total(prepared, steps).score if steps_touched else state.score
    tables = {"step": steps, "section": sections, "dimension": dimensions}
    new = _State(raw, answers, inapplicable, tables, score, None, outcomes)
    scale = prepared.overall_scale
    level = scale.level_for(score) if score is not None and scale is not None else None
    if prepared.caps and level is not None:
        level = _capped_level(prepared, level, answers, _lookup(new.tables, new.score))
    return new._replace(level=level)


def _holding(prepared: Prepared, state: _State, below: int) -> set[str]:
    """The level caps that hold in `state` and allow a level below rank `below`."""
    lookup = _lookup(state.tables, state.score)
    return {
        cap.id for cap in prepared.caps if cap.rank < below and cap.condition(state.answers, lookup)
    }


def _gains(
    q: Questionnaire, prepared: Prepared, actions: list[Action], now: _State
) -> tuple[tuple[Gain, ...], LevelPath | None]:
    """The expected gain of each action whose recommendation leads to answers, and the
    actions that take the organisation to the next level.

    The path is found greedily: the actions that lift a level cap holding the organisation
    below the next level first, then by gain on the overall score per unit of effort
    (small 1, medium 2, large 4), highest first, ties in plan order; actions are added in
    that order, each re-scored with all the answers before it, until the next level is
    reached. Actions that neither gain nor lift a cap are left out.
    """
    rank = prepared.level_rank
    target = None
    if now.level is not None and rank[now.level] + 1 < len(prepared.level_ids):
        target = prepared.level_ids[rank[now.level] + 1]
    held = _holding(prepared, now, rank[target]) if target is not None and prepared.caps else set()
    gains = []
    alone: dict[str, _State] = {}  # the state once each action alone is done
    for action in actions:
        rec = prepared.by_recommendation.get(action.id)
        if rec is None or not rec.leads_to or action.source != "recommendation":
            continue
        after = _rescored(q, prepared, now, rec.leads_to)
        alone[action.id] = after
        lifts = (
            tuple(sorted(held - _holding(prepared, after, rank[target])))
            if held and target is not None
            else ()
        )
        before_tables, after_tables = now.tables["dimension"], after.tables["dimension"]
        dimensions = {}
        for ident in rec.dimensions:
            old, new = before_tables[ident].score, after_tables[ident].score
            dimensions[ident] = None if old is None or new is None else new - old
        gain = None if now.score is None or after.score is None else after.score - now.score
        answers = {ident: after.raw.get(ident) for ident, _ in rec.leads_to}
        gains.append(
            build(
                Gain,
                (action.id, rec.effort, answers, after.score, gain, after.level, dimensions, lifts),
            )
        )
    if target is None:
        return tuple(gains), None
    useful = [(i, g) for i, g in enumerate(gains) if (g.gain or 0.0) > 0 or g.lifts]
    if not useful:
        return tuple(gains), None
    useful.sort(
        key=lambda item: (
            not item[1].lifts,
            -(item[1].gain or 0.0) / _EFFORT_UNITS[item[1].effort],
            item[0],
        )
    )
    state, chosen, reached = now, [], False
    for _, candidate in useful:
        rec = prepared.by_recommendation[candidate.action]
        if state is now:  # the first action: its state alone is known
            state = alone[candidate.action]
        else:
            state = _rescored(q, prepared, state, rec.leads_to)
        chosen.append(candidate.action)
        if state.level is not None and rank[state.level] >= rank[target]:
            reached = True
            break
    path = build(LevelPath, (target, tuple(chosen), state.score, state.level, reached))
    return tuple(gains), path


def _completeness(
    prepared: Prepared, applicable: list[int], missing: list[list[str]]
) -> CompletenessReport:
    """Applicable questions (all but free text) answered, overall and per step."""

    def measure(count: int, unanswered: tuple[str, ...]) -> Completeness:
        answered = count - len(unanswered)
        return build(
            Completeness, (count, answered, answered / count if count else 1.0, unanswered)
        )

    steps = {
        ident: measure(applicable[i], tuple(missing[i]))
        for i, ident in enumerate(prepared.step_ids)
    }
    everything = tuple(ident for unanswered in missing for ident in unanswered)
    return build(CompletenessReport, (measure(sum(applicable), everything), steps))


_Rule = TypeVar("_Rule", PreparedRecommendation, PreparedCap)


def _holding_with_reasons(
    rules: Iterable[_Rule], answers: Mapping[str, Any], lookup: ScoreLookup
) -> list[tuple[_Rule, tuple[Reason, ...]]]:
    """The rules whose condition holds, in order, each with the tests that decided it as
    reasons. One loop for all the rules rather than a call per rule that holds: this runs
    for every action of every response."""
    found = []
    for rule in rules:
        if not rule.condition(answers, lookup):
            continue
        found.append((rule, _reasons(rule, answers, lookup)))
    return found


def _reasons(
    rule: PreparedRecommendation | PreparedCap, answers: Mapping[str, Any], lookup: ScoreLookup
) -> tuple[Reason, ...]:
    """The tests that decided that `rule` (a prepared rule or recommendation, whose
    condition holds) holds, each with the answer or score it read."""
    decisive = rule.decisive
    if decisive is None:
        decisive = rule.explainer(answers, lookup)[1]
    leaves = rule.leaves
    reasons = []
    for index, holds in decisive:
        kind, subject, test, expected, question, row, scope = leaves[index]
        if kind == "answer":
            actual = answers.get(question) if question is not None else None
            if row is not None and type(actual) is dict:
                actual = actual.get(row)
        else:
            actual = lookup(*scope)
        reasons.append(build(Reason, (kind, subject, holds, test, expected, actual, row)))
    return tuple(reasons)


def _actions(prepared: Prepared, answers: Mapping[str, Any], lookup: ScoreLookup) -> list[Action]:
    """The action of each recommendation that holds, in plan order: the loop of
    `_holding_with_reasons`, each action made as its reasons are (one loop over the
    recommendations, no list of pairs between)."""
    actions = []
    for rec in prepared.recommendations:
        if not rec.condition(answers, lookup):
            continue
        reasons = _reasons(rec, answers, lookup)
        actions.append(build(Action, (*rec.head, reasons, None, None, rec.effort, rec.benefit)))
    return actions


def _capped(
    prepared: Prepared, level: str, answers: Mapping[str, Any], lookup: ScoreLookup
) -> tuple[str, tuple[Cap, ...]]:
    """The level once the caps that hold are applied, and those that held it down: a cap
    whose level is not below the score's level holds nothing down, and is not evaluated."""
    rank = lowest = prepared.level_rank[level]
    below = [cap for cap in prepared.caps if cap.rank < rank]
    if not below:  # the level is already at most every cap's (the expected gains ask often)
        return level, ()
    held = []
    for cap, reasons in _holding_with_reasons(below, answers, lookup):
        held.append(build(Cap, (cap.id, cap.level, level, reasons)))
        lowest = min(lowest, cap.rank)
    return prepared.level_ids[lowest], tuple(held)


def _capped_level(
    prepared: Prepared, level: str, answers: Mapping[str, Any], lookup: ScoreLookup
) -> str:
    """The level of `_capped`, without the caps' records: the expected gains ask it of every
    state they re-score. A cap not below the lowest level found so far cannot lower it, and
    is not evaluated."""
    lowest = prepared.level_rank[level]
    for cap in prepared.caps:
        if cap.rank < lowest and cap.condition(answers, lookup):
            lowest = cap.rank
    return prepared.level_ids[lowest]


def _fitted(
    prepared: Prepared,
    plan: PreparedPlan,
    actions: list[Action],
    answers: Mapping[str, Any],
    staffing: Staffing | None,
) -> list[Action]:
    """The action plan fitted to the organisation: each action owned by a department it has
    (else by the fallback owner, else by nobody yet), and no more high priorities than the
    questionnaire allows."""
    present = _departments_present(plan, answers, staffing)
    if present is not None:
        fallback = plan.fallback if plan.fallback in present else None
        # a record is rebuilt from its fields in order (see Action): _replace costs more
        actions = [
            a if a[4] in present else build(Action, (*a[:4], fallback, *a[5:9], a[4], *a[10:]))
            for a in actions
        ]
    limit = plan.high_at_most
    high = [i for i, a in enumerate(actions) if a.priority == "high"]
    if limit is None or len(high) <= limit:
        return actions
    ranked = sorted(high, key=lambda i: -_weight(plan, actions[i]))  # stable: plan order
    for i in ranked[limit:]:
        actions[i] = build(
            Action, (*actions[i][:3], "medium", *actions[i][4:10], "high", *actions[i][11:])
        )
    order, steps = prepared.priority_order, prepared.step_order
    return sorted(actions, key=lambda a: (order[a.priority], steps[a.step]))


def _weight(plan: PreparedPlan, action: Action) -> float:
    """The share of the overall score held by the questions behind the reasons of an action
    (none for a staffing action)."""
    return _weight_of(plan, frozenset([reason.subject for reason in action.reasons]))


@lru_cache(maxsize=4096)
def _weight_of(plan: PreparedPlan, subjects: frozenset[str]) -> float:
    """The share of the overall score held by the questions behind these reason subjects,
    each counted once: a pure function of the prepared plan (compared by identity),
    remembered for the next action with the same subjects."""
    behind: set[str] = set()
    for subject in subjects:
        behind.update(plan.behind.get(subject, ()))
    shares = plan.shares
    return fsum(shares.get(ident, 0.0) for ident in behind)


def _departments_present(
    plan: PreparedPlan, answers: Mapping[str, Any], staffing: Staffing | None
) -> frozenset[str] | None:
    """The departments the organisation has by its answers, and those of the people of its
    roster; `None` when none of the questions that say it is answered."""
    named: set[str] = set()
    asked = False
    for question, excluded in plan.mentions:
        value = answers.get(question.id)
        if value is not None:
            asked = True
            named.update(kind_of(question).named(question, value, excluded))
    if not asked:
        return None
    if staffing is not None:
        named.update(p.department for p in staffing.people if p.department)
    return frozenset(named)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _fill(template: dict[str, str], values: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Replace `{name}` in each language's text; no format-string evaluation."""

    def fill(lang: str, text: str) -> str:
        # a value from the questionnaire (a label) comes without the line break a folded
        # YAML block leaves at its end
        return _PLACEHOLDER.sub(
            lambda m: values.get(m.group(1), {}).get(lang, m.group(0)).strip(), text
        )

    return {lang: fill(lang, text) for lang, text in template.items()}


def _percent(share: float, lang: str) -> str:
    """A time share (a percentage) for the text of a staffing action: rounded to the unit,
    `26 %` in French (narrow no-break spaces, before the sign and between thousands) and
    `26%` in other languages. The report's own numbers are worded by the report."""
    number = f"{round(share):,}"
    if lang == "fr":
        return number.replace(",", "\u202f") + "\u202f%"
    return number + "%"


def _with_staffing(prepared: Prepared, actions: list[Action], staffing: Staffing) -> list[Action]:
    rules = prepared.staffing
    assert rules is not None  # a gap comes from the staffing rules
    by_kind: dict[str, list[Gap]] = {}
    for gap in staffing.gaps:
        by_kind.setdefault(gap.kind, []).append(gap)
    for kind, gaps in by_kind.items():
        if len(gaps) > 1 and rules.gaps[kind].grouped is not None:
            actions.append(_grouped_action(prepared, kind, tuple(gaps)))
        else:
            for gap in gaps:  # no list comprehension: a call of its own
                actions.append(_gap_action(prepared, gap))
    order, steps = prepared.priority_order, prepared.step_order
    # stable: recommendations keep their file order within one priority and step
    return sorted(actions, key=lambda a: (order[a.priority], steps[a.step]))


def _gap_reason(gap: Gap) -> Reason:
    return Reason(
        "staffing",
        gap.kind,
        True,
        gap.kind,
        None,
        gap.share if gap.share is not None else list(gap.people) or None,
        gap.responsibility or gap.department,
    )


@lru_cache(maxsize=4096)
def _gap_action(prepared: Prepared, gap: Gap) -> Action:
    """The action item of a staffing gap: a pure function of the prepared questionnaire
    (compared by identity) and the gap, remembered for the next response with that gap."""
    rules = prepared.staffing
    assert rules is not None  # a gap comes from the staffing rules
    languages = rules.languages
    template = rules.gaps[gap.kind]
    values: dict[str, Mapping[str, str]] = {
        "people": dict.fromkeys(languages, ", ".join(gap.people)),
        "person": dict.fromkeys(languages, gap.people[0] if gap.people else ""),
    }
    if gap.responsibility:
        values["responsibility"] = rules.responsibility_labels[gap.responsibility]
    if gap.department:
        values["department"] = _department_label(rules, gap.department)
    if gap.share is not None:
        values["share"] = {lang: _percent(gap.share, lang) for lang in languages}
    subject = gap.responsibility or gap.department or (gap.people[0] if gap.people else "")
    return _staffing_action(
        rules, f"staffing-{gap.kind}-{subject}", template, template, values, (_gap_reason(gap),)
    )


def _staffing_action(
    rules: PreparedStaffing,
    ident: str,
    template: GapAction,
    texts: GapAction | GroupedText,
    values: Mapping[str, Mapping[str, str]],
    reasons: tuple[Reason, ...],
) -> Action:
    """The action of one or several gaps: the template's priority, owner, horizon, effort
    and benefit, and the `texts` filled with `values`."""
    return Action(
        ident,
        "staffing",
        rules.roster_step,
        template.priority,
        template.owner,
        template.horizon,
        _fill(texts.title, values),
        _fill(texts.detail, values),
        reasons,
        effort=template.effort,
        benefit=template.benefit,
    )


def _department_label(rules: PreparedStaffing, department: str) -> Mapping[str, str]:
    return rules.department_labels.get(department, dict.fromkeys(rules.languages, department))


@lru_cache(maxsize=1024)
def _grouped_action(prepared: Prepared, kind: str, gaps: tuple[Gap, ...]) -> Action:
    """The one action item of several staffing gaps of the same kind, with the grouped texts
    of that kind: `{responsibilities}`, `{departments}` and `{people}` list them."""
    rules = prepared.staffing
    assert rules is not None  # a gap comes from the staffing rules
    template = rules.gaps[kind]
    grouped = template.grouped
    assert grouped is not None  # only kinds with grouped texts are grouped

    def listed(labels: list[Mapping[str, str]]) -> dict[str, str]:
        return {
            lang: ", ".join(dict.fromkeys(label.get(lang, "").strip() for label in labels))
            for lang in rules.languages
        }

    people = [name for gap in gaps for name in gap.people]
    values: dict[str, Mapping[str, str]] = {
        "people": dict.fromkeys(rules.languages, ", ".join(dict.fromkeys(people))),
        "responsibilities": listed(
            [rules.responsibility_labels[g.responsibility] for g in gaps if g.responsibility]
        ),
        "departments": listed(
            [_department_label(rules, g.department) for g in gaps if g.department]
        ),
    }
    reasons = tuple(_gap_reason(gap) for gap in gaps)
    return _staffing_action(rules, f"staffing-{kind}", template, grouped, values, reasons)


def _references(
    prepared: Prepared, answers: Mapping[str, Any], questions: Mapping[str, QuestionResult]
) -> tuple[ReferenceResult, ...]:
    results = []
    for item in prepared.figures:
        figure = item.figure
        own: float | None = None
        holds: bool | None = None
        if figure.question is not None:
            value = answers.get(figure.question)
            own = float(value) if isinstance(value, int | float) else None
        elif item.holds is not None and any(
            answers.get(ident) is not None and questions[ident].status != "not_applicable"
            for ident in item.asked
        ):  # an answer that says the question does not apply places nobody
            holds = item.holds(answers, None)
        results.append(build(ReferenceResult, (figure.id, figure.value, own, holds)))
    return tuple(results)
