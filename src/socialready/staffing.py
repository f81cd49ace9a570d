"""Step 3: the roster of dedicated people, its responsibility matrix and its gaps.

The responsibilities, the fields read and the duties that need a backup all come from the
questionnaire's ``staffing`` rules; nothing here names a responsibility.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from ._cache import per_questionnaire
from ._kinds import as_roster, kind_of
from ._records import record
from .questionnaire import GapKind, Questionnaire

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


class _Plan:
    """What the analysis needs from one questionnaire's staffing rules, prepared once."""

    def __init__(self, q: Questionnaire) -> None:
        rules = q.staffing
        assert rules is not None
        roster = as_roster(q.questions[rules.roster])
        assert roster is not None  # guaranteed by the questionnaire checks
        duties = next(f for f in roster.fields if f.id == rules.responsibilities_field).options
        self.roster = rules.roster
        self.responsibilities = tuple(o.id for o in duties)
        self.backup_required = tuple(rules.backup_required)
        self.name_field = rules.name_field
        self.department_field = rules.department_field
        self.time_share_field = rules.time_share_field
        self.duties_field = rules.responsibilities_field
        self.departments = tuple(d.id for d in q.departments)
        self.mentions = [
            (q.questions[mention.question], frozenset(mention.except_))
            for mention in rules.department_mentions
        ]
        """The questions whose answers name departments, with the options that do not."""


_plan: Callable[[Questionnaire], _Plan] = per_questionnaire(_Plan)

_new = tuple.__new__
"""Builds a record from a tuple, without the keyword handling of its ``__new__``."""


def analyse_staffing(q: Questionnaire, answers: Mapping[str, Any]) -> Staffing | None:
    """The staffing analysis of the applicable ``answers``, or ``None`` without rules.

    One pass over the roster collects, in roster order, who is accountable for each
    responsibility, who does the duties that need a backup, each person's total time share
    and the departments holding a responsibility; the gaps are read from those.
    """
    if q.staffing is None:
        return None
    plan = _plan(q)
    responsibilities = plan.responsibilities
    named = _departments_named(plan, answers)
    records = answers.get(plan.roster)
    if records is None:
        return _new(Staffing, (False, responsibilities, (), named, ()))
    name_field, department_field = plan.name_field, plan.department_field
    share_field, duties_field = plan.time_share_field, plan.duties_field
    owners: dict[str, list[str]] = {duty: [] for duty in responsibilities}
    doers: dict[str, list[str]] = {duty: [] for duty in plan.backup_required}
    shown: dict[str, str] = {}  # one person may hold several rows: the first name shown
    load: dict[str, float] = {}
    holding: set[str] = set()
    people = []
    for r in records:
        name = str(r[name_field]).strip()
        key = person_key(name)
        if key not in shown:
            shown[key] = name
        department = r.get(department_field) if department_field else None
        share = r.get(share_field) if share_field else None
        roles = r.get(duties_field)
        roles = dict(roles) if roles else {}
        people.append(_new(Person, (name, department, share, roles)))
        if share is not None:
            load[key] = load.get(key, 0.0) + share
        for duty, letters in roles.items():
            if not letters:
                continue
            if department:
                holding.add(department)
            if "A" in letters:
                accountable = owners.get(duty)
                if accountable is not None and key not in accountable:
                    accountable.append(key)
            if "R" in letters or "A" in letters:
                doing = doers.get(duty)
                if doing is not None and key not in doing:
                    doing.append(key)
    gaps: list[Gap] = []
    for duty, keys in owners.items():
        if not keys:
            gaps.append(_new(Gap, ("no_owner", duty, (), None, None)))
        elif len(keys) > 1:
            names = tuple(shown[k] for k in keys)
            gaps.append(_new(Gap, ("several_owners", duty, names, None, None)))
    for duty, keys in doers.items():
        if len(keys) == 1:
            gaps.append(_new(Gap, ("no_backup", duty, (shown[keys[0]],), None, None)))
    for key, total in load.items():
        if total > 100:
            gaps.append(_new(Gap, ("overloaded", None, (shown[key],), None, total)))
    for department in named:
        if department not in holding:
            gaps.append(_new(Gap, ("idle_department", None, (), department, None)))
    return _new(Staffing, (True, responsibilities, tuple(people), named, tuple(gaps)))


def person_key(name: str) -> str:
    """How one person is recognised across roster rows: the name, whatever its case and spacing."""
    return " ".join(name.casefold().split())


def _departments_named(plan: _Plan, answers: Mapping[str, Any]) -> tuple[str, ...]:
    """Departments that step-3 answers name as involved, in the questionnaire's order."""
    named: set[str] = set()
    for question, excluded in plan.mentions:
        value = answers.get(question.id)
        if value is not None:
            named.update(kind_of(question).named(question, value, excluded))
    if not named:
        return ()
    return tuple(d for d in plan.departments if d in named)
