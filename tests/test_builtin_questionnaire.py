"""The built-in questionnaire: complete, bilingual, and faithful to the three-step method."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from socialready import builtin_questionnaires, builtin_versions, load_questionnaire
from socialready.conditions import AnswerTest, ScoreTest, iter_conditions
from socialready.questionnaire import QUESTION_KINDS, MatrixQuestion, Questionnaire, RosterQuestion

ROOT = Path(__file__).parent.parent
BUILTIN = ROOT / "questionnaires" / "social-readiness@1.0.0.yaml"

# Each topic METHOD.md asks the questionnaire to cover, with the questions that cover it.
METHOD_TOPICS: dict[str, dict[str, list[str]]] = {
    "current_state": {
        "brand presence, network by network": [
            "brand_presence",
            "official_activity",
            "official_audience",
        ],
        "communities created without the company": [
            "unofficial_groups",
            "unofficial_creators",
            "unofficial_engagement",
        ],
        "mentions vs structured communities": [
            "mapping_search",
            "mapping_distinguishes",
            "mapping_frequency",
            "mapping_tools",
        ],
        "participatory website": ["website_features"],
        "internal tools, e-mail and instant messaging": [
            "email_share",
            "im_tool",
            "im_spread",
            "sharing_tools",
            "main_collab_tool",
        ],
        "sharing culture": ["sharing_default", "knowledge_findability"],
        "dependence on platforms": ["fallback_channel"],
    },
    "usages": {
        "staff habits": ["staff_personal_use", "staff_age_spread", "staff_requests"],
        "internal usages wanted": ["internal_usages_wanted"],
        "management stance": ["management_fear", "management_stance"],
        "external usages": [
            "external_usages",
            "marketing_practice",
            "customer_service_practice",
            "monitoring_practice",
            "crisis_preparedness",
            "listening_practice",
            "recruitment_practice",
        ],
        "conversations started by customers": [
            "conversation_watch",
            "conversation_answer",
            "target_response_time",
        ],
    },
    "staffing": {
        "which departments": ["department_roles", "account_authorisation"],
        "cross-department coordination": ["coordination_body"],
        "capacity to answer": ["answer_people", "answer_hours", "answer_coverage"],
        "outside help": ["outside_help", "web_teams_involved"],
        "middle management as relays": ["middle_managers"],
        "centralised or not": ["centralisation"],
        "supervision and moderation": ["connection_review", "moderation_policy", "usage_charter"],
        "the roster of dedicated people": ["dedicated_staff"],
    },
}


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire("social-readiness@1.0.0")


def step_of(q: Questionnaire) -> dict[str, str]:
    return {question.id: step.id for step, _, question in q.iter_questions()}


def test_it_is_listed_and_loaded_by_version(q: Questionnaire) -> None:
    assert builtin_questionnaires() == ["social-readiness"]
    assert builtin_versions("social-readiness") == ["1.0.0", "2.0.0"]
    assert q is load_questionnaire("social-readiness@1.0.0")
    assert q.ref == "social-readiness@1.0.0"
    newest = load_questionnaire("social-readiness")
    assert newest is load_questionnaire()
    assert newest.ref == "social-readiness@2.0.0"
    assert re.fullmatch(r"[0-9a-f]{64}", q.fingerprint)


def test_a_copy_loaded_from_a_path_equals_the_builtin(q: Questionnaire, tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    shutil.copy(BUILTIN, copy)
    loaded = load_questionnaire(copy)
    assert loaded == q
    assert loaded.fingerprint == q.fingerprint


def test_the_json_form_has_the_same_fingerprint(q: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "copy.json"
    path.write_text(q.model_dump_json(indent=2), encoding="utf-8")
    assert load_questionnaire(path).fingerprint == q.fingerprint


@pytest.mark.parametrize(
    ("step", "topic", "ids"),
    [(step, topic, ids) for step, topics in METHOD_TOPICS.items() for topic, ids in topics.items()],
)
def test_every_method_topic_is_covered_in_its_step(
    q: Questionnaire, step: str, topic: str, ids: list[str]
) -> None:
    steps = step_of(q)
    for ident in ids:
        assert steps.get(ident) == step, f"{topic}: {ident} missing from step {step}"


def test_brand_presence_covers_every_network_of_the_method(q: Questionnaire) -> None:
    presence = q.questions["brand_presence"]
    assert isinstance(presence, MatrixQuestion)
    rows = {row.id for row in presence.rows}
    assert {
        "facebook",
        "x_twitter",
        "linkedin",
        "viadeo",
        "instagram",
        "youtube",
        "tiktok",
        "other",
    } <= rows
    options = {o.id for o in presence.options}
    assert {"none", "mentions_only", "unofficial_community", "official_account"} <= options


def test_roster_holds_the_responsibilities_of_the_method(q: Questionnaire) -> None:
    roster = q.questions["dedicated_staff"]
    assert isinstance(roster, RosterQuestion)
    fields = {f.id: f for f in roster.fields}
    assert fields["name"].required
    assert fields["time_share"].type == "percent"
    raci = fields["responsibilities"]
    assert raci.type == "raci"
    assert {o.id for o in raci.options} == {
        "account_ownership",
        "publishing",
        "customer_answering",
        "moderation",
        "monitoring",
        "internal_animation",
        "reporting",
    }


def test_size_and_shape(q: Questionnaire) -> None:
    questions = list(q.questions.values())
    assert 45 <= len(questions) <= 70
    assert [s.id for s in q.steps] == ["current_state", "usages", "staffing"]
    assert 5 <= len(q.dimensions) <= 9
    assert len(q.maturity_levels) in (4, 5)
    kinds = Counter(question.kind for question in questions)
    assert set(kinds) == set(QUESTION_KINDS)
    for dim in q.dimensions:
        assert sum(dim.id in question.dimensions for question in questions) >= 4, dim.id


def test_every_question_says_what_it_measures(q: Questionnaire) -> None:
    for question in q.questions.values():
        assert question.rationale is not None, question.id
        assert question.rationale["fr"].startswith("Étape"), question.id
        assert question.rationale["en"].startswith("Step"), question.id


def test_recommendations_cover_all_steps_and_cross_them(q: Questionnaire) -> None:
    assert len(q.recommendations) >= 25
    steps = step_of(q)
    assert {rec.step for rec in q.recommendations} == {"current_state", "usages", "staffing"}
    crossing = []
    by_score = []
    for rec in q.recommendations:
        leaves = [leaf for _, leaf in iter_conditions(rec.when)]
        tested = {steps[leaf.question] for leaf in leaves if isinstance(leaf, AnswerTest)}
        if len(tested) >= 2:
            crossing.append(rec.id)
        if any(isinstance(leaf, ScoreTest) for leaf in leaves):
            by_score.append(rec.id)
    # step 2 uses customer service while step 3 names nobody to answer
    assert "rec_staff_customer_answering" in crossing
    # employees run unofficial groups while there is no moderation policy
    assert "rec_moderation_policy_employee_groups" in crossing
    assert len(crossing) >= 5
    assert len(by_score) >= 4
    assert Counter(rec.priority for rec in q.recommendations).keys() == {"high", "medium", "low"}


def texts(node: Any) -> list[dict[str, str]]:
    """Every user-facing text of a dumped questionnaire."""
    if isinstance(node, dict):
        if node and set(node) <= {"fr", "en"} and all(isinstance(v, str) for v in node.values()):
            return [node]
        return [t for v in node.values() for t in texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in texts(v)]
    return []


def test_both_languages_are_written_out(q: Questionnaire) -> None:
    all_texts = texts(q.model_dump())
    assert len(all_texts) > 500
    for text in all_texts:
        assert set(text) == {"fr", "en"}
    long = [t for t in all_texts if len(t["en"]) > 40]
    identical = [t for t in long if t["fr"] == t["en"]]
    assert not identical, identical[:3]


def test_apostrophes_are_typographic(q: Questionnaire) -> None:
    """The report's own words use ’: the questionnaire's texts, in every language, too."""
    for text in texts(q.model_dump()):
        for lang, value in text.items():
            assert "'" not in value, (lang, value)


def test_french_typography(q: Questionnaire) -> None:
    """French puts a narrow no-break space before ? ! ; and a no-break space before :."""
    for text in texts(q.model_dump()):
        fr = text["fr"]
        assert not re.search(r"(?<![\u202f])[?!;]", fr), fr
        assert not re.search(r"(?<![\u00a0])(?<=\S):\s", fr), fr
        assert not re.search(r" [?!;:]", fr), fr
        assert not re.search(r"\d[ \u00a0]?%", fr), fr  # 80 % with a narrow no-break space
