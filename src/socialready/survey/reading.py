"""Reading a survey export into Responses: one per good row, every problem located.

The mapping says where each question is; each row becomes the data of one `Responses`,
checked by `load_responses`, and each problem it finds is
placed back at the row and column of the export (or of the roster file) it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from pydantic import Field

from .._base import StrictModel
from .._cells import NOT_SELECTED, SELECTED, flag, normal
from .._files import input_path
from .._kinds import kind_of
from ..conditions import evaluate
from ..errors import LocatedError, MappingError, Problem, SocialReadyError, excerpt
from ..questionnaire import Question, Questionnaire
from ..responses import Responses, load_responses
from ._decoding import Table, good_rows, index, other_order, read_date
from ._roster import Person, Roster, in_roster, joined, read_roster, unjoined
from ._workbooks import Export as OpenedExport
from ._workbooks import open_export
from .mapping import TOOLS, QuestionColumn, SurveyMapping, Tool, load_mapping, mapping_questionnaire
from .presets import apply_preset

__all__ = ["MAX_PROBLEMS", "CsvImport", "read_responses_csv", "survey_mapping"]


class CsvImport(StrictModel):
    """The responses of the good rows, and the located problems of the bad ones."""

    model_config = StrictModel.model_config | {"frozen": True}

    responses: list[Responses]
    """The responses of the rows read without a problem, in the order of the export."""
    warnings: list[Problem] = Field(default_factory=list)
    """Answers of imported rows that were not scored (their question did not apply)."""
    rows: list[int]
    """The row number (1-based, header = 1) of each of `responses`."""
    problems: list[Problem]
    """Every problem of the rows that could not be read, each located at its row and column."""
    failed_rows: list[int]
    """The row numbers (1-based, header = 1) of the rows that could not be read."""
    failed_roster_rows: list[int] = Field(default_factory=list)
    """Rows of the roster file that belong to no imported row (their problems say why)."""
    row_problems: dict[int, list[Problem]] = Field(default_factory=dict)
    """The problems that failed each of `failed_rows` (some in the roster file)."""
    roster_row_problems: dict[int, list[Problem]] = Field(default_factory=dict)
    """The problems of each of `failed_roster_rows`."""
    source: str | None = None
    """The export read."""


def read_responses_csv(
    path: str | Path,
    mapping: SurveyMapping | str | Path | None = None,
    questionnaire: Questionnaire | None = None,
    *,
    roster: str | Path | None = None,
    preset: Tool | None = None,
) -> CsvImport:
    """Read a survey export: the Responses of its good rows and the problems of the others.

    The export is a CSV file, a workbook (`.xlsx`: KoboToolbox, Microsoft Forms) or a zip
    of CSV files (ODK Central); a workbook's other sheets, a zip's other files, are its
    repeat groups, and the roster is read from the one named after the roster question.
    `preset` (`"kobo"`, `"odk-central"`, `"limesurvey"`, `"google-forms"`,
    `"ms-forms"`) finds every column by the tool's conventions, so that an export of
    the form socialready writes needs no `mapping`; a mapping's own entries win over it.
    `roster` is the separate export of the step-3 roster's repeat group (one row per
    person); each person joins the organisation's row through the mapping's `roster.link`
    and `roster.key` columns.
    """
    path = input_path(path, "read_responses_csv")
    mapping = survey_mapping(mapping, preset)
    q = questionnaire or mapping_questionnaire(mapping)
    opened = open_export(path, mapping)
    table = opened.main
    mapping = apply_preset(mapping, q, table.header)
    repeat = _repeat_of(opened, q) if roster is None else None
    if repeat is not None:
        mapping = _joined_in_file(mapping, table.header, repeat.header)
    people: Roster | None = None
    roster_problems: list[Problem] = []
    given = input_path(roster, "read_responses_csv") if roster is not None else repeat
    if given is not None:
        try:
            people = read_roster(given, mapping, q)
        except MappingError as exc:  # reported below with the main file's own problems
            roster_problems = list(exc.problems)
    export = _Export.of(table.source or str(path), table, mapping, q, people)
    problems = [*_mapping_problems(export, table, given is not None), *roster_problems]
    if problems:  # the files cannot be read as the mapping says: nothing to import
        raise MappingError(problems, source=export.source)
    result = _import(export, table)
    unsaid = [*_not_read(export, table.header), *_answered_nowhere(export, result.responses)]
    return result.model_copy(update={"warnings": [*unsaid, *result.warnings]})


def survey_mapping(
    mapping: SurveyMapping | str | Path | None,
    preset: Tool | None = None,
    locale: str | None = None,
) -> SurveyMapping:
    """The mapping to read an export with: the one given (a file's, read), with `preset`
    and `locale` when they are named; only them when no mapping is given. Raises
    `SocialReadyError` when there is neither a mapping nor a preset."""
    if mapping is None:
        if preset is None:
            raise SocialReadyError(
                "a survey export needs a mapping (which column holds what), or a preset:"
                f" one of {', '.join(TOOLS)}"
            )
        return SurveyMapping(preset=preset, locale=locale)
    if not isinstance(mapping, SurveyMapping):
        mapping = load_mapping(mapping)
    named = {"preset": preset, "locale": locale}
    update = {key: value for key, value in named.items() if value is not None}
    return mapping.model_copy(update=update) if update else mapping


def _repeat_of(opened: OpenedExport, q: Questionnaire) -> Table | None:
    """The table of the roster's repeat group in a workbook or a zip: named by the roster
    question (a sheet name cut to Excel's 31 characters), or the only one there is."""
    staffing = q.staffing.roster if q.staffing is not None else None
    if staffing is None or not opened.repeats:
        return None
    for name, table in opened.repeats.items():
        if name in (staffing, staffing[:31]):
            return table
    return next(iter(opened.repeats.values())) if len(opened.repeats) == 1 else None


def _joined_in_file(mapping: SurveyMapping, header: list[str], roster: list[str]) -> SurveyMapping:
    """A roster of the export's own workbook joins on `_parent_index` → `_index` when
    its sheet has no `_submission__uuid`: both number the rows of this one download."""
    if (mapping.roster.link, mapping.roster.key) != ("_submission__uuid", "_uuid"):
        return mapping  # the mapping's own keys
    if "_submission__uuid" in roster or "_parent_index" not in roster or "_index" not in header:
        return mapping
    joined = mapping.roster.model_copy(update={"link": "_parent_index", "key": "_index"})
    return mapping.model_copy(update={"roster": joined})


@dataclass
class _Export:
    """The main export as the mapping reads it: what the reading of every row shares."""

    source: str
    mapping: SurveyMapping
    questionnaire: Questionnaire
    columns: dict[str, int]
    """Each column's position by name (the first of a name given twice)."""
    twice: set[str]
    """The names given to two columns."""
    plan: dict[str, QuestionColumn]
    """Where each question is."""
    people: Roster | None
    """The roster file, read, when one is given."""
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Question id → cell text (normalised) → answer value."""

    @classmethod
    def of(
        cls,
        source: str,
        table: Table,
        mapping: SurveyMapping,
        q: Questionnaire,
        people: Roster | None,
    ) -> _Export:
        columns, twice = index(table.header)
        plan = _plan(mapping, q, columns)
        if people is not None:  # the roster comes from its own file
            plan.pop(people.question, None)
        return cls(source, mapping, q, columns, twice, plan, people)

    def where(self, column: str) -> int | None:
        """The 1-based position of `column`, None when the file has no such column."""
        return self.columns[column] + 1 if column in self.columns else None

    def in_row(self, problem: Problem, row: int) -> Problem:
        """A problem of the responses built from a row, placed at that row's cell."""
        column_name: str | None = None
        path = problem.path
        if len(path) >= 2 and path[0] == "answers":
            spec = self.plan.get(str(path[1]))
            if spec is not None:
                column_name = spec.column
                if spec.rows and len(path) >= 3:
                    column_name = spec.rows.get(str(path[2]), column_name)
        elif path and path[0] == "organisation":
            column_name = getattr(self.mapping, str(path[1]), None) if len(path) > 1 else None
            if path[1:] == ("name",):
                column_name = self.mapping.organisation
        column = self.columns.get(column_name) if column_name else None
        question = f"question {path[1]}: " if len(path) >= 2 and path[0] == "answers" else ""
        return Problem(
            f"{question}{problem.message}",
            source=self.source,
            line=row,
            column=column + 1 if column is not None else None,
            path=(column_name,) if column_name else path,
            expected=problem.expected,
        )


def _plan(
    mapping: SurveyMapping, q: Questionnaire, columns: dict[str, int]
) -> dict[str, QuestionColumn]:
    """Where each question is: the columns named like its id (when the mapping says the
    export does so), then those the mapping names."""
    plan: dict[str, QuestionColumn] = {}
    if mapping.same_names:
        for ident, question in q.questions.items():
            kind = kind_of(question)
            row_ids, flag_ids = kind.row_ids(question), kind.flag_ids(question)
            if row_ids is not None:
                rows = {r: f"{ident}/{r}" for r in row_ids if f"{ident}/{r}" in columns}
                if rows:  # an XLSForm export names a matrix row's column question/row
                    plan[ident] = QuestionColumn(rows=rows)
            elif ident in columns:
                plan[ident] = QuestionColumn(column=ident)
            elif flag_ids is not None:  # one column per option, named question/option
                options = {o: f"{ident}/{o}" for o in flag_ids if f"{ident}/{o}" in columns}
                if options:
                    plan[ident] = QuestionColumn(options=options)
    for ident, spec in mapping.questions.items():
        plan[ident] = QuestionColumn(column=spec) if isinstance(spec, str) else spec
    return plan


def _columns_of(spec: QuestionColumn) -> list[str]:
    """The columns a question is read from."""
    if spec.column:
        return [spec.column]
    return [*spec.rows.values(), *spec.options.values()]


TOOL_COLUMNS = (
    # KoboToolbox (and the XLSForm metadata of any tool)
    *("start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber"),
    *("username", "email", "audit", "audit_URL", "_id", "_uuid", "_submission_time"),
    *("_date_modified", "_validation_status", "_notes", "_status", "_submitted_by"),
    *("__version__", "_version_", "_tags", "_index", "_parent_index", "_parent_table_name"),
    *("_submission__*", "_attachments", "_geolocation", "_xform_id_string", "formhub/uuid"),
    *("meta/*", "meta-*", "instanceID"),
    # ODK Central
    *("SubmissionDate", "KEY", "PARENT_KEY", "SubmitterID", "SubmitterName", "Status"),
    *("AttachmentsPresent", "AttachmentsExpected", "ReviewState", "DeviceID", "Edits"),
    "FormVersion",
)
"""Columns survey tools add to every export (names or `fnmatch` patterns): not reported
as columns the mapping does not read. A mapping's `ignore:` adds its own."""

_SHOWN = 10
"""Most names a warning lists."""

POSITIONS = frozenset({"_index", "_parent_index"})
"""Columns that number a download's rows: no stable key to join a roster on."""


def _names(names: list[str]) -> str:
    shown = ", ".join(excerpt(n) for n in names[:_SHOWN])
    return shown if len(names) <= _SHOWN else f"{shown}… ({len(names)} in all)"


def _not_read(export: _Export, header: list[str]) -> Iterator[Problem]:
    """The columns no question nor field reads, the questions no column answers, and a
    roster that is neither in the file nor given: each said once, at the header."""
    mapping, source = export.mapping, export.source
    read = {c for spec in export.plan.values() for c in _columns_of(spec)}
    read |= set(_required(mapping, export.people is not None).values())
    for ident, spec in export.plan.items():  # a multiple choice's option columns beside
        if spec.column:  # the column that holds all its options say nothing more
            read |= {f"{spec.column}/{o}" for o in _flag_ids(export, ident)}
    patterns = [*TOOL_COLUMNS, *mapping.ignore]
    unread = [
        name
        for name in dict.fromkeys(header)
        if name not in read and not any(fnmatchcase(name, p) for p in patterns)
    ]
    if unread:
        yield Problem(
            f"{len(unread)} column{'s are' if len(unread) > 1 else ' is'} not read:"
            f" {_names(unread)}",
            source=source,
            line=1,
            column=export.where(unread[0]),
            expected="columns named by a question's id (a matrix row's question/row, an"
            " option's question/option) or in the mapping's questions:, or listed under its"
            " ignore:",
        )
    roster = _roster_question(export)
    asked = [
        ident
        for ident in export.questionnaire.questions
        if ident not in export.plan and ident != roster
    ]
    if asked:
        yield Problem(
            f"{len(asked)} question{'s have' if len(asked) > 1 else ' has'} no column:"
            f" {_names(asked)}",
            source=source,
            line=1,
            expected="a column named by the question's id (a matrix row's question/row), or"
            " the mapping's questions: naming its column; no row answers it",
        )
    if export.people is not None and mapping.roster.key in POSITIONS:
        yield Problem(
            f"the roster joins on {excerpt(mapping.roster.key)}, a row's position, which a"
            " download of some of the rows (by date, by filter) renumbers: a person may join"
            " another organisation",
            source=source,
            line=1,
            column=export.where(mapping.roster.key),
            expected="the roster's key on a stable id of the submission (KoboToolbox: key"
            " _uuid, link _submission__uuid; ODK Central: KEY, PARENT_KEY)",
        )
    if roster is not None and export.people is None and roster not in export.plan:
        yield Problem(
            f"no roster file: the roster ({roster}) is answered in no row, so the staffing"
            " cannot be assessed",
            source=source,
            line=1,
            expected="the export of the roster's repeat group as well (--roster, or"
            " read_responses_csv(..., roster=...))",
        )


def _flag_ids(export: _Export, ident: str) -> list[str]:
    question = export.questionnaire.questions.get(ident)
    return (kind_of(question).flag_ids(question) or []) if question is not None else []


def _roster_question(export: _Export) -> str | None:
    """The roster question the staffing rules read (None without rules)."""
    if export.people is not None:
        return export.people.question
    staffing = export.questionnaire.staffing
    return staffing.roster if staffing is not None else None


def _answered_nowhere(export: _Export, responses: list[Responses]) -> Iterator[Problem]:
    """The scored questions the file has columns for that no imported row answers (a
    column left empty throughout): said once each, at its column."""
    if not responses:
        return
    for ident, spec in export.plan.items():
        question = export.questionnaire.questions[ident]
        if not question.scored or any(ident in r.answers for r in responses):
            continue
        when = question.when
        if when is not None and not any(evaluate(when, r.answers) for r in responses):
            continue  # asked of none of these organisations
        columns = _columns_of(spec)
        yield Problem(
            f"question {ident} is answered in no row",
            source=export.source,
            line=1,
            column=export.where(columns[0]) if columns else None,
            path=(columns[0],) if columns else (),
            expected="an answer in some row (its column is empty in every row)",
        )


def _required(mapping: SurveyMapping, with_roster: bool) -> dict[str, str]:
    """What else the export must have (by what it is called in messages) → its column."""
    required = {"organisation": mapping.organisation, "date": mapping.date}
    if with_roster:
        required["roster_key"] = mapping.roster.key
    if mapping.assessor:
        required["assessor"] = mapping.assessor
    for key in ("sector", "size_band", "country"):
        if getattr(mapping, key):
            required[key] = getattr(mapping, key)
    return required


def _mapping_problems(export: _Export, table: Table, with_roster: bool) -> list[Problem]:
    """Why the export cannot be read as its mapping says (nothing when it can)."""
    mapping, source, columns = export.mapping, export.source, export.columns
    problems = list(_question_problems(export, table.delimiter))
    required = _required(mapping, with_roster)
    for key, column in required.items():
        if column not in columns:
            problems.append(
                Problem(
                    f"no column {excerpt(column)} for the {key.replace('_', ' ')}",
                    source=source,
                    line=1,
                    expected=f"one of the file's {len(table.header)} columns"
                    f" (delimiter {excerpt(table.delimiter)})",
                )
            )
    used = {mapping.organisation, mapping.date, *required.values()}
    used |= {c for spec in export.plan.values() for c in _columns_of(spec)}
    for name in sorted(export.twice & used):
        problems.append(
            Problem(
                f"two columns are named {excerpt(name)}",
                source=source,
                line=1,
                expected="one column per name for the columns the mapping reads",
            )
        )
    return problems


def _question_problems(export: _Export, delimiter: str) -> Iterator[Problem]:
    """The questions the mapping names that the questionnaire or the file do not have, or
    that it gives the wrong shape."""
    questions, source = export.questionnaire.questions, export.source
    for ident, spec in export.plan.items():
        if ident not in questions:
            yield Problem(
                f"the mapping names unknown question {excerpt(ident)}", source=source, line=1
            )
            continue
        question = questions[ident]
        kind = kind_of(question)
        is_matrix = kind.row_ids(question) is not None
        flags = kind.flag_ids(question) or []
        if is_matrix != bool(spec.rows) or (spec.options and not flags):
            shape = "rows: {row: column}" if is_matrix else "one column"
            yield Problem(
                f"the mapping gives {excerpt(ident)} the wrong shape",
                source=source,
                line=1,
                expected=f"{shape} for a {question.kind} question",
            )
            continue
        for option in sorted(set(spec.options) - set(flags)):
            yield Problem(
                f"the mapping names unknown option {excerpt(option)} of {excerpt(ident)}",
                source=source,
                line=1,
                expected=f"one of {', '.join(flags)}",
            )
        for column in _columns_of(spec):
            if column is not None and column not in export.columns:
                yield Problem(
                    f"no column {excerpt(column)} for question {excerpt(ident)}",
                    source=source,
                    line=1,
                    expected=f"one of the file's columns (delimiter {excerpt(delimiter)})",
                )


@dataclass
class _Imported:
    """What the rows gave so far."""

    responses: list[Responses] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    by_row: dict[int, list[Problem]] = field(default_factory=dict)


def _import(export: _Export, table: Table) -> CsvImport:
    """Every readable row's Responses, or its problems."""
    q, mapping = export.questionnaire, export.mapping
    for ident, spec in export.plan.items():
        question = q.questions[ident]
        export.tables[ident] = kind_of(question).cell_labels(question, spec.labels)
    done = _Imported()
    readable = list(good_rows(table, export.source, done.problems, done.failed))
    for problem in done.problems:  # rows that cannot be read, or not as wide as the header
        done.by_row.setdefault(problem.line or 0, []).append(problem)
    rows = _Rows(export, _keys(export, readable))
    for number, cells in readable:
        responses, row_problems = rows.read(number, cells)
        if row_problems or responses is None:
            done.problems += row_problems
            done.by_row[number] = row_problems
            done.failed.append(number)
            _stop_at_too_many(done.problems, export.source, number)
            continue
        done.warnings += [export.in_row(w, number) for w in responses.warnings]
        done.responses.append(
            responses.model_copy(update={"source": f"{export.source}:{number}", "warnings": []})
        )
        done.rows.append(number)
    failed_roster: list[int] = []
    roster_problems: dict[int, list[Problem]] = {}
    if export.people is not None:
        problems, failed_roster = unjoined(export.people, mapping, export.source)
        done.problems += problems
        for problem in problems:
            roster_problems.setdefault(problem.line or 0, []).append(problem)
        if export.people.empty:
            done.warnings.append(
                Problem(
                    "the roster file lists nobody: no organisation's roster is answered",
                    source=export.people.source,
                    line=1,
                )
            )
    return CsvImport(
        responses=done.responses,
        warnings=done.warnings,
        rows=done.rows,
        problems=done.problems,
        failed_rows=done.failed,
        failed_roster_rows=sorted(failed_roster),
        row_problems=done.by_row,
        roster_row_problems=roster_problems,
        source=export.source,
    )


MAX_PROBLEMS = 1_000
"""Most problems an export may have: beyond, its reading stops and it is refused (a wrong
mapping, or no export of the questionnaire, makes every cell a problem)."""


def _stop_at_too_many(problems: list[Problem], source: str, row: int) -> None:
    """Refuse the export once it has more than `MAX_PROBLEMS` problems, with the
    first of them."""
    if len(problems) > MAX_PROBLEMS:
        stop = Problem(
            f"more than {MAX_PROBLEMS:,} problems: the export is not read beyond this row",
            source=source,
            line=row,
            expected="an export of the questionnaire read by its mapping",
        )
        raise MappingError([*problems[:MAX_PROBLEMS], stop], source=source)


def _keys(export: _Export, readable: list[tuple[int, list[str]]]) -> dict[str, list[int]]:
    """Roster key → the rows that give it (none without a roster file)."""
    keys: dict[str, list[int]] = {}
    if export.people is not None:
        at = export.columns[export.mapping.roster.key]
        for number, cells in readable:
            keys.setdefault(cells[at].strip(), []).append(number)
    return keys


class _Rows:
    """Reads the rows of the main export, one at a time, in file order."""

    def __init__(self, export: _Export, keys: dict[str, list[int]]) -> None:
        self.export = export
        self.keys = keys
        """Roster key → the rows that give it."""
        self.seen: dict[tuple[str, str], int] = {}
        """(organisation, date) → the first row that gives them."""

    def read(self, number: int, cells: list[str]) -> tuple[Responses | None, list[Problem]]:
        """The Responses of one row and the problems that fail it (None when they are not
        even Responses)."""
        export, mapping = self.export, self.export.mapping

        def get(column: str) -> str:
            return cells[export.columns[column]].strip()

        name = get(mapping.organisation)
        date, problems = self._dated_once(number, name, get(mapping.date))
        answers = self._answers(number, get, problems)
        persons = self._people(number, get, answers, problems)
        data = {
            "questionnaire": export.questionnaire.ref,
            "organisation": _organisation(mapping, name, get),
            "date": date or "2000-01-01",
            "assessor": (get(mapping.assessor) if mapping.assessor else "")
            or mapping.assessor_name
            or "—",
            "answers": answers,
        }
        try:
            return load_responses(data, export.questionnaire), problems
        except LocatedError as exc:
            people = export.people
            for problem in exc.problems:
                placed = in_roster(problem, people, persons) if people is not None else None
                problems.append(placed or export.in_row(problem, number))
            return None, problems

    def _dated_once(
        self, number: int, name: str, raw_date: str
    ) -> tuple[str | None, list[Problem]]:
        """The row's date (ISO), and the problems of a date that is none or of an
        organisation and date given by an earlier row."""
        mapping, problems = self.export.mapping, []
        found = read_date(raw_date, mapping.date_formats)
        date = found[0] if found else None
        if date is None:
            problems.append(
                Problem(
                    f"{excerpt(raw_date)} is not a date",
                    source=self.export.source,
                    line=number,
                    column=self.export.where(mapping.date),
                    path=(mapping.date,),
                    expected=f"a date written {_formats(mapping.date_formats)}",
                )
            )
        elif found and "date_formats" not in mapping.model_fields_set:
            swapped = other_order(date, found[1])
            if swapped is not None:  # the mapping did not say which comes first
                problems.append(
                    Problem(
                        f"{excerpt(raw_date)} could be {date.isoformat()} or {swapped.isoformat()}",
                        source=self.export.source,
                        line=number,
                        column=self.export.where(mapping.date),
                        path=(mapping.date,),
                        expected="a date written YYYY-MM-DD, or the order named in the"
                        " mapping's date_formats (%d/%m/%Y for day first, %m/%d/%Y for"
                        " month first)",
                    )
                )
                date = None
        identity = (normal(name), date.isoformat() if date else raw_date)
        if identity in self.seen:
            problems.append(
                Problem(
                    f"{excerpt(name)} on {raw_date} already appears at row {self.seen[identity]}",
                    source=self.export.source,
                    line=number,
                    column=self.export.where(mapping.organisation),
                    path=(mapping.organisation,),
                    expected="one row per organisation and date",
                )
            )
        else:
            self.seen[identity] = number
        return (date.isoformat() if date else None), problems

    def _answers(
        self, number: int, get: Callable[[str], str], problems: list[Problem]
    ) -> dict[str, Any]:
        """The answers of the row's cells, by question id (the problems of the cells that
        are not even answers added to `problems`)."""
        export, answers = self.export, {}
        for ident, spec in export.plan.items():
            question = export.questionnaire.questions[ident]
            try:
                value = _answer(question, spec, get, export.tables[ident], export.mapping.separator)
            except _BadFlag as bad:
                problems.append(
                    Problem(
                        f"question {ident}: {excerpt(bad.text)} does not say whether the"
                        " option is selected",
                        source=export.source,
                        line=number,
                        column=export.where(bad.column),
                        path=(bad.column,),
                        expected=f"one of {', '.join(sorted(SELECTED))} (selected), of"
                        f" {', '.join(sorted(NOT_SELECTED))} (not selected), or an empty cell",
                    )
                )
                continue
            if value is not None:
                answers[ident] = value
        return answers

    def _people(
        self,
        number: int,
        get: Callable[[str], str],
        answers: dict[str, Any],
        problems: list[Problem],
    ) -> list[Person]:
        """The people of the row, from the roster file: their records join `answers`, and
        why they cannot be joined `problems`."""
        export, people = self.export, self.export.people
        if people is None:
            return []
        key = get(export.mapping.roster.key)
        persons = people.by_key.pop(key, [])
        problems += joined(
            people,
            key,
            self.keys.get(key, []),
            (export.source, number),
            export.mapping,
            export.where,
        )
        if persons:
            answers[people.question] = [person.record for person in persons]
        return persons


class _BadFlag(Exception):
    """An option's own column that says neither selected nor not."""

    def __init__(self, column: str, text: str) -> None:
        super().__init__(column, text)
        self.column, self.text = column, text


def _answer(
    question: Question,
    spec: QuestionColumn,
    get: Callable[[str], str],
    labels: dict[str, Any],
    separator: str,
) -> Any | None:
    """The answer to `question` in one row (`get` gives a column's cell), or None when
    its cells are empty: a matrix has a column per row (the mapping was checked to say so)."""
    kind = kind_of(question)
    if spec.options:
        flags = {}
        for option, column in spec.options.items():
            try:
                flags[option] = flag(get(column))
            except ValueError:
                raise _BadFlag(column, get(column)) from None
        if all(f is None for f in flags.values()):
            return None
        return [option for option, selected in flags.items() if selected]
    if spec.rows:
        value = {
            row: kind.read_cell(question, get(column), labels, separator)
            for row, column in spec.rows.items()
            if get(column)
        }
        return value or None
    if spec.column and get(spec.column):
        return kind.read_cell(question, get(spec.column), labels, separator)
    return None


def _formats(formats: list[str]) -> str:
    """The mapping's date formats as a message lists them (the first five, each cut)."""
    shown = " or ".join(excerpt(f, quoted=False) for f in formats[:5])
    return shown if len(formats) <= 5 else f"{shown}… ({len(formats)} formats)"


def _organisation(mapping: SurveyMapping, name: str, get: Callable[[str], str]) -> dict[str, Any]:
    """The organisation of a row: its name, and its sector, size and country when given."""
    organisation: dict[str, Any] = {"name": name}
    for key_name in ("sector", "size_band", "country"):
        column = getattr(mapping, key_name)
        if column and get(column):
            codes = mapping.organisation_labels.get(key_name, {})
            organisation[key_name] = codes.get(get(column), get(column))
    return organisation
