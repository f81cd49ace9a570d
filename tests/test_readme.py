"""The README's Python example runs as written, and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from socialready import Assessment, Questionnaire

ROOT = Path(__file__).parent.parent


def python_example() -> str:
    """The fenced ``python`` block under "Use it from Python" in README.md."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use it from Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "expected one python block under 'Use it from Python'"
    return str(blocks[0])


def test_the_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = python_example()
    # what it reads: your own questionnaire, and the example organisations
    shutil.copy(ROOT / "tests" / "data" / "minimal.yaml", tmp_path / "my-questionnaire.yaml")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "readme"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), namespace)  # our own README, as written
    lines = out.getvalue().splitlines()

    q = namespace["q"]
    assert isinstance(q, Questionnaire)
    assert lines[0] == f"social-readiness@2.0.0 {q.fingerprint}"
    assert re.fullmatch(r"[0-9a-f]{64}", q.fingerprint)
    questions = list(q.iter_questions())
    assert lines[1 : 1 + len(questions)] == [
        f"{step.id} {section.id} {x.id} {x.kind} {x.label['en']}" for step, section, x in questions
    ]
    assert namespace["own"].ref == "mini@1.0"

    # the score line prints what the README's comment says it prints
    (comment,) = re.findall(r"print\(round\(assessment\.overall\.score, 1\).*#\s*(.+)", code)
    score_line = lines[1 + len(questions)]
    assert score_line == comment.strip() == "55.0 structuring"

    assessment = namespace["assessment"]
    assert isinstance(assessment, Assessment)
    actions = lines[2 + len(questions) :]
    assert actions == [
        f"{a.priority} {a.title['en']} {[r.subject for r in a.reasons]}"
        for a in assessment.actions[:3]
    ]
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert "Verdier Hydraulique" in namespace["html"]
