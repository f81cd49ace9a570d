"""How fast socialready validates and scores responses.

Prints responses per second, on one core, for (a) validating a responses dict against the
built-in questionnaire and (b) validating then assessing it, over the bundled examples,
and the ratio (b)/(a) of time per response; then (c) validating and assessing 1,000 varied
responses, the examples with their answers drawn again at random, so that outcomes
remembered per answer value are not all found ready as with three responses repeated.
Run with plain ``python``:

    python benchmarks/bench_scoring.py [--seconds S]

Targets (issue 3): (b) >= 20,000 responses/s, and (b) <= 3 x (a) in time per response.
"""

from __future__ import annotations

import argparse
import copy
import gc
import math
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

import socialready
from socialready import Questionnaire, assess, load_questionnaire, load_responses
from socialready.questionnaire import (
    MatrixQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    ScaleQuestion,
    SingleChoiceQuestion,
    YesNoQuestion,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def per_second(run: Any, items: list[Any], seconds: float) -> float:
    """Median rate over several timed rounds of running ``run`` on every item."""
    rates: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(rates) < 5:
        rates.append(one_round(run, items))
    return statistics.median(rates)


def one_round(run: Any, items: list[Any]) -> float:
    """The rate of running ``run`` 20 times on every item, the collector paused."""
    gc.disable()
    start = time.perf_counter()
    for _ in range(20):
        for item in items:
            run(item)
    elapsed = time.perf_counter() - start
    gc.enable()
    return 20 * len(items) / elapsed


def paired(first: Any, second: Any, items: list[Any], seconds: float) -> tuple[float, float, float]:
    """Median rates of ``first`` and ``second`` measured in alternate rounds, and the median
    of their ratio round by round, so that the machine's drift touches both alike."""
    pairs: list[tuple[float, float]] = []
    deadline = time.perf_counter() + 2 * seconds
    while time.perf_counter() < deadline or len(pairs) < 5:
        pairs.append((one_round(first, items), one_round(second, items)))
    return (
        statistics.median(a for a, _ in pairs),
        statistics.median(b for _, b in pairs),
        statistics.median(a / b for a, b in pairs),
    )


def once_each(run: Any, q: Questionnaire, examples: list[dict[str, Any]]) -> float:
    """Median rate of running ``run`` once on each of 1,000 varied responses, over five
    different sets (what a questionnaire remembers from one set stays for the next, as in
    a long batch)."""
    rates: list[float] = []
    for seed in range(5):
        items = varied(q, examples, 1000, seed)
        gc.disable()
        start = time.perf_counter()
        for item in items:
            run(item)
        elapsed = time.perf_counter() - start
        gc.enable()
        rates.append(len(items) / elapsed)
    return statistics.median(rates)


def varied(
    q: Questionnaire, examples: list[dict[str, Any]], count: int, seed: int
) -> list[dict[str, Any]]:
    """``count`` valid responses: the examples with every answer left out one time in ten,
    and each scored answer otherwise drawn again at random (free texts and rosters kept)."""
    draw = random.Random(seed)
    made = []
    for n in range(count):
        data = copy.deepcopy(examples[n % len(examples)])
        answers = data["answers"]
        for ident, x in q.questions.items():
            if draw.random() < 0.1:
                answers.pop(ident, None)
                continue
            value: Any
            if isinstance(x, SingleChoiceQuestion):
                value = draw.choice(x.options).id
            elif isinstance(x, MultipleChoiceQuestion):
                plain = [o.id for o in x.options if not o.exclusive]
                alone = [o.id for o in x.options if o.exclusive]
                if alone and (not plain or draw.random() < 0.2):
                    value = [draw.choice(alone)]
                else:
                    value = draw.sample(plain, draw.randint(1, len(plain)))
            elif isinstance(x, ScaleQuestion):
                value = draw.choice(x.scale).value
            elif isinstance(x, YesNoQuestion):
                value = draw.random() < 0.5
            elif isinstance(x, NumberQuestion):
                value = _number(draw, x)
            elif isinstance(x, MatrixQuestion):
                value = {r.id: draw.choice(x.options).id for r in x.rows if draw.random() < 0.9}
            else:
                continue
            answers[ident] = value
        made.append(data)
    return made


def _number(draw: random.Random, x: NumberQuestion) -> float:
    """A number within the question's bounds (a span of 1,000 where one is open)."""
    low, high = x.bounds
    if low is None:
        low = min(0.0, high - 1000) if high is not None else 0.0
    if high is None:
        high = low + 1000
    if x.integer:
        return draw.randint(math.ceil(low), math.floor(high))
    return draw.uniform(low, high)


def one_core() -> None:
    """Pin this process to one CPU, where the system allows it."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def example_dicts() -> list[dict[str, Any]]:
    """The bundled examples as a caller passes them: dicts, dates as text as in JSON."""
    dicts = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(EXAMPLES.glob("*.yaml"))
        if not path.name.endswith(".mapping.yaml")  # the survey-export mapping is no response
    ]
    for data in dicts:
        data["date"] = str(data["date"])
    return dicts


def start(doc: str) -> float:
    """Read ``--seconds`` (the time per measurement) and pin this process to one core."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    seconds: float = parser.parse_args().seconds
    one_core()
    return seconds


def main() -> int:
    seconds = start(__doc__)
    q = load_questionnaire()
    dicts = example_dicts()
    answers = [len(d["answers"]) for d in dicts]

    validate, both, ratio = paired(
        lambda d: load_responses(d, q),
        lambda d: assess(q, load_responses(d, q)),
        dicts,
        seconds,
    )
    spread = once_each(lambda d: assess(q, load_responses(d, q)), q, dicts)

    print(
        f"socialready {socialready.__version__}, Python {platform.python_version()},"
        f" {platform.machine()}, {os.cpu_count()} cores"
    )
    print(
        f"questionnaire {q.ref}: {len(q.questions)} questions;"
        f" {len(dicts)} example responses with {min(answers)}-{max(answers)} answers"
    )
    print(f"(a) validate           {validate:10,.0f} responses/s  ({1e6 / validate:6.1f} µs each)")
    print(f"(b) validate + assess  {both:10,.0f} responses/s  ({1e6 / both:6.1f} µs each)")
    print(f"(b)/(a) time per response: {ratio:.2f}")
    print(
        f"(c) validate + assess, varied {spread:10,.0f} responses/s  ({1e6 / spread:6.1f} µs each)"
    )
    ok = both >= 20_000 and ratio <= 3
    print("targets: (b) >= 20,000/s and (b)/(a) <= 3:", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
