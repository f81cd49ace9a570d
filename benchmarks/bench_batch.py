"""Batch throughput and memory.

Renders N reports with 1 and with 2 worker processes and prints the speedup; then renders
M reports one after the other in one process and prints its resident memory after 10, 50,
100 and M reports. Run with plain ``python``:

    python benchmarks/bench_batch.py [--reports 40] [--memory 200]

Targets (issue 5): speedup >= 1.7 on 2 cores; memory after M reports within 15 % of the
memory after 10.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import socialready
from socialready import assess, load_questionnaire, load_responses, render_batch, render_pdf

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "manufacturer-400.yaml"


def rss_mib() -> float:
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def timed_batch(assessment: object, count: int, workers: int) -> float:
    with (
        tempfile.TemporaryDirectory() as out,
        tempfile.TemporaryDirectory() as warm,
        ProcessPoolExecutor(workers) as pool,
    ):
        # start the workers and let each import WeasyPrint before timing
        render_batch([assessment] * workers, warm, "fr", executor=pool)  # type: ignore[list-item]
        start = time.perf_counter()
        result = render_batch([assessment] * count, out, "fr", executor=pool)  # type: ignore[list-item]
        elapsed = time.perf_counter() - start
        assert result.ok, result.failed
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--memory", type=int, default=200)
    args = parser.parse_args()
    a = assess(load_questionnaire(), load_responses(EXAMPLE))
    print(
        f"socialready {socialready.__version__}, Python {platform.python_version()},"
        f" {platform.machine()}, {len(os.sched_getaffinity(0))} CPUs"
    )
    one = timed_batch(a, args.reports, 1)
    two = timed_batch(a, args.reports, 2)
    print(f"{args.reports} reports, 1 worker:  {one:7.1f} s ({args.reports / one:.2f}/s)")
    print(f"{args.reports} reports, 2 workers: {two:7.1f} s ({args.reports / two:.2f}/s)")
    print(f"speedup: {one / two:.2f}")

    marks = sorted({10, 50, 100, args.memory} & set(range(1, args.memory + 1)))
    samples = {}
    for n in range(1, args.memory + 1):
        render_pdf(a, None, "fr")
        if n in marks:
            samples[n] = rss_mib()
            print(f"memory after {n:4d} reports: {samples[n]:7.1f} MiB", flush=True)
    growth = samples[marks[-1]] / samples[marks[0]] - 1
    print(f"growth from {marks[0]} to {marks[-1]} reports: {100 * growth:+.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
