"""Hostile and heavy input (issue 10): each reproducer gets a short located error, in
bounded time and memory — never a traceback, a hang or a message of a million characters.

The cases that would take gigabytes or hang when broken run in a child process under a
500 MB address-space limit and a time limit, so that a regression fails the test instead of
the machine.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from limits import bounded
from socialready import (
    LocatedError,
    MappingError,
    QuestionnaireError,
    ResponsesError,
    ThemeError,
    load_questionnaire,
    load_responses,
    questionnaire_from_data,
    read_responses_csv,
)
from socialready.errors import MAX_MESSAGE
from socialready.report import load_theme
from socialready.survey import load_mapping

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "tests" / "data" / "v1"
DATA = Path(__file__).parent / "data"
MAPPING = EXAMPLES / "survey-export.mapping.yaml"
RETAILER = (EXAMPLES / "retailer.yaml").read_text(encoding="utf-8")
BIG = "x" * 100_000
ALIASES = 10_000


def header() -> dict[str, Any]:
    """The header of a good responses dict (the retailer's), without answers."""
    return {
        "questionnaire": "social-readiness@1.0.0",
        "organisation": {"name": "Maison Garance"},
        "date": "2026-11-26",
        "assessor": "É. Marchand",
    }


def refused(error: type[LocatedError], call: Any, *args: Any) -> LocatedError:
    """The error ``call(*args)`` raises, checked to be short."""
    with pytest.raises(error) as caught:
        call(*args)
    assert len(str(caught.value)) <= MAX_MESSAGE * len(caught.value.problems) + 200
    for problem in caught.value.problems:
        assert len(str(problem)) <= MAX_MESSAGE
    return caught.value


# --- point 2: every file read within its kind's limit ------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_as_too_large_by_every_loader() -> None:
    out = bounded(
        """
        import json
        from socialready import SocialReadyError, load_questionnaire, load_responses
        from socialready import read_responses_csv
        from socialready.report import load_assessment_from_pdf, load_theme
        from socialready.survey import load_mapping
        found = []
        for call in (load_questionnaire, load_responses, load_theme, load_mapping,
                     lambda p: read_responses_csv(p, "tests/data/v1/survey-export.mapping.yaml"),
                     load_assessment_from_pdf):
            try:
                call("/dev/zero")
            except SocialReadyError as exc:
                found.append([type(exc).__name__, exc.problems[0].message])
        print(json.dumps(found))
        """
    )
    assert json.loads(out) == [
        ["QuestionnaireError", "the questionnaire is larger than 5,242,880 bytes"],
        ["ResponsesError", "the responses file is larger than 5,242,880 bytes"],
        ["ThemeError", "the theme is larger than 1,048,576 bytes"],
        ["MappingError", "the survey mapping is larger than 1,048,576 bytes"],
        ["MappingError", "the survey export is larger than 20,971,520 bytes"],
        ["LocatedError", "the report is larger than 52,428,800 bytes"],
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_with_no_writer_is_refused_not_waited_for(tmp_path: Path) -> None:
    pipe = tmp_path / "answers.yaml"
    os.mkfifo(pipe)
    out = bounded(
        f"""
        import time
        from socialready import ResponsesError, load_responses
        started = time.monotonic()
        try:
            load_responses({str(pipe)!r})
        except ResponsesError as exc:
            print(exc.problems[0].message, round(time.monotonic() - started))
        """,
        seconds=20,
    )
    assert out.startswith("nothing more came within 5 seconds")
    assert int(out.split()[-1]) <= 6


def test_a_large_survey_export_is_refused_within_bounds(tmp_path: Path) -> None:
    # 21 MB of one column: refused by its size before any row is read
    export = tmp_path / "big.csv"
    export.write_bytes(b"org_name\n" + b"x" * (21 * 1024 * 1024) + b"\n")
    out = bounded(
        f"""
        from socialready import MappingError, read_responses_csv
        try:
            read_responses_csv({str(export)!r}, "tests/data/v1/survey-export.mapping.yaml")
        except MappingError as exc:
            print(exc.problems[0].message)
        """,
        seconds=20,
    )
    assert out.strip() == "the survey export is larger than 20,971,520 bytes"


def test_a_survey_export_of_too_many_rows_is_refused_at_the_row_after_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialready.survey import _decoding

    monkeypatch.setattr(_decoding, "MAX_ROWS", 2)
    lines = (EXAMPLES / "survey-export.csv").read_text(encoding="utf-8").splitlines()
    export = tmp_path / "rows.csv"
    export.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    assert len(read_responses_csv(export, MAPPING).responses) == 2  # two rows: read
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    error = refused(MappingError, read_responses_csv, export, MAPPING)
    (problem,) = error.problems
    assert (problem.source, problem.line) == (str(export), 4)
    assert problem.message == "the survey export has more than 2 rows"


def test_an_export_with_more_problems_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialready.survey import reading

    monkeypatch.setattr(reading, "MAX_PROBLEMS", 10)
    lines = (EXAMPLES / "survey-export.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    bad = ",".join(
        "Org" if name == "org_name" else "2026-01-01" if name == "assessment_date" else "x"
        for name in head
    )
    export = tmp_path / "bad.csv"
    export.write_text("\n".join([lines[0], bad, bad]) + "\n", encoding="utf-8")
    error = refused(MappingError, read_responses_csv, export, MAPPING)
    assert len(error.problems) == 11
    (stop,) = [p for p in error.problems if p.message.startswith("more than")]
    assert stop.line == 2  # the first row has more than 10 problems
    assert stop.message == "more than 10 problems: the export is not read beyond this row"


# --- point 3: aliases bounded by what they build, values echoed as excerpts --------------


def test_aliases_of_a_large_text_in_responses_are_refused_fast_and_short(tmp_path: Path) -> None:
    # 10,000 aliases of a 100,000-character text under size_band: a billion characters
    aliases = ", ".join(["*big"] * ALIASES)
    text = RETAILER.replace('size_band: "1000+"', f'size_band: [&big "{BIG}", {aliases}]')
    assert text != RETAILER
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size < 170_000
    out = bounded(
        f"""
        from socialready import ResponsesError, load_responses
        try:
            load_responses({str(path)!r})
        except ResponsesError as exc:
            print(len(str(exc)))
            print(exc.problems[0])
        """,
        seconds=20,
    )
    size, problem = out.splitlines()
    assert int(size) < 2_000
    assert f"{path}:11:" in problem
    assert "the document expands to more than 10,000,000 characters" in problem


def test_aliases_of_a_large_text_in_a_questionnaire_are_refused(tmp_path: Path) -> None:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    aliases = ", ".join(["*big"] * ALIASES)
    path = tmp_path / "q.yaml"
    path.write_text(
        text + f'scoring: {{aggregation: [&big "{BIG}", {aliases}]}}\n', encoding="utf-8"
    )
    error = refused(QuestionnaireError, load_questionnaire, path)
    (problem,) = error.problems
    assert problem.source == str(path)
    assert problem.line == text.count("\n") + 1
    assert problem.message == "the document expands to more than 10,000,000 characters"


def test_aliases_of_a_large_text_in_a_mapping_are_refused(tmp_path: Path) -> None:
    aliases = ", ".join(["*big"] * ALIASES)
    path = tmp_path / "mapping.yaml"
    path.write_text(
        MAPPING.read_text(encoding="utf-8") + f'date_formats: [&big "{BIG}", {aliases}]\n',
        encoding="utf-8",
    )
    error = refused(MappingError, load_mapping, path)
    (problem,) = error.problems
    assert (problem.source, problem.message) == (
        str(path),
        "the document expands to more than 10,000,000 characters",
    )


def test_aliases_below_the_bound_still_give_short_messages(tmp_path: Path) -> None:
    # 90 aliases of 100,000 characters: 9 million characters, within the bound
    aliases = ", ".join(["*big"] * 90)
    path = tmp_path / "answers.yaml"
    path.write_text(
        RETAILER.replace('size_band: "1000+"', f'size_band: [&big "{BIG}", {aliases}]'),
        encoding="utf-8",
    )
    error = refused(ResponsesError, load_responses, path)
    (problem,) = error.problems
    assert (problem.line, problem.field) == (11, "organisation.size_band")
    assert problem.message.startswith("['xxxxx")
    assert len(problem.message) < 100


@pytest.mark.parametrize("where", ["question", "option", "row", "field"])
def test_a_million_character_id_is_echoed_as_an_excerpt(where: str) -> None:
    long = "z" * 1_000_000
    answers: dict[str, Any] = {
        "question": {long: 1},
        "option": {"official_activity": long},
        "row": {"brand_presence": {long: "active"}},
        "field": {"official_activity": {"value": "daily", long: 1}},
    }[where]
    error = refused(ResponsesError, load_responses, {**header(), "answers": answers})
    (problem,) = error.problems
    assert "'" + "z" * 60 + "…' (1,000,000 characters)" in problem.message
    assert len(str(problem)) < 500


# --- point 5: located errors, not tracebacks ---------------------------------------------


def test_json_nested_too_deep_is_located(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"answers": ' + "[" * 3000 + "]" * 3000 + "}", encoding="utf-8")
    error = refused(ResponsesError, load_responses, path)
    (problem,) = error.problems
    assert (problem.source, problem.line) == (str(path), 1)
    if "maximum nesting depth" in problem.message:
        # the C scanner of PyYAML 6.0.4 and later stops at its own limit of nesting, as it
        # scans ahead: still a located problem, at the bracket beyond that limit
        assert problem.column is not None
        assert problem.column > 77
    else:
        assert (problem.column, problem.message) == (77, "nested deeper than 64 levels")


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_number_of_5000_digits_is_located(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"answers{suffix}"
    data = {**header(), "answers": {"email_share": 0}}
    text = json.dumps(data, indent=1).replace('"email_share": 0', '"email_share": ' + "9" * 5000)
    path.write_text(text, encoding="utf-8")
    error = refused(ResponsesError, load_responses, path)
    (problem,) = error.problems
    line = text[: text.index("9" * 5000)].count("\n") + 1
    assert (problem.source, problem.line, problem.field) == (str(path), line, "answers.email_share")
    assert problem.message == "a whole number of 5,000 digits"
    assert problem.expected == "a number of at most 4,300 digits"


def test_a_number_answer_around_ten_to_the_400_is_refused_as_out_of_range(tmp_path: Path) -> None:
    for value in (10**400, -(10**400)):
        error = refused(
            ResponsesError, load_responses, {**header(), "answers": {"email_share": value}}
        )
        (problem,) = error.problems
        assert problem.message == "got a whole number of about 401 digits"
        assert problem.expected is not None
        assert "finite and within ±10¹⁵" in problem.expected
    path = tmp_path / "answers.yaml"
    path.write_text(RETAILER.replace("email_share: 88", "email_share: 1" + "0" * 400), "utf-8")
    (problem,) = refused(ResponsesError, load_responses, path).problems
    assert (problem.field, problem.line) == ("answers.email_share", 48)


def test_a_float_tag_on_a_number_too_large_for_a_float_is_located(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        RETAILER.replace("email_share: 88", "email_share: !!float 1" + "0" * 400), "utf-8"
    )
    (problem,) = refused(ResponsesError, load_responses, path).problems
    assert (problem.field, problem.line) == ("answers.email_share", 48)
    assert problem.message == "'1" + "0" * 59 + "…' (401 characters) is not a valid !!float"


def test_a_number_beyond_a_float_in_a_questionnaire_is_located() -> None:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    bad = text.replace("from: 50, to: 100", "from: 50, to: 1" + "0" * 400)
    assert bad != text
    error = refused(QuestionnaireError, lambda: questionnaire_from_data(None, "q.yaml", text=bad))
    (problem,) = error.problems
    assert (problem.line, problem.field) == (14, "maturity_levels[1].to")
    assert problem.message == "got a whole number of about 401 digits"


@pytest.mark.parametrize("pattern", ["%Y%Y", "%Q", "%Y" * 50_000])
def test_a_date_format_strptime_cannot_use_is_located_in_the_mapping(
    tmp_path: Path, pattern: str
) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(
        MAPPING.read_text("utf-8") + f"date_formats: ['%d/%m/%Y', '{pattern}']\n", "utf-8"
    )
    (problem,) = refused(MappingError, load_mapping, path).problems
    assert (problem.source, problem.field) == (str(path), "date_formats[1]")
    assert problem.message.endswith("is not a date format (it cannot read the dates it writes)")
    assert len(problem.message) < 200


@pytest.mark.parametrize("encoding", ["hex", "rot13", "base64", "zlib", "uu"])
def test_a_mapping_encoding_that_is_no_text_encoding_is_located(
    tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(
        MAPPING.read_text("utf-8") + f"encoding: {encoding}\n",
        encoding="utf-8",
    )
    (problem,) = refused(MappingError, load_mapping, path).problems
    assert (problem.source, problem.field) == (str(path), "encoding")
    assert problem.line == MAPPING.read_text("utf-8").count("\n") + 1
    assert problem.message == f"'{encoding}' is not a text encoding (such as utf-8 or cp1252)"


BAD_PATHS = [
    ("a\0b.yaml", "the path holds a NUL character"),
    ("n" * 300 + ".yaml", "a name in the path is longer than 255 bytes"),
]


@pytest.mark.parametrize(("path", "problem"), BAD_PATHS, ids=["nul", "long-name"])
@pytest.mark.parametrize(
    ("error", "call"),
    [
        (QuestionnaireError, load_questionnaire),
        (ResponsesError, load_responses),
        (ThemeError, load_theme),
        (MappingError, load_mapping),
        (MappingError, lambda p: read_responses_csv(p, MAPPING)),
        (MappingError, lambda p: read_responses_csv(EXAMPLES / "survey-export.csv", p)),
        (
            MappingError,
            lambda p: read_responses_csv(EXAMPLES / "survey-export.csv", MAPPING, roster=p),
        ),
    ],
    ids=["questionnaire", "responses", "theme", "mapping", "export", "mapping-arg", "roster"],
)
def test_a_path_the_system_cannot_take_is_a_located_error(
    error: type[LocatedError], call: Any, path: str, problem: str
) -> None:
    caught = refused(error, call, path)
    assert [(p.source, p.message) for p in caught.problems] == [(path, problem)]


@pytest.mark.parametrize(("path", "problem"), BAD_PATHS, ids=["nul", "long-name"])
@pytest.mark.parametrize("key", ["logo", "templates"])
def test_a_theme_naming_a_path_the_system_cannot_take_is_located(
    tmp_path: Path, key: str, path: str, problem: str
) -> None:
    theme = tmp_path / "theme.yaml"
    theme.write_text(f"name: t\n{key}: {json.dumps(path)}\n", encoding="utf-8")
    (found,) = refused(ThemeError, load_theme, theme).problems
    assert (found.source, found.line, found.field) == (str(theme), 2, key)
    assert found.message.endswith(problem)


@pytest.mark.parametrize("wrong", [[1], None, b"answers.yaml", 12])
def test_load_responses_given_no_path_nor_mapping_is_a_type_error(wrong: object) -> None:
    with pytest.raises(TypeError) as caught:
        load_responses(wrong)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "load_responses() takes a path (a str or a pathlib.Path) or a mapping of responses,"
        f" not {type(wrong).__name__}"
    )


def test_a_5000_deep_list_as_size_band_is_a_located_error() -> None:
    deep: Any = "1-9"
    for _ in range(5000):
        deep = [deep]
    data = {**header(), "organisation": {"name": "X", "size_band": deep}}
    (problem,) = refused(ResponsesError, load_responses, data).problems
    assert problem.field == "organisation.size_band"
    assert problem.message == "[[[[…]]]] is not allowed here"


@pytest.mark.parametrize("kind", [list, dict])
def test_a_5000_deep_structure_in_a_questionnaire_dict_is_a_located_error(kind: type) -> None:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    data = questionnaire_from_data(None, "q.yaml", text=text).model_dump(mode="json")
    deep: Any = "x"
    for _ in range(5000):
        deep = [deep] if kind is list else {"a": deep}
    error = refused(QuestionnaireError, questionnaire_from_data, {**data, "title": deep})
    (problem,) = error.problems
    assert problem.path[0] == "title"
    assert problem.message == "nested deeper than 64 levels"


def test_a_dict_that_holds_itself_or_shares_lists_widely_is_refused() -> None:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    data = questionnaire_from_data(None, "q.yaml", text=text).model_dump(mode="json")
    looped: dict[str, Any] = {"fr": "x"}
    looped["en"] = looped
    error = refused(QuestionnaireError, questionnaire_from_data, {**data, "title": looped})
    assert [p.message for p in error.problems] == ["nested deeper than 64 levels"]
    wide: Any = "x"
    for _ in range(30):  # 2**30 values, shared
        wide = [wide, wide]
    error = refused(QuestionnaireError, questionnaire_from_data, {**data, "title": wide})
    assert [p.message for p in error.problems] == ["the data holds more than 200,000 values"]
    # responses are checked one level deep: the same data is said in a few words
    organisation = {"name": "X", "sector": looped}
    answers = {"sharing_obstacles": wide}
    error = refused(
        ResponsesError,
        load_responses,
        {**header(), "organisation": organisation, "answers": answers},
    )
    assert sorted(str(p) for p in error.problems) == [
        "<data>: answers.sharing_obstacles: got a list of 2 items (expected a text)",
        "<data>: organisation.sector: got a mapping (expected a text)",
    ]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("questionnaire: x\norganisation:\n  name: a\x07b\n", 3, 10),
        ('organisation:\n  name: "é\x01"\n', 2, 11),
    ],
)
def test_a_control_character_is_located_by_line_and_column(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    (problem,) = refused(ResponsesError, load_responses, path).problems
    assert (problem.source, problem.line, problem.column) == (str(path), line, column)
    assert "control character U+00" in problem.message
    assert "<unicode string>" not in str(problem)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.yaml", "no questionnaire file 'missing.yaml', and no built-in questionnaire"),
        ('"q\\0.yaml"', "'q\\x00.yaml': the path holds a NUL character"),
    ],
    ids=["missing", "nul"],
)
def test_a_mapping_naming_a_missing_questionnaire_is_located_in_the_mapping(
    tmp_path: Path, name: str, message: str
) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        MAPPING.read_text("utf-8").replace(
            "questionnaire: social-readiness@1.0.0", f"questionnaire: {name}"
        ),
        "utf-8",
    )
    error = refused(MappingError, read_responses_csv, EXAMPLES / "survey-export.csv", mapping)
    (problem,) = error.problems
    assert (problem.source, problem.line, problem.column, problem.field) == (
        str(mapping),
        6,
        16,
        "questionnaire",
    )
    assert problem.message.startswith(message)


# --- point 7: dates are written dates ----------------------------------------------------


@pytest.mark.parametrize("given", [0, 1733011200, 20261201.0, "20261201", "1733011200", True])
def test_a_date_that_is_not_written_yyyy_mm_dd_is_refused(given: object) -> None:
    (problem,) = refused(ResponsesError, load_responses, {**header(), "date": given}).problems
    assert problem.field == "date"
    assert problem.expected == "a date written YYYY-MM-DD, e.g. 2026-11-27"


def test_unix_seconds_in_a_responses_file_are_refused_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(RETAILER.replace("date: 2026-11-26", "date: 1733011200"), "utf-8")
    (problem,) = refused(ResponsesError, load_responses, path).problems
    assert str(problem) == (
        f"{path}:13:7: date: got the number 1733011200"
        " (expected a date written YYYY-MM-DD, e.g. 2026-11-27)"
    )
    assert load_responses(EXAMPLES / "retailer.yaml").date.isoformat() == "2026-11-26"
