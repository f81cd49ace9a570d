"""Responses: one organisation's answers to a questionnaire, validated against it.

A responses file names the questionnaire (``questionnaire: social-readiness@1.0.0``), the
organisation, the assessment date and the assessor, and gives ``answers`` by question id.
Any answer may be written ``{value: …, note: …, evidence: …}`` so that the assessor's note
and evidence travel into the report.

Every problem is collected into one :class:`~socialready.ResponsesError`, each located by
file, line, column and question id, with what was given and what is allowed. Answers to
questions whose ``when:`` condition is false are kept, reported as warnings, and not scored.
"""

from __future__ import annotations

import datetime
import difflib
import itertools
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationError

from . import _yaml
from ._base import Id, StrictModel
from ._cache import per_questionnaire
from ._located import describe, field_names, place, problems_from_validation
from .conditions import Compiled, compile_condition
from .errors import Problem, ResponsesError
from .loading import builtin_questionnaires, load_questionnaire
from .questionnaire import (
    MatrixQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Questionnaire,
    RosterField,
    RosterQuestion,
    ScaleQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)

__all__ = [
    "Annotation",
    "AnswerValue",
    "Organisation",
    "Responses",
    "load_responses",
]

SizeBand = Literal["1-9", "10-49", "50-249", "250-999", "1000+"]
"""Head-count bands."""

RosterValue = str | int | float | list[str] | dict[str, str] | None
"""The value of one field of a roster record."""

AnswerValue = bool | int | float | str | list[str] | dict[str, str] | list[dict[str, RosterValue]]
"""An answer, by kind: option id (single choice), list of option ids (multiple choice),
value (scale), boolean (yes/no), number, ``{row: option}`` (matrix), text, or a list of
records (roster)."""


class Organisation(StrictModel):
    """The organisation assessed."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    sector: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    size_band: SizeBand | None = Field(default=None, description="Head count band.")
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None, description="ISO 3166 two-letter code, e.g. FR."
    )


class Annotation(StrictModel):
    """The assessor's note and evidence for one answer."""

    note: Annotated[str, StringConstraints(max_length=5000)] | None = None
    evidence: Annotated[str, StringConstraints(max_length=5000)] | None = None


_REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*@\d+(\.\d+){0,2}$"

QuestionnaireRef = Annotated[
    str,
    StringConstraints(pattern=_REF_PATTERN),
    Field(description="id@version of the questionnaire answered, e.g. social-readiness@1.0.0"),
]

AssessmentDate = Annotated[
    datetime.date, Field(strict=False, description="The date of the assessment, YYYY-MM-DD.")
]


class _ResponsesFile(StrictModel):
    """What a responses file holds before its answers are checked against the questionnaire."""

    questionnaire: QuestionnaireRef
    organisation: Organisation
    date: AssessmentDate
    assessor: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    answers: dict[str, Any] = Field(default_factory=dict)


class Responses(StrictModel):
    """An organisation's validated answers, tied to the exact questionnaire they answer."""

    questionnaire: QuestionnaireRef
    fingerprint: str = Field(description="SHA-256 fingerprint of the questionnaire answered.")
    organisation: Organisation
    date: AssessmentDate
    assessor: str
    answers: dict[Id, AnswerValue]
    annotations: dict[Id, Annotation] = Field(default_factory=dict)
    warnings: list[Problem] = Field(default_factory=list)
    source: str | None = Field(default=None, description="The file the answers were read from.")


Found = tuple[tuple[str | int, ...], str, str | None]
"""A problem within one answer: (path below the answer, message, what is expected)."""


class _Bad(Exception):
    """An answer does not fit its question: ``problems`` are (sub-path, message, expected)."""

    def __init__(self, *problems: Found) -> None:
        super().__init__(problems)
        self.problems = problems


Checker = Callable[[Any], Any]
"""Validates one answer value and returns it normalised; raises :class:`_Bad`."""


def _listing(ids: list[str] | list[int]) -> str:
    return ", ".join(repr(i) for i in ids)


