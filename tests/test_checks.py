"""_checks: the problems only the whole questionnaire shows, each with its field path.

The models are validated one by one first (pydantic); ``check_questionnaire`` then sees
what no single model can: ids used twice, references to what does not exist, texts missing
a language, levels that do not cover 0–100. The loader adds file, line and column.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from socialready import Questionnaire, load_questionnaire
from socialready._checks import check_questionnaire
from socialready._yaml import parse

DATA = Path(__file__).parent / "data"
MINIMAL: dict[str, Any] = parse((DATA / "minimal.yaml").read_text(encoding="utf-8")).data
SCORING: dict[str, Any] = parse((DATA / "scoring.yaml").read_text(encoding="utf-8")).data


def problems(data: dict[str, Any], **options: Any) -> list[tuple[str, str, str | None]]:
    """(field path, message, expected) of each problem of ``data`` as a whole."""
    q = Questionnaire.model_validate(data)
    return [(p.field, p.message, p.expected) for p in check_questionnaire(q, **options)]


def edited(data: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(data)


def first_questions(data: dict[str, Any]) -> list[dict[str, Any]]:
    questions: list[dict[str, Any]] = data["steps"][0]["sections"][0]["questions"]
    return questions


def test_sound_questionnaires_have_no_problem() -> None:
    assert problems(MINIMAL) == []
    assert problems(SCORING) == []
    assert check_questionnaire(load_questionnaire("social-readiness@1.0.0")) == []


def test_an_id_used_twice_is_reported_where_it_is_used_again() -> None:
    data = edited(MINIMAL)
    data["steps"][0]["sections"][0]["id"] = "presence"  # the id of a dimension
    assert problems(data) == [
        (
            "steps[0].sections[0].id",
            "id 'presence' is already used at dimensions[0].id",
            "ids unique across the questionnaire",
        )
    ]


def test_texts_in_every_declared_language_and_no_other() -> None:
    data = edited(MINIMAL)
    data["title"] = {"fr": "Mini"}
    data["dimensions"][0]["label"] = {"fr": "Présence", "en": "Presence", "de": "Präsenz"}
    data["steps"][0]["title"]["en"] = "   "
    assert problems(data) == [
        (
            "title",
            "text missing in 'en'",
            "a text in each language of the questionnaire: 'fr', 'en'",
        ),
        (
            "dimensions[0].label.de",
            "text in undeclared language 'de'",
            "only the declared languages 'fr', 'en'",
        ),
        ("steps[0].title.en", "text is blank", "some words"),
    ]
    assert problems(data, texts=False) == []


def test_levels_cover_0_to_100_without_gap_or_overlap() -> None:
    data = edited(MINIMAL)
    low, high = data["maturity_levels"]
    low["to"], high["from"], high["to"] = 40, 45, 90
    found = problems(data)
    assert [(path, message) for path, message, _ in found] == [
        ("maturity_levels[1].from", "level starts at 45: leaves a gap"),
        ("maturity_levels[1].to", "the last level stops at 90"),
    ]
    high["from"] = 30
    assert ("maturity_levels[1].from", "level starts at 30: overlaps the previous level") in [
        (path, message) for path, message, _ in problems(data)
    ]
    assert problems(data, levels=False) == []


def test_scoring_that_cannot_work() -> None:
    data = edited(SCORING)
    questions = first_questions(data)
    questions[0]["dimensions"] = ["reach", "depth"]
    questions[2]["scale"] = [{**p, "points": 0} for p in questions[2]["scale"]]
    section_c = data["steps"][1]["sections"][0]["questions"]
    notes = next(x for x in section_c if x["id"] == "notes")
    notes["weight"] = 2
    involved = next(x for x in section_c if x["id"] == "involved")
    involved["dimensions"] = ["reach"]
    assert problems(data) == [
        (
            "steps[0].sections[0].questions[0].dimensions[1]",
            "unknown dimension 'depth'",
            "one of 'care', 'reach'",
        ),
        (
            "steps[0].sections[0].questions[2].weight",
            "weight is 1 but no answer gives any points",
            "points that reward some answer, or weight: 0 for an unscored question",
        ),
        (
            "steps[0].sections[0].questions[2].dimensions",
            "an unscored question counts in no dimension",
            "no dimensions, or a weight and points",
        ),
        (
            "steps[1].sections[0].questions[1].weight",
            "free text is never scored, yet weight is 2",
            "weight: 0 or no weight",
        ),
        (
            "steps[1].sections[0].questions[3].dimensions",
            "an unscored question counts in no dimension",
            "no dimensions, or a weight and points",
        ),
    ]


@pytest.mark.parametrize(
    ("when", "field", "message", "expected"),
    [
        (
            {"question": "network", "equals": "linkedin"},
            "when.question",
            "question 'network' comes later in the questionnaire",
            "a question asked before this one",
        ),
        (
            {"question": "nowhere", "answered": True},
            "when.question",
            "unknown question 'nowhere'",
            "the id of a question of this questionnaire",
        ),
        (
            {"question": "has_page", "at_least": 1},
            "when.at_least",
            "operator 'at_least' does not apply to a yes_no question",
            "one of 'equals', 'answered'",
        ),
        (
            {"question": "has_page", "equals": "yes"},
            "when.equals",
            "'yes' is not an answer to a yes/no question",
            "true or false",
        ),
        (
            {"score": {"dimension": "presence"}, "below": 50},
            "when.score",
            "a when: condition cannot test a score (scores depend on the answers)",
            "a test on an earlier answer",
        ),
    ],
)
def test_a_when_condition_tests_an_earlier_answer_that_can_be(
    when: dict[str, Any], field: str, message: str, expected: str
) -> None:
    data = edited(MINIMAL)
    questions = first_questions(data)
    questions.insert(
        1, {"id": "extra", "kind": "yes_no", "label": {"fr": "E ?", "en": "E?"}, "when": when}
    )
    assert problems(data) == [(f"steps[0].sections[0].questions[1].{field}", message, expected)]


def test_a_recommendation_names_a_step_a_department_and_scores_that_exist() -> None:
    data = edited(MINIMAL)
    rec = data["recommendations"][0]
    rec["step"], rec["owner"] = "s9", "sales"
    rec["when"] = {
        "any": [
            {"score": {"section": "sec9"}, "below": 40},
            {"question": "network", "in": ["linkedin", "tiktok"]},
        ]
    }
    assert problems(data) == [
        ("recommendations[0].step", "unknown step 's9'", "one of 's1'"),
        ("recommendations[0].owner", "unknown department 'sales'", "one of 'marketing'"),
        ("recommendations[0].when.any[0].score.section", "unknown section 'sec9'", "one of 'sec1'"),
        (
            "recommendations[0].when.any[1].in[1]",
            "'tiktok' is not an option of 'network'",
            "one of 'no', 'linkedin', 'dk'",
        ),
    ]


def test_problems_about_a_part_set_aside_are_left_out() -> None:
    data = edited(MINIMAL)
    data["recommendations"][0]["when"] = {"question": "lost", "answered": True}
    assert [message for _, message, _ in problems(data)] == ["unknown question 'lost'"]
    assert problems(data, ignore=frozenset({"lost"})) == []
    assert len(problems(data, ignore=frozenset({"other"}))) == 1
