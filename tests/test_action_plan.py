"""The action plan fitted to the organisation: owners among the departments it has, staffing
gaps only for what it does or plans, one action for several gaps of one kind, and few high
priorities. Checked on the three example organisations, as their consultant would."""

from __future__ import annotations

import copy
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialready import Assessment, assess, load_questionnaire, load_responses
from socialready.cli import main
from test_loading_errors import MINIMAL, only, position, problems_in

EXAMPLES = Path(__file__).parent / "data" / "v1"
NAMES = ["agence-12", "manufacturer-400", "retailer"]


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text("utf-8"))
    return data


@cache
def assessment(name: str) -> Assessment:
    return assess(
        load_questionnaire("social-readiness@1.0.0"), load_responses(EXAMPLES / f"{name}.yaml")
    )


def departments_it_has(data: dict[str, Any]) -> set[str]:
    answers = data["answers"]
    roles = answers["department_roles"]
    return {d for d, role in roles.items() if role != "not_involved"} | {
        person["department"] for person in answers["dedicated_staff"]
    }


@pytest.mark.parametrize("name", NAMES)
def test_no_action_is_owned_by_a_department_the_organisation_does_not_have(name: str) -> None:
    has = departments_it_has(example(name))
    for action in assessment(name).actions:
        assert action.owner in has, action.id
        if action.declared_owner is not None:  # moved: the questionnaire's owner is absent
            assert action.declared_owner not in has
            assert action.owner == "general_management"


def test_the_agency_plan_is_owned_by_its_manager_and_its_communication_staff() -> None:
    a = assessment("agence-12")
    owners = Counter(action.owner for action in a.actions)
    assert set(owners) == {"general_management", "communication"}
    moved = {action.declared_owner for action in a.actions if action.declared_owner}
    assert moved == {"marketing", "hr", "it", "customer_service", "legal"}
    # the manufacturer and the retailer have every department their plans name
    for name in ("manufacturer-400", "retailer"):
        assert all(action.declared_owner is None for action in assessment(name).actions)


@pytest.mark.parametrize("name", NAMES)
def test_at_most_five_actions_are_high_and_they_weigh_the_most(name: str) -> None:
    actions = assessment(name).actions
    high = [x for x in actions if x.priority == "high"]
    lowered = [x for x in actions if x.declared_priority is not None]
    assert len(high) <= 5
    assert all(x.declared_priority == "high" and x.priority == "medium" for x in lowered)
    if lowered:  # only when more than five were high
        assert len(high) == 5


def test_the_agency_keeps_its_five_first_things_to_do() -> None:
    actions = assessment("agence-12").actions
    assert [x.id for x in actions if x.priority == "high"] == [
        "rec_reassure_management",
        "rec_monitor_official_accounts",
        "rec_usage_charter",
        "rec_account_authorisations",
        "rec_governance_sponsor",
    ]
    assert {x.id for x in actions if x.declared_priority == "high"} == {
        "rec_set_response_time",
        "staffing-no_owner",
        "staffing-no_backup-customer_answering",
        "staffing-overloaded-Julien Le Goff",
    }


@pytest.mark.parametrize("name", NAMES)
def test_no_template_is_repeated(name: str) -> None:
    kinds = Counter(
        x.reasons[0].subject for x in assessment(name).actions if x.source == "staffing"
    )
    assert all(count == 1 for count in kinds.values()), kinds


def test_the_owners_the_agency_lacks_are_named_in_one_action() -> None:
    a = assessment("agence-12")
    (named,) = [x for x in a.actions if x.id == "staffing-no_owner"]
    assert named.title == {
        "fr": "Nommer un responsable pour chacune de ces responsabilités\u00a0: Publication,"
        " Réponse aux clients, Modération, Bilans et indicateurs",
        "en": "Name an owner for each of: Publishing, Answering customers, Moderation, Reporting",
    }
    assert [(r.kind, r.subject, r.row) for r in named.reasons] == [
        ("staffing", "no_owner", duty)
        for duty in ("publishing", "customer_answering", "moderation", "reporting")
    ]
    # the staffing analysis itself still lists every gap
    assert a.staffing is not None
    assert [g.kind for g in a.staffing.gaps].count("no_owner") == 4


def test_gaps_only_for_what_the_organisation_does_or_plans() -> None:
    agency = assessment("agence-12").staffing
    assert agency is not None
    # no internal project, no monitoring among its uses: nobody is asked to own them
    assert {g.responsibility for g in agency.gaps} >= {"customer_answering"}
    assert not {g.responsibility for g in agency.gaps} & {"internal_animation", "monitoring"}
    # the manufacturer studies an internal project: animating it needs an owner
    manufacturer = assessment("manufacturer-400").staffing
    assert manufacturer is not None
    assert ("no_owner", "internal_animation") in {
        (g.kind, g.responsibility) for g in manufacturer.gaps
    }


