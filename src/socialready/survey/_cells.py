"""What reading a survey export asks of a question's kind: every question-class test of the
survey package is here.

The ladders were moved as they were from ``survey.py``; the module of question kinds is to
take them over (one "read a survey cell" per kind), after which this module goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._cells import normal, number_cell, option_table, split
from ..questionnaire import (
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
from .mapping import QuestionColumn

__all__ = ["answer", "cell", "label_table", "matrix_rows", "roster_question", "rosters"]


def label_table(question: Question, extra: dict[str, str]) -> dict[str, Any]:
    """Cell text (normalised) → answer value, for the options or scale points of ``question``
    and the mapping's own ``extra`` labels."""
    table = option_table(getattr(question, "options", None) or [], {})
    if isinstance(question, ScaleQuestion):
        for point in question.scale:
            for label in point.label.values():
                table.setdefault(normal(label), point.value)
    table.update({normal(k): v for k, v in extra.items()})
    return table


def cell(question: Question, text: str, labels: dict[str, Any], separator: str) -> Any:
    """The answer value of one cell, as load_responses() expects it (it checks the rest)."""
    value = text.strip()
    if isinstance(question, SingleChoiceQuestion):
        return labels.get(normal(value), value)
    if isinstance(question, MultipleChoiceQuestion):
        whole = labels.get(normal(value))
        if whole is not None:  # a single label that contains the separator
            return [whole]
        return [labels.get(normal(p), p) for p in split(value, separator)]
    if isinstance(question, YesNoQuestion):
        word = normal(value)
        if word in labels:  # the mapping's own labels: {Sí: yes}
            return cell(question, str(labels[word]), {}, separator)
        if word in ("1", "vrai", "true", "yes", "oui", "y", "o"):
            return True
        if word in ("0", "faux", "false", "no", "non", "n"):
            return False
        return value
    if isinstance(question, ScaleQuestion) and normal(value) in labels:
        return labels[normal(value)]
    if isinstance(question, ScaleQuestion | NumberQuestion):
        return number_cell(value)
    if isinstance(question, TextQuestion):
        return value
    return value


def answer(
    question: Question,
    spec: QuestionColumn,
    get: Callable[[str], str],
    labels: dict[str, Any],
    separator: str,
) -> Any | None:
    """The answer to ``question`` in one row (``get`` gives a column's cell), or None when
    its cells are empty."""
    if isinstance(question, MatrixQuestion):
        value = {
            row: labels.get(normal(get(col)), get(col))
            for row, col in spec.rows.items()
            if get(col)
        }
        return value or None
    if spec.column and get(spec.column):
        return cell(question, get(spec.column), labels, separator)
    return None


def matrix_rows(question: Question) -> list[str] | None:
    """The row ids of a matrix question; None for a question of another kind."""
    if isinstance(question, MatrixQuestion):
        return [r.id for r in question.rows]
    return None


def rosters(questionnaire: Questionnaire) -> list[str]:
    """The ids of the roster questions of ``questionnaire``."""
    return [x.id for x in questionnaire.questions.values() if isinstance(x, RosterQuestion)]


def roster_question(question: Question | None) -> RosterQuestion | None:
    """``question`` when it is a roster question."""
    return question if isinstance(question, RosterQuestion) else None
