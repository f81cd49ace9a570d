"""The published JSON Schema: fresh, draft-07, and in agreement with the loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings

from socialready.schema import schema_text
from strategies import valid_questionnaires

ROOT = Path(__file__).parent.parent
COMMITTED = ROOT / "questionnaires" / "questionnaire.schema.json"
DRAFT_2019_ONWARDS = {
    "$defs",
    "prefixItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "minContains",
    "maxContains",
    "$anchor",
    "$dynamicRef",
}


def keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in keys(v)}
    return set()


def test_committed_schema_is_up_to_date() -> None:
    """Regenerate: socialready schema questionnaire > questionnaires/questionnaire.schema.json"""
    assert COMMITTED.read_text(encoding="utf-8") == schema_text("questionnaire")


def test_schema_is_draft_07() -> None:
    schema = json.loads(schema_text("questionnaire"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    assert not keys(schema) & DRAFT_2019_ONWARDS
    refs = {v for k, v in _items(schema) if k == "$ref"}
    assert refs
    assert all(ref.startswith("#/definitions/") for ref in refs)
    assert {ref.removeprefix("#/definitions/") for ref in refs} <= set(schema["definitions"])


def _items(node: Any) -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [*node.items(), *(i for v in node.values() for i in _items(v))]
    if isinstance(node, list):
        return [i for v in node for i in _items(v)]
    return []


@pytest.mark.parametrize("version", ["1.0.0", "2.0.0"])
def test_builtin_questionnaire_validates_against_the_schema(version: str) -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    data = yaml.safe_load(
        (ROOT / "questionnaires" / f"social-readiness@{version}.yaml").read_text("utf-8")
    )
    jsonschema.Draft7Validator(schema).validate(data)


@settings(max_examples=50, deadline=None)
@given(valid_questionnaires())
def test_questionnaires_the_loader_accepts_fit_the_schema(data: dict[str, Any]) -> None:
    jsonschema.Draft7Validator(json.loads(schema_text("questionnaire"))).validate(data)


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.update(version=1),
        lambda d: d["steps"][0]["sections"][0]["questions"][0].update(kind="essay"),
        lambda d: d["steps"][0].update(titel={"fr": "x", "en": "x"}),
    ],
)
def test_schema_refuses_what_the_loader_refuses(edit: Any) -> None:
    data = yaml.load(
        (Path(__file__).parent / "data" / "minimal.yaml").read_text("utf-8"),
        Loader=yaml.CSafeLoader,
    )
    edit(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(json.loads(schema_text("questionnaire"))).validate(data)


def test_the_version_has_one_source_that_the_build_reads() -> None:
    # the wheel's version is read by hatchling from the module that socialready.__version__
    # comes from: no second copy to keep equal
    import tomllib

    import socialready
    from socialready import _version

    root = Path(__file__).parent.parent
    with (root / "pyproject.toml").open("rb") as handle:
        pyproject = tomllib.load(handle)
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    # the file the build reads, whether socialready is imported from the source tree or from
    # an installed copy (pip install ., as CI does): the same text, the same version
    source = root / pyproject["tool"]["hatch"]["version"]["path"]
    assert source.read_text(encoding="utf-8") == Path(_version.__file__).read_text(encoding="utf-8")
    assert socialready.__version__ == _version.__version__


def test_the_licence_file_is_the_one_pyproject_declares() -> None:
    import tomllib

    root = Path(__file__).parent.parent
    with (root / "pyproject.toml").open("rb") as handle:
        assert tomllib.load(handle)["project"]["license"] == "MIT"
    assert (root / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
