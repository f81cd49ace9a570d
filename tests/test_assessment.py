"""The Assessment and its records: complete on their own, written and read back exactly."""

from __future__ import annotations

import json
from pathlib import Path

from socialready import Assessment, assess, load_questionnaire, load_responses
from socialready.assessment import QuestionResult, Score

ROOT = Path(__file__).parent.parent


def example(name: str) -> Assessment:
    q = load_questionnaire("social-readiness@1.0.0")
    return assess(q, load_responses(ROOT / "tests" / "data" / "v1" / f"{name}.yaml", q))


def test_json_round_trip_gives_an_equal_assessment() -> None:
    a = example("retailer")
    again = Assessment.model_validate_json(a.model_dump_json())
    assert again == a
    assert isinstance(again.overall.score, float)
    assert isinstance(next(iter(again.questions.values())), QuestionResult)


def test_records_are_written_as_objects_with_named_fields() -> None:
    data = json.loads(example("agence-12").model_dump_json())
    section = next(iter(data["sections"].values()))
    assert set(section) == {"id", "score", "points", "max_points", "parts", "counted"}
    result = next(iter(data["questions"].values()))
    assert set(result) == {
        "question",
        "status",
        "points",
        "max_points",
        "weight",
        "normalised",
        "answered",
    }


def test_score_of_reads_every_kind_of_score() -> None:
    a = example("manufacturer-400")
    assert a.score_of("overall", "") == a.overall.score
    step = next(iter(a.steps))
    assert a.score_of("step", step) == a.steps[step].score
    dimension = next(iter(a.dimensions))
    assert a.score_of("dimension", dimension) == a.dimensions[dimension].score
    assert a.score_of("section", "no-such-section") is None
    assert isinstance(a.steps[step], Score)
