"""Turning validation errors into located problems a consultant can act on.

Shared by every loader: maps pydantic's error locations onto the parsed data (dropping the
tags of discriminated unions), finds the line and column of each, and rewrites pydantic's
messages in plain words.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from . import _yaml
from ._base import ID_PATTERN, LANG_PATTERN
from ._files import FileKind
from .conditions import CONDITION_KEYS
from .errors import Problem, excerpt

__all__ = [
    "CONDITION_TAGS",
    "PATTERN_WORDS",
    "PatternWords",
    "close_matches",
    "data_path",
    "describe",
    "field_names",
    "load_model",
    "place",
    "problems_from_validation",
]

CONDITION_TAGS = frozenset(CONDITION_KEYS.values())
"""The tags of the condition union, which appear in error locations but not in files."""


class PatternWords(NamedTuple):
    """How a problem names a text that does not match a pattern of the format."""

    mismatch: str
    """What the text is not, after the text itself: "is not a colour"."""
    expected: str
    """What was expected: "'#' and 3 or 6 hexadecimal digits, e.g. '#1f4e79'"."""


PATTERN_WORDS: Mapping[str, PatternWords] = {
    LANG_PATTERN: PatternWords(
        "is not a language code", "two or three lowercase letters, e.g. 'fr'"
    ),
    ID_PATTERN: PatternWords(
        "is not a valid id", "letters, digits, '_', '-' or '.', starting with a letter or digit"
    ),
}
"""The words for the patterns of the shared building blocks; a loader adds those of its own
format (the theme's colours and fonts) through `patterns`."""


def place(problem: Problem, document: _yaml.Document, *, key: bool = False) -> Problem:
    """`problem` with the file, line and column of its field path (or of its key)."""
    position = document.locate(problem.path, key=key)
    line, column = position if position else (None, None)
    return Problem(
        problem.message,
        source=document.source,
        line=line,
        column=column,
        path=problem.path,
        expected=problem.expected,
    )


# --- pydantic errors → located problems -------------------------------------------------


def field_names(roots: Iterable[type[BaseModel]]) -> frozenset[str]:
    """Every field name (as written in files) of `roots` and of the models they contain."""
    names: set[str] = set()
    stack: list[type[BaseModel]] = list(roots)
    seen: set[type[BaseModel]] = set()
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
        stack.extend(sub for sub in _submodels(model) if sub not in seen)
    return frozenset(names)


def _submodels(model: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def walk(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            found.append(tp)
            return
        for arg in getattr(tp, "__args__", ()) or ():
            walk(arg)
        origin = getattr(tp, "__origin__", None)
        if origin is not None and origin is not tp:
            walk(origin)

    for info in model.model_fields.values():
        walk(info.annotation)
    return found


_KEYS_SHOWN = 5
"""Most keys of a mapping a message lists."""
_LONGEST_GUESS = 200
"""Longest text for which a "did you mean" is looked for (ids and field names are short)."""


def close_matches(given: str, names: Iterable[str], *, cutoff: float = 0.6) -> list[str]:
    """The name of `names` closest to `given`, if one is close enough (for "did you
    mean"); none for a text far longer than any name could be."""
    if len(given) > _LONGEST_GUESS:
        return []
    return difflib.get_close_matches(given, list(names), n=1, cutoff=cutoff)


def describe(value: Any) -> str:
    """A value as a reader would name it: the text 'x', a list of 2 items…"""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        shown = excerpt(value)
        return shown if shown.startswith("a whole number") else f"the number {shown}"
    if isinstance(value, str):
        return f"the text {excerpt(value)}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__


def data_path(
    loc: Sequence[str | int], data: Any, tags: frozenset[str]
) -> tuple[tuple[str | int, ...], bool]:
    """Map a pydantic `loc` onto the data: drop union tags that are not keys of the data.

    Returns the data path and whether its last element names a key absent from the data.
    """
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, Mapping) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(part, str) and part in tags:
            continue  # a union tag such as 'single_choice' or 'answer-test': not in the data
        elif last and isinstance(part, str):
            path.append(part)
            return tuple(path), True
    return tuple(path), False


_TYPE_WORDS = {
    "string_type": "a text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "int_from_float": "a whole number",
    "date_type": "a date written YYYY-MM-DD, e.g. 2026-11-27",
}


def problems_from_validation(
    exc: ValidationError,
    document: _yaml.Document,
    *,
    fields: frozenset[str],
    tags: frozenset[str] = CONDITION_TAGS,
    prefix: tuple[str | int, ...] = (),
    kinds: str | None = None,
    patterns: Mapping[str, PatternWords] | None = None,
    hints: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Turn pydantic's errors into located problems with messages a consultant can act on.

    `fields` is the vocabulary of field names for "did you mean" hints; `tags` the
    union tags to drop from locations; `prefix` is where the validated data sits in the
    document; `kinds` says what a missing `kind` could have been; `patterns` words
    the patterns of the format beyond `PATTERN_WORDS`; `hints` says what an unknown
    field a reader is likely to write was meant as (`colour` → the theme's colours), where
    no field name is close enough for a "did you mean".
    """
    words = {**PATTERN_WORDS, **(patterns or {})}
    problems: list[Problem] = []
    seen: set[tuple[tuple[str | int, ...], str]] = set()
    for error in exc.errors(include_url=False):
        path, _ = data_path((*prefix, *error["loc"]), document.data, tags)
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            path = (*path, "kind")
        at = getattr((error.get("ctx") or {}).get("error"), "at", ())
        if at:
            path = data_path((*path, *at), document.data, tags)[0]
        failure = _Failure.of(error, path, fields, kinds, words, hints or {})
        message, expected = _explain(failure)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        position = document.locate(path, key=error["type"] == "extra_forbidden")
        line, column = position if position else (None, None)
        problems.append(
            Problem(
                message,
                source=document.source,
                line=line,
                column=column,
                path=path,
                expected=expected,
            )
        )
    return problems


class _Failure(NamedTuple):
    """One of pydantic's errors, with what explaining it needs."""

    kind: str
    ctx: dict[str, Any]
    given: Any
    msg: str
    path: tuple[str | int, ...]
    fields: frozenset[str]
    kinds: str | None
    patterns: Mapping[str, PatternWords]
    hints: Mapping[str, str]

    @classmethod
    def of(
        cls,
        error: Any,
        path: tuple[str | int, ...],
        fields: frozenset[str],
        kinds: str | None,
        patterns: Mapping[str, PatternWords],
        hints: Mapping[str, str],
    ) -> _Failure:
        ctx = error.get("ctx") or {}
        given, msg = error.get("input"), error["msg"]
        return cls(error["type"], ctx, given, msg, path, fields, kinds, patterns, hints)

    @property
    def name(self) -> str | int:
        """The name of the field (or the index of the item) that failed."""
        return self.path[-1] if self.path else ""


Explained = tuple[str, str | None]
"""A problem's message, and what was expected (if it can be said)."""


def _explain(failure: _Failure) -> Explained:
    """The message and the expectation of a pydantic error, in a consultant's words."""
    if failure.kind in _TYPE_WORDS:
        return f"got {describe(failure.given)}", _TYPE_WORDS[failure.kind]
    explainer = _EXPLAINERS.get(failure.kind)
    if explainer is not None:
        return explainer(failure)
    msg = failure.msg
    return f"{msg[0].lower()}{msg[1:]}" if msg else failure.kind, None


def _missing(failure: _Failure) -> Explained:
    return f"missing field {excerpt(failure.name)}", None


def _extra(failure: _Failure) -> Explained:
    name, fields = failure.name, failure.fields
    if name in fields:
        return f"{excerpt(name)} is not a field here", "only the fields of this part of the format"
    close = close_matches(str(name), fields, cutoff=0.75)
    if close:
        return f"unknown field {excerpt(name)}", f"a known field; did you mean {close[0]!r}?"
    meant = failure.hints.get(str(name).lower())
    return f"unknown field {excerpt(name)}", meant or "a field of this format"


def _literal(failure: _Failure) -> Explained:
    return f"{excerpt(failure.given)} is not allowed here", f"one of {failure.ctx.get('expected')}"


def _tag_invalid(failure: _Failure) -> Explained:
    return (
        f"unknown kind {excerpt(failure.ctx.get('tag'))}",
        f"one of {failure.ctx.get('expected_tags')}",
    )


def _tag_not_found(failure: _Failure) -> Explained:
    return "missing field 'kind'", f"a kind among {failure.kinds}" if failure.kinds else None


def _pattern(failure: _Failure) -> Explained:
    pattern, given = str(failure.ctx.get("pattern", "")), failure.given
    if "languages" in failure.path or pattern == LANG_PATTERN:
        lang = PATTERN_WORDS[LANG_PATTERN]
        return f"{excerpt(given)} {lang.mismatch}", lang.expected
    if failure.name == "version":
        return (
            f"{excerpt(given)} is not a version number",
            "numbers separated by dots, e.g. '1.0.0'",
        )
    if pattern == r"^[A-Z]{2}$":  # the responses' organisation.country
        return (
            f"{excerpt(given)} is not a country code",
            "two capital letters (ISO 3166), e.g. 'FR'",
        )
    if "@" in pattern:  # the responses' questionnaire reference
        return (
            f"{excerpt(given)} does not name a questionnaire",
            "id@version, e.g. 'social-readiness@1.0.0'",
        )
    words = failure.patterns.get(pattern)
    if words is not None:
        return f"{excerpt(given)} {words.mismatch}", words.expected
    return f"{excerpt(given)} does not have the expected form", f"text matching {pattern}"


def _length(failure: _Failure) -> Explained:
    kind, ctx, given = failure.kind, failure.ctx, failure.given
    if kind in ("string_too_short", "string_too_long"):
        limit = ctx.get("min_length") if kind == "string_too_short" else ctx.get("max_length")
        bound = "at least" if kind == "string_too_short" else "at most"
        return f"got {describe(given)}", f"{bound} {limit} character{'s' if limit != 1 else ''}"
    limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
    unit = "character" if isinstance(given, str) else "item"
    if kind == "too_short":
        return f"got {describe(given)}", f"at least {limit} {unit}{'s' if limit != 1 else ''}"
    return f"got {describe(given)}", f"at most {limit} {unit}s"


_SYMBOLS = {
    "greater_than_equal": "≥",
    "greater_than": ">",
    "less_than_equal": "≤",
    "less_than": "<",
}


def _bound(failure: _Failure) -> Explained:
    bound = next(iter(failure.ctx.values()), "?")
    shown = f"{bound:g}" if isinstance(bound, int | float) else str(bound)
    return f"got {describe(failure.given)}", f"a number {_SYMBOLS[failure.kind]} {shown}"


def _finite(failure: _Failure) -> Explained:
    return f"got {describe(failure.given)}", "a finite number"


def _value(failure: _Failure) -> Explained:
    return str(failure.ctx.get("error") or failure.msg), None


def _condition(failure: _Failure) -> Explained:
    given = failure.given
    if isinstance(given, Mapping) and given:
        keys = ", ".join(excerpt(str(k)) for k in itertools.islice(given, _KEYS_SHOWN))
        if len(given) > _KEYS_SHOWN:
            keys += f"… ({len(given):,} keys)"
        close = [
            m
            for k in itertools.islice(given, _KEYS_SHOWN)
            for m in close_matches(str(k), list(CONDITION_KEYS), cutoff=0.6)
        ]
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return (
            f"not a condition: it has the keys {keys}",
            f"one of the keys question, score, all, any or not{hint}",
        )
    return (
        f"got {describe(given)}",
        "a condition: a mapping with question, score, all, any or not",
    )


_EXPLAINERS: dict[str, Callable[[_Failure], Explained]] = {
    "missing": _missing,
    "extra_forbidden": _extra,
    "literal_error": _literal,
    "union_tag_invalid": _tag_invalid,
    "union_tag_not_found": _tag_not_found,
    "string_pattern_mismatch": _pattern,
    "string_too_short": _length,
    "string_too_long": _length,
    "too_short": _length,
    "too_long": _length,
    **dict.fromkeys(_SYMBOLS, _bound),
    "finite_number": _finite,
    "value_error": _value,
    "condition": _condition,
}
"""pydantic's error type → how to say it."""


M = TypeVar("M", bound=BaseModel)


def load_model(
    path: Path,
    model: type[M],
    kind: FileKind,
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    patterns: Mapping[str, PatternWords] | None = None,
    finish: Callable[[M, _yaml.Document], None] | None = None,
    hints: Mapping[str, str] | None = None,
) -> M:
    """Read a YAML (or JSON) file of `kind` into `model`, raising the kind's error with
    every problem located.

    `prepare` may adjust the parsed mapping first (e.g. make paths relative to the file);
    `patterns` words the patterns of the model's own texts (see `PatternWords`);
    `finish` is given the model and the parsed file (to keep where a field was written,
    for a later message); `hints` says what unknown fields were meant as (see
    `problems_from_validation`).
    """
    source = str(path)
    error = kind.error
    try:
        document = _yaml.read(path, kind)
    except _yaml.ParseFailure as failure:
        raise error(failure.problems, source=source) from None
    if not isinstance(document.data, dict):
        problem = Problem(
            f"the file holds {describe(document.data)}",
            source=source,
            line=1,
            expected=f"a mapping ({model.__name__})",
        )
        raise error([problem], source=source)
    data = prepare(dict(document.data)) if prepare else document.data
    try:
        loaded = model.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_validation(
            exc, document, fields=field_names([model]), patterns=patterns, hints=hints
        )
        raise error(problems, source=source) from None
    if finish is not None:
        finish(loaded, document)
    return loaded
