"""The expected gain of each action and the path to the next level (issue 12, point 5):
each gain is what a new assessment of the answers the action leads to gives, the path
applied reaches the next level, and a bad ``leads_to`` or ``after`` is a located error."""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialready import (
    Assessment,
    Questionnaire,
    QuestionnaireError,
    assess,
    load_questionnaire,
    load_responses,
    questionnaire_from_data,
)
from socialready.questionnaire import GAP_PLACEHOLDERS
from socialready.scoring import led_to
from strategies import _answer
from test_loading_errors import edit, only, position, problems_in

EXAMPLES = (
    Path(__file__).parent / "data" / "v1"
)  # answers to 1.0.0, whose actions say what they lead to
NAMES = ["agence-12", "manufacturer-400", "retailer"]


@cache
def builtin() -> Questionnaire:
    return load_questionnaire("social-readiness@1.0.0")


@cache
def assessment(name: str) -> Assessment:
    return assess(builtin(), load_responses(EXAMPLES / f"{name}.yaml"))


def reassessed(a: Assessment, answers: dict[str, Any]) -> Assessment:
    """A whole new assessment of ``answers``, everything else as in ``a``."""
    return assess(a.questionnaire, a.responses.model_copy(update={"answers": answers}))


def check_gains(a: Assessment) -> None:
    """Every expected gain of ``a`` equals, to the last bit, a new assessment of the answers
    its action leads to."""
    recommendations = {rec.id: rec for rec in a.questionnaire.recommendations}
    for gain in a.gains:
        rec = recommendations[gain.action]
        answers = led_to(a.questionnaire, a.responses.answers, rec.leads_to)
        assert {ident: answers[ident] for ident in rec.leads_to} == gain.answers
        again = reassessed(a, answers)
        assert gain.score == again.overall.score, gain.action
        assert gain.level == again.overall.level, gain.action
        if a.overall.score is not None and again.overall.score is not None:
            assert gain.gain == again.overall.score - a.overall.score
        for dimension, change in gain.dimensions.items():
            before, after = a.dimensions[dimension].score, again.dimensions[dimension].score
            assert change == (None if before is None or after is None else after - before)
        assert gain.effort == (rec.effort or "medium")


def check_path(a: Assessment) -> None:
    """The actions of the path, their answers given one after the other, reach its level."""
    path = a.path
    if path is None:
        return
    q = a.questionnaire
    recommendations = {rec.id: rec for rec in q.recommendations}
    rank = {level.id: i for i, level in enumerate(q.maturity_levels)}
    answers = dict(a.responses.answers)
    for ident in path.actions:
        answers = led_to(q, answers, recommendations[ident].leads_to)
    again = reassessed(a, answers)
    assert (again.overall.score, again.overall.level) == (path.score, path.level)
    assert path.reached == (rank[again.overall.level or ""] >= rank[path.target])
    assert path.target == q.maturity_levels[rank[a.overall.level or ""] + 1].id
    if path.reached and len(path.actions) > 1:  # greedy: no shorter prefix reaches it
        shorter = dict(a.responses.answers)
        for ident in path.actions[:-1]:
            shorter = led_to(q, shorter, recommendations[ident].leads_to)
        assert rank[reassessed(a, shorter).overall.level or ""] < rank[path.target]


@pytest.mark.parametrize("name", NAMES)
def test_each_expected_gain_is_that_of_a_new_assessment(name: str) -> None:
    a = assessment(name)
    check_gains(a)
    with_answers = {rec.id for rec in a.questionnaire.recommendations if rec.leads_to}
    planned = {x.id for x in a.actions if x.id in with_answers}
    assert [g.action for g in a.gains] == [x.id for x in a.actions if x.id in planned]


@pytest.mark.parametrize("name", NAMES)
def test_the_path_applied_reaches_the_next_level(name: str) -> None:
    check_path(assessment(name))


