"""A lower bound for validate + assess in plain Python, beside what socialready takes.

Issue 3 asks for validate + assess at 20,000 responses per second or more (50 µs each) on
the built-in questionnaire. This script times a deliberately incomplete version of the two,
written as leanly as we could, from the questionnaire's public model:

* validating: the header's types and date, then each answer with one or two type and
  membership tests (no roster fields, notes, warnings or located messages);
* scoring: each question's `when:`, its points, its part added to its section and its
  dimensions; every section, step, dimension and the overall score summed with
  ``math.fsum``; every recommendation's condition decided.

It leaves out the rest of what the library does: the trace records, completeness, the
reference figures, the reasons of the action plan, the staffing analysis, the pydantic
models; it aggregates by weighted mean only, as the built-in questionnaire does. It first
checks that its scores (sections, steps, dimensions, overall) and its triggered
recommendations equal the library's on the examples and on 300 varied responses, then
prints both timings. Run with plain ``python``:

    python benchmarks/bench_floor.py [--seconds S]
"""

from __future__ import annotations

import datetime
import math
import sys
from collections.abc import Callable
from math import fsum
from typing import Any

from bench_scoring import example_dicts, per_second, start, varied  # this folder's own script

from socialready import assess, load_questionnaire, load_responses
from socialready.conditions import compile_condition
from socialready.questionnaire import (
    MatrixQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Questionnaire,
    ScaleQuestion,
    SingleChoiceQuestion,
    YesNoQuestion,
)

WRAPPER = frozenset({"value", "note", "evidence"})
CHOICE, YES_NO, SCALE, NUMBER, MULTI, MATRIX, UNSCORED = range(7)
UNKNOWN = object()


class Lean:
    """The questionnaire flattened into tables, once."""

    def __init__(self, q: Questionnaire) -> None:
        self.zero = q.scoring.unanswered == "zero"
        self.sections = [s.id for step in q.steps for s in step.sections]
        self.dimensions = [d.id for d in q.dimensions]
        modes = {q.scoring.aggregation} | {
            mode
            for step in q.steps
            for mode in (step.aggregation, *(s.aggregation for s in step.sections))
        }
        if modes - {"mean", None}:
            raise SystemExit(f"the lean version aggregates by weighted mean only, not {modes}")
        self.steps = [
            (step.id, step.weight, [(s.id, s.weight) for s in step.sections]) for step in q.steps
        ]
        self.rows: list[tuple[Any, ...]] = []
        for _, section, x in q.iter_questions():
            targets = (
                self.sections.index(section.id),
                *(len(self.sections) + self.dimensions.index(d) for d in x.dimensions),
            )
            when = compile_condition(x.when) if x.when is not None else None
            memo: dict[Any, Any] = {}
            self.rows.append(
                (x.id, *self._kind(x, self.zero), when, x.weight, x.max_points, targets, memo)
            )
        self.checks = {row[0]: (row[1], row[2]) for row in self.rows}
        self.recommendations = [(r.id, compile_condition(r.when)) for r in q.recommendations]

    @staticmethod
    def _kind(x: Any, zero: bool) -> tuple[int, Any]:
        if not x.scored:
            return UNSCORED, None
        if isinstance(x, SingleChoiceQuestion):
            # None: an option that leaves the question out
            return CHOICE, {o.id: None if o.not_applicable else o.points for o in x.options}
        if isinstance(x, YesNoQuestion):
            return YES_NO, (x.yes_points, x.no_points)
        if isinstance(x, ScaleQuestion):
            return SCALE, {p.value: p.points for p in x.scale}
        if isinstance(x, NumberQuestion):
            return NUMBER, (*x.bounds, [(b.from_, b.to, b.points) for b in x.bands])
        if isinstance(x, MultipleChoiceQuestion):
            points = {o.id: o.points for o in x.options}
            left_out = frozenset(o.id for o in x.options if o.not_applicable)
            return MULTI, (points, left_out, x.max_points)
        assert isinstance(x, MatrixQuestion)
        options = {o.id: None if o.not_applicable else o.points for o in x.options}
        return MATRIX, ([(r.id, r.weight) for r in x.rows], options, x.max_points, zero)


def validate(lean: Lean, data: dict[str, Any]) -> dict[str, Any]:
    if type(data["questionnaire"]) is not str or type(data["organisation"]) is not dict:
        raise ValueError("header")
    datetime.date.fromisoformat(data["date"])
    checks = lean.checks
    answers = {}
    for ident, value in data["answers"].items():
        kind, table = checks[ident]
        if type(value) is dict and "value" in value and value.keys() <= WRAPPER:
            value = value["value"]
        if value is None:
            continue
        if kind in (CHOICE, SCALE):
            ok = value in table
        elif kind == YES_NO:
            ok = type(value) is bool
        elif kind == NUMBER:
            low, high, _ = table
            ok = type(value) in (int, float) and (low is None or value >= low)
            ok = ok and (high is None or value <= high)
        elif kind == MULTI:
            ok = type(value) is list and table[0].keys() >= set(value)
        elif kind == MATRIX:
            ok = type(value) is dict and all(v in table[1] for v in value.values())
        else:
            ok = True
        if not ok:
            raise ValueError(ident)
        answers[ident] = value
    return answers


