"""The inputs of many assessments: responses files, and survey exports read and assessed.

What `socialready batch` and `socialready cohort` are given — responses files and
survey-tool exports side by side — gathered as notebooks and scripts can gather it too. It
sits above the survey import and the cohort, which it uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .batch import Refused, RefusedProblem
from .errors import LocatedError, MappingError, Problem, SocialReadyError, excerpt
from .questionnaire import Questionnaire
from .responses import Responses
from .scoring import Assessment, assess
from .staffing import person_key
from .survey import TOOLS, CsvImport, SurveyMapping, read_responses_csv, survey_mapping
from .survey.mapping import Tool, mapping_questionnaire

__all__ = [
    "SURVEY_SUFFIXES",
    "ExportRead",
    "Gathered",
    "gather",
    "is_survey_export",
    "one_organisation",
]


SURVEY_SUFFIXES = (".csv", ".xlsx", ".zip")
"""What the name of a survey export ends with: a CSV file, a workbook (KoboToolbox,
Microsoft Forms), a zip of CSV files (ODK Central)."""


def is_survey_export(name: str | Path) -> bool:
    """Whether an input names a survey export (a .csv, .xlsx or .zip file) rather than a
    responses file."""
    return str(name).lower().endswith(SURVEY_SUFFIXES)


@dataclass(frozen=True)
class ExportRead:
    """What became of one survey export given to `gather`."""

    path: str
    imported: CsvImport | None
    """Its good rows as responses, and the located problems of the others; `None` when
    the export could not be read."""
    error: SocialReadyError | None = None
    """Why the export could not be read at all; `None` when it was read, or when no export
    was (see `Gathered.reading_error`)."""

    @property
    def refused(self) -> int:
        """How many of its rows were refused (roster rows included); an export that could not
        be read counts as one."""
        if self.imported is None:
            return 1
        return len(self.imported.failed_rows) + len(self.imported.failed_roster_rows)


@dataclass(frozen=True)
class Gathered:
    """The inputs of many assessments, as `gather` found them."""

    inputs: list[str | Path | Assessment]
    """In the order given: each responses file as it was named, and in place of each survey
    export the assessment of each of its good rows."""
    exports: list[ExportRead]
    """Every survey export given, in order, with what became of it."""
    reading_error: SocialReadyError | None = None
    """Why no survey export could be read: the mapping, or the questionnaire it names, is
    unusable (said once for all the exports)."""

    @property
    def refused(self) -> int:
        """How many rows of survey exports were refused, counting an unread export as one."""
        return sum(export.refused for export in self.exports)

    def refusals(self) -> list[Refused]:
        """Every refused row and unread export, with its located problems, in the order of
        the exports and of their rows (for `render_batch`'s
        summary)."""
        found: list[Refused] = []
        for export in self.exports:
            found += _refusals(export, self.reading_error)
        return found


def _refusals(export: ExportRead, reading_error: SocialReadyError | None) -> list[Refused]:
    imported = export.imported
    if imported is None:
        error = export.error or reading_error
        problems = (
            list(error.problems)
            if isinstance(error, LocatedError)
            else [Problem(str(error) if error else "not read", source=export.path)]
        )
        records = [RefusedProblem.of(p) for p in problems]
        return [Refused(input=export.path, kind="file", problems=records)]
    refused: list[Refused] = []
    for kind, rows, problems_of in (
        ("row", imported.failed_rows, imported.row_problems),
        ("roster_row", imported.failed_roster_rows, imported.roster_row_problems),
    ):
        for row in rows:
            own = [RefusedProblem.of(p) for p in problems_of.get(row, [])]
            refused.append(Refused(input=export.path, kind=kind, row=row, problems=own))
    return refused


def gather(
    inputs: Iterable[str | Path],
    mapping: SurveyMapping | str | Path | None = None,
    questionnaire: Questionnaire | None = None,
    *,
    roster: str | Path | None = None,
    preset: Tool | None = None,
    locale: str | None = None,
) -> Gathered:
    """The inputs of a batch of reports or of a cohort: responses files as they are, and the
    good rows of survey exports (files ending in `.csv`, `.xlsx`, `.zip`) read and
    assessed.

    Every export is read with one `mapping` (or the `preset` of its tool, or both) and
    one questionnaire: `questionnaire`, or the one the mapping names. `roster` is the
    separate export of the roster, for one survey export only. An export that cannot be
    read, or a bad row, never stops the others: each is in `Gathered.exports` with
    its located problems. Responses files are not read here (`assess_input` does, or
    a batch's workers do). Raises `SocialReadyError` when a survey
    export comes without a mapping nor a preset, or a roster with other than one export.
    """
    given = list(inputs)
    exports = [str(name) for name in given if is_survey_export(name)]
    if roster is not None and len(exports) != 1:
        raise SocialReadyError(f"a roster goes with one survey export, not {len(exports)}")
    if not exports:
        return Gathered(inputs=list(given), exports=[])
    if mapping is None and preset is None:
        raise SocialReadyError(
            f"{exports[0]}: a survey export needs a mapping (which column holds what), or"
            f" the preset of its tool (one of {', '.join(TOOLS)})"
        )
    try:  # one mapping and one questionnaire for every export
        mapping = survey_mapping(mapping, preset, locale)
        q = questionnaire or mapping_questionnaire(mapping)
    except SocialReadyError as exc:  # no export can be read: the files still are
        unread = [ExportRead(path=name, imported=None) for name in exports]
        files = [name for name in given if not is_survey_export(name)]
        return Gathered(inputs=list(files), exports=unread, reading_error=exc)
    found: list[str | Path | Assessment] = []
    reads: list[ExportRead] = []
    for name in given:
        if not is_survey_export(name):
            found.append(name)
            continue
        try:
            imported = read_responses_csv(name, mapping, q, roster=roster)
        except SocialReadyError as exc:  # this export cannot be read: the others still are
            reads.append(ExportRead(path=str(name), imported=None, error=exc))
            continue
        # scored here, against the questionnaire the rows were read with
        found += [assess(q, responses) for responses in imported.responses]
        reads.append(ExportRead(path=str(name), imported=imported))
    return Gathered(inputs=found, exports=reads)


_LISTED = 10
"""Most organisations a message lists."""


def one_organisation(imported: CsvImport, name: str | None = None) -> Responses:
    """The responses of one organisation of a survey export: the row of `name` (whatever
    its case and spacing), or the only good row when `name` is `None`.

    Raises `MappingError`, listing the organisations of the good rows
    with their row numbers, when no good row names it, when two do (the same organisation
    assessed on two dates), or when `name` is `None` and there is not one good row.
    """
    rows = list(zip(imported.rows, imported.responses, strict=True))
    source = imported.source
    if name is None:
        found = rows
    else:
        key = person_key(name)
        found = [(row, r) for row, r in rows if person_key(r.organisation.name) == key]
    if len(found) == 1:
        return found[0][1]
    listed = ", ".join(
        f"{excerpt(r.organisation.name)} (row {row}, {r.date.isoformat()})"
        for row, r in (found if len(found) > 1 else rows)[:_LISTED]
    )
    more = f" and {len(rows) - _LISTED} more" if len(rows) > _LISTED else ""
    if len(found) > 1 and name is None:
        message = f"the export holds {len(rows)} organisations: {listed}{more}"
        expected = "one of them, named as organisation="
    elif len(found) > 1:
        message = f"{len(found)} rows for {excerpt(name)}: {listed}"
        expected = "one row for it: keep one assessment of the organisation in the export"
    elif not rows:
        message, expected = "no good row to take an organisation from", None
    else:
        message = f"no organisation {excerpt(name)} among the good rows"
        expected = f"one of {listed}{more}, named as organisation="
    raise MappingError([Problem(message, source=source, expected=expected)], source=source)
