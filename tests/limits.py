"""Code run in a child interpreter within an address-space limit and a time limit, for the
tests of hostile input: whatever the input makes the library do, the test process is safe,
and a child killed by a limit fails the test with the end of its standard error."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parent.parent


def bounded(code: str, *arguments: str, seconds: float = 30, memory_mb: int = 500) -> str:
    """Run ``code`` (dedented) with ``arguments`` as ``sys.argv[1:]`` in a child process
    limited to ``memory_mb`` of address space and ``seconds``; its standard output."""
    prelude = (
        "import resource\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} * 2**20, {memory_mb} * 2**20))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code), *arguments],
        capture_output=True,
        text=True,
        timeout=seconds,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout
