"""The mapping file: which column of a survey export holds which question, and how to read it.

A mapping is YAML, validated like every other file of socialready (located errors, its own
JSON Schema: `socialready schema mapping`).
"""

from __future__ import annotations

import codecs
import datetime
import re
from dataclasses import replace
from pathlib import Path
from typing import Literal, get_args

from pydantic import Field, PrivateAttr, model_validator

from .._base import Id, Invalid, StrictModel
from .._files import MAPPING, input_path, path_problem
from .._located import load_model, place
from .._yaml import Document
from ..errors import MappingError, Problem, excerpt
from ..loading import builtin_listing, is_builtin, load_questionnaire
from ..questionnaire import Questionnaire

__all__ = [
    "TOOLS",
    "QuestionColumn",
    "RosterColumns",
    "SurveyMapping",
    "load_mapping",
    "mapping_questionnaire",
]


class QuestionColumn(StrictModel):
    """Where one question is in the export."""

    column: str | None = Field(default=None, description="The column of the answer.")
    rows: dict[Id, str] = Field(
        default_factory=dict, description="Matrix questions: the column of each row."
    )
    options: dict[Id, str] = Field(
        default_factory=dict,
        description="Multiple-choice questions exported as one column per option: the column"
        " of each option (1, Y, yes, true, x: selected; 0, N, no, false, empty: not).",
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
        default="_submission__uuid",
        description="The roster file's column naming each person's submission in the main"
        " export (KoboToolbox: _submission__uuid; ODK Central: PARENT_KEY).",
    )
    key: str = Field(
        default="_uuid",
        description="The main export's column that the link refers to (KoboToolbox: _uuid;"
        " ODK Central: KEY). A stable id: KoboToolbox's _index/_parent_index are row"
        " positions, which a filtered download renumbers.",
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


_NOT_DELIMITERS = frozenset('"\r\n')
"""What the csv module reads as a quote or a line end."""


Tool = Literal["kobo", "odk-central", "limesurvey", "google-forms", "ms-forms"]

TOOLS: tuple[str, ...] = get_args(Tool)
"""The survey tools whose export conventions a mapping can take as its `preset`."""


class SurveyMapping(StrictModel):
    """How to read one survey tool's export."""

    preset: Tool | None = Field(
        default=None,
        description="The survey tool whose export conventions find every column this"
        " mapping does not name (docs/survey-tools.md): an export of the form socialready"
        " writes needs nothing else.",
    )
    locale: str | None = Field(
        default=None,
        description="The locale the tool wrote dates in (fr, en-GB: day first; en-US: month"
        " first), for a preset whose tool writes them as the respondent's locale does.",
    )
    questionnaire: str = Field(default="social-readiness", description="Built-in name or path.")
    delimiter: str | None = Field(default=None, description="Default: detected (, ; tab).")
    encoding: str | None = Field(default=None, description="Default: UTF-8, else Windows-1252.")
    organisation: str = Field(
        default="org_name",
        description="The column of the organisation's name (default: the name socialready's"
        " XLSForm gives it).",
    )
    sector: str | None = Field(
        default=None, description="The column of the organisation's sector, if the form asks."
    )
    size_band: str | None = Field(
        default=None,
        description="The column of its head-count band (1-9, 10-49, 50-249, 250-999, 1000+).",
    )
    country: str | None = Field(
        default=None, description="The column of its country, an ISO 3166 two-letter code."
    )
    organisation_labels: dict[Literal["sector", "size_band", "country"], dict[str, str]] = Field(
        default_factory=dict,
        description="Cell texts of this tool mapped to the values of the organisation's"
        " fields, e.g. {size_band: {'19': 1-9}} for LimeSurvey's answer codes.",
    )
    date: str = Field(
        default="assessment_date",
        description="The column of the assessment date (default: the name socialready's"
        " XLSForm gives it).",
    )
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
    ignore: list[str] = Field(
        default_factory=list,
        description="Columns not to read, by name or pattern (* any text, ? one character),"
        " besides the survey tools' own (start, end, _uuid, KEY…); every other column that"
        " is not read is reported.",
    )
    same_names: bool = Field(
        default=True,
        description="A column named like a question id holds that question (XLSForm exports).",
    )
    roster: RosterColumns = Field(
        default_factory=RosterColumns,
        description="How to read the roster's separate export, when one is given.",
    )
    _questionnaire_at: Problem | None = PrivateAttr(default=None)
    """Where the file the mapping was read from names the questionnaire."""

    @model_validator(mode="after")
    def _readable(self) -> SurveyMapping:
        if self.delimiter is not None and (
            len(self.delimiter) != 1 or self.delimiter in _NOT_DELIMITERS
        ):
            # a quote or a line end never separates cells (and Python 3.13's csv refuses them)
            raise Invalid(
                "a delimiter is one character, not a quote nor a line end, e.g. ';'",
                "delimiter",
            )
        if self.encoding is not None:
            try:
                codec = codecs.lookup(self.encoding)
            except LookupError:
                raise Invalid(f"unknown encoding {excerpt(self.encoding)}", "encoding") from None
            if not codec._is_text_encoding:  # hex, rot13, base64, zlib: bytes.decode refuses them
                raise Invalid(
                    f"{excerpt(self.encoding)} is not a text encoding (such as utf-8 or cp1252)",
                    "encoding",
                )
        for i, pattern in enumerate(self.date_formats):
            if not _reads_its_dates(pattern):
                raise Invalid(
                    f"{excerpt(pattern)} is not a date format (it cannot read the dates it writes)",
                    "date_formats",
                    i,
                )
        for ident, spec in self.questions.items():
            if (
                not isinstance(spec, str)
                and [spec.column is not None, bool(spec.rows), bool(spec.options)].count(True) != 1
            ):
                raise Invalid(
                    "give one of column, rows (for a matrix) or options (a multiple choice"
                    " exported as one column per option)",
                    "questions",
                    ident,
                )
        return self


def _reads_its_dates(pattern: str) -> bool:
    """Whether `pattern` is a format `strptime` can use: it reads back a date it wrote
    (`%Y%Y` or `%Q` cannot)."""
    day = datetime.datetime(2026, 11, 27, 13, 45, 30)
    try:
        datetime.datetime.strptime(day.strftime(pattern), pattern)
    except (ValueError, re.error):
        return False
    return True


def load_mapping(path: str | Path) -> SurveyMapping:
    """Read and validate a mapping file."""

    def remember(mapping: SurveyMapping, document: Document) -> None:
        mapping._questionnaire_at = place(Problem("", path=("questionnaire",)), document)

    return load_model(input_path(path, "load_mapping"), SurveyMapping, MAPPING, finish=remember)


def mapping_questionnaire(mapping: SurveyMapping) -> Questionnaire:
    """The questionnaire `mapping` names: a built-in one, or a file (which, when it cannot
    be used, raises its own `QuestionnaireError`). A name that is
    neither, or a path the system cannot take, raises `MappingError`
    located at the mapping's `questionnaire` field, in the mapping's file when it was
    read from one."""
    name = mapping.questionnaire
    if is_builtin(name):
        return load_questionnaire(name)
    unusable = path_problem(name)
    if unusable is None and _may_be_file(name):
        return load_questionnaire(name)  # which says why a file cannot be read
    at = mapping._questionnaire_at or Problem("", path=("questionnaire",))
    missing = f"no questionnaire file {excerpt(name)}, and no built-in questionnaire of that name"
    problem = replace(
        at,
        message=f"{excerpt(name)}: {unusable}" if unusable else missing,
        expected=f"a path to a questionnaire file, or one of {builtin_listing()}",
    )
    raise MappingError([problem], source=at.source)


def _may_be_file(name: str) -> bool:
    """Whether `name` is a file, or a path the system cannot say about (a folder it may
    not enter)."""
    try:
        return Path(name).is_file()
    except OSError:
        return True
