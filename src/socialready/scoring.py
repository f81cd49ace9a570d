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
from math import fsum, isfinite
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from ._cache import per_questionnaire
from ._records import record
from .conditions import (
    AnswerTest,
    ScoreLookup,
    compile_condition,
    compile_explainer,
    decisive_when_true,
    iter_conditions,
)
from .errors import SocialReadyError
from .questionnaire import (
    Aggregation,
    MatrixQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    Questionnaire,
    RosterQuestion,
    ScaleQuestion,
    SingleChoiceQuestion,
    YesNoQuestion,
)
from .responses import AnswerValue, Responses
from .staffing import Gap, Staffing, analyse_staffing

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


# --- what is prepared once per questionnaire ---------------------------------------------

Scorer = Callable[[Any], tuple[Status, float]]
"""Answer value → (status, points) for one question."""

_LEFT_OUT: tuple[Status, float] = ("not_applicable", 0.0)

_NOT_APPLICABLE = frozenset({"condition_false", "not_applicable"})


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
        points_of = {o.id: o.points for o in question.options}
        known = frozenset(points_of)
        left_out = frozenset(o.id for o in question.options if o.not_applicable)
        unknowing = frozenset(o.id for o in question.options if o.dont_know)
        cap = question.max_points

        def multi(value: list[str]) -> tuple[Status, float]:
            if type(value) is not list or not known.issuperset(value):
                raise KeyError(value)
            if len(set(value)) != len(value):
                raise ValueError(value)  # an option given twice counts once, or not at all
            if not left_out.isdisjoint(value):
                return _LEFT_OUT
            if value and unknowing.issuperset(value):
                return ("dont_know", 0.0)
            return ("scored", min(cap, sum(map(points_of.__getitem__, value))))

        return multi
    if isinstance(question, ScaleQuestion):
        points = {p.value: ("scored", p.points) for p in question.scale}
        return points.__getitem__  # type: ignore[return-value]
    if isinstance(question, YesNoQuestion):
        yes: tuple[Status, float] = ("scored", question.yes_points)
        no: tuple[Status, float] = ("scored", question.no_points)

        def yes_no(value: bool) -> tuple[Status, float]:
            if value is True:
                return yes
            if value is False:
                return no
            raise TypeError(value)  # "no" is a text, and a text is not an answer here

        return yes_no
    if isinstance(question, NumberQuestion):
        bands = [(b.from_, b.to, b.points) for b in question.bands]

        def number(value: float) -> tuple[Status, float]:
            if type(value) is bool or not isfinite(value):  # a text raises TypeError here
                raise ValueError(value)
            for low, high, points in bands:
                if (low is None or value >= low) and (high is None or value < high):
                    return ("scored", points)
            return ("scored", 0.0)  # pragma: no cover - bands cover the bounds

        return number
    if isinstance(question, MatrixQuestion):
        option = _option_scorer(question.options)
        rows = [(r.id, r.weight) for r in question.rows]
        known_rows = frozenset(row for row, _ in rows)
        top = question.max_points

        def matrix(value: dict[str, str]) -> tuple[Status, float]:
            if not known_rows.issuperset(value.keys()):  # a list has no keys: AttributeError
                raise KeyError(value)
            # rows answered not applicable count nowhere; unanswered rows follow the policy
            earned = possible = 0.0
            for row, weight in rows:
                given = value.get(row)
                if given is None:
                    if unanswered_zero:
                        possible += weight * top
                    continue
                status, points = option(given)
                if status == "not_applicable":
                    continue
                earned += weight * points
                possible += weight * top
            if possible == 0:
                return _LEFT_OUT
            return ("scored", top * (earned / possible))  # earned <= possible: <= top

        return matrix
    raise TypeError(f"no scorer for {question.kind}")  # pragma: no cover


_new = tuple.__new__
"""Builds a record from a tuple without the keyword handling of its ``__new__``: results
are made once per question per response, and this is the hot path."""

Part = tuple[float, float, float, float, float]
"""What one counted part adds to a score: (weight, w·normalised, w·points, w·max, normalised)."""

Outcome = tuple[QuestionResult, Part | None, int]
"""A question's result, what it adds to its section and dimensions (``None``: nothing), and
what it means for completeness (0: not counted, 1: applicable and answered, 2: applicable
and unanswered)."""


