"""Broken questionnaires: every mistake is reported with its field path, line, column and a
message a questionnaire author can act on.

Each case edits the text of ``tests/data/minimal.yaml`` (a small valid questionnaire) and
checks the problems raised. Expected positions are given as a marker: the text found, once,
in the edited file, starting exactly at the reported line and column.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import socialready._files
import socialready._yaml
from socialready import Problem, QuestionnaireError, load_questionnaire, questionnaire_from_data

MINIMAL = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")

Q0 = "steps[0].sections[0].questions[0]"  # has_page, yes_no
Q1 = "steps[0].sections[0].questions[1]"  # network, single_choice
REC = "recommendations[0]"  # open_page


def edit(old: str, new: str, text: str = MINIMAL) -> str:
    """Replace the one occurrence of ``old`` in ``text``."""
    assert text.count(old) == 1, f"{old!r} is not found exactly once"
    return text.replace(old, new)


def position(text: str, marker: str) -> tuple[int, int]:
    """1-based (line, column) where ``marker``, found once in ``text``, starts."""
    assert text.count(marker) == 1, f"marker {marker!r} is not found exactly once"
    before = text[: text.index(marker)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def problems_in(text: str) -> tuple[Problem, ...]:
    with pytest.raises(QuestionnaireError) as info:
        questionnaire_from_data(None, "broken.yaml", text=text)
    problems = info.value.problems
    assert problems, "a QuestionnaireError without problems"
    assert all(p.source == "broken.yaml" for p in problems)
    return problems


def problems_in_file(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(path)
    problems = info.value.problems
    assert problems, "a QuestionnaireError without problems"
    assert all(p.source == str(path) for p in problems)
    return problems


def only(problems: tuple[Problem, ...]) -> Problem:
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]


def at_field(problems: tuple[Problem, ...], field: str) -> Problem:
    found = [p for p in problems if p.field == field]
    assert len(found) == 1, f"{field}: " + "\n".join(str(p) for p in problems)
    return found[0]


def test_the_unedited_file_loads() -> None:
    """Every case below breaks a file that is otherwise valid."""
    questionnaire = questionnaire_from_data(None, "minimal.yaml", text=MINIMAL)
    assert questionnaire.id == "mini"


# --- one mistake, one located problem ---------------------------------------------------

BAND_QUESTION = """\
          - id: count
            kind: number
            label: {fr: Nombre, en: Number}
            min: 0
            bands:
              - {to: 10, points: 0}
              - {from: 20, points: 1}
