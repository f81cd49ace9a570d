"""Carrying answers from one version of a built-in questionnaire to a newer one.

How each answer moves is data, shipped with the package: one table per step,
`questionnaires/migrations/<id>@<from>..<to>.yaml`. Answers whose meaning is the same are
carried; the others are listed, located in the responses file (line, column, question id)
with the reason they could not be carried.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from . import _files, _yaml
from ._base import Id, StrictModel
from ._located import place, problems_from_validation
from .errors import Problem, ResponsesError
from .loading import builtin_versions, load_questionnaire, shipped_dir
from .questionnaire import Questionnaire
from .responses import Responses, left_to_ask, load_responses

__all__ = ["Migration", "MigrationTable", "migrate_responses", "migration_table"]

Answer = str | bool


class AnswerRule(StrictModel):
    """One old answer and what it becomes (nothing: it cannot be carried)."""

    old: Answer
    new: Answer | None = None


class QuestionMove(StrictModel):
    """How the answer to one old question moves to the new version."""

    to: list[Id] | None = Field(
        default=None, description="The new questions that receive it (default: the same id)."
    )
    answers: list[AnswerRule] = Field(default_factory=list)
    dropped: bool = False
    reason: str | None = Field(default=None, description="Why what is left cannot be carried.")


class MigrationTable(StrictModel):
    """How the answers to `questionnaire@from_version` are carried to `to_version`."""

    questionnaire: Id
    from_version: str
    to_version: str
    questions: dict[Id, QuestionMove] = Field(default_factory=dict)


@dataclass(frozen=True)
class Migration:
    """The result of `migrate_responses`.

    `data` is the responses file for the new version, as a dict (its header kept, its
    answers carried), and `responses` the same, validated against the new version;
    `not_carried` lists, located in the original file, each answer or
    part of an answer that could not be carried, and why; `to_answer` names the questions
    of the new version that apply and still have no answer.
    """

    data: dict[str, Any]
    responses: Responses
    not_carried: tuple[Problem, ...]
    to_answer: tuple[str, ...]


def _migrations_dir() -> Path:
    return shipped_dir("questionnaires") / "migrations"


def migration_table(questionnaire: str, from_version: str, to_version: str) -> MigrationTable:
    """The shipped table that carries answers from one version to the next."""
    path = _migrations_dir() / f"{questionnaire}@{from_version}..{to_version}.yaml"
    try:
        document = _yaml.read(path, _files.MIGRATION)
        return MigrationTable.model_validate(document.data)
    except _yaml.ParseFailure as failure:  # pragma: no cover - a shipped file is tested
        raise ResponsesError(failure.problems, source=str(path)) from None
    except ValidationError as exc:  # pragma: no cover - a shipped file is tested
        problems = problems_from_validation(exc, document, fields=frozenset(), tags=frozenset())
        raise ResponsesError(problems, source=str(path)) from None


def migrate_responses(source: str | Path, to_version: str | None = None) -> Migration:
    """Carry the answers of the responses file `source` to `to_version` of the
    built-in questionnaire they answer (default: its newest version).

    The file must be valid against the version it names (else
    `ResponsesError`, as `load_responses` raises).
    The migrated answers are checked against the new version; an answer it refuses is
    listed in `not_carried` with the reason, like those the table cannot carry.
    """
    path = _files.input_path(source, "migrate_responses")
    old = load_responses(path)
    ident, _, version = old.questionnaire.partition("@")
    versions = builtin_versions(ident)
    target = to_version or (versions[-1] if versions else version)
    if target not in versions or version not in versions:
        expected = ", ".join(versions) or "a built-in questionnaire"
        problem = Problem(
            f"no built-in version {target} of {ident} to migrate {old.questionnaire} to",
            source=str(path),
            path=("questionnaire",),
            expected=f"one of {expected}",
        )
        raise ResponsesError([problem], source=str(path))
    document = _yaml.read(path, _files.RESPONSES)
    raw = document.data
    answers: Mapping[str, Any] = raw.get("answers") or {}
    problems: list[Problem] = []
    chain = versions[versions.index(version) : versions.index(target) + 1]
    for step_from, step_to in pairwise(chain):
        table = migration_table(ident, step_from, step_to)
        answers = _carry(answers, table, load_questionnaire(f"{ident}@{step_to}"), problems)
    new_q = load_questionnaire(f"{ident}@{target}")
    data = {key: value for key, value in raw.items() if key != "answers"}
    data["questionnaire"] = new_q.ref
    data["answers"] = dict(answers)
    responses = _checked(data, new_q, problems)
    placed = tuple(place(p, document) for p in problems)
    return Migration(
        data=data,
        responses=responses,
        not_carried=placed,
        to_answer=left_to_ask(responses, new_q),
    )


def _carry(
    answers: Mapping[str, Any],
    table: MigrationTable,
    new_q: Questionnaire,
    problems: list[Problem],
) -> dict[str, Any]:
    carried: dict[str, Any] = {}
    for qid, entry in answers.items():
        at: tuple[str | int, ...] = ("answers", qid)
        annotated = isinstance(entry, Mapping) and "value" in entry
        value = entry["value"] if annotated else entry
        move = table.questions.get(qid, QuestionMove())
        why = move.reason or "its meaning changed in the new version"
        if move.dropped:
            problems.append(Problem(f"{qid}: not carried: {why}", path=at))
            continue
        rules = {_key(rule.old): rule.new for rule in move.answers}
        inner = (*at, "value") if annotated else at
        new_value = _moved(qid, value, rules, inner, why, problems)
        if new_value is None:
            continue
        for target in move.to or [qid]:
            if target not in new_q.questions:
                problems.append(
                    Problem(f"{qid}: not carried: {new_q.ref} no longer asks it", path=at)
                )
                continue
            carried[target] = {**entry, "value": new_value} if annotated else new_value
    return carried


def _key(answer: Answer) -> str:
    return f"bool:{answer}" if isinstance(answer, bool) else answer


def _moved(
    qid: str,
    value: Any,
    rules: dict[str, Answer | None],
    at: tuple[str | int, ...],
    why: str,
    problems: list[Problem],
) -> Any:
    """`value` with every part the rules map, carried; `None` when nothing is left."""

    def one(part: Any, where: tuple[str | int, ...], label: str) -> tuple[bool, Any]:
        if not isinstance(part, str | bool):
            return True, part
        key = _key(part)
        if key not in rules:
            return True, part
        new = rules[key]
        if new is None:
            shown = str(part).lower() if isinstance(part, bool) else part
            problems.append(Problem(f"{label}: {shown} not carried: {why}", path=where))
            return False, None
        return True, new

    if isinstance(value, Mapping):  # a matrix: row by row
        rows = {}
        for row, cell in value.items():
            keep, new = one(cell, (*at, row), f"{qid}.{row}")
            if keep:
                rows[row] = new
        return rows or None
    if isinstance(value, list):  # a multiple choice: option by option
        kept = []
        for index, item in enumerate(value):
            keep, new = one(item, (*at, index), qid)
            if keep:
                kept.append(new)
        return kept or None
    keep, new = one(value, at, qid)
    return new if keep else None


def _checked(data: dict[str, Any], new_q: Questionnaire, problems: list[Problem]) -> Responses:
    """The migrated responses, validated; an answer the new version refuses is set aside
    and listed with the reason it gives."""
    for _ in range(3):
        try:
            return load_responses(data, new_q)
        except ResponsesError as error:
            answers = data["answers"]
            refused = False
            for problem in error.problems:
                if len(problem.path) >= 2 and problem.path[0] == "answers":
                    qid = str(problem.path[1])
                    if qid in answers:
                        del answers[qid]
                        refused = True
                    problems.append(
                        Problem(f"{qid}: not carried: {problem.message}", path=problem.path[:2])
                    )
            if not refused:
                raise
    return load_responses(data, new_q)


def migrated_text(migration: Migration) -> str:
    """The migrated responses as the text of a YAML responses file."""
    import yaml

    head = (
        f"# Carried to {migration.data['questionnaire']} by `socialready migrate`;"
        " see its report for the answers it could not carry.\n"
    )
    body = yaml.safe_dump(
        migration.data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
    return head + body
