"""form/surveyjs: the questionnaire as a SurveyJS form, its conditions as expressions.

What the expressions mean in a browser is checked in test_form_page_browser.py (every
question of the built-in questionnaire shown exactly when the library says it applies);
here, their text and the form's structure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from socialready import QuestionnaireError, load_questionnaire, questionnaire_from_data
from socialready._kinds import kind_of
from socialready.conditions import AnswerTest
from socialready.form import surveyjs as module
from socialready.form import surveyjs_form
from socialready.form.surveyjs import HEADER, TRANSLATIONS, localisable, visible_if
from socialready.questionnaire import QUESTION_KINDS, Questionnaire

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def every_kind() -> Questionnaire:
    """A questionnaire with a question of every kind (English only)."""
    return load_questionnaire(DATA / "scoring.yaml")


def _elements(form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every question's element by name, through pages and panels."""
    found: dict[str, dict[str, Any]] = {}

    def walk(elements: list[dict[str, Any]]) -> None:
        for element in elements:
            if "elements" in element:
                walk(element["elements"])
            else:
                found[element["name"]] = element

    for page in form["pages"]:
        walk(page["elements"])
    return found


def _when(q: Questionnaire, **test: Any) -> str:
    expression, problems = visible_if(AnswerTest.model_validate(test), q)
    assert problems == []
    return expression


def test_every_operator_of_every_kind_translates(every_kind: Questionnaire) -> None:
    kinds = {kind_of(x).name: kind_of(x) for x in every_kind.questions.values()}
    assert set(kinds) == set(QUESTION_KINDS)
    missing = [
        (n, op) for n, k in kinds.items() for op in k.operators if (n, op) not in TRANSLATIONS
    ]
    assert missing == []
    # and every kind has its element, which its kind makes
    for question in every_kind.questions.values():
        element = kind_of(question).survey_element(question, dict, module.TEXTS)
        assert element["type"], question.id


def test_each_question_is_an_element_named_by_its_id_in_file_order() -> None:
    q = load_questionnaire()
    form = surveyjs_form(q)
    elements = _elements(form)
    assert [name for name in elements if not name.startswith("_")] == list(q.questions)
    assert [p["name"] for p in form["pages"]] == ["_organisation"] + [
        f"_step_{s.id}" for s in q.steps
    ]
    assert json.loads(json.dumps(form)) == form


def test_the_first_page_asks_the_header_of_a_responses_file() -> None:
    form = surveyjs_form(load_questionnaire())
    header = {e["name"]: e for e in form["pages"][0]["elements"]}
    assert list(header) == list(HEADER)
    required = {name for name, e in header.items() if e.get("isRequired")}
    assert required == {"_organisation_name", "_date", "_assessor"}
    assert header["_date"]["inputType"] == "date"
    assert header["_organisation_size_band"]["choices"] == [
        "1-9",
        "10-49",
        "50-249",
        "250-999",
        "1000+",
    ]
    assert header["_organisation_country"]["validators"][0]["regex"] == "^[A-Z]{2}$"


def test_the_elements_of_each_kind(every_kind: Questionnaire) -> None:
    elements = _elements(surveyjs_form(every_kind))
    types = {q.kind: elements[q.id]["type"] for q in every_kind.questions.values()}
    assert types == {
        "single_choice": "radiogroup",
        "multiple_choice": "checkbox",
        "scale": "radiogroup",
        "yes_no": "boolean",
        "number": "text",
        "matrix": "matrix",
        "text": "text",
        "roster": "paneldynamic",
    }
    by_kind = {q.kind: (q, elements[q.id]) for q in every_kind.questions.values()}
    scale, element = by_kind["scale"]
    assert [c["value"] for c in element["choices"]] == [p.value for p in scale.scale]
    number, element = by_kind["number"]
    assert (element.get("min"), element.get("max")) == number.bounds
    matrix, element = by_kind["matrix"]
    assert [r["value"] for r in element["rows"]] == [r.id for r in matrix.rows]
    assert [c["value"] for c in element["columns"]] == [o.id for o in matrix.options]
    roster, element = by_kind["roster"]
    fields = {f["name"]: f for f in element["templateElements"]}
    assert list(fields) == [f.id for f in roster.fields]
    assert element["maxPanelCount"] == roster.max_items


def test_bounds_integers_exclusive_options_and_lengths() -> None:
    q = load_questionnaire()
    elements = _elements(surveyjs_form(q))
    email = elements["email_share"]  # a percentage
    assert (email["inputType"], email["min"], email["max"]) == ("number", 0, 100)
    people = elements["answer_people"]  # a whole number of people
    assert people["step"] == 1
    assert people["validators"][0]["regex"] == "^-?[0-9]+$"
    usages = elements["internal_usages_wanted"]
    exclusive = {c["value"] for c in usages["choices"] if c.get("isExclusive")}
    assert exclusive == {o.id for o in q.questions["internal_usages_wanted"].options if o.exclusive}
    assert exclusive
    notes = elements["sharing_obstacles"]
    assert notes["maxLength"] == q.questions["sharing_obstacles"].max_length


