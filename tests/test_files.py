"""_files: every input read within a limit, whatever the file; where an output file may be
written, said before anything is made."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

import socialready._files
from socialready import SocialReadyError, ThemeError
from socialready._files import (
    THEME,
    Unreadable,
    check_target,
    input_path,
    path_problem,
    read_input,
    read_limited,
)


def test_a_new_file_in_an_existing_folder(tmp_path: Path) -> None:
    assert check_target(tmp_path / "report.pdf") == tmp_path / "report.pdf"
    existing = tmp_path / "old.pdf"
    existing.write_bytes(b"%PDF")
    assert check_target(existing) == existing


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SocialReadyError, match="is a folder"):
        check_target(tmp_path)


def test_a_path_in_no_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SocialReadyError, match=r"the folder .*missing does not exist") as caught:
        check_target(tmp_path / "missing" / "report.pdf")
    assert str(caught.value).startswith(str(tmp_path / "missing" / "report.pdf"))


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs a device file")
def test_a_device_is_refused() -> None:
    with pytest.raises(SocialReadyError, match="is not a plain file"):
        check_target(Path("/dev/null"))


def test_a_pipe_is_refused(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(SocialReadyError, match="is not a plain file"):
        check_target(pipe)


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "report.pdf"
    target.write_bytes(b"%PDF")
    link = tmp_path / "latest.pdf"
    link.symlink_to(target)
    assert check_target(link) == target.resolve()


# --- reading: one bounded reader for every input file ------------------------------------


def test_a_file_is_read_whole_within_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, 100) == b"x" * 100
    with pytest.raises(Unreadable) as caught:
        read_limited(path, 99)
    assert caught.value.large


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_read_up_to_the_limit_only() -> None:
    # it says it holds 0 bytes, and never ends
    with pytest.raises(Unreadable) as caught:
        read_limited("/dev/zero", 1000)
    assert (caught.value.message, caught.value.large) == ("more than 1,000 bytes", True)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_proc_file_is_read_though_it_says_it_holds_nothing() -> None:
    assert Path("/proc/self/status").stat().st_size == 0
    assert b"Name:" in read_limited("/proc/self/status", 100_000)
    with pytest.raises(Unreadable, match="more than 10 bytes"):
        read_limited("/proc/self/status", 10)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_nobody_writes_to_is_refused_after_a_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(socialready._files, "WAIT_SECONDS", 0.2)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    started = time.monotonic()
    with pytest.raises(Unreadable, match=r"nothing more came within 0\.2 seconds"):
        read_limited(pipe, 100)
    assert time.monotonic() - started < 5


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_read_until_its_writer_closes_it(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    def write() -> None:
        with pipe.open("wb") as end:
            end.write(b"a: 1\n")
            end.flush()
            time.sleep(0.1)
            end.write(b"b: 2\n")

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert read_limited(pipe, 100) == b"a: 1\nb: 2\n"
    finally:
        writer.join()


def test_a_folder_or_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Unreadable, match="is a folder"):
        read_limited(tmp_path, 100)
    with pytest.raises(Unreadable, match="cannot read the file: No such file"):
        read_limited(tmp_path / "missing.yaml", 100)


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("a\0b.yaml", "the path holds a NUL character"),
        ("x" * 256 + ".yaml", "a name in the path is longer than 255 bytes"),
        ("/".join(["x" * 200] * 25), "the path is longer than 4,095 bytes"),
        ("\ud800.yaml", "the path is not valid text"),
    ],
    ids=["nul", "long-name", "long-path", "surrogate"],
)
def test_a_path_the_system_cannot_take_is_said_so(path: str, problem: str) -> None:
    assert path_problem(path) == problem
    with pytest.raises(Unreadable) as caught:
        read_limited(path, 100)
    assert caught.value.message == problem
    with pytest.raises(SocialReadyError, match=problem):
        check_target(Path(path))


def test_an_input_of_a_kind_names_the_kind_in_its_error(tmp_path: Path) -> None:
    path = tmp_path / "theme.yaml"
    path.write_bytes(b"x" * 101)
    small = THEME._replace(limit=100)
    with pytest.raises(ThemeError) as caught:
        read_input(path, small)
    (problem,) = caught.value.problems
    assert str(problem) == (
        f"{path}: the theme is larger than 100 bytes (expected a theme of at most 100 bytes)"
    )


def test_a_path_of_another_type_is_a_type_error() -> None:
    assert input_path("a.yaml", "f") == Path("a.yaml")
    for wrong in ([1], None, b"a.yaml", 3):
        with pytest.raises(TypeError, match=r"^f\(\) takes a path \(a str or a pathlib.Path\)"):
            input_path(wrong, "f")


def test_the_fields_a_kind_is_recognised_by_are_those_of_its_model() -> None:
    from socialready._files import MAPPING, QUESTIONNAIRE, THEME
    from socialready.questionnaire import Questionnaire
    from socialready.report.theme import Theme
    from socialready.survey.mapping import SurveyMapping

    for kind, model in ((MAPPING, SurveyMapping), (THEME, Theme), (QUESTIONNAIRE, Questionnaire)):
        names = {info.alias or name for name, info in model.model_fields.items()}
        assert kind.fields == names, kind.name
