"""From the bytes of a CSV export to its rows and the texts of its cells.

Encodings (UTF-8 with or without BOM, else Windows-1252, or the mapping's), the delimiter
(the mapping's, else detected), the header's columns, rows that cannot be read, and dates.
What a cell's text says (a label, a list, a number) is read with `socialready._cells`.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .._files import SURVEY_EXPORT, FileKind, read_input
from ..errors import MappingError, Problem, excerpt
from .mapping import SurveyMapping

__all__ = [
    "MAX_ROWS",
    "Table",
    "csv_table",
    "decode",
    "find",
    "good_rows",
    "index",
    "open_table",
    "other_order",
    "parse_date",
    "read_date",
]


def decode(raw: bytes, encoding: str | None, source: str) -> str:
    """The text of the export: UTF-8 (with or without BOM), else Windows-1252 when the whole
    file is written in it — or the encoding the mapping names. A UTF-8 file with a few bytes
    that are not UTF-8 is refused at each of them: read as Windows-1252, its every accented
    letter would change ("Hélice" into "HÃ©lice")."""
    try:
        text = raw.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if encoding:
            raise MappingError(
                [
                    Problem(
                        f"the file is not valid {excerpt(encoding, quoted=False)}",
                        source=source,
                        line=raw[: exc.start].count(b"\n") + 1,
                    )
                ],
                source=source,
            ) from None
        mixed = _bad_bytes(raw, source)
        if mixed:
            raise MappingError(mixed, source=source) from None
        text = raw.decode("cp1252", errors="replace")
    return text.removeprefix("\ufeff")


_SHOWN_BAD_BYTES = 10
"""Most bytes that are not UTF-8 a refusal places (the count says how many there are)."""


def _bad_bytes(raw: bytes, source: str) -> list[Problem]:
    """The bytes that are not UTF-8 in a file whose other non-ASCII letters are UTF-8 (a
    file with none is Windows-1252 throughout: nothing is returned)."""
    text = raw.decode("utf-8", errors="surrogateescape")
    if not any(ord(c) > 0x7F and not 0xDC80 <= ord(c) <= 0xDCFF for c in text):
        return []
    problems: list[Problem] = []
    count = 0
    for number, line in enumerate(_lines(text), start=1):
        for column, char in enumerate(line, start=1):
            if 0xDC80 <= ord(char) <= 0xDCFF:
                count += 1
                if len(problems) < _SHOWN_BAD_BYTES:
                    problems.append(
                        Problem(
                            f"the byte 0x{ord(char) - 0xDC00:02X} is not UTF-8, though the rest"
                            " of the file is",
                            source=source,
                            line=number,
                            column=column,
                            expected="UTF-8 text throughout (correct the cell, or name the"
                            " file's encoding in the mapping's encoding:)",
                        )
                    )
    if count > len(problems):
        problems.append(
            Problem(
                f"{count - len(problems):,} more bytes that are not UTF-8",
                source=source,
                line=problems[-1].line,
            )
        )
    return problems


MAX_ROWS = 10_000
"""Most rows of a survey export or of a roster export, the header aside (and most bytes:
their kinds' limits, `SURVEY_EXPORT`)."""


class Table(NamedTuple):
    """A table of an export, opened: its header, a reader of the rows after it (with the
    `line_num` of the row it read last), its delimiter, the kind of export it is, and
    where it comes from (a file, a sheet of a workbook, a file of a zip)."""

    header: list[str]
    reader: Any
    delimiter: str
    kind: FileKind
    source: str = ""


def open_table(path: Path, mapping: SurveyMapping, kind: FileKind = SURVEY_EXPORT) -> Table:
    """The header, a reader of the rows and the delimiter of a CSV export of `kind`, read
    within the kind's limit of bytes."""
    return csv_table(read_input(path, kind), mapping, kind, str(path))


def csv_table(raw: bytes, mapping: SurveyMapping, kind: FileKind, source: str) -> Table:
    """The table of the bytes of a CSV export (a file, or a file of a zip)."""
    text = decode(raw, mapping.encoding, source)
    del raw
    delimiter = mapping.delimiter
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise MappingError([Problem("the file is empty", source=source)], source=source) from None
    except csv.Error as exc:
        raise MappingError(
            [Problem(f"not a CSV file: {exc}", source=source, line=1)], source=source
        ) from None
    return Table(header, reader, delimiter, kind, source)


_LINE_END = re.compile(r"\r\n?|\n")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text`, each with its end, one at a time, as a file opened with
    `newline=""` gives them to the csv module (without a second copy of the whole text):
    a line ends with `\\r\\n`, `\\n` or a lone `\\r` (the exports of older spreadsheets)."""
    start = 0
    for end in _LINE_END.finditer(text):
        yield text[start : end.end()]
        start = end.end()
    if start < len(text):
        yield text[start:]


def index(header: list[str]) -> tuple[dict[str, int], set[str]]:
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


def find(columns: dict[str, int], name: str) -> list[tuple[str, int]]:
    """The columns called `name`, or ending with it after a group path (`group/name`,
    or `group-name` as ODK Central writes it): (column, 0-based position)."""
    if name in columns:
        return [(name, columns[name])]
    return [(c, i) for c, i in columns.items() if c.endswith((f"/{name}", f"-{name}"))]


def good_rows(
    table: Table,
    source: str,
    problems: list[Problem],
    failed: list[int],
    ragged: dict[int, list[str]] | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each readable, non-blank row as wide as the header; the others
    are added to `problems` and `failed` (and the cells of rows of another width to
    `ragged`, by row number). An export of more than `MAX_ROWS` rows raises
    `MappingError` when its reading comes to the row after them."""
    reader, width = table.reader, len(table.header)
    records = iter(reader)
    for _ in range(MAX_ROWS):
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
                    expected=f"{width} cells, as many as the header"
                    f" (delimiter {excerpt(table.delimiter)})",
                )
            )
            failed.append(number)
            if ragged is not None:
                ragged[number] = cells
            continue
        yield number, cells
    try:
        more = next(records, None) is not None
    except csv.Error:
        more = True
    if more:
        name = table.kind.name
        raise MappingError(
            [
                Problem(
                    f"the {name} has more than {MAX_ROWS:,} rows",
                    source=source,
                    line=reader.line_num,
                    expected=f"a {name} of at most {MAX_ROWS:,} rows (split it)",
                )
            ],
            source=source,
        )


def parse_date(text: str, formats: list[str]) -> datetime.date | None:
    """The date of a cell, by the mapping's formats; a time after the date is ignored."""
    found = read_date(text, formats)
    return found[0] if found else None


def read_date(text: str, formats: list[str]) -> tuple[datetime.date, str] | None:
    """The date of a cell and the format that read it (the first of `formats` that does);
    a time after the date is ignored."""
    day = re.split(r"[T ]", text.strip(), maxsplit=1)[0]
    for candidate in (text.strip(), day):
        for pattern in formats:
            try:
                return datetime.datetime.strptime(candidate, pattern).date(), pattern
            except ValueError:
                continue
    return None


def other_order(date: datetime.date, pattern: str) -> datetime.date | None:
    """The other date a cell read by `pattern` could mean, day and month swapped, when
    the pattern writes the day and the month in numbers and the year last or not first
    (`11/12/2026`: 11 December or 12 November); `None` when it means only one."""
    if "%d" not in pattern or "%m" not in pattern or pattern.startswith("%Y"):
        return None
    if date.day > 12 or date.day == date.month:
        return None
    return date.replace(day=date.month, month=date.day)
