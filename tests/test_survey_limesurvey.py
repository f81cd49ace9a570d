"""The questionnaire as LimeSurvey imports it: the tab-separated structure file, checked as
LimeSurvey's import reads it, and its codes, by which ``--from limesurvey`` reads the
response export back.

The checks follow LimeSurvey's own code: the columns of ``tsvSurveyExport``
(``application/helpers/export_helper.php``), the reading of ``TSVImportSurvey``
(``application/helpers/admin/import_helper.php``: the header row, then each row by its
``class``; a group known across languages by ``type/scale``, a question by its code within
its group; every column of a ``Q`` row besides the base ones an attribute), and the rules
of its models: a question code starts with a letter and has letters and digits only (at
most 20, not a reserved word: ``Question::rules``), a subquestion code letters and digits
only, an answer code one to five characters (``Answer::rules``).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from socialready import assess, load_questionnaire, load_responses
from socialready.cli import main
from socialready.questionnaire import localised
from socialready.survey import read_responses_csv
from socialready.survey.limesurvey import (
    ANSWER_CODE_LENGTH,
    CODE_LENGTH,
    RESERVED,
    limesurvey_codes,
    limesurvey_structure,
)
from survey_forms import ROSTER, limesurvey_export

ROOT = Path(__file__).parent.parent
EXAMPLES = ("agence-12", "manufacturer-400", "retailer")

LIMESURVEY_BASE = [
    *("id", "related_id", "class", "type/scale", "name", "relevance", "text", "help"),
    *("language", "validation", "mandatory", "other", "default", "same_default"),
]
"""``$aBaseFields`` of LimeSurvey's tsvSurveyExport, in its order."""

LIMESURVEY_ATTRIBUTES = {
    "exclude_all_others",
    "max_num_value_n",
    "maximum_chars",
    "min_num_value_n",
    "num_value_int_only",
}
"""The question attributes written (LimeSurvey's attribute names, the columns after the base
ones)."""

TYPES = {"L", "!", "M", "N", "S", "T", "D", "F", "Y"}
"""LimeSurvey question types the structure may use."""

QUESTION_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
SUB_CODE = re.compile(r"^[A-Za-z0-9]+$")
FUNCTIONS = {"is_empty", "count"}
WORDS = {"and", "or"}


def import_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a structure file, read as TSVImportSurvey reads them:
    tab-separated with double quotes, each row as wide as the header."""
    lines = list(csv.reader(io.StringIO(text), delimiter="\t", quotechar='"'))
    header = [h.strip() for h in lines[0]]
    rows = [dict(zip(header, [*line, *[""] * len(header)], strict=False)) for line in lines[1:]]
    return header, rows


@pytest.fixture(scope="module")
def structure() -> tuple[str, list[str]]:
    return limesurvey_structure(load_questionnaire())


def test_the_columns_are_limesurvey_s(structure: tuple[str, list[str]]) -> None:
    header, rows = import_rows(structure[0])
    assert header[: len(LIMESURVEY_BASE)] == LIMESURVEY_BASE
    attributes = header[len(LIMESURVEY_BASE) :]
    assert attributes == sorted(attributes)
    assert set(attributes) <= LIMESURVEY_ATTRIBUTES
    lines = structure[0].splitlines()
    assert all(line.count("\t") == len(header) - 1 for line in lines)
    assert {r["class"] for r in rows} == {"S", "SL", "G", "Q", "SQ", "A"}


def problems_of(rows: list[dict[str, str]], languages: set[str]) -> list[str]:
    """What LimeSurvey's import or its models would refuse in ``rows``, row by row."""
    found: list[str] = []

    def check(ok: object, what: str, row: dict[str, str]) -> None:
        if not ok:
            found.append(f"{what}: {row}")

    question: dict[str, str] | None = None
    subs: set[str] = set()
    answers: set[str] = set()
    for row in rows:
        kind, code = row["class"], row["name"]
        if kind in ("G", "Q", "SQ", "A"):
            check(row["language"] in languages, "language", row)
            check(row["text"] or kind == "G", "text", row)
        if kind == "G":
            check(row["name"], "group name", row)
            check(row["type/scale"].isdigit(), "group order", row)
            question = None
        elif kind == "Q":
            question, subs, answers = row, set(), set()
            check(row["type/scale"] in TYPES, "question type", row)
            check(QUESTION_CODE.match(code), "question code's characters", row)
            check(len(code) <= CODE_LENGTH, "question code's length", row)
            check(code.casefold() not in RESERVED, "reserved code", row)
            check(row["mandatory"] in ("Y", "N"), "mandatory", row)
            check(row["other"] == "N", "other", row)
        elif kind == "SQ":
            check(question is not None and question["type/scale"] in ("M", "F"), "SQ of", row)
            check(SUB_CODE.match(code), "subquestion code's characters", row)
            check(len(code) <= CODE_LENGTH, "subquestion code's length", row)
            check(code.casefold() not in subs, "subquestion code twice", row)
            check(code not in ("time", "other"), "reserved subquestion code", row)
            subs.add(code.casefold())
        elif kind == "A":
            check(question is not None and question["type/scale"] in ("L", "!", "F"), "A of", row)
            check(SUB_CODE.match(code), "answer code's characters", row)
            check(1 <= len(code) <= ANSWER_CODE_LENGTH, "answer code's length", row)
            check(code not in answers, "answer code twice", row)
            answers.add(code)
        elif kind not in ("S", "SL"):
            check(False, "class", row)
        for attribute in LIMESURVEY_ATTRIBUTES:
            check(not row[attribute] or kind == "Q", "attribute of no question", row)
    return found


