"""The one rounding rule of every number the report prints.

Python's `round()`, `format()` and Babel round halves to even and work on the binary
value of a float (`0.25` → `0.2`, `2.675` → `2.67`); a reader rounds halves up, from
the number as written. Every score, point count, percentage and difference of the report is
rounded here, and differences are computed from the rounded values, so that what the page
shows adds up.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal

__all__ = ["ROUND_CEILING", "ROUND_FLOOR", "rounded", "whole"]

_WIDE = Context(prec=400)
"""Room for every finite float's digits (the largest has 309 before the point)."""


def rounded(value: float | Decimal, digits: int = 0, rounding: str = ROUND_HALF_UP) -> Decimal:
    """`value` with `digits` decimals, halves away from zero unless `rounding` says
    otherwise; a float is taken as its shortest decimal form (`2.675` is 2.675, not the
    2.67499… it holds). Zero is never negative; infinities and NaN are returned as they are
    (there is nothing to round)."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    if not exact.is_finite():
        return exact
    result = exact.quantize(Decimal(1).scaleb(-digits), rounding=rounding, context=_WIDE)
    return result if result else abs(result)


def whole(value: float) -> str:
    """`value` as a whole number, rounded half up (for charts, which speak no language)."""
    return str(rounded(value))
