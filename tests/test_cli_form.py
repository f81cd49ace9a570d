"""The command line of the forms: ``socialready form`` and ``questionnaire export --format
surveyjs``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialready import load_questionnaire
from socialready.cli import main
from socialready.form import offline_form, surveyjs_form


def test_form_writes_the_offline_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "questionnaire.html"
    assert main(["form", "--lang", "en", "-o", str(target)]) == 0
    q = load_questionnaire()
    assert target.read_text(encoding="utf-8") == offline_form(q, "en")
    assert f"offline form of {q.ref}, in en" in capsys.readouterr().err


def test_form_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["form", "-o", "-"]) == 0
    assert capsys.readouterr().out == offline_form(load_questionnaire())


def test_form_refuses_another_extension_and_a_missing_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["form", "-o", str(tmp_path / "form.pdf")]) == 2
    assert "expected a file name ending in .html" in capsys.readouterr().err
    assert main(["form", "--lang", "de", "-o", str(tmp_path / "form.html")]) == 2
    assert "has no 'de' texts (it has fr, en)" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_export_surveyjs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "form.json"
    code = main(["questionnaire", "export", "--format", "surveyjs", "-o", str(target)])
    assert code == 0
    q = load_questionnaire()
    assert json.loads(target.read_text(encoding="utf-8")) == surveyjs_form(q)
    assert f"SurveyJS form of {q.ref}" in capsys.readouterr().err
    assert main(["questionnaire", "export", "--format", "surveyjs", "-o", "x.xlsx"]) == 2
    assert "ending in .json" in capsys.readouterr().err
