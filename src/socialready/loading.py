"""Loading questionnaires from files, with every problem located; the built-in registry."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import _yaml
from ._checks import check_questionnaire
from .conditions import _TAGS as _CONDITION_TAGS
from .conditions import AllOf, AnswerTest, AnyOf, NotOf, ScoreRef, ScoreTest
from .errors import Problem, QuestionnaireError
from .questionnaire import QUESTION_KINDS, Questionnaire

__all__ = [
    "builtin_questionnaires",
    "load_questionnaire",
    "problems_from_validation",
    "questionnaire_from_data",
]

DEFAULT_QUESTIONNAIRE = "social-readiness"


def _builtin_dir() -> Path:
    """Where the built-in questionnaires are: inside the installed package, or, when running
    from a source checkout (editable install), the repository's ``questionnaires/``."""
    packaged = Path(str(resources.files("socialready"))) / "questionnaires"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "questionnaires"


def builtin_questionnaires() -> list[str]:
    """Names of the questionnaires shipped with socialready."""
    return sorted(p.stem for p in _builtin_dir().glob("*.yaml"))


def load_questionnaire(name_or_path: str | Path | None = None) -> Questionnaire:
    """Load a questionnaire: the built-in one (no argument), a built-in one by name, or a file.

    A path ending in ``.json`` is read as JSON, anything else as YAML. A file that cannot be
    used raises :class:`~socialready.QuestionnaireError` listing every problem, each with
    file, line, column, field path and what was expected.
    """
    if name_or_path is None:
        name_or_path = DEFAULT_QUESTIONNAIRE
    if isinstance(name_or_path, str) and name_or_path in builtin_questionnaires():
        return _load_builtin(name_or_path)
    path = Path(name_or_path)
    if not path.exists():
        known = ", ".join(builtin_questionnaires())
        raise QuestionnaireError(
            [
                Problem(
                    "no such file, and no built-in questionnaire of that name",
                    source=str(name_or_path),
                    expected=f"a path to a YAML or JSON file, or one of: {known}",
                )
            ],
            source=str(name_or_path),
        )
    return _load_path(path)


@cache
def _load_builtin(name: str) -> Questionnaire:
    return _load_path(_builtin_dir() / f"{name}.yaml")


def _load_path(path: Path) -> Questionnaire:
    try:
        document = _yaml.read(path)
    except _yaml.ParseFailure as failure:
        raise QuestionnaireError(failure.problems, source=str(path)) from None
    return _from_document(document)


def questionnaire_from_data(
    data: Any, source: str | None = None, *, text: str | None = None
) -> Questionnaire:
    """Build a questionnaire from already-parsed data (a dict), or from YAML ``text``.

    Runs the same checks as :func:`load_questionnaire`; problems in a dict carry field paths
    but no line numbers.
    """
    if text is not None:
        try:
            document = _yaml.parse(text, source)
        except _yaml.ParseFailure as failure:
            raise QuestionnaireError(failure.problems, source=source) from None
    else:
        document = _yaml.Document(data=data, source=source)
    return _from_document(document)


def _from_document(document: _yaml.Document) -> Questionnaire:
    if not isinstance(document.data, Mapping):
        raise QuestionnaireError(
            [
                Problem(
                    f"the file holds {_describe(document.data)}",
                    source=document.source,
                    line=1,
                    column=1,
                    expected="a mapping with id, version, languages, steps…",
                )
            ],
            source=document.source,
        )
    try:
        questionnaire = Questionnaire.model_validate(document.data)
    except ValidationError as exc:
        problems = problems_from_validation(exc, document)
        problems += _checks_despite_errors(exc, document)
        raise QuestionnaireError(problems, source=document.source) from None
    problems = [_place(problem, document) for problem in check_questionnaire(questionnaire)]
    if problems:
        raise QuestionnaireError(problems, source=document.source)
    return questionnaire


DataPath = tuple[str | int, ...]


