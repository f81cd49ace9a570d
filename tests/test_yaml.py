"""The YAML/JSON reading layer: core-schema scalars, positions, and the safety limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialready import QuestionnaireError, _yaml
from socialready._files import QUESTIONNAIRE
from socialready._yaml import ParseFailure, parse, read


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", "no"),
        ("NO", "NO"),
        ("on", "on"),
        ("Off", "Off"),
        ("yes", "yes"),
        ("y", "y"),
        ("1:30", "1:30"),
        ("2026-11-27", "2026-11-27"),
        ("0755", 755),
        ("0o17", 15),
        ("0x1F", 31),
        ("1_000", "1_000"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("3.5", 3.5),
        ("-2", -2),
        ("1e3", 1000.0),
        ("'true'", "true"),
        ('"12"', "12"),
        ("!!str 12", "12"),
        ("!!float 3", 3.0),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    data = parse(f"k: {text}\n").data
    assert data == {"k": value}
    assert type(data["k"]) is type(value)


def test_positions_of_values_and_keys_are_one_based() -> None:
    doc = parse("top:\n  items:\n    - a\n    - {b: 2}\n")
    assert doc.positions[("top", "items", 0)] == (3, 7)
    assert doc.positions[("top", "items", 1, "b")] == (4, 11)
    assert doc.keys[("top", "items")] == (2, 3)
    # a path absent from the data falls back to its nearest parent
    assert doc.locate(("top", "items", 1, "nothing")) == (4, 7)


def test_aliases_are_shared_values() -> None:
    doc = parse("a: &scale [1, 2]\nb: *scale\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}
    assert doc.positions[("b",)] == (2, 4)


def problems_of(text: str) -> list[str]:
    with pytest.raises(ParseFailure) as caught:
        parse(text, "in.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_every_duplicate_key_is_reported() -> None:
    problems = problems_of("a: 1\nb: 2\na: 3\nc:\n  d: 1\n  d: 2\n")
    assert problems == [
        "in.yaml:3:1: a: duplicate key 'a' (first given at line 1)"
        " (expected each key once per mapping)",
        "in.yaml:6:3: c.d: duplicate key 'd' (first given at line 5)"
        " (expected each key once per mapping)",
    ]


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 9)]
    problems = problems_of("\n".join(lines) + "\n")
    assert len(problems) == 1
    assert "expands to more than 200,000 values" in problems[0]


def test_recursive_alias_is_refused() -> None:
    problems = problems_of("a: &x [1, *x]\n")
    assert "refers to no anchor defined before" in problems[0]


def test_deep_nesting_is_refused() -> None:
    problems = problems_of("[" * 100 + "]" * 100)
    assert problems == [f"in.yaml:1:{_yaml.MAX_DEPTH + 2}: nested deeper than 64 levels"]


def test_very_deep_nesting_is_refused_by_us_or_by_libyaml() -> None:
    """Recent libyaml refuses depths over 1000 itself; either way it is one located problem."""
    (problem,) = problems_of("[" * 50_000 + "]" * 50_000)
    assert problem.startswith("in.yaml:1:")
    assert "nest" in problem


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['true']\n",
        "a: !custom x\n",
        "a: !!set {x}\n",
    ],
)
def test_tags_are_refused(text: str) -> None:
    assert "unsupported tag" in problems_of(text)[0]


def test_a_second_document_is_refused() -> None:
    assert problems_of("a: 1\n---\nb: 2\n") == [
        "in.yaml:2:1: a second document starts here (expected one document per file"
        " (no second '---'))"
    ]


def test_syntax_error_is_located() -> None:
    problems = problems_of("a:\n  b: [1, 2\n  c: 3\n")
    assert problems[0].startswith("in.yaml:3:")
    assert "YAML syntax error" in problems[0]


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        read(path, QUESTIONNAIRE._replace(limit=100))
    (problem,) = caught.value.problems
    assert problem.message == "the questionnaire is larger than 100 bytes"
    assert problem.source == str(path)


def test_oversized_text_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_yaml, "MAX_BYTES", 100)
    with pytest.raises(ParseFailure) as caught:
        parse("a: " + "x" * 200 + "\n", "in.yaml")
    assert "larger than the 100 bytes accepted" in str(caught.value)


def test_json_syntax_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "q.json"
    path.write_text('{\n  "a": 1,\n  "b": [1, 2,]\n}\n', encoding="utf-8")
    with pytest.raises(ParseFailure) as caught:
        read(path, QUESTIONNAIRE)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, 14)
    assert problem.message.startswith("invalid JSON")


def test_json_keeps_positions_and_reads_nan_as_text(tmp_path: Path) -> None:
    """NaN is not JSON; it reaches the models as text, which they refuse where it stands."""
    path = tmp_path / "q.json"
    path.write_text('{\n  "a": {"b": "no"}\n}\n', encoding="utf-8")
    doc = read(path, QUESTIONNAIRE)
    assert doc.data == {"a": {"b": "no"}}
    assert doc.positions[("a", "b")] == (2, 14)
    path.write_text('{"a": NaN}', encoding="utf-8")
    assert read(path, QUESTIONNAIRE).data == {"a": "NaN"}


def test_not_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(ParseFailure) as caught:
        read(path, QUESTIONNAIRE)
    (problem,) = caught.value.problems
    assert problem.line == 2
    assert "not valid UTF-8" in problem.message


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_bytes("\ufeffa: é\n".encode())
    assert read(path, QUESTIONNAIRE).data == {"a": "é"}


def test_check_data_holds_python_values_to_a_files_limits() -> None:
    from socialready._yaml import check_data

    check_data(None)  # nothing to walk
    check_data({"a": [1, {"b": (2, 3)}]})
    deep: object = 1
    for _ in range(_yaml.MAX_DEPTH):
        deep = [deep]
    check_data({"a": deep[0]})  # type: ignore[index]  # 64 levels below the root: accepted
    with pytest.raises(ParseFailure) as caught:
        check_data({"a": deep}, "in.py")
    (problem,) = caught.value.problems
    assert (problem.source, problem.message) == ("in.py", "nested deeper than 64 levels")
    assert len(problem.path) == _yaml.MAX_DEPTH + 1


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a:\n\tb: 1\n", "in.yaml:2:1:"),  # a tab as the indentation of a mapping
        ("a: 1\n\tb: 2\n", "in.yaml:2:1:"),
        ("a:\n  - x\n\t- y\n", "in.yaml:3:1:"),  # of a list item
        ("a:\n  b: 1\n \tc: 2\n", "in.yaml:3:2:"),  # after a space
    ],
)
def test_a_tab_is_named_with_its_line_and_column(text: str, where: str) -> None:
    # the parsers say "found character that cannot start any token", which names no tab
    assert problems_of(text) == [
        f"{where} YAML syntax error: a tab character; YAML indents with spaces, never tabs"
        " (expected spaces in place of the tab)"
    ]