def test_each_row_is_well_formed_for_its_class(structure: tuple[str, list[str]]) -> None:
    _, rows = import_rows(structure[0])
    settings = {r["name"]: r["text"] for r in rows if r["class"] == "S"}
    assert settings["language"] == "fr"
    assert settings["additional_languages"] == "en"
    titles = {r["language"] for r in rows if r["class"] == "SL" and r["name"] == "surveyls_title"}
    assert titles == {"fr", "en"}
    assert problems_of(rows, {"fr", "en"}) == []


def test_the_check_finds_what_limesurvey_would_refuse() -> None:
    base = dict.fromkeys([*LIMESURVEY_BASE, *LIMESURVEY_ATTRIBUTES], "")
    question = base | {"class": "Q", "type/scale": "L", "name": "brand_presence"}
    question |= {"text": "?", "language": "fr", "mandatory": "N", "other": "N"}
    answer = base | {"class": "A", "name": "official", "text": "!", "language": "fr"}
    found = problems_of([question, answer, answer], {"fr"})
    assert [p.split(":")[0] for p in found] == [
        "question code's characters",
        "answer code's length",
        "answer code's length",
        "answer code twice",
    ]


def blocks(rows: list[dict[str, str]], lang: str) -> list[tuple[str, str, list[str], list[str]]]:
    """Each question of ``lang``: (group order, code, subquestion codes, answer codes)."""
    found: list[tuple[str, str, list[str], list[str]]] = []
    group = ""
    for row in rows:
        if row["language"] != lang:
            continue
        if row["class"] == "G":
            group = row["type/scale"]
        elif row["class"] == "Q":
            found.append((group, row["name"], [], []))
        elif row["class"] == "SQ":
            found[-1][2].append(row["name"])
        elif row["class"] == "A":
            found[-1][3].append(row["name"])
    return found


def test_every_language_has_the_same_groups_questions_and_codes(
    structure: tuple[str, list[str]],
) -> None:
    _, rows = import_rows(structure[0])
    french, english = blocks(rows, "fr"), blocks(rows, "en")
    assert french == english
    codes = [code.casefold() for _, code, _, _ in french]
    assert len(codes) == len(set(codes))  # ExpressionScript needs them apart
    # each language's rows are together, the base language first, as LimeSurvey writes them
    languages = [r["language"] for r in rows if r["class"] in ("G", "Q", "SQ", "A")]
    assert languages == sorted(languages, key=["fr", "en"].index)


