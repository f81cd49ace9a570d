"""Question kinds: what each of the eight kinds of question means, in one place.

A questionnaire's questions are data (`questionnaire.py`); what an answer to each kind may
be, what it scores, which condition operators apply to it and with what operand, which
options it names, how it reads in words, how a survey export writes it, which fields it
makes in an XLSForm and which element asks it in a SurveyJS form are this module's. Every
other module asks the kind of a question (`kind_of`) instead of testing the question's
class: adding a kind means adding one class here.

Checking an answer signals a mismatch with `Bad` (the problems found, located below
the answer); scoring signals it by returning `None`: neither raises on a library bug's
behalf.
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, Literal, NamedTuple, Protocol, TypeVar

from ._cells import normal, number_cell, option_table, split_known
from ._located import close_matches, describe
from .errors import excerpt
from .questionnaire import (
    RACI_ROLES,
    MatrixQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Option,
    Question,
    RosterField,
    RosterQuestion,
    ScaleQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
    localised,
)

__all__ = [
    "HEADER_FIELDS",
    "LARGEST",
    "SIZE_BANDS",
    "AnswerWords",
    "Bad",
    "Checker",
    "Form",
    "FormChoice",
    "FormField",
    "Found",
    "Kind",
    "Scored",
    "Scorer",
    "Status",
    "as_roster",
    "kind_of",
    "listing",
    "sane",
    "shown",
    "suggest",
    "xpath_number",
]

Status = Literal[
    "scored",
    "dont_know",
    "unanswered",
    "unanswered_excluded",
    "not_applicable",
    "condition_false",
    "unscored",
]
"""What became of a question: counted (`scored`; `dont_know` and `unanswered` count
0) or left out (`unanswered_excluded` by the `exclude` policy, `not_applicable` by
the answer, `condition_false` because its `when:` is false, `unscored` because it
gives no points or has no weight)."""

Scored = tuple[Status, float]
"""What one answer earns: its status and its points."""

Scorer = Callable[[Any], Scored | None]
"""Answer value → (status, points) for one question; `None` when the value does not fit
the question (an answer `load_responses` would have refused)."""


# --- checking answers ------------------------------------------------------------------

Found = tuple[tuple[str | int, ...], str, str | None]
"""A problem within one answer: (path below the answer, message, what is expected)."""


class Bad(Exception):
    """An answer does not fit its question: `problems` are (sub-path, message, expected)."""

    def __init__(self, *problems: Found) -> None:
        super().__init__(problems)
        self.problems = problems


Checker = Callable[[Any], Any]
"""Validates one answer value and returns it normalised; raises `Bad`."""


_LISTED = 20
"""Most ids a message lists."""


def listing(ids: list[str] | list[int]) -> str:
    """Ids as a message lists them: quoted, cut, at most `_LISTED` of them."""
    shown = ", ".join(excerpt(i) for i in ids[:_LISTED])
    return shown if len(ids) <= _LISTED else f"{shown}… ({len(ids):,} in all)"


def suggest(given: str, ids: list[str]) -> str:
    """ "; did you mean 'x'?" when an id of `ids` is close to `given`."""
    close = close_matches(given, ids)
    return f"; did you mean {excerpt(close[0])}?" if close else ""


_NUMERAL = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def numbered_options(ids: list[str]) -> dict[float, str]:
    """The option ids that read as numbers, by the number they read as (`"5"` → 5), so
    that an answer written as a YAML number (`simulation: 5`) is the option it names. A
    number two ids read as (`"5"` and `"5.0"`) names neither."""
    found: dict[float, list[str]] = {}
    for ident in ids:
        if _NUMERAL.match(ident):
            found.setdefault(float(ident), []).append(ident)
    return {number: named[0] for number, named in found.items() if len(named) == 1}


def _as_option(value: Any, numbered: dict[float, str]) -> Any:
    """An answer given as a number, as the option id it reads as (else unchanged)."""
    if (type(value) is int or type(value) is float) and value in numbered:
        return numbered[value]
    return value


def _choice_checker(question: SingleChoiceQuestion) -> Checker:
    ids = [o.id for o in question.options]
    known = frozenset(ids)
    allowed = f"one of {listing(ids)}"
    numbered = numbered_options(ids)

    def check(value: Any) -> Any:
        if numbered:
            value = _as_option(value, numbered)
        if type(value) is str:
            if value in known:
                return value
            raise Bad(
                (
                    (),
                    f"{excerpt(value)} is not an option of this question",
                    allowed + suggest(value, ids),
                )
            )
        if type(value) is list:
            raise Bad(
                (
                    (),
                    f"{len(value)} answers to a single-choice question",
                    f"one option id: {allowed}",
                )
            )
        raise Bad(((), f"got {describe(value)}", f"one option id: {allowed}"))

    return check


def _multi_checker(question: MultipleChoiceQuestion) -> Checker:
    ids = [o.id for o in question.options]
    known = frozenset(ids)
    exclusive = frozenset(o.id for o in question.options if o.exclusive)
    allowed = f"a list of option ids among {listing(ids)}"
    numbered = numbered_options(ids)

    def check(value: Any) -> Any:
        if numbered:
            value = _as_option(value, numbered)
        if type(value) is str:
            value = [value]
        if type(value) is not list:
            raise Bad(((), f"got {describe(value)}", allowed))
        if numbered:
            value = [_as_option(item, numbered) for item in value]
        problems: list[Found] = []
        seen: set[str] = set()
        for i, item in enumerate(value):
            if type(item) is not str or item not in known:
                shown = excerpt(item) if type(item) is str else describe(item)
                hint = suggest(item, ids) if type(item) is str else ""
                problems.append(
                    (
                        (i,),
                        f"{shown} is not an option of this question",
                        f"one of {listing(ids)}{hint}",
                    )
                )
            elif item in seen:
                problems.append(((i,), f"{excerpt(item)} is given twice", "each option once"))
            else:
                seen.add(item)
        alone = seen & exclusive
        if alone and len(seen) > 1:
            problems.append(
                (
                    (),
                    f"{listing(sorted(alone))} cannot be combined with other options",
                    "that option alone, or the others without it",
                )
            )
        if problems:
            raise Bad(*problems)
        return value

    return check


def _scale_checker(question: ScaleQuestion) -> Checker:
    values = [p.value for p in question.scale]
    known = frozenset(values)
    allowed = f"one of {listing(values)}"

    def check(value: Any) -> Any:
        if type(value) is int and value in known:
            return value
        raise Bad(((), f"got {describe(value)}", allowed))

    return check


_YES = frozenset({"yes", "oui", "true"})
_NO = frozenset({"no", "non", "false"})


def _yes_no_checker(question: YesNoQuestion) -> Checker:
    def check(value: Any) -> Any:
        if type(value) is bool:
            return value
        if type(value) is str:
            word = value.strip().lower()
            if word in _YES:
                return True
            if word in _NO:
                return False
        raise Bad(((), f"got {describe(value)}", "true or false (or yes / no)"))

    return check


LARGEST = 1e15
"""No answer is a number larger than this: beyond it, figures are typos (or attacks)."""


def sane(value: float) -> bool:
    """Finite (no NaN or infinity, which `.nan` and `.inf` give in YAML) and not absurd."""
    # an int is compared exactly: math.isfinite cannot take one beyond a float's range
    return (type(value) is int or math.isfinite(value)) and -LARGEST <= value <= LARGEST


def shown(value: float) -> str:
    """A number as the reader wrote it: `10,000,000` rather than `1e+07`."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.15g}"


