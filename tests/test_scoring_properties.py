"""Scoring invariants, on generated questionnaires and generated responses."""

from __future__ import annotations

import math
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialready import Assessment, Questionnaire, assess, load_responses, questionnaire_from_data
from socialready.conditions import AnswerTest, iter_conditions
from strategies import answers_for, valid_questionnaires

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, Any]]:
    q = questionnaire_from_data(draw(valid_questionnaires()))
    return q, draw(answers_for(q))


def run(q: Questionnaire, answers: dict[str, Any]) -> Assessment:
    header = {"organisation": {"name": "Org"}, "date": "2026-11-27", "assessor": "A"}
    return assess(q, load_responses({"questionnaire": q.ref, **header, "answers": answers}, q))


def every_score(a: Assessment) -> dict[tuple[str, str], float | None]:
    scores: dict[tuple[str, str], float | None] = {("overall", ""): a.overall.score}
    for kind, table in (("step", a.steps), ("section", a.sections), ("dimension", a.dimensions)):
        scores.update({(kind, ident): s.score for ident, s in table.items()})
    return scores


def containing(q: Questionnaire, ident: str) -> set[tuple[str, str]]:
    """The scores a question counts in."""
    found = {("overall", "")}
    for step in q.steps:
        for section in step.sections:
            if any(x.id == ident for x in section.questions):
                found |= {("step", step.id), ("section", section.id)}
    return found | {("dimension", d) for d in q.questions[ident].dimensions}


def rebuilt(q: Questionnaire, edit: Any) -> Questionnaire:
    data = q.model_dump()
    edit(data)
    return questionnaire_from_data(data)


@SETTINGS
@given(cases())
def test_every_score_is_within_0_and_100(case: tuple[Questionnaire, dict[str, Any]]) -> None:
    # assess() clamps nothing: these bounds hold by its arithmetic, or this test fails
    a = run(*case)
    for score in every_score(a).values():
        assert score is None or 0 <= score <= 100
    for result in a.questions.values():
        assert result.normalised is None or 0 <= result.normalised <= 1


def best_answer(question: Any) -> Any:
    """An answer worth ``question.max_points`` (``None`` for free text and rosters)."""
    kind = question.kind
    if kind in ("text", "roster"):
        return None
    if kind == "yes_no":
        return question.yes_points >= question.no_points
    if kind == "scale":
        return max(question.scale, key=lambda p: p.points).value
    if kind == "number":
        band = max(question.bands, key=lambda b: b.points)
        return band.from_ if band.from_ is not None else band.to - 1
    counted = [o for o in question.options if not (o.not_applicable or o.dont_know)]
    top = max(counted, key=lambda o: o.points)
    if kind == "single_choice":
        return top.id
    if kind == "matrix":
        return {row.id: top.id for row in question.rows}
    # multiple choice: every plain option, in option order, unless one exclusive option
    # alone gives more
    plain = [o for o in counted if not o.exclusive]
    alone = max((o for o in counted if o.exclusive), key=lambda o: o.points, default=None)
    if alone is not None and alone.points > sum(o.points for o in plain):
        return [alone.id]
    return [o.id for o in plain]


@SETTINGS
@given(st.builds(questionnaire_from_data, valid_questionnaires()))
def test_full_marks_score_exactly_100(q: Questionnaire) -> None:
    # the best answer everywhere: every question that counts is worth its maximum, so
    # every score is 100 to the last bit, neither a rounding above nor below
    answers = {ident: best_answer(x) for ident, x in q.questions.items()}
    a = run(q, {ident: value for ident, value in answers.items() if value is not None})
    for result in a.questions.values():
        assert result.normalised is None or result.normalised == 1.0, result
    for key, score in every_score(a).items():
        assert score is None or score == 100.0, (key, score)
    if any(r.normalised is not None for r in a.questions.values()):
        assert a.overall.score == 100.0


@SETTINGS
@given(cases(), st.data())
def test_raising_one_answer_never_lowers_a_score_containing_it(
    case: tuple[Questionnaire, dict[str, Any]], data: st.DataObject
) -> None:
    q, answers = case
    referenced = {
        leaf.question
        for x in q.questions.values()
        if x.when is not None
        for _, leaf in iter_conditions(x.when)
        if isinstance(leaf, AnswerTest)
    }
    candidates = [
        x
        for x in q.questions.values()
        if x.kind == "single_choice" and x.id not in referenced and x.scored
    ]
    if not candidates:
        return
    question = data.draw(st.sampled_from(candidates))
    counted = [o for o in question.options if not o.not_applicable]  # type: ignore[union-attr]
    low, high = sorted(
        data.draw(st.lists(st.sampled_from(counted), min_size=2, max_size=2)),
        key=lambda o: o.points,
    )
    before = every_score(run(q, {**answers, question.id: low.id}))
    after = every_score(run(q, {**answers, question.id: high.id}))
    for key in containing(q, question.id):
        if before[key] is not None and after[key] is not None:
            assert after[key] >= before[key], key