class _QuestionPlan:
    """One question, prepared: where it counts, and its outcomes memoised by answer.

    Results are immutable records that depend only on the question and on (status, points),
    so equal outcomes share one record across every response scored.
    """

    __slots__ = (
        "answered_only",
        "by_value",
        "condition_false",
        "counts_for_completeness",
        "dimensions",
        "id",
        "max_points",
        "memo",
        "outcomes",
        "scorer",
        "section",
        "step",
        "unanswered",
        "weight",
        "when",
    )

    def __init__(
        self,
        question: Question,
        section: int,
        step: int,
        dimensions: tuple[int, ...],
        zero: bool,
    ) -> None:
        self.id = question.id
        self.section = section
        self.step = step
        self.dimensions = dimensions if question.scored else ()
        self.weight = question.weight
        self.max_points = question.max_points
        self.scorer = _scorer(question, zero) if question.scored else None
        self.when = compile_condition(question.when) if question.when is not None else None
        self.counts_for_completeness = question.kind != "text"
        self.outcomes: dict[tuple[str, float | None, bool], Outcome] = {}
        self.by_value: dict[Any, Outcome] = {}
        self.memo: dict[Any, Outcome] = {}
        self.answered_only = self.outcome("unscored", None)
        self.condition_false = self.outcome("condition_false", None, answered=False)
        if not question.scored:
            self.unanswered = self.outcome("unscored", None, answered=False)
        elif zero:
            self.unanswered = self.outcome("unanswered", 0.0, answered=False)
        else:
            self.unanswered = self.outcome("unanswered_excluded", None, answered=False)
        if isinstance(question, SingleChoiceQuestion) and self.scorer is not None:
            for option in question.options:
                status, points = self.scorer(option.id)
                self.by_value[option.id] = self.outcome(status, _kept(status, points))
        elif isinstance(question, YesNoQuestion | ScaleQuestion) and self.scorer is not None:
            values: list[Any] = (
                [True, False]
                if isinstance(question, YesNoQuestion)
                else [p.value for p in question.scale]
            )
            for value in values:
                status, points = self.scorer(value)
                self.by_value[value] = self.outcome(status, _kept(status, points))

    def outcome(self, status: Status, points: float | None, *, answered: bool = True) -> Outcome:
        key = (status, points, answered)
        found = self.outcomes.get(key)
        if found is None:
            normalised = None if points is None else points / self.max_points
            weight = self.weight
            result = _new(
                QuestionResult,
                (self.id, status, points, self.max_points, weight, normalised, answered),
            )
            part: Part | None = (
                None
                if normalised is None or weight <= 0
                else (
                    weight,
                    weight * normalised,
                    weight * (points or 0.0),
                    weight * self.max_points,
                    normalised,
                )
            )
            completeness = 0
            if self.counts_for_completeness and status not in _NOT_APPLICABLE:
                completeness = 1 if answered else 2
            found = self.outcomes[key] = (result, part, completeness)
        return found

    def score(self, value: Any) -> Outcome:
        """The outcome of an applicable answer that ``by_value`` does not hold (the loop of
        :func:`assess` looks there first)."""
        scorer = self.scorer
        if scorer is None:
            return self.answered_only
        # memoised by answer value: a list of options or a matrix's rows as a tuple, in order
        kind = type(value)
        key = tuple(value) if kind is list else tuple(value.items()) if kind is dict else value
        found = self.memo.get(key)
        if found is None:
            status, points = scorer(value)
            found = self.outcome(status, _kept(status, points))
            if len(self.memo) < _MEMO_LIMIT:
                self.memo[key] = found
        return found


_MEMO_LIMIT = 1024
"""How many answer values each question remembers the outcome of."""


def _kept(status: str, points: float) -> float | None:
    return None if status == "not_applicable" else points


class _LeafInfo(NamedTuple):
    kind: Literal["answer", "score"]
    subject: str
    test: str
    expected: Any
    question: str | None
    row: str | None
    scope: tuple[str, str]


def _leaf_info(leaf: AnswerTest | Any) -> _LeafInfo:
    if isinstance(leaf, AnswerTest):
        operator = leaf.operator
        return _LeafInfo(
            "answer",
            leaf.question,
            operator,
            leaf.operand(operator),
            leaf.question,
            leaf.row,
            ("", ""),
        )
    kind, ident = leaf.score.scope
    subject = "overall" if kind == "overall" else f"{kind}:{ident}"
    test = "below" if leaf.below is not None else "at_least"
    threshold = leaf.below if leaf.below is not None else leaf.at_least
    return _LeafInfo("score", subject, test, threshold, None, None, (kind, ident))


