"""The Assessment and its records: complete on their own, written and read back exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

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


def test_the_roadmap_is_written_last_and_read_back_as_written() -> None:
    """The roadmap is made when first read, but written and read like the other fields:
    last in the JSON; read back as written, checked; none when the data gives none (an
    assessment written before there were roadmaps)."""
    a = example("agence-12")
    data = json.loads(a.model_dump_json())
    assert list(data)[-1] == "roadmap"
    again = Assessment.model_validate_json(a.model_dump_json())
    assert again.roadmap == a.roadmap
    assert [len(stage.actions) for stage in a.roadmap] != [0, 0, 0, 0]
    del data["roadmap"]
    assert Assessment.model_validate(data).roadmap == ()
    data["roadmap"] = [{"id": "days_30", "start": "2026-11-19", "end": "soon", "actions": []}]
    with pytest.raises(ValidationError) as caught:
        Assessment.model_validate(data)
    assert caught.value.errors()[0]["loc"] == ("roadmap", 0, "end")


def test_the_roadmap_made_when_read_is_as_frozen_and_compared_as_a_field() -> None:
    a, b = example("agence-12"), example("agence-12")
    for change in (lambda: setattr(a, "roadmap", ()), lambda: delattr(a, "roadmap")):
        with pytest.raises(ValidationError) as caught:
            change()
        assert caught.value.errors()[0]["type"] == "frozen_instance"
    assert a.roadmap  # a has made its roadmap, b not yet
    assert a == b
    data = a.model_dump(mode="json")
    data["roadmap"] = []  # read without one: not the same assessment
    assert Assessment.model_validate(data) != b


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
