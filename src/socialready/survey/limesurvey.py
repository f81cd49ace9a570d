"""The questionnaire as LimeSurvey imports it, and the codes by which its exports are read.

LimeSurvey imports a survey from its tab-separated structure (`.txt`): one row per survey
setting (class `S`), language setting (`SL`), group (`G`), question (`Q`),
subquestion (`SQ`) and answer (`A`), each question, subquestion and answer once per
language. The columns and the order of the rows are those of LimeSurvey's own export
(`tsvSurveyExport` in `application/helpers/export_helper.php`) as its import reads them
(`TSVImportSurvey` in `application/helpers/admin/import_helper.php`): the rows of the
base language first, then those of each other language, a group known across languages by
its order (`type/scale`), its questions by their code.

LimeSurvey's codes cannot be our ids: a question code starts with a letter and has letters
and digits only (at most 20), a subquestion code letters and digits only, an answer code at
most five characters. `limesurvey_codes` gives each id its code, deterministically
from the questionnaire alone (`brand_presence` → `brandPresence`, `official_account` →
`offAc`), so that the `limesurvey` preset reads a response export back with no mapping
file. The fields of a question are those its kind writes in an XLSForm, translated: a
choice list (`L`), a yes/no (`Y`), several choices (`M`, one subquestion per option),
a number (`N`, its bounds as attributes), a long text (`T`), a date (`D`), a group of
choices on one list (a matrix: `F`, one subquestion per row). A repeat group (the step-3
roster) has no equivalent: LimeSurvey cannot repeat a group, so the roster is left out and
said to be; reading the export then warns that the staffing could not be assessed.
`when:` conditions become relevance equations (ExpressionScript).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .._kinds import (
    HEADER_FIELDS,
    LARGEST,
    SIZE_BANDS,
    FormChoice,
    FormField,
    kind_of,
    xpath_number,
)
from ..conditions import AllOf, AnswerTest, AnyOf, Condition, NotOf
from ..errors import SocialReadyError, excerpt
from ..questionnaire import Question, Questionnaire, localised

__all__ = [
    "ANSWER_CODE_LENGTH",
    "ATTRIBUTES",
    "BASE_COLUMNS",
    "CODE_LENGTH",
    "RESERVED",
    "LimeSurveyCodes",
    "limesurvey_codes",
    "limesurvey_structure",
]

BASE_COLUMNS = (
    "id",
    "related_id",
    "class",
    "type/scale",
    "name",
    "relevance",
    "text",
    "help",
    "language",
    "validation",
    "mandatory",
    "other",
    "default",
    "same_default",
)
"""The first columns of LimeSurvey's structure file, in its order (`$aBaseFields`)."""

ATTRIBUTES = (
    "exclude_all_others",
    "max_num_value_n",
    "maximum_chars",
    "min_num_value_n",
    "num_value_int_only",
)
"""The question attributes written, after the base columns, sorted as LimeSurvey sorts
them: every other column of a `Q` row is an attribute to LimeSurvey's import."""

CODE_LENGTH = 20
"""Most characters of a question or subquestion code (LimeSurvey's `title` column)."""

ANSWER_CODE_LENGTH = 5
"""Most characters of an answer code (LimeSurvey's `answers.code`)."""

RESERVED = frozenset(
    word.casefold()
    for word in (
        # ExpressionScript's reserved words (LimeSurvey's Question model refuses them)
        *("LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "self", "that", "this"),
        # the columns LimeSurvey puts before the questions in a response export
        *("id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"),
        *("ipaddr", "refurl"),
    )
)
"""Codes no question may take."""

_NOT_SUBQUESTION = frozenset({"time", "other", "comment"})
"""Subquestion codes LimeSurvey keeps for itself."""

_GROUP_NAMES = {"fr": "Organisation", "en": "Organisation"}


@dataclass(frozen=True)
class LimeSurveyCodes:
    """The codes of one question (or of one of the form's first fields) in LimeSurvey."""

    code: str
    """The question code: the response export's column, or its columns' prefix."""
    type: str
    """LimeSurvey's question type: L, Y, M, N, T, S, D or F."""
    subquestions: dict[str, str] = field(default_factory=dict)
    """Matrix row id or multiple-choice option id → subquestion code."""
    answers: dict[str, str] = field(default_factory=dict)
    """Option id (a scale's value, a size band) → answer code."""


@dataclass
class _Item:
    """One question of the structure, in every language."""

    ident: str
    codes: LimeSurveyCodes
    label: dict[str, str]
    help: dict[str, str] | None = None
    mandatory: bool = False
    validation: str = ""
    when: Condition | None = None
    sub_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    answer_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)


def _words(ident: str) -> list[str]:
    return [w for w in re.split(r"[^A-Za-z0-9]+", ident) if w]