def _number_checker(question: NumberQuestion) -> Checker:
    low, high = question.bounds
    integer = question.integer
    unit = "%" if question.percent else ""
    bounds = " ".join(
        part
        for part in (
            f"≥ {shown(low)}{unit}" if low is not None else "",
            f"≤ {shown(high)}{unit}" if high is not None else "",
        )
        if part
    )
    if low is not None and high is not None:
        bounds = f"between {shown(low)}{unit} and {shown(high)}{unit}"
    allowed = ("a whole number" if integer else "a number") + (f" {bounds}" if bounds else "")

    def check(value: Any) -> Any:
        kind = type(value)
        if kind is not int and kind is not float:
            raise Bad(((), f"got {describe(value)}", allowed))
        if not sane(value):
            raise Bad(((), f"got {describe(value)}", f"{allowed}, finite and within ±10¹⁵"))
        if integer and kind is float:
            if not value.is_integer():
                raise Bad(((), f"got {describe(value)}", allowed))
            value = int(value)
        if (low is not None and value < low) or (high is not None and value > high):
            raise Bad(((), f"{shown(value)} is out of bounds", allowed))
        return value

    return check


def _matrix_checker(question: MatrixQuestion) -> Checker:
    rows = [r.id for r in question.rows]
    options = [o.id for o in question.options]
    known_rows, known_options = frozenset(rows), frozenset(options)
    allowed = f"a mapping of rows ({listing(rows)}) to options ({listing(options)})"
    numbered = numbered_options(options)

    def check(value: Any) -> Any:
        if type(value) is not dict:
            raise Bad(((), f"got {describe(value)}", allowed))
        if numbered:
            value = {row: _as_option(option, numbered) for row, option in value.items()}
        problems: list[Found] = []
        for row, option in value.items():
            if row not in known_rows:
                hint = suggest(str(row), rows)
                problems.append(
                    (
                        (row,),
                        f"{excerpt(row)} is not a row of this question",
                        f"one of {listing(rows)}{hint}",
                    )
                )
            elif type(option) is not str or option not in known_options:
                shown = excerpt(option) if type(option) is str else describe(option)
                hint = suggest(option, options) if type(option) is str else ""
                problems.append(
                    (
                        (row,),
                        f"{shown} is not an option of this question",
                        f"one of {listing(options)}{hint}",
                    )
                )
        if problems:
            raise Bad(*problems)
        return value

    return check


def _text_checker(question: TextQuestion) -> Checker:
    limit = question.max_length

    def check(value: Any) -> Any:
        if type(value) is not str:
            raise Bad(((), f"got {describe(value)}", "a text"))
        if len(value) > limit:
            raise Bad(((), f"text of {len(value):,} characters", f"at most {limit:,} characters"))
        return value

    return check


_RACI = "RACI"
_ROLES: dict[str, str] = {
    "".join(letters): "".join(sorted(letters, key=_RACI.index))
    for size in range(1, 5)
    for letters in itertools.permutations(_RACI, size)
}
"""Every way of writing one to four distinct role letters, to its R-A-C-I order."""

FieldChecker = Callable[[Any], tuple[Any, Found | None]]
"""Checks one roster field value: (normalised value, problem or `None`)."""


def _field_checker(field: RosterField) -> FieldChecker:
    """A checker for one roster field, prepared once."""
    ids = [o.id for o in field.options]
    if field.type == "text":
        return _text_field
    if field.type in ("number", "percent"):
        return _number_field(percent=field.type == "percent")
    return {"choice": _choice_field, "choices": _choices_field, "raci": _raci_field}[field.type](
        ids
    )


def _text_field(v: Any) -> tuple[Any, Found | None]:
    if type(v) is str and v.strip():
        return v, None
    return v, ((), f"got {describe(v)}", "a text")


def _number_field(percent: bool) -> FieldChecker:
    what = "a percentage between 0 and 1000" if percent else "a number ≥ 0"

    def number(v: Any) -> tuple[Any, Found | None]:
        if type(v) not in (int, float) or not sane(v):
            return v, ((), f"got {describe(v)}", what)
        if v < 0 or (percent and v > 1000):
            return v, ((), f"{shown(v)} is out of bounds", what)
        return v, None

    return number


def _choice_field(ids: list[str]) -> FieldChecker:
    known = frozenset(ids)
    allowed = f"one of {listing(ids)}"

    def choice(v: Any) -> tuple[Any, Found | None]:
        if type(v) is str and v in known:
            return v, None
        hint = suggest(v, ids) if type(v) is str else ""
        return v, ((), f"got {describe(v)}", allowed + hint)

    return choice


def _choices_field(ids: list[str]) -> FieldChecker:
    known = frozenset(ids)
    allowed = f"a list among {listing(ids)}"

    def choices(v: Any) -> tuple[Any, Found | None]:
        if type(v) is list and all(type(x) is str and x in known for x in v):
            return v, None
        wrong = [x for x in v if type(x) is str and x not in known] if type(v) is list else []
        return v, ((), f"got {describe(v)}", allowed + (suggest(wrong[0], ids) if wrong else ""))

    return choices


def _raci_field(ids: list[str]) -> FieldChecker:
    known = frozenset(ids)
    mapping = f"a mapping of responsibilities ({listing(ids)}) to R, A, C or I"

    def raci(v: Any) -> tuple[Any, Found | None]:
        if type(v) is not dict:
            return v, ((), f"got {describe(v)}", mapping)
        ordered = {}
        for duty, role in v.items():
            if duty not in known:
                hint = suggest(str(duty), ids)
                return v, (
                    (duty,),
                    f"{excerpt(duty)} is not a responsibility",
                    f"one of {listing(ids)}{hint}",
                )
            canonical = _ROLES.get(role) if type(role) is str else None
            if canonical is None:
                return v, (
                    (duty,),
                    f"role {excerpt(role)}",
                    "R, A, C or I, or several of them such as 'RA'",
                )
            ordered[duty] = canonical
        return ordered, None

    return raci


def _roster_checker(question: RosterQuestion) -> Checker:
    checkers = {f.id: _field_checker(f) for f in question.fields}
    required = [f.id for f in question.fields if f.required]
    names = list(checkers)
    low, high = question.min_items, question.max_items

    def check(value: Any) -> Any:
        if type(value) is not list:
            raise Bad(((), f"got {describe(value)}", "a list of records"))
        problems: list[Found] = []
        if not low <= len(value) <= high:
            problems.append(((), f"{len(value)} records", f"between {low} and {high} records"))
        records = []
        for i, record in enumerate(value):
            if type(record) is not dict:
                problems.append(
                    ((i,), f"got {describe(record)}", f"a record with the fields {listing(names)}")
                )
                continue
            for name in required:
                if record.get(name) is None:
                    problems.append(
                        (
                            (i,),
                            f"missing field {excerpt(name)}",
                            f"a record with {listing(required)}",
                        )
                    )
            normalised = {}
            for name, item in record.items():
                checker = checkers.get(name)
                if checker is None:
                    problems.append(
                        (
                            (i, name),
                            f"unknown field {excerpt(name)}",
                            f"one of {listing(names)}{suggest(str(name), names)}",
                        )
                    )
                elif item is not None:
                    item, bad = checker(item)
                    if bad is not None:
                        problems.append(((i, name, *bad[0]), bad[1], bad[2]))
                normalised[name] = item
            records.append(normalised)
        if problems:
            raise Bad(*problems)
        return records

    return check


# --- scoring answers -------------------------------------------------------------------

_LEFT_OUT: Scored = ("not_applicable", 0.0)


def _option_table(options: Sequence[Option]) -> dict[str, Scored]:
    table: dict[str, Scored] = {}
    for option in options:
        if option.not_applicable:
            table[option.id] = ("not_applicable", 0.0)
        elif option.dont_know:
            table[option.id] = ("dont_know", 0.0)
        else:
            table[option.id] = ("scored", option.points)
    return table


