"""Responses from survey-tool exports (KoboToolbox, LimeSurvey, Google or Microsoft Forms).

One CSV row per organisation. A mapping file (YAML, validated, with its own JSON Schema)
says which column holds which question, and which give the organisation, the date and the
assessor. Option cells may hold option ids or option labels in any language of the
questionnaire; multiple-choice cells are split on a separator. Good rows become
``Responses``; every bad row or cell is reported with its row number, column, question id,
value and what is allowed. Nothing is dropped silently.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from ._base import Id, Invalid, StrictModel
from ._located import load_model
from .errors import LocatedError, Problem
from .loading import load_questionnaire
from .questionnaire import (
    MatrixQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    Questionnaire,
    ScaleQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)
from .responses import Responses, load_responses

__all__ = ["CsvImport", "MappingError", "SurveyMapping", "load_mapping", "read_responses_csv"]


class MappingError(LocatedError):
    """A mapping file is invalid."""


class QuestionColumn(StrictModel):
    """Where one question is in the export."""

    column: str | None = Field(default=None, description="The column of the answer.")
    rows: dict[Id, str] = Field(
        default_factory=dict, description="Matrix questions: the column of each row."
    )
    labels: dict[str, Id] = Field(
        default_factory=dict, description="Cell texts of this tool mapped to option ids."
    )


class SurveyMapping(StrictModel):
    """How to read one survey tool's export."""

    questionnaire: str = Field(default="social-readiness", description="Built-in name or path.")
    delimiter: str | None = Field(default=None, description="Default: detected (, ; tab).")
    encoding: str | None = Field(default=None, description="Default: UTF-8, else Windows-1252.")
    organisation: str = Field(description="The column of the organisation's name.")
    sector: str | None = None
    size_band: str | None = None
    country: str | None = None
    date: str = Field(description="The column of the assessment date.")
    date_formats: list[str] = Field(
        default_factory=lambda: ["%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S"],
        description="strptime formats tried in order (a time part after the date is ignored).",
    )
    assessor: str | None = Field(default=None, description="The column of the assessor.")
    assessor_name: str | None = Field(default=None, description="The assessor of every row.")
    separator: str = Field(default=" ", description="Between options of a multiple choice cell.")
    questions: dict[Id, str | QuestionColumn] = Field(
        default_factory=dict,
        description="Question id → column (or a mapping with column, rows, labels).",
    )
    same_names: bool = Field(
        default=True,
        description="A column named like a question id holds that question (XLSForm exports).",
    )

    @model_validator(mode="after")
    def _readable(self) -> SurveyMapping:
        if self.delimiter is not None and len(self.delimiter) != 1:
            raise Invalid("a delimiter is one character, e.g. ';'", "delimiter")
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise Invalid(f"unknown encoding {self.encoding!r}", "encoding") from None
        for ident, spec in self.questions.items():
            if isinstance(spec, QuestionColumn) and (spec.column is None) == (not spec.rows):
                raise Invalid("give either column or rows (for a matrix)", "questions", ident)
        return self


def load_mapping(path: str | Path) -> SurveyMapping:
    """Read and validate a mapping file."""
    return load_model(Path(path), SurveyMapping, MappingError)


class CsvImport(StrictModel):
    """The responses of the good rows, and the located problems of the bad ones."""

    model_config = StrictModel.model_config | {"frozen": True}

    responses: list[Responses]
    warnings: list[Problem] = Field(default_factory=list)
    """Answers of imported rows that were not scored (their question did not apply)."""
    rows: list[int]
    """The row number (1-based, header = 1) of each of ``responses``."""
    problems: list[Problem]
    failed_rows: list[int]


def _decode(raw: bytes, encoding: str | None, source: str) -> str:
    """The text of the export: UTF-8 (with or without BOM), else Windows-1252 — or the
    encoding the mapping names."""
    try:
        text = raw.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if encoding:
            line = raw[: exc.start].count(b"\n") + 1
            raise MappingError(
                [Problem(f"the file is not valid {encoding}", source=source, line=line)],
                source=source,
            ) from None
        text = raw.decode("cp1252", errors="replace")
    return text.removeprefix("\ufeff")


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).casefold()


def _label_table(question: Question, extra: dict[str, str]) -> dict[str, Any]:
    options = getattr(question, "options", None) or []
    table: dict[str, Any] = {}
    for option in options:
        table[_normal(option.id)] = option.id
        for label in option.label.values():
            table.setdefault(_normal(label), option.id)
    if isinstance(question, ScaleQuestion):
        for point in question.scale:
            for label in point.label.values():
                table.setdefault(_normal(label), point.value)
    table.update({_normal(k): v for k, v in extra.items()})
    return table


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3},\d{3}$")


