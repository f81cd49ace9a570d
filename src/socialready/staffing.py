"""Step 3: the roster of dedicated people, its responsibility matrix and its gaps.

The responsibilities, the fields read and the duties that need a backup all come from the
questionnaire's ``staffing`` rules; nothing here names a responsibility.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from ._records import record
from .questionnaire import (
    GapKind,
    MatrixQuestion,
    MultipleChoiceQuestion,
    Questionnaire,
    RosterQuestion,
    SingleChoiceQuestion,
)

__all__ = ["Gap", "Person", "Staffing", "analyse_staffing", "person_key"]


@record
class Person(NamedTuple):
    """One record of the roster."""

    name: str
    department: str | None
    time_share: float | None
    roles: dict[str, str]
    """Responsibility id → role letters (``R``, ``A``, ``C``, ``I``, or several)."""


@record
class Gap(NamedTuple):
    """A weakness of the roster; each becomes an action item."""

    kind: GapKind
    responsibility: str | None = None
    people: tuple[str, ...] = ()
    department: str | None = None
    share: float | None = None


@record
class Staffing(NamedTuple):
    """The responsibility matrix (responsibilities × people, roles in cells) and its gaps."""

    roster_answered: bool
    responsibilities: tuple[str, ...]
    people: tuple[Person, ...]
    departments_named: tuple[str, ...]
    """Departments that step-3 answers say are involved."""
    gaps: tuple[Gap, ...]


def analyse_staffing(q: Questionnaire, answers: Mapping[str, Any]) -> Staffing | None:
    """The staffing analysis of the applicable ``answers``, or ``None`` without rules."""
    rules = q.staffing
    if rules is None:
        return None
    roster = q.questions[rules.roster]
    assert isinstance(roster, RosterQuestion)  # guaranteed by the questionnaire checks
    duties = next(f for f in roster.fields if f.id == rules.responsibilities_field).options
    responsibilities = tuple(o.id for o in duties)
    records = answers.get(rules.roster)
    named = _departments_named(q, answers)
    if records is None:
        return Staffing(False, responsibilities, (), named, ())
    people = tuple(
        Person(
            name=str(r[rules.name_field]).strip(),
            department=r.get(rules.department_field) if rules.department_field else None,
            time_share=r.get(rules.time_share_field) if rules.time_share_field else None,
            roles=dict(r.get(rules.responsibilities_field) or {}),
        )
        for r in records
    )
    # one person may hold several rows: a name is the same whatever its case and spacing
    shown: dict[str, str] = {}
    for person in people:
        shown.setdefault(person_key(person.name), person.name)

    def holders(duty: str, letters: str) -> tuple[str, ...]:
        keys = dict.fromkeys(
            person_key(p.name) for p in people if set(p.roles.get(duty, "")) & set(letters)
        )
        return tuple(shown[k] for k in keys)

    gaps: list[Gap] = []
    for duty in responsibilities:
        owners = holders(duty, "A")
        if not owners:
            gaps.append(Gap("no_owner", responsibility=duty))
        elif len(owners) > 1:
            gaps.append(Gap("several_owners", responsibility=duty, people=owners))
    for duty in rules.backup_required:
        doers = holders(duty, "RA")
        if len(doers) == 1:
            gaps.append(Gap("no_backup", responsibility=duty, people=doers))
    load: dict[str, float] = {}
    for person in people:
        if person.time_share is not None:
            key = person_key(person.name)
            load[key] = load.get(key, 0.0) + person.time_share
    gaps += [
        Gap("overloaded", people=(shown[key],), share=share)
        for key, share in load.items()
        if share > 100
    ]
    holding = {p.department for p in people if p.department and any(p.roles.values())}
    gaps += [Gap("idle_department", department=d) for d in named if d not in holding]
    return Staffing(True, responsibilities, people, named, tuple(gaps))


def person_key(name: str) -> str:
    """How one person is recognised across roster rows: the name, whatever its case and spacing."""
    return " ".join(name.casefold().split())


def _departments_named(q: Questionnaire, answers: Mapping[str, Any]) -> tuple[str, ...]:
    rules = q.staffing
    assert rules is not None
    departments = [d.id for d in q.departments]
    named: set[str] = set()
    for mention in rules.department_mentions:
        value = answers.get(mention.question)
        if value is None:
            continue
        question = q.questions[mention.question]
        excluded = set(mention.except_)
        if isinstance(question, MatrixQuestion):
            named |= {row for row, option in value.items() if option not in excluded}
        elif isinstance(question, MultipleChoiceQuestion):
            named |= {v for v in value if v not in excluded}
        elif isinstance(question, SingleChoiceQuestion) and value not in excluded:
            named.add(value)
    return tuple(d for d in departments if d in named)
