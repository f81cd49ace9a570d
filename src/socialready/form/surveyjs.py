"""The questionnaire as a SurveyJS form (JSON), with its `when:` conditions as expressions.

SurveyJS (the MIT-licensed form library of surveyjs.io) reads a form from JSON: pages of
elements, each with a `type`. The form made here has a first page for the organisation,
the date and the assessor, then one page per step, a panel per section and an element per
question, named by the question's id:

==================  ==========================================================================
question kind       SurveyJS element (its value)
==================  ==========================================================================
single_choice       `radiogroup` (an option id)
multiple_choice     `checkbox` (a list of option ids; exclusive options clear the others)
scale               `radiogroup` of the scale's values (a number)
yes_no              `boolean` shown as two radio buttons (`true`/`false`)
number              `text` of input type `number`, bounds and integers checked (a number)
matrix              `matrix` (`{row: option id}`)
text                `text`, or `comment` when multiline (a text, its length bounded)
roster              `paneldynamic`, one panel a record: text and number fields, a
                    `dropdown` or `checkbox` for a choice, and for R/A/C/I roles a
                    `matrixdropdown` of one checkbox column (`{duty: {roles: [R, A]}}`)
==================  ==========================================================================

Every text is a localisable string holding every language of the questionnaire
(`{"default": English, "fr": …}`: SurveyJS keeps its default language, English, under
`default`), so that the form switches language as it runs. A `when:` condition becomes
the element's `visibleIf` expression (`visible_if`); answers to a question that
becomes hidden are cleared, as responses keep none for a question that does not apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .._kinds import HEADER_FIELDS, SIZE_BANDS, kind_of, xpath_number
from ..conditions import AllOf, AnswerTest, AnyOf, Condition, NotOf
from ..errors import Problem, QuestionnaireError, excerpt
from ..questionnaire import Question, Questionnaire

__all__ = [
    "HEADER",
    "TEXTS",
    "localisable",
    "surveyjs_form",
    "visible_if",
]

Path = tuple[str | int, ...]

HEADER: dict[str, tuple[str, ...]] = {
    "_organisation_name": ("organisation", "name"),
    "_organisation_sector": ("organisation", "sector"),
    "_organisation_size_band": ("organisation", "size_band"),
    "_organisation_country": ("organisation", "country"),
    "_date": ("date",),
    "_assessor": ("assessor",),
}
"""The elements of the form's first page → where a responses file keeps their value. Their
names start with `_`, which no question id can: they never meet a question's."""

_HEADER_LABELS = {
    "_organisation_name": HEADER_FIELDS["org_name"][1],
    "_organisation_sector": HEADER_FIELDS["org_sector"][1],
    "_organisation_size_band": HEADER_FIELDS["org_size"][1],
    "_organisation_country": HEADER_FIELDS["org_country"][1],
    "_date": HEADER_FIELDS["assessment_date"][1],
    "_assessor": HEADER_FIELDS["assessor"][1],
}

TEXTS: dict[str, dict[str, str]] = {
    "organisation": {"fr": "Votre organisation", "en": "Your organisation"},
    "organisation_help": {
        "fr": "Qui répond, et quand. Les champs marqués d’un astérisque sont obligatoires.",
        "en": "Who answers, and when. Fields marked with an asterisk are required.",
    },
    "integer": {"fr": "Un nombre entier.", "en": "A whole number."},
    "country": {
        "fr": "Deux lettres majuscules, par exemple FR.",
        "en": "Two capital letters, for example FR.",
    },
    "roles": {"fr": "Rôles", "en": "Roles"},
    "add": {"fr": "Ajouter une ligne", "en": "Add an entry"},
    "remove": {"fr": "Retirer", "en": "Remove"},
    "at_least": {"fr": "Au moins {n} lignes.", "en": "At least {n} entries."},
    "completed": {
        "fr": "Merci. Vos réponses sont enregistrées dans le fichier téléchargé :"
        " envoyez-le à la personne qui vous a transmis ce questionnaire.",
        "en": "Thank you. Your answers are saved in the file downloaded: send it to the"
        " person who sent you this questionnaire.",
    },
}
"""The form's own texts (the questionnaire's come from it), in French and English; another
language of a questionnaire reads them in English."""


def localisable(text: dict[str, str] | None, languages: Sequence[str]) -> dict[str, str]:
    """A text as a SurveyJS localisable string: English (or the first language) under
    `default`, every other language of `languages` under its code."""
    if not text:
        return {}
    found = {
        lang: (text.get(lang) or text.get("en") or next(iter(text.values()))).strip()
        for lang in languages
    }
    default = found.get("en") or next(iter(found.values()), "")
    return {"default": default, **{lang: t for lang, t in found.items() if lang != "en"}}


