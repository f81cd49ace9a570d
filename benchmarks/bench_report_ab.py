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
import statistics
from pathlib import Path

from _ab import instructions_in_tree, ratios, require_valgrind, run_in_tree

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


def _example(tree: Path) -> str:
    return str(tree.resolve().parent / "examples" / "manufacturer-400.yaml")


def one_round(tree: Path, renders: int) -> tuple[float, int]:
    """The median CPU time of one render in a fresh process of ``tree``, and its pages."""
    seconds, pages = run_in_tree(tree, ROUND, _example(tree), str(renders)).split()
    return float(seconds), int(pages)


def instructions(tree: Path) -> int:
    """Machine instructions of one ``render_pdf`` in ``tree``, counted by cachegrind: a
    process rendering twice minus one rendering once (each after the warm-up render)."""

    def count(renders: int) -> int:
        return instructions_in_tree(tree, ROUND, _example(tree), str(renders), "count")

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
        require_valgrind(parser)
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
    ratio, sentence = ratios(old, new)
    print(
        f"median: old {1000 * statistics.median(old):,.0f} ms, new"
        f" {1000 * statistics.median(new):,.0f} ms; {sentence}"
    )
    if args.reference is not None:
        print(
            f"the old tree took {args.reference:.2f} s on the reference day: the new one"
            f" would take {ratio * args.reference:.2f} s"
        )


if __name__ == "__main__":
    main()
