"""Survey-tool exports: good rows imported, every bad row and cell located, nothing dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialready import assess, load_questionnaire, load_responses
from socialready.cli import main
from socialready.schema import schema_text
from socialready.survey import MappingError, read_responses_csv

ROOT = Path(__file__).parent.parent
CSV = ROOT / "tests" / "data" / "v1" / "survey-export.csv"
MAPPING = ROOT / "tests" / "data" / "v1" / "survey-export.mapping.yaml"


def test_the_example_export_gives_the_example_scores() -> None:
    result = read_responses_csv(CSV, MAPPING)
    assert (result.rows, result.failed_rows, result.problems) == ([2, 3, 4], [], [])
    q = load_questionnaire("social-readiness@1.0.0")
    for responses, name in zip(
        result.responses, ["agence-12", "manufacturer-400", "retailer"], strict=True
    ):
        from_yaml = assess(q, load_responses(ROOT / "tests" / "data" / "v1" / f"{name}.yaml"))
        from_csv = assess(q, responses)
        assert from_csv.overall.score == pytest.approx(from_yaml.overall.score)
        assert responses.source == f"{CSV}:{result.rows[result.responses.index(responses)]}"


@pytest.mark.parametrize("end", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_rows_ended_by_cr_lf_or_a_lone_cr_are_read_alike(tmp_path: Path, end: str) -> None:
    # found by the fuzz suite: an export whose lines end with a lone CR (as older
    # spreadsheets write them) was refused with the csv module's advice to open the file
    # in "universal-newline mode"
    path = tmp_path / "export.csv"
    path.write_bytes(CSV.read_bytes().replace(b"\n", end.encode()))
    expected = read_responses_csv(CSV, MAPPING)
    result = read_responses_csv(path, MAPPING)
    assert (result.rows, result.failed_rows, result.problems) == ([2, 3, 4], [], [])
    assert [r.answers for r in result.responses] == [r.answers for r in expected.responses]
    # a bad cell is located on the same line whatever ends the lines
    bad = tmp_path / "bad.csv"
    bad.write_bytes(path.read_bytes().replace(b",email,", b",emial,", 1))
    (problem,) = read_responses_csv(bad, MAPPING).problems
    assert (problem.line, problem.field) == (2, "main_collab_tool")


def rewrite(
    tmp_path: Path, old: str, new: str, *, encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    text = CSV.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    if delimiter != ",":
        import csv
        import io

        rows = list(csv.reader(io.StringIO(text)))
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter).writerows(rows)
        text = out.getvalue()
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_bad_cell_fails_its_row_only_and_is_located(tmp_path: Path) -> None:
    header = CSV.read_text(encoding="utf-8").splitlines()[0].split(",")
    column = header.index("main_collab_tool") + 1
    path = rewrite(tmp_path, ",email,", ",emial,")
    result = read_responses_csv(path, MAPPING)
    assert result.rows == [3, 4]
    assert result.failed_rows == [2]
    (problem,) = result.problems
    assert (problem.line, problem.column, problem.field) == (2, column, "main_collab_tool")
    assert "question main_collab_tool: 'emial' is not an option" in problem.message
    assert problem.expected is not None
    assert "did you mean 'email'?" in problem.expected


def test_labels_in_either_language_are_understood(tmp_path: Path) -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    option = q.questions["main_collab_tool"].option("email")  # type: ignore[union-attr]
    assert option is not None
    for label in option.label.values():
        result = read_responses_csv(rewrite(tmp_path, ",email,", f',"{label.upper()}",'), MAPPING)
        assert result.failed_rows == []
        assert result.responses[0].answers["main_collab_tool"] == "email"


def test_semicolons_and_latin_1_are_detected(tmp_path: Path) -> None:
    path = rewrite(tmp_path, "Studio Hélice", "Studio Hélice", encoding="cp1252", delimiter=";")
    result = read_responses_csv(path, MAPPING)
    assert result.failed_rows == []
    assert result.responses[0].organisation.name == "Studio Hélice"


def test_missing_columns_are_all_listed(tmp_path: Path) -> None:
    path = rewrite(tmp_path, "org_name", "organisation_name")
    path.write_text(path.read_text(encoding="utf-8").replace("assessment_date", "when"), "utf-8")
    with pytest.raises(MappingError) as caught:
        read_responses_csv(path, MAPPING)
    messages = [p.message for p in caught.value.problems]
    assert "no column 'org_name' for the organisation" in messages
    assert "no column 'assessment_date' for the date" in messages
    assert all(p.line == 1 for p in caught.value.problems)


def test_duplicate_organisations_are_refused(tmp_path: Path) -> None:
    text = CSV.read_text(encoding="utf-8")
    lines = text.splitlines()
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    result = read_responses_csv(path, MAPPING)
    assert result.failed_rows == [5]
    assert "already appears at row 2" in result.problems[0].message


def test_a_bad_mapping_is_located(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("organisation: org_name\ndate: assessment_date\nseperator: ';'\n", "utf-8")
    with pytest.raises(MappingError) as caught:
        read_responses_csv(CSV, path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (3, "seperator")
    assert "did you mean 'separator'?" in (problem.expected or "")


def test_mapping_schema_is_published() -> None:
    committed = (ROOT / "questionnaires" / "mapping.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text("mapping")
    assert json.loads(committed)["title"] == "socialready survey mapping"


def test_batch_from_a_survey_export_names_the_bad_row_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = rewrite(tmp_path, ",email,", ",emial,")
    out = tmp_path / "out"
    status = main(["batch", str(path), "--mapping", str(MAPPING), "-o", str(out), "--jobs", "2"])
    assert status == 1
    err = capsys.readouterr().err
    assert f"{path}:2:" in err
    assert "main_collab_tool" in err
    assert "'emial'" in err
    assert len(list(out.glob("*.pdf"))) == 2
    summary = json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))
    (refused,) = summary["refused"]
    assert (refused["input"], refused["kind"], refused["row"]) == (str(path), "row", 2)
    (problem,) = refused["problems"]
    assert (problem["line"], problem["field"]) == (2, "main_collab_tool")
    assert "'emial' is not an option" in problem["message"]


def test_the_batch_summary_lists_an_export_refused_whole_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")  # none of the mapping's columns
    out = tmp_path / "out"
    status = main(
        ["batch", str(CSV), str(bad), "--mapping", str(MAPPING), "-o", str(out), "--jobs", "1"]
    )
    assert status == 1
    summary = json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))
    assert [item["status"] for item in summary["items"]] == ["written"] * 3
    (refused,) = summary["refused"]
    assert (refused["input"], refused["kind"], refused["row"]) == (str(bad), "file", None)
    assert any("no column 'org_name'" in p["message"] for p in refused["problems"])
    assert all(p["line"] == 1 for p in refused["problems"])
    assert "1 survey export(s) not read" in capsys.readouterr().err


def test_rows_and_headers_that_do_not_fit(tmp_path: Path) -> None:
    lines = CSV.read_text(encoding="utf-8").splitlines()
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("\n".join([lines[0], lines[1] + ",extra", lines[2]]) + "\n", "utf-8")
    result = read_responses_csv(ragged, MAPPING)
    assert result.failed_rows == [2]
    assert result.rows == [3]
    assert "the row has" in result.problems[0].message
    twice = tmp_path / "twice.csv"
    twice.write_text("\n".join([lines[0].replace("_id", "org_name"), *lines[1:]]) + "\n", "utf-8")
    with pytest.raises(MappingError, match="two columns are named 'org_name'"):
        read_responses_csv(twice, MAPPING)


def test_explicit_utf8_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CSV.read_bytes())
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING.read_text(encoding="utf-8") + "encoding: utf-8\n", "utf-8")
    assert read_responses_csv(path, mapping).failed_rows == []


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("encoding: klingon\n", "unknown encoding 'klingon'"),
        ("delimiter: ';;'\n", "a delimiter is one character"),
        # Python 3.13's csv module raised ValueError on these (3.11 read every row as one cell)
        *((f"delimiter: {d}\n", "not a quote nor a line end") for d in ("'\"'", '"\\n"', '"\\r"')),
    ],
)
def test_unusable_mapping_settings_are_located(tmp_path: Path, line: str, fragment: str) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING.read_text(encoding="utf-8") + line, "utf-8")
    with pytest.raises(MappingError, match=fragment):
        read_responses_csv(CSV, mapping)


def test_ambiguous_thousands_are_refused_and_scale_labels_understood(tmp_path: Path) -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    scale = q.questions["management_stance"]
    label = scale.scale[3].label["en"]  # type: ignore[union-attr]
    header = CSV.read_text(encoding="utf-8").splitlines()[0].split(",")
    path = rewrite(tmp_path, ",email,", ",email,")
    rows = list(csv_rows(path))
    rows[1][header.index("management_stance")] = label
    rows[1][header.index("answer_hours")] = "1,500"
    write_rows(path, rows)
    result = read_responses_csv(path, MAPPING)
    (problem,) = result.problems
    assert problem.field == "answer_hours"
    assert "'1,500'" in problem.message
    rows[1][header.index("answer_hours")] = "15"
    write_rows(path, rows)
    result = read_responses_csv(path, MAPPING)
    assert result.problems == []
    assert result.responses[0].answers["management_stance"] == scale.scale[3].value  # type: ignore[union-attr]


def csv_rows(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_a_mapping_of_the_wrong_shape_is_refused(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        MAPPING.read_text(encoding="utf-8") + "  official_audience:\n    rows: {x: org_name}\n",
        "utf-8",
    )
    with pytest.raises(MappingError, match="gives 'official_audience' the wrong shape"):
        read_responses_csv(CSV, mapping)


def test_matrix_columns_are_found_by_name_and_dates_may_carry_a_time(tmp_path: Path) -> None:
    bare = tmp_path / "map.yaml"
    text = MAPPING.read_text(encoding="utf-8")
    bare.write_text(text[: text.index("questions:")], "utf-8")  # no matrix rows listed
    path = rewrite(tmp_path, ",2026-11-12,", ",25/11/2026 10:30,")
    result = read_responses_csv(path, bare)
    assert result.problems == []
    first = result.responses[0]
    assert first.date.isoformat() == "2026-11-25"
    assert first.answers["brand_presence"]


ROSTER = ROOT / "tests" / "data" / "v1" / "survey-export-roster.csv"


def test_the_roster_export_joins_each_person_to_their_organisation() -> None:
    result = read_responses_csv(CSV, MAPPING, roster=ROSTER)
    assert (result.failed_rows, result.failed_roster_rows, result.problems) == ([], [], [])
    q = load_questionnaire("social-readiness@1.0.0")
    for responses, name in zip(
        result.responses, ["agence-12", "manufacturer-400", "retailer"], strict=True
    ):
        from_yaml = load_responses(ROOT / "tests" / "data" / "v1" / f"{name}.yaml")
        assert responses.answers == from_yaml.answers  # the roster included, roles in order
        assert assess(q, responses).staffing == assess(q, from_yaml).staffing


def roster_rows(tmp_path: Path, change: dict[tuple[int, str], str]) -> Path:
    """The example roster with some cells changed: (row number, column suffix) → text."""
    rows = csv_rows(ROSTER)
    for (number, suffix), text in change.items():
        (column,) = [i for i, name in enumerate(rows[0]) if name.endswith(suffix)]
        rows[number - 1][column] = text
    path = tmp_path / "roster.csv"
    write_rows(path, rows)
    return path


def test_bad_roster_cells_fail_their_organisation_and_are_located_in_the_roster_file(
    tmp_path: Path,
) -> None:
    header = csv_rows(ROSTER)[0]
    path = roster_rows(
        tmp_path,
        {
            (5, "_responsibilities_publishing"): "A X",  # row 5: the manufacturer's first person
            (6, "_time_share"): "lots",
            (7, "_department"): "Accounting",
        },
    )
    result = read_responses_csv(CSV, MAPPING, roster=path)
    assert result.rows == [2, 4]  # the agency and the retailer are imported
    assert result.failed_rows == [3]
    located = sorted((p.source, p.line, p.column, p.field) for p in result.problems)
    assert located == [
        (
            str(path),
            5,
            header.index(_column(header, "_publishing")) + 1,
            _column(header, "_publishing"),
        ),
        (
            str(path),
            6,
            header.index(_column(header, "_time_share")) + 1,
            _column(header, "_time_share"),
        ),
        (
            str(path),
            7,
            header.index(_column(header, "_department")) + 1,
            _column(header, "_department"),
        ),
    ]
    messages = " | ".join(p.message for p in result.problems)
    assert "question dedicated_staff, person 1: role 'A X'" in messages
    assert "'lots'" in messages
    assert "person 3" in messages


def _column(header: list[str], suffix: str) -> str:
    (name,) = [name for name in header if name.endswith(suffix)]
    return name


def test_roster_rows_of_no_organisation_are_reported_not_dropped(tmp_path: Path) -> None:
    path = roster_rows(tmp_path, {(2, "_submission__uuid"): "9", (3, "_submission__uuid"): ""})
    result = read_responses_csv(CSV, MAPPING, roster=path)
    assert result.failed_roster_rows == [2, 3]
    assert result.rows == [2, 3, 4]  # the organisations themselves are imported
    by_line = {p.line: p for p in result.problems}
    assert "refers to '9', which no readable row of the export has" in by_line[2].message
    assert by_line[2].field == "_submission__uuid"
    assert "names no row of the main export" in by_line[3].message


def test_a_roster_file_that_does_not_fit_the_mapping_is_refused(tmp_path: Path) -> None:
    rows = csv_rows(ROSTER)
    rows[0] = [
        name.replace("_submission__uuid", "parent").replace("_name", "_nom") for name in rows[0]
    ]
    path = tmp_path / "roster.csv"
    write_rows(path, rows)
    with pytest.raises(MappingError) as caught:
        read_responses_csv(CSV, MAPPING, roster=path)
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "no column '_submission__uuid' for the link to the main export's rows",
        "no column 'dedicated_staff_name' for the field 'name'",
    ]
    # without the main export's key column, the people cannot be joined either
    main_rows = csv_rows(CSV)
    main_rows[0][main_rows[0].index("_uuid")] = "uuid"
    export = tmp_path / "export.csv"
    write_rows(export, main_rows)
    with pytest.raises(MappingError, match="no column '_uuid' for the roster key"):
        read_responses_csv(export, MAPPING, roster=ROSTER)


def test_batch_reads_the_roster_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    argv = ["batch", str(CSV), "--mapping", str(MAPPING), "--roster", str(ROSTER), "-o", str(out)]
    assert main([*argv, "--jobs", "1"]) == 0
    assert len(list(out.glob("*.pdf"))) == 3
    two = main(
        [
            "batch",
            str(CSV),
            str(CSV),
            "--mapping",
            str(MAPPING),
            "--roster",
            str(ROSTER),
            "-o",
            str(out),
        ]
    )
    assert two == 2
    assert "--roster goes with one survey export" in capsys.readouterr().err


def test_a_roster_key_given_to_two_rows_fails_both_at_the_key_cell(tmp_path: Path) -> None:
    rows = csv_rows(CSV)
    key = rows[0].index("_uuid")
    rows[2][key] = rows[1][key]  # the manufacturer now claims the agency's people
    export = tmp_path / "export.csv"
    write_rows(export, rows)
    result = read_responses_csv(export, MAPPING, roster=ROSTER)
    assert result.rows == [4]
    assert result.failed_rows == [2, 3]
    keyed = [p for p in result.problems if p.field == "_uuid"]
    assert [(p.line, p.column) for p in keyed] == [(2, key + 1), (3, key + 1)]
    assert f"the roster key '{rows[1][key]}' is given to rows 2, 3" in keyed[0].message
    # the manufacturer's own people now belong to no row: reported, not dropped
    link = csv_rows(ROSTER)[0].index("_submission__uuid")
    manufacturer = csv_rows(CSV)[2][key]
    theirs = [n for n, row in enumerate(csv_rows(ROSTER), start=1) if row[link] == manufacturer]
    assert len(theirs) > 3
    assert result.failed_roster_rows == theirs


def test_an_unreadable_person_fails_their_organisation(tmp_path: Path) -> None:
    lines = ROSTER.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + ",extra"  # the agency's first person
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_responses_csv(CSV, MAPPING, roster=path)
    assert result.failed_rows == [2]
    assert result.failed_roster_rows == [2]
    assert result.rows == [3, 4]
    (row,) = [p for p in result.problems if p.source == str(CSV)]
    assert row.message.startswith("1 person(s) of this organisation's roster could not be read")
    assert f"rows 2 of {path}" in row.message


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("R A", "RA"),
        ("r, a", "RA"),
        ("A/R", "AR"),
        ("R R", "R"),
        ("a — rend des comptes (décide)", "A"),
        ("A — accountable (owns the outcome)", "A"),
        ("C;I", "CI"),
    ],
)
def test_role_cells_as_survey_tools_write_them(tmp_path: Path, cell: str, role: str) -> None:
    path = roster_rows(tmp_path, {(2, "_responsibilities_publishing"): cell})
    result = read_responses_csv(CSV, MAPPING, roster=path)
    assert result.problems == []
    first = result.responses[0].answers["dedicated_staff"][0]  # type: ignore[index]
    expected = "".join(sorted(role, key="RACI".index))  # validation puts the letters in order
    assert first["responsibilities"]["publishing"] == expected


def test_roster_columns_missing_or_doubled_are_refused_with_the_main_files_problems(
    tmp_path: Path,
) -> None:
    rows = csv_rows(ROSTER)
    header = rows[0]
    publishing = _column(header, "_responsibilities_publishing")
    share = _column(header, "_time_share")
    rows[0] = [
        "renamed" if name == publishing else "_submission__uuid" if name == share else name
        for name in header
    ]
    path = tmp_path / "roster.csv"
    write_rows(path, rows)
    mapping = tmp_path / "map.yaml"
    text = MAPPING.read_text(encoding="utf-8").replace(
        "organisation: org_name", "organisation: nom"
    )
    mapping.write_text(with_roster_fields(text, "{externall: status}"), "utf-8")
    with pytest.raises(MappingError) as caught:
        read_responses_csv(CSV, mapping, roster=path)
    messages = [p.message for p in caught.value.problems]
    assert "no column 'nom' for the organisation" in messages
    assert "the mapping's roster.fields names unknown field 'externall'" in messages
    assert "two columns are named '_submission__uuid'" in messages
    assert (
        "no column 'dedicated_staff_responsibilities_publishing' for the role in 'publishing'"
        " of the field 'responsibilities'" in messages
    )
    assert "no column 'dedicated_staff_time_share' for the field 'time_share'" in messages


def with_roster_fields(mapping: str, fields: str) -> str:
    assert "\n  key: _uuid" in mapping
    return mapping.replace("\n  key: _uuid", f"\n  fields: {fields}\n  key: _uuid", 1)


def test_a_field_the_export_lacks_is_declared_absent(tmp_path: Path) -> None:
    rows = csv_rows(ROSTER)
    share = rows[0].index(_column(rows[0], "_time_share"))
    path = tmp_path / "roster.csv"
    write_rows(path, [row[:share] + row[share + 1 :] for row in rows])
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        with_roster_fields(MAPPING.read_text("utf-8"), "{time_share: null}"), "utf-8"
    )
    result = read_responses_csv(CSV, mapping, roster=path)
    assert result.problems == []
    people = result.responses[0].answers["dedicated_staff"]
    assert all("time_share" not in person for person in people)  # type: ignore[union-attr]


def test_an_empty_roster_file_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER.read_text(encoding="utf-8").splitlines()[0] + "\n", "utf-8")
    result = read_responses_csv(CSV, MAPPING, roster=path)
    assert result.rows == [2, 3, 4]
    assert [w.message for w in result.warnings if w.source == str(path)] == [
        "the roster file lists nobody: no organisation's roster is answered"
    ]


def test_a_roster_file_for_a_questionnaire_without_roster(tmp_path: Path) -> None:
    q = load_questionnaire(ROOT / "tests" / "data" / "minimal.yaml")
    with pytest.raises(MappingError) as caught:
        read_responses_csv(CSV, MAPPING, q, roster=ROSTER)
    assert any(
        p.message.endswith(f"has no roster question to read {ROSTER} into")
        for p in caught.value.problems
    )


# --- never silent (issue 15) -----------------------------------------------------------------


def test_a_date_that_reads_both_ways_is_refused_unless_the_mapping_names_the_order(
    tmp_path: Path,
) -> None:
    header = CSV.read_text(encoding="utf-8").splitlines()[0].split(",")
    path = rewrite(tmp_path, ",2026-11-12,", ",11/12/2026,")
    result = read_responses_csv(path, MAPPING)
    (problem,) = result.problems
    assert (problem.line, problem.column) == (2, header.index("assessment_date") + 1)
    assert problem.message == "'11/12/2026' could be 2026-12-11 or 2026-11-12"
    assert "%m/%d/%Y" in (problem.expected or "")
    assert result.failed_rows == [2]
    # named in the mapping: month first, as a US tool writes it
    named = tmp_path / "us.yaml"
    named.write_text(
        MAPPING.read_text(encoding="utf-8") + 'date_formats: ["%Y-%m-%d", "%m/%d/%Y"]\n',
        encoding="utf-8",
    )
    result = read_responses_csv(path, named)
    assert result.problems == []
    assert result.responses[0].date.isoformat() == "2026-11-12"
    # a day above 12, or the same day and month, reads one way only
    for cell, day in ((",25/11/2026,", "2026-11-25"), (",11/11/2026,", "2026-11-11")):
        result = read_responses_csv(rewrite(tmp_path, ",2026-11-12,", cell), MAPPING)
        assert (result.problems, result.responses[0].date.isoformat()) == ([], day)


def test_a_stray_byte_in_a_utf8_export_is_refused_where_it_is(tmp_path: Path) -> None:
    raw = CSV.read_bytes()
    assert "Hélice".encode() in raw
    at = raw.index(b"Lumen")  # the assessor's cell of the first row
    path = tmp_path / "export.csv"
    path.write_bytes(raw[:at] + b"\x92" + raw[at:])  # a Windows-1252 apostrophe
    with pytest.raises(MappingError) as info:
        read_responses_csv(path, MAPPING)
    (problem,) = info.value.problems
    line = raw[:at].count(b"\n") + 1
    column = len(raw[: at + 1].split(b"\n")[-1].decode("utf-8", "replace"))
    assert (problem.line, problem.column) == (line, column)
    assert problem.message == "the byte 0x92 is not UTF-8, though the rest of the file is"
    # a file in Windows-1252 throughout is still read as such
    whole = tmp_path / "cp1252.csv"
    whole.write_bytes(raw.decode("utf-8").encode("cp1252", errors="replace"))
    result = read_responses_csv(whole, MAPPING)
    assert result.responses[0].organisation.name == "Studio Hélice"


def _per_option(tmp_path: Path, question: str, marks: tuple[str, str]) -> Path:
    """The example export with ``question`` written as one column per option, as
    KoboToolbox's "separate columns" and ODK Central's split export write it."""
    import csv
    import io

    q = load_questionnaire("social-readiness@1.0.0")
    options = [o.id for o in q.questions[question].options]  # type: ignore[union-attr]
    rows = list(csv.reader(io.StringIO(CSV.read_text(encoding="utf-8"))))
    at = rows[0].index(question)
    rows[0][at : at + 1] = [f"{question}/{o}" for o in options]
    for row in rows[1:]:
        chosen = row[at].split()
        row[at : at + 1] = [
            (marks[0] if o in chosen else marks[1]) if chosen else "" for o in options
        ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("marks", [("1", "0"), ("Y", ""), ("True", "False")])
def test_a_multiple_choice_in_one_column_per_option_is_read(
    tmp_path: Path, marks: tuple[str, str]
) -> None:
    expected = read_responses_csv(CSV, MAPPING)
    path = _per_option(tmp_path, "website_features", marks)
    result = read_responses_csv(path, MAPPING)
    assert result.problems == []

    def as_sets(answers: dict[str, object]) -> dict[str, object]:
        return {k: set(v) if isinstance(v, list) else v for k, v in answers.items()}

    assert [as_sets(r.answers) for r in result.responses] == [
        as_sets(r.answers) for r in expected.responses
    ]
    assert not any("not read" in w.message for w in result.warnings)


def test_an_option_column_that_says_neither_fails_its_row_at_the_cell(tmp_path: Path) -> None:
    import csv
    import io

    path = _per_option(tmp_path, "website_features", ("1", "0"))
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    at = rows[0].index("website_features/comments")
    rows[2][at] = "maybe"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    result = read_responses_csv(path, MAPPING)
    (problem,) = result.problems
    assert (problem.line, problem.column, problem.field) == (
        3,
        at + 1,
        "website_features/comments",
    )
    assert "'maybe' does not say whether the option is selected" in problem.message
    assert result.failed_rows == [3]


def test_columns_not_read_and_questions_without_a_column_are_warned(tmp_path: Path) -> None:
    # a renamed column: its question is answered by no row, and the column is read by none
    path = rewrite(tmp_path, ",email_share,", ",email_share_pct,")
    result = read_responses_csv(path, MAPPING)
    assert result.problems == []
    messages = [w.message for w in result.warnings]
    assert "1 column is not read: 'email_share_pct'" in messages
    assert "1 question has no column: 'email_share'" in messages
    assert all("email_share" not in r.answers for r in result.responses)
    # the example export itself: its tools' columns (start, end) are known, nothing else left
    assert [w for w in read_responses_csv(CSV, MAPPING).warnings if "column" in w.message] == []


def test_ignored_columns_are_not_warned(tmp_path: Path) -> None:
    path = rewrite(tmp_path, ",email_share,", ",email_share_pct,")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        MAPPING.read_text(encoding="utf-8") + "ignore: ['*_pct']\n", encoding="utf-8"
    )
    messages = [w.message for w in read_responses_csv(path, mapping).warnings]
    assert not any("not read" in m for m in messages)


def test_no_roster_file_for_a_questionnaire_with_a_roster_is_warned() -> None:
    result = read_responses_csv(CSV, MAPPING)
    (warning,) = [w for w in result.warnings if "roster" in w.message]
    assert "staffing cannot be assessed" in warning.message
    assert "roster" in (warning.expected or "")
    with_roster = read_responses_csv(CSV, MAPPING, roster=ROSTER)
    assert not [w for w in with_roster.warnings if "roster" in w.message]


def test_a_scored_question_answered_in_no_row_is_warned_once(tmp_path: Path) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(CSV.read_text(encoding="utf-8"))))
    at = rows[0].index("fallback_channel")
    for row in rows[1:]:
        row[at] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    result = read_responses_csv(path, MAPPING)
    found = [w for w in result.warnings if "fallback_channel" in w.message]
    assert len(found) == 1
    assert found[0].message == "question fallback_channel is answered in no row"
    assert (found[0].line, found[0].column) == (1, at + 1)


def test_a_roster_joined_on_row_positions_is_warned(tmp_path: Path) -> None:
    # KoboToolbox numbers the rows of each download: a filtered one renumbers them
    mapping = tmp_path / "map.yaml"
    text = MAPPING.read_text(encoding="utf-8")
    text = text.replace("link: _submission__uuid", "link: _parent_index")
    mapping.write_text(text.replace("key: _uuid", "key: _index"), encoding="utf-8")
    result = read_responses_csv(CSV, mapping, roster=ROSTER)
    assert result.problems == []
    (warning,) = [w for w in result.warnings if "position" in w.message]
    assert warning.message.startswith("the roster joins on '_index', a row's position")
    assert "_submission__uuid" in (warning.expected or "")
    stable = read_responses_csv(CSV, MAPPING, roster=ROSTER)
    assert [r.answers for r in stable.responses] == [r.answers for r in result.responses]
    assert not [w for w in stable.warnings if "position" in w.message]
