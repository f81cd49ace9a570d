"""Responses: one organisation's answers to a questionnaire, validated against it.

A responses file names the questionnaire (`questionnaire: social-readiness@1.0.0`), the
organisation, the assessment date and the assessor, and gives `answers` by question id.
Any answer may be written `{value: …, note: …, evidence: …}` so that the assessor's note
and evidence travel into the report.

Every problem is collected into one `ResponsesError`, each located by
file, line, column and question id, with what was given and what is allowed. Answers to
questions whose `when:` condition is false are kept, reported as warnings, and not scored.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, ValidationError

from . import _yaml
from ._base import AnswerValue, Id, LangCode, StrictModel, made
from ._cache import ByIdentity, recall
from ._files import MAPPING, QUESTIONNAIRE, RESPONSES, THEME, FileKind, input_path
from ._kinds import Bad, listing, suggest
from ._located import describe, field_names, place, problems_from_validation
from ._prepared import Prepared, prepare
from .errors import Problem, ResponsesError, excerpt
from .loading import builtin_questionnaires, builtin_versions, is_builtin, load_questionnaire
from .questionnaire import Questionnaire

__all__ = [
    "TO_FILL",
    "Annotation",
    "AnswerValue",
    "Organisation",
    "Responses",
    "ResponsesFile",
    "Status",
    "final_problems",
    "left_to_ask",
    "load_responses",
    "questionnaire_for",
    "unfilled",
]

SizeBand = Literal["1-9", "10-49", "50-249", "250-999", "1000+"]
"""Head-count bands."""


class Organisation(StrictModel):
    """The organisation assessed."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="The organisation's name, as the report's cover gives it."
    )
    sector: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = Field(
        default=None, description="Its sector of activity, in the assessor's words."
    )
    size_band: SizeBand | None = Field(default=None, description="Head count band.")
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None, description="ISO 3166 two-letter code, e.g. FR."
    )


_TEXT_LIMIT = 5000
"""The most characters a note or an evidence holds."""


class Annotation(StrictModel):
    """The assessor's note and evidence for one answer."""

    note: Annotated[str, StringConstraints(max_length=_TEXT_LIMIT)] | None = Field(
        default=None,
        description="The assessor's note on the answer, shown beside it in the report.",
    )
    evidence: Annotated[str, StringConstraints(max_length=_TEXT_LIMIT)] | None = Field(
        default=None,
        description="What the answer rests on (a document, an interview, a page seen),"
        " shown beside it in the report.",
    )


_REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*@\d+(\.\d+){0,2}$"

QuestionnaireRef = Annotated[
    str,
    StringConstraints(pattern=_REF_PATTERN),
    Field(description="id@version of the questionnaire answered, e.g. social-readiness@1.0.0"),
]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _written_date(value: Any) -> Any:
    """A date written YYYY-MM-DD as a date; anything else as it is, for the strict check to
    refuse: a date is written, never a number (of seconds since 1970, say)."""
    if type(value) is str and _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{excerpt(value)} is not a day of the calendar: {exc}") from None
    return value


AssessmentDate = Annotated[
    datetime.date,
    BeforeValidator(_written_date),
    Field(strict=True, description="The date of the assessment, YYYY-MM-DD."),
]


Status = Literal["draft", "final"]
"""Whether the answers are still being gathered (`draft`: the report says so on every
page) or complete (`final`, the default, as every file written before drafts existed)."""

_STATUS_DESCRIPTION = (
    "draft: answers still being gathered (the report is marked as a draft);"
    " final (the default): the answers the report is for."
)


_ORGANISATION_DESCRIPTION = (
    "The organisation assessed: its name, and optionally sector, size, country."
)
_ASSESSOR_DESCRIPTION = "Who made the assessment, as the report's cover names them."
_ANSWERS_DESCRIPTION = "The answers, by question id."
_LANGUAGE_DESCRIPTION = (
    "The language the organisation's own words are written in (its sector, notes, evidence,"
    " text answers, the departments of its roster), e.g. fr: a report in another language"
    " marks them as such, for screen readers and hyphenation."
)


