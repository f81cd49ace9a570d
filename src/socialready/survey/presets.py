"""Presets per survey tool: the mapping of an export derived from the questionnaire and the
tool's conventions, so that an export of the form socialready writes needs no mapping file.

What each tool writes (docs/survey-tools.md says where each convention comes from):

- KoboToolbox (formpack): a column per field named by the field, or by its group path
  joined with `/` when "include groups in headers" is on; a select_multiple as one cell
  of space-separated choices and/or one 1/0 column per choice (`question/choice`); the
  rows of a repeat group on their own sheet, joined by `_submission__uuid` → `_uuid`.
- ODK Central: group paths joined with `-` (`question-row`), or the bare field name
  when group names are off; split select multiples as `question/choice`; repeats in their
  own CSV of the zip, joined by `PARENT_KEY` → `KEY`.
- LimeSurvey (*Question code* headings, *Answer codes*): the codes of the structure
  socialready writes (`limesurvey`): `code` for a question, `code[subquestion]` for
  a matrix row and for the Y/empty column of each option of a multiple choice
  (`code_subquestion` with *Expression Manager code*), answer codes in the cells; no
  repeat group, so no roster.
- Google Forms and Microsoft Forms: the question's text as the header (a grid's rows as
  `Question [Row]`), the chosen labels as the cells (Google joins checkboxes with ", ",
  Microsoft with ";").

Columns are found by what the tool writes; a mapping's own entries always win.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .._cells import normal
from .._kinds import HEADER_FIELDS, kind_of
from ..questionnaire import Question, Questionnaire
from ._decoding import find, index
from .limesurvey import LimeSurveyCodes, limesurvey_codes
from .mapping import QuestionColumn, RosterColumns, SurveyMapping

__all__ = ["apply_preset"]


@dataclass(frozen=True)
class _Tool:
    """One tool's conventions."""

    by_label: bool
    """Whether its headers are the questions' texts rather than their names."""
    separator: str
    """Between the choices of a multiple choice written in one cell."""
    link: str
    """The repeat table's column naming its submission…"""
    key: str
    """…by the value of this column of the main table."""
    ignore: tuple[str, ...] = ()
    """Columns the tool adds besides those `TOOL_COLUMNS` already knows."""


_TOOLS = {
    "kobo": _Tool(False, " ", "_submission__uuid", "_uuid"),
    "odk-central": _Tool(False, " ", "PARENT_KEY", "KEY"),
    "limesurvey": _Tool(
        False,
        ";",
        "_submission__uuid",
        "_uuid",
        (
            *("id", "submitdate", "lastpage", "startlanguage", "seed", "startdate"),
            *("datestamp", "token", "ipaddr", "refurl"),
        ),
    ),
    "google-forms": _Tool(
        True,
        ", ",
        "_submission__uuid",
        "_uuid",
        ("Timestamp", "Horodateur", "Email Address", "Adresse e-mail", "Score", "Note"),
    ),
    "ms-forms": _Tool(
        True,
        ";",
        "_submission__uuid",
        "_uuid",
        (
            *("ID", "Start time", "Completion time", "Email", "Name", "Last modified time"),
            *("Heure de début", "Heure de fin", "Adresse de messagerie", "Nom"),
            "Heure de la dernière modification",
        ),
    ),
}

_ORGANISATION_FIELDS = {
    "organisation": "org_name",
    "sector": "org_sector",
    "size_band": "org_size",
    "country": "org_country",
    "date": "assessment_date",
    "assessor": "assessor",
}
"""The mapping's field → the name socialready's XLSForm gives its column."""

_MONTH_FIRST = ("en-us", "en_us", "us")
"""Locales that write a date's month before its day."""


def apply_preset(mapping: SurveyMapping, q: Questionnaire, header: list[str]) -> SurveyMapping:
    """`mapping` completed by its preset's conventions for an export whose columns are
    `header`: the columns of the organisation's fields and of the questions it does not
    name, the tool's separator, roster join keys, metadata columns and date order. Without
    a preset, `mapping` as it is."""
    if mapping.preset is None:
        return mapping
    tool = _TOOLS[mapping.preset]
    given = mapping.model_fields_set
    finder: _Finder
    if tool.by_label:
        finder = _Labels(header)
    elif mapping.preset == "limesurvey":
        finder = _Codes(header, q)
    else:
        finder = _Names(header, q)
    update: dict[str, Any] = {"same_names": False}
    for field, name in _ORGANISATION_FIELDS.items():
        if field not in given:
            column = finder.header_field(name)
            if column is not None:
                update[field] = column
    found = {
        ident: spec
        for ident, question in q.questions.items()
        if ident not in mapping.questions and (spec := finder.question(question)) is not None
    }
    update["questions"] = {**found, **mapping.questions}
    if "organisation_labels" not in given:
        update["organisation_labels"] = finder.organisation_labels()
    if "separator" not in given:
        update["separator"] = tool.separator
    if "roster" not in given:
        update["roster"] = RosterColumns(link=tool.link, key=tool.key)
    update["ignore"] = [*mapping.ignore, *tool.ignore]
    if "date_formats" not in given and mapping.locale:
        middle = "%m/%d/%Y" if mapping.locale.casefold() in _MONTH_FIRST else "%d/%m/%Y"
        update["date_formats"] = ["%Y-%m-%d", middle, "%Y-%m-%dT%H:%M:%S"]
    return mapping.model_copy(update=update)


