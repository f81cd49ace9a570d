"""Survey mappings: which column holds which question, refused with located problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialready.errors import MappingError
from socialready.survey.mapping import load_mapping

ROOT = Path(__file__).parent.parent
MAPPING = ROOT / "tests" / "data" / "v1" / "survey-export.mapping.yaml"


def test_the_example_mapping_loads() -> None:
    mapping = load_mapping(MAPPING)
    assert mapping.questions


def test_an_unknown_field_is_located(tmp_path: Path) -> None:
    text = MAPPING.read_text(encoding="utf-8")
    path = tmp_path / "bad.mapping.yaml"
    path.write_text(text + "colums: 3\n", encoding="utf-8")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    [problem] = caught.value.problems
    assert problem.source == str(path)
    assert problem.line == text.count("\n") + 1
    assert "colums" in problem.message
