"""The exceptions of socialready.

Every error a user can act on derives from `SocialReadyError`. Errors about the
content of a file carry a list of `Problem`, each located by file, line, column and
field path, so that one run reports *every* mistake at once.

This module imports nothing from the package.
"""

from __future__ import annotations

import math
import os
import reprlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "LocatedError",
    "MappingError",
    "Problem",
    "QuestionnaireError",
    "ResponsesError",
    "SocialReadyError",
    "ThemeError",
    "excerpt",
    "format_path",
]

EXCERPT = 60
"""Most characters of a value a message repeats; a longer value is cut and marked "…"."""
MAX_MESSAGE = 2_000
"""Most characters of one problem as it is written (its file, field, message and what was
expected): a message that would be longer is cut, whatever went into it."""
_SOURCE = 200
"""Most characters of a file's name a problem repeats (the end of it, which names it)."""
_NAME = 200
"""Most characters of one name of a field path (a survey export's column names, paths of
groups, are often longer than an excerpt)."""


class SocialReadyError(Exception):
    """Base class of every error socialready raises on purpose."""


class _Shown(reprlib.Repr):
    """`repr` of a container, bounded in depth, items and length whatever it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxlist = self.maxtuple = self.maxset = self.maxdict = 4
        self.maxstring = self.maxother = EXCERPT
        self.fillvalue = "…"

    def repr_str(self, x: str, level: int) -> str:
        return excerpt(x)

    def repr_int(self, x: int, level: int) -> str:
        return excerpt(x)


_SHOWN = _Shown()
_LARGE = 10**EXCERPT


def excerpt(value: Any, *, quoted: bool = True) -> str:
    """A value as a message repeats it: `repr` for a short text (`'abc'`), at most
    `EXCERPT` characters of a long one, marked with "…" and followed by its length
    (`'abcd…' (1,000,000 characters)`); a number as written, or about how many digits it
    has when it is too long to repeat; a list or mapping as the start of it; a file's path
    as its end (`…/themes/logo.svg`), which names the file.

    `quoted=False` repeats a text as it is, cut and marked but without quotes or length
    (for a name the message shows as the file writes it: an anchor, a tag, a reference).

    Every message that repeats a value from an input uses it, so that no input makes a
    message long (a value built from YAML aliases can hold a billion characters).
    """
    if isinstance(value, os.PathLike):
        text = os.fsdecode(value)
        return text if len(text) <= EXCERPT else f"…{text[-EXCERPT:]}"
    if isinstance(value, str):
        if len(value) <= EXCERPT:
            return repr(value) if quoted else value
        if not quoted:
            return f"{value[:EXCERPT]}…"
        shown = repr(value[:EXCERPT])
        return f"{shown[:-1]}…{shown[-1]} ({len(value):,} characters)"
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        if -_LARGE < value < _LARGE:
            return repr(value)
        # not written out: Python refuses to write a number of more than 4,300 digits
        digits = int(value.bit_length() * math.log10(2)) + 1
        return f"a whole number of about {digits:,} digits"
    try:
        shown = _SHOWN.repr(value)
    except Exception:  # a value whose repr fails still gets a message
        shown = f"<{type(value).__name__}>"
    return shown if len(shown) <= EXCERPT else f"{shown[:EXCERPT]}…"


def format_path(path: Sequence[str | int]) -> str:
    """Write a field path the way a reader finds it in the file: `steps[1].sections[0].id`.

    A name longer than 200 characters (an unknown id, say) is cut and marked.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = _cut(str(part), _NAME)
            out += f".{name}" if out else name
    return out


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _source(source: str | None) -> str:
    """A file's name as a message gives it: its end, when it is long."""
    where = source or "<data>"
    return where if len(where) <= _SOURCE else f"…{where[-_SOURCE + 1 :]}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in an input file or data structure.

    `line` and `column` are 1-based; they are `None` when the input had no text
    positions (a Python dict) or when the problem concerns the file as a whole.
    """

    message: str
    source: str | None = None
    line: int | None = None
    column: int | None = None
    path: tuple[str | int, ...] = ()
    expected: str | None = None

    def __post_init__(self) -> None:
        # the last guard of MAX_MESSAGE: each site that repeats a value cuts it already
        if len(self.message) > MAX_MESSAGE:
            object.__setattr__(self, "message", _cut(self.message, MAX_MESSAGE))
        if self.expected is not None and len(self.expected) > MAX_MESSAGE:
            object.__setattr__(self, "expected", _cut(self.expected, MAX_MESSAGE))

    @property
    def field(self) -> str:
        """The field path as text, e.g. `steps[1].sections[0].questions[3].when.question`."""
        return format_path(self.path)

    def __str__(self) -> str:
        where = _source(self.source)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.path:
            text += f"{self.field}: "
        text += self.message
        if self.expected:
            text += f" (expected {self.expected})"
        return _cut(text, MAX_MESSAGE)


class LocatedError(SocialReadyError):
    """An input was refused; `problems` lists every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.source or "", p.line or 0, p.column or 0))
        )
        self.source = source
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.problems)
        head = f"{_source(self.source)}: {count} problem{'s' if count != 1 else ''}"
        return "\n".join([head, *(f"  {problem}" for problem in self.problems)])


# --- an input was refused, one class per kind of input -----------------------------------


class QuestionnaireError(LocatedError):
    """A questionnaire file or structure is invalid (syntax, types, references, texts)."""


class ResponsesError(LocatedError):
    """Responses do not fit their questionnaire (unknown questions, options, bounds…)."""


class MappingError(LocatedError):
    """A survey export cannot be read as its mapping says (or the mapping file is invalid)."""


class ThemeError(LocatedError):
    """A theme cannot be used: a missing logo file, an unknown block, a bad colour…"""