def points_of(kind: int, table: Any, value: Any) -> float | None:
    if kind in (CHOICE, SCALE):
        return table[value]  # type: ignore[no-any-return]
    if kind == YES_NO:
        return table[0] if value else table[1]  # type: ignore[no-any-return]
    if kind == NUMBER:
        for low, high, points in table[2]:
            if (low is None or value >= low) and (high is None or value < high):
                return points  # type: ignore[no-any-return]
        return 0.0
    if kind == MULTI:
        points, left_out, cap = table
        if not left_out.isdisjoint(value):
            return None
        return min(cap, sum(points[v] for v in value))  # type: ignore[no-any-return]
    rows, options, top, zero = table
    earned = possible = 0.0
    for row, weight in rows:
        given = value.get(row)
        if given is None:
            if zero:  # an unanswered row counts 0 out of its maximum
                possible += weight * top
            continue
        got = options[given]
        if got is not None:
            earned += weight * got
            possible += weight * top
    return top * earned / possible if possible else None


def score(lean: Lean, answers: dict[str, Any]) -> tuple[dict[str, float | None], list[str]]:
    answers = dict(answers)
    parts: list[list[tuple[float, float, float, float]]] = [
        [] for _ in range(len(lean.sections) + len(lean.dimensions))
    ]
    for ident, kind, table, when, weight, top, targets, memo in lean.rows:
        if when is not None and not when(answers, None):
            answers.pop(ident, None)
            continue
        if kind == UNSCORED or weight <= 0:
            continue
        value = answers.get(ident)
        if value is None:
            if not lean.zero:
                continue
            key: Any = None
        else:  # parts remembered by answer value, as the library does
            key = value if kind <= NUMBER else tuple(value) if kind == MULTI else (*value.items(),)
        part = memo.get(key, UNKNOWN)
        if part is UNKNOWN:
            points = 0.0 if value is None else points_of(kind, table, value)
            part = (
                None
                if points is None
                else (weight, weight * points / top, weight * points, weight * top)
            )
            memo[key] = part
        if part is None:
            continue
        for target in targets:
            parts[target].append(part)
    scores: dict[str, float | None] = {}
    for ident, counted in zip(lean.sections + lean.dimensions, parts, strict=True):
        if counted:
            w, wn, p, m = zip(*counted, strict=True)
            fsum(p), fsum(m)  # the trace's points and maxima
            scores[ident] = 100.0 * fsum(wn) / fsum(w)
        else:
            scores[ident] = None
    overall = []
    for ident, weight, members in lean.steps:
        counted_scores = [(w, s) for c, w in members if (s := scores[c]) is not None and w > 0]
        scores[ident] = step = weighted_mean(counted_scores)
        if step is not None and weight > 0:
            overall.append((weight, step))
    scores["overall"] = weighted_mean(overall)

    def lookup(kind: str, ident: str) -> float | None:
        return scores["overall" if kind == "overall" else ident]

    fired = [ident for ident, condition in lean.recommendations if condition(answers, lookup)]
    return scores, fired


def weighted_mean(scores: list[tuple[float, float]]) -> float | None:
    """The weighted mean of scores in [0, 100], as the library computes it."""
    if not scores:
        return None
    return 100.0 * fsum(w * (s / 100.0) for w, s in scores) / fsum(w for w, _ in scores)


def per_call(run: Callable[[Any], Any], items: list[Any], seconds: float) -> float:
    """Median µs per item over timed rounds."""
    return 1e6 / per_second(run, items, seconds)


def main() -> int:
    seconds = start(__doc__)
    q = load_questionnaire()
    lean = Lean(q)
    dicts = example_dicts()

    for data in [*dicts, *varied(q, dicts, 300, seed=1)]:  # it computes what the library does
        real = assess(q, load_responses(data, q))
        scores, fired = score(lean, validate(lean, data))
        expected = {
            ident: found.score
            for ident, found in {**real.sections, **real.steps, **real.dimensions}.items()
        }
        expected["overall"] = real.overall.score
        for ident, value in expected.items():
            assert (scores[ident] is None) == (value is None), ident
            assert value is None or math.isclose(scores[ident] or 0.0, value), ident
        assert set(fired) == {a.id for a in real.actions if a.source == "recommendation"}

    lean_validate = per_call(lambda d: validate(lean, d), dicts, seconds)
    lean_both = per_call(lambda d: score(lean, validate(lean, d)), dicts, seconds)
    library = per_call(lambda d: assess(q, load_responses(d, q)), dicts, seconds)
    print(
        f"questionnaire {q.ref}: {len(q.questions)} questions,"
        f" {len(q.recommendations)} recommendations"
    )
    print(f"lean validate                 {lean_validate:6.1f} µs")
    print(f"lean validate + score         {lean_both:6.1f} µs  ({1e6 / lean_both:,.0f}/s)")
    print(f"socialready validate + assess {library:6.1f} µs  ({1e6 / library:,.0f}/s)")
    print("budget of the target (20,000/s): 50.0 µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