def _camel(ident: str) -> str:
    """`brand_presence` → `brandPresence`: letters and digits only."""
    words = _words(ident)
    return "".join(w if i == 0 else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _short(ident: str, limit: int) -> str:
    """An id in at most `limit` characters: as it is (camel-cased) when it fits, else the
    start of each word, a letter at a time, first word first (`official_account` →
    `offAc`, `sent_to_recipient` → `seToR`)."""
    camel = _camel(ident)
    if len(camel) <= limit:
        return camel
    words = _words(ident)[:limit]
    taken = [1] * len(words)
    spare = limit - len(words)
    while spare:
        grown = False
        for i, word in enumerate(words):
            if spare and taken[i] < len(word):
                taken[i] += 1
                spare -= 1
                grown = True
        if not grown:
            break
    parts = [w[:n] for w, n in zip(words, taken, strict=True)]
    return "".join(p if i == 0 else p[:1].upper() + p[1:] for i, p in enumerate(parts))


def _unique(code: str, taken: set[str], limit: int) -> str:
    """`code`, or its start followed by a number, that `taken` (casefolded) does not
    have; added to `taken`."""
    candidate, number = code or "x", 1
    while candidate.casefold() in taken:
        number += 1
        suffix = str(number)
        candidate = (code or "x")[: limit - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


def _question_code(ident: str, taken: set[str]) -> str:
    code = _camel(ident)
    if not code[:1].isalpha():
        code = f"q{code}"
    return _unique(code[:CODE_LENGTH], taken, CODE_LENGTH)


def _sub_codes(ids: list[str]) -> dict[str, str]:
    taken = set(_NOT_SUBQUESTION)
    return {i: _unique(_camel(i)[:CODE_LENGTH], taken, CODE_LENGTH) for i in ids}


def _answer_codes(ids: list[str]) -> dict[str, str]:
    taken: set[str] = set()
    return {i: _unique(_short(i, ANSWER_CODE_LENGTH), taken, ANSWER_CODE_LENGTH) for i in ids}


def _header_items(taken: set[str]) -> Iterator[_Item]:
    """The form's first fields: the organisation, the date, the assessor."""
    for name, (kind, label) in HEADER_FIELDS.items():
        code = _question_code(name, taken)
        mandatory = name in ("org_name", "assessment_date", "assessor")
        if kind.startswith("select_one"):
            answers = _answer_codes(SIZE_BANDS)
            yield _Item(
                name,
                LimeSurveyCodes(code, "L", answers=answers),
                label,
                mandatory=mandatory,  # the bands' texts are their codes' labels
            )
        elif kind == "date":
            yield _Item(name, LimeSurveyCodes(code, "D"), label, mandatory=mandatory)
        else:
            validation = "/^[A-Z]{2}$/" if name == "org_country" else ""
            yield _Item(
                name, LimeSurveyCodes(code, "S"), label, mandatory=mandatory, validation=validation
            )


_EXCLUSIVE = re.compile(r"not\(selected\(\., '([^']+)'\) and count-selected\(\.\) > 1\)")
"""An option chosen alone, as a multiple choice's XLSForm constraint says it."""


def _item(question: Question, taken: set[str]) -> _Item | None:
    """`question` as LimeSurvey asks it, from the fields its kind writes in an XLSForm;
    None for a repeat group, which LimeSurvey cannot ask."""
    kind = kind_of(question)
    fields, choices = kind.form(question, "")
    first = fields[0]
    if first.type == "begin_repeat":
        return None
    lists: dict[str, list[FormChoice]] = {}
    for choice in choices:
        lists.setdefault(choice.list_name, []).append(choice)
    code = _question_code(question.id, taken)
    item = _Item(question.id, LimeSurveyCodes(code, ""), question.label, question.help)
    item.when = question.when
    if first.type == "begin_group":  # a matrix: one choice of one list per row
        rows = [f for f in fields[1:] if f.type not in ("begin_group", "end_group")]
        names = {f.type.split(" ", 1)[-1] for f in rows}
        if len(names) != 1 or not all(f.type.startswith("select_one ") for f in rows):
            raise _unwritable(question, "a group whose fields are not one choice list")
        options = lists.get(names.pop(), [])
        item.codes = LimeSurveyCodes(
            code,
            "F",
            subquestions=_sub_codes([f.name for f in rows]),
            answers=_answer_codes([c.name for c in options]),
        )
        item.sub_labels = {f.name: f.label or {} for f in rows}
        item.answer_labels = {c.name: c.label for c in options}
        return item
    if len(fields) != 1:
        raise _unwritable(question, f"{len(fields)} fields")
    return _one_field(item, question, first, lists)


def _one_field(
    item: _Item, question: Question, form_field: FormField, lists: dict[str, list[FormChoice]]
) -> _Item:
    """`item` completed by the one XLSForm field that asks `question`."""
    kind, _, list_name = form_field.type.partition(" ")
    code = item.codes.code
    schema = kind_of(question).answer_schema(question, "en")
    if form_field.type == "select_one yes_no":
        item.codes = LimeSurveyCodes(code, "Y")
    elif kind == "select_one":
        options = lists.get(list_name, [])
        answers = _answer_codes([c.name for c in options])
        item.codes = LimeSurveyCodes(code, "L", answers=answers)
        item.answer_labels = {c.name: c.label for c in options}
    elif kind == "select_multiple":
        options = lists.get(list_name, [])
        subs = _sub_codes([c.name for c in options])
        item.codes = LimeSurveyCodes(code, "M", subquestions=subs)
        item.sub_labels = {c.name: c.label for c in options}
        alone = _EXCLUSIVE.findall(form_field.constraint)
        if alone:
            item.attributes["exclude_all_others"] = ";".join(subs[o] for o in alone if o in subs)
    elif kind in ("integer", "decimal"):
        item.codes = LimeSurveyCodes(code, "N")
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and low > -LARGEST:
            item.attributes["min_num_value_n"] = xpath_number(low)
        if high is not None and high < LARGEST:
            item.attributes["max_num_value_n"] = xpath_number(high)
        if kind == "integer":
            item.attributes["num_value_int_only"] = "1"
    elif kind == "text":
        item.codes = LimeSurveyCodes(code, "T")
        if "maxLength" in schema:
            item.attributes["maximum_chars"] = str(schema["maxLength"])
    elif kind == "date":
        item.codes = LimeSurveyCodes(code, "D")
    else:
        raise _unwritable(question, f"an XLSForm field of type {excerpt(form_field.type)}")
    return item


def _unwritable(question: Question, what: str) -> SocialReadyError:
    return SocialReadyError(
        f"question {question.id} cannot be written for LimeSurvey: its form is {what}"
        " (expected a choice list, several choices, a number, a text, a date, or a group of"
        " choices on one list)"
    )


@dataclass
class _Structure:
    """The questionnaire as LimeSurvey asks it."""

    groups: list[tuple[dict[str, str], dict[str, str] | None, list[_Item]]]
    """Each group's name and description by language, and its questions."""
    left_out: list[str]
    """The questions LimeSurvey cannot ask."""
    codes: dict[str, LimeSurveyCodes]


def _structure(q: Questionnaire) -> _Structure:
    taken = set(RESERVED)
    header = list(_header_items(taken))
    groups: list[tuple[dict[str, str], dict[str, str] | None, list[_Item]]] = [
        (_GROUP_NAMES, None, header)
    ]
    left_out: list[str] = []
    for step in q.steps:
        for section in step.sections:
            items = []
            for question in section.questions:
                item = _item(question, taken)
                if item is None:
                    left_out.append(question.id)
                else:
                    items.append(item)
            if items:
                groups.append((section.title, section.description, items))
    codes = {item.ident: item.codes for _, _, items in groups for item in items}
    return _Structure(groups, left_out, codes)


def limesurvey_codes(q: Questionnaire) -> dict[str, LimeSurveyCodes]:
    """The LimeSurvey codes of every question `q` asks there and of the form's first
    fields (`org_name`…), by id: the same whenever asked, from `q` alone."""
    return _structure(q).codes


# --- relevance equations ----------------------------------------------------------------


def _equation(condition: Condition, codes: dict[str, LimeSurveyCodes]) -> str | None:
    """A `when:` condition as an ExpressionScript equation (None when it has none: it
    tests a question LimeSurvey does not ask, or a score)."""
    if isinstance(condition, AllOf | AnyOf):
        parts = [
            _equation(c, codes)
            for c in (condition.all if isinstance(condition, AllOf) else condition.any)
        ]
        if any(p is None for p in parts):
            return None
        joiner = " and " if isinstance(condition, AllOf) else " or "
        return "(" + joiner.join(p for p in parts if p) + ")"
    if isinstance(condition, NotOf):
        inner = _equation(condition.not_, codes)
        return None if inner is None else f"!({inner})"
    if not isinstance(condition, AnswerTest) or condition.question not in codes:
        return None
    return _test(condition, codes[condition.question])


def _literal(value: Any, codes: LimeSurveyCodes) -> str:
    if isinstance(value, bool):
        return '"Y"' if value else '"N"'
    if isinstance(value, int | float):
        answer = codes.answers.get(str(value))
        return f'"{answer}"' if answer is not None else xpath_number(value)
    return f'"{codes.answers.get(str(value), str(value))}"'


def _test(test: AnswerTest, codes: LimeSurveyCodes) -> str | None:
    operator = test.operator
    operand = test.operand(operator)
    if codes.type == "F":
        rows = [test.row] if test.row is not None else list(codes.subquestions)
        parts = [
            _value_test(f"{codes.code}_{codes.subquestions[r]}", operator, operand, codes)
            for r in rows
        ]
        if any(p is None for p in parts):
            return None
        return parts[0] if len(parts) == 1 else "(" + " or ".join(p for p in parts if p) + ")"
    if codes.type == "M":
        flags = {o: f"{codes.code}_{sq}" for o, sq in codes.subquestions.items()}
        counted = f"count({', '.join(flags.values())})"
        if operator == "answered":
            return f"{counted} > 0" if operand else f"{counted} == 0"
        if operator == "includes":
            return f'{flags[operand]} == "Y"' if operand in flags else None
        if operator == "in":
            return "(" + " or ".join(f'{flags[o]} == "Y"' for o in operand if o in flags) + ")"
        if operator == "at_least":
            return f"{counted} >= {xpath_number(operand)}"
        if operator == "at_most":
            return f"{counted} <= {xpath_number(operand)}"
        return None
    return _value_test(codes.code, operator, operand, codes)


def _value_test(name: str, operator: str, operand: Any, codes: LimeSurveyCodes) -> str | None:
    if operator == "answered":
        return f"!is_empty({name})" if operand else f"is_empty({name})"
    if operator == "equals":
        return f"{name} == {_literal(operand, codes)}"
    if operator == "in":
        return "(" + " or ".join(f"{name} == {_literal(v, codes)}" for v in operand) + ")"
    if operator == "at_least":
        return f"{name} >= {xpath_number(operand)}"
    if operator == "at_most":
        return f"{name} <= {xpath_number(operand)}"
    return None


# --- the structure file -----------------------------------------------------------------


def _flat(text: str) -> str:
    """A text on one line, as LimeSurvey's export writes it."""
    return " ".join(text.replace("\t", " ").splitlines())


def limesurvey_structure(q: Questionnaire) -> tuple[str, list[str]]:
    """`q` as LimeSurvey's tab-separated survey structure (the text of a `.txt` file
    that *Create survey* → *Import* reads), and the ids of the questions it cannot ask
    (a roster: LimeSurvey cannot repeat a group)."""
    structure = _structure(q)
    columns = [*BASE_COLUMNS, *ATTRIBUTES]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter="\t", lineterminator="\n", restval="")
    writer.writeheader()
    base, others = q.languages[0], q.languages[1:]
    settings = {"language": base, "additional_languages": " ".join(others), "format": "G"}
    for setting, value in settings.items():
        writer.writerow({"class": "S", "name": setting, "text": value})
    for lang in q.languages:
        title = _flat(localised(q.title, lang))
        writer.writerow({"class": "SL", "name": "surveyls_title", "text": title, "language": lang})
        writer.writerow(
            {"class": "SL", "name": "surveyls_language", "text": lang, "language": lang}
        )
    for first, lang in enumerate(q.languages):
        for order, (group, description, items) in enumerate(structure.groups, start=1):
            writer.writerow(
                {
                    "class": "G",
                    "type/scale": str(order),
                    "name": _flat(localised(group, lang)),
                    "text": _flat(localised(description, lang)) if description else "",
                    "relevance": "1",
                    "language": lang,
                }
            )
            for item in items:
                for row in _question_rows(item, lang, structure.codes, first == 0):
                    writer.writerow(row)
    return out.getvalue(), structure.left_out


def _question_rows(
    item: _Item, lang: str, codes: dict[str, LimeSurveyCodes], attributes: bool
) -> Iterator[dict[str, str]]:
    """The rows of one question in `lang`: Q, then its SQ and A rows (its attributes on
    the rows of the base language only, as LimeSurvey's export writes them)."""
    equation = _equation(item.when, codes) if item.when is not None else None
    row = {
        "class": "Q",
        "type/scale": item.codes.type,
        "name": item.codes.code,
        "relevance": equation or "1",
        "text": _flat(localised(item.label, lang)),
        "help": _flat(localised(item.help, lang)) if item.help else "",
        "language": lang,
        "validation": item.validation,
        "mandatory": "Y" if item.mandatory else "N",
        "other": "N",
        "same_default": "0",
    }
    if attributes:
        row.update(item.attributes)
    yield row
    for ident, sub in item.codes.subquestions.items():
        text = _flat(localised(item.sub_labels.get(ident) or {lang: ident}, lang))
        yield {"class": "SQ", "name": sub, "relevance": "1", "text": text, "language": lang}
    for ident, answer in item.codes.answers.items():
        text = _flat(localised(item.answer_labels.get(ident) or {lang: ident}, lang))
        yield {"class": "A", "name": answer, "text": text, "language": lang}