def test_the_agency_path_to_getting_organised() -> None:
    a = assessment("agence-12")
    assert a.overall.level == "exploring"
    assert a.path is not None
    assert a.path.target == "structuring"
    assert a.path.reached
    assert a.path.actions == (
        "rec_refine_mapping",
        "rec_account_authorisations",
        "rec_governance_sponsor",
        "rec_coordination_body",
        "rec_usage_charter",
        "rec_moderation_policy",
    )
    assert round(a.path.score or 0, 2) == 41.07
    gains = {g.action: g for g in a.gains}
    # ranked by gain per unit of effort (small 1, medium 2, large 4)
    ratios = [
        (gains[x].gain or 0) / {"small": 1, "medium": 2, "large": 4}[gains[x].effort]
        for x in a.path.actions
    ]
    assert ratios == sorted(ratios, reverse=True)
    # every action of the agency's plan that leads to answers gains something
    assert all((g.gain or 0) > 0 for g in a.gains)


def test_at_the_top_level_there_is_no_path() -> None:
    a = assessment("retailer")
    assert a.overall.level == "advanced"
    assert a.path is None


def test_the_json_round_trip_keeps_gains_path_and_roadmap() -> None:
    a = assessment("manufacturer-400")
    assert a.gains
    assert a.path is not None
    assert a.roadmap
    assert Assessment.model_validate_json(a.model_dump_json()) == a


# --- Hypothesis: any answers to the built-in questionnaire --------------------------------


@st.composite
def builtin_answers(draw: st.DrawFn) -> dict[str, Any]:
    """Valid answers to some of the built-in questionnaire's scored questions."""
    answers: dict[str, Any] = {}
    for ident, question in builtin().questions.items():
        if not question.scored or not draw(st.integers(0, 4)):
            continue
        if question.kind == "number":
            low, high = question.bounds  # type: ignore[union-attr]
            answers[ident] = draw(st.integers(int(low or 0), int(min(high or 100, 100))))
        else:
            answers[ident] = _answer(draw, question)
    return answers


