"""The step-3 roster's export: one row per person, joined to the organisation's row.

Survey tools export a repeat group as a separate file; each person's row names the row of
the main export it belongs to (the mapping's `roster.link` and `roster.key` columns).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from .._cells import normal, number_cell, option_table, split
from .._files import ROSTER_EXPORT
from .._kinds import as_roster
from ..errors import MappingError, Problem, excerpt
from ..questionnaire import RACI_ROLES, Questionnaire, RosterField, RosterQuestion
from ._decoding import Table, find, good_rows, index, open_table
from .mapping import RosterColumns, SurveyMapping

__all__ = ["Person", "Roster", "in_roster", "joined", "read_roster", "role", "unjoined"]

Place = tuple[str, int]
"""A column: (name, 0-based index)."""


class Person(NamedTuple):
    """One row of the roster file: its line, the record it gives and where each field is."""

    line: int
    record: dict[str, Any]
    columns: dict[str, Place]
    """Field id (or `field/responsibility`) → (column name, 0-based index)."""


class Roster(NamedTuple):
    """The roster file, read: the people of each row of the main export, by link value."""

    source: str
    question: str
    link: Place
    """The link column: (name, 0-based index)."""
    by_key: dict[str, list[Person]]
    unreadable: dict[str, list[int]]
    """Link value → rows of the roster file that could not be read for it."""
    problems: list[Problem]
    failed: list[int]
    empty: bool


def read_roster(given: Path | Table, mapping: SurveyMapping, q: Questionnaire) -> Roster:
    """Read the roster's export (a file, or a table of the main export's workbook or zip);
    one that cannot be read as the mapping says is refused."""
    source = given.source if isinstance(given, Table) else str(given)
    question = _question(source, mapping.roster, q)
    table = given if isinstance(given, Table) else open_table(given, mapping, ROSTER_EXPORT)
    columns = _Columns(table.header, table.delimiter, source)
    link, where = columns.of(question, mapping.roster)
    if columns.problems or link is None:
        raise MappingError(columns.problems, source=source)
    problems = columns.problems
    failed: list[int] = []
    ragged: dict[int, list[str]] = {}
    rows = list(good_rows(table, source, problems, failed, ragged))
    unreadable: dict[str, list[int]] = {}
    for number, cells in ragged.items():  # the organisation of a person refused, if known
        if len(cells) > link[1] and cells[link[1]].strip():
            unreadable.setdefault(cells[link[1]].strip(), []).append(number)
    reader = _Records(question, where, mapping)
    by_key: dict[str, list[Person]] = {}
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
                    expected=f"the value of the main export's column {excerpt(mapping.roster.key)}",
                )
            )
            failed.append(number)
            continue
        by_key.setdefault(key, []).append(Person(number, reader.record(cells), where))
    empty = not rows and not ragged and not failed
    return Roster(source, question.id, link, by_key, unreadable, problems, failed, empty)


def _question(source: str, spec: RosterColumns, q: Questionnaire) -> RosterQuestion:
    """The roster question the file answers; refused when there is none to name."""
    candidates = [x.id for x in q.questions.values() if as_roster(x) is not None]
    ident = spec.question or (q.staffing.roster if q.staffing else None)
    if ident is None and len(candidates) == 1:
        ident = candidates[0]
    asked = q.questions.get(ident) if ident else None
    question = as_roster(asked) if asked is not None else None
    if question is None:
        raise MappingError(
            [
                Problem(
                    f"the mapping's roster.question {excerpt(spec.question)} is no roster question"
                    if spec.question
                    else f"{q.ref} has no roster question to read {source} into",
                    path=("roster", "question"),
                    expected=f"one of {', '.join(map(excerpt, candidates))}"
                    if candidates
                    else "a questionnaire with a roster question",
                )
            ]
        )
    return question


class _Columns:
    """The roster file's columns, found by the names the mapping gives; every column not
    found (or found twice) is a problem."""

    def __init__(self, header: list[str], delimiter: str, source: str) -> None:
        self.columns, self.twice = index(header)
        self.source = source
        self.problems: list[Problem] = []
        self.file_columns = (
            f"one of the file's {len(header)} columns (delimiter {excerpt(delimiter)})"
        )

    def one(self, name: str, what: str, absent: str = "") -> Place | None:
        """The one column `name` (or `group/name`) for `what`."""
        found = find(self.columns, name)
        if len(found) == 1 and found[0][0] not in self.twice:
            return found[0]
        if not found:
            message, expected = f"no column {excerpt(name)} for {what}", self.file_columns + absent
        elif len(found) > 1:
            names = ", ".join(excerpt(c) for c, _ in found[:5])
            message, expected = f"{len(found)} columns for {what}: {names}", "one column"
        else:
            message, expected = (
                f"two columns are named {excerpt(found[0][0])}",
                "one column per name",
            )
        self.problems.append(Problem(message, source=self.source, line=1, expected=expected))
        return None

    def of(
        self, question: RosterQuestion, spec: RosterColumns
    ) -> tuple[Place | None, dict[str, Place]]:
        """The link column, and the column of each field (`field/responsibility` for the
        one column per responsibility of a `raci` field)."""
        fields = {f.id: f for f in question.fields}
        for unknown in spec.fields.keys() - fields.keys():
            self.problems.append(
                Problem(
                    f"the mapping's roster.fields names unknown field {excerpt(unknown)}",
                    path=("roster", "fields", unknown),
                    expected=f"one of {', '.join(map(repr, fields))}",
                )
            )
        link = self.one(spec.link, "the link to the main export's rows")
        where: dict[str, Place] = {}
        for f in question.fields:
            if f.id in spec.fields and spec.fields[f.id] is None:
                continue  # the export does not have it: the mapping says so
            name = spec.fields.get(f.id) or f"{question.id}_{f.id}"
            absent = f", or {f.id}: null under roster.fields if the export does not have it"
            if f.type == "raci":
                for option in f.options:
                    what = f"the role in {excerpt(option.id)} of the field {excerpt(f.id)}"
                    found = self.one(f"{name}_{option.id}", what, absent)
                    if found is not None:
                        where[f"{f.id}/{option.id}"] = found
            elif (found := self.one(name, f"the field {excerpt(f.id)}", absent)) is not None:
                where[f.id] = found
        return link, where


class _Records:
    """Reads a person's record from the cells of their row."""

    def __init__(
        self, question: RosterQuestion, where: dict[str, Place], mapping: SurveyMapping
    ) -> None:
        self.question = question
        self.where = where
        self.separator = mapping.separator
        self.roles = _role_table(mapping.roster.labels)
        self.tables = {
            f.id: option_table(f.options, mapping.roster.labels)
            for f in question.fields
            if f.type in ("choice", "choices")
        }

    def record(self, cells: list[str]) -> dict[str, Any]:
        """The record of one person's row: a value for each field whose cell is not empty."""
        record: dict[str, Any] = {}
        for f in self.question.fields:
            if f.type == "raci":
                given = self._roles(f, cells)
                if given:
                    record[f.id] = given
                continue
            cell = self._cell(f.id, cells)
            if cell:
                record[f.id] = self._value(f, cell)
        return record

    def _cell(self, name: str, cells: list[str]) -> str:
        place = self.where.get(name)
        return cells[place[1]].strip() if place else ""

    def _roles(self, f: RosterField, cells: list[str]) -> dict[str, str]:
        """Responsibility → role letters, for the responsibilities given a role."""
        given = {}
        for option in f.options:
            cell = self._cell(f"{f.id}/{option.id}", cells)
            if cell:
                given[option.id] = role(cell, self.roles)
        return given

    def _value(self, f: RosterField, cell: str) -> Any:
        if f.type in ("number", "percent"):
            return number_cell(cell)
        if f.type == "choice":
            return self.tables[f.id].get(normal(cell), cell)
        if f.type == "choices":
            return [
                self.tables[f.id].get(normal(part), part) for part in split(cell, self.separator)
            ]
        return cell


