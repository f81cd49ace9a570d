"""The blank responses file (``responses template``) and the JSON Schema of responses to a
questionnaire (``schema responses``) that its first line names."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from socialready import (
    ResponsesError,
    SocialReadyError,
    assess,
    load_questionnaire,
    load_responses,
    responses_template,
)
from socialready._files import RESPONSES
from socialready._yaml import read
from socialready.cli import main
from socialready.responses import left_to_ask, unfilled
from socialready.schema import responses_schema, responses_schema_name

EXAMPLES = Path(__file__).parent / "data" / "v1"
DAY = datetime.date(2026, 12, 5)


@pytest.fixture(scope="module")
def schema() -> jsonschema.Draft7Validator:
    found = responses_schema(load_questionnaire("social-readiness@1.0.0"))
    jsonschema.Draft7Validator.check_schema(found)
    return jsonschema.Draft7Validator(found)


def as_read(path: Path) -> Any:
    """A responses file as the library reads it (YAML 1.2: a date stays text, as in JSON)."""
    return read(path, RESPONSES).data


def test_the_template_loads_as_a_draft_with_every_question_left_to_ask(tmp_path: Path) -> None:
    path = tmp_path / "blank.yaml"
    path.write_text(
        responses_template(load_questionnaire("social-readiness@1.0.0"), today=DAY),
        encoding="utf-8",
    )
    responses = load_responses(path)
    assert responses.status == "draft"
    assert responses.answers == {}
    assert responses.date == DAY
    assert responses.organisation.name == "À compléter"
    assert len(left_to_ask(responses)) == 42


def test_the_template_asks_every_question_in_order() -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    text = responses_template(q, "en", today=DAY)
    lines = text.splitlines()
    assert lines[0] == f"# yaml-language-server: $schema={responses_schema_name(q)}"
    assert lines[0].endswith("=social-readiness-1.0.0.responses.schema.json")
    keys = [m for line in lines if (m := re.fullmatch(r"  (\w+):", line))]
    assert [m[1] for m in keys] == [question.id for _, _, question in q.iter_questions()]
    for step, section, _ in q.iter_questions():
        assert f"Step {q.steps.index(step) + 1} — {step.title['en']}\n" in text
        assert f"# ── {section.title['en']} " in text
    # labels, help, options with their labels, when: in words
    assert "  # For each of the following networks, what is your brand’s presence today?" in text
    assert "  #   official_account — Official page or account" in text
    assert "  # Only if a row of brand_presence is official_account." in text
    assert (
        "  # Only if website_features includes comments or reviews or forum or user_content."
        in text
    )
    assert "  # Only if not (internal_usages_wanted includes none or dont_know)." in text
    assert "  # A whole number ≥ 0 (followers)" in text
    assert "  # A whole number between 0 and 100 (%)" in text
    # the matrix's rows and the roster's example record, commented out
    assert "  #   facebook:   # Facebook" in text
    assert "  #   - name: …  # Name or role (required)" in text
    assert (
        "  #     responsibilities: {account_ownership: R, publishing: R}  # Responsibilities"
        in (text)
    )


def fill(template: str, answers: dict[str, Any], **header: str) -> str:
    """The template as a consultant fills it in an editor: each answer after its key (in
    JSON, which YAML reads), the header's placeholders replaced."""
    for ident, value in answers.items():
        template = template.replace(
            f"\n  {ident}:\n", f"\n  {ident}: {json.dumps(value, ensure_ascii=False)}\n", 1
        )
    for field, value in header.items():
        template = re.sub(rf"(?m)^(\s*{field}:) [^#\n]*", rf"\1 {value} ", template, count=1)
    return template


def test_the_template_filled_validates_against_the_schema_and_scores_as_the_example(
    tmp_path: Path, schema: jsonschema.Draft7Validator
) -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    example = load_responses(EXAMPLES / "retailer.yaml")
    answers = as_read(EXAMPLES / "retailer.yaml")["answers"]
    path = tmp_path / "garance.yaml"
    path.write_text(
        fill(
            responses_template(q, "fr", today=DAY),
            answers,
            name="Maison Garance",
            assessor="Élodie Marchand",
            status="final",
        ),
        encoding="utf-8",
    )
    assert list(schema.iter_errors(as_read(path))) == []
    filled = load_responses(path)
    assert filled.status == "final"
    assert filled.answers == example.answers
    assert assess(q, filled).overall == assess(q, example).overall
    assert main(["validate", str(path), "--final"]) == 0


@pytest.mark.parametrize("name", ["agence-12", "manufacturer-400", "retailer"])
def test_the_examples_validate_against_the_schema(
    name: str, schema: jsonschema.Draft7Validator
) -> None:
    assert list(schema.iter_errors(as_read(EXAMPLES / f"{name}.yaml"))) == []