class ResponsesFile(StrictModel):
    """What a responses file holds before its answers are checked against the questionnaire
    (its header is the JSON Schema's of responses, see `socialready.schema`)."""

    questionnaire: QuestionnaireRef
    status: Status = Field(default="final", description=_STATUS_DESCRIPTION)
    organisation: Organisation = Field(description=_ORGANISATION_DESCRIPTION)
    date: AssessmentDate
    assessor: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description=_ASSESSOR_DESCRIPTION
    )
    language: LangCode | None = Field(default=None, description=_LANGUAGE_DESCRIPTION)
    answers: dict[str, Any] = Field(default_factory=dict, description=_ANSWERS_DESCRIPTION)


class Responses(StrictModel):
    """An organisation's validated answers, tied to the exact questionnaire they answer."""

    questionnaire: QuestionnaireRef = Field(
        description="id@version of the questionnaire answered, e.g. social-readiness@1.0.0."
    )
    fingerprint: str = Field(description="SHA-256 fingerprint of the questionnaire answered.")
    status: Status = Field(default="final", description=_STATUS_DESCRIPTION)
    organisation: Organisation = Field(description=_ORGANISATION_DESCRIPTION)
    date: AssessmentDate = Field(description="The date of the assessment.")
    assessor: str = Field(description=_ASSESSOR_DESCRIPTION)
    language: LangCode | None = Field(default=None, description=_LANGUAGE_DESCRIPTION)
    answers: dict[Id, AnswerValue] = Field(
        description="The answers by question id, each as its question's kind takes it (see"
        " `AnswerValue`); an unanswered question has no entry."
    )
    annotations: dict[Id, Annotation] = Field(
        default_factory=dict,
        description="The assessor's note and evidence, by the id of the question they go with.",
    )
    warnings: list[Problem] = Field(
        default_factory=list,
        description="Answers that were read but are not scored, located in the file: those to"
        " questions whose `when:` condition is false.",
    )
    source: str | None = Field(default=None, description="The file the answers were read from.")

    def __repr__(self) -> str:
        # every answer, note and warning would make thousands of characters
        return (
            f"Responses(organisation={excerpt(self.organisation.name)},"
            f" date={self.date.isoformat()}, questionnaire={excerpt(self.questionnaire)},"
            f" answers={len(self.answers)}, warnings={len(self.warnings)}"
            + (", status='draft')" if self.status == "draft" else ")")
        )

    def __str__(self) -> str:
        return repr(self)


_WRAPPER_KEYS = frozenset({"value", "note", "evidence"})


def load_responses(
    source: str | Path | Mapping[str, Any], questionnaire: Questionnaire | None = None
) -> Responses:
    """Read and validate responses from a YAML or JSON file, or from a dict.

    Without `questionnaire`, the built-in questionnaire the responses name is used. Raises
    `ResponsesError` listing every problem found, and `TypeError` when
    `source` is neither a path nor a mapping (a list, `None`, bytes).
    """
    if isinstance(source, Mapping):
        # no walk of the data first (as a questionnaire's): the checks of answers look one
        # level deep, and messages repeat values as bounded excerpts
        document = _yaml.Document(data=source, source=None)
    else:
        path = input_path(source, "load_responses", " or a mapping of responses")
        try:
            document = _yaml.read(path, RESPONSES)
        except _yaml.ParseFailure as failure:
            raise ResponsesError(failure.problems, source=str(path)) from None
    return responses_from_document(document, questionnaire)


