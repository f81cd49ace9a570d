"""The exceptions of socialready.

Every error a user can act on derives from :class:`SocialReadyError`. Errors about the
content of a file carry a list of :class:`Problem`, each located by file, line, column and
field path, so that one run reports *every* mistake at once.

This module imports nothing from the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "LocatedError",
    "MappingError",
    "Problem",
    "QuestionnaireError",
    "ResponsesError",
    "SocialReadyError",
    "ThemeError",
    "format_path",
]


class SocialReadyError(Exception):
    """Base class of every error socialready raises on purpose."""


def format_path(path: Sequence[str | int]) -> str:
    """Write a field path the way a reader finds it in the file: ``steps[1].sections[0].id``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in an input file or data structure.

    ``line`` and ``column`` are 1-based; they are ``None`` when the input had no text
    positions (a Python dict) or when the problem concerns the file as a whole.
    """

    message: str
    source: str | None = None
    line: int | None = None
    column: int | None = None
    path: tuple[str | int, ...] = ()
    expected: str | None = None

    @property
    def field(self) -> str:
        """The field path as text, e.g. ``steps[1].sections[0].questions[3].when.question``."""
        return format_path(self.path)

    def __str__(self) -> str:
        where = self.source or "<data>"
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
        return text


class LocatedError(SocialReadyError):
    """An input was refused; ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.source or "", p.line or 0, p.column or 0))
        )
        self.source = source
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.problems)
        what = self.source or "<data>"
        head = f"{what}: {count} problem{'s' if count != 1 else ''}"
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
