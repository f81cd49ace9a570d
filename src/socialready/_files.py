"""Files in and out.

In: every file socialready reads — questionnaires, responses, themes, mappings, survey
exports, logos, a theme's templates — is read by `read_limited`, with the limit of its
kind (`FileKind`): at most that many bytes are read, whatever the file claims to be
(`/dev/zero`, a pipe and the files of `/proc` all say they hold 0 bytes), and a pipe or
a device is waited for `WAIT_SECONDS` at most. Out: where a report may be written,
said before anything is made, and written whole or not at all.
"""

from __future__ import annotations

import os
import select
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, NamedTuple

from .errors import (
    LocatedError,
    MappingError,
    Problem,
    QuestionnaireError,
    ResponsesError,
    SocialReadyError,
    ThemeError,
    excerpt,
)

__all__ = [
    "LOGO",
    "MAPPING",
    "MIGRATION",
    "QUESTIONNAIRE",
    "REPORT",
    "RESPONSES",
    "ROSTER_EXPORT",
    "SURVEY_EXPORT",
    "TEMPLATE",
    "THEME",
    "WAIT_SECONDS",
    "FileKind",
    "Unreadable",
    "check_target",
    "input_path",
    "path_problem",
    "read_input",
    "read_limited",
    "replace_atomically",
    "write_atomically",
]

_MB = 1024 * 1024


class FileKind(NamedTuple):
    """A kind of file socialready reads: what messages call it, the most bytes it may hold,
    and the error that refuses it."""

    name: str
    limit: int
    error: type[LocatedError]
    fields: frozenset[str] = frozenset()
    """The fields at the top of its files, for a file of this kind given in place of a
    responses file to be named as what it is (a test keeps them those of its model)."""
    given_as: str = ""
    """How a file of this kind is given to the library, as a message says it (the command
    line says its option instead: `as mapping=` becomes `with --mapping`)."""


QUESTIONNAIRE = FileKind(
    "questionnaire",
    5 * _MB,
    QuestionnaireError,
    frozenset(
        [
            "action_plan",
            "departments",
            "description",
            "dimensions",
            "display",
            "id",
            "languages",
            "level_caps",
            "level_scales",
            "levels",
            "maturity_levels",
            "recommendations",
            "reference_figures",
            "report",
            "scoring",
            "staffing",
            "steps",
            "summary",
            "title",
            "version",
        ]
    ),
    "as questionnaire=",
)
"""A questionnaire (the built-in one is about 100 kB)."""
RESPONSES = FileKind("responses file", 5 * _MB, ResponsesError)
MIGRATION = FileKind("migration table", _MB, ResponsesError)
"""A table that carries answers from one version of a built-in questionnaire to the next."""
"""One organisation's answers (the examples are 3 to 5 kB)."""
THEME = FileKind(
    "theme",
    1 * _MB,
    ThemeError,
    frozenset(
        [
            "confidential",
            "heading_font",
            "logo",
            "name",
            "primary",
            "secondary",
            "templates",
            "text_font",
        ]
    ),
    "as theme=, to the report",
)
"""A theme's YAML file (a few lines)."""
MAPPING = FileKind(
    "survey mapping",
    1 * _MB,
    MappingError,
    frozenset(
        [
            "assessor",
            "assessor_name",
            "country",
            "date",
            "date_formats",
            "delimiter",
            "encoding",
            "ignore",
            "locale",
            "organisation",
            "organisation_labels",
            "preset",
            "questionnaire",
            "questions",
            "roster",
            "same_names",
            "sector",
            "separator",
            "size_band",
        ]
    ),
    "as mapping=, beside the survey export it reads",
)
"""A survey export's mapping (the example is 3 kB)."""
SURVEY_EXPORT = FileKind("survey export", 20 * _MB, MappingError)
"""A survey tool's CSV export (an organisation's row of the built-in questionnaire is
about 3 kB); it also has a limit of rows, 10,000
(`socialready.survey._decoding.MAX_ROWS`)."""
ROSTER_EXPORT = FileKind("roster export", 20 * _MB, MappingError)
"""The separate CSV export of the step-3 roster."""
LOGO = FileKind("logo", 2 * _MB, ThemeError)
"""A theme's logo (PNG, JPEG or SVG)."""
TEMPLATE = FileKind("theme template", 1_000_000, ThemeError)
"""One template of a theme's folder."""
REPORT = FileKind("report", 50 * _MB, LocatedError)
"""A PDF report read back (the 24-page demo report is about 1 MB)."""

WAIT_SECONDS = 5.0
"""Longest wait for what a pipe or a device gives (a named pipe nobody writes to, a
terminal): then the file is refused rather than waited for."""

_CHUNK = 1024 * 1024
_LONGEST_NAME = 255
"""Most bytes of one name in a path (of a file or folder), as most file systems allow."""
_LONGEST_PATH = 4095


class Unreadable(Exception):
    """A file could not be read: `message` says why, `expected` what would do; `large`
    when it holds more than the limit."""

    def __init__(
        self,
        message: str,
        expected: str | None = None,
        *,
        large: bool = False,
        missing: bool = False,
    ):
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.large = large
        self.missing = missing


def path_problem(path: str | os.PathLike[str]) -> str | None:
    """Why `path` cannot name a file on this system (a NUL character, a name longer than
    255 bytes…), or `None` when it can: said before the system is asked, which would
    raise `ValueError` or `OSError`."""
    text = os.fspath(path)
    if "\0" in text:
        return "the path holds a NUL character"
    try:
        raw = os.fsencode(text)
    except UnicodeError:
        return "the path is not valid text"
    if len(raw) > _LONGEST_PATH:
        return f"the path is longer than {_LONGEST_PATH:,} bytes"
    if any(len(part) > _LONGEST_NAME for part in raw.split(b"/")):
        return f"a name in the path is longer than {_LONGEST_NAME} bytes"
    return None


