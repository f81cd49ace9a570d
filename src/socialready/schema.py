"""JSON Schemas of socialready's file formats, for editors and other tools.

The schemas are generated from the models and written in JSON Schema draft-07, the newest
draft that the YAML language server (and so most editors) reads.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema

from ._kinds import kind_of
from .questionnaire import Questionnaire, localised
from .responses import Annotation, ResponsesFile

__all__ = [
    "SCHEMAS",
    "questionnaire_schema",
    "responses_schema",
    "responses_schema_name",
    "responses_schema_text",
    "schema_text",
]

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


class _Draft07(GenerateJsonSchema):
    """Pydantic's generator, with draft-07 references (`definitions`) and header."""

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        result = super().generate(schema, mode=mode)
        if "$defs" in result:
            result["definitions"] = result.pop("$defs")
        return {"$schema": DRAFT_07, **result}


def _schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema(
        ref_template="#/definitions/{model}", schema_generator=_Draft07
    )
    schema["title"] = title
    return schema


def questionnaire_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a questionnaire file."""
    return _schema(Questionnaire, "socialready questionnaire")


def mapping_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of a survey-export mapping file."""
    from .survey import SurveyMapping

    return _schema(SurveyMapping, "socialready survey mapping")


SCHEMAS = {"questionnaire": questionnaire_schema, "mapping": mapping_schema}
"""Every published schema, by the name the command line uses."""


def schema_text(name: str) -> str:
    """A schema as the text committed under `questionnaires/` (sorted keys, final newline)."""
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def responses_schema(questionnaire: Questionnaire, lang: str | None = None) -> dict[str, Any]:
    """The JSON Schema (draft-07) of responses *to* `questionnaire`: its header, and under
    `answers` a property per question — option ids as enums with their labels (in
    `lang`, default the questionnaire's first language) as `enumDescriptions`, bounds of
    numbers, rows of matrices, fields of rosters — so that an editor completes and checks a
    responses file as the consultant types it.

    Each answer may be left empty (`null`: not answered yet) or written `{value: …,
    note: …, evidence: …}`. The schema checks what a file can be on its own;
    `load_responses` checks the rest (`when:` conditions, exclusive
    options) and says every problem with its line.
    """
    lang = lang or questionnaire.languages[0]
    schema = _schema(ResponsesFile, f"socialready responses to {questionnaire.ref}")
    header = schema["properties"]
    header["questionnaire"] = {
        "const": questionnaire.ref,
        "description": f"{localised(questionnaire.title, lang)} ({questionnaire.ref})",
    }
    note = Annotation.model_json_schema()["properties"]
    answers: dict[str, Any] = {}
    for step, section, question in questionnaire.iter_questions():
        value = kind_of(question).answer_schema(question, lang)
        where = f"{localised(step.title, lang)} › {localised(section.title, lang)}"
        label = localised(question.label, lang)
        answers[question.id] = {
            "description": f"{label}\n\n{where}",
            "anyOf": [
                value,
                {"type": "null"},
                {
                    "type": "object",
                    "properties": {
                        "value": {"anyOf": [value, {"type": "null"}]},
                        "note": note["note"],
                        "evidence": note["evidence"],
                    },
                    "required": ["value"],
                    "additionalProperties": False,
                },
            ],
        }
    header["answers"] = {
        "type": "object",
        "description": "The answers, by question id.",
        "properties": answers,
        "additionalProperties": False,
    }
    return schema


def responses_schema_name(questionnaire: Questionnaire) -> str:
    """The file name of the responses schema of `questionnaire`, as a template's
    `$schema` line names it and `socialready responses template -o` writes it beside the
    template: `social-readiness-1.0.0.responses.schema.json`."""
    return f"{questionnaire.id}-{questionnaire.version}.responses.schema.json"


def responses_schema_text(questionnaire: Questionnaire, lang: str | None = None) -> str:
    """`responses_schema` as text (sorted keys, final newline)."""
    schema = responses_schema(questionnaire, lang)
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
