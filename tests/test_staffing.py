"""staffing: the step-3 roster as a responsibility matrix, and its gaps (METHOD.md step 3:
every responsibility has exactly one accountable owner, nobody is overloaded, the duties
that need one have a backup, every department named as involved holds a role)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from socialready import Questionnaire, load_questionnaire, load_responses, questionnaire_from_data
from socialready.staffing import Gap, Person, analyse_staffing, person_key

DATA = Path(__file__).parent / "data"
HEADER = {
    "questionnaire": "scoring-test@1.0.0",
    "organisation": {"name": "Org"},
    "date": "2026-11-27",
    "assessor": "A",
}


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(DATA / "scoring.yaml")


def person(
    name: str, duties: dict[str, str], share: float | None = None, **more: Any
) -> dict[str, Any]:
    row: dict[str, Any] = {"name": name, "department": "marketing", "duties": duties, **more}
    if share is not None:
        row["share"] = share
    return row


def gaps(q: Questionnaire, staff: list[dict[str, Any]] | None, **answers: Any) -> list[Gap]:
    if staff is not None:
        answers["staff"] = staff
    validated = load_responses({**HEADER, "answers": answers}, q).answers
    staffing = analyse_staffing(q, validated)
    assert staffing is not None
    return list(staffing.gaps)


def test_no_staffing_rules_no_analysis(minimal_text: str) -> None:
    q = questionnaire_from_data(None, "mini.yaml", text=minimal_text)
    assert analyse_staffing(q, {"has_page": True}) is None


def test_the_matrix_holds_every_row_in_roster_order(q: Questionnaire) -> None:
    staff = [
        person("  Ann ", {"publishing": "A", "answering": "R"}, 60),
        person("Bob", {"answering": "AR"}, department="service"),
    ]
    answers = load_responses({**HEADER, "answers": {"staff": staff}}, q).answers
    staffing = analyse_staffing(q, answers)
    assert staffing is not None
    assert staffing.roster_answered
    assert staffing.responsibilities == ("publishing", "answering")  # the raci field's options
    assert staffing.people == (
        Person("Ann", "marketing", 60, {"publishing": "A", "answering": "R"}),
        Person("Bob", "service", None, {"answering": "RA"}),  # letters in R, A, C, I order
    )
    assert staffing.gaps == ()  # one owner each, answering has two doers, nobody above 100


def test_an_unanswered_roster_has_no_gaps(q: Questionnaire) -> None:
    staffing = analyse_staffing(q, {"involved": {"service": "in"}})
    assert staffing is not None
    assert not staffing.roster_answered
    assert (staffing.people, staffing.gaps) == ((), ())
    assert staffing.departments_named == ("service",)  # said even without a roster


def test_each_responsibility_has_exactly_one_accountable_owner(q: Questionnaire) -> None:
    staff = [
        person("Ann", {"publishing": "A", "answering": "A"}),
        person("Bob", {"publishing": "AC", "answering": "R"}),
        person("Cy", {"publishing": "A"}),
    ]
    assert gaps(q, staff) == [Gap("several_owners", "publishing", ("Ann", "Bob", "Cy"))]
    staff = [
        person("Ann", {"publishing": "R", "answering": "C"}),
        person("Bob", {"answering": "I"}),
    ]
    assert gaps(q, staff) == [
        Gap("no_owner", "publishing"),
        Gap("no_owner", "answering"),  # nobody R or A on answering: no no_backup gap besides
    ]


def test_one_person_over_several_rows_is_one_owner(q: Questionnaire) -> None:
    staff = [
        person("Ann Lee", {"publishing": "A", "answering": "A"}),
        person(" ann  LEE", {"publishing": "A", "answering": "R"}),
        person("Bob", {"answering": "R"}),
    ]
    assert gaps(q, staff) == []


def test_a_duty_that_needs_a_backup_has_two_people_doing_it(q: Questionnaire) -> None:
    staff = [
        person("Ann", {"publishing": "A", "answering": "AR"}),
        person("Bob", {"answering": "C"}),
    ]
    assert gaps(q, staff) == [Gap("no_backup", "answering", ("Ann",))]
    staff[1] = person("Bob", {"answering": "R"})
    assert gaps(q, staff) == []


def test_time_shares_add_up_per_person_and_only_above_100_overload(q: Questionnaire) -> None:
    duties = {"publishing": "A", "answering": "A"}
    staff = [
        person("Ann", duties, 70),
        person("ANN", {}, 30),
        person("Bob", {"answering": "R"}, 100),
    ]
    assert gaps(q, staff) == []  # exactly 100 is a full load, not an overload
    staff.append(person("Bob", {}, 0.5))
    staff.append(person("ann", {}, 20))
    assert gaps(q, staff) == [
        Gap("overloaded", None, ("Ann",), None, 120),
        Gap("overloaded", None, ("Bob",), None, 100.5),
    ]


def test_a_department_named_as_involved_holds_a_role(q: Questionnaire) -> None:
    staff = [
        person("Ann", {"publishing": "A", "answering": "A"}),
        person("Bob", {"answering": "R"}),
    ]
    involved = {"marketing": "in", "service": "in"}
    assert gaps(q, staff, involved=involved) == [Gap("idle_department", None, (), "service")]
    # an answer in the mention's except list names nobody
    assert gaps(q, staff, involved={"marketing": "in", "service": "out"}) == []
    # a person of the department who holds no role does not count
    staff.append(person("Cy", {}, department="service"))
    assert gaps(q, staff, involved=involved) == [Gap("idle_department", None, (), "service")]
    staff[-1] = person("Cy", {"publishing": "I"}, department="service")
    assert gaps(q, staff, involved=involved) == []


def test_gaps_come_in_their_documented_order(q: Questionnaire) -> None:
    staff = [
        person("Ann", {"publishing": "A", "answering": "R"}, 110),
        person("Bob", {"publishing": "A"}),
    ]
    found = gaps(q, staff, involved={"service": "in"})
    assert [g.kind for g in found] == [
        "several_owners",
        "no_owner",
        "no_backup",
        "overloaded",
        "idle_department",
    ]


@pytest.mark.parametrize(
    ("name", "key"),
    [("Ann", "ann"), ("  Ann   Lee ", "ann lee"), ("ÉMILE", "émile"), ("Straße", "strasse")],
)
def test_person_key(name: str, key: str) -> None:
    assert person_key(name) == key