@SETTINGS
@given(cases(), st.sampled_from([0.5, 3, 7.25, 1000]))
def test_scaling_every_weight_changes_no_score(
    case: tuple[Questionnaire, dict[str, Any]], factor: float
) -> None:
    q, answers = case

    def scale(data: dict[str, Any]) -> None:
        for step in data["steps"]:
            step["weight"] *= factor
            for section in step["sections"]:
                section["weight"] *= factor
                for question in section["questions"]:
                    question["weight"] *= factor
                    for row in question.get("rows", []):
                        row["weight"] *= factor

    scaled = rebuilt(q, scale)
    before, after = every_score(run(q, answers)), every_score(run(scaled, answers))
    for key, score in before.items():
        if score is None:
            assert after[key] is None
        else:
            assert math.isclose(score, after[key] or 0.0, rel_tol=1e-9, abs_tol=1e-9), key


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_the_order_of_answers_changes_nothing(
    case: tuple[Questionnaire, dict[str, Any]], rnd: random.Random
) -> None:
    q, answers = case
    items = list(answers.items())
    rnd.shuffle(items)
    a, b = run(q, answers), run(q, dict(items))
    assert every_score(a) == every_score(b)
    assert a.questions == b.questions
    assert a.actions == b.actions


@SETTINGS
@given(cases())
def test_equal_input_gives_equal_output(case: tuple[Questionnaire, dict[str, Any]]) -> None:
    q, answers = case
    assert run(q, answers) == run(q, dict(answers))


@SETTINGS
@given(cases(), st.data())
def test_not_applicable_questions_never_affect_a_score(
    case: tuple[Questionnaire, dict[str, Any]], data: st.DataObject
) -> None:
    q, answers = case
    a = run(q, answers)
    left_out = [
        ident
        for ident, r in a.questions.items()
        if r.status in ("not_applicable", "condition_false")
    ]
    if not left_out:
        return
    ident = data.draw(st.sampled_from(left_out))
    factor = data.draw(st.sampled_from([0.25, 0.5, 9.0]))

    def reweigh(d: dict[str, Any]) -> None:
        for step in d["steps"]:
            for section in step["sections"]:
                for question in section["questions"]:
                    if question["id"] == ident:
                        question["weight"] *= factor

    assert every_score(run(rebuilt(q, reweigh), answers)) == every_score(a)


@SETTINGS
@given(cases())
def test_json_round_trip(case: tuple[Questionnaire, dict[str, Any]]) -> None:
    a = run(*case)
    again = Assessment.model_validate_json(a.model_dump_json())
    assert again == a


@SETTINGS
@given(cases(), st.data())
def test_a_level_cap_never_raises_a_level_nor_moves_a_score(
    case: tuple[Questionnaire, dict[str, Any]], data: st.DataObject
) -> None:
    q, answers = case
    levels = [level.id for level in q.maturity_levels]
    question = data.draw(st.sampled_from(sorted(q.questions)))
    condition = data.draw(
        st.sampled_from(
            [
                {"question": question, "answered": True},
                {"question": question, "answered": False},
                {"score": {"overall": True}, "at_least": data.draw(st.integers(0, 100))},
            ]
        )
    )
    cap = {
        "id": "cap_under_test",
        "when": condition,
        "highest_level": data.draw(st.sampled_from(levels)),
        "reason": dict.fromkeys(q.languages, "a finding"),
    }
    capped_q = rebuilt(q, lambda d: d.update(level_caps=[cap]))
    before, after = run(q, answers), run(capped_q, answers)
    assert every_score(after) == every_score(before)
    if before.overall.level is None:
        assert after.overall.level is None
        assert after.caps == ()
        return
    assert after.overall.level is not None
    rank_before = levels.index(before.overall.level)
    rank_after = levels.index(after.overall.level)
    assert rank_after <= rank_before
    cap_rank = levels.index(cap["highest_level"])
    if after.caps:  # the cap held: the level is its own, below the score's
        assert rank_after == cap_rank < rank_before
        assert after.caps[0].score_level == before.overall.level
    else:  # it did not hold, or held nothing down: the level is the score's
        assert rank_after == rank_before
