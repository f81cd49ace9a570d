"""Validate + assess, timed A/B: two source trees of socialready measured in alternate rounds.

Each round runs one fresh process per tree, which loads the built-in questionnaire and
times ``load_responses`` + ``assess`` over the bundled examples (the (b) figure of
``bench_scoring.py``) for ``--seconds``; rounds alternate old and new so that the machine's
drift touches both alike. Prints µs per response per round, the medians and the ratio.

By default each tree scores its own built-in questionnaire and the repository's examples.
``--questionnaire FILE --examples DIR`` gives both trees the same questionnaire file and
responses instead: the same work done by the old and the new code. For the redesign of
issue 11, that is the questionnaire file of the old tree and the 1.0.0 examples
(``--questionnaire /tmp/before/questionnaires/social-readiness.yaml --examples
tests/data/v1``): the new tree then does nothing the old one could not (no action-plan
rules, level caps or expected gains, which that file does not declare).
Times are the process's CPU time, which other work on a busy machine disturbs less than
the wall clock.

With ``--instructions``, each tree is instead run under Valgrind's cachegrind, which counts
the machine instructions executed: the same on every run, whatever else the machine does.
The count of a run of N responses minus that of a run of none, divided by N, is the cost
of one response (validate + assess), start-up and warm-up left out.

    git worktree add /tmp/before <commit>
    python benchmarks/bench_ab.py --old /tmp/before/src --new src [--rounds 7] [--seconds 2]
    python benchmarks/bench_ab.py --old /tmp/before/src --new src --instructions [--responses 300]
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from _ab import instructions_in_tree, ratios, require_valgrind, run_in_tree

ROOT = Path(__file__).resolve().parent.parent

ROUND = r"""
import copy, gc, sys, time
from pathlib import Path
import yaml
import socialready
from socialready import assess, load_questionnaire, load_responses

examples = Path(sys.argv[1])
seconds = float(sys.argv[2])
q = load_questionnaire(sys.argv[3] or None)
documents = []
for name in ("agence-12.yaml", "manufacturer-400.yaml", "retailer.yaml"):
    data = yaml.safe_load((examples / name).read_text(encoding="utf-8"))
    data["date"] = str(data["date"])
    documents.append(data)
for data in documents:  # warm up: plans prepared, memos filled
    assess(q, load_responses(copy.deepcopy(data), q))
copies = [copy.deepcopy(d) for d in documents for _ in range(200)]
gc.collect()
if len(sys.argv) > 4:  # a count of responses, for --instructions: no clock
    for data in copies[: int(sys.argv[4])]:
        assess(q, load_responses(data, q))
    print(socialready.__file__, 0.0)
    sys.exit()
done, start = 0, time.process_time()
while time.process_time() - start < seconds:
    for data in copies[:300]:
        assess(q, load_responses(data, q))
    done += 300
elapsed = time.process_time() - start
print(socialready.__file__, 1e6 * elapsed / done)
"""


def one_round(tree: Path, seconds: float, inputs: tuple[str, str]) -> float:
    return float(run_in_tree(tree, ROUND, inputs[0], str(seconds), inputs[1]))


def instructions(tree: Path, responses: int, inputs: tuple[str, str]) -> float:
    """Machine instructions of one response (validate + assess) in ``tree``, counted by
    cachegrind: a run of ``responses`` responses minus a run of none."""

    def count(n: int) -> int:
        return instructions_in_tree(tree, ROUND, inputs[0], "0", inputs[1], str(n))

    return (count(responses) - count(0)) / responses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="the src folder before")
    parser.add_argument("--new", type=Path, required=True, help="the src folder after")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count machine instructions under Valgrind instead of timing",
    )
    parser.add_argument("--responses", type=int, default=300, help="with --instructions")
    parser.add_argument(
        "--questionnaire",
        type=Path,
        help="a questionnaire file both trees score (default: each tree's built-in one)",
    )
    parser.add_argument(
        "--examples",
        type=Path,
        default=ROOT / "examples",
        help="the folder of agence-12.yaml, manufacturer-400.yaml and retailer.yaml",
    )
    args = parser.parse_args()
    inputs = (
        str(args.examples.resolve()),
        str(args.questionnaire.resolve()) if args.questionnaire else "",
    )
    if args.instructions:
        require_valgrind(parser)
        before = instructions(args.old, args.responses, inputs)
        after = instructions(args.new, args.responses, inputs)
        print(
            f"instructions per response (validate + assess): old {before / 1000:,.1f} k,"
            f" new {after / 1000:,.1f} k, new/old {after / before:.3f}"
        )
        return
    old: list[float] = []
    new: list[float] = []
    for i in range(args.rounds):
        old.append(one_round(args.old, args.seconds, inputs))
        new.append(one_round(args.new, args.seconds, inputs))
        ratio = new[-1] / old[-1]
        print(f"round {i + 1}: old {old[-1]:.1f} µs, new {new[-1]:.1f} µs, new/old {ratio:.3f}")
    print(
        f"median: old {statistics.median(old):.1f} µs, new {statistics.median(new):.1f} µs"
        f" per response (validate + assess); {ratios(old, new)[1]}"
    )


if __name__ == "__main__":
    main()
