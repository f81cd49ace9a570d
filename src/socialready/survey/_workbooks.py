"""Exports that hold several tables: a workbook (KoboToolbox's and Microsoft Forms' .xlsx)
or a zip of CSV files (ODK Central's), read within the limits of every input.

The first sheet, or the zip's main CSV, holds one row per submission; each other sheet or
CSV a repeat group (the roster), named after it. Both are zip archives: before anything is
read, the archive's members are counted, their names checked (no absolute path, no
`..`), and the sizes they declare once uncompressed bounded — Python's zip reader never
gives more bytes than a member declares (a member that holds more fails its CRC check), so
a zip bomb is refused by what it declares, and nothing is ever written to disk.
"""

from __future__ import annotations

import datetime
import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from .._files import ROSTER_EXPORT, SURVEY_EXPORT, read_input
from ..errors import MappingError, Problem, excerpt
from ._decoding import MAX_ROWS, Table, csv_table, open_table
from .mapping import SurveyMapping

__all__ = ["MAX_MEMBERS", "Export", "open_export"]

MAX_MEMBERS = 1_000
"""Most members an .xlsx or .zip export may hold."""

MAX_UNCOMPRESSED = 5 * SURVEY_EXPORT.limit
"""Most bytes the members of an .xlsx export (or the CSV files of a .zip) may declare in
all, uncompressed."""


class Export(NamedTuple):
    """An export opened: its main table and the tables of its repeat groups, by name."""

    main: Table
    repeats: dict[str, Table]


def open_export(path: Path, mapping: SurveyMapping) -> Export:
    """The tables of a survey export: a CSV file, an .xlsx workbook or a .zip of CSV files."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _workbook(path)
    if suffix == ".zip":
        return _csv_zip(path, mapping)
    return Export(open_table(path, mapping), {})


def _refused(source: str, message: str, expected: str = "") -> MappingError:
    return MappingError([Problem(message, source=source, expected=expected)], source=source)


def _archive(raw: bytes, source: str) -> zipfile.ZipFile:
    """The zip archive of `raw`, its members counted and their names checked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:  # ValueError: a seek
        # before the start that a damaged directory asks for
        raise _refused(source, f"not a zip archive ({exc})", "an .xlsx or .zip export") from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _refused(
            source,
            f"the archive holds {len(members):,} members",
            f"at most {MAX_MEMBERS:,} (a survey tool's export holds a few)",
        )
    for member in members:
        name = PurePosixPath(member.filename.replace("\\", "/"))
        if name.is_absolute() or ".." in name.parts or ":" in member.filename:
            raise _refused(
                source,
                f"the archive's member {excerpt(member.filename)} points outside it",
                "members named by relative paths (nothing is extracted, but such a name is"
                " no survey tool's)",
            )
    return archive


def _bounded(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], source: str) -> None:
    """Refuse members that declare more bytes, uncompressed, than an export may hold."""
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > SURVEY_EXPORT.limit or total > MAX_UNCOMPRESSED:
            raise _refused(
                source,
                f"the archive's member {excerpt(member.filename)} holds"
                f" {member.file_size:,} bytes uncompressed",
                f"at most {SURVEY_EXPORT.limit:,} bytes a member and {MAX_UNCOMPRESSED:,} in all",
            )


def _csv_zip(path: Path, mapping: SurveyMapping) -> Export:
    """ODK Central's zip: `FORM.csv` and a `FORM-REPEAT.csv` per repeat group (media
    files beside them are not read)."""
    source = str(path)
    archive = _archive(read_input(path, SURVEY_EXPORT), source)
    tables = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
    tables = [m for m in tables if "/" not in m.filename.strip("/")]
    if not tables:
        raise _refused(source, "the archive holds no CSV file", "the export's FORM.csv")
    _bounded(archive, tables, source)
    main = min(tables, key=lambda m: (len(m.filename), m.filename))
    stem = main.filename[: -len(".csv")]
    repeats: dict[str, Table] = {}
    for member in tables:
        if member is main:
            continue
        name = member.filename[: -len(".csv")].removeprefix(f"{stem}-")
        repeats[name] = csv_table(
            _member(archive, member, source), mapping, ROSTER_EXPORT, f"{source}[{member.filename}]"
        )
    table = csv_table(_member(archive, main, source), mapping, SURVEY_EXPORT, source)
    return Export(table, repeats)


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, source: str) -> bytes:
    """The bytes of one member (no more than it declares: the zip reader stops there)."""
    try:
        with archive.open(member) as handle:
            return handle.read(SURVEY_EXPORT.limit + 1)
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        ValueError,
        zlib.error,
    ) as exc:
        # zlib.error: compressed data that is damaged
        raise _refused(
            source, f"the archive's member {excerpt(member.filename)} cannot be read ({exc})"
        ) from None


def _workbook(path: Path) -> Export:
    """KoboToolbox's or Microsoft Forms' workbook: the first sheet is the main table, each
    other sheet a repeat group named by the sheet."""
    source = str(path)
    raw = read_input(path, SURVEY_EXPORT)
    archive = _archive(raw, source)
    _bounded(archive, archive.infolist(), source)
    from openpyxl import load_workbook  # a dependency, imported when a workbook is read

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise _refused(source, f"not an .xlsx workbook ({type(exc).__name__}: {exc})") from None
    try:
        sheets = [(ws.title, _rows(ws.iter_rows(values_only=True))) for ws in book.worksheets]
    except MemoryError:
        raise
    except Exception as exc:  # a sheet's data damaged (compressed data, XML), read only now
        raise _refused(
            source, f"not an .xlsx workbook: a sheet cannot be read ({type(exc).__name__}: {exc})"
        ) from None
    finally:
        book.close()
    if not sheets or not sheets[0][1]:
        raise MappingError([Problem("the workbook is empty", source=source)], source=source)
    tables = {
        title: _sheet_table(rows, f"{source}[{title}]" if i else source, i > 0)
        for i, (title, rows) in enumerate(sheets)
        if rows
    }
    main = tables.pop(sheets[0][0])
    return Export(main, tables)


def _rows(rows: Iterator[tuple[Any, ...]]) -> list[list[str]]:
    """The texts of a sheet's first rows (the header and at most `MAX_ROWS` more and
    one, for the reading to say the sheet has too many)."""
    found = []
    for row in rows:
        found.append([_text(cell) for cell in row])
        if len(found) > MAX_ROWS + 1:
            break
    return found


def _text(value: Any) -> str:
    """A cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


class _SheetReader:
    """The rows of a sheet after its header, as the csv module's reader gives a file's."""

    def __init__(self, rows: list[list[str]], width: int) -> None:
        self.rows = rows
        self.width = width
        self.line_num = 1

    def __iter__(self) -> _SheetReader:
        return self

    def __next__(self) -> list[str]:
        if self.line_num >= len(self.rows):
            raise StopIteration
        cells = self.rows[self.line_num]
        self.line_num += 1
        while len(cells) > self.width and not cells[-1].strip():
            cells = cells[:-1]  # a sheet's rows may run past the header with empty cells
        return cells + [""] * (self.width - len(cells))


def _sheet_table(rows: list[list[str]], source: str, repeat: bool) -> Table:
    header = [h.strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    kind = ROSTER_EXPORT if repeat else SURVEY_EXPORT
    return Table(header, _SheetReader(rows, len(header)), ",", kind, source)
