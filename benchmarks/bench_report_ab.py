"""The French demo report, timed A/B: two source trees of socialready measured in alternate rounds.

Each round runs one fresh process per tree, which assesses the tree's own French demo
(``examples/manufacturer-400.yaml`` beside its ``src``), renders it once to warm up (fonts,
Pango, templates), then times ``render_pdf`` ``--renders`` times and keeps the median;
rounds alternate old and new so that the machine's drift touches both alike. Prints each
round, the medians and the ratio new/old round by round. Times are the process's CPU time,
which other work on a busy machine disturbs less than the wall clock.

The ratio carries a time measured on another day to this one's code: with ``--reference
SECONDS``, the old tree's time on the day it was measured, the script prints what the new
tree would have taken that day. Issue 13 measured the report of the tree before it
(``492725c``) at 0.84 s on the development machine, and bounds the demo at 0.70 s there.

With ``--instructions``, each tree is instead run under Valgrind's cachegrind, which counts
the machine instructions executed: the same on every run, whatever else the machine does.
A process rendering twice minus one rendering once is the cost of one ``render_pdf``.

    git worktree add /tmp/before 492725c
    python benchmarks/bench_report_ab.py --old /tmp/before/src --new src [--rounds 11] \\
        [--reference 0.84]
    python benchmarks/bench_report_ab.py --old /tmp/before/src --new src --instructions
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROUND = r"""
import io, statistics, sys, time
from pathlib import Path
import socialready
from pypdf import PdfReader
from socialready import assess, load_questionnaire, load_responses, render_pdf

a = assess(load_questionnaire(), load_responses(Path(sys.argv[1])))
renders = int(sys.argv[2])
data = render_pdf(a, None, "fr")  # warm up
if len(sys.argv) > 3:  # for --instructions: no clock
    for _ in range(renders):
        render_pdf(a, None, "fr")
    sys.exit()
times = []
for _ in range(renders):
    start = time.process_time()
    render_pdf(a, None, "fr")
    times.append(time.process_time() - start)
pages = len(PdfReader(io.BytesIO(data)).pages)
print(socialready.__file__, statistics.median(times), pages)
"""


def _command(tree: Path, renders: int, *extra: str) -> tuple[list[str], dict[str, str]]:
    example = tree.resolve().parent / "examples" / "manufacturer-400.yaml"
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    return [sys.executable, "-c", ROUND, str(example), str(renders), *extra], env


def one_round(tree: Path, renders: int) -> tuple[float, int]:
    """The median CPU time of one render in a fresh process of ``tree``, and its pages."""
    command, env = _command(tree, renders)
    if hasattr(os, "sched_setaffinity"):
        command = ["taskset", "-c", "0", *command]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    where, seconds, pages = out.split()
    assert where.startswith(str(tree.resolve())), f"{where} is not in {tree}"
    return float(seconds), int(pages)


def instructions(tree: Path) -> int:
    """Machine instructions of one ``render_pdf`` in ``tree``, counted by cachegrind: a
    process rendering twice minus one rendering once (each after the warm-up render)."""

    def count(renders: int) -> int:
        command, env = _command(tree, renders, "count")
        command[0] = os.path.realpath(command[0])
        valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
        run = subprocess.run(
            [*valgrind, "--cachegrind-out-file=/dev/null", *command],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
        assert found is not None, run.stderr[-2000:]
        return int(found.group(1).replace(",", ""))

    return count(2) - count(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="the src folder before")
    parser.add_argument("--new", type=Path, required=True, help="the src folder after")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--renders", type=int, default=3, help="timed renders per process")
    parser.add_argument(
        "--reference", type=float, help="the old tree's time in seconds on another day"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count machine instructions under Valgrind instead of timing",
    )
    args = parser.parse_args()
    if args.instructions:
        if shutil.which("valgrind") is None:
            parser.error("--instructions needs Valgrind (Debian: apt-get install valgrind)")
        counted = instructions(args.old), instructions(args.new)
        print(
            f"instructions of one render_pdf: old {counted[0] / 1e6:,.0f} M,"
            f" new {counted[1] / 1e6:,.0f} M, new/old {counted[1] / counted[0]:.3f}"
        )
        return
    old: list[float] = []
    new: list[float] = []
    for i in range(args.rounds):
        (before, old_pages), (after, new_pages) = (
            one_round(args.old, args.renders),
            one_round(args.new, args.renders),
        )
        old.append(before)
        new.append(after)
        print(
            f"round {i + 1}: old {1000 * before:,.0f} ms ({old_pages} pages),"
            f" new {1000 * after:,.0f} ms ({new_pages} pages), new/old {after / before:.3f}"
        )
    ratios = [n / o for n, o in zip(new, old, strict=True)]
    ratio = statistics.median(ratios)
    print(
        f"median: old {1000 * statistics.median(old):,.0f} ms, new"
        f" {1000 * statistics.median(new):,.0f} ms; new/old round by round: median"
        f" {ratio:.3f}, range {min(ratios):.3f}–{max(ratios):.3f}"
    )
    if args.reference is not None:
        print(
            f"the old tree took {args.reference:.2f} s on the reference day: the new one"
            f" would take {ratio * args.reference:.2f} s"
        )


if __name__ == "__main__":
    main()