def _option_scorer(options: Sequence[Option]) -> Scorer:
    table = _option_table(options)

    def option(value: Any) -> Scored | None:
        return table.get(value) if type(value) is str else None

    return option


_ALL_SUBSETS_UP_TO = 10
"""A multiple-choice question with at most this many options has the score of each of its
answers (`2 ** n` sets of options) prepared: most questions do, and scoring one answer is
then one look-up."""


def _multi_scored(question: MultipleChoiceQuestion) -> Callable[[frozenset[str]], Scored]:
    """What a set of the question's options earns."""
    points_of = {o.id: o.points for o in question.options}
    left_out = frozenset(o.id for o in question.options if o.not_applicable)
    unknowing = frozenset(o.id for o in question.options if o.dont_know)
    cap = question.max_points

    def scored(chosen: frozenset[str]) -> Scored:
        if not left_out.isdisjoint(chosen):
            return _LEFT_OUT
        if chosen and chosen <= unknowing:
            return ("dont_know", 0.0)
        # correctly rounded, so that the order of the answer's options changes nothing
        return ("scored", min(cap, math.fsum(points_of[o] for o in chosen)))

    return scored


def _multi_table(question: MultipleChoiceQuestion) -> dict[frozenset[str], Scored] | None:
    """What each set of options earns, when the question has few enough options."""
    ids = [o.id for o in question.options]
    if len(ids) > _ALL_SUBSETS_UP_TO:
        return None
    scored = _multi_scored(question)
    table = {}
    for mask in range(1 << len(ids)):
        chosen = frozenset(o for i, o in enumerate(ids) if mask >> i & 1)
        table[chosen] = scored(chosen)
    return table


def _chosen(value: Any) -> frozenset[Any] | None:
    """The options a multiple-choice answer chooses, or None when it is no list of them."""
    if type(value) is not list:
        return None
    try:
        chosen = frozenset(value)
    except TypeError:  # a list or a mapping among the options: no option id
        return None
    if len(chosen) != len(value):
        return None  # an option given twice: it counts once, or not at all
    return chosen


def _multi_scorer(question: MultipleChoiceQuestion) -> Scorer:
    known = frozenset(o.id for o in question.options)
    scored = _multi_scored(question)
    table = _multi_table(question)

    def multi(value: Any) -> Scored | None:
        chosen = _chosen(value)
        if chosen is None:
            return None
        if table is not None:
            return table.get(chosen)  # None: an option that is not one of the question's
        if not chosen <= known:
            # option ids are texts: 1 or True is none of them
            return None
        return scored(chosen)

    return multi


def _multi_finder(
    question: MultipleChoiceQuestion, outcome: Callable[[Scored], T]
) -> Callable[[Any], T | None] | None:
    """The outcome of each set of options, prepared: scoring an answer is one look-up."""
    table = _multi_table(question)
    if table is None:
        return None
    outcomes = {chosen: outcome(scored) for chosen, scored in table.items()}

    def multi(value: Any) -> T | None:
        chosen = _chosen(value)
        # None: no list of options, or an option that is not one of the question's
        return None if chosen is None else outcomes.get(chosen)

    return multi


def _scale_scorer(question: ScaleQuestion) -> Scorer:
    points: dict[int, Scored] = {p.value: ("scored", p.points) for p in question.scale}

    def scale(value: Any) -> Scored | None:
        return points.get(value) if type(value) is int else None

    return scale


def _yes_no_scorer(question: YesNoQuestion) -> Scorer:
    yes: Scored = ("scored", question.yes_points)
    no: Scored = ("scored", question.no_points)

    def yes_no(value: Any) -> Scored | None:
        if value is True:
            return yes
        if value is False:
            return no
        return None  # "no" is a text, and a text is not an answer here

    return yes_no


def _number_scorer(question: NumberQuestion) -> Scorer:
    return _number_finder(question, _as_scored)


def _as_scored(scored: Scored) -> Scored:
    return scored


def _number_finder(
    question: NumberQuestion, outcome: Callable[[Scored], T]
) -> Callable[[Any], T | None]:
    """The outcome of each band, prepared: a number's is found by bisection. Bands are
    contiguous and increasing (the questionnaire checks it): a value's band is found among
    the starts of the bands after the first."""
    bands = [(b.from_, b.to, outcome(("scored", b.points))) for b in question.bands]
    starts = [b.from_ if b.from_ is not None else -math.inf for b in question.bands[1:]]
    outside = outcome(("scored", 0.0))

    def number(value: Any) -> T | None:
        kind = type(value)
        if (kind is not int and kind is not float) or (kind is float and not math.isfinite(value)):
            return None
        low, high, found = bands[bisect_right(starts, value)]
        if (low is None or value >= low) and (high is None or value < high):
            return found
        return outside  # pragma: no cover - bands cover the bounds

    return number


def _matrix_scorer(question: MatrixQuestion, unanswered_zero: bool) -> Scorer:
    top = question.max_points
    # per row: (id, what each option adds to (earned, possible) — None for an option that
    # says the row does not apply —, what an unanswered row adds to possible)
    rows: list[tuple[str, dict[str, tuple[float, float] | None], float]] = [
        (
            r.id,
            {
                option: None if status == "not_applicable" else (r.weight * points, r.weight * top)
                for option, (status, points) in _option_table(question.options).items()
            },
            r.weight * top,
        )
        for r in question.rows
    ]
    known_rows = frozenset(row for row, _, _ in rows)

    def matrix(value: Any) -> Scored | None:
        if type(value) is not dict or not value.keys() <= known_rows:
            return None
        # rows answered not applicable count nowhere; unanswered rows follow the policy
        earned = possible = 0.0
        for row, cells, whole in rows:
            given = value.get(row)
            if given is None:
                if unanswered_zero:
                    possible += whole
                continue
            if type(given) is not str or given not in cells:
                return None
            found = cells[given]
            if found is None:
                continue
            earned += found[0]
            possible += found[1]
        if possible == 0:
            return _LEFT_OUT
        return ("scored", top * (earned / possible))  # earned <= possible: <= top

    return matrix


_MATRIX_SUMS_UP_TO = 4096
"""A matrix whose rows' points are whole numbers has the outcome of each (earned,
possible) sum its answers can reach prepared, when there are at most this many."""


def _matrix_finder(
    question: MatrixQuestion, unanswered_zero: bool, outcome: Callable[[Scored], T]
) -> Callable[[Any], T | None] | None:
    """The outcomes of a matrix's answers, prepared by the sums they reach.

    When what every cell adds to the earned and possible points is a whole number (and
    their sums stay below 2**53), adding them in any order gives exactly the float sums of
    `_matrix_scorer`, so an answer's outcome depends only on its two sums. Each sum is
    then one integer (`earned + possible * width`, which no other pair gives), each cell
    adds its own, and the outcome of every reachable total is prepared. `None` for
    other matrices (their answers are scored by `_matrix_scorer`).
    """
    top = question.max_points
    table = _option_table(question.options)
    # per row: what each option adds (earned, possible), and what leaving it unanswered adds
    rows: list[tuple[str, dict[str, tuple[float, float]], tuple[float, float]]] = []
    for r in question.rows:
        whole = r.weight * top
        cells = {
            option: (0.0, 0.0) if status == "not_applicable" else (r.weight * points, whole)
            for option, (status, points) in table.items()
        }
        rows.append((r.id, cells, (0.0, whole if unanswered_zero else 0.0)))
    added = [x for _, cells, unanswered in rows for x in (*cells.values(), unanswered)]
    bound = sum(max(abs(e), abs(p)) for e, p in added)
    if bound >= 2**53 or not all(float(x).is_integer() for pair in added for x in pair):
        return None
    reached = {(0, 0)}
    for _, cells, unanswered in rows:
        steps = {(int(e), int(p)) for e, p in (*cells.values(), unanswered)}
        reached = {(e + de, p + dp) for e, p in reached for de, dp in steps}
        if len(reached) > _MATRIX_SUMS_UP_TO:
            return None
    low = min(e for e, _ in reached)
    width = max(e for e, _ in reached) - low + 1

    def code(earned: float, possible: float) -> int:
        return int(earned) + int(possible) * width

    outcomes = {
        code(e, p): outcome(_LEFT_OUT if p == 0 else ("scored", top * (float(e) / float(p))))
        for e, p in reached
    }
    start = sum(code(*unanswered) for _, _, unanswered in rows)
    codes = {
        row: {option: code(*cell) - code(*unanswered) for option, cell in cells.items()}
        for row, cells, unanswered in rows
    }

    def matrix(value: Any) -> T | None:
        if type(value) is not dict:
            return None
        total = start
        try:
            for row, given in value.items():
                total += codes[row][given]
        except (KeyError, TypeError):  # a row or an option the question does not have
            return None
        return outcomes[total]

    return matrix