def _cell(question: Question, text: str, labels: dict[str, Any], separator: str) -> Any:
    """The answer value of one cell, as load_responses() expects it (it checks the rest)."""
    value = text.strip()
    if isinstance(question, SingleChoiceQuestion):
        return labels.get(_normal(value), value)
    if isinstance(question, MultipleChoiceQuestion):
        parts = (
            [p for p in value.split(separator) if p.strip()] if separator.strip() else value.split()
        )
        whole = labels.get(_normal(value))
        if whole is not None:  # a single label that contains the separator
            return [whole]
        return [labels.get(_normal(p), p.strip()) for p in parts]
    if isinstance(question, YesNoQuestion):
        word = _normal(value)
        if word in labels:  # the mapping's own labels: {Sí: yes}
            return _cell(question, str(labels[word]), {}, separator)
        if word in ("1", "vrai", "true", "yes", "oui", "y", "o"):
            return True
        if word in ("0", "faux", "false", "no", "non", "n"):
            return False
        return value
    if isinstance(question, ScaleQuestion) and _normal(value) in labels:
        return labels[_normal(value)]
    if isinstance(question, ScaleQuestion | NumberQuestion):
        if _GROUPED.match(value):  # "1,500": a thousands separator or a decimal comma?
            return value
        if _NUMBER.match(value):
            number = float(value.replace(",", "."))
            return int(number) if number.is_integer() else number
        return value
    if isinstance(question, TextQuestion):
        return value
    return value


def read_responses_csv(
    path: str | Path,
    mapping: SurveyMapping | str | Path,
    questionnaire: Questionnaire | None = None,
) -> CsvImport:
    """Read a survey export: the Responses of its good rows and the problems of the others."""
    path = Path(path)
    source = str(path)
    if not isinstance(mapping, SurveyMapping):
        mapping = load_mapping(mapping)
    q = questionnaire or load_questionnaire(mapping.questionnaire)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MappingError(
            [Problem(f"cannot read the file: {exc.strerror}", source=source)], source=source
        ) from exc
    text = _decode(raw, mapping.encoding, source)
    delimiter = mapping.delimiter
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise MappingError([Problem("the file is empty", source=source)], source=source) from None
    except csv.Error as exc:
        raise MappingError(
            [Problem(f"not a CSV file: {exc}", source=source, line=1)], source=source
        ) from None
    columns: dict[str, int] = {}
    twice: list[str] = []
    for i, name in enumerate(header):
        if name in columns:
            twice.append(name)
        else:
            columns[name] = i

    def where(column: str) -> int | None:
        return columns[column] + 1 if column in columns else None

    # where each question is
    plan: dict[str, QuestionColumn] = {}
    if mapping.same_names:
        for ident, question in q.questions.items():
            if isinstance(question, MatrixQuestion):
                rows = {
                    r.id: f"{ident}/{r.id}" for r in question.rows if f"{ident}/{r.id}" in columns
                }
                if rows:  # an XLSForm export names a matrix row's column question/row
                    plan[ident] = QuestionColumn(rows=rows)
            elif ident in columns:
                plan[ident] = QuestionColumn(column=ident)
    for ident, spec in mapping.questions.items():
        plan[ident] = QuestionColumn(column=spec) if isinstance(spec, str) else spec
    problems: list[Problem] = []
    required = {"organisation": mapping.organisation, "date": mapping.date}
    if mapping.assessor:
        required["assessor"] = mapping.assessor
    for key in ("sector", "size_band", "country"):
        if getattr(mapping, key):
            required[key] = getattr(mapping, key)
    for ident, spec in plan.items():
        if ident not in q.questions:
            problems.append(
                Problem(f"the mapping names unknown question {ident!r}", source=source, line=1)
            )
            continue
        is_matrix = isinstance(q.questions[ident], MatrixQuestion)
        if is_matrix != bool(spec.rows):
            shape = "rows: {row: column}" if is_matrix else "one column"
            problems.append(
                Problem(
                    f"the mapping gives {ident!r} the wrong shape",
                    source=source,
                    line=1,
                    expected=f"{shape} for a {q.questions[ident].kind} question",
                )
            )
            continue
        for column in [spec.column] if spec.column else list(spec.rows.values()):
            if column is not None and column not in columns:
                problems.append(
                    Problem(
                        f"no column {column!r} for question {ident!r}",
                        source=source,
                        line=1,
                        expected=f"one of the file's columns (delimiter {delimiter!r})",
                    )
                )
    for key, column in required.items():
        if column not in columns:
            problems.append(
                Problem(
                    f"no column {column!r} for the {key.replace('_', ' ')}",
                    source=source,
                    line=1,
                    expected=f"one of the file's {len(header)} columns (delimiter {delimiter!r})",
                )
            )
    used = {mapping.organisation, mapping.date, *required.values()}
    used |= {c for spec in plan.values() for c in [spec.column, *spec.rows.values()] if c}
    for name in sorted(set(twice) & used):
        problems.append(
            Problem(
                f"two columns are named {name!r}",
                source=source,
                line=1,
                expected="one column per name for the columns the mapping reads",
            )
        )
    if problems:  # the file cannot be read as the mapping says: nothing to import
        raise MappingError(problems, source=source)

    tables = {ident: _label_table(q.questions[ident], spec.labels) for ident, spec in plan.items()}
    imported: list[Responses] = []
    warnings: list[Problem] = []
    good_rows: list[int] = []
    failed: list[int] = []
    seen: dict[tuple[str, str], int] = {}
    records = iter(reader)
    while True:
        try:
            cells = next(records)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(f"unreadable row: {exc}", source=source, line=reader.line_num))
            failed.append(reader.line_num)
            continue
        number = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(
                    f"the row has {len(cells)} cells",
                    source=source,
                    line=number,
                    expected=f"{len(header)} cells, as many as the header"
                    f" (delimiter {delimiter!r})",
                )
            )
            failed.append(number)
            continue

        def get(column: str, cells: list[str] = cells) -> str:
            return cells[columns[column]].strip()

        row_problems: list[Problem] = []
        name = get(mapping.organisation)
        raw_date = get(mapping.date)
        date = _date(raw_date, mapping.date_formats)
        if date is None:
            row_problems.append(
                Problem(
                    f"{raw_date!r} is not a date",
                    source=source,
                    line=number,
                    column=where(mapping.date),
                    path=(mapping.date,),
                    expected=f"a date written {' or '.join(mapping.date_formats)}",
                )
            )
        identity = (_normal(name), date.isoformat() if date else raw_date)
        if identity in seen:
            row_problems.append(
                Problem(
                    f"{name!r} on {raw_date} already appears at row {seen[identity]}",
                    source=source,
                    line=number,
                    column=where(mapping.organisation),
                    path=(mapping.organisation,),
                    expected="one row per organisation and date",
                )
            )
        else:
            seen[identity] = number
        answers: dict[str, Any] = {}
        for ident, spec in plan.items():
            question = q.questions[ident]
            if isinstance(question, MatrixQuestion):
                value = {
                    row: tables[ident].get(_normal(get(col)), get(col))
                    for row, col in spec.rows.items()
                    if get(col)
                }
                if value:
                    answers[ident] = value
            elif spec.column and get(spec.column):
                answers[ident] = _cell(question, get(spec.column), tables[ident], mapping.separator)
        organisation: dict[str, Any] = {"name": name}
        for key_name in ("sector", "size_band", "country"):
            column = getattr(mapping, key_name)
            if column and get(column):
                organisation[key_name] = get(column)
        data = {
            "questionnaire": q.ref,
            "organisation": organisation,
            "date": date.isoformat() if date else "2000-01-01",
            "assessor": (get(mapping.assessor) if mapping.assessor else "")
            or mapping.assessor_name
            or "—",
            "answers": answers,
        }
        try:
            responses = load_responses(data, q)
        except LocatedError as exc:
            for problem in exc.problems:
                row_problems.append(_in_row(problem, source, number, plan, columns, mapping))
        if row_problems:
            problems += row_problems
            failed.append(number)
            continue
        warnings += [_in_row(w, source, number, plan, columns, mapping) for w in responses.warnings]
        imported.append(
            responses.model_copy(update={"source": f"{source}:{number}", "warnings": []})
        )
        good_rows.append(number)
    return CsvImport(
        responses=imported, warnings=warnings, rows=good_rows, problems=problems, failed_rows=failed
    )


