"""Bad responses files: every problem reported at once, each located, with what is allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialready import Questionnaire, ResponsesError, load_questionnaire, load_responses

DATA = Path(__file__).parent / "data"

GOOD = """\
questionnaire: scoring-test@1.0.0
organisation:
  name: Test org
  size_band: 10-49
  country: FR
date: 2026-11-27
assessor: Tester
answers:
  channel: some
  tools: [chat, wiki]
  rating: 2
  charter: yes
  share: 60
  presence: {fb: "yes", li: "no"}
  notes: free text
  staff:
    - {name: Ann, department: marketing, duties: {publishing: A}, share: 80}
"""


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(DATA / "scoring.yaml")


def problems(q: Questionnaire, text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ResponsesError) as caught:
        load_responses(path, q)
    assert all(p.source == str(path) for p in caught.value.problems)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


def test_the_good_file_loads(q: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(GOOD, encoding="utf-8")
    r = load_responses(path, q)
    assert r.answers["charter"] is True  # 'yes' is read as the yes of a yes/no question
    assert r.answers["presence"] == {"fb": "yes", "li": "no"}
    assert r.organisation.size_band == "10-49"
    assert r.fingerprint == q.fingerprint
    assert r.source == str(path)


CASES = [
    (
        "  channel: some\n",
        "  chanel: some\n",
        "9:3: answers.chanel: unknown question 'chanel'"
        " (expected a question id of the questionnaire; did you mean 'channel'?)",
    ),
    (
        "  channel: some\n",
        "  channel: somme\n",
        "9:12: answers.channel: 'somme' is not an option of this question"
        " (expected one of 'none', 'some', 'many', 'na', 'dk'; did you mean 'some'?)",
    ),
    (
        "  channel: some\n",
        "  channel: [some, many]\n",
        "9:12: answers.channel: 2 answers to a single-choice question"
        " (expected one option id: one of 'none', 'some', 'many', 'na', 'dk')",
    ),
    (
        "  rating: 2\n",
        "  rating: 7\n",
        "11:11: answers.rating: got the number 7 (expected one of 1, 2, 3)",
    ),
    (
        "  share: 60\n",
        "  share: 160\n",
        "13:10: answers.share: 160 is out of bounds (expected a number between 0% and 100%)",
    ),
    (
        "  share: 60\n",
        "  share: sixty\n",
        "13:10: answers.share: got the text 'sixty' (expected a number between 0% and 100%)",
    ),
    (
        "  charter: yes\n",
        "  charter: maybe\n",
        "12:12: answers.charter: got the text 'maybe' (expected true or false (or yes / no))",
    ),
    (
        "  tools: [chat, wiki]\n",
        "  tools: [chat, nothing]\n",
        "10:10: answers.tools: 'nothing' cannot be combined with other options"
        " (expected that option alone, or the others without it)",
    ),
    (
        "  tools: [chat, wiki]\n",
        "  tools: [chat, wikki]\n",
        "10:17: answers.tools[1]: 'wikki' is not an option of this question"
        " (expected one of 'chat', 'wiki', 'mail', 'nothing'; did you mean 'wiki'?)",
    ),
    (
        '  presence: {fb: "yes", li: "no"}\n',
        '  presence: {fb: "yes", ig: "no"}\n',
        "14:29: answers.presence.ig: 'ig' is not a row of this question"
        " (expected one of 'fb', 'li')",
    ),
    (
        "duties: {publishing: A}",
        "duties: {publishing: X}",
        "17:63: answers.staff[0].duties.publishing: role 'X'"
        " (expected R, A, C or I, or several of them such as 'RA')",
    ),
    (
        "{name: Ann,",
        "{name: '  ',",
        "17:14: answers.staff[0].name: got the text '  ' (expected a text)",
    ),
    (
        "department: marketing,",
        "department: sales,",
        "17:31: answers.staff[0].department: got the text 'sales'"
        " (expected one of 'marketing', 'service')",
    ),
    (
        "department: marketing,",
        "department: marketting,",
        "17:31: answers.staff[0].department: got the text 'marketting'"
        " (expected one of 'marketing', 'service'; did you mean 'marketing'?)",
    ),
    (
        "questionnaire: scoring-test@1.0.0",
        "questionnaire: scoring-test@2.0",
        "1:16: questionnaire: the answers are to scoring-test@2.0, but the questionnaire is"
        " scoring-test@1.0.0 (expected questionnaire: scoring-test@1.0.0)",
    ),
    (
        "date: 2026-11-27",
        "date: 2026-13-27",
        "6:7: date: '2026-13-27' is not a day of the calendar: month must be in 1..12",
    ),
    (
        "  name: Test org\n",
        "  name: ''\n",
        "3:9: organisation.name: got the text '' (expected at least 1 character)",
    ),
    (
        "  country: FR\n",
        "  country: France\n",
        "5:12: organisation.country: 'France' is not a country code"
        " (expected two capital letters (ISO 3166), e.g. 'FR')",
    ),
    (
        "  notes: free text\n",
        "  notes: {value: free text, notte: x}\n",
        "15:29: answers.notes.notte: unknown field 'notte' (expected value, note or evidence)",
    ),
    (
        "  rating: 2\n",
        "  rating: 2\n  rating: 3\n",
        "12:3: answers.rating: duplicate key 'rating' (first given at line 11)"
        " (expected each key once per mapping)",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    CASES,
    ids=[c[2].split(":")[3].strip() + "-" + str(i) for i, c in enumerate(CASES)],
)
def test_one_mistake_is_located(
    q: Questionnaire, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert GOOD.count(old) == 1
    assert problems(q, GOOD.replace(old, new), tmp_path) == [expected]


def test_a_misspelt_field_is_unknown_and_the_right_one_missing(
    q: Questionnaire, tmp_path: Path
) -> None:
    assert problems(
        q, GOOD.replace("{name: Ann, department", "{nom: Ann, department"), tmp_path
    ) == [
        "17:7: answers.staff[0]: missing field 'name' (expected a record with 'name')",
        "17:13: answers.staff[0].nom: unknown field 'nom'"
        " (expected one of 'name', 'department', 'duties', 'share')",
    ]
    assert problems(q, GOOD.replace("assessor: Tester", "assesor: Tester"), tmp_path) == [
        "1:1: assessor: missing field 'assessor'",
        "7:1: assesor: unknown field 'assesor' (expected a known field; did you mean 'assessor'?)",
    ]


def test_four_mistakes_are_all_reported(q: Questionnaire, tmp_path: Path) -> None:
    text = (
        GOOD.replace("  channel: some\n", "  channel: somme\n")
        .replace("  share: 60\n", "  share: 160\n")
        .replace("  rating: 2\n", "  ratting: 2\n")
        .replace("duties: {publishing: A}", "duties: {publishng: A}")
    )
    found = problems(q, text, tmp_path)
    assert [p.split(":")[0] for p in found] == ["9", "11", "13", "17"]
    assert len(found) == 4


def test_header_and_answer_mistakes_are_reported_together(q: Questionnaire, tmp_path: Path) -> None:
    text = (
        GOOD.replace("country: FR", "country: fr")
        .replace("date: 2026-11-27", "date: 2026-13-01")
        .replace("  channel: some\n", "  channel: somme\n")
        .replace("  share: 60\n", "  share: 160\n")
    )
    found = problems(q, text, tmp_path)
    assert [p.split(": ")[1] for p in found] == [
        "organisation.country",
        "date",
        "answers.channel",
        "answers.share",
    ]
    assert found[2].startswith("9:12: answers.channel: 'somme' is not an option")


def test_a_bad_reference_still_checks_the_answers_against_the_questionnaire_given(
    q: Questionnaire, tmp_path: Path
) -> None:
    text = GOOD.replace("scoring-test@1.0.0", "scoring test").replace(
        "  rating: 2\n", "  rating: 9\n"
    )
    found = problems(q, text, tmp_path)
    assert [p.split(": ")[1] for p in found] == ["questionnaire", "answers.rating"]


def test_a_bad_reference_without_a_questionnaire_reports_the_header_alone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        GOOD.replace("scoring-test@1.0.0", "scoring test").replace("assessor: Tester", "assessor:"),
        encoding="utf-8",
    )
    with pytest.raises(ResponsesError) as caught:
        load_responses(path)
    assert [p.field for p in caught.value.problems] == ["questionnaire", "assessor"]


def test_answers_that_are_no_mapping_are_one_header_problem(
    q: Questionnaire, tmp_path: Path
) -> None:
    text = GOOD.split("answers:")[0] + "answers: [1, 2]\nassessor: X\n"
    text = text.replace("assessor: Tester\n", "")
    found = problems(q, text, tmp_path)
    assert len(found) == 1, found
    assert ": answers: " in found[0]


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        # a reference ending with a new line is refused once, by the header
        (("scoring-test@1.0.0", '"scoring-test@1.0.0\\n"'), ["questionnaire", "answers.rating"]),
        # a key that is no text is reported once, not again as an unknown question
        (("answers:\n", "answers:\n  1: x\n"), ["answers[1].[key]", "answers.rating"]),
    ],
)
def test_a_bad_header_reports_each_problem_once(
    q: Questionnaire, tmp_path: Path, change: tuple[str, str], fields: list[str]
) -> None:
    path = tmp_path / "answers.yaml"
    text = GOOD.replace(*change).replace("  rating: 2\n", "  rating: 9\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ResponsesError) as caught:
        load_responses(path, q)
    assert [p.field for p in caught.value.problems] == fields


def test_warning_for_an_answer_whose_condition_is_false(q: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(GOOD.replace("charter: yes", "charter: no\n  followup: yes"), encoding="utf-8")
    r = load_responses(path, q)
    assert [str(w).removeprefix(f"{path}:") for w in r.warnings] == [
        "13:3: answers.followup: answered, but the question does not apply (its when: condition"
        " is false); the answer is kept and not scored"
    ]


def test_unknown_builtin_questionnaire(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(ResponsesError, match="'scoring-test' is not a built-in questionnaire"):
        load_responses(path)


def test_a_dict_is_checked_the_same_way(q: Questionnaire) -> None:
    with pytest.raises(ResponsesError) as caught:
        load_responses(
            {
                "questionnaire": "scoring-test@1.0.0",
                "organisation": {"name": "X"},
                "date": "2026-11-27",
                "assessor": "Y",
                "answers": {"rating": 9},
            },
            q,
        )
    (problem,) = caught.value.problems
    assert (problem.field, problem.line, problem.source) == ("answers.rating", None, None)


def test_large_bounds_are_written_out(tmp_path: Path) -> None:
    from socialready import questionnaire_from_data

    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    anchor = "          - id: network\n"
    question = (
        "          - id: followers\n"
        "            kind: number\n"
        "            label: {fr: Abonnés, en: Followers}\n"
        "            min: 0\n"
        "            max: 10000000\n"
        "            weight: 0\n"
    )
    q = questionnaire_from_data(None, "mini.yaml", text=text.replace(anchor, question + anchor))
    header = {"questionnaire": "mini@1.0", "organisation": {"name": "M"}, "date": "2026-10-01"}
    with pytest.raises(ResponsesError) as caught:
        load_responses({**header, "assessor": "A", "answers": {"followers": 20_000_000}}, q)
    (problem,) = caught.value.problems
    assert str(problem).endswith(
        "20,000,000 is out of bounds (expected a number between 0 and 10,000,000)"
    )


EXAMPLES = Path(__file__).parent / "data" / "v1"
WHAT_RESPONSES_HOLD = (
    "a responses file, with questionnaire, organisation, date, assessor and answers"
)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            (EXAMPLES / "survey-export.mapping.yaml").read_text(encoding="utf-8"),
            "this is a survey mapping, not a responses file (expected"
            f" {WHAT_RESPONSES_HOLD}; pass it as mapping=, beside the survey export it reads)",
        ),
        (
            "name: Lumen\nprimary: '#0A7A55'\n",
            f"this is a theme, not a responses file (expected {WHAT_RESPONSES_HOLD};"
            " pass it as theme=, to the report)",
        ),
        (
            "primary: '#0A7A55'\n",  # one field, but none of a responses file's
            f"this is a theme, not a responses file (expected {WHAT_RESPONSES_HOLD};"
            " pass it as theme=, to the report)",
        ),
        (
            (DATA / "minimal.yaml").read_text(encoding="utf-8"),
            "this is a questionnaire, not a responses file (expected"
            f" {WHAT_RESPONSES_HOLD}; pass it as questionnaire=)",
        ),
    ],
)
def test_another_kind_of_file_is_named_for_what_it_is(
    text: str, named: str, tmp_path: Path
) -> None:
    # rather than a list of the fields it has that responses have not (9 for the mapping)
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ResponsesError) as caught:
        load_responses(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}:1:1: {named}"]


def test_a_misspelt_field_of_a_responses_file_is_not_taken_for_another_kind(
    q: Questionnaire, tmp_path: Path
) -> None:
    # 'questions' is a mapping's field; here it is a responses file's 'answers' misspelt
    found = problems(q, GOOD.replace("answers:", "questions:"), tmp_path)
    assert found == ["8:1: questions: unknown field 'questions' (expected a field of this format)"]


def test_another_kind_given_as_data_is_located_at_its_first_foreign_field() -> None:
    # data given in Python has no lines: the field that gave it away locates it (found by
    # the fuzz suite, which holds every problem to a line or a field)
    with pytest.raises(ResponsesError) as caught:
        load_responses(
            {"organisation": "Nom", "date": "date", "separator": ";", "same_names": True}
        )
    (problem,) = caught.value.problems
    assert (problem.line, problem.path) == (None, ("separator",))
    assert problem.message == "this is a survey mapping, not a responses file"


@given(
    note=st.none() | st.text(max_size=8) | st.sampled_from(["x" * 5000, "é" * 5001, 3, ["a"]]),
    evidence=st.none() | st.text(max_size=8) | st.sampled_from(["y" * 5000, "z" * 5001, 2.5]),
)
def test_an_annotation_of_plain_texts_is_the_model_pydantic_makes(note: Any, evidence: Any) -> None:
    # notes and evidence that are texts within bounds are made without pydantic's
    # validation: the same model (fields set included); anything else is left to pydantic
    from pydantic import ValidationError

    from socialready.responses import Annotation, _plain_annotation

    plain = _plain_annotation(note, evidence)
    try:
        validated = Annotation.model_validate({"note": note, "evidence": evidence})
    except ValidationError:
        assert plain is None
        return
    if all(type(x) is str and len(x) <= 5000 for x in (note, evidence)):
        assert plain is not None
    if plain is not None:
        assert plain == validated
        assert plain.model_fields_set == validated.model_fields_set
        assert plain.model_dump_json() == validated.model_dump_json()
