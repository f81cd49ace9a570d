"""report._numbers: the one rounding rule of the report's numbers."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from socialready.report._numbers import ROUND_CEILING, ROUND_FLOOR, rounded, whole


def test_halves_up_from_the_number_as_written() -> None:
    assert (rounded(0.25, 1), rounded(2.675, 2), rounded(56.5), rounded(57.5)) == (
        Decimal("0.3"),
        Decimal("2.68"),
        Decimal(57),
        Decimal(58),
    )
    assert (round(0.25, 1), round(56.5)) == (0.2, 56)  # what Python's round() does instead
    assert str(rounded(-0.2)) == "0"  # never "-0"
    assert (rounded(59.96, 1, ROUND_FLOOR), rounded(40.31, 1, ROUND_CEILING)) == (
        Decimal("59.9"),
        Decimal("40.4"),
    )


def test_whole_numbers_for_charts() -> None:
    assert (whole(56.5), whole(0.0), whole(1e28)) == ("57", "0", "1" + "0" * 28)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_a_rounded_number_is_within_half_a_unit(value: float) -> None:
    assert abs(rounded(value, 1) - Decimal(repr(value))) <= Decimal("0.05")


def test_what_cannot_be_rounded_is_given_back() -> None:
    # a chart may be given any value (found by the charts' property test)
    from socialready.report._numbers import rounded, whole

    assert whole(float("inf")) == "Infinity"
    assert rounded(float("-inf")).is_infinite()
    assert rounded(float("nan")).is_nan()
