"""_files: where an output file may be written, said before anything is made."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from socialready import SocialReadyError
from socialready._files import check_target


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
