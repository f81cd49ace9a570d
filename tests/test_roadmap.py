"""The roadmap (issue 12, point 6): the action plan as four dated periods from the
assessment date, each action no earlier than its horizon and after what it depends on."""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialready import (
    Assessment,
    assess,
    load_questionnaire,
    load_responses,
    questionnaire_from_data,
)

ROOT = Path(__file__).parent.parent
NAMES = ["agence-12", "manufacturer-400", "retailer"]
HORIZON_STAGE = {"now": 0, "quarter": 1, "year": 3}


@cache
def assessment(name: str) -> Assessment:
    return assess(
        load_questionnaire("social-readiness@1.0.0"),
        load_responses(ROOT / "tests" / "data" / "v1" / f"{name}.yaml"),
    )


def stage_of(a: Assessment) -> dict[str, tuple[int, int]]:
    """Each action's (period, position in it)."""
    return {
        ident: (i, j) for i, stage in enumerate(a.roadmap) for j, ident in enumerate(stage.actions)
    }


@pytest.mark.parametrize("name", NAMES)
def test_four_periods_from_the_assessment_date(name: str) -> None:
    a = assessment(name)
    day = a.responses.date
    assert [s.id for s in a.roadmap] == ["days_30", "days_90", "months_6", "months_12"]
    assert [s.start for s in a.roadmap] == [day, *(s.end for s in a.roadmap[:-1])]
    assert [s.end for s in a.roadmap] == [
        day + datetime.timedelta(days=30),
        day + datetime.timedelta(days=90),
        day.replace(year=day.year + (day.month + 6 > 12), month=(day.month + 5) % 12 + 1),
        day.replace(year=day.year + 1),
    ]


@pytest.mark.parametrize("name", NAMES)
def test_every_action_once_no_earlier_than_its_horizon_and_after_its_prerequisites(
    name: str,
) -> None:
    a = assessment(name)
    where = stage_of(a)
    assert sorted(where) == sorted(x.id for x in a.actions)
    recommendations = {rec.id: rec for rec in a.questionnaire.recommendations}
    for action in a.actions:
        assert where[action.id][0] >= HORIZON_STAGE[action.horizon]
        rec = recommendations.get(action.id)
        for before in rec.after if rec else ():
            if before in where:
                assert where[before] < where[action.id], (before, action.id)


def test_the_agency_trains_its_staff_once_its_charter_is_written() -> None:
    a = assessment("agence-12")
    where = stage_of(a)
    # both within a quarter; the training teaches the charter, so it comes in the next period
    assert where["rec_usage_charter"][0] == 1
    assert where["rec_social_training"][0] == 2
    assert a.roadmap[2].actions == ("rec_social_training",)


def test_the_manufacturer_relays_its_pilot_through_managers_once_it_runs() -> None:
    where = stage_of(assessment("manufacturer-400"))
    assert where["rec_start_internal_pilot"][0] == 1
    assert where["rec_middle_managers_relay"][0] == 2
    assert where["rec_social_intranet_bundle"][0] == 2


def builtin_with_after(ident: str, after: list[str]) -> Any:
    path = ROOT / "questionnaires" / "social-readiness@1.0.0.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    for rec in data["recommendations"]:
        if rec["id"] == ident:
            rec["after"] = after
    return questionnaire_from_data(data, "edited.yaml")


def agency_with(q: Any) -> Assessment:
    data = yaml.safe_load((ROOT / "tests" / "data" / "v1" / "agence-12.yaml").read_text("utf-8"))
    data["date"] = str(data["date"])
    return assess(q, load_responses(data, q))


def test_a_staffing_gap_named_with_its_responsibility_comes_first() -> None:
    # the agency has nobody owning customer answering (in its grouped "name owners" action)
    q = builtin_with_after("rec_set_response_time", ["staffing-no_owner-customer_answering"])
    where = stage_of(agency_with(q))
    assert where["staffing-no_owner"][0] == 0
    assert where["rec_set_response_time"][0] == 1
    # a gap the agency does not have holds nothing back
    q = builtin_with_after("rec_set_response_time", ["staffing-no_owner-monitoring"])
    assert stage_of(agency_with(q))["rec_set_response_time"][0] == 0


def test_in_the_last_period_prerequisites_come_first() -> None:
    # the charter (a quarter) after sharing culture (a year): both in the last period
    q = builtin_with_after("rec_usage_charter", ["rec_sharing_culture"])
    a = agency_with(q)
    where = stage_of(a)
    assert where["rec_sharing_culture"][0] == where["rec_usage_charter"][0] == 3
    assert where["rec_sharing_culture"][1] < where["rec_usage_charter"][1]
    # and what follows the charter stays in the last period, after it
    assert where["rec_usage_charter"][1] < where["rec_social_training"][1]


def test_the_end_of_a_short_month() -> None:
    a = assessment("agence-12")
    late = a.responses.model_copy(update={"date": datetime.date(2026, 8, 31)})
    stages = assess(a.questionnaire, late).roadmap
    assert [s.end for s in stages] == [
        datetime.date(2026, 9, 30),
        datetime.date(2026, 11, 29),
        datetime.date(2027, 2, 28),
        datetime.date(2027, 8, 31),
    ]


# --- The built-in questionnaire 2.0.0 and its examples ----------------------------------


def assessment_2(name: str, q: Any = None, **answers: Any) -> Assessment:
    """An example answering 2.0.0, with some answers changed."""
    q = q or load_questionnaire("social-readiness@2.0.0")
    data = yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text("utf-8"))
    data["date"] = str(data["date"])
    data["answers"].update(answers)
    return assess(q, load_responses(data, q))


@pytest.mark.parametrize("name", NAMES)
def test_2_0_0_every_action_once_no_earlier_than_its_horizon_and_after_its_prerequisites(
    name: str,
) -> None:
    a = assessment_2(name)
    where = stage_of(a)
    assert sorted(where) == sorted(x.id for x in a.actions)
    recommendations = {rec.id: rec for rec in a.questionnaire.recommendations}
    for action in a.actions:
        assert where[action.id][0] >= HORIZON_STAGE[action.horizon]
        rec = recommendations.get(action.id)
        for before in rec.after if rec else ():
            if before in where:
                assert where[before] < where[action.id], (before, action.id)


def test_2_0_0_the_manufacturer_relays_its_pilot_through_managers_once_it_runs() -> None:
    where = stage_of(assessment_2("manufacturer-400"))
    assert where["rec_start_internal_pilot"][0] == 1
    assert where["rec_middle_managers_relay"][0] == 2
    assert where["rec_social_intranet_bundle"][0] == 2


def test_2_0_0_reporting_to_management_comes_after_the_objectives() -> None:
    # a manufacturer with no written objectives that never reports: both actions planned
    loose = {"business_objectives": "general", "reporting_frequency": "never"}
    where = stage_of(assessment_2("manufacturer-400", **loose))
    assert where["rec_set_objectives"][0] == 0
    assert where["rec_report_to_management"][0] == 1
    # objectives set within a quarter: the first report waits for them
    path = ROOT / "questionnaires" / "social-readiness@2.0.0.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    for rec in data["recommendations"]:
        if rec["id"] == "rec_set_objectives":
            rec["horizon"] = "quarter"
    q = questionnaire_from_data(data, "edited.yaml")
    where = stage_of(assessment_2("manufacturer-400", q, **loose))
    assert where["rec_set_objectives"][0] == 1
    assert where["rec_report_to_management"][0] == 2