class _Plan:
    """The questionnaire's structure, flattened for scoring many responses fast."""

    def __init__(self, q: Questionnaire) -> None:
        zero = q.scoring.unanswered == "zero"
        default = q.scoring.aggregation
        self.questionnaire = q
        self.aggregation = default
        section_ids = [s.id for step in q.steps for s in step.sections]
        step_ids = [step.id for step in q.steps]
        dimension_ids = [d.id for d in q.dimensions]
        self.section_ids, self.step_ids, self.dimension_ids = section_ids, step_ids, dimension_ids
        self.step_id_tuple = tuple(step_ids)
        questions: list[_QuestionPlan] = []
        self.section_modes: list[Aggregation] = []
        self.section_members: list[tuple[str, ...]] = []
        for s_index, step in enumerate(q.steps):
            for section in step.sections:
                c_index = len(self.section_modes)
                self.section_modes.append(section.aggregation or step.aggregation or default)
                self.section_members.append(tuple(x.id for x in section.questions))
                for question in section.questions:
                    dims = tuple(dimension_ids.index(d) for d in question.dimensions)
                    questions.append(_QuestionPlan(question, c_index, s_index, dims, zero))
        n_sections = len(section_ids)
        self.rows = [
            (
                item.id,
                item,
                item.when,
                item.by_value,
                (item.section, *(n_sections + d for d in item.dimensions)),
                item.step,
            )
            for item in questions
        ]
        """Per question, in order: what the scoring loop reads, unpacked in one step; the
        targets index the parts of each section, then of each dimension."""
        self.step_rows = [
            (
                step.id,
                [(s.id, s.weight) for s in step.sections],
                step.aggregation or default,
                tuple(s.id for s in step.sections),
                step.weight,
            )
            for step in q.steps
        ]
        """Per step: its id, its sections with their weights, its aggregation, the ids it
        aggregates and its own weight."""
        self.dimension_members = [
            tuple(x.id for _, _, x in q.iter_questions() if d in x.dimensions and x.scored)
            for d in dimension_ids
        ]
        self.step_of = {x.id: step.id for step, _, x in q.iter_questions()}
        order = {"high": 0, "medium": 1, "low": 2}
        step_order = {step.id: i for i, step in enumerate(q.steps)}
        ranked = sorted(
            enumerate(q.recommendations),
            key=lambda item: (order[item[1].priority], step_order[item[1].step], item[0]),
        )
        self.recommendations = [
            (
                (rec.id, "recommendation", rec.step, rec.priority, rec.owner, rec.horizon),
                (rec.title, rec.detail),
                compile_condition(rec.when),
                compile_explainer(rec.when),
                decisive_when_true(rec.when),
                [tuple(_leaf_info(leaf)) for _, leaf in iter_conditions(rec.when)],
            )
            for _, rec in ranked
        ]
        """Per recommendation, in plan order: the fields of its action, its condition, its
        explainer, the tests that decide it whenever it holds if they are always the same,
        and per leaf test (kind, subject, test, expected, question, row, scope)."""
        self.priority_order = order
        self.step_order = step_order
        self.references = [
            (
                figure,
                compile_condition(figure.holds) if figure.holds is not None else None,
                tuple(
                    leaf.question
                    for _, leaf in iter_conditions(figure.holds)
                    if isinstance(leaf, AnswerTest)
                )
                if figure.holds is not None
                else (),
            )
            for figure in q.reference_figures
        ]
        self.gap_actions: dict[Any, Action] = {}


_plan: Callable[[Questionnaire], _Plan] = per_questionnaire(_Plan)


# --- aggregation ------------------------------------------------------------------------