class _Finder:
    """Finds the columns of an export by one tool's conventions."""

    def header_field(self, name: str) -> str | None:
        """The column of one of the form's first fields (`org_name`…)."""
        raise NotImplementedError

    def question(self, question: Question) -> QuestionColumn | None:
        """Where `question` is, None when the export has no column for it."""
        raise NotImplementedError

    def organisation_labels(self) -> dict[str, dict[str, str]]:
        """The codes of the tool's cells for the organisation's fields (none: the cells
        hold the values)."""
        return {}


class _Names(_Finder):
    """Headers that are the form's field names, bare or after their group path."""

    def __init__(self, header: list[str], q: Questionnaire) -> None:
        self.columns, _ = index(header)
        self.taken = {*q.questions, *HEADER_FIELDS}
        """Names that are a question's or a header field's: never a matrix row's bare column."""

    def one(self, *names: str) -> str | None:
        """The column of the first of `names` that the export has once."""
        for name in names:
            found = find(self.columns, name)
            if len(found) == 1:
                return found[0][0]
        return None

    def header_field(self, name: str) -> str | None:
        return self.one(name)

    def question(self, question: Question) -> QuestionColumn | None:
        kind, ident = kind_of(question), question.id
        rows, flags = kind.row_ids(question), kind.flag_ids(question)
        if rows is not None:
            found = {r: c for r in rows if (c := self._row(ident, r)) is not None}
            return QuestionColumn(rows=found) if found else None
        column = self.one(ident)
        if column is not None:
            return QuestionColumn(column=column)
        if flags is not None:
            options = {
                o: c for o in flags if (c := self.one(f"{ident}/{o}", f"{ident}[{o}]")) is not None
            }
            return QuestionColumn(options=options) if options else None
        return None

    def _row(self, ident: str, row: str) -> str | None:
        """A matrix row's column: `question/row` (KoboToolbox with groups), `question-row`
        (ODK Central), `question[row]` (LimeSurvey), or the bare `row` (KoboToolbox's
        default, without groups) when no question nor header field is named so."""
        column = self.one(f"{ident}/{row}", f"{ident}-{row}", f"{ident}[{row}]")
        if column is None and row not in self.taken and row in self.columns:
            column = row
        return column


class _Labels(_Finder):
    """Headers that are the questions' texts, in any language of the questionnaire,
    compared normalised (case, spaces, apostrophes)."""

    def __init__(self, header: list[str]) -> None:
        self.columns: dict[str, str] = {}
        for name in header:
            self.columns.setdefault(normal(name), name)

    def text(self, texts: Iterator[str]) -> str | None:
        """The column headed by the first of `texts` the export has."""
        for text in texts:
            column = self.columns.get(normal(text))
            if column is not None:
                return column
        return None

    def header_field(self, name: str) -> str | None:
        return self.text(iter(HEADER_FIELDS[name][1].values()))

    def question(self, question: Question) -> QuestionColumn | None:
        rows = kind_of(question).row_labels(question)
        if rows is not None:  # Google Forms' grid: "Question [Row]"; else the row's text
            found: dict[str, str] = {}
            for row, texts in rows.items():
                grid = (
                    f"{label} [{texts[lang]}]"
                    for lang, label in question.label.items()
                    if lang in texts
                )
                column = self.text(grid) or self.text(iter(texts.values()))
                if column is not None:
                    found[row] = column
            return QuestionColumn(rows=found) if found else None
        column = self.text(iter(question.label.values()))
        return QuestionColumn(column=column) if column is not None else None


class _Codes(_Names):
    """Headers that are LimeSurvey's question codes, cells its answer codes, as the
    structure socialready writes gives them
    (`limesurvey_codes`): `code` for a question, a
    subquestion's column `code[sub]` (*Question code* headings, `Writer::getHeadingCode`),
    `code_sub` (*Expression Manager code*), `code [sub]` or `code_[sub]` (LimeSurvey
    2.0's `getCodeHeading`, spaces to underscores or not), or `codesub` (the SPSS and R
    exports' variable names) when that is no question's code."""

    def __init__(self, header: list[str], q: Questionnaire) -> None:
        super().__init__(header, q)
        self.codes = limesurvey_codes(q)
        self.questions = {c.code.casefold() for c in self.codes.values()}

    def _sub(self, code: str, sub: str) -> str | None:
        """The column of one subquestion."""
        joined = [f"{code}{sub}"] if f"{code}{sub}".casefold() not in self.questions else []
        return self.one(
            f"{code}[{sub}]", f"{code}_{sub}", f"{code} [{sub}]", f"{code}_[{sub}]", *joined
        )

    def header_field(self, name: str) -> str | None:
        codes = self.codes.get(name)
        return self.one(codes.code) if codes is not None else None

    def question(self, question: Question) -> QuestionColumn | None:
        codes = self.codes.get(question.id)
        if codes is None:  # a roster: LimeSurvey cannot ask it
            return None
        labels = _labels(codes)
        if codes.type in ("F", "M"):
            found = {
                ident: column
                for ident, sub in codes.subquestions.items()
                if (column := self._sub(codes.code, sub)) is not None
            }
            if not found:
                return None
            if codes.type == "F":
                return QuestionColumn(rows=found, labels=labels)
            return QuestionColumn(options=found)
        column = self.one(codes.code)
        return QuestionColumn(column=column, labels=labels) if column is not None else None

    def organisation_labels(self) -> dict[str, dict[str, str]]:
        size = self.codes.get("org_size")
        return {"size_band": _labels(size)} if size is not None else {}


def _labels(codes: LimeSurveyCodes) -> dict[str, str]:
    """Answer code → option id, for the codes that are not the id itself."""
    return {code: ident for ident, code in codes.answers.items() if code != ident}