def _hint(given: str, ids: list[str]) -> str:
    close = difflib.get_close_matches(given, ids, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _choice_checker(question: SingleChoiceQuestion) -> Checker:
    ids = [o.id for o in question.options]
    known = frozenset(ids)
    allowed = f"one of {_listing(ids)}"

    def check(value: Any) -> Any:
        if type(value) is str:
            if value in known:
                return value
            raise _Bad(
                ((), f"{value!r} is not an option of this question", allowed + _hint(value, ids))
            )
        if type(value) is list:
            raise _Bad(
                (
                    (),
                    f"{len(value)} answers to a single-choice question",
                    f"one option id: {allowed}",
                )
            )
        raise _Bad(((), f"got {describe(value)}", f"one option id: {allowed}"))

    return check


def _multi_checker(question: MultipleChoiceQuestion) -> Checker:
    ids = [o.id for o in question.options]
    known = frozenset(ids)
    exclusive = frozenset(o.id for o in question.options if o.exclusive)
    allowed = f"a list of option ids among {_listing(ids)}"

    def check(value: Any) -> Any:
        if type(value) is str:
            value = [value]
        if type(value) is not list:
            raise _Bad(((), f"got {describe(value)}", allowed))
        problems: list[Found] = []
        seen: set[str] = set()
        for i, item in enumerate(value):
            if type(item) is not str or item not in known:
                shown = repr(item) if type(item) is str else describe(item)
                hint = _hint(item, ids) if type(item) is str else ""
                problems.append(
                    (
                        (i,),
                        f"{shown} is not an option of this question",
                        f"one of {_listing(ids)}{hint}",
                    )
                )
            elif item in seen:
                problems.append(((i,), f"{item!r} is given twice", "each option once"))
            else:
                seen.add(item)
        alone = seen & exclusive
        if alone and len(seen) > 1:
            problems.append(
                (
                    (),
                    f"{_listing(sorted(alone))} cannot be combined with other options",
                    "that option alone, or the others without it",
                )
            )
        if problems:
            raise _Bad(*problems)
        return value

    return check


def _scale_checker(question: ScaleQuestion) -> Checker:
    values = [p.value for p in question.scale]
    known = frozenset(values)
    allowed = f"one of {_listing(values)}"

    def check(value: Any) -> Any:
        if type(value) is int and value in known:
            return value
        raise _Bad(((), f"got {describe(value)}", allowed))

    return check


_YES = frozenset({"yes", "oui", "true"})
_NO = frozenset({"no", "non", "false"})


def _yes_no_checker(question: YesNoQuestion) -> Checker:
    def check(value: Any) -> Any:
        if type(value) is bool:
            return value
        if type(value) is str:
            word = value.strip().lower()
            if word in _YES:
                return True
            if word in _NO:
                return False
        raise _Bad(((), f"got {describe(value)}", "true or false (or yes / no)"))

    return check


LARGEST = 1e15
"""No answer is a number larger than this: beyond it, figures are typos (or attacks)."""


def _sane(value: float) -> bool:
    """Finite (no NaN or infinity, which ``.nan`` and ``.inf`` give in YAML) and not absurd."""
    return math.isfinite(value) and -LARGEST <= value <= LARGEST


def _shown(value: float) -> str:
    """A number as the reader wrote it: ``10,000,000`` rather than ``1e+07``."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.15g}"


def _number_checker(question: NumberQuestion) -> Checker:
    low, high = question.bounds
    integer = question.integer
    unit = "%" if question.percent else ""
    bounds = " ".join(
        part
        for part in (
            f"≥ {_shown(low)}{unit}" if low is not None else "",
            f"≤ {_shown(high)}{unit}" if high is not None else "",
        )
        if part
    )
    if low is not None and high is not None:
        bounds = f"between {_shown(low)}{unit} and {_shown(high)}{unit}"
    allowed = ("a whole number" if integer else "a number") + (f" {bounds}" if bounds else "")

    def check(value: Any) -> Any:
        kind = type(value)
        if kind is not int and kind is not float:
            raise _Bad(((), f"got {describe(value)}", allowed))
        if not _sane(value):
            raise _Bad(((), f"got {describe(value)}", f"{allowed}, finite and within ±10¹⁵"))
        if integer and kind is float:
            if not value.is_integer():
                raise _Bad(((), f"got {describe(value)}", allowed))
            value = int(value)
        if (low is not None and value < low) or (high is not None and value > high):
            raise _Bad(((), f"{_shown(value)} is out of bounds", allowed))
        return value

    return check


def _matrix_checker(question: MatrixQuestion) -> Checker:
    rows = [r.id for r in question.rows]
    options = [o.id for o in question.options]
    known_rows, known_options = frozenset(rows), frozenset(options)
    allowed = f"a mapping of rows ({_listing(rows)}) to options ({_listing(options)})"

    def check(value: Any) -> Any:
        if type(value) is not dict:
            raise _Bad(((), f"got {describe(value)}", allowed))
        problems: list[Found] = []
        for row, option in value.items():
            if row not in known_rows:
                hint = _hint(str(row), rows)
                problems.append(
                    (
                        (row,),
                        f"{row!r} is not a row of this question",
                        f"one of {_listing(rows)}{hint}",
                    )
                )
            elif type(option) is not str or option not in known_options:
                shown = repr(option) if type(option) is str else describe(option)
                hint = _hint(option, options) if type(option) is str else ""
                problems.append(
                    (
                        (row,),
                        f"{shown} is not an option of this question",
                        f"one of {_listing(options)}{hint}",
                    )
                )
        if problems:
            raise _Bad(*problems)
        return value

    return check


def _text_checker(question: TextQuestion) -> Checker:
    limit = question.max_length

    def check(value: Any) -> Any:
        if type(value) is not str:
            raise _Bad(((), f"got {describe(value)}", "a text"))
        if len(value) > limit:
            raise _Bad(((), f"text of {len(value):,} characters", f"at most {limit:,} characters"))
        return value

    return check


_RACI = "RACI"
_ROLES: dict[str, str] = {
    "".join(letters): "".join(sorted(letters, key=_RACI.index))
    for size in range(1, 5)
    for letters in itertools.permutations(_RACI, size)
}
"""Every way of writing one to four distinct role letters, to its R-A-C-I order."""

FieldChecker = Callable[[Any], tuple[Any, Found | None]]
"""Checks one roster field value: (normalised value, problem or ``None``)."""


def _field_checker(field: RosterField) -> FieldChecker:
    """A checker for one roster field, prepared once."""
    kind = field.type
    ids = [o.id for o in field.options]
    known = frozenset(ids)
    if kind == "text":
        return lambda v: (
            (v, None) if type(v) is str and v.strip() else (v, ((), f"got {describe(v)}", "a text"))
        )
    if kind in ("number", "percent"):
        what = "a number ≥ 0" if kind == "number" else "a percentage between 0 and 1000"

        def number(v: Any) -> tuple[Any, Found | None]:
            if type(v) not in (int, float) or not _sane(v):
                return v, ((), f"got {describe(v)}", what)
            if v < 0 or (kind == "percent" and v > 1000):
                return v, ((), f"{_shown(v)} is out of bounds", what)
            return v, None

        return number
    if kind == "choice":
        allowed = f"one of {_listing(ids)}"

        def choice(v: Any) -> tuple[Any, Found | None]:
            if type(v) is str and v in known:
                return v, None
            hint = _hint(v, ids) if type(v) is str else ""
            return v, ((), f"got {describe(v)}", allowed + hint)

        return choice
    if kind == "choices":
        allowed = f"a list among {_listing(ids)}"

        def choices(v: Any) -> tuple[Any, Found | None]:
            if type(v) is list and all(type(x) is str and x in known for x in v):
                return v, None
            wrong = [x for x in v if type(x) is str and x not in known] if type(v) is list else []
            return v, ((), f"got {describe(v)}", allowed + (_hint(wrong[0], ids) if wrong else ""))

        return choices
    mapping = f"a mapping of responsibilities ({_listing(ids)}) to R, A, C or I"

    def raci(v: Any) -> tuple[Any, Found | None]:
        if type(v) is not dict:
            return v, ((), f"got {describe(v)}", mapping)
        ordered = {}
        for duty, role in v.items():
            if duty not in known:
                hint = _hint(str(duty), ids)
                return v, (
                    (duty,),
                    f"{duty!r} is not a responsibility",
                    f"one of {_listing(ids)}{hint}",
                )
            canonical = _ROLES.get(role) if type(role) is str else None
            if canonical is None:
                return v, (
                    (duty,),
                    f"role {role!r}",
                    "R, A, C or I, or several of them such as 'RA'",
                )
            ordered[duty] = canonical
        return ordered, None

    return raci


def _roster_checker(question: RosterQuestion) -> Checker:
    checkers = {f.id: _field_checker(f) for f in question.fields}
    required = [f.id for f in question.fields if f.required]
    names = list(checkers)
    low, high = question.min_items, question.max_items

    def check(value: Any) -> Any:
        if type(value) is not list:
            raise _Bad(((), f"got {describe(value)}", "a list of records"))
        problems: list[Found] = []
        if not low <= len(value) <= high:
            problems.append(((), f"{len(value)} records", f"between {low} and {high} records"))
        records = []
        for i, record in enumerate(value):
            if type(record) is not dict:
                problems.append(
                    ((i,), f"got {describe(record)}", f"a record with the fields {_listing(names)}")
                )
                continue
            for name in required:
                if record.get(name) is None:
                    problems.append(
                        ((i,), f"missing field {name!r}", f"a record with {_listing(required)}")
                    )
            normalised = {}
            for name, item in record.items():
                checker = checkers.get(name)
                if checker is None:
                    problems.append(
                        (
                            (i, name),
                            f"unknown field {name!r}",
                            f"one of {_listing(names)}{_hint(str(name), names)}",
                        )
                    )
                elif item is not None:
                    item, bad = checker(item)
                    if bad is not None:
                        problems.append(((i, name, *bad[0]), bad[1], bad[2]))
                normalised[name] = item
            records.append(normalised)
        if problems:
            raise _Bad(*problems)
        return records

    return check


_CHECKERS: dict[type[Any], Callable[[Any], Checker]] = {
    SingleChoiceQuestion: _choice_checker,
    MultipleChoiceQuestion: _multi_checker,
    ScaleQuestion: _scale_checker,
    YesNoQuestion: _yes_no_checker,
    NumberQuestion: _number_checker,
    MatrixQuestion: _matrix_checker,
    TextQuestion: _text_checker,
    RosterQuestion: _roster_checker,
}


class _Plan:
    """What validating answers needs from one questionnaire, prepared once."""

    def __init__(self, q: Questionnaire) -> None:
        self.questionnaire = q
        self.checkers: dict[str, Checker] = {
            ident: _CHECKERS[type(question)](question) for ident, question in q.questions.items()
        }
        self.matrices = frozenset(
            i for i, x in q.questions.items() if isinstance(x, MatrixQuestion)
        )
        self.ids = list(q.questions)
        self.conditional: list[tuple[str, Compiled]] = [
            (x.id, compile_condition(x.when)) for x in q.questions.values() if x.when is not None
        ]


_plan: Callable[[Questionnaire], _Plan] = per_questionnaire(_Plan)

_WRAPPER_KEYS = frozenset({"value", "note", "evidence"})


def load_responses(
    source: str | Path | Mapping[str, Any], questionnaire: Questionnaire | None = None
) -> Responses:
    """Read and validate responses from a YAML or JSON file, or from a dict.

    Without ``questionnaire``, the built-in questionnaire the responses name is used. Raises
    :class:`~socialready.ResponsesError` listing every problem found.
    """
    if isinstance(source, Mapping):
        document = _yaml.Document(data=source, source=None)
    else:
        path = Path(source)
        try:
            document = _yaml.read(path)
        except _yaml.ParseFailure as failure:
            raise ResponsesError(failure.problems, source=str(path)) from None
    return responses_from_document(document, questionnaire)


def responses_from_document(
    document: _yaml.Document, questionnaire: Questionnaire | None = None
) -> Responses:
    """Validate parsed responses (see :func:`load_responses`)."""
    data = document.data
    if not isinstance(data, Mapping):
        raise ResponsesError(
            [
                Problem(
                    f"the file holds {describe(data)}",
                    source=document.source,
                    line=1 if document.positions else None,
                    column=1 if document.positions else None,
                    expected="a mapping with questionnaire, organisation, date, assessor, answers",
                )
            ],
            source=document.source,
        )
    try:
        header = _ResponsesFile.model_validate(data)
    except ValidationError as exc:
        # the answers are still checked, so that one run reports every problem of the file
        problems = problems_from_validation(exc, document, fields=_fields())
        problems += _answers_beside_bad_header(data, questionnaire, document)
        raise ResponsesError(problems, source=document.source) from None
    q, problems = _questionnaire_for(header.questionnaire, questionnaire, document)
    if q is None:
        raise ResponsesError(problems, source=document.source)
    answers, annotations, more = _check_answers(header.answers, _plan(q), document)
    problems += more
    if problems:
        raise ResponsesError(problems, source=document.source)
    return Responses.model_construct(
        questionnaire=header.questionnaire,
        fingerprint=q.fingerprint,
        organisation=header.organisation,
        date=header.date,
        assessor=header.assessor,
        answers=answers,
        annotations=annotations,
        warnings=_inapplicable(answers, _plan(q), document),
        source=document.source,
    )


_REF = re.compile(_REF_PATTERN)


def _answers_beside_bad_header(
    data: Mapping[str, Any], given: Questionnaire | None, document: _yaml.Document
) -> list[Problem]:
    """The problems of the answers of a file whose header is wrong.

    They are checked against the questionnaire passed, or else the one the file names when
    that reference is readable; a wrong reference, or answers that are no mapping, are
    already among the header's problems.
    """
    raw, ref = data.get("answers"), data.get("questionnaire")
    readable = isinstance(ref, str) and _REF.fullmatch(ref) is not None
    if not isinstance(raw, dict) or (given is None and not readable):
        return []
    if readable:
        q, problems = _questionnaire_for(str(ref), given, document)
    else:
        q, problems = given, []
    if q is None:
        return problems
    named = {ident: value for ident, value in raw.items() if isinstance(ident, str)}
    # a key that is no text is among the header's problems already
    return problems + _check_answers(named, _plan(q), document)[2]


def _fields() -> frozenset[str]:
    return field_names([_ResponsesFile, Annotation]) | {"value"}


def _questionnaire_for(
    ref: str, given: Questionnaire | None, document: _yaml.Document
) -> tuple[Questionnaire | None, list[Problem]]:
    ident, version = ref.split("@", 1)
    path = ("questionnaire",)
    if given is None:
        if ident not in builtin_questionnaires():
            problem = Problem(
                f"{ident!r} is not a built-in questionnaire",
                path=path,
                expected=f"one of {_listing(builtin_questionnaires())}, or pass the questionnaire",
            )
            return None, [place(problem, document)]
        given = load_questionnaire(ident)
    if ident != given.id or version != given.version:
        problem = Problem(
            f"the answers are to {ref}, but the questionnaire is {given.ref}",
            path=path,
            expected=f"questionnaire: {given.ref}",
        )
        # the answers are still checked against it, to report every problem at once
        return given, [place(problem, document)]
    return given, []


def _check_answers(
    raw: dict[str, Any], plan: _Plan, document: _yaml.Document
) -> tuple[dict[str, Any], dict[str, Annotation], list[Problem]]:
    answers: dict[str, Any] = {}
    annotations: dict[str, Annotation] = {}
    problems: list[Problem] = []
    checkers = plan.checkers
    for ident, value in raw.items():
        checker = checkers.get(ident)
        if checker is None:
            problems.append(
                place(
                    Problem(
                        f"unknown question {ident!r}",
                        path=("answers", ident),
                        expected="a question id of the questionnaire" + _hint(str(ident), plan.ids),
                    ),
                    document,
                    key=True,
                )
            )
            continue
        if (
            type(value) is dict
            and "value" in value
            and (ident not in plan.matrices or value.keys() <= _WRAPPER_KEYS)
        ):
            annotation, bad = _annotation(ident, value, document)
            problems += bad
            if annotation is not None:
                annotations[ident] = annotation
            value = value["value"]
            base: tuple[str | int, ...] = ("answers", ident, "value")
        else:
            base = ("answers", ident)
        if value is None or (type(value) is dict and not value and ident in plan.matrices):
            continue  # null, or a matrix with no row answered: not answered
        try:
            answers[ident] = checker(value)
        except _Bad as bad:
            for sub, message, expected in bad.problems:
                problems.append(
                    place(Problem(message, path=(*base, *sub), expected=expected), document)
                )
    return answers, annotations, problems


def _annotation(
    ident: str, wrapped: dict[str, Any], document: _yaml.Document
) -> tuple[Annotation | None, list[Problem]]:
    problems = []
    for key in wrapped.keys() - _WRAPPER_KEYS:
        problems.append(
            place(
                Problem(
                    f"unknown field {key!r}",
                    path=("answers", ident, key),
                    expected="value, note or evidence",
                ),
                document,
                key=True,
            )
        )
    note, evidence = wrapped.get("note"), wrapped.get("evidence")
    if note is None and evidence is None:
        return None, problems
    try:
        return Annotation.model_validate({"note": note, "evidence": evidence}), problems
    except ValidationError as exc:
        problems += problems_from_validation(
            exc, document, fields=_fields(), prefix=("answers", ident)
        )
        return None, problems


def _inapplicable(answers: dict[str, Any], plan: _Plan, document: _yaml.Document) -> list[Problem]:
    """Warnings for answers to questions whose ``when:`` is false (they are not scored)."""
    warnings: list[Problem] = []
    if not any(ident in answers for ident, _ in plan.conditional):
        return warnings
    applicable = applicable_answers(answers, plan.questionnaire)
    for ident, _ in plan.conditional:
        if ident in answers and ident not in applicable:
            warnings.append(
                place(
                    Problem(
                        "answered, but the question does not apply (its when: condition is"
                        " false); the answer is kept and not scored",
                        path=("answers", ident),
                    ),
                    document,
                    key=True,
                )
            )
    return warnings


def applicable_answers(answers: Mapping[str, Any], q: Questionnaire) -> dict[str, Any]:
    """The answers to questions that apply, deciding each ``when:`` in questionnaire order.

    A ``when:`` only tests earlier questions, so removing, in file order, the answers whose
    condition is false leaves each condition to see exactly the applicable earlier answers.
    """
    kept = {ident: value for ident, value in answers.items() if value is not None}
    for ident, condition in _plan(q).conditional:
        if ident in kept and not condition(kept, None):
            del kept[ident]
    return kept