# --- conditions ------------------------------------------------------------------------


def _literal(value: Any) -> str:
    """An operand as a SurveyJS expression writes it (option ids hold no quote)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return xpath_number(value)
    return "'" + str(value) + "'"


def _either(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " or ".join(parts) + ")"


def _answered(ref: str, operand: Any) -> str:
    return f"{ref} notempty" if operand else f"{ref} empty"


def _equals(ref: str, operand: Any) -> str:
    return f"{ref} = {_literal(operand)}"


def _among(ref: str, operand: Any) -> str:
    return _either([_equals(ref, v) for v in operand])


def _includes(ref: str, operand: Any) -> str:
    return f"{ref} contains {_literal(operand)}"


def _includes_any(ref: str, operand: Any) -> str:
    return _either([_includes(ref, v) for v in operand])


def _compare(sign: str, measured: Callable[[str], str]) -> Callable[[str, Any], str]:
    # an unanswered question passes no bound, as in socialready.conditions
    return lambda ref, operand: f"({ref} notempty and {measured(ref)} {sign} {_literal(operand)})"


def _value(ref: str) -> str:
    return ref


def _length(ref: str) -> str:
    return ref[:-1] + ".length}"


Translation = Callable[[str, Any], str]
"""(`{reference}` of the answer, operand) → a SurveyJS expression."""

TRANSLATIONS: dict[tuple[str, str], Translation] = {
    ("single_choice", "equals"): _equals,
    ("single_choice", "in"): _among,
    ("single_choice", "answered"): _answered,
    ("multiple_choice", "includes"): _includes,
    ("multiple_choice", "in"): _includes_any,
    ("multiple_choice", "answered"): _answered,
    ("scale", "equals"): _equals,
    ("scale", "in"): _among,
    ("scale", "at_least"): _compare(">=", _value),
    ("scale", "at_most"): _compare("<=", _value),
    ("scale", "answered"): _answered,
    ("yes_no", "equals"): _equals,
    ("yes_no", "answered"): _answered,
    ("number", "equals"): _equals,
    ("number", "in"): _among,
    ("number", "at_least"): _compare(">=", _value),
    ("number", "at_most"): _compare("<=", _value),
    ("number", "answered"): _answered,
    ("matrix", "equals"): _equals,  # on one row: {question.row}
    ("matrix", "in"): _among,
    ("matrix", "answered"): _answered,
    ("text", "answered"): _answered,
    ("roster", "at_least"): _compare(">=", _length),
    ("roster", "at_most"): _compare("<=", _length),
    ("roster", "answered"): _answered,
}
"""How each condition operator on each kind of question reads in SurveyJS, with the meaning
`socialready.conditions` gives it. A kind or an operator missing here cannot be
exported: the form would show questions the library counts as not applicable, or hide
questions it expects answered."""


def visible_if(
    condition: Condition, questionnaire: Questionnaire, at: Path = ()
) -> tuple[str, list[Problem]]:
    """`condition` as a SurveyJS expression, and the problems (located below `at`) of
    the tests it could not translate."""
    problems: list[Problem] = []
    expression = _expression(condition, questionnaire, at, problems)
    return expression, problems


def _expression(condition: Condition, q: Questionnaire, at: Path, problems: list[Problem]) -> str:
    if isinstance(condition, AllOf | AnyOf):
        conjunction = isinstance(condition, AllOf)
        members = condition.all if isinstance(condition, AllOf) else condition.any
        word = "all" if conjunction else "any"
        parts = [_expression(c, q, (*at, word, i), problems) for i, c in enumerate(members)]
        joined = (" and " if conjunction else " or ").join(parts)
        return joined if len(parts) == 1 else f"({joined})"
    if isinstance(condition, NotOf):
        return f"!({_expression(condition.not_, q, (*at, 'not'), problems)})"
    if not isinstance(condition, AnswerTest):
        problems.append(
            Problem(
                "a score test cannot be evaluated while the form is filled in",
                path=at,
                expected="tests on answers only",
            )
        )
        return "false"
    return _answer_test(condition, q, at, problems)


def _answer_test(test: AnswerTest, q: Questionnaire, at: Path, problems: list[Problem]) -> str:
    question = q.questions.get(test.question)
    if question is None:  # the questionnaire's checks name it; nothing to show here
        problems.append(Problem(f"no question {excerpt(test.question)}", path=(*at, "question")))
        return "false"
    kind = kind_of(question)
    operator = test.operator
    translate = TRANSLATIONS.get((kind.name, operator))
    if translate is None:
        known = sorted(op for (k, op) in TRANSLATIONS if k == kind.name)
        problems.append(
            Problem(
                f"the operator {operator} on a {kind.name} question"
                f" ({excerpt(test.question)}) has no SurveyJS equivalent",
                path=(*at, operator),
                expected=(f"one of {', '.join(known)}" if known else "a question of another kind"),
            )
        )
        return "false"
    operand = test.operand(operator)
    rows = kind.row_ids(question)
    if rows is None or (operator == "answered" and test.row is None):
        return translate("{" + question.id + "}", operand)
    # a matrix: one row, or any of them
    tested = [test.row] if test.row is not None else rows
    return _either([translate("{" + f"{question.id}.{row}" + "}", operand) for row in tested])


# --- elements --------------------------------------------------------------------------

Element = dict[str, Any]


def _question(question: Question, q: Questionnaire, at: Path, problems: list[Problem]) -> Element:
    langs = q.languages

    def localise(texts: dict[str, str]) -> Any:
        return localisable(texts, langs)

    element: Element = {
        "name": question.id,
        "title": localisable(question.label, langs),
        **kind_of(question).survey_element(question, localise, TEXTS),
    }
    if question.help:
        element["description"] = localisable(question.help, langs)
    if question.when is not None:
        expression, found = visible_if(question.when, q, (*at, "when"))
        problems += found
        element["visibleIf"] = expression
    return element


def _header(q: Questionnaire) -> Element:
    langs = q.languages
    elements: list[Element] = []
    for name, label in _HEADER_LABELS.items():
        element: Element = {"type": "text", "name": name, "title": localisable(label, langs)}
        if name in ("_organisation_name", "_date", "_assessor"):
            element["isRequired"] = True
        if name == "_date":
            element["inputType"] = "date"
        elif name == "_organisation_size_band":
            element.update(type="dropdown", choices=list(SIZE_BANDS))
        elif name == "_organisation_country":
            element.update(
                maxLength=2,
                placeholder="FR",
                validators=[
                    {
                        "type": "regex",
                        "regex": "^[A-Z]{2}$",
                        "text": localisable(TEXTS["country"], langs),
                    }
                ],
            )
        else:
            element["maxLength"] = 200
        elements.append(element)
    return {
        "name": "_organisation",
        "title": localisable(TEXTS["organisation"], langs),
        "description": localisable(TEXTS["organisation_help"], langs),
        "elements": elements,
    }


def _pages(q: Questionnaire, problems: list[Problem]) -> Iterator[Element]:
    langs = q.languages
    yield _header(q)
    for i, step in enumerate(q.steps):
        panels = []
        for j, section in enumerate(step.sections):
            at: Path = ("steps", i, "sections", j)
            panel: Element = {
                "type": "panel",
                "name": f"_section_{section.id}",
                "title": localisable(section.title, langs),
                "elements": [
                    _question(question, q, (*at, "questions", k), problems)
                    for k, question in enumerate(section.questions)
                ],
            }
            if section.description:
                panel["description"] = localisable(section.description, langs)
            panels.append(panel)
        page: Element = {
            "name": f"_step_{step.id}",
            "title": localisable(step.title, langs),
            "elements": panels,
        }
        if step.description:
            page["description"] = localisable(step.description, langs)
        yield page


def surveyjs_form(questionnaire: Questionnaire, lang: str | None = None) -> dict[str, Any]:
    """`questionnaire` as a SurveyJS form (a JSON-ready dict) in every language it has,
    opening in `lang` (default: its first).

    Raises `QuestionnaireError`, listing each one, when a `when:`
    condition uses an operator with no SurveyJS equivalent (or a question is of a kind the
    form cannot ask): the form would otherwise show or hide the wrong questions.
    """
    q = questionnaire
    problems: list[Problem] = []
    pages = list(_pages(q, problems))
    if problems:
        raise QuestionnaireError(
            [Problem(p.message, source=q.ref, path=p.path, expected=p.expected) for p in problems],
            source=f"{q.ref} as a SurveyJS form",
        )
    langs = q.languages
    form: dict[str, Any] = {
        "title": localisable(q.title, langs),
        "locale": lang or langs[0],
        "pages": pages,
        "showQuestionNumbers": "off",
        "showProgressBar": True,
        "progressBarType": "pages",
        "progressBarShowPageTitles": True,
        "checkErrorsMode": "onValueChanged",
        "clearInvisibleValues": "onHidden",
        "completedHtml": localisable(TEXTS["completed"], langs),
    }
    if q.description:
        form["description"] = localisable(q.description, langs)
    return form
