"""Level caps: a critical finding holds the maturity level down, whatever the score, and the
assessment says which rule did it, why, and the level the score alone would give."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from socialready import (
    Assessment,
    Questionnaire,
    assess,
    load_questionnaire,
    load_responses,
    questionnaire_from_data,
)
from socialready.assessment import Cap, Reason
from socialready.cli import main
from socialready.report import render_html
from test_loading_errors import MINIMAL, only, position, problems_in

EXAMPLES = Path(__file__).parent / "data" / "v1"

DELETES_CRITICISM = {
    "id": "deletes_criticism",
    "when": {"question": "negative_comment_handling", "equals": "delete"},
    "highest_level": "structuring",
    "reason": {"fr": "la suppression des critiques", "en": "deleting criticism"},
}


@cache
def capped(*caps_json: str) -> Questionnaire:
    """The built-in questionnaire with the level caps given (as YAML texts)."""
    data = load_questionnaire("social-readiness@1.0.0").model_dump(by_alias=True)
    data["level_caps"] = [yaml.safe_load(text) for text in caps_json]
    return questionnaire_from_data(data)


def example(name: str, **answers: Any) -> dict[str, Any]:
    data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["answers"].update(answers)
    return data


def scored(q: Questionnaire, data: dict[str, Any]) -> Assessment:
    return assess(q, load_responses(data, q))


DELETES = yaml.safe_dump(DELETES_CRITICISM, allow_unicode=True)


def test_deleting_criticism_holds_the_retailer_down_and_says_why() -> None:
    q = capped(DELETES)
    data = example("retailer", negative_comment_handling="delete")
    a = scored(q, data)
    plain = scored(load_questionnaire("social-readiness@1.0.0"), data)
    assert plain.overall.level == "advanced"
    assert a.overall.score == plain.overall.score  # a cap moves the level, not the score
    assert a.overall.level == "structuring"
    assert a.caps == (
        Cap(
            "deletes_criticism",
            "structuring",
            "advanced",
            (
                Reason(
                    "answer", "negative_comment_handling", True, "equals", "delete", "delete", None
                ),
            ),
        ),
    )
    assert Assessment.model_validate_json(a.model_dump_json()) == a


def test_a_cap_that_does_not_hold_leaves_the_level_alone() -> None:
    a = scored(capped(DELETES), example("retailer"))
    assert a.overall.level == "advanced"
    assert a.caps == ()


def test_a_cap_above_the_level_of_the_score_holds_nothing_down() -> None:
    # the agency is "exploring": a cap at "structuring" is no constraint, and not recorded
    a = scored(capped(DELETES), example("agence-12", negative_comment_handling="delete"))
    assert a.overall.level == "exploring"
    assert a.caps == ()


def test_the_lowest_cap_that_holds_sets_the_level_and_every_cap_below_is_recorded() -> None:
    silent = {
        "id": "never_answers",
        "when": {"question": "conversation_answer", "equals": "never"},
        "highest_level": "exploring",
        "reason": {"fr": "aucune réponse aux clients", "en": "never answering customers"},
    }
    q = capped(DELETES, yaml.safe_dump(silent, allow_unicode=True))
    a = scored(
        q, example("retailer", negative_comment_handling="delete", conversation_answer="never")
    )
    assert a.overall.level == "exploring"
    assert [(c.id, c.level, c.score_level) for c in a.caps] == [
        ("deletes_criticism", "structuring", "advanced"),
        ("never_answers", "exploring", "advanced"),
    ]


def test_a_cap_may_test_a_score() -> None:
    weak_moderation = {
        "id": "weak_moderation",
        "when": {"score": {"dimension": "moderation_risk"}, "below": 95},
        "highest_level": "operational",
        "reason": {"fr": "une modération encore fragile", "en": "moderation still fragile"},
    }
    a = scored(capped(yaml.safe_dump(weak_moderation, allow_unicode=True)), example("retailer"))
    moderation = a.dimensions["moderation_risk"].score
    assert moderation is not None
    assert moderation < 95
    assert a.overall.level == "operational"
    (cap,) = a.caps
    assert cap.reasons == (
        Reason("score", "dimension:moderation_risk", True, "below", 95, moderation, None),
    )


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "fr",
            "Niveau maintenu à «\u00a0Structuration\u00a0» par\u00a0:"
            " la suppression des critiques.",
        ),
        ("en", "Level held at “Getting organised” by: deleting criticism."),
    ],
)
def test_the_score_command_and_the_report_say_what_holds_the_level(
    lang: str, sentence: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    q = capped(DELETES)
    questionnaire = tmp_path / "capped.yaml"
    questionnaire.write_text(yaml.safe_dump(q.model_dump(by_alias=True)), encoding="utf-8")
    data = example("retailer", negative_comment_handling="delete")
    data["questionnaire"] = q.ref
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    args = ["score", str(answers), "--questionnaire", str(questionnaire), "--lang", lang]
    assert main(args) == 0
    assert sentence in capsys.readouterr().out
    html = render_html(scored(q, data), lang)
    assert html.count(sentence) == 1


def test_no_sentence_when_nothing_holds_the_level(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(EXAMPLES / "retailer.yaml"), "--lang", "en"]) == 0
    assert "Level held" not in capsys.readouterr().out
    assert "level-held" not in render_html(scored(capped(DELETES), example("retailer")), "en")


# --- located errors ---------------------------------------------------------------------

CAP = """level_caps:
  - id: no_page
    when: {question: has_page, equals: false}
    highest_level: low
    reason: {fr: aucune page, en: no page}
"""


def test_a_valid_cap_loads() -> None:
    q = questionnaire_from_data(None, "capped.yaml", text=MINIMAL + CAP)
    (cap,) = q.level_caps
    assert (cap.id, cap.highest_level) == ("no_page", "low")


@pytest.mark.parametrize(
    ("old", "new", "marker", "field", "message"),
    [
        (
            "highest_level: low",
            "highest_level: lowest",
            "lowest",
            "level_caps[0].highest_level",
            "unknown maturity level 'lowest'",
        ),
        (
            "question: has_page, equals: false}\n    highest",
            "question: has_pages, equals: false}\n    highest",
            "has_pages",
            "level_caps[0].when.question",
            "unknown question 'has_pages'",
        ),
        (
            "equals: false}\n    highest",
            "at_least: 2}\n    highest",
            "2}\n    highest",
            "level_caps[0].when.at_least",
            "operator 'at_least' does not apply to a yes_no question",
        ),
        (
            "id: no_page",
            "id: open_page",
            "open_page\n    when: {question: has_page",
            "level_caps[0].id",
            "id 'open_page' is already used at recommendations[0].id",
        ),
        (
            "reason: {fr: aucune page, en: no page}",
            "reason: {fr: aucune page}",
            "{fr: aucune page}",
            "level_caps[0].reason",
            "text missing in 'en'",
        ),
    ],
)
def test_a_broken_cap_is_refused_at_its_place(
    old: str, new: str, marker: str, field: str, message: str
) -> None:
    text = MINIMAL + CAP.replace(old, new)
    problem = only(problems_in(text))
    assert problem.field == field
    assert message in problem.message
    assert (problem.line, problem.column) == position(text, marker)