def test_relevance_equations_refer_only_to_questions_asked_before(
    structure: tuple[str, list[str]],
) -> None:
    _, rows = import_rows(structure[0])
    known: set[str] = set()
    conditional = 0
    for _, code, subs, _ in blocks(rows, "fr"):
        equation = next(r["relevance"] for r in rows if r["class"] == "Q" and r["name"] == code)
        assert equation.count("(") == equation.count(")"), equation
        bare = re.sub(r'"[^"]*"', "", equation)
        for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", bare):
            if name in FUNCTIONS or name in WORDS:
                continue
            assert name in known, f"{code}: {equation} refers to {name}"
        conditional += equation != "1"
        known.add(code)
        known.update(f"{code}_{sub}" for sub in subs)
    q = load_questionnaire()
    assert conditional == sum(1 for x in q.questions.values() if x.when is not None)


def test_question_types_follow_the_kinds(structure: tuple[str, list[str]]) -> None:
    q = load_questionnaire()
    codes = limesurvey_codes(q)
    expected = {
        "single_choice": "L",
        "scale": "L",
        "multiple_choice": "M",
        "yes_no": "Y",
        "number": "N",
        "text": "T",
        "matrix": "F",
    }
    for ident, question in q.questions.items():
        if question.kind == "roster":
            assert ident not in codes
            continue
        assert codes[ident].type == expected[question.kind], ident
    assert [codes[f].type for f in ("org_name", "org_size", "assessment_date")] == ["S", "L", "D"]


def test_bounds_mandatory_flags_and_exclusive_options_are_attributes(
    structure: tuple[str, list[str]],
) -> None:
    q = load_questionnaire()
    codes = limesurvey_codes(q)
    _, rows = import_rows(structure[0])
    base = {r["name"]: r for r in rows if r["class"] == "Q" and r["language"] == "fr"}
    english = {r["name"]: r for r in rows if r["class"] == "Q" and r["language"] == "en"}
    share = base[codes["email_share"].code]
    assert (share["min_num_value_n"], share["max_num_value_n"]) == ("0", "100")
    assert share["num_value_int_only"] == "1"
    assert english[codes["email_share"].code]["min_num_value_n"] == ""  # base language only
    features = q.questions["website_features"]
    alone = [o.id for o in features.options if o.exclusive]  # type: ignore[union-attr]
    subs = codes["website_features"].subquestions
    assert base[codes["website_features"].code]["exclude_all_others"] == ";".join(
        subs[o] for o in alone
    )
    mandatory = {name for name, row in base.items() if row["mandatory"] == "Y"}
    assert mandatory == {codes[f].code for f in ("org_name", "assessment_date", "assessor")}
    assert base[codes["org_country"].code]["validation"] == "/^[A-Z]{2}$/"
    text = next(x for x in q.questions.values() if x.kind == "text")
    assert base[codes[text.id].code]["maximum_chars"] == str(text.max_length)  # type: ignore[union-attr]


def test_the_texts_are_the_questionnaire_s_in_each_language(
    structure: tuple[str, list[str]],
) -> None:
    q = load_questionnaire()
    codes = limesurvey_codes(q)
    _, rows = import_rows(structure[0])
    for lang in q.languages:
        texts = {r["name"]: r["text"] for r in rows if r["class"] == "Q" and r["language"] == lang}
        for ident, question in q.questions.items():
            if ident in codes:
                assert texts[codes[ident].code] == localised(question.label, lang)