def _date(text: str, formats: list[str]) -> datetime.date | None:
    """The date of a cell, by the mapping's formats; a time after the date is ignored."""
    day = re.split(r"[T ]", text.strip(), maxsplit=1)[0]
    for candidate in (text.strip(), day):
        for pattern in formats:
            try:
                return datetime.datetime.strptime(candidate, pattern).date()
            except ValueError:
                continue
    return None


def _in_row(
    problem: Problem,
    source: str,
    row: int,
    plan: dict[str, QuestionColumn],
    columns: dict[str, int],
    mapping: SurveyMapping,
) -> Problem:
    """A problem of the responses built from a row, placed at that row's cell."""
    column_name: str | None = None
    path = problem.path
    if len(path) >= 2 and path[0] == "answers":
        spec = plan.get(str(path[1]))
        if spec is not None:
            column_name = spec.column
            if spec.rows and len(path) >= 3:
                column_name = spec.rows.get(str(path[2]), column_name)
    elif path and path[0] == "organisation":
        column_name = getattr(mapping, str(path[1]), None) if len(path) > 1 else None
        if path[1:] == ("name",):
            column_name = mapping.organisation
    column = columns.get(column_name) if column_name else None
    question = f"question {path[1]}: " if len(path) >= 2 and path[0] == "answers" else ""
    return Problem(
        f"{question}{problem.message}",
        source=source,
        line=row,
        column=column + 1 if column is not None else None,
        path=(column_name,) if column_name else path,
        expected=problem.expected,
    )