# --- answers in words ------------------------------------------------------------------


class AnswerWords(Protocol):
    """What wording an answer needs from the report's catalogue of one language."""

    @property
    def lang(self) -> str:
        """The language."""

    def __call__(self, key: str, **values: object) -> str:
        """The text of `key` in the catalogue."""

    def number(self, value: float, digits: int = 0) -> str:
        """A number in the language's format."""

    def percent(self, share: float) -> str:
        """A share in [0, 1] as a percentage."""

    def typeset(self, text: str) -> str:
        """Text typed by the assessor, with the language's spaces."""


def _list_separator(lang: str) -> str:
    return "\u202f; " if lang == "fr" else "; "


def _option_label(options: Sequence[Option], value: Any, lang: str) -> str | None:
    found = next((o for o in options if o.id == value), None)
    return localised(found.label, lang) if found is not None else None


# --- answers in survey cells -----------------------------------------------------------

_YES_CELLS = ("1", "vrai", "true", "yes", "oui", "y", "o")
_NO_CELLS = ("0", "faux", "false", "no", "non", "n")
"""How survey tools (and people) write yes and no in a cell, once normalised."""


# --- fields of an XLSForm --------------------------------------------------------------


class FormField(NamedTuple):
    """One row of an XLSForm's survey sheet: a field, or where a group or repeat begins or
    ends."""

    type: str
    name: str
    label: dict[str, str] | None = None
    hint: dict[str, str] | None = None
    required: bool = False
    constraint: str = ""
    relevant: str = ""


HEADER_FIELDS = {
    "org_name": ("text", {"fr": "Nom de l’organisation", "en": "Name of the organisation"}),
    "org_sector": ("text", {"fr": "Secteur d’activité", "en": "Sector"}),
    "org_size": ("select_one size_band", {"fr": "Effectif", "en": "Head count"}),
    "org_country": (
        "text",
        {"fr": "Pays (code à deux lettres, ex. FR)", "en": "Country (two-letter code, e.g. FR)"},
    ),
    "assessment_date": ("date", {"fr": "Date du diagnostic", "en": "Date of the assessment"}),
    "assessor": ("text", {"fr": "Évaluateur", "en": "Assessor"}),
}
"""The form's first fields (name → XLSForm type, label): the organisation, the date and
the assessor, named as the example mapping and the survey presets read them."""

SIZE_BANDS = ["1-9", "10-49", "50-249", "250-999", "1000+"]
"""The choices of the form's size band, as the organisation's size_band takes them."""


class FormChoice(NamedTuple):
    """One row of an XLSForm's choices sheet: an option of the list `list_name`."""

    list_name: str
    name: str
    label: dict[str, str]


Form = tuple[list[FormField], list[FormChoice]]
"""The fields a question makes in an XLSForm, and the choices of its lists."""


def xpath_number(value: float) -> str:
    """A number as XPath reads it: no exponent (1e+06 is not XPath)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _form_field(type_: str, question: Question, relevant: str, constraint: str = "") -> FormField:
    """The field that asks `question` (or the group or repeat that holds its fields)."""
    return FormField(
        type_, question.id, question.label, question.help, constraint=constraint, relevant=relevant
    )


def _form_choices(list_name: str, options: Sequence[Option]) -> list[FormChoice]:
    return [FormChoice(list_name, o.id, o.label) for o in options]


_ROSTER_FIELD_TYPES = {
    "text": "text",
    "number": "decimal",
    "percent": "decimal",
    "choice": "select_one {}",
    "choices": "select_multiple {}",
}
"""The XLSForm type of a roster field by its type (`{}`: its list), but for `raci`."""


# --- answers in a JSON Schema ----------------------------------------------------------


def options_schema(options: Sequence[Option], lang: str) -> dict[str, Any]:
    """One option id: an enum, with the options' labels as descriptions (`enumDescriptions`,
    which editors show beside each id as they complete it)."""
    return {
        "type": "string",
        "enum": [o.id for o in options],
        "enumDescriptions": [localised(o.label, lang) for o in options],
    }


def _any_case(words: Sequence[str]) -> str:
    """A pattern matching any of `words` in any case, with spaces around."""
    spelt = "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in word) for word in words)
    return rf"^\s*({spelt})\s*$"


def _roster_field_schema(field: RosterField, lang: str) -> dict[str, Any]:
    """The JSON Schema of one roster field (a field not required may be null)."""
    schema: dict[str, Any]
    if field.type == "text":
        schema = {"type": "string", "pattern": r"\S"}
    elif field.type in ("number", "percent"):
        top = 1000 if field.type == "percent" else LARGEST
        schema = {"type": "number", "minimum": 0, "maximum": top}
    elif field.type == "choice":
        schema = options_schema(field.options, lang)
    elif field.type == "choices":
        schema = {"type": "array", "items": options_schema(field.options, lang)}
    else:  # raci: each responsibility to one to four role letters, such as R or RA
        roles = {"type": "string", "enum": sorted(_ROLES)}
        schema = {
            "type": "object",
            "properties": {
                o.id: {**roles, "description": localised(o.label, lang)} for o in field.options
            },
            "additionalProperties": False,
        }
    if not field.required:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "description": localised(field.label, lang)}


# --- answers in a blank responses file --------------------------------------------------

Say = Callable[..., str]
"""A sentence of a blank responses file by its key, in the file's language."""


def _choices(options: Sequence[Option], lang: str) -> list[str]:
    """Options as a blank responses file lists them: `  id — label`, one a line."""
    return [f"  {o.id} — {localised(o.label, lang)}" for o in options]


_EXAMPLE_FIELD: dict[str, Callable[[RosterField], str]] = {
    "text": lambda f: "…",
    "number": lambda f: "1",
    "percent": lambda f: "50",
    "choice": lambda f: f.options[0].id,
    "choices": lambda f: f"[{f.options[0].id}]",
    "raci": lambda f: "{" + ", ".join(f"{o.id}: R" for o in f.options[:2]) + "}",
}
"""The value of each type of roster field in a blank file's example record."""


# --- elements of a SurveyJS form ------------------------------------------------------

Localise = Callable[[dict[str, str]], Any]
"""A text in every language of the form, as SurveyJS reads a localisable string."""


def _survey_choices(options: Sequence[Option], localise: Localise) -> list[dict[str, Any]]:
    return [{"value": o.id, "text": localise(o.label)} for o in options]