def responses_from_document(
    document: _yaml.Document, questionnaire: Questionnaire | None = None
) -> Responses:
    """Validate parsed responses (see `load_responses`)."""
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
        header = ResponsesFile.model_validate(data)
    except ValidationError as exc:
        other = _other_kind(data)
        if other is not None:  # its problems as responses would not say what it is
            problem = _not_responses(other, document)
            raise ResponsesError([problem], source=document.source) from None
        # the answers are still checked, so that one run reports every problem of the file
        problems = problems_from_validation(exc, document, fields=_fields())
        problems += _answers_beside_bad_header(data, questionnaire, document)
        raise ResponsesError(problems, source=document.source) from None
    q, problems = _questionnaire_for(header.questionnaire, questionnaire, document)
    if q is None:
        raise ResponsesError(problems, source=document.source)
    plan = prepare(q)
    answers, annotations, more = _check_answers(header.answers, plan, document)
    problems += more
    if problems:
        raise ResponsesError(problems, source=document.source)
    kept, inapplicable = plan.applicable(answers, checked=True)
    responses = made(
        Responses,
        {
            "questionnaire": header.questionnaire,
            "fingerprint": q.fingerprint,
            "status": header.status,
            "organisation": header.organisation,
            "date": header.date,
            "assessor": header.assessor,
            "language": header.language,
            "answers": answers,
            "annotations": annotations,
            "warnings": _inapplicable(answers, inapplicable, plan, document),
            "source": document.source,
        },
    )
    _DECIDED.put(responses, (kept, inapplicable))
    return responses


_DECIDED: ByIdentity[Responses, tuple[dict[str, Any], frozenset[str]]] = ByIdentity()
"""Which answers apply, as validation decided it, beside the responses it returned (an
entry goes with its responses): scoring does not decide the `when:` conditions again."""


def applying(responses: Responses, plan: Prepared) -> tuple[dict[str, Any], frozenset[str]]:
    """The answers of `responses` to questions that apply, and the ids of the questions whose
    `when:` is false (see `Prepared.applicable`), for the questionnaire `plan` was
    prepared from, the one they were validated against.

    Decided once: when `load_responses` returned them, as it decided it then; for
    responses made otherwise (read back from JSON, built by hand), decided now. The answers
    returned are read, never written.
    """
    decided = _DECIDED.get(responses)
    return decided if decided is not None else plan.applicable(responses.answers)


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
    return problems + _check_answers(named, prepare(q), document)[2]


_HEADER = frozenset(ResponsesFile.model_fields)
_OTHER_KINDS = (MAPPING, THEME, QUESTIONNAIRE)


def _other_kind(data: Mapping[Any, Any]) -> FileKind | None:
    """The kind of file `data` is, when it is not responses but a survey mapping, a theme
    or a questionnaire: every field a responses file lacks is one of that kind's, and there
    are two of them or none of a responses file's (one misspelt field is just that)."""
    unknown = {key for key in data if key not in _HEADER}
    if not unknown or (len(unknown) < 2 and _HEADER & set(data)):
        return None
    return next((kind for kind in _OTHER_KINDS if unknown <= kind.fields), None)


def _not_responses(kind: FileKind, document: _yaml.Document) -> Problem:
    """Located at line 1 of a file; for data given in Python, at the first field that is
    the other kind's."""
    at = 1 if document.positions else None
    foreign = next(str(key) for key in document.data if key not in _HEADER)
    return Problem(
        f"this is a {kind.name}, not a responses file",
        source=document.source,
        line=at,
        column=at,
        path=() if at else (foreign,),
        expected=(
            "a responses file, with questionnaire, organisation, date, assessor and answers;"
            f" pass it {kind.given_as}"
        ),
    )


def _fields() -> frozenset[str]:
    return field_names([ResponsesFile, Annotation]) | {"value"}