"""

CASES = [
    # id, old text, new text, field, marker of the position, message fragment, expected fragment
    pytest.param(
        "    step: s1\n",
        "    step: s1\n   bad: : x\n",
        "",
        "bad: : x",
        "YAML syntax error",
        None,
        id="yaml-syntax-error",
    ),
    pytest.param(
        'version: "1.0"\n',
        'version: "1.0"\nid: mini2\n',
        "id",
        "id: mini2",
        "duplicate key 'id' (first given at line 2)",
        "each key once per mapping",
        id="duplicate-key",
    ),
    pytest.param(
        "    priority: high\n",
        "    priority: high\n    priority: low\n",
        f"{REC}.priority",
        "priority: low",
        "duplicate key 'priority' (first given at line 39)",
        "each key once",
        id="duplicate-key-nested",
    ),
    pytest.param(
        "            kind: yes_no\n",
        "            kind: yes_no\n            hlep: {fr: Aide, en: Help}\n",
        f"{Q0}.hlep",
        "hlep:",
        "unknown field 'hlep'",
        "did you mean 'help'?",
        id="unknown-field-typo",
    ),
    pytest.param(
        'version: "1.0"',
        "version: 1.0",
        "version",
        "1.0",
        "got the number 1.0",
        "a text",
        id="number-where-text-expected",
    ),
    pytest.param(
        "points: 2}",
        "points: two}",
        f"{Q1}.options[1].points",
        "two}",
        "got the text 'two'",
        "a number",
        id="text-where-number-expected",
    ),
    pytest.param(
        "points: 2}",
        "points: '2'}",
        f"{Q1}.options[1].points",
        "'2'}",
        "got the text '2'",
        "a number",
        id="quoted-number-is-not-coerced",
    ),
    pytest.param(
        "    horizon: quarter\n",
        "",
        f"{REC}.horizon",
        "id: open_page",
        "missing field 'horizon'",
        None,
        id="missing-required-field",
    ),
    pytest.param(
        "kind: yes_no",
        "kind: yes_or_no",
        f"{Q0}.kind",
        "yes_or_no",
        "unknown kind 'yes_or_no'",
        "'yes_no'",
        id="unknown-question-kind",
    ),
    pytest.param(
        "when: {question: has_page, equals: true}",
        "when: {question: has_pages, equals: true}",
        f"{Q1}.when.question",
        "has_pages",
        "unknown question 'has_pages'",
        "the id of a question",
        id="when-unknown-question",
    ),
    pytest.param(
        "when: {question: has_page, equals: true}",
        "when: {question: network, equals: linkedin}",
        f"{Q1}.when.question",
        "network, equals: linkedin",
        "question 'network' comes later in the questionnaire",
        "a question asked before this one",
        id="when-later-question",
    ),
    pytest.param(
        "when: {question: has_page, equals: false}",
        "when: {question: network, equals: facebook}",
        f"{REC}.when.equals",
        "facebook",
        "'facebook' is not an option of 'network'",
        "one of 'no', 'linkedin', 'dk'",
        id="condition-unknown-option",
    ),
    pytest.param(
        "when: {question: has_page, equals: false}",
        "when: {question: network, in: [linkedin, fb]}",
        f"{REC}.when.in[1]",
        "fb]",
        "'fb' is not an option of 'network'",
        "'linkedin'",
        id="condition-unknown-option-in-list",
    ),
    pytest.param(
        "when: {question: has_page, equals: true}",
        "when: {question: has_page, at_least: 1}",
        f"{Q1}.when.at_least",
        "1}\n            dimensions",
        "operator 'at_least' does not apply to a yes_no question",
        "one of 'equals', 'answered'",
        id="operator-does-not-fit-kind",
    ),
    pytest.param(
        "when: {question: has_page, equals: false}",
        "when: {question: has_page, equals: no}",
        f"{REC}.when.equals",
        "no}",
        "'no' is not an answer to a yes/no question",
        "true or false",
        id="yes-no-compared-with-text",
    ),
    pytest.param(
        "when: {question: has_page, equals: true}",
        "when: {score: {step: s1}, below: 50}",
        f"{Q1}.when.score",
        "{step: s1}",
        "a when: condition cannot test a score",
        "a test on an earlier answer",
        id="score-test-in-when",
    ),
    pytest.param(
        "    step: s1\n",
        "    step: s9\n",
        f"{REC}.step",
        "s9",
        "unknown step 's9'",
        "one of 's1'",
        id="recommendation-unknown-step",
    ),
    pytest.param(
        "owner: marketing",
        "owner: sales",
        f"{REC}.owner",
        "sales",
        "unknown department 'sales'",
        "one of 'marketing'",
        id="recommendation-unknown-owner",
    ),
    pytest.param(
        "when: {question: has_page, equals: false}",
        "when: {score: {section: sec9}, below: 40}",
        f"{REC}.when.score.section",
        "sec9",
        "unknown section 'sec9'",
        "one of 'sec1'",
        id="score-test-unknown-section",
    ),
    pytest.param(
        "when: {question: has_page, equals: false}",
        "when: {all: [{question: has_page, equals: false}, {question: nope, answered: true}]}",
        f"{REC}.when.all[1].question",
        "nope",
        "unknown question 'nope'",
        None,
        id="nested-condition-unknown-question",
    ),
    pytest.param(
        "when: {question: has_page, equals: false}",
        "when: {score: {step: s1}, below: 140}",
        f"{REC}.when.below",
        "140",
        "got the number 140",
        "a number ≤ 100",
        id="score-bound-above-100",
    ),
    pytest.param(
        "when: {question: has_page, equals: false}",
        "when: has_page",
        f"{REC}.when",
        "has_page\n    priority",
        "got the text 'has_page'",
        "a condition: a mapping with question",
        id="condition-not-a-mapping",
    ),
    pytest.param(
        "            dimensions: [presence]\n          - id: network",
        "            dimensions: [presense]\n          - id: network",
        f"{Q0}.dimensions[0]",
        "presense",
        "unknown dimension 'presense'",
        "one of 'presence'",
        id="unknown-dimension",
    ),
    pytest.param(
        "from: 50, to: 100",
        "from: 60, to: 100",
        "maturity_levels[1].from",
        "60, to",
        "level starts at 60: leaves a gap",
        "from: 50",
        id="maturity-levels-gap",
    ),
    pytest.param(
        "from: 50, to: 100",
        "from: 40, to: 100",
        "maturity_levels[1].from",
        "40, to",
        "level starts at 40: overlaps the previous level",
        "from: 50",
        id="maturity-levels-overlap",
    ),
    pytest.param(
        "from: 50, to: 100",
        "from: 50, to: 90",
        "maturity_levels[1].to",
        "90}",
        "the last level stops at 90",
        "to: 100",
        id="maturity-levels-short-of-100",
    ),
    pytest.param(
        "from: 50, to: 100",
        "from: 100, to: 55",
        "maturity_levels[1].to",
        "55}",
        "from 100 must be below to 55",
        None,
        id="maturity-level-reversed",
    ),
    pytest.param(
        "title: {fr: Étape 1, en: Step 1}",
        "title: {fr: Étape 1}",
        "steps[0].title",
        "{fr: Étape 1}",
        "text missing in 'en'",
        "'fr', 'en'",
        id="text-missing-en",
    ),
    pytest.param(
        "title: {fr: Étape 1, en: Step 1}",
        "title: {fr: Étape 1, en: Step 1, de: Schritt 1}",
        "steps[0].title.de",
        "Schritt 1",
        "text in undeclared language 'de'",
        "only the declared languages 'fr', 'en'",
        id="text-in-undeclared-language",
    ),
    pytest.param(
        "label: {fr: LinkedIn, en: LinkedIn}",
        "label: {fr: LinkedIn, en: ' '}",
        f"{Q1}.options[1].label.en",
        "' '",
        "text is blank",
        "some words",
        id="blank-text",
    ),
    pytest.param(
        "label: {fr: LinkedIn, en: LinkedIn}",
        "label: {fr: LinkedIn, en: 42}",
        f"{Q1}.options[1].label.en",
        "42}",
        "got the number 42",
        "a text",
        id="number-as-text",
    ),
    pytest.param(
        "          - id: network\n",
        "          - id: sec1\n",
        f"{Q1}.id",
        "sec1\n            kind",
        "id 'sec1' is already used at steps[0].sections[0].id",
        "ids unique across the questionnaire",
        id="question-id-equals-section-id",
    ),
    pytest.param(
        "  - id: sec1\n",
        "  - id: sec 1\n",
        "steps[0].sections[0].id",
        "sec 1",
        "'sec 1' is not a valid id",
        "letters, digits",
        id="invalid-id",
    ),
    pytest.param(
        "            kind: yes_no\n",
        "            kind: yes_no\n            weight: -1\n",
        f"{Q0}.weight",
        "-1",
        "got the number -1",
        "a number ≥ 0",
        id="negative-weight",
    ),
    pytest.param(
        "points: 2}",
        "points: .inf}",
        f"{Q1}.options[1].points",
        ".inf}",
        "got the number inf",
        "a finite number",
        id="infinite-points",
    ),
    pytest.param(
        "              - {id: linkedin, label: {fr: LinkedIn, en: LinkedIn}, points: 2}\n"
        "              - {id: dk, label: {fr: Ne sait pas, en: Don't know}, dont_know: true}\n",
        "",
        f"{Q1}.options",
        '- {id: "no"',
        "got a list of 1 item",
        "at least 2 items",
        id="too-few-options",
    ),
    pytest.param(
        "dont_know: true}",
        "dont_know: true, not_applicable: true}",
        f"{Q1}.options[2]",
        "{id: dk",
        "cannot be both not_applicable and dont_know",
        None,
        id="option-both-special",
    ),
    pytest.param(
        "            kind: yes_no\n",
        "",
        f"{Q0}.kind",
        "id: has_page",
        "missing field 'kind'",
        "yes_no",
        id="missing-kind",
    ),
    pytest.param(
        "languages: [fr, en]",
        "languages: []",
        "languages",
        "[]",
        "got a list of 0 items",
        "at least 1 item",
        id="no-languages",
    ),
    pytest.param(
        "owner: marketing",
        "owner: *dept",
        "",
        "*dept",
        "alias *dept refers to no anchor defined before",
        None,
        id="undefined-alias",
    ),
    pytest.param(
        "owner: marketing",
        "owner: marketing\n---\nid: other",
        "",
        "---",
        "a second document starts here",
        "one document per file",
        id="second-document",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "field", "marker", "message", "expected"),
    CASES,
)
def test_one_mistake_is_located(
    old: str, new: str, field: str, marker: str, message: str, expected: str | None
) -> None:
    text = edit(old, new)
    problem = only(problems_in(text))
    assert problem.field == field
    assert (problem.line, problem.column) == position(text, marker)
    assert message in problem.message
    if expected is not None:
        assert problem.expected is not None
        assert expected in problem.expected


def test_weight_on_a_question_that_gives_no_points() -> None:
    text = edit(
        "            kind: yes_no\n",
        "            kind: yes_no\n            weight: 2\n            yes_points: 0\n",
    )
    problems = problems_in(text)
    weight = at_field(problems, f"{Q0}.weight")
    assert (weight.line, weight.column) == position(text, "2\n            yes_points")
    assert "weight is 2 but no answer gives any points" in weight.message
    assert weight.expected is not None
    assert "weight: 0 for an unscored question" in weight.expected
    # the consequence is reported too: the question is unscored yet tagged with a dimension
    dimensions = at_field(problems, f"{Q0}.dimensions")
    assert "an unscored question counts in no dimension" in dimensions.message
    assert len(problems) == 2


def test_weight_on_free_text() -> None:
    text = edit("            kind: yes_no\n", "            kind: text\n            weight: 3\n")
    text = edit(
        "            dimensions: [presence]\n          - id: network",
        "          - id: network",
        text,
    )
    problems = problems_in(text)
    weight = at_field(problems, f"{Q0}.weight")
    assert (weight.line, weight.column) == position(text, "3\n")
    assert weight.expected == "weight: 0 or no weight"
    assert "free text is never scored, yet weight is 3" in weight.message


def test_typo_in_a_required_field_reports_the_typo_and_the_missing_field() -> None:
    text = edit("    priority: high", "    priorty: high")
    problems = problems_in(text)
    assert len(problems) == 2
    typo = at_field(problems, f"{REC}.priorty")
    assert (typo.line, typo.column) == position(text, "priorty")
    assert typo.message == "unknown field 'priorty'"
    assert typo.expected == "a known field; did you mean 'priority'?"
    missing = at_field(problems, f"{REC}.priority")
    assert missing.message == "missing field 'priority'"
    assert (missing.line, missing.column) == position(text, "id: open_page")


def test_typo_at_the_top_level_is_suggested() -> None:
    text = edit("languages: [fr, en]", "lanugages: [fr, en]")
    typo = at_field(problems_in(text), "lanugages")
    assert (typo.line, typo.column) == (5, 1)
    assert typo.expected == "a known field; did you mean 'languages'?"


# --- rules checked inside a model, located at the offending field -------------------------

MISREPORTED = [
    pytest.param(
        "when: {question: has_page, equals: true}",
        "when: {question: has_page, equals: true, at_least: 7}",
        f"{Q1}.when.at_least",
        "7}",
        "exactly one operator",
        id="two-operators-in-one-test",
    ),
    pytest.param(
        "when: {question: has_page, equals: false}",
        "when: {score: {step: s1}, below: 40, at_least: 3}",
        f"{REC}.when.at_least",
        "3}",
        "exactly one of below or at_least",
        id="score-test-with-two-bounds",
    ),
    pytest.param(
        "{id: dk, label",
        "{id: linkedin, label",
        f"{Q1}.options[2].id",
        "linkedin, label: {fr: Ne sait",
        "option id 'linkedin' appears twice",
        id="duplicate-option-ids",
    ),
    pytest.param(
        "          - id: has_page\n            kind: yes_no\n",
        BAND_QUESTION + "          - id: has_page\n            kind: yes_no\n",
        f"{Q0}.bands[1].from",
        "20, points: 1",
        "bands must be contiguous",
        id="number-bands-not-contiguous",
    ),
    pytest.param(
        "kind: single_choice",
        "kind: multiple_choice\n            cap: 10",
        f"{Q1}.cap",
        "10\n",
        "cap 10 can never be reached",
        id="multiple-choice-cap-unreachable",
    ),
    pytest.param(
        "languages: [fr, en]\n",
        "languages: [fr, en]\nsummary: {strength_at: 55, weakness_below: 70}\n",
        "summary.weakness_below",
        "70}",
        "weakness_below 70 is above strength_at 55",
        id="summary-thresholds-crossed",
    ),
    pytest.param(
        "languages: [fr, en]\n",
        "languages: [fr, en]\nsummary: {strength_at: 30}\n",
        "summary.strength_at",
        "30}",
        "got the number 30",
        id="summary-strength-below-the-middle",
    ),
]


@pytest.mark.parametrize(("old", "new", "field", "marker", "message"), MISREPORTED)
def test_model_rule_is_located_at_the_offending_field(
    old: str, new: str, field: str, marker: str, message: str
) -> None:
    text = edit(old, new)
    problem = only(problems_in(text))
    assert message in problem.message
    assert problem.field == field
    assert (problem.line, problem.column) == position(text, marker)


def test_field_misplaced_from_another_part_gets_no_self_suggestion() -> None:
    text = edit("    priority: high\n", "    priority: high\n    kind: yes_no\n")
    problem = only(problems_in(text))
    assert problem.field == f"{REC}.kind"
    assert (problem.line, problem.column) == position(text, "kind: yes_no\n    owner")
    assert problem.message == "'kind' is not a field here"
    assert problem.expected is not None
    assert "did you mean 'kind'" not in problem.expected


def test_invalid_language_code_is_explained() -> None:
    text = edit("languages: [fr, en]", "languages: [FR, en]")
    problem = only(problems_in(text))
    assert problem.field == "languages[0]"
    assert (problem.line, problem.column) == position(text, "FR")
    assert "language code" in problem.message + (problem.expected or "")


def test_condition_with_misspelt_key_names_the_key() -> None:
    text = edit(
        "when: {question: has_page, equals: false}", "when: {qestion: has_page, equals: false}"
    )
    problem = only(problems_in(text))
    assert problem.field == f"{REC}.when"
    assert (problem.line, problem.column) == position(text, "{qestion")
    assert "qestion" in problem.message + (problem.expected or "")


def test_boolean_key_is_shown_as_written() -> None:
    text = edit("    priority: high\n", "    priority: high\n    true: high\n")
    problem = only(problems_in(text))
    assert (problem.line, problem.column) == position(text, "true: high")
    assert "true" in problem.message


def test_unclosed_flow_sequence_names_where_it_starts() -> None:
    text = edit("languages: [fr, en]", "languages: [fr, en")
    problem = only(problems_in(text))
    assert problem.message.startswith("YAML syntax error")
    assert problem.line == 6
    assert "line 5" in problem.message


# --- whole-file problems ----------------------------------------------------------------


def test_file_holding_a_list(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- id: mini\n- version: '1.0'\n", encoding="utf-8")
    problem = only(problems_in_file(path))
    assert problem.field == ""
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message == "the file holds a list of 2 items"
    assert problem.expected is not None
    assert "a mapping" in problem.expected


@pytest.mark.parametrize("content", ["", "# only a comment\n", "\n\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(content, encoding="utf-8")
    problem = only(problems_in_file(path))
    assert problem.message == "the file is empty"
    assert problem.line is None
    assert problem.field == ""


def test_file_over_the_size_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    small = socialready._files.QUESTIONNAIRE._replace(limit=100)
    monkeypatch.setattr(socialready._files, "QUESTIONNAIRE", small)
    problem = only(problems_in_file(path))
    assert problem.message == "the questionnaire is larger than 100 bytes"
    assert problem.expected == "a questionnaire of at most 100 bytes"
    assert problem.line is None


def test_text_over_the_size_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socialready._yaml, "MAX_BYTES", 100)
    problem = only(problems_in(MINIMAL))
    assert "larger than the 100 bytes accepted" in problem.message


def test_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.encode("latin-1"))
    problem = only(problems_in_file(path))
    assert problem.message == "the file is not valid UTF-8 text"
    assert problem.line == position(MINIMAL, "Présence")[0]


LAUGHS = """\
a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_billion_laughs_is_refused() -> None:
    problem = only(problems_in(LAUGHS))
    assert "the document expands to more than 200,000 values" in problem.message
    assert problem.expected is not None
    assert "billion laughs" in problem.expected
    # a..e hold about 123,000 values; the first *e pushes the count past the bound
    assert (problem.line, problem.column) == (6, 8)


