"""errors: one base error; located problems, written the way a reader finds them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import socialready
from socialready.errors import (
    MAX_MESSAGE,
    LocatedError,
    Problem,
    QuestionnaireError,
    ResponsesError,
    SocialReadyError,
    excerpt,
    format_path,
)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (("steps", 1, "sections", 0, "id"), "steps[1].sections[0].id"),
        (("answers", "presence", "fb"), "answers.presence.fb"),
        ((0, "name"), "[0].name"),
        ((), ""),
    ],
)
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text


def test_a_problem_reads_file_line_column_field_message_expected() -> None:
    problem = Problem(
        "unknown field 'wieght'",
        source="mine.yaml",
        line=24,
        column=13,
        path=("steps", 0, "wieght"),
        expected="a known field",
    )
    assert problem.field == "steps[0].wieght"
    assert str(problem) == (
        "mine.yaml:24:13: steps[0].wieght: unknown field 'wieght' (expected a known field)"
    )


def test_a_problem_says_only_what_it_knows() -> None:
    assert str(Problem("bad")) == "<data>: bad"
    assert str(Problem("bad", source="a.yaml", line=3)) == "a.yaml:3: bad"
    assert str(Problem("bad", column=4)) == "<data>: bad"  # no column without a line


def test_a_located_error_lists_every_problem_in_file_order() -> None:
    problems = [
        Problem("third", source="a.yaml", line=9, column=1),
        Problem("first", source="a.yaml", line=2, column=5),
        Problem("second", source="a.yaml", line=2, column=7),
    ]
    error = QuestionnaireError(problems, source="a.yaml")
    assert [p.message for p in error.problems] == ["first", "second", "third"]
    assert str(error) == (
        "a.yaml: 3 problems\n  a.yaml:2:5: first\n  a.yaml:2:7: second\n  a.yaml:9:1: third"
    )
    assert str(ResponsesError([Problem("one")])) == "<data>: 1 problem\n  <data>: one"


def test_every_error_derives_from_one_base() -> None:
    assert issubclass(QuestionnaireError, LocatedError)
    assert issubclass(ResponsesError, LocatedError)
    assert issubclass(LocatedError, SocialReadyError)
    assert socialready.SocialReadyError is SocialReadyError


def test_errors_imports_nothing_from_the_package() -> None:
    tree = ast.parse(Path(socialready.errors.__file__).read_text(encoding="utf-8"))
    imported = [
        (node.level, node.module or "")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    ] + [
        (0, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert imported  # the walk found the imports
    assert [m for level, m in imported if level or m.split(".")[0] == "socialready"] == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("abc", "'abc'"),
        ("x" * 60, "'" + "x" * 60 + "'"),
        ("x" * 1_000_000, "'" + "x" * 60 + "…' (1,000,000 characters)"),
        (12, "12"),
        (-(10**59), str(-(10**59))),
        (10**400, "a whole number of about 401 digits"),
        (-(10**5000), "a whole number of about 5,001 digits"),  # Python refuses to write it
        (2.5, "2.5"),
        (None, "None"),
        (True, "True"),
        (list(range(100)), "[0, 1, 2, 3, …]"),
        (Path("/a") / ("b" * 100) / "logo.svg", "…" + ("b" * 100 + "/logo.svg")[-60:]),
    ],
    ids=[
        "text",
        "text-60",
        "text-1M",
        "int",
        "int-59-digits",
        "int-401-digits",
        "int-5001-digits",
        "float",
        "none",
        "bool",
        "list",
        "path",
    ],
)
def test_excerpt_repeats_a_value_short(value: object, shown: str) -> None:
    assert excerpt(value) == shown


def test_excerpt_of_a_deep_or_huge_structure_is_short() -> None:
    deep: object = "x"
    for _ in range(5000):
        deep = [deep]
    assert excerpt(deep) == "[[[[…]]]]"
    shared = ["y" * 100_000] * 10_000  # what YAML aliases build: a billion characters
    assert len(excerpt(shared)) <= 61
    assert len(excerpt({"k" * 1000: shared})) <= 61


def test_excerpt_unquoted_cuts_a_name_as_written() -> None:
    assert excerpt("ref@1.0", quoted=False) == "ref@1.0"
    assert excerpt("r" * 100, quoted=False) == "r" * 60 + "…"


def test_a_problem_is_never_longer_than_its_limit() -> None:
    problem = Problem(
        "m" * 5000,
        source="/" + "d" * 5000 + "/file.yaml",
        line=1,
        path=("answers", "q" * 1_000_000),
        expected="e" * 5000,
    )
    text = str(problem)
    assert len(text) <= MAX_MESSAGE
    assert text.startswith("…")
    assert "/file.yaml:1: answers." + "q" * 199 + "…: mmm" in text
    assert len(problem.message) <= MAX_MESSAGE
    assert problem.expected is not None
    assert len(problem.expected) <= MAX_MESSAGE
    assert format_path(("answers", "q" * 200, 3)) == "answers." + "q" * 200 + "[3]"
    assert format_path(("answers", "q" * 201, 3)) == "answers." + "q" * 199 + "…[3]"
