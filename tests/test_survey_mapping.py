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


def test_organisation_labels_turn_a_tool_s_cells_into_the_organisation_s_values(
    tmp_path: Path,
) -> None:
    import csv

    from socialready.survey import read_responses_csv

    source = ROOT / "examples" / "survey-export.csv"
    rows = list(csv.DictReader(source.open(encoding="utf-8")))
    codes = {"10-49": "B2", "250-999": "B4", "1000+": "B5"}
    for row in rows:
        row["org_size"] = codes[row["org_size"]]
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    mapping = load_mapping(MAPPING)
    labelled = mapping.model_copy(
        update={"organisation_labels": {"size_band": {v: k for k, v in codes.items()}}}
    )
    result = read_responses_csv(
        export, labelled, roster=ROOT / "examples" / "survey-export-roster.csv"
    )
    assert result.problems == []
    assert [r.organisation.size_band for r in result.responses] == ["10-49", "250-999", "1000+"]
    unlabelled = read_responses_csv(
        export, mapping, roster=ROOT / "examples" / "survey-export-roster.csv"
    )
    assert "'B2'" in str(unlabelled.problems[0])  # without them, the code is refused