def test_nesting_deeper_than_the_bound() -> None:
    depth = socialready._yaml.MAX_DEPTH
    text = "steps: " + "[" * (depth + 5) + "]" * (depth + 5) + "\n"
    problem = only(problems_in(text))
    assert problem.message == f"nested deeper than {depth} levels"
    # the list at depth MAX_DEPTH + 1 is the one refused
    assert (problem.line, problem.column) == (1, len("steps: ") + depth + 1)


def test_nesting_deeper_than_the_bound_in_block_style(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(socialready._yaml, "MAX_DEPTH", 5)
    text = "a:\n b:\n  c:\n   d:\n    e:\n     f:\n      g: deep\n"
    problem = only(problems_in(text))
    assert problem.message == "nested deeper than 5 levels"
    assert (problem.line, problem.column) == position(text, "g: deep")


def test_python_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    witness = tmp_path / "pwned"
    text = edit("id: mini\n", f'id: !!python/object/apply:os.system ["touch {witness}"]\n')
    path = tmp_path / "tagged.yaml"
    path.write_text(text, encoding="utf-8")
    problem = only(problems_in_file(path))
    assert not witness.exists()
    assert problem.field == "id"
    assert (problem.line, problem.column) == position(text, "!!python")
    assert "unsupported tag" in problem.message
    assert "python/object/apply:os.system" in problem.message


def test_tagged_value_that_does_not_fit_its_tag() -> None:
    text = edit("points: 2}", "points: !!int two}")
    problem = only(problems_in(text))
    assert problem.field == f"{Q1}.options[1].points"
    assert (problem.line, problem.column) == position(text, "!!int")
    assert problem.message == "'two' is not a valid !!int"


# --- JSON -------------------------------------------------------------------------------


def minimal_json() -> str:
    return json.dumps(socialready._yaml.parse(MINIMAL).data, indent=2, ensure_ascii=False)


def test_minimal_as_json_loads(tmp_path: Path) -> None:
    path = tmp_path / "minimal.json"
    path.write_text(minimal_json(), encoding="utf-8")
    assert load_questionnaire(path).id == "mini"


def test_json_syntax_error(tmp_path: Path) -> None:
    text = edit('"version": "1.0",', '"version": "1.0"', minimal_json())
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    problem = only(problems_in_file(path))
    assert problem.message == "invalid JSON: Expecting ',' delimiter"
    assert (problem.line, problem.column) == position(text, '"title": {\n    "fr": "Mini"')


def test_json_duplicate_key(tmp_path: Path) -> None:
    text = edit('"version": "1.0",', '"version": "1.0",\n  "version": "2.0",', minimal_json())
    path = tmp_path / "dup.json"
    path.write_text(text, encoding="utf-8")
    problem = only(problems_in_file(path))
    assert problem.field == "version"
    assert (problem.line, problem.column) == position(text, '"version": "2.0"')
    assert problem.message == "duplicate key 'version' (first given at line 3)"


def test_json_number_where_text_expected(tmp_path: Path) -> None:
    text = edit('"version": "1.0",', '"version": 1.0,', minimal_json())
    path = tmp_path / "version.json"
    path.write_text(text, encoding="utf-8")
    problem = only(problems_in_file(path))
    assert problem.field == "version"
    assert (problem.line, problem.column) == position(text, "1.0,")
    assert problem.message == "got the number 1.0"


def test_json_nan_is_located(tmp_path: Path) -> None:
    text = edit('"points": 2', '"points": NaN', minimal_json())
    path = tmp_path / "nan.json"
    path.write_text(text, encoding="utf-8")
    problem = only(problems_in_file(path))
    assert "NaN" in problem.message
    assert (problem.line, problem.column) == position(text, "NaN")


# --- several mistakes at once -----------------------------------------------------------


def test_three_mistakes_in_one_file_are_all_reported(tmp_path: Path) -> None:
    text = edit(
        "            kind: yes_no\n",
        "            kind: yes_no\n            hlep: {fr: Aide, en: Help}\n",
    )
    text = edit(
        "            dimensions: [presence]\n          - id: network",
        "            dimensions: [presense]\n          - id: network",
        text,
    )
    text = edit("owner: marketing", "owner: sales", text)
    path = tmp_path / "three.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_in_file(path)
    assert len(problems) == 3, "\n".join(str(p) for p in problems)
    typo, dimension, owner = problems  # in file order
    assert typo.field == f"{Q0}.hlep"
    assert (typo.line, typo.column) == position(text, "hlep")
    assert "did you mean 'help'?" in (typo.expected or "")
    assert dimension.field == f"{Q0}.dimensions[0]"
    assert (dimension.line, dimension.column) == position(text, "presense")
    assert dimension.message == "unknown dimension 'presense'"
    assert owner.field == f"{REC}.owner"
    assert (owner.line, owner.column) == position(text, "sales")
    assert owner.message == "unknown department 'sales'"
    assert len({typo.line, dimension.line, owner.line}) == 3
    # the exception's text lists each of them with file and line
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(path)
    summary = str(info.value)
    assert summary.splitlines()[0] == f"{path}: 3 problems"
    for problem in problems:
        assert f"{path}:{problem.line}:{problem.column}: {problem.field}: " in summary


def test_a_mistake_on_a_twin_does_not_hide_the_duplicate(tmp_path: Path) -> None:
    # a duplicate id, a wrong-typed weight on one of the twins, and a dangling condition:
    # setting the broken twin aside must not hide that its id is taken
    text = edit(
        "          - id: network\n",
        "          - id: has_page\n            kind: yes_no\n            weight: heavy\n"
        "            label: {fr: Encore ?, en: Again?}\n          - id: network\n",
    )
    text = edit(
        "when: {question: has_page, equals: false}",
        "when: {question: nowhere, equals: false}",
        text,
    )
    path = tmp_path / "twins.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_in_file(path)
    assert len(problems) == 3, "\n".join(str(p) for p in problems)
    duplicate, weight, dangling = problems  # in file order
    assert duplicate.field == "steps[0].sections[0].questions[1].id"
    assert duplicate.message == f"id 'has_page' is already used at {Q0}.id"
    assert (
        duplicate.line
        == text.count(
            "\n", 0, text.index("- id: has_page\n            kind: yes_no\n            weight")
        )
        + 1
    )
    assert weight.field == "steps[0].sections[0].questions[1].weight"
    assert (weight.line, weight.column) == position(text, "heavy")
    assert dangling.message == "unknown question 'nowhere'"
    assert (dangling.line, dangling.column) == position(text, "nowhere")


def test_a_reference_to_a_part_set_aside_is_not_called_dangling(tmp_path: Path) -> None:
    # the question exists but is broken: its own problem is reported, the reference is not
    text = edit(
        "            kind: yes_no\n", "            kind: yes_no\n            weight: heavy\n"
    )
    path = tmp_path / "aside.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_in_file(path)
    assert [p.field for p in problems] == [f"{Q0}.weight"], "\n".join(map(str, problems))


# --- YAML 1.1 surprises that must not happen --------------------------------------------


@pytest.mark.parametrize("written", ["no", "No", "NO", "on", "off", "yes", "y", "n"])
def test_option_id_that_yaml_1_1_reads_as_a_boolean_stays_text(written: str) -> None:
    text = edit('{id: "no", label', f"{{id: {written}, label")
    questionnaire = questionnaire_from_data(None, "ok.yaml", text=text)
    network = questionnaire.questions["network"]
    assert network.options[0].id == written  # type: ignore[union-attr]


def test_unquoted_no_matches_the_option_no_in_a_condition() -> None:
    text = edit('{id: "no", label', "{id: no, label")
    text = edit(
        "when: {question: has_page, equals: false}", "when: {question: network, equals: no}", text
    )
    questionnaire = questionnaire_from_data(None, "ok.yaml", text=text)
    assert questionnaire.questions["network"].options[0].id == "no"  # type: ignore[union-attr]
    assert questionnaire.recommendations[0].when.equals == "no"  # type: ignore[union-attr]


@pytest.mark.parametrize("written", ["1:30", "12:30:45", "2026-11-27", "1_000", "0b101"])
def test_text_that_yaml_1_1_reads_as_a_number_or_date_stays_text(written: str) -> None:
    text = edit("en: Open a page}", f"en: {written}}}")
    questionnaire = questionnaire_from_data(None, "ok.yaml", text=text)
    assert questionnaire.recommendations[0].title["en"] == written


# --- the questionnaire of a Responses ---------------------------------------------------


def test_responses_are_scored_against_the_questionnaire_given_or_the_builtin_they_name() -> None:
    from socialready import load_responses, questionnaire_for

    examples = Path(__file__).parent / "data" / "v1"
    builtin = load_questionnaire("social-readiness@1.0.0")
    retailer = load_responses(examples / "retailer.yaml")
    assert questionnaire_for(retailer) is builtin  # read once per process
    assert questionnaire_for(retailer, builtin) is builtin
    own = load_questionnaire(Path(__file__).parent / "data" / "scoring.yaml")
    assert questionnaire_for(retailer, own) is own  # given: taken as it is (assess checks it)


def test_responses_find_the_questionnaire_they_were_validated_against_while_it_lives(
    tmp_path: Path,
) -> None:
    from socialready import Responses, load_responses, questionnaire_for

    q = load_questionnaire(Path(__file__).parent / "data" / "minimal.yaml")
    data = {
        "questionnaire": "mini@1.0",
        "organisation": {"name": "X"},
        "date": "2026-11-27",
        "assessor": "Y",
        "answers": {"has_page": True},
    }
    responses = load_responses(data, q)
    assert questionnaire_for(responses) is q  # not built in, not given: bound by fingerprint
    again = Responses.model_validate_json(responses.model_dump_json())
    assert questionnaire_for(again) is q  # a copy read back from JSON too
    other = load_questionnaire(Path(__file__).parent / "data" / "scoring.yaml")
    assert questionnaire_for(responses, other) is other  # given: taken as it is


def test_responses_to_a_questionnaire_not_built_in_need_it_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from socialready import ResponsesError, load_responses, questionnaire_for

    q = load_questionnaire(Path(__file__).parent / "data" / "minimal.yaml")
    path = tmp_path / "answers.yaml"
    path.write_text(
        "questionnaire: mini@1.0\norganisation: {name: X}\ndate: 2026-11-27\nassessor: Y\n"
        "answers: {has_page: true}\n",
        encoding="utf-8",
    )
    responses = load_responses(path, q)
    assert questionnaire_for(responses, q) is q
    del q  # the questionnaire they were validated against is gone from the process
    gc.collect()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mini").write_text("not a questionnaire", encoding="utf-8")  # an id reads no file
    with pytest.raises(ResponsesError) as caught:
        questionnaire_for(responses)
    (problem,) = caught.value.problems
    assert (problem.source, problem.field) == (str(path), "questionnaire")
    assert "mini@1.0" in problem.message
    assert "no built-in questionnaire of that name" in problem.message
    assert "social-readiness" in (problem.expected or "")
    assert str(caught.value).startswith(f"{path}: 1 problem")