def _checks_despite_errors(exc: ValidationError, document: _yaml.Document) -> list[Problem]:
    """Run the whole-questionnaire checks on what remains once the broken parts are set aside.

    So that one run reports a typo *and* a dangling reference: unknown fields are dropped,
    and every other broken part is removed up to the nearest list item (an option, a
    question, a recommendation…); references to what was removed are not reported. When a
    problem lies outside any list item, the checks are skipped.
    """
    drop: set[DataPath] = set()
    data = document.data
    maps: dict[DataPath, list[int]] = {}
    for _ in range(25):
        for error in exc.errors(include_url=False):
            path = _original(_data_path(error["loc"], data)[0], maps)
            if error["type"] == "extra_forbidden":
                drop.add(path)
                continue
            item = _enclosing_item(path)
            if item is None and path and path[0] in _STAND_INS:
                item = path[:1]
            if item is None:
                return []
            drop.add(item)
        maps = {}
        data = _prune(document.data, drop, (), maps)
        for key, stand_in in _STAND_INS.items():
            if (key,) in drop:
                data[key] = stand_in
        try:
            questionnaire = Questionnaire.model_validate(data)
        except ValidationError as again:
            exc = again
            continue
        ignored = _ids_within(document.data, drop)
        placed = [
            _place(replace(problem, path=_original(problem.path, maps)), document)
            for problem in check_questionnaire(
                questionnaire,
                ignore=ignored,
                levels=not any(p[0] == "maturity_levels" for p in drop),
                texts=not any(p[0] == "languages" for p in drop),
            )
        ]
        return [p for p in placed if not p.path or (p.path[0],) not in drop]
    return []


_STAND_INS: dict[str, Any] = {"id": "questionnaire", "version": "0", "title": {}, "scoring": {}}
"""Valid values put in place of broken top-level fields, so that the other checks can run."""


def _enclosing_item(path: DataPath) -> DataPath | None:
    """The whole entity (question, recommendation, level…) a broken part belongs to.

    Setting aside the whole question rather than one of its options avoids reporting
    knock-on problems (a question whose only scoring option was broken "gives no points").
    """
    ints = [i for i, part in enumerate(path) if isinstance(part, int)]
    if not ints:
        return None
    depth = 3 if path[0] == "steps" else 1  # steps[i].sections[j].questions[k]
    end = ints[min(depth, len(ints)) - 1] + 1
    return path[:end]


def _prune(node: Any, drop: set[DataPath], path: DataPath, maps: dict[DataPath, list[int]]) -> Any:
    """A copy of ``node`` without the parts at ``drop``; ``maps`` records kept list indices."""
    if isinstance(node, Mapping):
        return {
            k: _prune(v, drop, (*path, k), maps) for k, v in node.items() if (*path, k) not in drop
        }
    if isinstance(node, list):
        kept = [i for i in range(len(node)) if (*path, i) not in drop]
        maps[path] = kept
        return [_prune(node[i], drop, (*path, i), maps) for i in kept]
    return node


def _original(path: DataPath, maps: dict[DataPath, list[int]]) -> DataPath:
    """Map a path in pruned data back to the original data."""
    out: list[str | int] = []
    for part in path:
        kept = maps.get(tuple(out))
        if isinstance(part, int) and kept is not None and part < len(kept):
            out.append(kept[part])
        else:
            out.append(part)
    return tuple(out)


