"""assess(): scores computed by hand on tests/data/scoring.yaml, for every kind and mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from socialready import Assessment, Questionnaire, assess, load_questionnaire, load_responses
from socialready.questionnaire import ScoringPolicy

DATA = Path(__file__).parent / "data"

HEADER: dict[str, Any] = {
    "questionnaire": "scoring-test@1.0.0",
    "organisation": {"name": "Test org"},
    "date": "2026-11-27",
    "assessor": "Tester",
}

FULL: dict[str, Any] = {
    "channel": "some",  # 1/4, weight 2
    "tools": ["chat", "wiki"],  # 4 capped at 3: 3/3
    "rating": 2,  # 1/3
    "charter": True,  # 2/2
    "share": 60,  # band 50–90: 1/2
    # followup applies (charter is yes) and is unanswered: counts 0 under 'zero'
    "presence": {"fb": "yes", "li": "no"},  # (1·2 + 3·0) / (1·2 + 3·2) = 1/4
    "notes": "free text",
    "staff": [
        {
            "name": "Ann",
            "department": "marketing",
            "duties": {"publishing": "A", "answering": "R"},
            "share": 80,
        },
        {"name": "Bob", "department": "marketing", "duties": {"publishing": "A"}, "share": 30},
    ],
    "involved": {"marketing": "in", "service": "in"},
}


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(DATA / "scoring.yaml")


def run(q: Questionnaire, answers: dict[str, Any]) -> Assessment:
    return assess(q, load_responses({**HEADER, "answers": answers}, q))


def with_policy(q: Questionnaire, **policy: str) -> Questionnaire:
    scoring = ScoringPolicy.model_validate({**q.scoring.model_dump(), **policy})
    return Questionnaire.model_validate({**q.model_dump(), "scoring": scoring.model_dump()})


def test_weighted_mean_by_hand(q: Questionnaire) -> None:
    a = run(q, FULL)
    assert a.sections["a"].score == pytest.approx(100 * (2 * 0.25 + 1 + 1 / 3) / 4)
    assert a.sections["b"].score == pytest.approx(100 * (1 + 0.5 + 0) / 3)
    step_one = (1 * (2 * 0.25 + 1 + 1 / 3) / 4 + 3 * 0.5) / 4
    assert a.steps["one"].score == pytest.approx(100 * step_one)
    assert a.sections["c"].score == pytest.approx(25)
    assert a.steps["two"].score == pytest.approx(25)
    assert a.overall.score == pytest.approx((100 * step_one * 1 + 25 * 3) / 4)
    assert a.overall.level == "low"
    assert a.dimensions["reach"].score == pytest.approx(100 * (2 * 0.25 + 0.5 + 0.25) / 4)
    assert a.dimensions["care"].score == pytest.approx(100 * (1 + 1 / 3 + 1) / 3)


def test_trace_of_every_kind(q: Questionnaire) -> None:
    t = run(q, FULL).questions
    assert (t["channel"].status, t["channel"].points, t["channel"].max_points) == ("scored", 1, 4)
    assert (t["channel"].weight, t["channel"].normalised) == (2, 0.25)
    assert (t["tools"].points, t["tools"].max_points, t["tools"].normalised) == (3, 3, 1.0)
    assert (t["rating"].points, t["rating"].max_points) == (1, 3)
    assert (t["charter"].points, t["charter"].max_points) == (2, 2)
    assert (t["share"].points, t["share"].max_points) == (1, 2)
    assert (t["followup"].status, t["followup"].points, t["followup"].answered) == (
        "unanswered",
        0,
        False,
    )
    assert (t["presence"].normalised, t["presence"].points) == (0.25, 0.5)
    assert (t["notes"].status, t["notes"].points, t["notes"].answered) == ("unscored", None, True)
    assert t["staff"].status == "unscored"
    assert t["involved"].status == "unscored"
    assert run(q, FULL).sections["a"].parts == ("channel", "tools", "rating")


def test_sum_of_raw_points_over_raw_maxima(q: Questionnaire) -> None:
    a = run(with_policy(q, aggregation="sum"), FULL)
    assert a.sections["a"].score == pytest.approx(100 * (2 * 1 + 3 + 1) / (2 * 4 + 3 + 3))
    assert a.sections["b"].score == pytest.approx(100 * (2 + 1 + 0) / (2 + 2 + 1))
    assert a.steps["one"].score == pytest.approx(100 * (1 * 6 + 3 * 3) / (1 * 14 + 3 * 5))
    assert a.steps["two"].score == pytest.approx(100 * 0.5 / 2)


def test_weakest_link(q: Questionnaire) -> None:
    a = run(with_policy(q, aggregation="min"), FULL)
    assert a.sections["a"].score == pytest.approx(25)
    assert a.sections["b"].score == 0  # followup unanswered counts 0
    assert a.steps["one"].score == 0
    assert a.overall.score == 0
    assert a.dimensions["care"].score == pytest.approx(100 / 3)


def test_unanswered_left_out_under_exclude(q: Questionnaire) -> None:
    a = run(with_policy(q, unanswered="exclude"), FULL)
    assert a.questions["followup"].status == "unanswered_excluded"
    assert a.questions["followup"].points is None
    assert a.sections["b"].score == pytest.approx(100 * (1 + 0.5) / 2)
    assert a.sections["b"].counted == 2


def test_nothing_answered(q: Questionnaire) -> None:
    assert run(q, {}).overall.score == 0
    excluded = run(with_policy(q, unanswered="exclude"), {})
    assert excluded.overall.score is None
    assert excluded.overall.level is None
    assert excluded.sections["a"].counted == 0


def test_not_applicable_option_counts_nowhere(q: Questionnaire) -> None:
    a = run(q, {**FULL, "channel": "na"})
    assert a.questions["channel"].status == "not_applicable"
    assert a.sections["a"].score == pytest.approx(100 * (1 + 1 / 3) / 2)
    assert a.dimensions["reach"].score == pytest.approx(100 * (0.5 + 0.25) / 2)


def test_dont_know_is_answered_and_worth_zero(q: Questionnaire) -> None:
    a = run(q, {**FULL, "channel": "dk"})
    assert (a.questions["channel"].status, a.questions["channel"].points) == ("dont_know", 0)
    assert a.sections["a"].score == pytest.approx(100 * (0 + 1 + 1 / 3) / 4)
    assert a.completeness.overall.unanswered == ("followup",)


def test_matrix_rows(q: Questionnaire) -> None:
    only_na = run(q, {**FULL, "presence": {"fb": "na", "li": "na"}})
    assert only_na.questions["presence"].status == "not_applicable"
    half = run(q, {**FULL, "presence": {"li": "yes"}})  # fb unanswered counts 0
    assert half.questions["presence"].normalised == pytest.approx(3 * 2 / (1 * 2 + 3 * 2))
    skip = run(with_policy(q, unanswered="exclude"), {**FULL, "presence": {"li": "yes"}})
    assert skip.questions["presence"].normalised == 1.0


def test_multiple_choice_exclusive_and_empty(q: Questionnaire) -> None:
    assert run(q, {**FULL, "tools": ["nothing"]}).questions["tools"].points == 0
    assert run(q, {**FULL, "tools": []}).questions["tools"].points == 0
    assert run(q, {**FULL, "tools": ["mail"]}).questions["tools"].normalised == pytest.approx(1 / 3)


def test_condition_false_counts_nowhere(q: Questionnaire) -> None:
    a = run(q, {**FULL, "charter": False})
    assert a.questions["followup"].status == "condition_false"
    assert a.sections["b"].score == pytest.approx(100 * (0 + 0.5) / 2)
    assert "followup" not in a.completeness.overall.unanswered


def test_answer_to_a_question_that_does_not_apply_is_a_warning_and_not_scored(
    q: Questionnaire,
) -> None:
    r = load_responses({**HEADER, "answers": {**FULL, "charter": False, "followup": True}}, q)
    (warning,) = r.warnings
    assert warning.field == "answers.followup"
    assert "does not apply" in warning.message
    a = assess(q, r)
    assert a.questions["followup"].status == "condition_false"
    assert a.sections["b"].score == pytest.approx(100 * (0 + 0.5) / 2)


def test_completeness(q: Questionnaire) -> None:
    c = run(q, FULL).completeness
    # every applicable question but free text: channel … presence, staff, involved
    assert (c.overall.applicable, c.overall.answered) == (9, 8)
    assert c.overall.share == pytest.approx(8 / 9)
    assert c.steps["one"].unanswered == ("followup",)
    assert c.steps["two"].share == 1.0


def test_recommendations_and_their_reasons(q: Questionnaire) -> None:
    a = run(q, {**FULL, "channel": "dk", "charter": False})
    recs = [x for x in a.actions if x.source == "recommendation"]
    assert [x.id for x in recs] == ["lift_two", "open_channel"]  # high before medium
    lift = recs[0]
    assert [(r.kind, r.subject, r.holds, r.test) for r in lift.reasons] == [
        ("score", "step:two", True, "below"),
        ("answer", "charter", False, "equals"),
    ]
    assert lift.reasons[0].actual == pytest.approx(25)
    assert lift.reasons[0].expected == 50
    assert lift.reasons[1].actual is False
    opened = recs[1]
    assert [(r.subject, r.expected, r.actual) for r in opened.reasons] == [
        ("channel", ["none", "dk"], "dk")
    ]


def test_staffing_gaps_become_actions(q: Questionnaire) -> None:
    a = run(q, FULL)
    assert a.staffing is not None
    assert [p.name for p in a.staffing.people] == ["Ann", "Bob"]
    assert a.staffing.departments_named == ("marketing", "service")
    gaps = [(g.kind, g.responsibility or g.department, g.people) for g in a.staffing.gaps]
    assert gaps == [
        ("several_owners", "publishing", ("Ann", "Bob")),
        ("no_owner", "answering", ()),
        ("no_backup", "answering", ("Ann",)),
        ("idle_department", "service", ()),
    ]
    titles = [x.title["en"] for x in a.actions if x.source == "staffing"]
    assert titles == [
        "Owner for Answering",
        "Backup for Answering",
        "One owner for Publishing",
        "Role for Customer service",
    ]
    several = next(x for x in a.actions if x.id == "staffing-several_owners-publishing")
    assert several.detail == {"en": "Ann, Bob own it."}


def test_overload_sums_the_rows_of_one_person(q: Questionnaire) -> None:
    staff = [*FULL["staff"], {"name": "ann", "duties": {"answering": "A"}, "share": 30}]
    a = run(q, {**FULL, "staff": staff})
    assert a.staffing is not None
    overloaded = [g for g in a.staffing.gaps if g.kind == "overloaded"]
    assert [(g.people, g.share) for g in overloaded] == [(("Ann",), 110)]
    action = next(x for x in a.actions if x.id == "staffing-overloaded-Ann")
    assert action.detail == {"en": "Ann works 110%."}


def test_no_roster_means_no_gaps(q: Questionnaire) -> None:
    a = run(q, {k: v for k, v in FULL.items() if k != "staff"})
    assert a.staffing is not None
    assert not a.staffing.roster_answered
    assert a.staffing.gaps == ()


def test_reference_figures(q: Questionnaire) -> None:
    refs = {r.id: r for r in run(q, FULL).references}
    assert (refs["share_figure"].own_value, refs["share_figure"].holds) == (60, None)
    assert refs["chat_figure"].holds is True
    unanswered = {r.id: r for r in run(q, {}).references}
    assert unanswered["share_figure"].own_value is None
    assert unanswered["chat_figure"].holds is None


def test_json_round_trip_is_exact(q: Questionnaire) -> None:
    a = run(q, {**FULL, "channel": {"value": "dk", "note": "asked twice", "evidence": "call"}})
    again = Assessment.model_validate_json(a.model_dump_json())
    assert again == a
    assert again.model_dump_json() == a.model_dump_json()
    assert again.responses.annotations["channel"].note == "asked twice"


def test_responses_for_another_questionnaire_are_refused(q: Questionnaire) -> None:
    from socialready import SocialReadyError

    r = load_responses({**HEADER, "answers": FULL}, q)
    other = with_policy(q, aggregation="sum")
    with pytest.raises(SocialReadyError, match=r"validated against scoring-test@1\.0\.0"):
        assess(other, r)


def test_one_person_over_several_rows_is_one_person(q: Questionnaire) -> None:
    staff = [
        {"name": "Ann", "duties": {"answering": "R"}},
        {"name": " ann ", "duties": {"answering": "A", "publishing": "A"}},
    ]
    a = run(q, {**FULL, "staff": staff})
    assert a.staffing is not None
    gaps = [(g.kind, g.responsibility, g.people) for g in a.staffing.gaps]
    assert ("no_backup", "answering", ("Ann",)) in gaps
    assert not [g for g in gaps if g[0] == "several_owners"]


def test_an_empty_matrix_is_unanswered(q: Questionnaire) -> None:
    a = run(q, {**FULL, "presence": {}})
    assert (a.questions["presence"].status, a.questions["presence"].answered) == (
        "unanswered",
        False,
    )
    assert a.completeness.overall.unanswered == ("followup", "presence")


def test_unanswered_rows_still_count_beside_not_applicable_ones(q: Questionnaire) -> None:
    a = run(q, {**FULL, "presence": {"fb": "na"}})  # li unanswered counts 0 under 'zero'
    assert (a.questions["presence"].status, a.questions["presence"].normalised) == ("scored", 0)
    b = run(with_policy(q, unanswered="exclude"), {**FULL, "presence": {"fb": "na"}})
    assert b.questions["presence"].status == "not_applicable"


def test_answers_to_questions_that_do_not_apply_reach_nothing_else() -> None:
    # mapping_frequency and mapping_distinguishes are asked only when a search was made;
    # their answers kept despite that must not trigger the recommendation that reads them
    builtin = load_questionnaire("social-readiness@1.0.0")
    base = load_responses(Path(__file__).parent / "data" / "v1" / "agence-12.yaml")
    answers = {
        **base.answers,
        "mapping_distinguishes": False,
        "mapping_frequency": "never",
    }

    def actions(search: str) -> tuple[Assessment, set[str]]:
        data = {
            **base.model_dump(mode="json", include={"questionnaire", "organisation", "assessor"}),
            "date": base.date.isoformat(),
            "answers": {**answers, "mapping_search": search},
        }
        a = assess(builtin, load_responses(data, builtin))
        return a, {x.id for x in a.actions}

    applies, fired = actions("informal")
    assert "rec_refine_mapping" in fired
    assert applies.questions["mapping_frequency"].status == "scored"
    kept, fired = actions("no_search")
    assert "rec_refine_mapping" not in fired
    assert kept.questions["mapping_frequency"].status == "condition_false"
    assert kept.responses.answers["mapping_frequency"] == "never"  # kept, not scored


def test_a_not_applicable_answer_places_nobody_beside_a_figure() -> None:
    from socialready import questionnaire_from_data

    text = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "              - {id: dk,",
        "              - {id: na, label: {fr: Sans objet, en: N/A}, not_applicable: true}\n"
        "              - {id: dk,",
    )
    text += (
        "reference_figures:\n"
        "  - id: on_linkedin\n"
        "    value: 40\n"
        "    label: {fr: Sur LinkedIn, en: On LinkedIn}\n"
        "    source: {fr: Étude, en: Study}\n"
        "    holds: {question: network, equals: linkedin}\n"
    )
    q = questionnaire_from_data(None, "mini.yaml", text=text)
    header = {"questionnaire": "mini@1.0", "organisation": {"name": "M"}, "date": "2026-10-01"}

    def holds(network: str) -> bool | None:
        answers = {"has_page": True, "network": network}
        r = load_responses({**header, "assessor": "A", "answers": answers}, q)
        return assess(q, r).references[0].holds

    assert holds("linkedin") is True
    assert holds("no") is False
    assert holds("na") is None  # "does not apply": the organisation is not placed


def test_full_marks_are_exactly_100_whatever_the_weights() -> None:
    # Weights that are not binary fractions round their products and sums; nothing clamps
    # the result, so the arithmetic itself must give 100 (``(100 × a) / a`` is above 100
    # for a = 1.37 and for a = 2.3 × 3, and ``3 × a / a`` above 3 for a = 0.9 × 3).
    from socialready import questionnaire_from_data

    text = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "          - id: has_page\n            kind: yes_no\n",
        "          - id: has_page\n            kind: yes_no\n            weight: 1.37\n",
    )
    text = text.replace(
        "recommendations:",
        "      - id: sec2\n"
        "        title: {fr: Section 2, en: Section 2}\n"
        "        weight: 2.3\n"
        "        aggregation: sum\n"
        "        questions:\n"
        "          - {id: charter, kind: yes_no, label: {fr: C, en: C}, weight: 2.3,"
        " yes_points: 3}\n"
        "          - id: pages\n"
        "            kind: matrix\n"
        "            label: {fr: P, en: P}\n"
        "            weight: 0.7\n"
        "            rows: [{id: fb, label: {fr: F, en: F}, weight: 0.9}]\n"
        "            options:\n"
        "              - {id: none, label: {fr: Non, en: No}}\n"
        "              - {id: all, label: {fr: Oui, en: Yes}, points: 3}\n"
        "recommendations:",
    )
    q = questionnaire_from_data(None, "mini.yaml", text=text)
    assert q.questions["has_page"].weight == 1.37
    header = {"questionnaire": "mini@1.0", "organisation": {"name": "M"}, "date": "2026-10-01"}
    answers = {"has_page": True, "network": "linkedin", "charter": True, "pages": {"fb": "all"}}
    a = assess(q, load_responses({**header, "assessor": "A", "answers": answers}, q))
    assert {ident: r.normalised for ident, r in a.questions.items()} == dict.fromkeys(answers, 1.0)
    assert a.questions["pages"].points == 3.0
    scores = [a.overall, *a.steps.values(), *a.sections.values(), *a.dimensions.values()]
    assert [s.score for s in scores] == [100.0] * 5
