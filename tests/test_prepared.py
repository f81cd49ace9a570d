"""The prepared questionnaire: built once per questionnaire, read and never written by scoring."""

from __future__ import annotations

import copy
import gc
import weakref
from pathlib import Path
from typing import Any

from socialready import assess, load_questionnaire, load_responses
from socialready._prepared import prepare

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"


def test_one_prepared_form_per_questionnaire_object() -> None:
    q = load_questionnaire(DATA / "scoring.yaml")
    assert prepare(q) is prepare(q)
    assert prepare(load_questionnaire(DATA / "scoring.yaml")) is not prepare(q)


def test_the_prepared_form_lets_its_questionnaire_go() -> None:
    # a long-running process that loads questionnaires (a notebook, a service) must not
    # keep every one of them, and their prepared forms, for ever
    q = load_questionnaire(DATA / "scoring.yaml")
    responses = load_responses(
        ROOT / "tests" / "data" / "v1" / "retailer.yaml",
        load_questionnaire("social-readiness@1.0.0"),
    )
    gone, prepared = weakref.ref(q), weakref.ref(prepare(q))
    assess(load_questionnaire("social-readiness@1.0.0"), responses)
    del q
    gc.collect()
    assert gone() is None
    assert prepared() is None


def test_scoring_writes_nothing_into_the_prepared_form() -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    prepared = prepare(q)
    before = [(x.id, dict(x.by_value), x.targets) for x in prepared.questions]
    for name in ("agence-12", "manufacturer-400", "retailer"):
        assess(q, load_responses(ROOT / "tests" / "data" / "v1" / f"{name}.yaml", q))
    assert [(x.id, dict(x.by_value), x.targets) for x in prepared.questions] == before


def test_applicable_answers_and_questions_whose_when_is_false() -> None:
    q = load_questionnaire(DATA / "scoring.yaml")
    prepared = prepare(q)
    # followup is asked only when the charter is yes: with no, its answer is set aside,
    # and it is listed as not applicable whether it was answered or not
    answers: dict[str, Any] = {"charter": False, "followup": "x", "share": None}
    kept, false = prepared.applicable(answers)
    assert "followup" not in kept
    assert "share" not in kept  # None is no answer
    assert "followup" in false
    assert prepared.applicable({"charter": False})[1] == false
    kept, false = prepared.applicable({"charter": True, "followup": "x"})
    assert kept == {"charter": True, "followup": "x"}
    assert "followup" not in false
    assert answers == {"charter": False, "followup": "x", "share": None}  # not modified


def test_an_unscored_question_counts_in_its_section_only() -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    prepared = prepare(q)
    n_sections = len(prepared.sections)
    for item in prepared.questions:
        assert item.targets[0] == item.section
        dimensions = item.targets[1:]
        if item.scorer is None:
            assert dimensions == ()
        else:
            assert len(dimensions) == len(item.question.dimensions)
            assert all(t >= n_sections for t in dimensions)


def test_recommendations_are_in_action_plan_order() -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    prepared = prepare(q)
    order = [
        (prepared.priority_order[r.priority], prepared.step_order[r.step])
        for r in prepared.recommendations
    ]
    assert order == sorted(order)
    file_order = {rec.id: i for i, rec in enumerate(q.recommendations)}
    for a, b in zip(prepared.recommendations, prepared.recommendations[1:], strict=False):
        if (a.priority, a.step) == (b.priority, b.step):
            assert file_order[a.id] < file_order[b.id]


def test_the_outcomes_of_few_answers_are_prepared_for_each_of_them() -> None:
    q = load_questionnaire(DATA / "scoring.yaml")
    prepared = prepare(q)
    channel = prepared.by_id["channel"]
    assert set(channel.by_value) == {"none", "some", "many", "na", "dk"}
    assert channel.by_value["many"].result.points == 4
    assert channel.by_value["na"].part is None  # not applicable: counts nowhere
    assert channel.by_value["dk"].result.status == "dont_know"
    charter = prepared.by_id["charter"]
    assert set(charter.by_value) == {True, False}
    # many answers (a list of options, a number) are scored when they come
    assert prepared.by_id["tools"].by_value == {}
    outcome = prepared.by_id["tools"].score(["chat", "wiki", "mail"])
    assert outcome is not None
    assert outcome.result.points == 3  # capped
    assert copy.copy(outcome) == outcome


def test_which_answers_apply_is_decided_once_for_loaded_responses(
    monkeypatch: Any,
) -> None:
    # load_responses decides every when: once; assess reads that decision (a response read
    # back from JSON, which validation did not return, is decided when it is assessed)
    from socialready import Responses
    from socialready._prepared import Prepared

    q = load_questionnaire("social-readiness@1.0.0")
    responses = load_responses(ROOT / "tests" / "data" / "v1" / "retailer.yaml", q)
    again = Responses.model_validate_json(responses.model_dump_json())
    expected = assess(q, again)
    calls: list[int] = []
    decide = Prepared.applicable

    def counted(self: Prepared, answers: Any, checked: bool = False) -> Any:
        # the expected gains decide it again for answers an action changes: not counted
        if answers == responses.answers or answers == fresh_answers:
            calls.append(1)
        return decide(self, answers, checked)

    fresh_answers = load_responses(ROOT / "tests" / "data" / "v1" / "agence-12.yaml", q).answers

    monkeypatch.setattr(Prepared, "applicable", counted)
    assert assess(q, responses) == expected
    assert assess(q, responses) == expected  # the decision is read, never written
    assert calls == []
    assert assess(q, again) == expected
    assert calls == [1]
    fresh = load_responses(ROOT / "tests" / "data" / "v1" / "agence-12.yaml", q)
    assert len(calls) == 2  # decided when validated...
    assess(q, fresh)
    assert len(calls) == 2  # ...and not again when assessed
