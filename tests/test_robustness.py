"""Odd and hostile inputs found in review: each gets a clear error, never a traceback."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from socialready import (
    QuestionnaireError,
    Responses,
    ResponsesError,
    SocialReadyError,
    assess,
    load_questionnaire,
    load_responses,
    questionnaire_from_data,
)
from socialready.batch import render_batch
from socialready.cli import main
from socialready.report import Theme, ThemeError, render_html

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
HEADER: dict[str, Any] = {
    "questionnaire": "scoring-test@1.0.0",
    "organisation": {"name": "X"},
    "date": "2026-11-27",
    "assessor": "Y",
}


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10**30])
def test_absurd_numbers_are_refused(value: float) -> None:
    q = load_questionnaire(DATA / "scoring.yaml")
    with pytest.raises(ResponsesError, match="finite and within"):
        load_responses({**HEADER, "answers": {"share": value}}, q)
    staff = [{"name": "Ann", "share": value}]
    with pytest.raises(ResponsesError, match="got the number"):
        load_responses({**HEADER, "answers": {"staff": staff}}, q)


def test_yaml_nan_is_refused_with_its_line(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "data" / "v1" / "agence-12.yaml").read_text(encoding="utf-8")
    path = tmp_path / "nan.yaml"
    path.write_text(text.replace("  email_share: 100", "  email_share: .nan"), encoding="utf-8")
    with pytest.raises(ResponsesError) as caught:
        load_responses(path)
    (problem,) = caught.value.problems
    assert problem.field == "answers.email_share"
    assert problem.line is not None


def test_hand_built_responses_with_a_bad_answer_are_refused_by_assess() -> None:
    q = load_questionnaire(DATA / "scoring.yaml")
    good = load_responses({**HEADER, "answers": {"tools": ["chat"]}}, q)
    bad = Responses.model_validate({**good.model_dump(), "answers": {"tools": ["nope"]}})
    with pytest.raises(SocialReadyError, match="does not fit the question"):
        assess(q, bad)


@pytest.mark.parametrize(
    "answers",
    [
        {"charter": "no"},  # a text is not a yes or a no: "no" would be true
        {"presence": ["fb", "li"]},  # a matrix answered with a list
        {"presence": {"fb": "yes", "myspace": "yes"}},  # a row the matrix does not have
        {"tools": ["chat", "chat"]},  # an option given twice would count twice
        {"tools": "chat"},  # one option id where a list is expected
        {"share": True},
        {"share": "60"},
    ],
)
def test_answers_that_load_responses_refuses_are_refused_by_assess(
    answers: dict[str, Any],
) -> None:
    # Responses read from JSON with model_validate are not checked against the questionnaire;
    # load_responses refuses these answers or turns them into their proper form ("no" into
    # false, "chat" into ["chat"])
    q = load_questionnaire(DATA / "scoring.yaml")
    good = load_responses({**HEADER, "answers": {}}, q)
    bad = Responses.model_validate({**good.model_dump(), "answers": answers})
    with pytest.raises(SocialReadyError, match="does not fit the question"):
        assess(q, bad)


def test_an_optional_roster_name_is_refused() -> None:
    text = (ROOT / "questionnaires" / "social-readiness@1.0.0.yaml").read_text(encoding="utf-8")
    old = "                type: text\n                required: true\n"
    assert text.count(old) == 1
    with pytest.raises(
        QuestionnaireError, match="name field 'name' of 'dedicated_staff' is optional"
    ):
        questionnaire_from_data(
            None, "q.yaml", text=text.replace(old, "                type: text\n")
        )


def test_a_runtime_error_in_a_theme_template_is_a_theme_error(tmp_path: Path) -> None:
    (tmp_path / "theme.html.j2").write_text(
        '{% extends "report.html.j2" %}\n{% block cover_note %}{{ v.nothing }}{% endblock %}\n',
        encoding="utf-8",
    )
    a = assess(
        load_questionnaire("social-readiness@1.0.0"),
        load_responses(ROOT / "tests" / "data" / "v1" / "retailer.yaml"),
    )
    with pytest.raises(ThemeError, match="template error"):
        render_html(a, "en", Theme(templates=tmp_path))


def test_report_into_a_missing_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "report.pdf"
    assert main(["demo", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"{target}: the folder {target.parent} does not exist" in err
    assert "Traceback" not in err


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["batch", "x.yaml", "-o", "out", "--jobs", "-1"])
    assert caught.value.code == 2
    assert "is not a whole number of at least 1" in capsys.readouterr().err


def test_score_summary_of_a_questionnaire_in_another_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        (DATA / "scoring.yaml")
        .read_text(encoding="utf-8")
        .replace("languages: [en]", "languages: [de]")
    )
    text = text.replace("{en:", "{de:")
    (tmp_path / "q.yaml").write_text(text, encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "questionnaire: scoring-test@1.0.0\norganisation: {name: X}\ndate: 2026-11-27\n"
        "assessor: Y\nanswers: {channel: some}\n",
        encoding="utf-8",
    )
    assert main(["score", str(answers), "--questionnaire", str(tmp_path / "q.yaml")]) == 0
    assert "X" in capsys.readouterr().out


def test_batch_reports_a_responses_object_it_cannot_score(tmp_path: Path) -> None:
    import gc

    q = load_questionnaire(DATA / "scoring.yaml")
    foreign = load_responses({**HEADER, "answers": {"channel": "some"}}, q)
    # while the questionnaire they were validated against lives, the responses find it
    result = render_batch(
        [foreign, ROOT / "tests" / "data" / "v1" / "agence-12.yaml"],
        tmp_path / "bound",
        "en",
        executor=ThreadPoolExecutor(max_workers=1),
    )
    assert [i.status for i in result.items] == ["written", "written"]
    del q  # once it is gone, a questionnaire that is not built in must be passed
    gc.collect()
    seen: list[tuple[int, int, str]] = []
    result = render_batch(
        [foreign, ROOT / "tests" / "data" / "v1" / "agence-12.yaml"],
        tmp_path,
        "en",
        executor=ThreadPoolExecutor(max_workers=1),
        on_progress=lambda done, total, item: seen.append((done, total, item.status)),
    )
    assert [i.status for i in result.items] == ["failed", "written"]
    assert seen == [(1, 2, "failed"), (2, 2, "written")]  # failed before any work: counted
    assert "no built-in questionnaire of that name" in (result.items[0].error or "")


def test_an_english_only_questionnaire_reports_in_english_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import yaml

    q = str(DATA / "scoring.yaml")
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        yaml.safe_dump({**HEADER, "answers": {"channel": "some", "charter": True}}),
        encoding="utf-8",
    )
    out = tmp_path / "r.pdf"
    assert main(["report", str(answers), "--questionnaire", q, "-o", str(out)]) == 0
    assert capsys.readouterr().err.strip().endswith(", en")  # the status line
    assert main(["report", str(answers), "--questionnaire", q, "-o", str(out), "--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert (
        "scoring-test@1.0.0 is written in en; its reports can be written in en, not in 'fr'" in err
    )
    folder = tmp_path / "batch"
    assert main(["batch", str(answers), "--questionnaire", q, "-o", str(folder)]) == 0
    assert [p.name for p in folder.glob("*.pdf")] == ["answers.en.pdf"]
    cohort = tmp_path / "c.pdf"
    assert main(["cohort", str(answers), "--questionnaire", q, "-o", str(cohort)]) == 0
    assert capsys.readouterr().err.strip().endswith(f"{cohort}: 1 organisation, en")


def test_check_warns_of_languages_reports_are_not_written_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    german = text.replace("languages: [fr, en]", "languages: [fr, de]").replace(" en: ", " de: ")
    path = tmp_path / "de.yaml"
    path.write_text(german.replace("{en: ", "{de: "), encoding="utf-8")
    assert main(["questionnaire", "check", str(path)]) == 0
    captured = capsys.readouterr()
    assert f"{path}: ok (mini@1.0, 2 questions)" in captured.out
    assert "reports are written in fr or en only; the de texts" in captured.err


def test_an_html_report_into_a_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = str(ROOT / "tests" / "data" / "v1" / "retailer.yaml")
    assert main(["report", answers, "--html", "-o", str(tmp_path)]) == 1
    assert f"{tmp_path}: is a folder" in capsys.readouterr().err
    assert list(tmp_path.parent.glob(f".{tmp_path.name}.*.tmp")) == []


def test_numbers_in_messages_are_written_out() -> None:
    from socialready._kinds import shown as _shown

    assert _shown(1e15) == "1,000,000,000,000,000"
    assert _shown(10_000_000) == "10,000,000"
    assert _shown(0.5) == "0.5"
    assert _shown(-2.25) == "-2.25"


def test_a_report_never_writes_over_what_it_reads_nor_into_a_device(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    answers = tmp_path / "retailer.yaml"
    answers.write_text(
        (ROOT / "tests" / "data" / "v1" / "retailer.yaml").read_text("utf-8"), "utf-8"
    )
    before = answers.read_bytes()
    assert main(["report", str(answers), "-o", str(answers)]) == 2
    assert "is one of the inputs" in capsys.readouterr().err
    assert answers.read_bytes() == before
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for html in ([], ["--html"]):
        assert main(["report", str(answers), *html, "-o", str(pipe)]) == 1
        assert f"{pipe}: is not a plain file" in capsys.readouterr().err
    # a symbolic link is written through, and stays a link
    real = tmp_path / "real.pdf"
    real.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    assert main(["report", str(answers), "-o", str(link)]) == 0
    assert link.is_symlink()
    assert real.read_bytes().startswith(b"%PDF")


def test_a_bad_questionnaire_is_said_once_and_a_builtin_name_reads_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = ROOT / "tests" / "data" / "v1"
    survey = [str(examples / "survey-export.csv"), "--mapping"]
    survey.append(str(examples / "survey-export.mapping.yaml"))
    args = [*survey, "--questionnaire", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "o")]
    assert main(["batch", *args]) == 1
    assert capsys.readouterr().err.count("nope.yaml: 1 problem") == 1
    monkeypatch.chdir(tmp_path)
    (tmp_path / "social-readiness").write_text("not read", encoding="utf-8")
    retailer = ROOT / "examples" / "retailer.yaml"  # answers the newest version
    files = [str(retailer), "--questionnaire", "social-readiness"]
    assert main(["cohort", *files, "-o", "social-readiness"]) == 0  # the file is no input


def test_gap_texts_take_labels_without_their_final_line_break() -> None:
    from socialready.scoring import _fill

    filled = _fill(
        {"en": "Name an owner for “{responsibility}”"}, {"responsibility": {"en": "Publishing\n"}}
    )
    assert filled == {"en": "Name an owner for “Publishing”"}


def test_an_unreadable_mapping_is_said_once_for_every_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = str(ROOT / "tests" / "data" / "v1" / "survey-export.csv")
    missing = tmp_path / "nomap.yaml"
    args = ["batch", export, export, "--mapping", str(missing), "-o", str(tmp_path / "o")]
    assert main(args) == 1
    assert capsys.readouterr().err.count(f"{missing}: 1 problem") == 1


def test_an_output_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from socialready import _files
    from socialready._files import write_atomically

    target = tmp_path / "out.txt"
    write_atomically(target, "é")
    assert target.read_bytes() == "é".encode()
    write_atomically(str(target), b"bytes")
    assert target.read_bytes() == b"bytes"
    seen: list[bytes] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # on disk before it takes the name
        seen.append(target.read_bytes())
        real_fsync(fd)

    monkeypatch.setattr(_files.os, "fsync", fsync)
    write_atomically(target, lambda handle: handle.write(b"written"))
    assert (seen, target.read_bytes()) == ([b"bytes"], b"written")

    def half(handle: Any) -> None:
        handle.write(b"half")
        raise RuntimeError("the writer broke")

    with pytest.raises(RuntimeError, match="the writer broke"):  # not dressed up
        write_atomically(target, half)

    def full(handle: Any) -> None:
        handle.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device", "/tmp/elsewhere")

    with pytest.raises(SocialReadyError) as caught:
        write_atomically(target, full)
    assert str(caught.value) == f"{target}: cannot be written (No space left on device)"
    assert target.read_bytes() == b"written"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no temporary file


def test_an_export_names_its_output_and_refuses_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = ["questionnaire", "export", "--format", "xlsform", "-o"]
    missing = tmp_path / "nowhere" / "form.xlsx"
    assert main([*export, str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"{missing}: the folder {missing.parent} does not exist"
    assert main([*export, str(tmp_path)]) == 1  # was a traceback
    err = capsys.readouterr().err
    assert err.strip() == f"{tmp_path}: is a folder (expected the name of a file)"
    assert list(tmp_path.iterdir()) == []
