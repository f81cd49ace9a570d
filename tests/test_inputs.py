"""Gathering the inputs of many assessments: responses files and survey exports side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialready import Assessment, SocialReadyError
from socialready.inputs import gather, is_survey_export

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
CSV = EXAMPLES / "survey-export.csv"
MAPPING = EXAMPLES / "survey-export.mapping.yaml"


def test_files_stay_as_named_and_exports_become_assessments() -> None:
    responses = EXAMPLES / "retailer.yaml"
    gathered = gather([responses, CSV], MAPPING)
    assert gathered.inputs[0] == responses
    assessed = gathered.inputs[1:]
    assert assessed
    assert all(isinstance(a, Assessment) for a in assessed)
    [export] = gathered.exports
    assert export.path == str(CSV)
    assert export.refused == 0
    assert gathered.reading_error is None


def test_an_export_needs_a_mapping_and_a_roster_one_export() -> None:
    with pytest.raises(SocialReadyError, match="needs a mapping"):
        gather([CSV])
    with pytest.raises(SocialReadyError, match="a roster goes with one survey export, not 2"):
        gather([CSV, CSV], MAPPING, roster=EXAMPLES / "survey-export-roster.csv")


def test_an_unusable_mapping_is_said_once_and_the_files_are_kept(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mapping.yaml"
    bad.write_text("questionnaire: nowhere@1\n", encoding="utf-8")
    responses = EXAMPLES / "agence-12.yaml"
    gathered = gather([CSV, responses], bad)
    assert gathered.inputs == [responses]
    assert gathered.reading_error is not None
    assert [e.refused for e in gathered.exports] == [1]
    assert gathered.refused == 1


def test_survey_exports_are_told_by_their_suffix() -> None:
    assert is_survey_export("answers.CSV")
    assert not is_survey_export("answers.yaml")