_ROLE_SPLIT = re.compile(r"[\s,;+/&]+")


def _role_table(extra: dict[str, str]) -> dict[str, str]:
    """Cell text (a letter or a role's label, normalised) → role letter."""
    table = {normal(letter): letter for letter in RACI_ROLES}
    for letter, labels in RACI_ROLES.items():
        for label in labels.values():
            table[normal(label)] = letter
    table.update({normal(k): v for k, v in extra.items()})
    return table


def role(cell: str, table: dict[str, str]) -> str:
    """The role letters of a cell ("R A", "r, a", "RA", a label…); the cell as it is when
    it is none of these (the check of the answers then says what is wrong with it)."""
    whole = table.get(normal(cell))
    if whole is not None:
        return whole
    letters = []
    for part in _ROLE_SPLIT.split(cell):
        if not part:
            continue
        found = table.get(normal(part))
        if found is None:
            if not set(part.upper()) <= set(RACI_ROLES):
                return cell
            found = part.upper()
        letters.append(found)
    return "".join(dict.fromkeys("".join(letters)))  # each letter once, in the order given


def joined(
    people: Roster,
    key: str,
    rows: list[int],
    row: tuple[str, int],
    mapping: SurveyMapping,
    where: Callable[[str], int | None],
) -> list[Problem]:
    """Why `row` (file, number) of the main export cannot be joined to its people."""
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
                f"the roster key {excerpt(key)} is given to rows {', '.join(map(str, rows))}",
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


def in_roster(problem: Problem, roster: Roster, persons: list[Person]) -> Problem | None:
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


def unjoined(
    people: Roster, mapping: SurveyMapping, source: str
) -> tuple[list[Problem], list[int]]:
    """The problems of the roster file once every row of the main export took its people:
    its own, then one for each person left, whose link names no readable row of `source`;
    and the rows of the roster file that failed."""
    problems = list(people.problems)
    failed = list(people.failed)
    for key, persons in people.by_key.items():
        for person in persons:
            problems.append(
                Problem(
                    f"the person's row refers to {excerpt(key)},"
                    " which no readable row of the export has",
                    source=people.source,
                    line=person.line,
                    column=people.link[1] + 1,
                    path=(people.link[0],),
                    expected=f"a value of the column {excerpt(mapping.roster.key)} of {source}",
                )
            )
            failed.append(person.line)
    return problems, failed