def input_path(value: object, function: str, also: str = "") -> Path:
    """`value` as the path of an input file; a `TypeError` naming `function` when it
    is no path (a list, `None`, bytes): a mistake of the calling code, not of a file.
    `also` names what else `function` takes."""
    if isinstance(value, str | os.PathLike) and isinstance(os.fspath(value), str):
        return Path(value)
    raise TypeError(
        f"{function}() takes a path (a str or a pathlib.Path){also}, not {type(value).__name__}"
    )


def read_limited(path: str | os.PathLike[str], limit: int, *, plain_only: bool = False) -> bytes:
    """The bytes of `path`, if it holds at most `limit`; else `Unreadable`.

    Never more than `limit + 1` bytes are read, whatever the file's size says. The file is
    opened without waiting (a named pipe with no writer does not block the opening); a pipe
    or a device that gives nothing for `WAIT_SECONDS` is refused — and any of them
    at once when `plain_only`. A folder, a missing file, a path the system cannot take
    are refused with the reason (`missing` is set for a missing file).
    """
    problem = path_problem(path)
    if problem is not None:
        raise Unreadable(problem, "the path of a file")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        missing = isinstance(exc, FileNotFoundError)
        message = f"cannot read the file: {exc.strerror or exc}"
        raise Unreadable(message, missing=missing) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise Unreadable("is a folder", "a file")
        if stat.S_ISREG(mode):
            return _read_file(fd, limit)
        if plain_only:
            raise Unreadable("is not a plain file", "a file")
        return _read_stream(fd, limit)
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_large(limit: int) -> Unreadable:
    return Unreadable(f"more than {limit:,} bytes", large=True)


def _read_file(fd: int, limit: int) -> bytes:
    """A regular file's bytes, read until its end or `limit + 1` bytes (the files of
    `/proc` say they hold 0)."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
    raise _too_large(limit)


def _read_stream(fd: int, limit: int) -> bytes:
    """What a pipe or a device gives until its end, waiting `WAIT_SECONDS` at most."""
    deadline = time.monotonic() + WAIT_SECONDS
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        left = deadline - time.monotonic()
        if left <= 0 or not poller.poll(left * 1000):
            raise Unreadable(
                f"nothing more came within {WAIT_SECONDS:g} seconds (a pipe nobody writes"
                " to, a terminal?)",
                "a file, or a pipe its writer closes",
            )
        try:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
        except BlockingIOError:
            continue
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
    raise _too_large(limit)


def read_input(path: str | os.PathLike[str], kind: FileKind) -> bytes:
    """The bytes of an input file of `kind`, within its limit (see `read_limited`);
    a file that cannot be read raises the kind's error, naming the file and the kind."""
    try:
        return read_limited(path, kind.limit)
    except Unreadable as why:
        source = os.fspath(path)
        if why.large:
            problem = Problem(
                f"the {kind.name} is larger than {kind.limit:,} bytes",
                source=source,
                expected=f"a {kind.name} of at most {kind.limit:,} bytes",
            )
        else:
            problem = Problem(why.message, source=source, expected=why.expected)
        raise kind.error([problem], source=source) from None


Writer = Callable[[IO[bytes]], object]
"""Writes a file's content into the binary file it is given."""


def check_target(path: Path) -> Path:
    """The file to write for `path`: the file a symbolic link points to, so that the link
    stays. Refuses, naming `path`, a folder, a path in no folder, anything that is not
    a plain file (a device such as `/dev/stdout`, a pipe), and a path the system cannot
    take (a NUL character, a name longer than 255 bytes)."""
    problem = path_problem(path)
    if problem is not None:
        raise SocialReadyError(f"{excerpt(path)}: {problem} (expected the name of a file)")
    if path.is_dir():
        raise SocialReadyError(f"{path}: is a folder (expected the name of a file)")
    if path.exists() and not path.is_file():
        raise SocialReadyError(f"{path}: is not a plain file (expected the name of a file)")
    target = path.resolve() if path.is_symlink() else path
    if not target.parent.is_dir():
        raise SocialReadyError(f"{path}: the folder {target.parent} does not exist")
    return target


def replace_atomically(target: Path, content: bytes | str | Writer) -> None:
    """Write `content` into a temporary file beside `target`, flush it to disk, and
    rename it to `target`: a reader sees the old file or the whole new one, never half a
    file, and a crash leaves no half-written report behind. The temporary file is removed
    when anything fails, and the failure (an `OSError`) propagates as it is.

    `content` is bytes, text (written as UTF-8), or a function that writes into the
    binary file it is given. Most callers want `write_atomically`, which checks the
    target first and names it in the error.
    """
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as handle:
            if isinstance(content, str):
                handle.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                handle.write(content)
            else:
                content(handle)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomically(path: str | Path, content: bytes | str | Writer) -> None:
    """Write `path` whole or not at all (see `replace_atomically`), through a
    symbolic link if it is one.

    A path that cannot be written is refused by `check_target` before anything is
    made, or raises `SocialReadyError` naming `path` — never the
    temporary file beside it — with the reason.
    """
    path = Path(path)
    target = check_target(path)
    try:
        replace_atomically(target, content)
    except OSError as exc:
        raise SocialReadyError(f"{path}: cannot be written ({exc.strerror or exc})") from None
