"""JSON Schemas of socialready's file formats, for editors and other tools.

The schemas are generated from the models and written in JSON Schema draft-07, the newest
draft that the YAML language server (and so most editors) reads.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema

from .questionnaire import Questionnaire

__all__ = ["SCHEMAS", "questionnaire_schema", "schema_text"]

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


class _Draft07(GenerateJsonSchema):
    """Pydantic's generator, with draft-07 references (``definitions``) and header."""

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        result = super().generate(schema, mode=mode)
        if "$defs" in result:
            result["definitions"] = result.pop("$defs")
        return {"$schema": DRAFT_07, **result}


def _schema(model: type[Questionnaire], title: str) -> dict[str, Any]:
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

    schema = SurveyMapping.model_json_schema(
        ref_template="#/definitions/{model}", schema_generator=_Draft07
    )
    schema["title"] = "socialready survey mapping"
    return schema


SCHEMAS = {"questionnaire": questionnaire_schema, "mapping": mapping_schema}
"""Every published schema, by the name the command line uses."""


def schema_text(name: str) -> str:
    """A schema as the text committed under ``questionnaires/`` (sorted keys, final newline)."""
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