def _survey_field(
    field: RosterField, localise: Localise, words: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """The element of one field of a roster's record."""
    element: dict[str, Any] = {"name": field.id, "title": localise(field.label)}
    if field.required:
        element["isRequired"] = True
    if field.type == "text":
        element["type"] = "text"
    elif field.type in ("number", "percent"):
        element.update(type="text", inputType="number", min=0)
        if field.type == "percent":
            element.update(max=1000, placeholder="%")
    elif field.type == "choice":
        element.update(type="dropdown", choices=_survey_choices(field.options, localise))
    elif field.type == "choices":
        element.update(type="checkbox", choices=_survey_choices(field.options, localise))
        element["colCount"] = 2
    else:  # raci: the roles of each responsibility, one row each
        roles = [{"value": r, "text": localise(t)} for r, t in RACI_ROLES.items()]
        element.update(
            type="matrixdropdown",
            rows=[{"value": o.id, "text": localise(o.label)} for o in field.options],
            columns=[
                {
                    "name": "roles",
                    "title": localise(words["roles"]),
                    "cellType": "checkbox",
                    "choices": roles,
                    "colCount": 4,
                }
            ],
        )
    return element


# --- the kinds -------------------------------------------------------------------------

Q = TypeVar("Q", bound=Question)
T = TypeVar("T")


class Kind(Generic[Q]):
    """What one kind of question means. Each method takes a question of this kind."""

    name: ClassVar[str]
    """The `kind:` of its questions in a questionnaire file."""
    operators: ClassVar[tuple[str, ...]]
    """The condition operators that apply to its answers."""
    never_scored: ClassVar[str | None] = None
    """How a problem names it when it cannot be scored at all (free text, a roster)."""
    points_word: ClassVar[str] = "points"
    """What gives its answers points, as a problem says it."""
    counts_for_completeness: ClassVar[bool] = True
    """Whether an unanswered question of this kind makes an assessment less complete."""
    xpath_count: ClassVar[str | None] = None
    """The XPath function that measures its answer, a list, in an XLSForm `relevant`
    expression (`count-selected` for a multiple choice, `count` for a repeat group)."""

    def checker(self, question: Q) -> Checker:
        """A function that checks one answer and returns it normalised (raises `Bad`)."""
        raise NotImplementedError

    def scorer(self, question: Q, unanswered_zero: bool) -> Scorer | None:
        """A function from an answer to what it earns; `None` for a kind never scored."""
        return None

    def answers(self, question: Q) -> list[Any] | None:
        """Every answer the question can have, when they are few (their outcomes are then
        prepared once); `None` otherwise."""
        return None

    def results(self, question: Q) -> set[Scored] | None:
        """Every (status, points) an answer can earn, when they are few though the answers
        are many (their outcomes are then prepared once); `None` otherwise."""
        return None

    def finder(
        self, question: Q, unanswered_zero: bool, outcome: Callable[[Scored], T]
    ) -> Callable[[Any], T | None] | None:
        """A function from an answer to its outcome in one call, the outcomes of its
        results prepared by `outcome` (the scorer's result, then a look-up, costs more); it
        returns `None` for an answer that does not fit. `None`: the kind has none."""
        return None

    def operand_problem(self, question: Q, value: Any) -> tuple[str, str] | None:
        """Why `value` cannot be the operand of an `equals`/`in`/`includes` test on
        this question — (what is wrong, what is expected) — or `None` if it can."""
        return None

    def row_ids(self, question: Q) -> list[str] | None:
        """The rows a condition may name with `row:`; `None` when it has no rows."""
        return None

    def row_labels(self, question: Q) -> dict[str, dict[str, str]] | None:
        """A matrix's row ids and their labels by language (None for other kinds): what a
        survey tool that heads its columns by text writes for each row."""
        return None

    def option_ids(self, question: Q) -> list[str] | None:
        """The ids of its options, when its answers name options; `None` otherwise."""
        return None

    def flag_ids(self, question: Q) -> list[str] | None:
        """The options a survey tool may export as one column each, a flag saying whether
        it is selected (a multiple choice's); `None` when its answer is one cell."""
        return None

    def named(self, question: Q, value: Any, excluded: frozenset[str]) -> set[str]:
        """What an answer names, apart from `excluded`: its options, or for a matrix the
        rows answered with another option than `excluded`."""
        return set()

    def is_percent(self, question: Q) -> bool:
        """Whether its answer is a percentage (a reference figure can stand beside it)."""
        return False

    def combined(self, question: Q, given: Any, new: Any) -> Any:
        """The answer once an action leading to the checked answer `new` is done, where
        `given` was answered (None: unanswered): `new` replaces it, unless the kind keeps
        part of what was given."""
        return new

    def text(self, question: Q, value: Any, words: AnswerWords) -> str:
        """The answer in words, as the reader of a report sees it."""
        return str(value)

    def row_text(self, question: Q, row: str, value: Any, words: AnswerWords) -> tuple[str, str]:
        """(the question and row's label, the answer in that row) for a matrix."""
        raise NotImplementedError

    def cell_labels(self, question: Q, extra: dict[str, str]) -> dict[str, Any]:
        """Cell text (normalised) → answer value, for the options or scale points of
        `question` and a survey mapping's own `extra` labels."""
        return option_table([], extra)

    def read_cell(self, question: Q, text: str, labels: dict[str, Any], separator: str) -> Any:
        """The answer value of one cell of a survey export (for a matrix, the answer in one
        row), as load_responses() expects it (it checks the rest); `labels` come from
        `cell_labels`, `separator` parts a multiple choice."""
        return text.strip()

    def answer_schema(self, question: Q, lang: str) -> dict[str, Any]:
        """The JSON Schema (draft-07) of an answer's value, with the labels of its options in
        `lang` as descriptions, for editors that complete a responses file."""
        raise NotImplementedError

    def blank(self, question: Q, lang: str, say: Say) -> list[str]:
        """What an answer to `question` is, in words of `lang`, as the comment lines
        above it in a blank responses file (options with their labels)."""
        raise NotImplementedError

    def blank_body(self, question: Q, lang: str, say: Say) -> list[str]:
        """The lines under the question's key in a blank responses file, commented out (a
        matrix's rows, a roster's example record); none by default."""
        return []

    def form(self, question: Q, relevant: str) -> Form:
        """The fields that ask `question` in an XLSForm (the first of them, a group's or a
        repeat's beginning, asked only when the XPath expression `relevant` holds) and
        the choices of their lists."""
        raise NotImplementedError

    def survey_element(
        self, question: Q, localise: Localise, words: dict[str, dict[str, str]]
    ) -> dict[str, Any]:
        """The SurveyJS element that asks `question` (its type and what the kind needs;
        the form adds its name, title and visibility), its texts localised by `localise`,
        the form's own `words` by their key."""
        raise NotImplementedError


C = TypeVar("C", SingleChoiceQuestion, MultipleChoiceQuestion, MatrixQuestion)


class _OptionCells(Kind[C]):
    """A kind whose survey cells name its options (a matrix's, in each row): by their id
    or their label in any language."""

    def cell_labels(self, question: C, extra: dict[str, str]) -> dict[str, Any]:
        return option_table(question.options, extra)

    def read_cell(self, question: C, text: str, labels: dict[str, Any], separator: str) -> Any:
        value = text.strip()
        return labels.get(normal(value), value)


def _option_problem(question: Any, value: Any) -> tuple[str, str] | None:
    ids = [o.id for o in question.options]
    if value not in ids or not isinstance(value, str):
        return (
            f"{excerpt(value)} is not an option of {excerpt(question.id)}",
            f"one of {listing(ids)}",
        )
    return None


class _SingleChoice(_OptionCells[SingleChoiceQuestion]):
    name = "single_choice"
    operators = ("equals", "in", "answered")

    def answer_schema(self, question: SingleChoiceQuestion, lang: str) -> dict[str, Any]:
        return options_schema(question.options, lang)

    def blank(self, question: SingleChoiceQuestion, lang: str, say: Say) -> list[str]:
        return [say("one_of"), *_choices(question.options, lang)]

    def checker(self, question: SingleChoiceQuestion) -> Checker:
        return _choice_checker(question)

    def scorer(self, question: SingleChoiceQuestion, unanswered_zero: bool) -> Scorer:
        return _option_scorer(question.options)

    def answers(self, question: SingleChoiceQuestion) -> list[Any]:
        return [o.id for o in question.options]

    def operand_problem(self, question: SingleChoiceQuestion, value: Any) -> tuple[str, str] | None:
        return _option_problem(question, value)

    def option_ids(self, question: SingleChoiceQuestion) -> list[str]:
        return [o.id for o in question.options]

    def named(
        self, question: SingleChoiceQuestion, value: Any, excluded: frozenset[str]
    ) -> set[str]:
        return set() if value in excluded else {value}

    def text(self, question: SingleChoiceQuestion, value: Any, words: AnswerWords) -> str:
        label = _option_label(question.options, value, words.lang)
        return label if label is not None else str(value)

    def survey_element(
        self, question: SingleChoiceQuestion, localise: Localise, words: dict[str, dict[str, str]]
    ) -> dict[str, Any]:
        return {"type": "radiogroup", "choices": _survey_choices(question.options, localise)}

    def form(self, question: SingleChoiceQuestion, relevant: str) -> Form:
        name = f"list_{question.id}"
        field = _form_field(f"select_one {name}", question, relevant)
        return [field], _form_choices(name, question.options)


class _MultipleChoice(_OptionCells[MultipleChoiceQuestion]):
    name = "multiple_choice"
    operators = ("includes", "in", "answered")
    xpath_count = "count-selected"

    def answer_schema(self, question: MultipleChoiceQuestion, lang: str) -> dict[str, Any]:
        # one option id is read as a list of it
        one = options_schema(question.options, lang)
        return {"anyOf": [{"type": "array", "items": one, "uniqueItems": True}, one]}

    def blank(self, question: MultipleChoiceQuestion, lang: str, say: Say) -> list[str]:
        example = ", ".join([o.id for o in question.options if not o.exclusive][:2])
        lines = [say("some_of", example=example), *_choices(question.options, lang)]
        alone = [o.id for o in question.options if o.exclusive]
        return lines + ([say("alone", options=", ".join(alone))] if alone else [])

    def checker(self, question: MultipleChoiceQuestion) -> Checker:
        return _multi_checker(question)

    def scorer(self, question: MultipleChoiceQuestion, unanswered_zero: bool) -> Scorer:
        return _multi_scorer(question)

    def finder(
        self,
        question: MultipleChoiceQuestion,
        unanswered_zero: bool,
        outcome: Callable[[Scored], T],
    ) -> Callable[[Any], T | None] | None:
        return _multi_finder(question, outcome)

    def results(self, question: MultipleChoiceQuestion) -> set[Scored]:
        sums = {0.0}
        for option in question.options:
            sums |= {total + option.points for total in sums}
        found: set[Scored] = {("scored", min(question.max_points, total)) for total in sums}
        return found | {("dont_know", 0.0), _LEFT_OUT}

    def operand_problem(
        self, question: MultipleChoiceQuestion, value: Any
    ) -> tuple[str, str] | None:
        return _option_problem(question, value)

    def option_ids(self, question: MultipleChoiceQuestion) -> list[str]:
        return [o.id for o in question.options]

    def combined(self, question: MultipleChoiceQuestion, given: Any, new: Any) -> Any:
        """The options given are kept and the new ones added; an exclusive option given
        ("none", "don't know") is dropped; a new exclusive option replaces the selection."""
        if type(given) is not list:
            return new
        exclusive = {o.id for o in question.options if o.exclusive}
        if not exclusive.isdisjoint(new):
            return new
        kept = [x for x in given if x not in exclusive]
        return kept + [x for x in new if x not in kept]

    def flag_ids(self, question: MultipleChoiceQuestion) -> list[str]:
        return [o.id for o in question.options]

    def named(
        self, question: MultipleChoiceQuestion, value: Any, excluded: frozenset[str]
    ) -> set[str]:
        return {v for v in value if v not in excluded}

    def text(self, question: MultipleChoiceQuestion, value: Any, words: AnswerWords) -> str:
        lang = words.lang
        labels = [
            label for v in value if (label := _option_label(question.options, v, lang)) is not None
        ]
        return _list_separator(lang).join(labels) or "—"

    def read_cell(
        self, question: MultipleChoiceQuestion, text: str, labels: dict[str, Any], separator: str
    ) -> Any:
        value = text.strip()
        whole = labels.get(normal(value))
        if whole is not None:  # a single label that contains the separator
            return [whole]
        parts = split_known(value, separator, labels)
        return [labels.get(normal(p), p) for p in parts]

    def survey_element(
        self, question: MultipleChoiceQuestion, localise: Localise, words: dict[str, dict[str, str]]
    ) -> dict[str, Any]:
        choices = _survey_choices(question.options, localise)
        for choice, option in zip(choices, question.options, strict=True):
            if option.exclusive:
                choice["isExclusive"] = True
        return {"type": "checkbox", "choices": choices}

    def form(self, question: MultipleChoiceQuestion, relevant: str) -> Form:
        name = f"list_{question.id}"
        exclusive = [o.id for o in question.options if o.exclusive]
        constraint = " and ".join(
            f"not(selected(., '{o}') and count-selected(.) > 1)" for o in exclusive
        )
        field = _form_field(f"select_multiple {name}", question, relevant, constraint)
        return [field], _form_choices(name, question.options)


class _Scale(Kind[ScaleQuestion]):
    name = "scale"
    operators = ("equals", "in", "at_least", "at_most", "answered")

    def answer_schema(self, question: ScaleQuestion, lang: str) -> dict[str, Any]:
        return {
            "type": "integer",
            "enum": [p.value for p in question.scale],
            "enumDescriptions": [localised(p.label, lang) for p in question.scale],
        }

    def blank(self, question: ScaleQuestion, lang: str, say: Say) -> list[str]:
        return [
            say("one_of"),
            *(f"  {p.value} — {localised(p.label, lang)}" for p in question.scale),
        ]

    def checker(self, question: ScaleQuestion) -> Checker:
        return _scale_checker(question)

    def scorer(self, question: ScaleQuestion, unanswered_zero: bool) -> Scorer:
        return _scale_scorer(question)

    def answers(self, question: ScaleQuestion) -> list[Any]:
        return [p.value for p in question.scale]

    def operand_problem(self, question: ScaleQuestion, value: Any) -> tuple[str, str] | None:
        values = [p.value for p in question.scale]
        if isinstance(value, bool) or value not in values:
            return (
                f"{excerpt(value)} is not a value of the scale of {excerpt(question.id)}",
                f"one of {listing(values)}",
            )
        return None

    def text(self, question: ScaleQuestion, value: Any, words: AnswerWords) -> str:
        point = next((p for p in question.scale if p.value == value), None)
        return f"{value} — {localised(point.label, words.lang)}" if point else str(value)

    def cell_labels(self, question: ScaleQuestion, extra: dict[str, str]) -> dict[str, Any]:
        table: dict[str, Any] = {}
        for point in question.scale:
            for label in point.label.values():
                table.setdefault(normal(label), point.value)
        return table | option_table([], extra)

    def read_cell(
        self, question: ScaleQuestion, text: str, labels: dict[str, Any], separator: str
    ) -> Any:
        value = text.strip()
        if normal(value) in labels:
            return labels[normal(value)]
        return number_cell(value)

    def survey_element(
        self, question: ScaleQuestion, localise: Localise, words: dict[str, dict[str, str]]
    ) -> dict[str, Any]:
        points = [{"value": p.value, "text": localise(p.label)} for p in question.scale]
        return {"type": "radiogroup", "choices": points}

    def form(self, question: ScaleQuestion, relevant: str) -> Form:
        name = f"list_{question.id}"
        choices = [FormChoice(name, str(p.value), p.label) for p in question.scale]
        return [_form_field(f"select_one {name}", question, relevant)], choices


class _YesNo(Kind[YesNoQuestion]):
    name = "yes_no"
    operators = ("equals", "answered")

    def answer_schema(self, question: YesNoQuestion, lang: str) -> dict[str, Any]:
        # yes/no, oui/non and true/false in any case are read as the booleans
        words = sorted(_YES | _NO)
        return {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": _any_case(words)}]}

    def blank(self, question: YesNoQuestion, lang: str, say: Say) -> list[str]:
        return [say("yes_no")]

    def checker(self, question: YesNoQuestion) -> Checker:
        return _yes_no_checker(question)

    def scorer(self, question: YesNoQuestion, unanswered_zero: bool) -> Scorer:
        return _yes_no_scorer(question)

    def answers(self, question: YesNoQuestion) -> list[Any]:
        return [True, False]

    def operand_problem(self, question: YesNoQuestion, value: Any) -> tuple[str, str] | None:
        if not isinstance(value, bool):
            return f"{excerpt(value)} is not an answer to a yes/no question", "true or false"
        return None

    def text(self, question: YesNoQuestion, value: Any, words: AnswerWords) -> str:
        return words("yes") if value else words("no")

    def read_cell(
        self, question: YesNoQuestion, text: str, labels: dict[str, Any], separator: str
    ) -> Any:
        value = text.strip()
        word = normal(value)
        if word in labels:  # the mapping's own labels: {Sí: yes}
            return self.read_cell(question, str(labels[word]), {}, separator)
        if word in _YES_CELLS:
            return True
        if word in _NO_CELLS:
            return False
        return value

    def survey_element(
        self, question: YesNoQuestion, localise: Localise, words: dict[str, dict[str, str]]
    ) -> dict[str, Any]:
        return {
            "type": "boolean",
            "renderAs": "radio",
            "labelTrue": localise({"fr": "Oui", "en": "Yes"}),
            "labelFalse": localise({"fr": "Non", "en": "No"}),
            "swapOrder": True,  # Yes first
        }

    def form(self, question: YesNoQuestion, relevant: str) -> Form:
        return [_form_field("select_one yes_no", question, relevant)], []  # the form's list


class _Number(Kind[NumberQuestion]):
    name = "number"
    operators = ("equals", "in", "at_least", "at_most", "answered")
    points_word = "bands"

    def answer_schema(self, question: NumberQuestion, lang: str) -> dict[str, Any]:
        low, high = question.bounds
        schema: dict[str, Any] = {"type": "integer" if question.integer else "number"}
        schema["minimum"] = -LARGEST if low is None else low
        schema["maximum"] = LARGEST if high is None else high
        unit = "%" if question.percent else localised(question.unit, lang)
        if unit:
            schema["description"] = unit
        return schema

    def blank(self, question: NumberQuestion, lang: str, say: Say) -> list[str]:
        low, high = question.bounds
        what = say("whole_number" if question.integer else "number")
        if low is not None and high is not None:
            text = f"{what} {say('between', low=shown(low), high=shown(high))}"
        else:
            bound = f"≥ {shown(low)}" if low is not None else ""
            text = f"{what} {bound or (f'≤ {shown(high)}' if high is not None else '')}".rstrip()
        unit = "%" if question.percent else localised(question.unit, lang)
        return [f"{text} ({unit})" if unit else text]

    def checker(self, question: NumberQuestion) -> Checker:
        return _number_checker(question)

    def scorer(self, question: NumberQuestion, unanswered_zero: bool) -> Scorer:
        return _number_scorer(question)

    def finder(
        self, question: NumberQuestion, unanswered_zero: bool, outcome: Callable[[Scored], T]
    ) -> Callable[[Any], T | None] | None:
        return _number_finder(question, outcome)

    def results(self, question: NumberQuestion) -> set[Scored]:
        found: set[Scored] = {("scored", band.points) for band in question.bands}
        return found | {("scored", 0.0)}

    def operand_problem(self, question: NumberQuestion, value: Any) -> tuple[str, str] | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{excerpt(value)} is not a number", "a number"
        return None

    def is_percent(self, question: NumberQuestion) -> bool:
        return question.percent

    def text(self, question: NumberQuestion, value: Any, words: AnswerWords) -> str:
        if question.percent:
            return words.percent(value / 100)
        unit_text = question.unit_one if value == 1 and question.unit_one else question.unit
        unit = localised(unit_text, words.lang) if unit_text else ""
        number = words.number(value, 0 if question.integer else 1)
        return f"{number}\u00a0{unit}" if unit else number  # the unit never alone on a line

    def read_cell(
        self, question: NumberQuestion, text: str, labels: dict[str, Any], separator: str
    ) -> Any:
        return number_cell(text.strip())

    def survey_element(
        self, question: NumberQuestion, localise: Localise, words: dict[str, dict[str, str]]
    ) -> dict[str, Any]:
        low, high = question.bounds
        element: dict[str, Any] = {"type": "text", "inputType": "number"}
        if low is not None:
            element["min"] = low
        if high is not None:
            element["max"] = high
        unit = question.unit or ({"fr": "%", "en": "%"} if question.percent else None)
        if unit:
            element["placeholder"] = localise(unit)
        if question.integer:
            element["step"] = 1
            element["validators"] = [
                {"type": "regex", "regex": "^-?[0-9]+$", "text": localise(words["integer"])}
            ]
        return element

    def form(self, question: NumberQuestion, relevant: str) -> Form:
        low, high = question.bounds
        bounds = [
            f". >= {xpath_number(low)}" if low is not None else "",
            f". <= {xpath_number(high)}" if high is not None else "",
        ]
        constraint = " and ".join(b for b in bounds if b)
        type_ = "integer" if question.integer else "decimal"
        return [_form_field(type_, question, relevant, constraint)], []


class _Matrix(_OptionCells[MatrixQuestion]):
    name = "matrix"
    operators = ("equals", "in", "answered")

    def combined(self, question: MatrixQuestion, given: Any, new: Any) -> Any:
        """The rows given are kept, the new ones set."""
        return {**given, **new} if type(given) is dict else new

    def answer_schema(self, question: MatrixQuestion, lang: str) -> dict[str, Any]:
        cell = options_schema(question.options, lang)
        return {
            "type": "object",
            "properties": {
                row.id: {**cell, "description": localised(row.label, lang)} for row in question.rows
            },
            "additionalProperties": False,
        }

    def blank(self, question: MatrixQuestion, lang: str, say: Say) -> list[str]:
        return [say("per_row"), *_choices(question.options, lang)]

    def blank_body(self, question: MatrixQuestion, lang: str, say: Say) -> list[str]:
        width = max(len(r.id) for r in question.rows)
        return [
            f"#   {r.id + ':':<{width + 1}}  # {localised(r.label, lang)}" for r in question.rows
        ]

    def checker(self, question: MatrixQuestion) -> Checker:
        return _matrix_checker(question)

    def scorer(self, question: MatrixQuestion, unanswered_zero: bool) -> Scorer:
        return _matrix_scorer(question, unanswered_zero)

    def finder(
        self, question: MatrixQuestion, unanswered_zero: bool, outcome: Callable[[Scored], T]
    ) -> Callable[[Any], T | None] | None:
        return _matrix_finder(question, unanswered_zero, outcome)

    def operand_problem(self, question: MatrixQuestion, value: Any) -> tuple[str, str] | None:
        return _option_problem(question, value)

    def row_ids(self, question: MatrixQuestion) -> list[str]:
        return [r.id for r in question.rows]

    def row_labels(self, question: MatrixQuestion) -> dict[str, dict[str, str]]:
        return {r.id: r.label for r in question.rows}

    def option_ids(self, question: MatrixQuestion) -> list[str]:
        return [o.id for o in question.options]

    def named(self, question: MatrixQuestion, value: Any, excluded: frozenset[str]) -> set[str]:
        return {row for row, option in value.items() if option not in excluded}

    def text(self, question: MatrixQuestion, value: Any, words: AnswerWords) -> str:
        lang, colon = words.lang, words("colon")
        rows = [
            f"{localised(row.label, lang)}{colon}{label}"
            for row in question.rows
            if row.id in value
            and (label := _option_label(question.options, value[row.id], lang)) is not None
        ]
        return _list_separator(lang).join(rows) or "—"

    def row_text(
        self, question: MatrixQuestion, row: str, value: Any, words: AnswerWords
    ) -> tuple[str, str]:
        lang = words.lang
        found = next(r for r in question.rows if r.id == row)
        label = _option_label(question.options, value, lang) if isinstance(value, str) else None
        shown = label if label is not None else words("not_answered")
        return f"{localised(question.label, lang)} — {localised(found.label, lang)}", shown

    def survey_element(
        self, question: MatrixQuestion, localise: Localise, words: dict[str, dict[str, str]]
    ) -> dict[str, Any]:
        return {
            "type": "matrix",
            "rows": [{"value": r.id, "text": localise(r.label)} for r in question.rows],
            "columns": _survey_choices(question.options, localise),
        }

    def form(self, question: MatrixQuestion, relevant: str) -> Form:
        # a group of one question per row: exports name their columns question/row
        name = f"list_{question.id}"
        fields = [_form_field("begin_group", question, relevant)]
        fields += [FormField(f"select_one {name}", row.id, row.label) for row in question.rows]
        fields.append(FormField("end_group", question.id))
        return fields, _form_choices(name, question.options)


class _Text(Kind[TextQuestion]):
    name = "text"
    operators = ("answered",)
    never_scored = "free text"
    counts_for_completeness = False  # free text is never expected of everyone

    def answer_schema(self, question: TextQuestion, lang: str) -> dict[str, Any]:
        return {"type": "string", "maxLength": question.max_length}

    def blank(self, question: TextQuestion, lang: str, say: Say) -> list[str]:
        return [say("text", limit=f"{question.max_length:,}")]

    def checker(self, question: TextQuestion) -> Checker:
        return _text_checker(question)

    def text(self, question: TextQuestion, value: Any, words: AnswerWords) -> str:
        return words.typeset(str(value))

    def survey_element(
        self, question: TextQuestion, localise: Localise, words: dict[str, dict[str, str]]
    ) -> dict[str, Any]:
        kind = "comment" if question.multiline else "text"
        return {"type": kind, "maxLength": question.max_length}

    def form(self, question: TextQuestion, relevant: str) -> Form:
        return [_form_field("text", question, relevant)], []


class _Roster(Kind[RosterQuestion]):
    name = "roster"
    operators = ("at_least", "at_most", "answered")
    never_scored = "a roster"
    xpath_count = "count"

    def answer_schema(self, question: RosterQuestion, lang: str) -> dict[str, Any]:
        record = {
            "type": "object",
            "properties": {f.id: _roster_field_schema(f, lang) for f in question.fields},
            "required": [f.id for f in question.fields if f.required],
            "additionalProperties": False,
        }
        return {
            "type": "array",
            "items": record,
            "minItems": question.min_items,
            "maxItems": question.max_items,
        }

    def blank(self, question: RosterQuestion, lang: str, say: Say) -> list[str]:
        return [say("roster")]

    def blank_body(self, question: RosterQuestion, lang: str, say: Say) -> list[str]:
        lines = []
        for i, f in enumerate(question.fields):
            lead = "#   - " if i == 0 else "#     "
            note = localised(f.label, lang) + (f" ({say('required')})" if f.required else "")
            lines.append(f"{lead}{f.id}: {_EXAMPLE_FIELD[f.type](f)}  # {note}")
            if f.type in ("choice", "choices", "raci"):
                # comments still once the record's # are removed
                lines += [f"#       #{choice}" for choice in _choices(f.options, lang)]
        return lines

    def checker(self, question: RosterQuestion) -> Checker:
        return _roster_checker(question)

    def text(self, question: RosterQuestion, value: Any, words: AnswerWords) -> str:
        return words("record") if len(value) == 1 else words("records", count=len(value))

    def survey_element(
        self, question: RosterQuestion, localise: Localise, words: dict[str, dict[str, str]]
    ) -> dict[str, Any]:
        element: dict[str, Any] = {
            "type": "paneldynamic",
            "templateElements": [_survey_field(f, localise, words) for f in question.fields],
            "templateTitle": "#{panelIndex}",
            "panelCount": 0,
            "maxPanelCount": question.max_items,
            "panelAddText": localise(words["add"]),
            "panelRemoveText": localise(words["remove"]),
        }
        if question.min_items:
            n, ident = question.min_items, question.id
            at_least = {k: v.format(n=n) for k, v in words["at_least"].items()}
            element["validators"] = [
                {
                    "type": "expression",
                    "expression": f"{{{ident}}} empty or {{{ident}.length}} >= {n}",
                    "text": localise(at_least),
                }
            ]
        return element

    def form(self, question: RosterQuestion, relevant: str) -> Form:
        # a repeat group: one entry per person
        fields = [_form_field("begin_repeat", question, relevant)]
        choices: list[FormChoice] = []
        for f in question.fields:
            name = f"{question.id}_{f.id}"
            if f.type == "raci":
                # one role question per responsibility: R, A, C, I, or several of them
                fields.append(FormField("begin_group", name, f.label))
                fields += [
                    FormField("select_multiple raci", f"{name}_{o.id}", o.label) for o in f.options
                ]
                fields.append(FormField("end_group", name))
                continue
            type_ = _ROSTER_FIELD_TYPES[f.type].format(f"list_{name}")
            bounds = {"number": ". >= 0", "percent": ". >= 0 and . <= 1000"}.get(f.type, "")
            if len(fields) == 1:  # the first field of an entry: no more entries than allowed
                most = f"position(..) <= {question.max_items}"
                bounds = f"{bounds} and {most}" if bounds else most
            fields.append(FormField(type_, name, f.label, required=f.required, constraint=bounds))
            if f.type in ("choice", "choices"):
                choices += _form_choices(f"list_{name}", f.options)
        fields.append(FormField("end_repeat", question.id))
        return fields, choices


_KINDS: dict[type[Any], Kind[Any]] = {
    SingleChoiceQuestion: _SingleChoice(),
    MultipleChoiceQuestion: _MultipleChoice(),
    ScaleQuestion: _Scale(),
    YesNoQuestion: _YesNo(),
    NumberQuestion: _Number(),
    MatrixQuestion: _Matrix(),
    TextQuestion: _Text(),
    RosterQuestion: _Roster(),
}


def kind_of(question: Question) -> Kind[Any]:
    """The kind of `question`: what its answers may be, score, test and read as."""
    return _KINDS[type(question)]


def as_roster(question: Question) -> RosterQuestion | None:
    """`question` if it is a roster, else `None`."""
    return question if type(question) is RosterQuestion else None
