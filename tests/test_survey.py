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
CSV = ROOT / "examples" / "survey-export.csv"
MAPPING = ROOT / "examples" / "survey-export.mapping.yaml"


def test_the_example_export_gives_the_example_scores() -> None:
    result = read_responses_csv(CSV, MAPPING)
    assert (result.rows, result.failed_rows, result.problems) == ([2, 3, 4], [], [])
    q = load_questionnaire()
    for responses, name in zip(
        result.responses, ["agence-12", "manufacturer-400", "retailer"], strict=True
    ):
        from_yaml = assess(q, load_responses(ROOT / "examples" / f"{name}.yaml"))
        from_csv = assess(q, responses)
        assert from_csv.overall.score == pytest.approx(from_yaml.overall.score)
        assert responses.source == f"{CSV}:{result.rows[result.responses.index(responses)]}"


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
    q = load_questionnaire()
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
    ],
)
def test_unusable_mapping_settings_are_located(tmp_path: Path, line: str, fragment: str) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING.read_text(encoding="utf-8") + line, "utf-8")
    with pytest.raises(MappingError, match=fragment):
        read_responses_csv(CSV, mapping)


def test_ambiguous_thousands_are_refused_and_scale_labels_understood(tmp_path: Path) -> None:
    q = load_questionnaire()
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
    path = rewrite(tmp_path, ",2026-11-12,", ",12/11/2026 10:30,")
    result = read_responses_csv(path, bare)
    assert result.problems == []
    first = result.responses[0]
    assert first.date.isoformat() == "2026-11-12"
    assert first.answers["brand_presence"]
