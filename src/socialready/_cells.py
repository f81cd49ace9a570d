"""The texts of survey-export cells, as every kind of question reads them.

Labels are compared normalised (spaces collapsed, casefolded); options are found by their
id or their label in any language; a multiple-choice cell is split into its parts; a number
cell becomes a number when it plainly is one. The question kinds read their answers with
these, and the survey package its roster's fields.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["NOT_SELECTED", "SELECTED", "flag", "normal", "number_cell", "option_table", "split"]


def normal(text: str) -> str:
    """A cell text as compared with labels: spaces collapsed (no-break ones too), casefolded."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).casefold()


def option_table(options: list[Any], extra: dict[str, str]) -> dict[str, Any]:
    """Cell text (an option id or label in any language, normalised) → option id."""
    table: dict[str, Any] = {}
    for option in options:
        table[normal(option.id)] = option.id
        for label in option.label.values():
            table.setdefault(normal(label), option.id)
    table.update({normal(k): v for k, v in extra.items()})
    return table


def split(value: str, separator: str) -> list[str]:
    """The parts of a multiple-choice cell."""
    if separator.strip():
        return [p.strip() for p in value.split(separator) if p.strip()]
    return value.split()


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3},\d{3}$")


def number_cell(value: str) -> Any:
    """A number cell as a number, or as its text when it is not plainly one (the check of
    the answers then says what is wrong with it)."""
    if _GROUPED.match(value):  # "1,500": a thousands separator or a decimal comma?
        return value
    if _NUMBER.match(value):
        number = float(value.replace(",", "."))
        return int(number) if number.is_integer() else number
    return value


SELECTED = frozenset({"1", "y", "yes", "true", "x", "o", "oui", "vrai"})
"""What a survey tool writes in an option's own column when the option is selected."""
NOT_SELECTED = frozenset({"0", "n", "no", "false", "non", "faux"})
"""What it writes when the option is not (an empty cell says nothing)."""


def flag(text: str) -> bool | None:
    """Whether an option's own column says it is selected; ``None`` when the cell is empty.
    Raises :class:`ValueError` for a cell that says neither."""
    value = normal(text)
    if not value:
        return None
    if value in SELECTED:
        return True
    if value in NOT_SELECTED:
        return False
    raise ValueError(value)