BROKEN = {
    "unknown option": ("answers", "official_activity", "hourly"),
    "option of a matrix row": ("answers", "brand_presence", {"facebook": "everywhere"}),
    "unknown matrix row": ("answers", "brand_presence", {"myspace": "none"}),
    "option of a multiple choice": ("answers", "website_features", ["comments", "blog"]),
    "number below its bound": ("answers", "official_audience", -3),
    "percentage above 100": ("answers", "email_share", 140),
    "scale value": ("answers", "management_fear", 9),
    "unknown question": ("answers", "brand_presense", "none"),
    "roster role": (
        "answers",
        "dedicated_staff",
        [{"name": "A", "responsibilities": {"publishing": "X"}}],
    ),
    "roster without its required field": ("answers", "dedicated_staff", [{"time_share": 10}]),
    "note beside an unknown field": (
        "answers",
        "official_activity",
        {"value": "weekly", "notes": "x"},
    ),
    "status": ("status", None, "done"),
    "another questionnaire": ("questionnaire", None, "social-readiness@2.0.0"),
    "country": ("organisation", "country", "France"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_responses_fail_the_schema_as_the_loader_refuses_them(
    case: str, schema: jsonschema.Draft7Validator
) -> None:
    data = as_read(EXAMPLES / "retailer.yaml")
    top, key, value = BROKEN[case]
    if key is None:
        data[top] = value
    else:
        data[top] = {**data[top], key: value}
    assert list(schema.iter_errors(data)) != []
    with pytest.raises(ResponsesError):
        load_responses(data)


def test_the_schema_says_option_labels_and_bounds() -> None:
    found = responses_schema(load_questionnaire("social-readiness@1.0.0"), "en")
    answers = found["properties"]["answers"]["properties"]
    value = answers["official_activity"]["anyOf"][0]
    assert value["enum"][:2] == ["dormant", "monthly"]
    assert value["enumDescriptions"][:2] == [
        "Not updated for several months",
        "A few posts a month",
    ]
    assert answers["email_share"]["anyOf"][0] | {"description": ""} == {
        "type": "integer",
        "minimum": 0,
        "maximum": 100,
        "description": "",
    }
    rows = answers["brand_presence"]["anyOf"][0]["properties"]
    assert rows["facebook"]["description"] == "Facebook"
    record = answers["dedicated_staff"]["anyOf"][0]["items"]
    assert record["required"] == ["name"]
    assert found["properties"]["questionnaire"]["const"] == "social-readiness@1.0.0"


def test_the_command_line_writes_the_template_and_its_schema_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "garance.yaml"
    v1 = "social-readiness@1.0.0"
    assert main(["responses", "template", v1, "-o", str(path), "--lang", "en"]) == 0
    schema_path = tmp_path / "social-readiness-1.0.0.responses.schema.json"
    written = json.loads(schema_path.read_text(encoding="utf-8"))
    assert written == responses_schema(load_questionnaire("social-readiness@1.0.0"), "en")
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=social-readiness-1.0.0.responses.schema.json\n"
    )
    capsys.readouterr()
    # an empty template is a valid draft, and not final
    assert main(["validate", str(path)]) == 0
    assert "draft, 0 answers, 2 warnings, 42 questions left to ask" in capsys.readouterr().out
    assert main(["validate", str(path), "--final"]) == 1
    assert "not final: 2 header fields to fill in, 42 questions left to ask" in (
        capsys.readouterr().err
    )
    # a file that exists is not replaced unless asked
    assert main(["responses", "template", "-o", str(path)]) == 1
    assert "exists" in capsys.readouterr().err
    assert main(["responses", "template", "-o", str(path), "--force"]) == 0
    assert "# Réponses au questionnaire" in path.read_text(encoding="utf-8")
    # to standard output, with how to get the schema
    assert main(["responses", "template", "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# yaml-language-server: $schema=")
    assert "socialready schema responses --lang en > social-readiness" in captured.err
    assert main(["schema", "responses", "--lang", "en", "--questionnaire", v1]) == 0
    assert json.loads(capsys.readouterr().out) == written


def test_a_template_of_ones_own_questionnaire_and_the_languages_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    q = load_questionnaire(Path(__file__).parent / "data" / "minimal.yaml")
    path = tmp_path / "mini.yaml"
    path.write_text(responses_template(q, "en", today=DAY), encoding="utf-8")
    assert load_responses(path, q).status == "draft"
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=mini-1.0.responses.schema.json\n"
    )
    with pytest.raises(SocialReadyError, match="a template is written in 'de'"):
        responses_template(q, "de")
    assert main(["schema", "mapping", "--lang", "en"]) == 2
    assert "go with `schema responses`" in capsys.readouterr().err


def test_the_header_left_as_the_blank_file_says_is_not_final(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "blank.yaml"
    path.write_text(
        responses_template(load_questionnaire("social-readiness@1.0.0"), today=DAY),
        encoding="utf-8",
    )
    assert [str(p) for p in unfilled(load_responses(path))] == [
        f"{path}: organisation.name: still 'À compléter', as the blank file says (expected the"
        " organisation's name)",
        f"{path}: assessor: still 'À compléter', as the blank file says (expected the assessor)",
    ]
    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert "(À compléter, draft, 0 answers, 2 warnings, 42 questions left to ask)" in captured.out
    assert f"  warning: {path}: assessor: still 'À compléter'" in captured.err
    assert main(["validate", str(path), "--final"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: not final: 2 header fields to fill in, 42 questions left to ask\n" in err
    assert f"  error: {path}: organisation.name: still 'À compléter'" in err
    # filled in, only the questions are left
    filled = fill(path.read_text(encoding="utf-8"), {}, name="Maison Garance", assessor="É. M.")
    path.write_text(filled, encoding="utf-8")
    assert unfilled(load_responses(path)) == []
    assert main(["validate", str(path), "--final"]) == 1
    assert f"{path}: not final: 42 questions left to ask\n" in capsys.readouterr().err


def test_the_roster_example_uncommented_is_a_record(tmp_path: Path) -> None:
    lines = responses_template(today=DAY).splitlines()
    start = lines.index("  dedicated_staff:") + 1
    end = lines.index("", start)
    lines[start:end] = [line.replace("#", " ", 1) for line in lines[start:end]]
    path = tmp_path / "one.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (record,) = load_responses(path).answers["dedicated_staff"]
    assert record == {
        "name": "…",
        "department": "general_management",
        "responsibilities": {"account_ownership": "R", "publishing": "R"},
        "time_share": 50,
        "external": "employee",
    }
