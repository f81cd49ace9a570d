"""Immutable result records: named tuples that pydantic validates and serialises as objects.

Results of an assessment are made by the thousand in batch work, so they are named tuples
(cheap to build, immutable, compared by value) rather than models. ``@record`` teaches
pydantic to write them as JSON objects with named fields — and to read them back from
objects — so that an ``Assessment`` round-trips exactly and its JSON reads well.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast, get_type_hints

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

__all__ = ["build", "record"]

T = TypeVar("T", bound=type)
R = TypeVar("R", bound=tuple[Any, ...])


def record(cls: T) -> T:
    """Class decorator for a ``typing.NamedTuple`` used inside pydantic models."""

    def schema(source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        hints = get_type_hints(cls)
        defaults: dict[str, Any] = getattr(cls, "_field_defaults", {})
        as_object = core_schema.typed_dict_schema(
            {
                name: core_schema.typed_dict_field(
                    handler.generate_schema(hint), required=name not in defaults
                )
                for name, hint in hints.items()
            }
        )
        standard = cast(dict[str, Any], handler(source))
        standard["serialization"] = core_schema.plain_serializer_function_ser_schema(
            _as_dict, return_schema=as_object
        )
        return cast(CoreSchema, standard)

    cls.__get_pydantic_core_schema__ = staticmethod(schema)  # type: ignore[attr-defined]
    return cls


def _as_dict(value: Any) -> dict[str, Any]:
    result: dict[str, Any] = value._asdict()
    return result


def build(cls: type[R], values: tuple[Any, ...]) -> R:
    """A record made from a tuple of all its fields in order, without the argument handling
    of its ``__new__``: results are made for every question, score and action of every
    response, and this is scoring's hot path (about three times faster)."""
    return tuple.__new__(cls, values)
