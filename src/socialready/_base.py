"""Shared building blocks of the data models: the strict base model, ids and texts."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "ID_PATTERN",
    "LANG_PATTERN",
    "AnswerValue",
    "Id",
    "Invalid",
    "LangCode",
    "RosterValue",
    "StrictModel",
    "Text",
    "made",
    "name_alias",
]

M = TypeVar("M", bound=BaseModel)


class Invalid(ValueError):
    """A validator's complaint about one part of a model: `at` is that part's field path,
    relative to the model, so the loader can point at the exact line."""

    def __init__(self, message: str, *at: str | int) -> None:
        super().__init__(message)
        self.at: tuple[str | int, ...] = at


class StrictModel(BaseModel):
    """Base of every model read from a user's file.

    Unknown fields are refused (they are almost always typos), instances are immutable, and
    values are never coerced: `"yes"` is not a boolean and `"12"` is not a number.
    Fields whose name is a Python keyword (`in`, `not`) are read and written under that
    name, so `model_dump()` mirrors the file.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        allow_inf_nan=False,
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
        str_strip_whitespace=False,
    )


_set = object.__setattr__


def made(cls: type[M], values: dict[str, Any]) -> M:
    """A model of `cls` holding `values`, a value for each of its fields in field order,
    already valid: what `cls.model_construct(**values)` makes, without its Python loop over
    the fields (aliases, defaults), which costs more than the rest of building an Assessment
    from its parts. For models with no `model_post_init` (a test checks that both ways give
    the same model)."""
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(values))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
"""What an identifier looks like."""

LANG_PATTERN = r"^[a-z]{2,3}$"
"""What a language code looks like."""

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(
        description=(
            "An identifier: letters, digits, '_', '-' or '.', starting with a letter or digit."
        )
    ),
]
"""An identifier written by the questionnaire's author (question, option, section…)."""

LangCode = Annotated[
    str,
    StringConstraints(pattern=LANG_PATTERN),
    Field(description="A language code such as 'fr' or 'en'."),
]

Text = Annotated[
    dict[LangCode, Annotated[str, StringConstraints(min_length=1)]],
    Field(description="A user-facing text in every language of the questionnaire: {fr: …, en: …}."),
]
"""A user-facing text, one entry per language code."""


RosterValue = str | int | float | list[str] | dict[str, str] | None
"""The value of one field of a roster record."""

AnswerValue = bool | int | float | str | list[str] | dict[str, str] | list[dict[str, RosterValue]]
"""An answer, by kind: option id (single choice), list of option ids (multiple choice),
value (scale), boolean (yes/no), number, `{row: option}` (matrix), text, or a list of
records (roster)."""


def name_alias(alias: object, name: str, module: str, doc: str) -> None:
    """Make `help()` of a type alias show its name, module and text.

    An alias such as `Annotated[A | B, Discriminator("kind")]` is an object of `typing`,
    which `help()` otherwise describes as typing's own; the documentation site reads the
    alias's docstring in the source, which `doc` repeats (a test checks they agree).
    """
    for attribute, value in (
        ("__name__", name),
        ("__qualname__", name),
        ("__module__", module),
        ("__doc__", doc),
    ):
        setattr(alias, attribute, value)
