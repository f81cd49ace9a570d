"""Loading questionnaires from files, with every problem located; the built-in registry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import _files, _yaml
from ._checks import check_questionnaire, duplicate_ids, questionnaire_advice
from ._located import (
    CONDITION_TAGS,
    data_path,
    describe,
    field_names,
    place,
    problems_from_validation,
)
from .conditions import AllOf, AnswerTest, AnyOf, NotOf, ScoreRef, ScoreTest
from .errors import Problem, QuestionnaireError
from .questionnaire import QUESTION_KINDS, Questionnaire

__all__ = [
    "builtin_questionnaires",
    "builtin_versions",
    "is_builtin",
    "load_questionnaire",
    "questionnaire_from_data",
    "questionnaire_warnings",
]

DEFAULT_QUESTIONNAIRE = "social-readiness"


def shipped_dir(name: str) -> Path:
    """A folder shipped with socialready (`questionnaires`, `examples`): inside the
    installed package, or, when running from a source checkout (editable install), the
    repository's own folder of that name."""
    packaged = Path(str(resources.files("socialready"))) / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def _builtin_dir() -> Path:
    return shipped_dir("questionnaires")


@cache
def _builtin_files() -> dict[str, dict[str, Path]]:
    """Built-in name → version → file. A built-in file is named `<id>@<version>.yaml`
    (`@` is never part of an id); a file named `<id>.yaml` is the only version of that
    id and answers to the name alone."""
    found: dict[str, dict[str, Path]] = {}
    for path in sorted(_builtin_dir().glob("*.yaml")):
        name, _, version = path.stem.partition("@")
        found.setdefault(name, {})[version] = path
    return found


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def builtin_questionnaires() -> list[str]:
    """Names of the questionnaires shipped with socialready (each may ship several versions,
    see `builtin_versions`)."""
    return sorted(_builtin_files())


def builtin_versions(name: str) -> list[str]:
    """The versions of the built-in questionnaire `name`, oldest first (empty when there
    is no built-in questionnaire of that name)."""
    return sorted((v for v in _builtin_files().get(name, {}) if v), key=_version_key)


def is_builtin(name: str) -> bool:
    """Whether `name` names a built-in questionnaire: `social-readiness` (its newest
    version) or `social-readiness@1.0.0` (that version)."""
    ident, at, version = name.partition("@")
    versions = _builtin_files().get(ident)
    if versions is None:
        return False
    return not at or version in versions


def load_questionnaire(name_or_path: str | Path | None = None) -> Questionnaire:
    """Load a questionnaire: the built-in one (no argument), a built-in one by name, or a file.

    A built-in name alone (`social-readiness`) means its newest version; `name@version`
    (`social-readiness@1.0.0`, as responses name the questionnaire they answer) means
    that version. A path ending in `.json` is read as JSON, anything else as YAML. A file
    that cannot be used raises `QuestionnaireError` listing every
    problem, each with file, line, column, field path and what was expected.
    """
    if name_or_path is None:
        name_or_path = DEFAULT_QUESTIONNAIRE
    if isinstance(name_or_path, str) and is_builtin(name_or_path):
        return _load_builtin(name_or_path)
    path = _files.input_path(name_or_path, "load_questionnaire", " or a built-in name")
    if _files.path_problem(path) is not None or _unknown(path):
        return _load_path(path)  # refused by the reader, with the reason
    if not path.exists():
        raise QuestionnaireError(
            [
                Problem(
                    "no such file, and no built-in questionnaire of that name",
                    source=str(name_or_path),
                    expected=f"a path to a YAML or JSON file, or one of: {builtin_listing()}",
                )
            ],
            source=str(name_or_path),
        )
    return _load_path(path)


def builtin_listing() -> str:
    """The built-in questionnaires, for a message: each name, then each name@version."""
    names = builtin_questionnaires()
    refs = [f"{n}@{v}" for n in names for v in builtin_versions(n)]
    return ", ".join([*names, *refs])