def without_management(data: dict[str, Any]) -> dict[str, Any]:
    """The agency, had it marked general management as not involved and put its manager in
    communication."""
    data = copy.deepcopy(data)
    data["answers"]["department_roles"]["general_management"] = "not_involved"
    for person in data["answers"]["dedicated_staff"]:
        person["department"] = "communication"
    return data


def test_without_the_fallback_owner_an_action_has_an_owner_to_be_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    data = without_management(example("agence-12"))
    a = assess(q, load_responses(data, q))
    assert {x.owner for x in a.actions} == {None, "communication"}
    assert all(x.declared_owner != "communication" for x in a.actions if x.owner is None)
    path = tmp_path / "agency.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["score", str(path), "--lang", "fr"]) == 0
    assert "(Porteur à désigner, sous un mois)" in capsys.readouterr().out
    assert main(["score", str(path), "--lang", "en"]) == 0
    assert "(Owner to be named, within a month)" in capsys.readouterr().out


def test_unanswered_departments_leave_the_owners_as_the_questionnaire_gives_them() -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    data = example("agence-12")
    del data["answers"]["department_roles"]
    a = assess(q, load_responses(data, q))
    assert all(x.declared_owner is None for x in a.actions)
    assert "legal" in {x.owner for x in a.actions}


def test_no_vendor_is_named_in_a_recommendation() -> None:
    texts = " ".join(
        text
        for rec in load_questionnaire("social-readiness@1.0.0").recommendations
        for part in (rec.title, rec.detail)
        for text in part.values()
    )
    for vendor in ("Jamespot", "Sun Microsystems", "Orange"):
        assert vendor not in texts


# --- located errors ---------------------------------------------------------------------

PLAN = """action_plan:
  departments_from:
    - {question: network, except: ["no"]}
  fallback_owner: marketing
  high_at_most: 1
"""


def test_valid_action_plan_rules_load() -> None:
    from socialready import questionnaire_from_data

    text = MINIMAL.replace("{id: linkedin,", "{id: marketing,") + PLAN
    q = questionnaire_from_data(None, "plan.yaml", text=text)
    assert q.action_plan is not None
    assert q.action_plan.high_at_most == 1


@pytest.mark.parametrize(
    ("old", "new", "marker", "field", "message"),
    [
        (
            "fallback_owner: marketing",
            "fallback_owner: legal",
            "legal",
            "action_plan.fallback_owner",
            "unknown department 'legal'",
        ),
        (
            "{question: network, except",
            "{question: has_page, except",
            "has_page, except",
            "action_plan.departments_from[0].question",
            "'has_page' is not a choice or matrix question",
        ),
        (
            'except: ["no"]',
            'except: ["none"]',
            '"none"',
            "action_plan.departments_from[0].except[0]",
            "'none' is not an option of 'network'",
        ),
        (
            "high_at_most: 1",
            "high_at_most: -1",
            "-1",
            "action_plan.high_at_most",
            "got the number -1",
        ),
    ],
)
def test_broken_action_plan_rules_are_refused_at_their_place(
    old: str, new: str, marker: str, field: str, message: str
) -> None:
    text = MINIMAL.replace("{id: linkedin,", "{id: marketing,") + PLAN.replace(old, new)
    problem = only(problems_in(text))
    assert problem.field == field
    assert message in problem.message
    assert (problem.line, problem.column) == position(text, marker)


BUILT_IN = (
    Path(__file__).parent.parent / "questionnaires" / "social-readiness@1.0.0.yaml"
).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "marker", "field", "message"),
    [
        (
            "    internal_animation:\n      any:",
            "    internal_animations:\n      any:",
            "internal_animations",
            "staffing.needed_when.internal_animations",
            "unknown responsibility 'internal_animations'",
        ),
        (
            "{question: external_usages, includes: customer_service}\n        - {question: brand",
            "{score: {overall: true}, below: 51}\n        - {question: brand",
            "{overall: true}, below: 51",
            "staffing.needed_when.customer_answering.any[0].score",
            "this condition cannot test a score",
        ),
        (
            'en: "Name an owner for each of: {responsibilities}"',
            'en: "Name an owner for each of: {responsibility}"',
            "Name an owner for each of: {responsibility}",
            "staffing.gaps.no_owner.grouped.title.en",
            "unknown placeholder {responsibility}",
        ),
    ],
)
def test_broken_staffing_rules_are_refused_at_their_place(
    old: str, new: str, marker: str, field: str, message: str
) -> None:
    assert BUILT_IN.count(old) == 1
    text = BUILT_IN.replace(old, new)
    problem = only(problems_in(text))
    assert problem.field == field
    assert message in problem.message
    line, column = position(text, marker)
    if field.startswith("staffing.needed_when") and field.count(".") == 2:
        assert (problem.line, problem.column) == (line + 1, column + 2)  # at its condition
    else:
        assert problem.line == line
        assert problem.column in (column, column - 1)  # at the value, or its opening quote
