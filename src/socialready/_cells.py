"""The texts of survey-export cells, as every kind of question reads them.

Labels are compared normalised (spaces collapsed, casefolded); options are found by their
id or their label in any language; a multiple-choice cell is split into its parts; a number
cell becomes a number when it plainly is one. The question kinds read their answers with
these, and the survey package its roster's fields.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "NOT_SELECTED",
    "SELECTED",
    "flag",
    "normal",
    "number_cell",
    "option_table",
    "split",
    "split_known",
]

_SAME = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2019": "'", "\u2018": "'", "\u02bc": "'"})
"""No-break spaces are spaces; a typographic apostrophe is the straight one people type
(and that pyxform writes by default)."""


def normal(text: str) -> str:
    """A cell text as compared with labels: spaces collapsed (no-break ones too), the
    apostrophes ' ’ ‘ alike, casefolded."""
    return " ".join(text.translate(_SAME).split()).casefold()


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


def split_known(value: str, separator: str, labels: dict[str, Any]) -> list[str]:
    """The parts of a multiple-choice cell whose separator may also be inside a label
    (Google Forms joins checkbox answers with ", "): adjacent parts are joined back, the
    longest run first, when together they are a known label (`labels`, normalised)."""
    parts = split(value, separator)
    if not separator.strip() and separator != " ":
        return parts
    joiner = separator if separator.strip() else " "
    found: list[str] = []
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            candidate = joiner.join(parts[start:end])
            if end == start + 1 or normal(candidate) in labels:
                found.append(candidate)
                start = end
                break
    return found


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3},\d{3}$")
_THOUSANDS = (
    re.compile(r"^[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$"),  # 1 340 000 / 1 340,5
    re.compile(r"^[+-]?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$"),  # 1,340,000
    re.compile(r"^[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$"),  # 1.340.000
)
"""Numbers written with a thousands separator that cannot be read another way: spaces
(no-break or not), or two groups and more of commas or of dots."""


def number_cell(value: str) -> Any:
    """A number cell as a number, or as its text when it is not plainly one (the check of
    the answers then says what is wrong with it). Thousands separators are read when they
    can mean nothing else (`1 340 000`, `1,340,000`, `1.340.000`); `1,500` is
    left as text: a thousands separator, or a decimal comma?"""
    if _GROUPED.match(value):
        return value
    for pattern, group in zip(_THOUSANDS, (" ", ",", "."), strict=True):
        if pattern.match(value):
            digits = value.translate(str.maketrans("", "", "\u00a0\u202f "))
            if group != " ":
                digits = digits.replace(group, "")
            value = digits
            break
    if _NUMBER.match(value):
        number = float(value.replace(",", "."))
        return int(number) if number.is_integer() else number
    return value


SELECTED = frozenset({"1", "y", "yes", "true", "x", "o", "oui", "vrai"})
"""What a survey tool writes in an option's own column when the option is selected."""
NOT_SELECTED = frozenset({"0", "n", "no", "false", "non", "faux"})
"""What it writes when the option is not (an empty cell says nothing)."""


def flag(text: str) -> bool | None:
    """Whether an option's own column says it is selected; `None` when the cell is empty.
    Raises `ValueError` for a cell that says neither."""
    value = normal(text)
    if not value:
        return None
    if value in SELECTED:
        return True
    if value in NOT_SELECTED:
        return False
    raise ValueError(value)
