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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import Field, model_validator

from ._base import Id, Invalid, StrictModel
from ._located import load_model
from .errors import LocatedError, MappingError, Problem
from .loading import load_questionnaire
from .questionnaire import (
    RACI_ROLES,
    MatrixQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    Questionnaire,
    RosterQuestion,
    ScaleQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)
from .responses import Responses, load_responses

__all__ = [
    "CsvImport",
    "MappingError",
    "RosterColumns",
    "SurveyMapping",
    "load_mapping",
    "read_responses_csv",
]


class QuestionColumn(StrictModel):
    """Where one question is in the export."""

    column: str | None = Field(default=None, description="The column of the answer.")
    rows: dict[Id, str] = Field(
        default_factory=dict, description="Matrix questions: the column of each row."
    )
    labels: dict[str, Id] = Field(
        default_factory=dict, description="Cell texts of this tool mapped to option ids."
    )


class RosterColumns(StrictModel):
    """Where the step-3 roster is in the separate export of its repeat group: one row per
    person, linked to the organisation's row of the main export."""

    question: Id | None = Field(
        default=None,
        description="The roster question (default: the one the staffing rules read).",
    )
    link: str = Field(
        default="_parent_index",
        description="The roster file's column naming each person's row in the main export"
        " (KoboToolbox: _parent_index; ODK Central: PARENT_KEY).",
    )
    key: str = Field(
        default="_index",
        description="The main export's column that the link refers to (KoboToolbox: _index;"
        " ODK Central: KEY).",
    )
    fields: dict[Id, str | None] = Field(
        default_factory=dict,
        description="Field id → column (default <roster>_<field>); for the responsibilities,"
        " the prefix of one column per responsibility (default <roster>_<field>_<id>);"
        " null for a field the export does not have.",
    )
    labels: dict[str, str] = Field(
        default_factory=dict,
        description="Cell texts of this tool mapped to option ids or to role letters.",
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
    roster: RosterColumns = Field(
        default_factory=RosterColumns,
        description="How to read the roster's separate export, when one is given.",
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
    failed_roster_rows: list[int] = Field(default_factory=list)
    """Rows of the roster file that belong to no imported row (their problems say why)."""


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
    table = _option_table(getattr(question, "options", None) or [], {})
    if isinstance(question, ScaleQuestion):
        for point in question.scale:
            for label in point.label.values():
                table.setdefault(_normal(label), point.value)
    table.update({_normal(k): v for k, v in extra.items()})
    return table


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3},\d{3}$")


def _option_table(options: list[Any], extra: dict[str, str]) -> dict[str, Any]:
    """Cell text (an option id or label in any language, normalised) → option id."""
    table: dict[str, Any] = {}
    for option in options:
        table[_normal(option.id)] = option.id
        for label in option.label.values():
            table.setdefault(_normal(label), option.id)
    table.update({_normal(k): v for k, v in extra.items()})
    return table


def _split(value: str, separator: str) -> list[str]:
    """The parts of a multiple-choice cell."""
    if separator.strip():
        return [p.strip() for p in value.split(separator) if p.strip()]
    return value.split()


def _number_cell(value: str) -> Any:
    """A number cell as a number, or as its text when it is not plainly one (the check of
    the answers then says what is wrong with it)."""
    if _GROUPED.match(value):  # "1,500": a thousands separator or a decimal comma?
        return value
    if _NUMBER.match(value):
        number = float(value.replace(",", "."))
        return int(number) if number.is_integer() else number
    return value


def _cell(question: Question, text: str, labels: dict[str, Any], separator: str) -> Any:
    """The answer value of one cell, as load_responses() expects it (it checks the rest)."""
    value = text.strip()
    if isinstance(question, SingleChoiceQuestion):
        return labels.get(_normal(value), value)
    if isinstance(question, MultipleChoiceQuestion):
        whole = labels.get(_normal(value))
        if whole is not None:  # a single label that contains the separator
            return [whole]
        return [labels.get(_normal(p), p) for p in _split(value, separator)]
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
        return _number_cell(value)
    if isinstance(question, TextQuestion):
        return value
    return value


def _good_rows(
    reader: Any,
    width: int,
    delimiter: str,
    source: str,
    problems: list[Problem],
    failed: list[int],
    ragged: dict[int, list[str]] | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each readable, non-blank row as wide as the header; the others
    are added to ``problems`` and ``failed`` (and the cells of rows of another width to
    ``ragged``, by row number)."""
    records = iter(reader)
    while True:
        try:
            cells = next(records)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(Problem(f"unreadable row: {exc}", source=source, line=reader.line_num))
            failed.append(reader.line_num)
            continue
        number = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != width:
            problems.append(
                Problem(
                    f"the row has {len(cells)} cells",
                    source=source,
                    line=number,
                    expected=f"{width} cells, as many as the header (delimiter {delimiter!r})",
                )
            )
            failed.append(number)
            if ragged is not None:
                ragged[number] = cells
            continue
        yield number, cells


def _open_table(path: Path, mapping: SurveyMapping) -> tuple[list[str], Any, str]:
    """The header, a reader of the rows and the delimiter of a CSV export."""
    source = str(path)
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
    return header, reader, delimiter


def _index(header: list[str]) -> tuple[dict[str, int], set[str]]:
    """Each column's position by name (the first of a name given twice), and the names given
    twice."""
    columns: dict[str, int] = {}
    twice: set[str] = set()
    for i, name in enumerate(header):
        if name in columns:
            twice.add(name)
        else:
            columns[name] = i
    return columns, twice


def read_responses_csv(
    path: str | Path,
    mapping: SurveyMapping | str | Path,
    questionnaire: Questionnaire | None = None,
    *,
    roster: str | Path | None = None,
) -> CsvImport:
    """Read a survey export: the Responses of its good rows and the problems of the others.

    ``roster`` is the separate export of the step-3 roster's repeat group (one row per
    person); each person joins the organisation's row through the mapping's ``roster.link``
    and ``roster.key`` columns.
    """
    path = Path(path)
    source = str(path)
    if not isinstance(mapping, SurveyMapping):
        mapping = load_mapping(mapping)
    q = questionnaire or load_questionnaire(mapping.questionnaire)
    people: _Roster | None = None
    roster_problems: list[Problem] = []
    if roster is not None:
        try:
            people = _read_roster(Path(roster), mapping, q)
        except MappingError as exc:  # reported below with the main file's own problems
            roster_problems = list(exc.problems)
    header, reader, delimiter = _open_table(path, mapping)
    columns, twice = _index(header)

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
    if people is not None:  # the roster comes from its own file
        plan.pop(people.question, None)
    problems: list[Problem] = []
    required = {"organisation": mapping.organisation, "date": mapping.date}
    if roster is not None:
        required["roster_key"] = mapping.roster.key
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
    for name in sorted(twice & used):
        problems.append(
            Problem(
                f"two columns are named {name!r}",
                source=source,
                line=1,
                expected="one column per name for the columns the mapping reads",
            )
        )
    problems += roster_problems
    if problems:  # the files cannot be read as the mapping says: nothing to import
        raise MappingError(problems, source=source)

    tables = {ident: _label_table(q.questions[ident], spec.labels) for ident, spec in plan.items()}
    imported: list[Responses] = []
    warnings: list[Problem] = []
    good_rows: list[int] = []
    failed: list[int] = []
    seen: dict[tuple[str, str], int] = {}
    readable = list(_good_rows(reader, len(header), delimiter, source, problems, failed))
    keys: dict[str, list[int]] = {}
    if people is not None:
        at = columns[mapping.roster.key]
        for number, cells in readable:
            keys.setdefault(cells[at].strip(), []).append(number)
    for number, cells in readable:

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
        persons: list[_Person] = []
        if people is not None:
            key = get(mapping.roster.key)
            persons = people.by_key.pop(key, [])
            row_problems += _joined(
                people, key, keys.get(key, []), (source, number), mapping, where
            )
            if persons:
                answers[people.question] = [person.record for person in persons]
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
                placed = _in_roster(problem, people, persons) if people is not None else None
                row_problems.append(
                    placed or _in_row(problem, source, number, plan, columns, mapping)
                )
        if row_problems:
            problems += row_problems
            failed.append(number)
            continue
        warnings += [_in_row(w, source, number, plan, columns, mapping) for w in responses.warnings]
        imported.append(
            responses.model_copy(update={"source": f"{source}:{number}", "warnings": []})
        )
        good_rows.append(number)
    failed_roster: list[int] = []
    if people is not None:
        problems += people.problems
        failed_roster += people.failed
        for key, persons in people.by_key.items():
            for person in persons:
                problems.append(
                    Problem(
                        f"the person's row refers to {key!r}, which no readable row of"
                        " the export has",
                        source=people.source,
                        line=person.line,
                        column=people.link[1] + 1,
                        path=(people.link[0],),
                        expected=f"a value of the column {mapping.roster.key!r} of {source}",
                    )
                )
                failed_roster.append(person.line)
        if people.empty:
            warnings.append(
                Problem(
                    "the roster file lists nobody: no organisation's roster is answered",
                    source=people.source,
                    line=1,
                )
            )
    return CsvImport(
        responses=imported,
        warnings=warnings,
        rows=good_rows,
        problems=problems,
        failed_rows=failed,
        failed_roster_rows=sorted(failed_roster),
    )


class _Person(NamedTuple):
    """One row of the roster file: its line, the record it gives and where each field is."""

    line: int
    record: dict[str, Any]
    columns: dict[str, tuple[str, int]]
    """Field id (or ``field/responsibility``) → (column name, 0-based index)."""


class _Roster(NamedTuple):
    """The roster file, read: the people of each row of the main export, by link value."""

    source: str
    question: str
    link: tuple[str, int]
    """The link column: (name, 0-based index)."""
    by_key: dict[str, list[_Person]]
    unreadable: dict[str, list[int]]
    """Link value → rows of the roster file that could not be read for it."""
    problems: list[Problem]
    failed: list[int]
    empty: bool


def _joined(
    people: _Roster,
    key: str,
    rows: list[int],
    row: tuple[str, int],
    mapping: SurveyMapping,
    where: Callable[[str], int | None],
) -> list[Problem]:
    """Why ``row`` (file, number) of the main export cannot be joined to its people."""
    source, number = row
    column = mapping.roster.key
    found: list[tuple[str, str]] = []  # (message, expected)
    if not key:
        found.append(
            (
                "the row has no roster key",
                "the value that joins the organisation to its people in the roster file",
            )
        )
    elif len(rows) > 1:
        found.append(
            (
                f"the roster key {key!r} is given to rows {', '.join(map(str, rows))}",
                "one value per row, which joins each person to one organisation",
            )
        )
    lost = people.unreadable.get(key)
    if lost:
        found.append(
            (
                f"{len(lost)} person(s) of this organisation's roster could not be read"
                f" (rows {', '.join(map(str, lost))} of {people.source})",
                "every row of its roster readable",
            )
        )
    at = where(column)
    return [
        Problem(message, source=source, line=number, column=at, path=(column,), expected=expected)
        for message, expected in found
    ]


def _find(columns: dict[str, int], name: str) -> list[tuple[str, int]]:
    """The columns called ``name``, or ending with it after a group path (``group/name``,
    or ``group-name`` as ODK Central writes it)."""
    if name in columns:
        return [(name, columns[name])]
    return [(c, i) for c, i in columns.items() if c.endswith((f"/{name}", f"-{name}"))]


_ROLE_SPLIT = re.compile(r"[\s,;+/&]+")


def _role_table(extra: dict[str, str]) -> dict[str, str]:
    """Cell text (a letter or a role's label, normalised) → role letter."""
    table = {_normal(letter): letter for letter in RACI_ROLES}
    for letter, labels in RACI_ROLES.items():
        for label in labels.values():
            table[_normal(label)] = letter
    table.update({_normal(k): v for k, v in extra.items()})
    return table


def _role(cell: str, table: dict[str, str]) -> str:
    """The role letters of a cell ("R A", "r, a", "RA", a label…); the cell as it is when
    it is none of these (the check of the answers then says what is wrong with it)."""
    whole = table.get(_normal(cell))
    if whole is not None:
        return whole
    letters = []
    for part in _ROLE_SPLIT.split(cell):
        if not part:
            continue
        found = table.get(_normal(part))
        if found is None:
            if not set(part.upper()) <= set(RACI_ROLES):
                return cell
            found = part.upper()
        letters.append(found)
    return "".join(dict.fromkeys("".join(letters)))  # each letter once, in the order given


def _read_roster(path: Path, mapping: SurveyMapping, q: Questionnaire) -> _Roster:
    """Read the roster's export; a file that cannot be read as the mapping says is refused."""
    source = str(path)
    spec = mapping.roster
    rosters = [x.id for x in q.questions.values() if isinstance(x, RosterQuestion)]
    ident = spec.question or (q.staffing.roster if q.staffing else None)
    if ident is None and len(rosters) == 1:
        ident = rosters[0]
    question = q.questions.get(ident) if ident else None
    if not isinstance(question, RosterQuestion):
        raise MappingError(
            [
                Problem(
                    f"the mapping's roster.question {spec.question!r} is no roster question"
                    if spec.question
                    else f"{q.ref} has no roster question to read {source} into",
                    path=("roster", "question"),
                    expected=f"one of {', '.join(map(repr, rosters))}"
                    if rosters
                    else "a questionnaire with a roster question",
                )
            ]
        )
    header, reader, delimiter = _open_table(path, mapping)
    columns, twice = _index(header)
    problems: list[Problem] = []
    file_columns = f"one of the file's {len(header)} columns (delimiter {delimiter!r})"

    def column(name: str, what: str, absent: str = "") -> tuple[str, int] | None:
        found = _find(columns, name)
        if len(found) == 1 and found[0][0] not in twice:
            return found[0]
        if not found:
            message, expected = f"no column {name!r} for {what}", file_columns + absent
        elif len(found) > 1:
            names = ", ".join(repr(c) for c, _ in found)
            message, expected = f"{len(found)} columns for {what}: {names}", "one column"
        else:
            message, expected = f"two columns are named {found[0][0]!r}", "one column per name"
        problems.append(Problem(message, source=source, line=1, expected=expected))
        return None

    fields = {f.id: f for f in question.fields}
    for unknown in spec.fields.keys() - fields.keys():
        problems.append(
            Problem(
                f"the mapping's roster.fields names unknown field {unknown!r}",
                path=("roster", "fields", unknown),
                expected=f"one of {', '.join(map(repr, fields))}",
            )
        )
    link = column(spec.link, "the link to the main export's rows")
    where: dict[str, tuple[str, int]] = {}
    for f in question.fields:
        if f.id in spec.fields and spec.fields[f.id] is None:
            continue  # the export does not have it: the mapping says so
        name = spec.fields.get(f.id) or f"{question.id}_{f.id}"
        absent = f", or {f.id}: null under roster.fields if the export does not have it"
        if f.type == "raci":
            for option in f.options:
                what = f"the role in {option.id!r} of the field {f.id!r}"
                found = column(f"{name}_{option.id}", what, absent)
                if found is not None:
                    where[f"{f.id}/{option.id}"] = found
        elif (found := column(name, f"the field {f.id!r}", absent)) is not None:
            where[f.id] = found
    if problems or link is None:
        raise MappingError(problems, source=source)

    roles = _role_table(spec.labels)
    tables = {
        f.id: _option_table(f.options, spec.labels)
        for f in question.fields
        if f.type in ("choice", "choices")
    }
    by_key: dict[str, list[_Person]] = {}
    failed: list[int] = []
    ragged: dict[int, list[str]] = {}
    rows = list(_good_rows(reader, len(header), delimiter, source, problems, failed, ragged))
    unreadable: dict[str, list[int]] = {}
    for number, cells in ragged.items():  # the organisation of a person refused, if known
        if len(cells) > link[1] and cells[link[1]].strip():
            unreadable.setdefault(cells[link[1]].strip(), []).append(number)
    for number, cells in rows:
        key = cells[link[1]].strip()
        if not key:
            problems.append(
                Problem(
                    "the person's row names no row of the main export",
                    source=source,
                    line=number,
                    column=link[1] + 1,
                    path=(link[0],),
                    expected=f"the value of the main export's column {spec.key!r}",
                )
            )
            failed.append(number)
            continue
        record: dict[str, Any] = {}
        for f in question.fields:
            if f.type == "raci":
                given = {}
                for option in f.options:
                    place = where.get(f"{f.id}/{option.id}")
                    cell = cells[place[1]].strip() if place else ""
                    if cell:
                        given[option.id] = _role(cell, roles)
                if given:
                    record[f.id] = given
                continue
            place = where.get(f.id)
            cell = cells[place[1]].strip() if place else ""
            if not cell:
                continue
            if f.type in ("number", "percent"):
                record[f.id] = _number_cell(cell)
            elif f.type == "choice":
                record[f.id] = tables[f.id].get(_normal(cell), cell)
            elif f.type == "choices":
                record[f.id] = [
                    tables[f.id].get(_normal(part), part)
                    for part in _split(cell, mapping.separator)
                ]
            else:
                record[f.id] = cell
        by_key.setdefault(key, []).append(_Person(number, record, where))
    empty = not rows and not ragged and not failed
    return _Roster(source, question.id, link, by_key, unreadable, problems, failed, empty)


def _in_roster(problem: Problem, roster: _Roster, persons: list[_Person]) -> Problem | None:
    """A problem of one person's record, placed at that person's row of the roster file."""
    path = problem.path
    if len(path) < 3 or path[:2] != ("answers", roster.question) or type(path[2]) is not int:
        return None
    if not 0 <= path[2] < len(persons):  # pragma: no cover - records are the persons
        return None
    person = persons[path[2]]
    field = str(path[3]) if len(path) > 3 else ""
    place = person.columns.get(f"{field}/{path[4]}" if len(path) > 4 else field)
    return Problem(
        f"question {roster.question}, person {path[2] + 1}: {problem.message}",
        source=roster.source,
        line=person.line,
        column=place[1] + 1 if place else None,
        path=(place[0],) if place else path,
        expected=problem.expected,
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
