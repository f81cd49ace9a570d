"""Decoding survey exports: bytes to text, cells to numbers, dates and lists."""

from __future__ import annotations

import datetime

import pytest

from socialready.errors import MappingError
from socialready.survey._decoding import decode, number_cell, parse_date, split


def test_utf8_with_or_without_a_byte_order_mark_else_windows_1252() -> None:
    assert decode("Hélice".encode(), None, "x.csv") == "Hélice"
    assert decode("\ufeffHélice".encode(), None, "x.csv") == "Hélice"
    assert decode("Hélice".encode("cp1252"), None, "x.csv") == "Hélice"


def test_an_encoding_named_by_the_mapping_is_held_to_with_the_line() -> None:
    with pytest.raises(MappingError) as caught:
        decode(b"a\nb\n\xff", "utf-8", "x.csv")
    [problem] = caught.value.problems
    assert (problem.source, problem.line) == ("x.csv", 3)
    assert "not valid utf-8" in problem.message


@pytest.mark.parametrize(
    ("cell", "value"),
    [("12", 12), ("92,5", 92.5), ("92.5", 92.5), ("-3", -3), ("1,500", "1,500"), ("n/a", "n/a")],
)
def test_number_cells(cell: str, value: object) -> None:
    # "1,500" could be a thousands separator or a decimal comma: left as text, refused later
    assert number_cell(cell) == value
    assert type(number_cell(cell)) is type(value)


def test_dates_by_the_mappings_formats_a_time_ignored() -> None:
    formats = ["%Y-%m-%d", "%d/%m/%Y"]
    assert parse_date("2026-12-01", formats) == datetime.date(2026, 12, 1)
    assert parse_date("01/12/2026 10:30", formats) == datetime.date(2026, 12, 1)
    assert parse_date("2026-12-01T10:30:00", formats) == datetime.date(2026, 12, 1)
    assert parse_date("December 1st", formats) is None


def test_multiple_choice_cells_split_on_the_separator_or_on_spaces() -> None:
    assert split("chat; wiki ;", ";") == ["chat", "wiki"]
    assert split("chat wiki", " ") == ["chat", "wiki"]