def _score(ident: str, parts: list[float], mode: Aggregation, members: tuple[str, ...]) -> Score:
    """The score of counted ``parts``, aggregated by ``mode``.

    ``parts`` holds the counted parts one after the other, five numbers each (see
    :data:`Part`), so that each column is a slice. Sums are correctly rounded
    (``math.fsum``): a score does not depend on the order of its parts, nor on the Python
    version (whose ``sum()`` changed in 3.12).

    No score is clamped: it lies in [0, 100] by its arithmetic. Every part has
    ``w·points <= w·max`` and ``w·normalised <= w`` (rounding is monotonic, and a
    normalised value is at most 1), so each correctly rounded sum is at most the one it is
    divided by, their ratio is at most 1, and 100 times it at most 100. The ratio is taken
    first: ``(100·a) / b`` can round above 100 when ``a == b``.
    """
    if not parts:
        return _new(Score, (ident, None, 0.0, 0.0, members, 0))
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
    return _new(Score, (ident, score, points, maxima, members, len(parts) // 5))


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


def assess(questionnaire: Questionnaire, responses: Responses) -> Assessment:
    """Score ``responses`` against ``questionnaire``: a pure function of its two arguments.

    The responses must have been validated against this very questionnaire (same
    fingerprint); :func:`~socialready.load_responses` does that.
    """
    if responses.fingerprint != questionnaire.fingerprint:
        raise SocialReadyError(
            f"these responses were validated against {responses.questionnaire}"
            f" (fingerprint {responses.fingerprint[:12]}…), not against"
            f" {questionnaire.ref} (fingerprint {questionnaire.fingerprint[:12]}…)"
        )
    plan = _plan(questionnaire)
    # The when: conditions are decided in questionnaire order on a copy of the answers from
    # which the inapplicable ones are removed as they are met: a condition tests only earlier
    # questions, so it sees exactly the applicable earlier answers.
    answers = dict(responses.answers)
    get = answers.get
    n_sections = len(plan.section_ids)
    parts: list[list[float]] = [[] for _ in range(n_sections + len(plan.dimension_ids))]
    applicable = [0] * len(plan.step_ids)
    missing: list[list[str]] = [[] for _ in plan.step_ids]
    results: dict[str, QuestionResult] = {}
    for ident, item, when, by_value, targets, step in plan.rows:
        value = get(ident)
        if when is not None and not when(answers, None):
            outcome = item.condition_false
            answers.pop(ident, None)
        elif value is None:
            outcome = item.unanswered
        else:
            try:
                found = by_value.get(value) if by_value else None
                outcome = found if found is not None else item.score(value)
            except (AttributeError, KeyError, TypeError, ValueError):
                raise SocialReadyError(
                    f"the answer {value!r} to {ident!r} does not fit the question;"
                    " build responses with load_responses(), which checks every answer"
                ) from None
        result, part, counted = outcome
        results[ident] = result
        if counted:
            applicable[step] += 1
            if counted == 2:
                missing[step].append(ident)
        if part is not None:
            for target in targets:
                parts[target] += part

    modes, members = plan.section_modes, plan.section_members
    sections = {
        ident: _score(ident, parts[i], modes[i], members[i])
        for i, ident in enumerate(plan.section_ids)
    }
    steps: dict[str, Score] = {}
    step_parts: list[float] = []
    for ident, step_sections, mode, step_members, step_weight in plan.step_rows:
        counted_sections: list[float] = []
        for section_id, weight in step_sections:
            if (part := _part(weight, sections[section_id])) is not None:
                counted_sections += part
        steps[ident] = step_score = _score(ident, counted_sections, mode, step_members)
        if (part := _part(step_weight, step_score)) is not None:
            step_parts += part
    total = _score("overall", step_parts, plan.aggregation, plan.step_id_tuple)
    score = total.score
    level = questionnaire.level_for(score).id if score is not None else None
    overall = _new(
        Overall, (score, level, total.points, total.max_points, plan.step_id_tuple, total.counted)
    )
    dimensions = {
        ident: _score(ident, parts[n_sections + i], plan.aggregation, plan.dimension_members[i])
        for i, ident in enumerate(plan.dimension_ids)
    }
    tables = {"step": steps, "section": sections, "dimension": dimensions}

    def lookup(kind: str, ident: str) -> float | None:
        if kind == "overall":
            return overall.score
        found = tables[kind].get(ident)
        return found.score if found is not None else None

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
        completeness=_completeness(plan, applicable, missing),
        actions=tuple(actions),
        staffing=staffing,
        references=_references(plan, answers, results),
    )


def _completeness(
    plan: _Plan, applicable: list[int], missing: list[list[str]]
) -> CompletenessReport:
    """Applicable questions (all but free text) answered, overall and per step."""

    def measure(count: int, unanswered: tuple[str, ...]) -> Completeness:
        answered = count - len(unanswered)
        return _new(Completeness, (count, answered, answered / count if count else 1.0, unanswered))

    steps = {
        ident: measure(applicable[i], tuple(missing[i])) for i, ident in enumerate(plan.step_ids)
    }
    everything = tuple(ident for unanswered in missing for ident in unanswered)
    return _new(CompletenessReport, (measure(sum(applicable), everything), steps))


def _actions(plan: _Plan, answers: Mapping[str, Any], lookup: ScoreLookup) -> list[Action]:
    actions = []
    get = answers.get
    for head, texts, condition, explainer, fixed, leaves in plan.recommendations:
        if not condition(answers, lookup):
            continue
        decisive = fixed if fixed is not None else explainer(answers, lookup)[1]
        reasons = []
        for index, holds in decisive:
            kind, subject, test, expected, question, row, scope = leaves[index]
            if kind == "answer":
                actual = get(question)
                if row is not None and type(actual) is dict:
                    actual = actual.get(row)
            else:
                actual = lookup(*scope)
            reasons.append(_new(Reason, (kind, subject, holds, test, expected, actual, row)))
        actions.append(_new(Action, (*head, *texts, tuple(reasons))))
    return actions


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _fill(template: dict[str, str], values: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Replace ``{name}`` in each language's text; no format-string evaluation."""

    def fill(lang: str, text: str) -> str:
        # a value from the questionnaire (a label) comes without the line break a folded
        # YAML block leaves at its end
        return _PLACEHOLDER.sub(
            lambda m: values.get(m.group(1), {}).get(lang, m.group(0)).strip(), text
        )

    return {lang: fill(lang, text) for lang, text in template.items()}


@cache
def _percent(share: float, lang: str) -> str:
    """A time share for the text of a staffing action, in the questionnaire's language."""
    from babel.core import UnknownLocaleError
    from babel.numbers import format_percent

    try:
        text = str(format_percent(share / 100.0, locale=lang))
    except (UnknownLocaleError, ValueError):
        return f"{share:g}%"
    return text.replace("\u00a0%", "\u202f%") if lang == "fr" else text


def _with_staffing(plan: _Plan, actions: list[Action], staffing: Staffing) -> list[Action]:
    for gap in staffing.gaps:
        action = plan.gap_actions.get(gap)
        if action is None:
            action = plan.gap_actions[gap] = _gap_action(plan, gap)
        actions.append(action)
    order, steps = plan.priority_order, plan.step_order
    # stable: recommendations keep their file order within one priority and step
    return sorted(actions, key=lambda a: (order[a.priority], steps[a.step]))


def _gap_action(plan: _Plan, gap: Gap) -> Action:
    """The action item of a staffing gap (memoised per gap: it depends on nothing else)."""
    q = plan.questionnaire
    rules = q.staffing
    assert rules is not None
    roster = q.questions[rules.roster]
    assert isinstance(roster, RosterQuestion)
    duty_field = next(f for f in roster.fields if f.id == rules.responsibilities_field)
    duty_labels = {o.id: o.label for o in duty_field.options}
    department_labels = {d.id: d.label for d in q.departments}
    languages = q.languages
    template = rules.gaps[gap.kind]
    values: dict[str, dict[str, str]] = {
        "people": dict.fromkeys(languages, ", ".join(gap.people)),
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
    reason = Reason(
        "staffing",
        gap.kind,
        True,
        gap.kind,
        None,
        gap.share if gap.share is not None else list(gap.people) or None,
        gap.responsibility or gap.department,
    )
    return Action(
        f"staffing-{gap.kind}-{subject}",
        "staffing",
        plan.step_of[roster.id],
        template.priority,
        template.owner,
        template.horizon,
        _fill(template.title, values),
        _fill(template.detail, values),
        (reason,),
    )


def _references(
    plan: _Plan, answers: Mapping[str, Any], questions: Mapping[str, QuestionResult]
) -> tuple[ReferenceResult, ...]:
    results = []
    for figure, holds_test, asked in plan.references:
        own: float | None = None
        holds: bool | None = None
        if figure.question is not None:
            value = answers.get(figure.question)
            own = float(value) if isinstance(value, int | float) else None
        elif holds_test is not None and any(
            answers.get(ident) is not None and questions[ident].status != "not_applicable"
            for ident in asked
        ):  # an answer that says the question does not apply places nobody
            holds = holds_test(answers, None)
        results.append(_new(ReferenceResult, (figure.id, figure.value, own, holds)))
    return tuple(results)
