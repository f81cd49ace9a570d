"""_records: result records are named tuples that pydantic writes and reads as objects."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from pydantic import BaseModel, ValidationError

from socialready._records import record


@record
class Pair(NamedTuple):
    name: str
    value: float | None = None


class Holder(BaseModel):
    pair: Pair
    pairs: tuple[Pair, ...] = ()


def test_written_as_objects_with_named_fields() -> None:
    holder = Holder(pair=Pair("a", 1.5), pairs=(Pair("b"),))
    assert holder.model_dump(mode="json") == {
        "pair": {"name": "a", "value": 1.5},
        "pairs": [{"name": "b", "value": None}],
    }
    assert holder.model_dump_json() == (
        '{"pair":{"name":"a","value":1.5},"pairs":[{"name":"b","value":null}]}'
    )


def test_read_back_as_the_same_records() -> None:
    holder = Holder(pair=Pair("a", 1.5), pairs=(Pair("b"),))
    again = Holder.model_validate_json(holder.model_dump_json())
    assert again == holder
    assert type(again.pair) is Pair
    assert type(again.pairs[0]) is Pair


def test_a_field_with_a_default_may_be_left_out() -> None:
    assert Holder.model_validate({"pair": {"name": "a"}}).pair == Pair("a", None)


def test_a_field_without_a_default_is_required() -> None:
    with pytest.raises(ValidationError):
        Holder.model_validate({"pair": {"value": 1.0}})


def test_the_json_schema_describes_an_object() -> None:
    schema = Holder.model_json_schema(mode="serialization")
    pair = schema["$defs"]["Pair"] if "$defs" in schema else schema["properties"]["pair"]
    assert pair["type"] == "object"
    assert set(pair["properties"]) == {"name", "value"}
    assert pair["required"] == ["name"]
