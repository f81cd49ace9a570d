"""The command line: what it prints and its exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

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
    captured = capsys.readouterr()  # the status line goes to standard error
    assert (captured.out, captured.err) == ("", f"{out}: X, en\n")
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


EXAMPLES = Path(__file__).parent / "data" / "v1"
EXPORT = EXAMPLES / "survey-export.csv"
MAPPING = EXAMPLES / "survey-export.mapping.yaml"
SMALL = (
    "questionnaire: scoring-test@1.0.0\norganisation: {name: X}\ndate: 2026-11-27\n"
    "assessor: Y\nanswers: {channel: some}\n"
)
"""Answers to tests/data/scoring.yaml, whose report is quick to make."""


def small(tmp_path: Path) -> list[str]:
    """A responses file and the --questionnaire it answers."""
    path = tmp_path / "a.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return [str(path), "--questionnaire", str(Path(__file__).parent / "data" / "scoring.yaml")]


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    import socialready

    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"socialready {socialready.__version__}\n"


def test_every_command_has_examples_and_every_argument_help() -> None:
    import argparse

    from socialready.cli import _parser

    def commands(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
        found = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    found += commands(sub) or [sub]
        return found

    leaves = commands(_parser())
    assert len(leaves) == 13  # form and migrate are the twelfth and thirteenth
    for command in leaves:
        epilog = command.epilog or ""
        assert epilog.startswith("examples:\n  socialready "), command.prog
        for action in command._actions:
            assert action.help, f"{command.prog} {action.dest}"


def test_completion_script_is_made_by_shtab(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("shtab")
    with pytest.raises(SystemExit) as caught:
        main(["--print-completion", "bash"])
    assert caught.value.code == 0
    script = capsys.readouterr().out
    assert "questionnaire" in script
    assert "--organisation" in script
    assert "_shtab_compgen_files" in script  # file arguments complete with file names


def test_completion_without_shtab_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "shtab", None)  # import shtab raises ImportError
    with pytest.raises(SystemExit) as caught:
        main(["--print-completion", "zsh"])
    assert caught.value.code == 1
    assert capsys.readouterr().err == (
        "socialready: shell completion needs shtab: pip install 'socialready[completion]'\n"
    )


@pytest.mark.parametrize(
    ("output", "said"),
    [
        ("x.docx", "x.docx: cannot write a '.docx' file"),
        ("x.htm", "x.htm: cannot write a '.htm' file"),
    ],
)
def test_an_output_of_no_known_format_is_refused(
    output: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / output
    assert main(["report", *small(tmp_path), "-o", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"socialready: {tmp_path}/{said} (expected a file name ending in .pdf or .html, which"
        " says the format, or - for standard output)\n"
    )
    assert not target.exists()


def test_the_extension_says_the_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html = tmp_path / "r.html"
    assert main(["report", *small(tmp_path), "-o", str(html)]) == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"{html}: X, en\n")
    assert main(["report", *small(tmp_path), "--html", "-o", str(tmp_path / "r.pdf")]) == 2
    assert "--html writes HTML, not to" in capsys.readouterr().err


def test_html_goes_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", *small(tmp_path), "--html", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("<!DOCTYPE html>")
    assert captured.err == "-: X, en\n"
    assert not (tmp_path / "-").exists()


def test_a_pdf_goes_to_standard_output_as_bytes_but_not_to_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    class Pipe(io.TextIOWrapper):
        tty = False

        def isatty(self) -> bool:
            return self.tty

    pipe = Pipe(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", pipe)
    assert main(["report", *small(tmp_path), "-o", "-"]) == 0
    assert pipe.buffer.getvalue().startswith(b"%PDF-")  # type: ignore[attr-defined]
    pipe.tty = True
    assert main(["report", *small(tmp_path), "-o", "-"]) == 2
    assert capsys.readouterr().err.endswith(
        "socialready: -o -: a PDF file is not written to a terminal; redirect standard output"
        " to a file (or write HTML with --html)\n"
    )


def test_score_and_report_take_one_organisation_of_a_survey_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    survey = [str(EXPORT), "--mapping", str(MAPPING)]
    assert main(["score", *survey, "--organisation", "maison garance", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("Maison Garance — 26 November 2026 — ")
    out = tmp_path / "garance.html"
    assert main(["report", *survey, "--organisation", "Maison Garance", "-o", str(out)]) == 0
    assert "Maison Garance" in out.read_text(encoding="utf-8")
    assert capsys.readouterr().err == f"{out}: Maison Garance, fr\n"


def test_a_survey_export_without_an_organisation_lists_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    survey = [str(EXPORT), "--mapping", str(MAPPING)]
    assert main(["score", *survey]) == 1
    assert capsys.readouterr().err == (
        f"{EXPORT}: 1 problem\n  {EXPORT}: the export holds 3 organisations: 'Studio Hélice'"
        " (row 2, 2026-11-12), 'Verdier Hydraulique' (row 3, 2026-11-19), 'Maison Garance'"
        " (row 4, 2026-11-26) (expected one of them, named with --organisation)\n"
    )
    assert main(["score", *survey, "--organisation", "Nobody"]) == 1
    assert "no organisation 'Nobody' among the good rows" in capsys.readouterr().err


def test_survey_options_go_with_one_export(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(EXPORT)]) == 2
    assert capsys.readouterr().err == (
        f"socialready: {EXPORT}: a survey export needs --from TOOL (kobo, odk-central,"
        " limesurvey, google-forms, ms-forms) or --mapping MAP.yaml\n"
    )
    retailer = str(EXAMPLES / "retailer.yaml")
    assert main(["score", retailer, "--organisation", "X"]) == 2
    assert capsys.readouterr().err == (
        "socialready: --organisation goes with one survey export (a .csv, .xlsx or .zip"
        " file), not 0\n"
    )


def test_validate_reads_each_row_of_a_survey_export(capsys: pytest.CaptureFixture[str]) -> None:
    roster = str(EXAMPLES / "survey-export-roster.csv")
    assert main(["validate", "--mapping", str(MAPPING), str(EXPORT), "--roster", roster]) == 0
    assert capsys.readouterr().out == (
        f"{EXPORT}:2: ok (Studio Hélice, 57 answers, 0 warnings)\n"
        f"{EXPORT}:3: ok (Verdier Hydraulique, 63 answers, 0 warnings)\n"
        f"{EXPORT}:4: ok (Maison Garance, 64 answers, 0 warnings)\n"
    )
    # without its roster export, the roster is left to ask in each row
    assert main(["validate", "--mapping", str(MAPPING), str(EXPORT)]) == 0
    captured = capsys.readouterr()
    assert f"{EXPORT}:2: ok (Studio Hélice, 56 answers, 0 warnings, 1 question left to ask)\n" in (
        captured.out
    )
    assert captured.err.count("answers.dedicated_staff: not answered") == 3


def test_a_mapping_given_as_responses_is_named_with_its_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(MAPPING)]) == 1
    assert capsys.readouterr().err == (
        f"{MAPPING}: 1 problem\n  {MAPPING}:1:1: this is a survey mapping, not a responses file"
        " (expected a responses file, with questionnaire, organisation, date, assessor and"
        " answers; pass it with --mapping, beside the survey export it reads)\n"
    )
    # a glob of batch that catches the mapping
    assert main(["batch", str(MAPPING), "-o", str(tmp_path), "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert "failed    " in captured.out
    assert "this is a survey mapping, not a responses file" in captured.err
    assert "pass it with --mapping, beside the survey export it reads" in captured.err


def test_the_library_names_its_parameters_and_the_command_line_its_options() -> None:
    from socialready import batch
    from socialready.cli import _said

    assert "rewrite it with force" in batch._FORCE
    assert "rewrite it with --force," in _said(f"r.pdf exists{batch._FORCE}")
    assert _said("pass it as theme=, to the report") == "pass it with --theme, to the report"


def test_score_languages_are_the_reports(capsys: pytest.CaptureFixture[str]) -> None:
    from socialready.report.i18n import LANGUAGES

    with pytest.raises(SystemExit) as caught:
        main(["score", str(EXAMPLES / "retailer.yaml"), "--lang", "de"])
    assert caught.value.code == 2
    choices = ", ".join(repr(x) for x in LANGUAGES)
    assert f"invalid choice: 'de' (choose from {choices})" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (
            lambda text: text.replace("date: 2026-11-27", "date: 12/03/2026"),
            "a.yaml:3:7: date: got the text '12/03/2026' (expected a date written YYYY-MM-DD,"
            " e.g. 2026-11-27)",
        ),
        (
            lambda text: text.replace("organisation: {name: X}", "organisation:\n\tname: X"),
            "a.yaml:3:1: YAML syntax error: a tab character; YAML indents with spaces, never tabs"
            " (expected spaces in place of the tab)",
        ),
    ],
)
def test_a_foreign_date_and_a_tab_say_what_is_expected(
    edit: Any, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = small(tmp_path)
    path = Path(args[0])
    path.write_text(edit(SMALL), encoding="utf-8")
    assert main(["validate", *args]) == 1
    assert f"{tmp_path}/{said}\n" in capsys.readouterr().err


def test_score_prints_gains_the_path_and_the_roadmap(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(EXAMPLES / "agence-12.yaml"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "   4. [High priority] Define who runs which accounts" in out
    assert "      Expected gain: +5 points on the overall score (of which Governance" in out
    assert (
        "These six actions take you to “Getting organised” (expected score: 41 out of 100):" in out
    )
    assert "    6. Turn the mapping into regular tracking\n    4. Define who" in out
    assert "  By 6 months (until 12 May 2027): 11\n" in out


def test_report_document_control_options(capsys: pytest.CaptureFixture[str]) -> None:
    example = str(Path(__file__).parent.parent / "examples" / "retailer.yaml")
    given = ["--document-version", "2.1", "--contact", "conseil@lumen.example"]
    assert (
        main(
            [
                "report",
                example,
                "--html",
                "-o",
                "-",
                "--lang",
                "en",
                *given,
                "--next-assessment",
                "2027-05-03",
            ]
        )
        == 0
    )
    html = capsys.readouterr().out
    control = html.split('<dl class="document">')[1].split("</dl>")[0]
    assert "<dt>Version</dt><dd>2.1</dd>" in control
    # an e-mail address of 20 characters or more may break anywhere
    assert '<dt>Contact</dt><dd><span class="long">conseil@lumen.example</span></dd>' in control
    assert "<dt>Next assessment</dt><dd>3 May 2027</dd>" in control
    # without them, none of the three is printed
    assert main(["report", example, "--html", "-o", "-", "--lang", "en"]) == 0
    plain = capsys.readouterr().out.split('<dl class="document">')[1].split("</dl>")[0]
    for label in ("Version", "Contact", "Next assessment"):
        assert label not in plain
    with pytest.raises(SystemExit):
        main(["report", example, "--html", "-o", "-", "--next-assessment", "May 2027"])
    assert "'May 2027' is not a date written YYYY-MM-DD" in capsys.readouterr().err
