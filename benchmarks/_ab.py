"""What the A/B benchmarks (`bench_ab.py`, `bench_report_ab.py`) share: running a Python
snippet in a fresh process of one source tree, timed on one core or counted under
Valgrind's cachegrind, and the summary of the rounds' ratios."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
from argparse import ArgumentParser
from pathlib import Path


def run_in_tree(tree: Path, snippet: str, *args: str) -> str:
    """What `snippet` prints, run with `args` in a fresh process importing socialready from
    `tree` (a `src` folder), pinned to the first core where the system allows it; the first
    word it prints must be the path of the socialready it imported, inside `tree`."""
    command = [sys.executable, "-c", snippet, *args]
    if hasattr(os, "sched_setaffinity") and shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    out = subprocess.run(
        command, env=_environment(tree), capture_output=True, text=True, check=True
    ).stdout
    where, _, rest = out.partition(" ")
    assert where.startswith(str(tree.resolve())), f"{where} is not in {tree}"
    return rest


def instructions_in_tree(tree: Path, snippet: str, *args: str) -> int:
    """The machine instructions a fresh process of `tree` executes running `snippet` with
    `args`, counted by cachegrind: the same on every run, whatever else the machine does."""
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        os.path.realpath(sys.executable),
        "-c",
        snippet,
        *args,
    ]
    run = subprocess.run(
        command, env=_environment(tree), capture_output=True, text=True, check=True
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    assert found is not None, run.stderr[-2000:]
    return int(found.group(1).replace(",", ""))


def require_valgrind(parser: ArgumentParser) -> None:
    """Stop with a usage error when `--instructions` is asked for without Valgrind."""
    if shutil.which("valgrind") is None:
        parser.error("--instructions needs Valgrind (Debian: apt-get install valgrind)")


def ratios(old: list[float], new: list[float]) -> tuple[float, str]:
    """The median of the rounds' ratios new/old, and a sentence giving it with their range."""
    each = [n / o for n, o in zip(new, old, strict=True)]
    median = statistics.median(each)
    return median, (
        f"new/old round by round: median {median:.3f}, range {min(each):.3f}–{max(each):.3f}"
    )


def _environment(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