def _questionnaire_for(
    ref: str, given: Questionnaire | None, document: _yaml.Document
) -> tuple[Questionnaire | None, list[Problem]]:
    ident, version = ref.split("@", 1)
    path = ("questionnaire",)
    if given is None:
        if ident not in builtin_questionnaires():
            problem = Problem(
                f"{excerpt(ident)} is not a built-in questionnaire",
                path=path,
                expected=f"one of {listing(builtin_questionnaires())}, or pass the questionnaire",
            )
            return None, [place(problem, document)]
        given = load_questionnaire(ref if is_builtin(ref) else ident)
    if ident != given.id or version != given.version:
        named, answered = excerpt(ref, quoted=False), excerpt(given.ref, quoted=False)
        shipped = builtin_versions(given.id)
        problem = Problem(
            f"the answers are to {named}, but the questionnaire is {answered}",
            path=path,
            expected=f"questionnaire: {answered}"
            + (
                f" (built-in versions: {', '.join(shipped)}; `socialready migrate` carries"
                " answers to a newer one)"
                if len(shipped) > 1
                else ""
            ),
        )
        # the answers are still checked against it, to report every problem at once
        return given, [place(problem, document)]
    return given, []


def _check_answers(
    raw: dict[str, Any], plan: Prepared, document: _yaml.Document
) -> tuple[dict[str, Any], dict[str, Annotation], list[Problem]]:
    answers: dict[str, Any] = {}
    annotations: dict[str, Annotation] = {}
    problems: list[Problem] = []
    questions = plan.by_id
    for ident, value in raw.items():
        # `in` and a subscript, not .get: a mapping proxy's get calls the mapping's method
        if ident not in questions:
            problems.append(
                place(
                    Problem(
                        f"unknown question {excerpt(ident)}",
                        path=("answers", ident),
                        expected="a question id of the questionnaire"
                        + suggest(str(ident), list(questions)),
                    ),
                    document,
                    key=True,
                )
            )
            continue
        prepared = questions[ident]
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
            wrapped = True
        else:
            wrapped = False
        if value is None or (type(value) is dict and not value and ident in plan.matrices):
            continue  # null, or a matrix with no row answered: not answered
        try:
            answers[ident] = prepared.checker(value)
        except Bad as bad:
            base: tuple[str | int, ...] = (
                ("answers", ident, "value") if wrapped else ("answers", ident)
            )
            for sub, message, expected in bad.problems:
                problems.append(
                    place(Problem(message, path=(*base, *sub), expected=expected), document)
                )
    return answers, annotations, problems


