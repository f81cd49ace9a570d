"""report.view: what the report shows, in words, computed from an Assessment alone."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from socialready import Assessment, assess, load_questionnaire, load_responses
from socialready.questionnaire import Question, localised
from socialready.report.i18n import Words
from socialready.report.view import answer_text, build_view

NNBSP, NBSP = "\u202f", "\u00a0"
QUESTION: TypeAdapter[Question] = TypeAdapter(Question)
EXAMPLES = Path(__file__).parent / "data" / "v1"


def t(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


def option(ident: str, fr: str, en: str, points: float = 0) -> dict[str, Any]:
    return {"id": ident, "label": t(fr, en), "points": points}


def question(kind: str, **fields: Any) -> Question:
    return QUESTION.validate_python({"id": "q", "kind": kind, "label": t("Q ?", "Q?"), **fields})


CHOICES = [option("a", "Chat", "Chat", 1), option("b", "Wiki", "Wiki", 2)]
SINGLE = question("single_choice", options=CHOICES)
MULTIPLE = question("multiple_choice", options=CHOICES)
SCALE = question(
    "scale",
    scale=[
        {"value": 1, "label": t("Faible", "Low"), "points": 0},
        {"value": 2, "label": t("Fort", "High"), "points": 1},
    ],
)
YES_NO = question("yes_no")
PERCENT = question("number", percent=True)
PEOPLE = question("number", unit=t("personnes", "people"), unit_one=t("personne", "person"))
HOURS = question("number", integer=True, unit=t("heures", "hours"))
MATRIX = question(
    "matrix",
    rows=[
        {"id": "fb", "label": t("Facebook", "Facebook")},
        {"id": "li", "label": t("LinkedIn", "LinkedIn")},
    ],
    options=[option("no", "Non", "No"), option("yes", "Oui", "Yes", 1)],
)
TEXT = question("text")
ROSTER = question(
    "roster", fields=[{"id": "name", "label": t("Nom", "Name"), "type": "text", "required": True}]
)


@pytest.mark.parametrize(
    ("q", "value", "fr", "en"),
    [
        (SINGLE, "b", "Wiki", "Wiki"),
        (SINGLE, "zz", "zz", "zz"),  # an id the questionnaire does not know is shown as is
        (MULTIPLE, ["b", "a"], f"Wiki{NNBSP}; Chat", "Wiki; Chat"),  # in the order answered
        (MULTIPLE, [], "—", "—"),
        (SCALE, 2, "2 — Fort", "2 — High"),
        (YES_NO, True, "Oui", "Yes"),
        (YES_NO, False, "Non", "No"),
        (PERCENT, 26.4, f"26{NNBSP}%", "26%"),
        (PEOPLE, 1, f"1{NBSP}personne", f"1{NBSP}person"),
        (PEOPLE, 2.4, f"2,4{NBSP}personnes", f"2.4{NBSP}people"),
        (HOURS, 12, f"12{NBSP}heures", f"12{NBSP}hours"),
        (
            MATRIX,
            {"li": "yes", "fb": "no"},
            f"Facebook{NBSP}: Non{NNBSP}; LinkedIn{NBSP}: Oui",  # in the order of the rows
            "Facebook: No; LinkedIn: Yes",
        ),
        (MATRIX, {}, "—", "—"),
        (TEXT, "Oui ! bien", f"Oui{NNBSP}! bien", "Oui ! bien"),
        (ROSTER, [{"name": "A"}], "Une personne listée", "One person listed"),
        (ROSTER, [{"name": "A"}, {"name": "B"}], "2 personnes listées", "2 people listed"),
        (SINGLE, None, "Sans réponse", "Not answered"),
    ],
)
def test_answer_text_of_each_kind(q: Question, value: Any, fr: str, en: str) -> None:
    assert answer_text(q, value, Words("fr")) == fr
    assert answer_text(q, value, Words("en")) == en


@pytest.fixture(scope="module")
def manufacturer() -> Assessment:
    return assess(
        load_questionnaire("social-readiness@1.0.0"),
        load_responses(EXAMPLES / "manufacturer-400.yaml"),
    )


def test_the_view_of_an_assessment(manufacturer: Assessment) -> None:
    a, q = manufacturer, manufacturer.questionnaire
    view = build_view(a, "en", primary="#1f4e79", secondary="#e07a1f")
    assert (view.lang, view.org_name, view.assessor) == (
        "en",
        "Verdier Hydraulique",
        "Élodie Marchand, Lumen Conseil",
    )
    assert (view.score, view.date) == ("56", "19 November 2026")
    level = next(x for x in q.maturity_levels if x.id == a.overall.level)
    assert (view.level, view.level_meaning) == (
        localised(level.name, "en"),
        localised(level.meaning, "en"),
    )
    assert [b.label for b in view.dimensions] == [localised(d.label, "en") for d in q.dimensions]
    assert [b.value for b in view.dimensions] == [a.dimensions[d.id].score for d in q.dimensions]
    assert [s.title for s in view.steps] == [localised(s.title, "en") for s in q.steps]
    assert view.action_count == len(a.actions)
    by_priority = [action.title for group in view.priorities for action in group.actions]
    assert by_priority == [action.title["en"] for action in a.actions]
    assert [action.title for action in view.top_actions[:3]] == by_priority[:3]
    assert view.completeness == "All 59 applicable questions were answered (100%)."
    assert view.unanswered == []
    assert q.ref in view.scored_against
    assert (view.progress, view.cohort) == (None, None)


def test_strengths_and_weaknesses_by_absolute_thresholds(manufacturer: Assessment) -> None:
    view = build_view(manufacturer, "fr", primary="#1f4e79", secondary="#e07a1f")
    scores = {b.label: b.value for b in view.dimensions}
    # the defaults: a strength from 60, an area to strengthen below 40
    assert [b.label for b in view.strengths] == sorted(
        (k for k, v in scores.items() if v is not None and v >= 60), key=lambda k: -(scores[k] or 0)
    )
    assert [b.label for b in view.weaknesses] == ["Modération et maîtrise des risques"]
    assert all(40 <= (b.value or 0) < 60 for b in view.between)
    # every dimension's score is printed, once
    shown = view.strengths + view.weaknesses + view.between
    assert sorted(b.label for b in shown) == sorted(scores)
    assert "Management et culture" in [b.label for b in shown]
    assert view.thresholds == (
        f"Point fort{NBSP}: 60 sur 100 ou plus{NNBSP}; point à renforcer{NBSP}: moins de 40."
    )
    assert (view.score, view.date) == ("56", "19 novembre 2026")


def test_no_strength_below_the_threshold_and_honest_words_when_there_is_none() -> None:
    agency = assess(
        load_questionnaire("social-readiness@1.0.0"), load_responses(EXAMPLES / "agence-12.yaml")
    )
    view = build_view(agency, "en", primary="#1f4e79", secondary="#e07a1f")
    assert view.strengths == []
    assert view.no_strength == "No dimension reaches 60 out of 100."
    assert all((b.value or 0) < 40 for b in view.weaknesses)


def test_thresholds_declared_by_the_questionnaire(manufacturer: Assessment) -> None:
    data = manufacturer.questionnaire.model_dump(mode="json", by_alias=True)
    data["summary"] = {"strength_at": 65, "weakness_below": 50}
    q = type(manufacturer.questionnaire).model_validate(data)
    a = assess(q, manufacturer.responses.model_copy(update={"fingerprint": q.fingerprint}))
    view = build_view(a, "en", primary="#1f4e79", secondary="#e07a1f")
    assert all((b.value or 0) >= 65 for b in view.strengths)
    assert all((b.value or 0) < 50 for b in view.weaknesses)
    assert "Relation client" not in [b.label for b in view.between]
    assert view.no_weakness == "No dimension is below 50 out of 100."


def test_a_score_is_printed_on_its_side_of_a_threshold(manufacturer: Assessment) -> None:
    w = Words("fr")
    assert w.score(59.6) == "60"
    assert w.score(59.6, (40, 60)) == "59,6"  # a level that ends at 60
    assert w.score(59.96, (40, 60)) == "59,9"  # rounded toward the band, never to 60,0
    assert w.score(39.6, (40, 60)) == "40"
    assert w.score(40.3, (40.3, 60)) == "40,3"
    assert w.score(100.0, (80, float("inf"))) == "100"


def test_the_appendix_lists_every_answer_by_section(manufacturer: Assessment) -> None:
    q = manufacturer.questionnaire
    view = build_view(manufacturer, "en", primary="#1f4e79", secondary="#e07a1f")
    sections = [section for step in q.steps for section in step.sections]
    assert [title for title, _ in view.appendix] == [localised(s.title, "en") for s in sections]
    assert [len(rows) for _, rows in view.appendix] == [len(s.questions) for s in sections]


def test_the_path_to_the_next_level_in_both_languages() -> None:
    from socialready.report.view import gain_text, path_view

    v1 = Path(__file__).parent / "data" / "v1"
    a = assess(
        load_questionnaire("social-readiness@1.0.0"), load_responses(v1 / "manufacturer-400.yaml")
    )
    fr, en = path_view(a, Words("fr")), path_view(a, Words("en"))
    assert fr is not None
    assert en is not None
    assert fr.text == (
        "Ces trois actions vous amènent au niveau «\u00a0Opérationnelle\u00a0»"
        " (score attendu\u00a0: 62 sur 100)\u00a0:"
    )
    assert (
        en.text == "These three actions take you to “Operational” (expected score: 62 out of 100):"
    )
    assert en.actions == [
        "14. Measure the actual response time",
        "3. Frame the groups run by your staff",
        "4. Adopt a usage charter and make it known",
    ]
    assert gain_text(a, "rec_usage_charter", Words("fr")) == (
        "Gain attendu\u00a0: +2,1\u00a0points au score global"
        " (dont Management et culture +8,9, Modération et maîtrise des risques +8,9)"
    )
    assert gain_text(a, "rec_open_official_presence", Words("en")) == ""  # no answers given
    retailer = assess(
        load_questionnaire("social-readiness@1.0.0"), load_responses(v1 / "retailer.yaml")
    )
    assert path_view(retailer, Words("en")) is None  # at the top level


def test_a_gain_too_small_to_show_is_not_printed_as_nothing() -> None:
    from socialready.report.view import _points_word

    fr, en = Words("fr"), Words("en")
    assert _points_word(0.04, fr) == "moins de 0,1\u00a0point"
    assert _points_word(0.04, en) == "less than 0.1 points"
    assert _points_word(-0.04, en) == "a drop of less than 0.1 points"
    assert _points_word(0.05, fr) == "+0,1\u00a0point"  # half up: shown
    assert _points_word(2.06, fr) == "+2,1\u00a0points"
    assert _points_word(-0.97, en) == "\u22121 point"
    assert _points_word(0.0, en) == "0 points"  # exactly nothing: said as such elsewhere


def test_a_count_in_words() -> None:
    assert [Words("fr").count(n) for n in (1, 4, 10, 11)] == ["une", "quatre", "dix", "11"]
    assert [Words("en").count(n) for n in (1, 4, 10, 12)] == ["one", "four", "ten", "12"]


def test_each_step_is_summed_up_in_a_few_sentences_from_its_findings(
    manufacturer: Assessment,
) -> None:
    view = build_view(manufacturer, "en", primary="#1f4e79", secondary="#e07a1f")
    first, second, third = view.steps
    assert first.level == ""  # the built-in questionnaire's steps have no level scale
    assert first.synthesis == [
        "This step scores 59 out of 100.",
        "Its strongest section is “Information-sharing culture” (75); its weakest,"
        " “Internal communication tools” (47).",
        "Of its 19 scored answers, 7 need work and 6 are in place; all are in the appendix.",
        "4 actions of the plan concern this step.",
    ]
    # the counts are those of the rows the chapter shows, the actions those of the plan
    assert sum(len(s.weak) for s in first.sections) == 7
    assert sum(len(s.strong) for s in first.sections) == 6
    assert second.synthesis is not None
    assert third.synthesis is not None
    assert second.synthesis[-1] == (
        "3 actions of the plan concern this step, one of them of high priority."
    )
    assert (
        third.synthesis[-1]
        == "8 actions of the plan concern this step, 4 of them of high priority."
    )
    french = build_view(manufacturer, "fr", primary="#1f4e79", secondary="#e07a1f").steps[2]
    assert french.synthesis is not None
    assert french.synthesis[2] == (
        f"Sur ses 17 réponses notées, 10 sont à travailler et 2 sont acquises{NNBSP}; toutes"
        " figurent en annexe."
    )


def test_a_step_with_a_level_scale_is_summed_up_on_its_scale() -> None:
    root = Path(__file__).parents[1] / "examples" / "maturity-model"
    q = load_questionnaire(root / "questionnaire.yaml")
    a = assess(q, load_responses(root / "answers.yaml", q))
    first = build_view(a, "en", primary="#1f4e79", secondary="#e07a1f").steps[0]
    assert (first.score, first.level) == ("1.13", "1+")
    assert first.synthesis is not None
    assert first.synthesis[:2] == [
        "At 1.13 out of 3, this step reaches level 3 of 6 on its scale, “1+”.",
        "Its strongest section is “Listening” (1.25); its weakest, “Moderation” (1.00).",
    ]
    french = build_view(a, "fr", primary="#1f4e79", secondary="#e07a1f").steps[0]
    assert french.synthesis is not None
    assert french.synthesis[0] == (
        f"Avec 1,13 sur 3, cette étape atteint le niveau 3 sur 6 de son échelle, «{NBSP}1+{NBSP}»."
    )


def test_the_maturity_scale_is_drawn_on_the_overall_scores_display_scale() -> None:
    root = Path(__file__).parents[1] / "examples" / "maturity-model"
    q = load_questionnaire(root / "questionnaire.yaml")
    a = assess(q, load_responses(root / "answers.yaml", q))
    view = build_view(a, "en", primary="#1f4e79", secondary="#e07a1f")
    assert view.scale_caption == (
        "“1+” is level 3 of 6; the next level, “2 — Managed”, starts at 2, 0.34 points higher."
    )
    assert (
        "— 0 — Not practised: 0–1; 1 — Initial: 1; 1+: 1–2; 2 — Managed: 2; 2+: 2–3;"
        " 3 — Optimised: 3</title>"
    ) in view.scale_svg
    assert ">1.66</text>" in view.scale_svg  # the marker's value, as the summary prints it
    assert view.method is not None
    assert "(overall score from 0 to 3, steps from 0 to 3, sections from 0 to 3," in (
        view.method.scores
    )


def test_the_organisation_is_placed_on_the_maturity_scale(manufacturer: Assessment) -> None:
    view = build_view(manufacturer, "en", primary="#1f4e79", secondary="#e07a1f")
    assert view.scale_caption == (
        "“Getting organised” is level 3 of 5; the next level, “Operational”, starts at 60,"
        " 4 points higher."
    )
    assert (
        "<title>Maturity scale: Getting organised, level 3 of 5, 4 points below Operational —"
        " Starting point: 0–20; Exploring: 20–40; Getting organised: 40–60;"
        " Operational: 60–80; Advanced: 80–100</title>"
    ) in view.scale_svg
    french = build_view(manufacturer, "fr", primary="#1f4e79", secondary="#e07a1f")
    # a chart's text is one line; French keeps its no-break spaces
    assert "Structuration, niveau 3 sur 5, à 4\u00a0points du niveau suivant, Opérationnelle" in (
        french.scale_svg
    )


def test_the_distance_to_the_next_level_is_computed_from_the_score_as_printed() -> None:
    from socialready.report.view import _points_key

    en, fr = Words("en"), Words("fr")
    assert [_points_key(Decimal(x), en) for x in ("1", "0.4", "2")] == [
        "points_one",
        "points_many",
        "points_many",
    ]
    assert [_points_key(Decimal(x), fr) for x in ("1", "1.5", "2")] == [
        "points_one",
        "points_one",
        "points_many",
    ]


def test_the_method_says_how_scores_are_built_and_on_what_evidence(
    manufacturer: Assessment,
) -> None:
    method = build_view(manufacturer, "en", primary="#1f4e79", secondary="#e07a1f").method
    assert method is not None
    assert method.answered_by == (
        "Answers collected by Élodie Marchand, Lumen Conseil; assessment as of 19 November 2026."
    )
    backed = sum(
        1
        for ident, note in manufacturer.responses.annotations.items()
        if note.evidence and manufacturer.questions[ident].answered
    )
    assert method.evidence == (
        f"{backed} of the 59 answers ({round(100 * backed / 59)}%) rest on cited evidence"
        " (a document, a record, a count)."
    )
    assert ("Status", "Final") in method.document


def test_the_document_control_prints_what_is_given_and_leaves_out_the_rest(
    manufacturer: Assessment,
) -> None:
    import datetime

    from socialready.report.view import DocumentInfo, method_view

    w = Words("fr")
    info = DocumentInfo(version="1.2", next_assessment=datetime.date(2027, 5, 3))
    rows = dict(method_view(manufacturer, w, info).document)
    assert rows["Version"] == "1.2"
    assert rows["Prochain diagnostic"] == "3 mai 2027"
    assert "Contact" not in rows  # not given: left out
    assert rows["Statut"] == "Version finale"
    assert list(dict(method_view(manufacturer, w).document)) == [
        "Statut",
        "Réalisé par",
        "Date",
        "Questionnaire",
    ]
    with pytest.raises(ValueError, match="extra"):
        DocumentInfo.model_validate({"version": "1", "author": "x"})


def test_a_score_test_under_a_not_is_worded_as_what_was_found() -> None:
    # "not overall below 25" decided the action: the score was at least 25, not below it
    demo = Path(__file__).parents[1] / "examples" / "manufacturer-400.yaml"  # answers 2.0.0
    a = assess(load_questionnaire(), load_responses(demo))
    for lang, wording in (
        ("fr", "Score global\u00a0: 55 (au moins 25)"),
        ("en", "Overall score: 55 (at least 25)"),
    ):
        view = build_view(a, lang, primary="#1f4e79", secondary="#e07a1f")
        (framing,) = [x for x in view.top_actions if x.number == 2]
        assert wording in framing.reasons
        assert not any("(below 25)" in r or "sous le seuil de 25" in r for r in framing.reasons)