def test_the_roster_asks_roles_per_responsibility() -> None:
    q = load_questionnaire()
    roster = _elements(surveyjs_form(q))["dedicated_staff"]
    fields = {f["name"]: f for f in roster["templateElements"]}
    raci = fields["responsibilities"]
    assert raci["type"] == "matrixdropdown"
    assert [c["value"] for c in raci["columns"][0]["choices"]] == ["R", "A", "C", "I"]
    assert fields["name"]["isRequired"] is True


def test_a_roster_with_a_least_number_of_records_says_so(every_kind: Questionnaire) -> None:
    data = every_kind.model_dump(mode="json", exclude_none=True)
    questions = [x for step in data["steps"] for s in step["sections"] for x in s["questions"]]
    roster = next(x for x in questions if x["kind"] == "roster")
    roster["min_items"] = 2
    element = _elements(surveyjs_form(questionnaire_from_data(data)))[roster["id"]]
    name = roster["id"]
    assert element["validators"][0]["expression"] == f"{{{name}}} empty or {{{name}.length}} >= 2"
    assert element["validators"][0]["text"] == {"default": "At least 2 entries."}


def test_conditions_as_expressions(every_kind: Questionnaire) -> None:
    q = every_kind
    ids = {x.kind: x.id for x in q.questions.values()}
    single, multiple, matrix = ids["single_choice"], ids["multiple_choice"], ids["matrix"]
    option = q.questions[single].options[0].id  # type: ignore[union-attr]
    assert _when(q, question=single, equals=option) == f"{{{single}}} = '{option}'"
    assert _when(q, question=single, answered=False) == f"{{{single}}} empty"
    chosen = q.questions[multiple].options[0].id  # type: ignore[union-attr]
    assert _when(q, question=multiple, includes=chosen) == f"{{{multiple}}} contains '{chosen}'"
    assert _when(q, question=ids["yes_no"], equals=True) == f"{{{ids['yes_no']}}} = true"
    assert _when(q, question=ids["number"], at_least=1000000) == (
        f"({{{ids['number']}}} notempty and {{{ids['number']}}} >= 1000000)"
    )
    assert _when(q, question=ids["roster"], at_most=3) == (
        f"({{{ids['roster']}}} notempty and {{{ids['roster']}.length}} <= 3)"
    )
    rows = [r.id for r in q.questions[matrix].rows]  # type: ignore[union-attr]
    cell = q.questions[matrix].options[0].id  # type: ignore[union-attr]
    assert _when(q, question=matrix, row=rows[0], equals=cell) == (
        f"{{{matrix}.{rows[0]}}} = '{cell}'"
    )
    anywhere = _when(q, question=matrix, equals=cell)
    assert anywhere == "(" + " or ".join(f"{{{matrix}.{r}}} = '{cell}'" for r in rows) + ")"


def test_combinations_nest(every_kind: Questionnaire) -> None:
    q = every_kind
    single = next(x for x in q.questions.values() if x.kind == "single_choice")
    a, b = (o.id for o in single.options[:2])  # type: ignore[union-attr]
    condition = {
        "all": [
            {"question": single.id, "in": [a, b]},
            {"not": {"question": single.id, "equals": b}},
        ]
    }
    from pydantic import TypeAdapter

    from socialready.conditions import Condition

    expression, problems = visible_if(TypeAdapter(Condition).validate_python(condition), q)
    assert problems == []
    assert expression == (
        f"(({{{single.id}}} = '{a}' or {{{single.id}}} = '{b}') and !({{{single.id}}} = '{b}'))"
    )


def test_an_operator_without_translation_is_refused_where_it_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(TRANSLATIONS, ("multiple_choice", "includes"))
    q = load_questionnaire()
    with pytest.raises(QuestionnaireError) as caught:
        surveyjs_form(q)
    problems = caught.value.problems
    assert problems
    first = problems[0]
    assert "the operator includes on a multiple_choice question" in first.message
    assert "has no SurveyJS equivalent" in first.message
    assert first.path[0] == "steps"
    assert "when" in first.path
    assert first.path[-1] == "includes"
    assert first.expected == "one of answered, in"
    assert str(caught.value).startswith(f"{q.ref} as a SurveyJS form: {len(problems)} problem")


def test_texts_in_every_language_english_as_the_default() -> None:
    assert localisable({"fr": "Oui", "en": "Yes"}, ["fr", "en"]) == {"default": "Yes", "fr": "Oui"}
    assert localisable({"fr": "Oui"}, ["fr"]) == {"default": "Oui", "fr": "Oui"}
    assert localisable({"de": "Ja", "fr": "Oui"}, ["de", "fr"]) == {
        "default": "Ja",
        "de": "Ja",
        "fr": "Oui",
    }
    assert localisable(None, ["fr"]) == {}


def test_the_form_opens_in_the_language_asked() -> None:
    q = load_questionnaire()
    assert surveyjs_form(q)["locale"] == q.languages[0]
    assert surveyjs_form(q, "en")["locale"] == "en"
    assert surveyjs_form(q)["title"]["fr"] == q.title["fr"]
