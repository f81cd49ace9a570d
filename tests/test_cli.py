"""The command line: what it prints and its exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from socialready.cli import main


def test_show_minimal_questionnaire(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).parent / "data" / "minimal.yaml"
    assert main(["questionnaire", "show", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "mini@1.0" in out
    assert "1. Step 1  [s1]" in out
    assert "Section 1  [sec1]: 2 questions (1 single_choice, 1 yes_no)" in out
    assert "Presence  [presence]: 2 questions" in out
    assert "50–100: High" in out


def test_show_refuses_a_language_the_file_lacks(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).parent / "data" / "minimal.yaml"
    assert main(["questionnaire", "show", str(path), "--lang", "de"]) == 2
    assert "has no 'de' texts (it has fr, en)" in capsys.readouterr().err


def test_check_reports_every_file(
    tmp_path: Path, minimal_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(minimal_text, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        minimal_text.replace("kind: yes_no", "kind: yes_no\n            wieght: 2")
        .replace(
            "dimensions: [presence]\n          - id: network",
            "dimensions: [presense]\n          - id: network",
        )
        .replace("owner: marketing", "owner: sales"),
        encoding="utf-8",
    )
    missing = tmp_path / "missing.yaml"
    assert main(["questionnaire", "check", str(bad), str(good), str(missing)]) == 1
    captured = capsys.readouterr()
    assert f"{good}: ok (mini@1.0, 2 questions)" in captured.out
    err = captured.err
    assert f"{bad}: 3 problems" in err
    assert f"{bad}:24:13: steps[0].sections[0].questions[0].wieght: unknown field 'wieght'" in err
    assert "did you mean 'weight'?" in err
    assert (
        f"{bad}:26:26: steps[0].sections[0].questions[0].dimensions[0]:"
        " unknown dimension 'presense'" in err
    )
    assert f"{bad}:41:12: recommendations[0].owner: unknown department 'sales'" in err
    assert f"{missing}: no such file" in err
    assert "Traceback" not in err


def test_schema_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "questionnaire"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "socialready questionnaire"


def test_usage_mistakes_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["questionnaire", "frobnicate"])
    assert caught.value.code == 2


def test_installed_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "socialready", "questionnaire", "show", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "social-readiness@" in result.stdout


def test_report_with_previous_reads_the_questionnaire_given_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socialready.cli

    data = Path(__file__).parent / "data"
    header = "questionnaire: scoring-test@1.0.0\norganisation: {name: X}\nassessor: Y\n"
    now, before = tmp_path / "now.yaml", tmp_path / "before.yaml"
    now.write_text(header + "date: 2026-11-27\nanswers: {channel: some}\n", encoding="utf-8")
    before.write_text(header + "date: 2025-11-27\nanswers: {channel: none}\n", encoding="utf-8")
    read: list[object] = []
    real = socialready.cli.load_questionnaire

    def counting(name: object = None) -> object:
        read.append(name)
        return real(name)  # type: ignore[arg-type]

    monkeypatch.setattr(socialready.cli, "load_questionnaire", counting)
    out = tmp_path / "r.html"
    args = ["report", str(now), "--previous", str(before), "--html", "-o", str(out)]
    assert main([*args, "--questionnaire", str(data / "scoring.yaml")]) == 0
    assert read == [str(data / "scoring.yaml")]
    assert capsys.readouterr().out == f"{out}: X, en\n"
    assert "Progress since the last assessment" in out.read_text(encoding="utf-8")


def test_report_languages_come_from_the_report_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socialready.cli
    from socialready.report.i18n import LANGUAGES

    data = Path(__file__).parent / "data"
    text = (data / "scoring.yaml").read_text(encoding="utf-8")
    german = tmp_path / "q.yaml"
    german.write_text(
        text.replace("languages: [en]", "languages: [de]").replace("{en:", "{de:"), "utf-8"
    )
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "questionnaire: scoring-test@1.0.0\norganisation: {name: X}\ndate: 2026-11-27\n"
        "assessor: Y\nanswers: {channel: some}\n",
        encoding="utf-8",
    )
    out = str(tmp_path / "r.pdf")
    assert LANGUAGES == ("fr", "en")
    assert main(["report", str(answers), "--questionnaire", str(german), "-o", out]) == 2
    assert capsys.readouterr().err == (
        "socialready: scoring-test@1.0.0 is written in de; its reports can be written"
        " in French or English, which it lacks\n"
    )
    monkeypatch.setattr(socialready.cli, "LANGUAGES", ("en",))
    with pytest.raises(SystemExit) as caught:
        main(["demo", "-o", out, "--lang", "fr"])
    assert caught.value.code == 2
    assert "invalid choice: 'fr' (choose from 'en')" in capsys.readouterr().err
    assert main(["report", str(answers), "--questionnaire", str(german), "-o", out]) == 2
    assert "can be written in English, which it lacks" in capsys.readouterr().err