def test_the_roster_is_left_out_and_said_to_be(
    structure: tuple[str, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert structure[1] == [ROSTER]
    target = tmp_path / "survey.txt"
    assert main(["questionnaire", "export", "--format", "limesurvey", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == structure[0]
    err = capsys.readouterr().err
    assert f"{ROSTER} not in it: LimeSurvey cannot repeat a group" in err


def test_a_wrong_extension_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "survey.xlsx"
    assert main(["questionnaire", "export", "--format", "limesurvey", "-o", str(target)]) == 2
    assert "ending in .txt" in capsys.readouterr().err
    assert not target.exists()


def test_codes_are_the_same_whenever_asked_and_keep_short_ids() -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    first, again = (
        limesurvey_codes(q),
        limesurvey_codes(load_questionnaire("social-readiness@1.0.0")),
    )
    assert first == again
    presence = first["brand_presence"]
    assert presence.code == "brandPresence"
    assert presence.answers["none"] == "none"  # an id that fits is its own code
    assert presence.answers["official_account"] == "offAc"
    assert presence.subquestions["x_twitter"] == "xTwitter"


def test_codes_that_would_meet_are_numbered_apart() -> None:
    from socialready.survey.limesurvey import _answer_codes, _question_code

    codes = _answer_codes(["official_account", "office_action", "offac", "official_accounts"])
    assert len({c.casefold() for c in codes.values()}) == 4
    assert all(len(c) <= ANSWER_CODE_LENGTH for c in codes.values())
    taken = set(RESERVED)
    assert _question_code("seed", taken) == "seed2"  # a column of LimeSurvey's export
    long = _question_code("customer_service_practice_and_more", taken)
    assert long == "customerServicePract"
    assert len(long) == CODE_LENGTH
    assert _question_code("customer_service_practice_and_less", taken) == "customerServicePrac2"
    assert _question_code("2fa", taken) == "q2fa"


def answers_by_set(answers: dict[str, Any]) -> dict[str, Any]:
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in answers.items()}


def test_the_examples_round_trip_through_limesurvey_with_the_roster_warning(
    structure: tuple[str, list[str]], tmp_path: Path
) -> None:
    q = load_questionnaire()
    originals = [load_responses(ROOT / "examples" / f"{name}.yaml") for name in EXAMPLES]
    export = tmp_path / "results-survey123456.csv"
    export.write_bytes(limesurvey_export(structure[0], originals))
    result = read_responses_csv(export, preset="limesurvey")
    assert result.problems == []
    for original, imported in zip(originals, result.responses, strict=True):
        without = {k: v for k, v in original.answers.items() if k != ROSTER}
        assert answers_by_set(imported.answers) == answers_by_set(without)
        assert imported.organisation == original.organisation
        assert imported.date == original.date
        data = original.model_dump(
            mode="json", exclude={"fingerprint", "annotations", "warnings", "source"}
        )
        expected = assess(q, load_responses(data | {"answers": without}))
        assert assess(q, imported).overall.score == expected.overall.score
    assert [w.message for w in result.warnings if "not read" in w.message] == []
    assert any("no roster file" in w.message for w in result.warnings)


@pytest.mark.parametrize(
    "heading",
    [r"_\1", r" [\1]", r"_[\1]", r"\1"],
    ids=["expression-manager", "limesurvey-2", "limesurvey-2-underscores", "spss"],
)
def test_other_headings_of_subquestions_are_read_too(
    heading: str, structure: tuple[str, list[str]], tmp_path: Path
) -> None:
    """Subquestion columns named ``code_sub`` (*Expression Manager code*), ``code [sub]``
    and ``code_[sub]`` (LimeSurvey 2.0) or ``codesub`` (its SPSS and R exports)."""
    originals = [load_responses(ROOT / "examples" / "retailer.yaml")]
    data = limesurvey_export(structure[0], originals).decode("utf-8")
    head, rest = data.split("\r\n", 1)
    export = tmp_path / "results.csv"
    export.write_text(re.sub(r"\[([A-Za-z0-9]+)\]", heading, head) + "\r\n" + rest, "utf-8")
    result = read_responses_csv(export, preset="limesurvey")
    assert result.problems == []
    (imported,) = result.responses
    for ident in ("brand_presence", "website_features", "department_roles"):
        assert sorted(imported.answers[ident]) == sorted(originals[0].answers[ident])
    assert [w.message for w in result.warnings if "not read" in w.message] == []


@pytest.mark.parametrize("name", ["minimal.yaml", "scoring.yaml"])
def test_other_questionnaires_are_written_well_formed_too(name: str) -> None:
    q = load_questionnaire(Path(__file__).parent / "data" / name)
    text, _ = limesurvey_structure(q)
    header, rows = import_rows(text)
    assert header[: len(LIMESURVEY_BASE)] == LIMESURVEY_BASE
    assert problems_of(rows, set(q.languages)) == []
    first, *others = q.languages
    assert all(blocks(rows, lang) == blocks(rows, first) for lang in others)
