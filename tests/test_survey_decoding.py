"""Decoding survey exports: bytes to text, cells to dates."""

from __future__ import annotations

import datetime

import pytest

from socialready.errors import MappingError
from socialready.survey._decoding import decode, parse_date


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


def test_dates_by_the_mappings_formats_a_time_ignored() -> None:
    formats = ["%Y-%m-%d", "%d/%m/%Y"]
    assert parse_date("2026-12-01", formats) == datetime.date(2026, 12, 1)
    assert parse_date("01/12/2026 10:30", formats) == datetime.date(2026, 12, 1)
    assert parse_date("2026-12-01T10:30:00", formats) == datetime.date(2026, 12, 1)
    assert parse_date("December 1st", formats) is None
