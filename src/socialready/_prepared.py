"""The prepared questionnaire: everything that depends only on the questionnaire, computed once.

Validating answers (`responses.py`), scoring them (`scoring.py`) and analysing the
roster (`staffing.py`) read one `Prepared` per questionnaire, built on first use and
kept as long as the questionnaire object lives. It holds, with named fields: each question's
checker, scorer, compiled `when:` and the outcomes of its few possible answers; the score
structure (sections, steps, dimensions); the recommendations with their compiled conditions
and explainers; the reference figures; the staffing rules.

A prepared questionnaire is immutable once built: scoring reads it and writes nothing into
it, so that `assess` stays a pure function, safe across threads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from math import fsum
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from ._cache import per_questionnaire, remember
from ._kinds import Checker, Scored, Scorer, Status, as_roster, kind_of
from ._records import QuestionResult, build
from .conditions import (
    AnswerTest,
    Compiled,
    Decisive,
    Explainer,
    compile_condition,
    compile_explainer,
    decisive_when_true,
    iter_conditions,
)
from .questionnaire import (
    Aggregation,
    DepartmentMention,
    GapAction,
    LevelBand,
    LevelScale,
    Question,
    Questionnaire,
    Recommendation,
    ReferenceFigure,
    ScoreKind,
)

__all__ = [
    "Leaf",
    "Outcome",
    "Part",
    "Prepared",
    "PreparedCap",
    "PreparedPlan",
    "PreparedQuestion",
    "PreparedRecommendation",
    "PreparedScale",
    "PreparedStaffing",
    "PreparedStep",
    "prepare",
    "prepare_scale",
]

Part = tuple[float, float, float, float, float]
"""What one counted part adds to a score: (weight, w·normalised, w·points, w·max, normalised)."""


class Outcome(NamedTuple):
    """What became of one question for one response."""

    result: QuestionResult
    part: Part | None
    """What it adds to its section and dimensions; `None`: nothing."""
    completeness: int
    """0: not counted for completeness; 1: applicable and answered; 2: applicable and
    unanswered."""


_NOT_APPLICABLE = frozenset({"condition_false", "not_applicable"})


@dataclass(frozen=True, slots=True)
class PreparedQuestion:
    """One question, prepared: how its answers are checked and scored, where it counts."""

    question: Question
    id: str
    section: int
    """Index of its section in `Prepared.section_ids`."""
    step: int
    """Index of its step in `Prepared.steps`."""
    targets: tuple[int, ...]
    """The score parts it adds to: its section's index, then `len(sections) + d` for each
    of its dimensions `d`."""
    when: Compiled | None
    checker: Checker
    scorer: Scorer | None
    """`None` for a question that gives no points (or has no weight)."""
    weight: float
    max_points: float
    counts_for_completeness: bool
    by_value: Mapping[Any, Outcome]
    """The outcome of each answer the question can have, when they are few."""
    by_result: Mapping[tuple[Status, float], Outcome]
    """The outcome of each (status, points) an answer can earn, when they are few."""
    answered_only: Outcome
    """The outcome of an answer to a question that is not scored."""
    condition_false: Outcome
    unanswered: Outcome
    make: Callable[[Status, float | None, bool], Outcome]
    """How an outcome of this question is made: (status, points, answered) → outcome."""
    outcome_of: Callable[[Any], Outcome | None]
    """The outcome of an applicable, given answer that `by_value` does not hold;
    `None` when it does not fit the question."""

    def score(self, value: Any) -> Outcome | None:
        """The outcome of an applicable, given answer; `None` when it does not fit."""
        kind = type(value)
        if kind is not list and kind is not dict:
            found = self.by_value.get(value)
            if found is not None:
                return found
        return self.outcome_of(value)


def _outcome(
    ident: str, weight: float, max_points: float, counts_for_completeness: bool
) -> Callable[[Status, float | None, bool], Outcome]:
    """How the outcomes of one question are made."""

    def make(status: Status, points: float | None, answered: bool) -> Outcome:
        normalised = None if points is None else points / max_points
        result = build(
            QuestionResult, (ident, status, points, max_points, weight, normalised, answered)
        )
        part: Part | None = (
            None
            if normalised is None or weight <= 0
            else (
                weight,
                weight * normalised,
                weight * (points or 0.0),
                weight * max_points,
                normalised,
            )
        )
        completeness = 0
        if counts_for_completeness and status not in _NOT_APPLICABLE:
            completeness = 1 if answered else 2
        return build(Outcome, (result, part, completeness))

    return make


def _result_outcome(
    by_result: Mapping[tuple[Status, float], Outcome],
    make: Callable[[Status, float | None, bool], Outcome],
) -> Callable[[Scored], Outcome]:
    """The outcome of what an answer earns: prepared when it is among the few, else made."""

    def outcome(scored: Scored) -> Outcome:
        found = by_result.get(scored)
        if found is not None:
            return found
        status, points = scored
        return make(status, None if status == "not_applicable" else points, True)

    return outcome


def _scored_outcome(
    scorer: Scorer | None,
    outcome: Callable[[Scored], Outcome],
    answered_only: Outcome,
) -> Callable[[Any], Outcome | None]:
    """How the outcome of an answer is found when it is not among the few prepared ones and
    its kind has no finder: scored, then looked up by its (status, points), made only when
    that is new."""
    if scorer is None:

        def unscored(value: Any) -> Outcome | None:
            return answered_only

        return unscored

    def outcome_of(value: Any) -> Outcome | None:
        scored = scorer(value)
        return None if scored is None else outcome(scored)

    return outcome_of


def _prepare_question(
    question: Question, section: int, step: int, targets: tuple[int, ...], zero: bool
) -> PreparedQuestion:
    kind = kind_of(question)
    scorer = kind.scorer(question, zero) if question.scored else None
    make = _outcome(question.id, question.weight, question.max_points, kind.counts_for_completeness)
    if scorer is None:
        unanswered = make("unscored", None, False)
    elif zero:
        unanswered = make("unanswered", 0.0, False)
    else:
        unanswered = make("unanswered_excluded", None, False)
    by_value: dict[Any, Outcome] = {}
    for value in kind.answers(question) or () if scorer is not None else ():
        scored = scorer(value) if scorer is not None else None
        if scored is not None:
            status, points = scored
            by_value[value] = make(status, None if status == "not_applicable" else points, True)
    by_result = {
        scored: make(scored[0], None if scored[0] == "not_applicable" else scored[1], True)
        for scored in (kind.results(question) or ())
        if scorer is not None
    }
    answered_only = make("unscored", None, True)
    outcome = _result_outcome(by_result, make)
    finder = kind.finder(question, zero, outcome) if scorer is not None else None
    return PreparedQuestion(
        question=question,
        id=question.id,
        section=section,
        step=step,
        targets=targets if question.scored else targets[:1],
        when=compile_condition(question.when) if question.when is not None else None,
        checker=kind.checker(question),
        scorer=scorer,
        weight=question.weight,
        max_points=question.max_points,
        counts_for_completeness=kind.counts_for_completeness,
        by_result=by_result,
        by_value=by_value,  # a plain dict: the scoring loop reads it for every answer
        answered_only=answered_only,
        condition_false=make("condition_false", None, False),
        unanswered=unanswered,
        make=make,
        outcome_of=finder or _scored_outcome(scorer, outcome, answered_only),
    )


@dataclass(frozen=True, slots=True)
class PreparedSection:
    """A section: its id, how it aggregates, and the questions it aggregates."""

    id: str
    aggregation: Aggregation
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PreparedStep:
    """A step: its sections with their weights, how it aggregates, its own weight."""

    id: str
    sections: tuple[tuple[str, float], ...]
    aggregation: Aggregation
    members: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class PreparedDimension:
    """A dimension and the scored questions tagged with it."""

    id: str
    members: tuple[str, ...]


class Leaf(NamedTuple):
    """One test of a recommendation's condition, as a reason of its action reads it."""

    kind: Literal["answer", "score"]
    subject: str
    test: str
    expected: Any
    question: str | None
    row: str | None
    scope: tuple[str, str]