HEADER = {
    "questionnaire": "social-readiness@1.0.0",
    "organisation": {"name": "X"},
    "date": "2026-12-05",
    "assessor": "Y",
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(builtin_answers())
def test_gains_and_path_equal_new_assessments_for_any_answers(answers: dict[str, Any]) -> None:
    a = assess(builtin(), load_responses({**HEADER, "answers": answers}, builtin()))
    check_gains(a)
    check_path(a)


# --- what an action leads to ----------------------------------------------------------------


def test_a_multiple_choice_gains_options_and_loses_none() -> None:
    q = builtin()
    got = led_to(q, {"sharing_tools": ["intranet"]}, {"sharing_tools": ["esn"]})
    assert got["sharing_tools"] == ["intranet", "esn"]
    got = led_to(q, {"sharing_tools": ["none"]}, {"sharing_tools": ["document_sharing"]})
    assert got["sharing_tools"] == ["document_sharing"]
    got = led_to(q, {"sharing_tools": ["wiki"]}, {"sharing_tools": ["none"]})
    assert got["sharing_tools"] == ["wiki"]  # "none" would give fewer points: kept as given


def test_a_matrix_keeps_its_other_rows() -> None:
    given_ = {"facebook": "official_account", "linkedin": "none"}
    got = led_to(
        builtin(), {"brand_presence": given_}, {"brand_presence": {"linkedin": "official_account"}}
    )
    assert got["brand_presence"] == {"facebook": "official_account", "linkedin": "official_account"}


def test_an_answer_is_never_made_worse() -> None:
    q = builtin()
    assert led_to(q, {"answer_people": 6}, {"answer_people": 2}) == {"answer_people": 6}
    assert led_to(q, {"answer_people": 1}, {"answer_people": 2}) == {"answer_people": 2}
    assert led_to(q, {}, {"answer_people": 2}) == {"answer_people": 2}
    assert led_to(
        q, {"conversation_watch": "continuous"}, {"conversation_watch": "regular_check"}
    ) == {"conversation_watch": "continuous"}


# --- level caps: an action that lifts one counts ------------------------------------------


def format_example(leads_to: str) -> Questionnaire:
    """The questionnaire of docs/questionnaire-format.md with its level cap (no search for
    mentions holds the level at beginner) and its one recommendation leading to
    ``leads_to``."""
    text = (Path(__file__).parent.parent / "docs" / "questionnaire-format.md").read_text("utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    example = next(b for b in blocks if "steps:" in b)
    caps = next(b for b in blocks if b.startswith("level_caps:"))
    example = example.replace(
        "    horizon: quarter\n",
        f"    horizon: quarter\n    effort: small\n    leads_to: {leads_to}\n",
    )
    return questionnaire_from_data(None, "questionnaire-format.md", text=example + caps)


def format_assessment(q: Questionnaire, answers: dict[str, Any]) -> Assessment:
    header = {"organisation": {"name": "X"}, "date": "2026-11-27", "assessor": "Y"}
    return assess(q, load_responses({"questionnaire": q.ref, **header, "answers": answers}, q))


def test_an_action_that_lifts_a_cap_takes_the_organisation_up() -> None:
    q = format_example("{watch_frequency: monthly}")
    a = format_assessment(q, {"official_page": True, "watch_frequency": "never"})
    assert (a.overall.level, [c.id for c in a.caps]) == ("beginner", ["no_listening"])
    (gain,) = a.gains
    assert gain.lifts == ("no_listening",)
    assert gain.level == "practitioner"
    assert round(gain.gain or 0, 2) == 16.67  # 66.67 → 83.33
    assert a.path is not None
    assert (a.path.target, a.path.actions, a.path.reached) == (
        "practitioner",
        ("start_listening",),
        True,
    )
    check_gains(a)
    check_path(a)


def test_an_action_that_changes_nothing_is_left_out_of_the_path() -> None:
    q = format_example("{official_page: true}")  # the page is there already
    a = format_assessment(q, {"official_page": True, "watch_frequency": "never"})
    (gain,) = a.gains
    assert gain.gain == 0
    assert gain.level == "beginner"
    assert gain.lifts == ()
    assert a.path is None
    check_gains(a)


# --- located errors ---------------------------------------------------------------------------

LEADS = "    horizon: quarter\n"


def test_leads_to_an_unknown_question_is_located() -> None:
    text = edit(LEADS, LEADS + "    leads_to: {has_pge: true}\n")
    problem = only(problems_in(text))
    assert "unknown question 'has_pge'" in problem.message
    # at the answer given to the unknown question, on the line that names it
    line, column = position(text, "has_pge: true}")
    assert (problem.line, problem.column) == (line, column + len("has_pge: "))
    assert problem.field == "recommendations[0].leads_to.has_pge"


def test_leads_to_an_answer_that_does_not_fit_is_located() -> None:
    text = edit(LEADS, LEADS + "    leads_to: {has_page: maybe}\n")
    problem = only(problems_in(text))
    assert problem.field == "recommendations[0].leads_to.has_page"
    assert (problem.line, problem.column) == position(text, "maybe")
    assert "true or false" in str(problem.expected)


def test_after_an_unknown_recommendation_is_located() -> None:
    text = edit(LEADS, LEADS + "    after: [open_pag]\n")
    problem = only(problems_in(text))
    assert "unknown recommendation 'open_pag'" in problem.message
    assert problem.field == "recommendations[0].after[0]"
    assert (problem.line, problem.column) == position(text, "open_pag]")


def test_after_itself_is_located() -> None:
    text = edit(LEADS, LEADS + "    after: [open_page]\n")
    problem = only(problems_in(text))
    assert "comes after itself" in problem.message
    assert problem.field == "recommendations[0].after[0]"


def test_a_dependency_cycle_is_located_and_spelt_out() -> None:
    data = builtin_data()
    recs = {rec["id"]: rec for rec in data["recommendations"]}
    recs["rec_usage_charter"]["after"] = ["rec_social_training"]  # training is after the charter
    with pytest.raises(QuestionnaireError) as info:
        questionnaire_from_data(data, "cycle.yaml")
    (problem,) = [p for p in info.value.problems if "cycle" in p.message]
    assert (
        "'rec_social_training' → 'rec_usage_charter' → 'rec_social_training'" in problem.message
        or ("'rec_usage_charter' → 'rec_social_training' → 'rec_usage_charter'" in problem.message)
    )
    assert problem.field.endswith(".after[0]")


def test_after_a_staffing_gap_names_a_kind_and_a_responsibility() -> None:
    data = builtin_data()
    recs = {rec["id"]: rec for rec in data["recommendations"]}
    recs["rec_set_response_time"]["after"] = [
        "staffing-no_owner-customer_answering",
        "staffing-no_backup",
        "staffing-no_owner-answering",
        "staffing-missing",
    ]
    with pytest.raises(QuestionnaireError) as info:
        questionnaire_from_data(data, "gaps.yaml")
    problems = info.value.problems
    assert [p.field.rsplit(".", 1)[-1] for p in problems] == ["after[2]", "after[3]"]
    assert all("names no staffing gap" in p.message for p in problems)


def builtin_data() -> dict[str, Any]:
    path = Path(__file__).parent.parent / "questionnaires" / "social-readiness@1.0.0.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return copy.deepcopy(data)


def test_a_questionnaire_without_the_new_fields_keeps_its_fingerprint() -> None:
    # the fingerprint of tests/data/minimal.yaml before leads_to, effort and after existed
    minimal = load_questionnaire(Path(__file__).parent / "data" / "minimal.yaml")
    assert minimal.fingerprint == "640968afcf1f0f8dbc5cf52fc84c3ecff4a818ad0627a19e5e657a08d3ca5bd2"
    data = minimal.model_dump(by_alias=True)
    data["recommendations"][0]["effort"] = "small"
    assert questionnaire_from_data(data, "x.yaml").fingerprint != minimal.fingerprint


# --- The built-in questionnaire 2.0.0 and its examples ----------------------------------

EXAMPLES_2 = Path(__file__).parent.parent / "examples"  # answers to 2.0.0, the default


@cache
def builtin_2() -> Questionnaire:
    return load_questionnaire("social-readiness@2.0.0")


@cache
def assessment_2(name: str) -> Assessment:
    return assess(builtin_2(), load_responses(EXAMPLES_2 / f"{name}.yaml", builtin_2()))


@pytest.mark.parametrize("name", NAMES)
def test_each_expected_gain_of_2_0_0_is_that_of_a_new_assessment(name: str) -> None:
    a = assessment_2(name)
    check_gains(a)
    with_answers = {rec.id for rec in a.questionnaire.recommendations if rec.leads_to}
    assert [g.action for g in a.gains] == [x.id for x in a.actions if x.id in with_answers]
    # every action of the plan that leads to answers gains something
    assert all((g.gain or 0) > 0 for g in a.gains), name


def test_every_recommendation_of_2_0_0_states_its_effort() -> None:
    assert all(rec.effort is not None for rec in builtin_2().recommendations)


@pytest.mark.parametrize(
    ("name", "level", "target", "actions"),
    [
        (
            "agence-12",
            "exploring",
            "structuring",
            (
                "rec_account_authorisations",
                "rec_start_small",
                "rec_crisis_procedure",
                "rec_usage_charter",
                "rec_build_on_email",
            ),
        ),
        (
            "manufacturer-400",
            "structuring",
            "operational",
            ("rec_measure_response_time", "rec_crisis_procedure", "rec_account_authorisations"),
        ),
    ],
)
def test_the_2_0_0_path_applied_reaches_the_next_level(
    name: str, level: str, target: str, actions: tuple[str, ...]
) -> None:
    a = assessment_2(name)
    assert a.overall.level == level
    assert a.path is not None
    assert (a.path.target, a.path.reached, a.path.actions) == (target, True, actions)
    check_path(a)
    gains = {g.action: g for g in a.gains}
    ratios = [
        (gains[x].gain or 0) / {"small": 1, "medium": 2, "large": 4}[gains[x].effort]
        for x in a.path.actions
    ]
    assert ratios == sorted(ratios, reverse=True)


def test_the_2_0_0_retailer_is_at_the_top_level_without_a_path() -> None:
    a = assessment_2("retailer")
    assert a.overall.level == "advanced"
    assert a.path is None


# --- every action says what it brings -------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_2_0_0_action_has_a_gain_in_points_or_a_benefit(name: str) -> None:
    a = assessment_2(name)
    gains = {g.action: g for g in a.gains}
    for action in a.actions:
        gain = gains.get(action.id)
        assert (gain is not None and gain.gain is not None) or action.benefit, action.id
        if action.benefit is not None:
            assert set(action.benefit) == set(a.questionnaire.languages)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_report_shows_an_expected_gain_for_every_numbered_action(name: str, lang: str) -> None:
    from socialready.report.html import render_html
    from socialready.report.view import build_view

    a = assessment_2(name)
    view = build_view(a, lang, primary="#1f4e79", secondary="#e07a1f")
    shown = [x for group in view.priorities for x in group.actions]
    assert sorted(x.number for x in shown) == list(range(1, len(a.actions) + 1))
    start = "Gain attendu\u00a0: " if lang == "fr" else "Expected gain: "
    assert all(x.gain.startswith(start) for x in shown), [x.title for x in shown if not x.gain]
    # staffing actions show their effort, as recommendations do
    assert all(x.effort for x in shown)
    html = render_html(a, lang)
    blocks = re.findall(r'<div class="action [a-z]+">(.*?)</div>', html, flags=re.S)
    assert len(blocks) == len(a.actions)
    assert all(f'<p class="gain">{start}' in block for block in blocks)


def test_the_staffing_actions_take_the_effort_and_benefit_of_their_gap_kind() -> None:
    q = builtin_2()
    assert q.staffing is not None
    gaps = q.staffing.gaps
    assert all(gap.effort is not None and gap.benefit is not None for gap in gaps.values())
    seen = set()
    for name in NAMES:
        for action in assessment_2(name).actions:
            if action.source != "staffing":
                continue
            kind = action.reasons[0].subject
            assert {r.subject for r in action.reasons} == {kind}
            assert (action.effort, action.benefit) == (gaps[kind].effort, gaps[kind].benefit)
            seen.add((kind, action.id == f"staffing-{kind}"))
    # one grouped action (the agency's owners), single ones of three other kinds
    assert ("no_owner", True) in seen
    assert {kind for kind, _ in seen} >= {"no_owner", "no_backup", "overloaded", "several_owners"}


def test_a_recommendation_action_carries_its_effort_and_benefit() -> None:
    a = assessment_2("retailer")
    recommendations = {rec.id: rec for rec in a.questionnaire.recommendations}
    for action in a.actions:
        if action.source == "recommendation":
            rec = recommendations[action.id]
            assert action.effort == (rec.effort or "medium")
            assert action.benefit == rec.benefit
    (scale_up,) = [x for x in a.actions if x.id == "rec_scale_up"]
    assert scale_up.benefit is not None
    assert not any(g.action == "rec_scale_up" for g in a.gains)
    assert type(a).model_validate_json(a.model_dump_json()) == a


def safeguards_variant() -> Assessment:
    """The manufacturer with weak safeguards (moderation and risk below 35) and its external
    presence unchanged (at least 50): it triggers rec_safeguards_before_growth."""
    a = assessment_2("manufacturer-400")
    answers = {
        **a.responses.answers,
        "moderation_policy": "informal",
        "usage_charter": "none",
        "account_authorisation": "informal",
        "fallback_channel": "no_plan",
        "connection_review": "never",
        "social_training": False,
    }
    return reassessed(a, answers)


def test_safeguards_before_growth_gains_what_a_new_assessment_gives() -> None:
    a = safeguards_variant()
    assert (a.dimensions["moderation_risk"].score or 100) < 35
    assert (a.dimensions["external_presence"].score or 0) >= 50
    gains = {g.action: g for g in a.gains}
    gain = gains["rec_safeguards_before_growth"]
    check_gains(a)
    # it answers the four safeguards its detail names: a large gain, mostly on moderation
    assert gain.effort == "medium"
    assert 5 < (gain.gain or 0) < 15
    assert max(gain.dimensions, key=lambda d: gain.dimensions[d] or 0) == "moderation_risk"


def test_an_action_whose_answers_change_no_score_says_so() -> None:
    from socialready.report.i18n import Words
    from socialready.report.view import expected_gain, gain_text

    q = format_example("{official_page: true}")  # the page is there already
    a = format_assessment(q, {"official_page": True, "watch_frequency": "never"})
    (action,) = a.actions
    for lang in ("fr", "en"):
        w = Words(lang)
        assert gain_text(a, action.id, w) == ""  # not "+0 points"
        assert expected_gain(a, action, w) == w("gain_none")
    # a benefit, when the questionnaire gives one, says what the action brings instead
    data = q.model_dump(by_alias=True)
    data["recommendations"][0]["benefit"] = {"fr": "une page vivante.", "en": "a live page."}
    with_benefit = questionnaire_from_data(data, "x.yaml")
    b = format_assessment(with_benefit, {"official_page": True, "watch_frequency": "never"})
    assert expected_gain(b, b.actions[0], Words("en")) == "Expected gain: a live page."


def test_a_benefit_or_a_gap_effort_changes_the_fingerprint_only_when_given() -> None:
    minimal = load_questionnaire(Path(__file__).parent / "data" / "minimal.yaml")
    data = minimal.model_dump(by_alias=True)
    data["recommendations"][0]["benefit"] = None
    assert questionnaire_from_data(data, "x.yaml").fingerprint == minimal.fingerprint
    data["recommendations"][0]["benefit"] = dict.fromkeys(minimal.languages, "something.")
    assert questionnaire_from_data(data, "x.yaml").fingerprint != minimal.fingerprint
    # the 1.0.0 questionnaire, whose gaps state no effort nor benefit, keeps its own
    assert builtin().fingerprint == (
        "68ac25152d49aa36e4ed8877c5ef7a54633bbc1baf133f87fef01100fb15341d"
    )
    v1 = builtin().model_dump(by_alias=True)
    assert v1["staffing"] is not None
    gap = next(iter(v1["staffing"]["gaps"].values()))
    gap["effort"] = "small"
    assert questionnaire_from_data(v1, "x.yaml").fingerprint != builtin().fingerprint


def test_check_warns_of_an_action_that_will_show_no_expected_gain(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from socialready.cli import main
    from socialready.loading import questionnaire_warnings

    minimal = Path(__file__).parent / "data" / "minimal.yaml"
    (warning,) = questionnaire_warnings(minimal)
    assert (warning.line, warning.column, warning.path) == (36, 5, ("recommendations", 0))
    assert "'open_page' has neither leads_to nor benefit" in warning.message
    assert main(["questionnaire", "check", str(minimal)]) == 0  # a warning, not an error
    assert f"warning: {minimal}:36:5: recommendations[0]: recommendation" in capsys.readouterr().err
    # every recommendation and gap kind of 2.0.0 says what its action brings; 1.0.0's do not
    assert questionnaire_warnings("social-readiness@2.0.0") == []
    old = questionnaire_warnings("social-readiness@1.0.0")
    recommendations = builtin().recommendations
    assert [w.path for w in old if w.path[0] == "recommendations"] == [
        ("recommendations", i) for i, rec in enumerate(recommendations) if not rec.leads_to
    ]
    assert [w.path[2] for w in old if w.path[0] == "staffing"] == list(GAP_PLACEHOLDERS)


def test_the_notebook_summary_shows_the_expected_gain_of_each_top_action() -> None:
    from socialready.report.notebook import summary_html

    a = assessment_2("retailer")  # a staffing action and one with a benefit only
    html = summary_html(a, "en")
    assert html.count("Expected gain: ") == len(a.actions) == 2
    assert "Expected gain: measured effects on customer satisfaction" in html
