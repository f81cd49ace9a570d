"""The questionnaire as an XLSForm, to deploy on KoboToolbox or ODK and read the export back.

The form asks for the organisation, the date and the assessor, then every question in its
language columns (`label::Français (fr)`…): choices as `select_one`/`select_multiple`
lists named after the options' ids, matrices as groups of one `select_one` per row (so
that exports name their columns `question/row`), numbers with their bounds as
constraints, and `when:` conditions as `relevant` expressions. The columns of an export
of this form are what `examples/survey-export.mapping.yaml` reads. The step-3 roster is a
repeat group (one entry per person, a multiple choice of R, A, C, I per responsibility),
which survey tools export as a separate file; `read_responses_csv(..., roster=FILE)` reads
it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ._kinds import HEADER_FIELDS, SIZE_BANDS, FormChoice, FormField, kind_of, xpath_number
from .conditions import AllOf, AnswerTest, AnyOf, Condition, NotOf
from .errors import SocialReadyError, excerpt
from .questionnaire import (
    RACI_ROLES,
    Questionnaire,
    localised,
)

__all__ = ["HEADER_FIELDS", "write_xlsform"]

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


def _lang_columns(q: Questionnaire, prefix: str) -> list[str]:
    return [f"{prefix}::{LANGUAGE_NAMES.get(lang, lang)} ({lang})" for lang in q.languages]


def _texts(q: Questionnaire, text: dict[str, str] | None) -> list[str]:
    return [localised(text, lang) if text else "" for lang in q.languages]


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "'yes'" if value else "'no'"
    if isinstance(value, int | float):
        return xpath_number(value)
    return "'" + str(value).replace("'", "") + "'"


def _reference(test: AnswerTest, matrices: set[str]) -> str:
    if test.question in matrices and test.row is not None:
        return "${" + f"{test.row}" + "}"
    return "${" + test.question + "}"


def relevant(
    condition: Condition,
    matrices: set[str],
    rows: dict[str, list[str]],
    counted: dict[str, str] | None = None,
) -> str | None:
    """A `when:` condition as an XLSForm `relevant` expression (None when it has no
    equivalent, e.g. a test on any row of a matrix). `counted` names the questions whose
    answer is a list, as the XPath function that counts it: `count-selected` for a
    multiple choice, `count` for a roster (a repeat group)."""
    counted = counted or {}
    if isinstance(condition, AllOf | AnyOf):
        parts = [
            relevant(c, matrices, rows, counted)
            for c in (condition.all if isinstance(condition, AllOf) else condition.any)
        ]
        if any(p is None for p in parts):
            return None
        joiner = " and " if isinstance(condition, AllOf) else " or "
        return "(" + joiner.join(p for p in parts if p) + ")"
    if isinstance(condition, NotOf):
        inner = relevant(condition.not_, matrices, rows, counted)
        return None if inner is None else f"not({inner})"
    if not isinstance(condition, AnswerTest):
        return None
    test = condition
    if test.question in matrices and test.row is None:
        # any row: spell out every row
        expanded = [
            relevant(test.model_copy(update={"row": row}), matrices, rows, counted)
            for row in rows[test.question]
        ]
        if any(e is None for e in expanded):
            return None
        return "(" + " or ".join(e for e in expanded if e) + ")"
    return _answer_test(test, matrices, counted)


def _answer_test(test: AnswerTest, matrices: set[str], counted: dict[str, str]) -> str | None:
    """A test on one question (one row of a matrix) as an XPath expression."""
    ref = _reference(test, matrices)
    operator = test.operator
    operand = test.operand(operator)
    counter = counted.get(test.question) if test.row is None else None
    if counter == "count":  # a repeat group is answered when it has a record
        ref = f"count({ref})"
        if operator == "answered":
            return f"{ref} > 0" if operand else f"{ref} = 0"
    elif counter is not None and operator in ("at_least", "at_most"):
        ref = f"{counter}({ref})"  # a list is measured by its length
    if operator == "answered":
        return f"{ref} != ''" if operand else f"{ref} = ''"
    if operator == "equals":
        return f"{ref} = {_literal(operand)}"
    if operator == "in":
        return "(" + " or ".join(f"selected({ref}, {_literal(v)})" for v in operand) + ")"
    if operator == "includes":
        return f"selected({ref}, {_literal(operand)})"
    if operator == "at_least":
        return f"{ref} >= {_literal(operand)}"
    if operator == "at_most":
        return f"{ref} <= {_literal(operand)}"
    return None


def _rows(q: Questionnaire) -> Iterator[tuple[list[Any], list[list[Any]]]]:
    """(survey rows, choice rows) of each question."""
    questions = q.questions.values()
    matrix_rows = {x.id: rows for x in questions if (rows := kind_of(x).row_ids(x)) is not None}
    matrices = set(matrix_rows)
    counted = {x.id: count for x in questions if (count := kind_of(x).xpath_count) is not None}
    for _, _, question in q.iter_questions():
        rel = relevant(question.when, matrices, matrix_rows, counted) if question.when else None
        fields, choices = kind_of(question).form(question, rel or "")
        yield [_survey_row(q, f) for f in fields], [_choice_row(q, c) for c in choices]


def _survey_row(q: Questionnaire, field: FormField) -> list[Any]:
    """A row of the survey sheet: type, name, label and hint in each language, required,
    constraint, relevant."""
    return [
        field.type,
        field.name,
        *_texts(q, field.label),
        *_texts(q, field.hint),
        "yes" if field.required else "",
        field.constraint,
        field.relevant,
    ]


def _choice_row(q: Questionnaire, choice: FormChoice) -> list[Any]:
    """A row of the choices sheet: list name, name, label in each language."""
    return [choice.list_name, choice.name, *_texts(q, choice.label)]


def _check_names(q: Questionnaire, rows: list[list[Any]]) -> None:
    """Refuse a form that survey tools would refuse for its field names.

    XLSForm wants the fields of one group (or of the form's top level) named apart, whatever
    their case, and a field named in a `${…}` reference (our `relevant` expressions)
    named once in the whole form. Question ids are unique in a questionnaire, but matrix
    rows become fields named by the row id, inside their matrix's group, and roster fields
    `<roster>_<field>`: either can meet another name.
    """
    scopes: list[dict[str, str]] = [
        {name.casefold(): "a field of the form's header" for name in HEADER_FIELDS}
    ]
    everywhere: dict[str, list[str]] = {name: ["the form's header"] for name in HEADER_FIELDS}
    referenced: set[str] = set()
    clashes: list[str] = []
    for row in rows:
        kind, name = str(row[0]), str(row[1])
        referenced.update(re.findall(r"\$\{([^}]+)\}", f"{row[-2]} {row[-1]}"))
        if kind in ("end_group", "end_repeat"):
            scopes.pop()
            continue
        what = f"{kind.split()[0]} {excerpt(name)}"
        seen = scopes[-1]
        if name.casefold() in seen:
            clashes.append(
                f"{excerpt(name)} names both {seen[name.casefold()]} and {what} of one group"
            )
        else:
            seen[name.casefold()] = what
        everywhere.setdefault(name, []).append(what)
        if kind in ("begin_group", "begin_repeat"):
            scopes.append({})
    for name in sorted(referenced):
        if len(everywhere.get(name, [])) > 1:
            clashes.append(f"${{{name}}} is referenced but names {' and '.join(everywhere[name])}")
    if clashes:
        raise SocialReadyError(
            f"{q.ref} cannot be written as an XLSForm, whose field names must be unique"
            " within a group, and in the whole form when a condition refers to them: "
            + "; ".join(clashes)
            + " (rename the matrix rows or roster fields that clash)"
        )


def write_xlsform(q: Questionnaire, target: str | Path | IO[bytes]) -> None:
    """Write `q` as an XLSForm workbook (survey, choices, settings sheets).

    Raises `SocialReadyError`, before writing anything, when two
    fields of the form would have the same name (a matrix row named like a question…).
    """
    try:
        from openpyxl import Workbook
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SocialReadyError("the XLSForm export needs openpyxl: pip install openpyxl") from exc
    generated = list(_rows(q))
    _check_names(q, [row for rows, _ in generated for row in rows])
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            *_lang_columns(q, "label"),
            *_lang_columns(q, "hint"),
            "required",
            "constraint",
            "relevant",
        ]
    )
    for meta in ("start", "end"):  # when the form was opened and sent, kept by the tools
        survey.append(_survey_row(q, FormField(meta, meta)))
    for name, (kind, label) in HEADER_FIELDS.items():
        required = name in ("org_name", "assessment_date", "assessor")
        constraint = "regex(., '^[A-Z]{2}$')" if name == "org_country" else ""
        field = FormField(kind, name, label, required=required, constraint=constraint)
        survey.append(_survey_row(q, field))
    choices_sheet = book.create_sheet("choices")
    choices_sheet.append(["list_name", "name", *_lang_columns(q, "label")])
    for band in SIZE_BANDS:
        choices_sheet.append(["size_band", band, *[band for _ in q.languages]])
    yes_no = {"yes": {"fr": "Oui", "en": "Yes"}, "no": {"fr": "Non", "en": "No"}}
    for name, label in yes_no.items():
        choices_sheet.append(_choice_row(q, FormChoice("yes_no", name, label)))
    for letter, label in RACI_ROLES.items():
        choices_sheet.append(_choice_row(q, FormChoice("raci", letter, label)))
    for rows, choices in generated:
        for row in rows:
            survey.append(row)
        for choice in choices:
            choices_sheet.append(choice)
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language", "instance_name"])
    default = q.languages[0]
    settings.append(
        [
            localised(q.title, default),
            q.id.replace("-", "_"),
            q.version,
            f"{LANGUAGE_NAMES.get(default, default)} ({default})",
            # each submission named by its organisation and date in the tools' lists
            "concat(${org_name}, ' — ', ${assessment_date})",
        ]
    )
    book.save(target)