def _leaf(leaf: Any) -> Leaf:
    if isinstance(leaf, AnswerTest):
        operator = leaf.operator
        return Leaf(
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
    return Leaf("score", subject, test, threshold, None, None, (kind, ident))


@dataclass(frozen=True, slots=True)
class PreparedRecommendation:
    """A recommendation: the fields of its action, its compiled condition and explainer."""

    id: str
    step: str
    priority: Literal["high", "medium", "low"]
    owner: str
    horizon: Literal["now", "quarter", "year"]
    title: dict[str, str]
    detail: dict[str, str]
    condition: Compiled
    explainer: Explainer
    decisive: Decisive | None
    """The tests that decide it whenever it holds, if they are always the same."""
    leaves: tuple[Leaf, ...]
    head: tuple[Any, ...]
    """The fields of its action that come before the reasons, in the order of
    `Action`: the action is made with one concatenation."""
    leads_to: tuple[tuple[str, Any], ...] = ()
    """The answers it leads to, as the question's checker normalises them."""
    effort: Literal["small", "medium", "large"] = "medium"
    benefit: dict[str, str] | None = None
    after: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()
    """The dimensions the questions it leads to count in, in questionnaire order."""


@dataclass(frozen=True, slots=True)
class PreparedCap:
    """A level cap: the level it allows, its compiled condition and explainer."""

    id: str
    level: str
    rank: int
    """The position of its level among the maturity levels (0: the lowest)."""
    condition: Compiled
    explainer: Explainer
    decisive: Decisive | None
    leaves: tuple[Leaf, ...]


@dataclass(frozen=True, slots=True, eq=False)
class PreparedPlan:
    """How the action plan is fitted to the organisation (see `ActionPlanRules`); compared
    and hashed by identity, so that scoring can remember weights per plan."""

    mentions: tuple[tuple[Question, frozenset[str]], ...]
    """The questions whose answers say which departments the organisation has, with the
    answers that say it has not."""
    fallback: str | None
    high_at_most: int | None
    behind: Mapping[str, frozenset[str]]
    """The subject of a reason (a question id, `overall`, `step:<id>`…) → the scored
    questions behind it."""
    shares: Mapping[str, float]
    """Each scored question → its share of the overall score when every question counts."""


@dataclass(frozen=True, slots=True)
class PreparedScale:
    """A level scale with the band of each level made once: scoring bands every score that
    has a scale, in every assessment."""

    scale: LevelScale
    bands: tuple[tuple[str, LevelBand], ...]
    """Each level's id and band, lowest first."""
    on_scale: bool
    """Whether a score is put on the scale (and rounded) before it is banded."""

    def level_for(self, score: float) -> str:
        """The id of the level of a score in [0, 100]: that of `LevelScale.level_for`."""
        value = self.scale.value(score) if self.on_scale else score
        for ident, band in self.bands:
            if band.contains(value):
                return ident
        return self.bands[-1][0]


def prepare_scale(scale: LevelScale | None) -> PreparedScale | None:
    """The prepared form of a level scale (`None`: no scale)."""
    if scale is None:
        return None
    last = len(scale.levels) - 1
    return PreparedScale(
        scale=scale,
        bands=tuple((x.id, x.band(last=i == last)) for i, x in enumerate(scale.levels)),
        on_scale=scale.scale != "0-100" or scale.decimals is not None,
    )


@dataclass(frozen=True, slots=True)
class PreparedFigure:
    """A reference figure, with its compiled `holds` and the questions that condition asks."""

    figure: ReferenceFigure
    holds: Compiled | None
    asked: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PreparedStaffing:
    """The staffing rules, as the analysis of the roster and its gap actions read them."""

    roster: str
    roster_step: str
    responsibilities: tuple[str, ...]
    responsibility_labels: Mapping[str, Mapping[str, str]]
    backup_required: tuple[str, ...]
    name_field: str
    department_field: str | None
    time_share_field: str | None
    duties_field: str
    departments: tuple[str, ...]
    department_labels: Mapping[str, Mapping[str, str]]
    mentions: tuple[tuple[Question, frozenset[str]], ...]
    """The questions whose answers name departments, with the options that do not."""
    gaps: Mapping[str, GapAction]
    languages: tuple[str, ...]
    needed: tuple[tuple[str, Compiled], ...] = ()
    """The responsibilities needed only under a condition, with it compiled."""


def _prepare_staffing(q: Questionnaire, step_of: Mapping[str, str]) -> PreparedStaffing | None:
    rules = q.staffing
    if rules is None:
        return None
    roster = as_roster(q.questions[rules.roster])
    assert roster is not None  # guaranteed by the questionnaire checks
    duties = next(f for f in roster.fields if f.id == rules.responsibilities_field).options
    return PreparedStaffing(
        roster=rules.roster,
        roster_step=step_of[roster.id],
        responsibilities=tuple(o.id for o in duties),
        responsibility_labels=MappingProxyType({o.id: o.label for o in duties}),
        backup_required=tuple(rules.backup_required),
        name_field=rules.name_field,
        department_field=rules.department_field,
        time_share_field=rules.time_share_field,
        duties_field=rules.responsibilities_field,
        departments=tuple(d.id for d in q.departments),
        department_labels=MappingProxyType({d.id: d.label for d in q.departments}),
        mentions=_mentions(q, rules.department_mentions),
        gaps=MappingProxyType({str(kind): action for kind, action in rules.gaps.items()}),
        languages=tuple(q.languages),
        needed=tuple(
            (duty, compile_condition(condition)) for duty, condition in rules.needed_when.items()
        ),
    )


def _mentions(
    q: Questionnaire, mentions: list[DepartmentMention]
) -> tuple[tuple[Question, frozenset[str]], ...]:
    return tuple(
        (q.questions[mention.question], frozenset(mention.except_)) for mention in mentions
    )


def _shares(q: Questionnaire) -> dict[str, float]:
    """Each scored question's share of the overall score, were every question counted:
    its weight in its section, times its section's in its step, times its step's."""

    def scored(section: Any) -> list[Question]:
        return [x for x in section.questions if x.scored]

    def total(weights: list[float]) -> float:
        return fsum(weights) or 1.0

    steps = [s for s in q.steps if s.weight > 0 and any(scored(c) for c in s.sections)]
    step_total = total([s.weight for s in steps])
    shares: dict[str, float] = {}
    for step in steps:
        sections = [c for c in step.sections if c.weight > 0 and scored(c)]
        section_total = total([c.weight for c in sections])
        for section in sections:
            questions = scored(section)
            question_total = total([x.weight for x in questions])
            for x in questions:
                shares[x.id] = (
                    (step.weight / step_total)
                    * (section.weight / section_total)
                    * (x.weight / question_total)
                )
    return shares


def _behind(
    q: Questionnaire, dimensions: tuple[PreparedDimension, ...]
) -> dict[str, frozenset[str]]:
    """What the subject of each reason stands for: a question, or the questions of a score."""
    behind = {x.id: frozenset({x.id}) for _, _, x in q.iter_questions()}
    behind["overall"] = frozenset(x.id for _, _, x in q.iter_questions() if x.scored)
    for step in q.steps:
        behind[f"step:{step.id}"] = frozenset(
            x.id for section in step.sections for x in section.questions if x.scored
        )
        for section in step.sections:
            behind[f"section:{section.id}"] = frozenset(x.id for x in section.questions if x.scored)
    for dimension in dimensions:
        behind[f"dimension:{dimension.id}"] = frozenset(dimension.members)
    return behind


def _prepare_plan(
    q: Questionnaire, dimensions: tuple[PreparedDimension, ...]
) -> PreparedPlan | None:
    rules = q.action_plan
    if rules is None:
        return None
    return PreparedPlan(
        mentions=_mentions(q, rules.departments_from),
        fallback=rules.fallback_owner,
        high_at_most=rules.high_at_most,
        behind=MappingProxyType(_behind(q, dimensions)),
        shares=MappingProxyType(_shares(q)),
    )


def _prepare_recommendation(rec: Recommendation, q: Questionnaire) -> PreparedRecommendation:
    condition, explainer, decisive, leaves = _explained(rec.when)
    leads_to = tuple(
        (ident, kind_of(q.questions[ident]).checker(q.questions[ident])(value))
        for ident, value in rec.leads_to.items()
    )
    return PreparedRecommendation(
        id=rec.id,
        step=rec.step,
        priority=rec.priority,
        owner=rec.owner,
        horizon=rec.horizon,
        title=rec.title,
        detail=rec.detail,
        condition=condition,
        explainer=explainer,
        decisive=decisive,
        leaves=leaves,
        head=(
            rec.id,
            "recommendation",
            rec.step,
            rec.priority,
            rec.owner,
            rec.horizon,
            rec.title,
            rec.detail,
        ),
        leads_to=leads_to,
        effort=rec.effort or "medium",
        benefit=rec.benefit,
        after=tuple(rec.after),
        dimensions=tuple(
            d.id
            for d in q.dimensions
            if any(d.id in q.questions[ident].dimensions for ident in rec.leads_to)
        ),
    )


def _explained(condition: Any) -> tuple[Compiled, Explainer, Decisive | None, tuple[Leaf, ...]]:
    """A condition compiled, with its explainer, its fixed decisive tests if any, its leaves."""
    return (
        compile_condition(condition),
        compile_explainer(condition),
        decisive_when_true(condition),
        tuple(_leaf(leaf) for _, leaf in iter_conditions(condition)),
    )


_PRIORITY_ORDER = MappingProxyType({"high": 0, "medium": 1, "low": 2})


@dataclass(frozen=True, eq=False)
class Prepared:
    """What validating, scoring and analysing answers need from one questionnaire.

    It holds no reference to the questionnaire object itself, so that the questionnaire can
    be garbage-collected, and its prepared form with it.
    """

    questions: tuple[PreparedQuestion, ...]
    """Every question, in questionnaire order."""
    by_id: Mapping[str, PreparedQuestion]
    conditional: tuple[PreparedQuestion, ...]
    """The questions with a `when:`, in questionnaire order."""
    conditions: tuple[tuple[str, Compiled], ...]
    """The id and compiled `when:` of each of them."""
    sections: tuple[PreparedSection, ...]
    steps: tuple[PreparedStep, ...]
    dimensions: tuple[PreparedDimension, ...]
    aggregation: Aggregation
    """How the overall score aggregates its steps, and dimensions their questions."""
    step_ids: tuple[str, ...]
    step_order: Mapping[str, int]
    priority_order: Mapping[str, int]
    recommendations: tuple[PreparedRecommendation, ...]
    """In the order of the action plan: priority, step, then file order."""
    figures: tuple[PreparedFigure, ...]
    staffing: PreparedStaffing | None
    caps: tuple[PreparedCap, ...] = ()
    """The level caps, in file order."""
    level_ids: tuple[str, ...] = ()
    """The maturity levels, lowest first."""
    level_rank: Mapping[str, int] = field(default_factory=dict)
    plan: PreparedPlan | None = None
    matrices: frozenset[str] = field(default_factory=frozenset)
    """Ids of the questions whose answers are mappings of rows."""
    scales: tuple[tuple[str, str, PreparedScale], ...] = ()
    """The steps, sections and dimensions whose scores have a level scale: (kind, id,
    scale), `kind` being `steps`, `sections` or `dimensions`."""
    members: tuple[tuple[int, ...], ...] = ()
    """For each score part list (sections, then dimensions, as `PreparedQuestion.targets`
    numbers them): the indices in `questions` of the questions that add to it, in
    questionnaire order."""
    when_tested: frozenset[str] = field(default_factory=frozenset)
    """Ids of the questions some `when:` tests: changing their answer can change which
    questions apply."""
    section_step: tuple[int, ...] = ()
    """For each section, the index of its step."""
    by_recommendation: Mapping[str, PreparedRecommendation] = field(default_factory=dict)
    position: Mapping[str, int] = field(default_factory=dict)
    """Each question's index in `questions`."""
    leads_to: bool = False
    """Whether some recommendation says what answers it leads to (gains are then computed)."""
    after: bool = False
    """Whether some recommendation names prerequisites (the roadmap then orders by them)."""
    overall_scale: PreparedScale | None = None
    """The level scale of the overall score (none: the overall score has no level)."""

    def applicable(
        self, answers: Mapping[str, Any], checked: bool = False
    ) -> tuple[dict[str, Any], frozenset[str]]:
        """The answers to questions that apply, and the ids of the questions whose `when:`
        is false (answered or not).

        Each `when:` is decided in questionnaire order on a copy of the answers from which
        the inapplicable ones are removed as they are met: a condition tests only earlier
        questions, so it sees exactly the applicable earlier answers. `checked`: the answers
        are those `load_responses` checked, of which none is `None`.
        """
        kept = dict(answers)
        if not checked and None in kept.values():  # responses built by hand: None is no answer
            kept = {ident: value for ident, value in kept.items() if value is not None}
        false: list[str] = []
        for ident, when in self.conditions:
            if not when(kept, None):
                false.append(ident)
                kept.pop(ident, None)
        return kept, frozenset(false)


def _build(q: Questionnaire) -> Prepared:
    # responses validated against q find it again by its fingerprint (see _cache.recall)
    remember(q)
    zero = q.scoring.unanswered == "zero"
    default = q.scoring.aggregation
    dimension_ids = [d.id for d in q.dimensions]
    sections: list[PreparedSection] = []
    questions: list[PreparedQuestion] = []
    n_sections = sum(len(step.sections) for step in q.steps)
    for s_index, step in enumerate(q.steps):
        for section in step.sections:
            c_index = len(sections)
            mode = section.aggregation or step.aggregation or default
            sections.append(
                PreparedSection(section.id, mode, tuple(x.id for x in section.questions))
            )
            for question in section.questions:
                dims = tuple(n_sections + dimension_ids.index(d) for d in question.dimensions)
                questions.append(
                    _prepare_question(question, c_index, s_index, (c_index, *dims), zero)
                )
    steps = tuple(
        PreparedStep(
            step.id,
            tuple((s.id, s.weight) for s in step.sections),
            step.aggregation or default,
            tuple(s.id for s in step.sections),
            step.weight,
        )
        for step in q.steps
    )
    dimensions = tuple(
        PreparedDimension(
            d, tuple(x.id for _, _, x in q.iter_questions() if d in x.dimensions and x.scored)
        )
        for d in dimension_ids
    )
    step_of = {x.id: step.id for step, _, x in q.iter_questions()}
    level_rank = {level.id: i for i, level in enumerate(q.overall_levels)}
    step_order = {step.id: i for i, step in enumerate(q.steps)}
    ranked = sorted(
        enumerate(q.recommendations),
        key=lambda item: (_PRIORITY_ORDER[item[1].priority], step_order[item[1].step], item[0]),
    )
    recommendations = tuple(_prepare_recommendation(rec, q) for _, rec in ranked)
    figures = tuple(
        PreparedFigure(
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
    )
    members: list[list[int]] = [[] for _ in range(n_sections + len(dimension_ids))]
    for index, item in enumerate(questions):
        for target in item.targets:
            members[target].append(index)
    when_tested = frozenset(
        leaf.question
        for x in questions
        if x.question.when is not None
        for _, leaf in iter_conditions(x.question.when)
        if isinstance(leaf, AnswerTest)
    )
    return Prepared(
        members=tuple(tuple(m) for m in members),
        by_recommendation=MappingProxyType({rec.id: rec for rec in recommendations}),
        position=MappingProxyType({x.id: i for i, x in enumerate(questions)}),
        leads_to=any(rec.leads_to for rec in recommendations),
        after=any(rec.after for rec in recommendations),
        overall_scale=prepare_scale(q.scale_for("overall")),
        when_tested=when_tested,
        section_step=tuple(s_index for s_index, step in enumerate(q.steps) for _ in step.sections),
        questions=tuple(questions),
        by_id=MappingProxyType({x.id: x for x in questions}),
        conditional=tuple(x for x in questions if x.when is not None),
        conditions=tuple((x.id, x.when) for x in questions if x.when is not None),
        sections=tuple(sections),
        steps=steps,
        dimensions=dimensions,
        aggregation=default,
        step_ids=tuple(step_order),
        step_order=MappingProxyType(step_order),
        priority_order=_PRIORITY_ORDER,
        recommendations=recommendations,
        figures=figures,
        staffing=_prepare_staffing(q, step_of),
        caps=tuple(
            PreparedCap(
                cap.id, cap.highest_level, level_rank[cap.highest_level], *_explained(cap.when)
            )
            for cap in q.level_caps
        ),
        level_ids=tuple(level_rank),
        level_rank=MappingProxyType(level_rank),
        plan=_prepare_plan(q, dimensions),
        matrices=frozenset(
            x.id for x in questions if kind_of(x.question).row_ids(x.question) is not None
        ),
        scales=_scales(q),
    )


def _scales(q: Questionnaire) -> tuple[tuple[str, str, PreparedScale], ...]:
    """The scores other than the overall one that have a level scale."""
    scored: list[tuple[str, ScoreKind, str]] = [("steps", "step", s.id) for s in q.steps]
    scored += [("sections", "section", c.id) for s in q.steps for c in s.sections]
    scored += [("dimensions", "dimension", d.id) for d in q.dimensions]
    found = []
    for table, kind, ident in scored:
        scale = prepare_scale(q.scale_for(kind, ident))
        if scale is not None:
            found.append((table, ident, scale))
    return tuple(found)


prepare: Callable[[Questionnaire], Prepared] = per_questionnaire(_build)
"""The prepared form of a questionnaire, built on first use and kept while it lives."""