def _ids_within(data: Any, drop: set[DataPath]) -> frozenset[str]:
    """Every id found in the dropped parts of ``data``."""
    found: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, Mapping):
            if isinstance(node.get("id"), str):
                found.add(node["id"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for path in drop:
        node = data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                node = None
                break
        collect(node)
    return frozenset(found)


def _place(problem: Problem, document: _yaml.Document) -> Problem:
    position = document.locate(problem.path)
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


def _field_names() -> set[str]:
    names: set[str] = set()
    stack: list[type[BaseModel]] = [
        Questionnaire,
        AnswerTest,
        ScoreTest,
        ScoreRef,
        AllOf,
        AnyOf,
        NotOf,
    ]
    seen: set[type[BaseModel]] = set()
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
        stack.extend(sub for sub in _submodels(model) if sub not in seen)
    return names


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


@cache
def _known_fields() -> frozenset[str]:
    return frozenset(_field_names())


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"the text {shown!r}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__


def _data_path(loc: Sequence[str | int], data: Any) -> tuple[tuple[str | int, ...], bool]:
    """Map a pydantic ``loc`` onto the data: drop union tags that are not keys of the data.

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
        elif isinstance(part, str) and part in _union_tags():
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
}


def problems_from_validation(exc: ValidationError, document: _yaml.Document) -> list[Problem]:
    """Turn pydantic's errors into located problems with messages a consultant can act on."""
    problems: list[Problem] = []
    seen: set[tuple[tuple[str | int, ...], str]] = set()
    for error in exc.errors(include_url=False):
        path, _ = _data_path(error["loc"], document.data)
        if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
            path = (*path, "kind")
        at = getattr((error.get("ctx") or {}).get("error"), "at", ())
        if at:
            path = _data_path((*path, *at), document.data)[0]
        message, expected = _explain(error, path)
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


def _explain(error: Any, path: tuple[str | int, ...]) -> tuple[str, str | None]:
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    given = error.get("input")
    name = path[-1] if path else ""
    if kind == "missing":
        return f"missing field {name!r}", None
    if kind == "extra_forbidden":
        if name in _known_fields():
            return f"{name!r} is not a field here", "only the fields of this part of the format"
        close = difflib.get_close_matches(str(name), _known_fields(), n=1, cutoff=0.75)
        hint = f"a known field; did you mean {close[0]!r}?" if close else "a field of this format"
        return f"unknown field {name!r}", hint
    if kind in _TYPE_WORDS:
        return f"got {_describe(given)}", _TYPE_WORDS[kind]
    if kind == "literal_error":
        return f"{given!r} is not allowed here", f"one of {ctx.get('expected')}"
    if kind == "union_tag_invalid":
        return f"unknown kind {ctx.get('tag')!r}", f"one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return "missing field 'kind'", f"a kind among {_question_kinds()}"
    if kind == "string_pattern_mismatch":
        if "languages" in path or ctx.get("pattern") == r"^[a-z]{2,3}$":
            return f"{given!r} is not a language code", "two or three lowercase letters, e.g. 'fr'"
        if name == "version":
            return f"{given!r} is not a version number", "numbers separated by dots, e.g. '1.0.0'"
        return (
            f"{given!r} is not a valid id",
            "letters, digits, '_', '-' or '.', starting with a letter or digit",
        )
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        unit = "character" if isinstance(given, str) else "item"
        if kind == "too_short":
            return f"got {_describe(given)}", f"at least {limit} {unit}{'s' if limit != 1 else ''}"
        return f"got {_describe(given)}", f"at most {limit} {unit}s"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        symbol = {
            "greater_than_equal": "≥",
            "greater_than": ">",
            "less_than_equal": "≤",
            "less_than": "<",
        }
        bound = next(iter(ctx.values()), "?")
        shown = f"{bound:g}" if isinstance(bound, int | float) else str(bound)
        return f"got {_describe(given)}", f"a number {symbol[kind]} {shown}"
    if kind == "finite_number":
        return f"got {_describe(given)}", "a finite number"
    if kind == "value_error":
        message = str(ctx.get("error") or error["msg"])
        return message, None
    if kind == "condition":
        if isinstance(given, Mapping) and given:
            keys = ", ".join(repr(str(k)) for k in given)
            close = [
                m
                for k in given
                for m in difflib.get_close_matches(str(k), list(_CONDITION_TAGS), n=1, cutoff=0.6)
            ]
            hint = f"; did you mean {close[0]!r}?" if close else ""
            return (
                f"not a condition: it has the keys {keys}",
                f"one of the keys question, score, all, any or not{hint}",
            )
        return (
            f"got {_describe(given)}",
            "a condition: a mapping with question, score, all, any or not",
        )
    msg: str = error["msg"]
    return f"{msg[0].lower()}{msg[1:]}" if msg else kind, None


@cache
def _union_tags() -> frozenset[str]:
    return frozenset({*QUESTION_KINDS, *_CONDITION_TAGS.values()})


def _question_kinds() -> str:
    return ", ".join(QUESTION_KINDS)
