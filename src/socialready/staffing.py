"""Step 3: the roster of dedicated people, its responsibility matrix and its gaps.

The responsibilities, the fields read and the duties that need a backup all come from the
questionnaire's `staffing` rules; nothing here names a responsibility.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from ._kinds import kind_of
from ._prepared import PreparedStaffing, prepare
from ._records import build
from .assessment import Gap, Person, Staffing
from .questionnaire import Questionnaire

__all__ = ["Gap", "Person", "Staffing", "analyse_staffing", "person_key"]


def analyse_staffing(q: Questionnaire, answers: Mapping[str, Any]) -> Staffing | None:
    """The staffing analysis of the applicable `answers`, or `None` without rules.

    One pass over the roster collects, in roster order, who is accountable for each
    responsibility, who does the duties that need a backup, each person's total time share
    and the departments holding a responsibility; the gaps are read from those.
    """
    return analysed(prepare(q).staffing, answers)


def analysed(plan: PreparedStaffing | None, answers: Mapping[str, Any]) -> Staffing | None:
    """`analyse_staffing` by the prepared staffing rules (`None`: no rules)."""
    if plan is None:
        return None
    responsibilities = plan.responsibilities
    named = _departments_named(plan, answers)
    records = answers.get(plan.roster)
    if records is None:
        return build(Staffing, (False, responsibilities, (), named, ()))
    tally = _tally(plan, records)
    unneeded = (
        frozenset(duty for duty, needed in plan.needed if not needed(answers, None))
        if plan.needed
        else _NOTHING
    )
    gaps = _gaps(tally, named, unneeded)
    return build(Staffing, (True, responsibilities, tuple(tally.people), named, gaps))


_NOTHING: frozenset[str] = frozenset()


class _Tally(NamedTuple):
    """What the pass over the roster collects; people are keyed by `person_key`."""

    people: list[Person]
    """Each row, in roster order."""
    shown: dict[str, str]
    """One person may hold several rows: the name their first row gives."""
    owners: dict[str, list[str]]
    """Each responsibility → who is accountable for it, in roster order."""
    doers: dict[str, list[str]]
    """Each duty that needs a backup → who does it (R or A), in roster order."""
    load: dict[str, float]
    """Each person's total time share, for those whose rows give one."""
    holding: set[str]
    """The departments of the rows that hold some responsibility."""


def _tally(plan: PreparedStaffing, records: Iterable[Mapping[str, Any]]) -> _Tally:
    """One pass over the roster's `records`, in roster order."""
    name_field, department_field = plan.name_field, plan.department_field
    share_field, duties_field = plan.time_share_field, plan.duties_field
    owners: dict[str, list[str]] = {duty: [] for duty in plan.responsibilities}
    doers: dict[str, list[str]] = {duty: [] for duty in plan.backup_required}
    shown: dict[str, str] = {}
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
        people.append(build(Person, (name, department, share, roles)))
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
    return build(_Tally, (people, shown, owners, doers, load, holding))


def _gaps(tally: _Tally, named: tuple[str, ...], unneeded: frozenset[str]) -> tuple[Gap, ...]:
    """The gaps the tally shows, kind after kind: responsibilities without an owner or with
    several, duties without a backup, people over 100 %, named departments holding nothing.
    A responsibility the organisation does not need (`unneeded`) lacks no owner and no
    backup."""
    shown = tally.shown
    gaps: list[Gap] = []
    for duty, keys in tally.owners.items():
        if not keys:
            if duty not in unneeded:
                gaps.append(build(Gap, ("no_owner", duty, (), None, None)))
        elif len(keys) > 1:
            names = tuple(shown[k] for k in keys)
            gaps.append(build(Gap, ("several_owners", duty, names, None, None)))
    for duty, keys in tally.doers.items():
        if len(keys) == 1 and duty not in unneeded:
            gaps.append(build(Gap, ("no_backup", duty, (shown[keys[0]],), None, None)))
    for key, total in tally.load.items():
        if total > 100:
            gaps.append(build(Gap, ("overloaded", None, (shown[key],), None, total)))
    for department in named:
        if department not in tally.holding:
            gaps.append(build(Gap, ("idle_department", None, (), department, None)))
    return tuple(gaps)


def person_key(name: str) -> str:
    """How one person is recognised across roster rows: the name, whatever its case and spacing."""
    return " ".join(name.casefold().split())


def _departments_named(plan: PreparedStaffing, answers: Mapping[str, Any]) -> tuple[str, ...]:
    """Departments that step-3 answers name as involved, in the questionnaire's order."""
    named: set[str] = set()
    for question, excluded in plan.mentions:
        value = answers.get(question.id)
        if value is not None:
            named.update(kind_of(question).named(question, value, excluded))
    if not named:
        return ()
    return tuple(d for d in plan.departments if d in named)
