"""How fast socialready validates and scores responses.

Prints responses per second, on one core, for (a) validating a responses dict against the
built-in questionnaire and (b) validating then assessing it, over the bundled examples,
and the ratio (b)/(a) of time per response. Run with plain ``python``:

    python benchmarks/bench_scoring.py [--seconds S]

Targets (issue 3): (b) >= 20,000 responses/s, and (b) <= 3 x (a) in time per response.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

import socialready
from socialready import assess, load_questionnaire, load_responses

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def per_second(run: Any, items: list[Any], seconds: float) -> float:
    """Median rate over several timed rounds of running ``run`` on every item."""
    rates = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(rates) < 5:
        gc.disable()
        start = time.perf_counter()
        for _ in range(20):
            for item in items:
                run(item)
        elapsed = time.perf_counter() - start
        gc.enable()
        rates.append(20 * len(items) / elapsed)
    return statistics.median(rates)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    q = load_questionnaire()
    dicts = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(EXAMPLES.glob("*.yaml"))
        if not path.name.endswith(".mapping.yaml")  # the survey-export mapping is no response
    ]
    for data in dicts:  # the dicts are what a caller passes: dates as text, as in JSON
        data["date"] = str(data["date"])
    answers = [len(d["answers"]) for d in dicts]

    validate = per_second(lambda d: load_responses(d, q), dicts, args.seconds)
    both = per_second(lambda d: assess(q, load_responses(d, q)), dicts, args.seconds)
    ratio = validate / both

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
    ok = both >= 20_000 and ratio <= 3
    print("targets: (b) >= 20,000/s and (b)/(a) <= 3:", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
