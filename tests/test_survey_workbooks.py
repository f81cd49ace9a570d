"""Exports that are archives (.xlsx workbooks, ODK Central's .zip): refused with a located
problem when their members are too many, point outside the archive or declare too many
bytes uncompressed, before anything is read (the tools' real shapes are read in
tests/test_survey_presets.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from socialready.errors import MappingError
from socialready.survey import read_responses_csv

ROOT = Path(__file__).parent.parent


def zipped(tmp_path: Path, members: dict[str, bytes], name: str = "export.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def test_a_zip_member_that_points_outside_is_refused(tmp_path: Path) -> None:
    path = zipped(tmp_path, {"form.csv": b"org_name\nA\n", "../../etc/evil.csv": b"x\n"})
    with pytest.raises(MappingError) as caught:
        read_responses_csv(path, preset="odk-central")
    (problem,) = caught.value.problems
    assert problem.source == str(path)
    assert "'../../etc/evil.csv' points outside it" in problem.message


def test_a_zip_bomb_is_refused_by_what_it_declares(tmp_path: Path) -> None:
    path = zipped(tmp_path, {"form.csv": b"0" * (21 * 1024 * 1024)})
    assert path.stat().st_size < 100_000
    with pytest.raises(MappingError, match="holds 22,020,096 bytes uncompressed"):
        read_responses_csv(path, preset="odk-central")


def test_a_workbook_bomb_is_refused_before_openpyxl_reads_it(tmp_path: Path) -> None:
    path = zipped(tmp_path, {"xl/worksheets/sheet1.xml": b" " * (21 * 1024 * 1024)}, "x.xlsx")
    with pytest.raises(MappingError, match="bytes uncompressed"):
        read_responses_csv(path, preset="kobo")


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    path = zipped(tmp_path, {f"m{i}.csv": b"" for i in range(1_001)})
    with pytest.raises(MappingError, match="holds 1,001 members"):
        read_responses_csv(path, preset="odk-central")


def test_a_file_that_is_no_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text("org_name\nA\n", "utf-8")
    with pytest.raises(MappingError, match="not a zip archive"):
        read_responses_csv(path, preset="ms-forms")


def test_the_archive_limits_in_security_md_are_the_librarys() -> None:
    from socialready.survey._workbooks import MAX_MEMBERS, MAX_UNCOMPRESSED

    text = " ".join((ROOT / "docs" / "security.md").read_text(encoding="utf-8").split())
    assert f"at most {MAX_MEMBERS:,} members" in text
    assert f"{MAX_UNCOMPRESSED:,} bytes in all" in text


def damaged(path: Path, member: str) -> None:
    """``path`` with the compressed data of ``member`` overwritten in the middle."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for at in range(start + 2, start + min(info.compress_size, 40) - 2):
        raw[at] ^= 0xA5
    path.write_bytes(bytes(raw))


def test_a_zip_member_whose_compressed_data_is_damaged_is_refused(tmp_path: Path) -> None:
    text = b"org_name,assessment_date\n" + b"Studio,2026-11-20\n" * 200
    path = zipped(tmp_path, {"form.csv": text})
    damaged(path, "form.csv")
    with pytest.raises(MappingError) as caught:
        read_responses_csv(path, preset="odk-central")
    (problem,) = caught.value.problems
    assert problem.source == str(path)
    assert problem.message.startswith("the archive's member 'form.csv' cannot be read (")


def test_a_workbook_whose_sheet_is_damaged_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    for i in range(200):
        book.active.append([f"org {i}", "2026-11-20", "x" * 50])  # type: ignore[union-attr]
    path = tmp_path / "export.xlsx"
    book.save(path)
    damaged(path, "xl/worksheets/sheet1.xml")
    with pytest.raises(MappingError) as caught:
        read_responses_csv(path, preset="kobo")
    (problem,) = caught.value.problems
    assert problem.source == str(path)
    assert problem.message.startswith("not an .xlsx workbook")