def _annotation(
    ident: str, wrapped: dict[str, Any], document: _yaml.Document
) -> tuple[Annotation | None, list[Problem]]:
    problems = []
    if not wrapped.keys() <= _WRAPPER_KEYS:  # no set made for the usual annotation
        for key in wrapped.keys() - _WRAPPER_KEYS:
            problems.append(
                place(
                    Problem(
                        f"unknown field {excerpt(key)}",
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
    plain = _plain_annotation(note, evidence)
    if plain is not None:
        return plain, problems
    try:
        return Annotation.model_validate({"note": note, "evidence": evidence}), problems
    except ValidationError as exc:
        problems += problems_from_validation(
            exc, document, fields=_fields(), prefix=("answers", ident)
        )
        return None, problems


def _plain_annotation(note: Any, evidence: Any) -> Annotation | None:
    """The annotation of a note and an evidence that are texts within bounds or absent, the
    model `Annotation.model_validate` makes, made without it (pydantic's validation costs
    more than checking the rest of the answer); `None` when either is something else, whose
    problems pydantic then says."""
    if note is not None and (type(note) is not str or len(note) > _TEXT_LIMIT):
        return None
    if evidence is not None and (type(evidence) is not str or len(evidence) > _TEXT_LIMIT):
        return None
    return made(Annotation, {"note": note, "evidence": evidence})


def _inapplicable(
    answers: dict[str, Any], inapplicable: frozenset[str], plan: Prepared, document: _yaml.Document
) -> list[Problem]:
    """Warnings for answers to questions whose `when:` is false (they are not scored)."""
    if not inapplicable:
        return []
    return [
        place(
            Problem(
                "answered, but the question does not apply (its when: condition is"
                " false); the answer is kept and not scored",
                path=("answers", item.id),
            ),
            document,
            key=True,
        )
        for item in plan.conditional
        if item.id in answers and item.id in inapplicable
    ]


def applicable_answers(answers: Mapping[str, Any], q: Questionnaire) -> dict[str, Any]:
    """The answers to questions that apply, deciding each `when:` in questionnaire order.

    A `when:` only tests earlier questions, so removing, in file order, the answers whose
    condition is false leaves each condition to see exactly the applicable earlier answers.
    """
    return prepare(q).applicable(answers)[0]


def questionnaire_for(
    responses: Responses, questionnaire: Questionnaire | None = None
) -> Questionnaire:
    """The questionnaire `responses` answer: `questionnaire` when one is given; else the
    one they were validated against, while this process holds it (responses read from a
    file or a dict find the questionnaire passed to `load_responses` again, by its
    fingerprint); else the built-in questionnaire their `id@version` names.

    So that every caller — the command line, a batch, a notebook — scores the answers
    against the same questionnaire, and a built-in one is read once per process. Responses
    that name a questionnaire which is not built in, and come without it, raise
    `ResponsesError` located at their `questionnaire` field.
    (`assess` refuses a questionnaire the responses were not validated
    against.)
    """
    if questionnaire is not None:
        return questionnaire
    known = recall(responses.fingerprint)
    if known is not None:
        return known
    ref = responses.questionnaire
    ident = ref.split("@", 1)[0]
    if ident not in builtin_questionnaires():
        problem = Problem(
            f"the answers are to {excerpt(ref, quoted=False)}, and there is no built-in"
            " questionnaire of that name",
            source=responses.source,
            path=("questionnaire",),
            expected=(
                f"one of {', '.join(builtin_questionnaires())}, or the questionnaire"
                " the answers were validated against, passed with them"
            ),
        )
        raise ResponsesError([problem], source=responses.source)
    # a built-in one is read once per process; the version named, when it is shipped
    return load_questionnaire(ref if is_builtin(ref) else ident)


def left_to_ask(
    responses: Responses, questionnaire: Questionnaire | None = None
) -> tuple[str, ...]:
    """The ids of the questions that apply to `responses` and have no answer yet, in
    questionnaire order: what is left to ask before the answers are final.

    The same questions as an assessment's `completeness.overall.unanswered`, found without
    scoring: free text is never expected of everyone and is not among them, nor is a
    question whose `when:` is false. `questionnaire` is found as
    `questionnaire_for` finds it.
    """
    plan = prepare(questionnaire_for(responses, questionnaire))
    answers, inapplicable = applying(responses, plan)
    return tuple(
        item.id
        for item in plan.questions
        if item.counts_for_completeness and item.id not in answers and item.id not in inapplicable
    )


TO_FILL = {"fr": "À compléter", "en": "To be completed"}
"""What a blank responses file's header says, by language, where the organisation's name and
the assessor go, until they are filled in."""


def unfilled(responses: Responses) -> list[Problem]:
    """The header's texts that still say what a blank file says (`TO_FILL`)."""
    blank = set(TO_FILL.values())
    fields: list[tuple[tuple[str, ...], str]] = [
        (("organisation", "name"), responses.organisation.name),
        (("assessor",), responses.assessor),
    ]
    return [
        Problem(
            f"still {excerpt(value)}, as the blank file says",
            source=responses.source,
            path=path,
            expected="the " + ("organisation's name" if path[0] == "organisation" else "assessor"),
        )
        for path, value in fields
        if value in blank
    ]


def final_problems(
    responses: Responses, questionnaire: Questionnaire | None = None
) -> list[Problem]:
    """Why the answers are not final yet: the header's texts not filled in (see
    `unfilled`), then one problem per question `left_to_ask`, located by the
    file and the question id (`validate --final` says them as errors)."""
    return unfilled(responses) + [
        Problem(
            "not answered",
            source=responses.source,
            path=("answers", ident),
            expected="an answer: final responses answer every question that applies",
        )
        for ident in left_to_ask(responses, questionnaire)
    ]