def _unknown(path: Path) -> bool:
    """Whether the system cannot say if `path` exists (a folder it may not enter)."""
    try:
        path.exists()
    except OSError:
        return True
    return False


@cache
def _load_builtin(name: str) -> Questionnaire:
    return _load_path(_builtin_path(name))


def _builtin_path(name: str) -> Path:
    """The file of a built-in questionnaire, by name (its newest version) or name@version."""
    ident, _, version = name.partition("@")
    versions = _builtin_files()[ident]
    if not version:  # the newest
        version = max(versions, key=_version_key)
    return versions[version]


def questionnaire_warnings(name_or_path: str | Path) -> list[Problem]:
    """What in a questionnaire that loads is allowed but likely a slip, located as load
    errors are (file, line, column, field path): a recommendation with neither
    `leads_to` nor `benefit`, or a kind of staffing gap without `benefit`, whose actions
    will show no expected gain. Raises `QuestionnaireError` as `load_questionnaire`
    does."""
    found = questionnaire_advice(load_questionnaire(name_or_path))
    if not found:
        return []
    if isinstance(name_or_path, str) and is_builtin(name_or_path):
        path = _builtin_path(name_or_path)
    else:
        path = _files.input_path(name_or_path, "questionnaire_warnings", " or a built-in name")
    document = _yaml.read(path, _files.QUESTIONNAIRE)
    return [place(problem, document) for problem in found]


def _load_path(path: Path) -> Questionnaire:
    try:
        document = _yaml.read(path, _files.QUESTIONNAIRE)
    except _yaml.ParseFailure as failure:
        raise QuestionnaireError(failure.problems, source=str(path)) from None
    return _from_document(document)


def questionnaire_from_data(
    data: Any, source: str | None = None, *, text: str | None = None
) -> Questionnaire:
    """Build a questionnaire from already-parsed data (a dict), or from YAML `text`.

    Runs the same checks as `load_questionnaire`; problems in a dict carry field paths
    but no line numbers.
    """
    if text is not None:
        try:
            document = _yaml.parse(text, source)
        except _yaml.ParseFailure as failure:
            raise QuestionnaireError(failure.problems, source=source) from None
    else:
        try:
            _yaml.check_data(data, source)
        except _yaml.ParseFailure as failure:
            raise QuestionnaireError(failure.problems, source=source) from None
        document = _yaml.Document(data=data, source=source)
    return _from_document(document)


def _from_document(document: _yaml.Document) -> Questionnaire:
    if not isinstance(document.data, Mapping):
        raise QuestionnaireError(
            [
                Problem(
                    f"the file holds {describe(document.data)}",
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
        problems = problems_from_validation(
            exc, document, fields=_fields(), tags=_TAGS, kinds=", ".join(QUESTION_KINDS)
        )
        # ids are checked on the data as written: a twin set aside still has its twin
        problems += [place(problem, document) for problem in duplicate_ids(document.data)]
        problems += _checks_despite_errors(exc, document)
        raise QuestionnaireError(problems, source=document.source) from None
    found = [*duplicate_ids(document.data), *check_questionnaire(questionnaire, ids=False)]
    problems = [place(problem, document) for problem in found]
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
            path = _original(data_path(error["loc"], data, _TAGS)[0], maps)
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
            place(replace(problem, path=_original(problem.path, maps)), document)
            for problem in check_questionnaire(
                questionnaire,
                ignore=ignored,
                levels=not any(p[0] in ("maturity_levels", "level_scales") for p in drop),
                texts=not any(p[0] == "languages" for p in drop),
                ids=False,
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
    """A copy of `node` without the parts at `drop`; `maps` records kept list indices."""
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
    """Every id found in the dropped parts of `data`."""
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


@cache
def _fields() -> frozenset[str]:
    return field_names([Questionnaire, AnswerTest, ScoreTest, ScoreRef, AllOf, AnyOf, NotOf])


_TAGS = frozenset({*QUESTION_KINDS, *CONDITION_TAGS})
