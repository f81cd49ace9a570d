"""Whole-questionnaire checks: what no single model can see on its own.

Each check yields :class:`~socialready.errors.Problem` objects with a field path; the
loader adds file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .conditions import AnswerTest, Condition, ScoreTest, iter_conditions
from .errors import Problem, format_path
from .questionnaire import (
    MatrixQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    Questionnaire,
    RosterQuestion,
    ScaleQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)

Path = tuple[str | int, ...]

__all__ = ["check_questionnaire"]


def check_questionnaire(
    q: Questionnaire,
    ignore: frozenset[str] = frozenset(),
    *,
    levels: bool = True,
    texts: bool = True,
) -> list[Problem]:
    """Every problem of ``q`` that needs the whole questionnaire to be seen.

    ``ignore`` holds ids of parts set aside because they were broken: references to them
    are not reported. ``levels=False`` skips the coverage of maturity levels (when one of
    them was set aside); ``texts=False`` skips the languages of texts (when the list of
    languages itself was broken).
    """
    problems = [
        *_unique_ids(q),
        *(_texts(q, q.languages) if texts else ()),
        *_questions(q),
        *_recommendations(q),
    ]
    if levels:
        problems += _levels(q)
    return [p for p in problems if not (ignore and _refers_to(p, ignore))]


def _refers_to(problem: Problem, ignore: frozenset[str]) -> bool:
    return any(repr(ident) in problem.message for ident in ignore)


def _quote(values: Any) -> str:
    return ", ".join(repr(v) for v in values)


def _unique_ids(q: Questionnaire) -> Iterator[Problem]:
    seen: dict[str, Path] = {}
    entries: list[tuple[str, Path]] = []
    for group in ("dimensions", "departments", "maturity_levels", "recommendations"):
        entries += [(item.id, (group, i, "id")) for i, item in enumerate(getattr(q, group))]
    for s, step in enumerate(q.steps):
        entries.append((step.id, ("steps", s, "id")))
        for c, section in enumerate(step.sections):
            entries.append((section.id, ("steps", s, "sections", c, "id")))
            for n, question in enumerate(section.questions):
                entries.append((question.id, ("steps", s, "sections", c, "questions", n, "id")))
    for ident, path in entries:
        if ident in seen:
            yield Problem(
                f"id {ident!r} is already used at {format_path(seen[ident])}",
                path=path,
                expected="ids unique across the questionnaire",
            )
        else:
            seen[ident] = path


def _texts(model: BaseModel, languages: list[str], path: Path = ()) -> Iterator[Problem]:
    """In a questionnaire, every dict-valued field is a user-facing text."""
    for name, info in type(model).model_fields.items():
        key = info.alias or name
        value = getattr(model, name)
        yield from _texts_in(value, languages, (*path, key))


def _texts_in(value: Any, languages: list[str], path: Path) -> Iterator[Problem]:
    if isinstance(value, BaseModel):
        yield from _texts(value, languages, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts_in(item, languages, (*path, i))
    elif isinstance(value, dict):
        missing = [lang for lang in languages if lang not in value]
        extra = [lang for lang in value if lang not in languages]
        if missing:
            yield Problem(
                f"text missing in {_quote(missing)}",
                path=path,
                expected=f"a text in each language of the questionnaire: {_quote(languages)}",
            )
        for lang in extra:
            yield Problem(
                f"text in undeclared language {lang!r}",
                path=(*path, lang),
                expected=f"only the declared languages {_quote(languages)}",
            )
        for lang, text in value.items():
            if isinstance(text, str) and not text.strip():
                yield Problem("text is blank", path=(*path, lang), expected="some words")


def _levels(q: Questionnaire) -> Iterator[Problem]:
    expected_from = 0.0
    for i, level in enumerate(q.maturity_levels):
        if level.from_ != expected_from:
            gap = "overlaps the previous level" if level.from_ < expected_from else "leaves a gap"
            yield Problem(
                f"level starts at {level.from_:g}: {gap}",
                path=("maturity_levels", i, "from"),
                expected=f"from: {expected_from:g}, levels in increasing order covering 0–100",
            )
        expected_from = level.to
    last = q.maturity_levels[-1]
    if last.to != 100:
        yield Problem(
            f"the last level stops at {last.to:g}",
            path=("maturity_levels", len(q.maturity_levels) - 1, "to"),
            expected="to: 100, so that levels cover 0–100",
        )


def _questions(q: Questionnaire) -> Iterator[Problem]:
    dimensions = {d.id for d in q.dimensions}
    earlier: dict[str, Question] = {}
    for s, step in enumerate(q.steps):
        for c, section in enumerate(step.sections):
            for n, question in enumerate(section.questions):
                path: Path = ("steps", s, "sections", c, "questions", n)
                for d, dim in enumerate(question.dimensions):
                    if dim not in dimensions:
                        yield Problem(
                            f"unknown dimension {dim!r}",
                            path=(*path, "dimensions", d),
                            expected=f"one of {_quote(sorted(dimensions))}",
                        )
                yield from _scoring(question, path)
                if question.when is not None:
                    yield from _condition(question.when, (*path, "when"), q, earlier, in_when=True)
                earlier[question.id] = question


def _scoring(question: Question, path: Path) -> Iterator[Problem]:
    if isinstance(question, TextQuestion | RosterQuestion):
        if question.weight:
            kind = "free text" if isinstance(question, TextQuestion) else "a roster"
            yield Problem(
                f"{kind} is never scored, yet weight is {question.weight:g}",
                path=(*path, "weight"),
                expected="weight: 0 or no weight",
            )
    elif question.weight > 0 and question.max_points <= 0:
        hint = "bands" if isinstance(question, NumberQuestion) else "points"
        yield Problem(
            f"weight is {question.weight:g} but no answer gives any points",
            path=(*path, "weight"),
            expected=f"{hint} that reward some answer, or weight: 0 for an unscored question",
        )
    if question.dimensions and not question.scored:
        yield Problem(
            "an unscored question counts in no dimension",
            path=(*path, "dimensions"),
            expected="no dimensions, or a weight and points",
        )


def _condition(
    condition: Condition,
    path: Path,
    q: Questionnaire,
    earlier: dict[str, Question],
    *,
    in_when: bool,
) -> Iterator[Problem]:
    for leaf_path, leaf in iter_conditions(condition, path):
        if isinstance(leaf, ScoreTest):
            if in_when:
                yield Problem(
                    "a when: condition cannot test a score (scores depend on the answers)",
                    path=(*leaf_path, "score"),
                    expected="a test on an earlier answer",
                )
            else:
                yield from _score_ref(leaf, leaf_path, q)
        else:
            yield from _answer_test(leaf, leaf_path, q, earlier, in_when=in_when)


def _score_ref(test: ScoreTest, path: Path, q: Questionnaire) -> Iterator[Problem]:
    kind, ident = test.score.scope
    known: dict[str, set[str]] = {
        "step": {s.id for s in q.steps},
        "section": {c.id for s in q.steps for c in s.sections},
        "dimension": {d.id for d in q.dimensions},
    }
    if kind in known and ident not in known[kind]:
        yield Problem(
            f"unknown {kind} {ident!r}",
            path=(*path, "score", kind),
            expected=f"one of {_quote(sorted(known[kind]))}",
        )


_OPERATORS_BY_KIND: dict[type[Any], tuple[str, ...]] = {
    SingleChoiceQuestion: ("equals", "in", "answered"),
    MultipleChoiceQuestion: ("includes", "in", "answered"),
    ScaleQuestion: ("equals", "in", "at_least", "at_most", "answered"),
    YesNoQuestion: ("equals", "answered"),
    NumberQuestion: ("equals", "in", "at_least", "at_most", "answered"),
    MatrixQuestion: ("equals", "in", "answered"),
    TextQuestion: ("answered",),
    RosterQuestion: ("at_least", "at_most", "answered"),
}


def _answer_test(
    test: AnswerTest,
    path: Path,
    q: Questionnaire,
    earlier: dict[str, Question],
    *,
    in_when: bool,
) -> Iterator[Problem]:
    target = (earlier if in_when else q.questions).get(test.question)
    if target is None:
        if in_when and test.question in q.questions:
            yield Problem(
                f"question {test.question!r} comes later in the questionnaire",
                path=(*path, "question"),
                expected="a question asked before this one",
            )
        else:
            yield Problem(
                f"unknown question {test.question!r}",
                path=(*path, "question"),
                expected="the id of a question of this questionnaire",
            )
        return
    operator = test.operator
    allowed = _OPERATORS_BY_KIND[type(target)]
    if operator not in allowed:
        yield Problem(
            f"operator {operator!r} does not apply to a {target.kind} question",
            path=(*path, operator),
            expected=f"one of {_quote(allowed)}",
        )
        return
    if test.row is not None:
        if not isinstance(target, MatrixQuestion):
            yield Problem(
                f"row given, but {target.id!r} is not a matrix question",
                path=(*path, "row"),
                expected="no row",
            )
        elif test.row not in {r.id for r in target.rows}:
            yield Problem(
                f"unknown row {test.row!r} of {target.id!r}",
                path=(*path, "row"),
                expected=f"one of {_quote(r.id for r in target.rows)}",
            )
    operand = test.operand(operator)
    if operator in ("equals", "in", "includes"):
        values = operand if isinstance(operand, list) else [operand]
        for i, value in enumerate(values):
            where = (*path, operator, i) if isinstance(operand, list) else (*path, operator)
            problem = _value_fits(target, value)
            if problem:
                yield Problem(problem[0], path=where, expected=problem[1])


def _value_fits(target: Question, value: Any) -> tuple[str, str] | None:
    if isinstance(target, SingleChoiceQuestion | MultipleChoiceQuestion | MatrixQuestion):
        ids = [o.id for o in target.options]
        if value not in ids or not isinstance(value, str):
            return f"{value!r} is not an option of {target.id!r}", f"one of {_quote(ids)}"
    elif isinstance(target, YesNoQuestion):
        if not isinstance(value, bool):
            return f"{value!r} is not an answer to a yes/no question", "true or false"
    elif isinstance(target, ScaleQuestion):
        values = [p.value for p in target.scale]
        if isinstance(value, bool) or value not in values:
            return f"{value!r} is not a value of the scale of {target.id!r}", f"one of {values}"
    elif isinstance(target, NumberQuestion) and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        return f"{value!r} is not a number", "a number"
    return None


def _recommendations(q: Questionnaire) -> Iterator[Problem]:
    steps = [s.id for s in q.steps]
    departments = [d.id for d in q.departments]
    for i, rec in enumerate(q.recommendations):
        path: Path = ("recommendations", i)
        if rec.step not in steps:
            yield Problem(
                f"unknown step {rec.step!r}",
                path=(*path, "step"),
                expected=f"one of {_quote(steps)}",
            )
        if rec.owner not in departments:
            yield Problem(
                f"unknown department {rec.owner!r}",
                path=(*path, "owner"),
                expected=(
                    f"one of {_quote(departments)}"
                    if departments
                    else "a department declared under departments:"
                ),
            )
        yield from _condition(rec.when, (*path, "when"), q, {}, in_when=False)
