"""The examples in the documentation are real: they load as they are written."""

from __future__ import annotations

import re
from pathlib import Path

from socialready import questionnaire_from_data
from socialready.conditions import AnyOf, evaluate

DOCS = Path(__file__).parent.parent / "docs"


def yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_format_reference_example_loads() -> None:
    blocks = [b for b in yaml_blocks(DOCS / "questionnaire-format.md") if "steps:" in b]
    assert len(blocks) == 1
    q = questionnaire_from_data(None, "questionnaire-format.md", text=blocks[0])
    assert q.ref == "quick-check@1.0.0"
    assert [question.id for _, _, question in q.iter_questions()] == [
        "official_page",
        "watch_frequency",
    ]
    (rec,) = q.recommendations
    assert isinstance(rec.when, AnyOf)
    assert evaluate(rec.when, {"official_page": True, "watch_frequency": "never"})
    assert not evaluate(rec.when, {"official_page": True, "watch_frequency": "weekly"})
