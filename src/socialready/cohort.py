"""Many assessments side by side: a cohort's distribution, and one assessment against another.

`gather` reads the inputs of many assessments (responses files, and the rows of survey
exports), `assess_input` scores one of them against the questionnaire it answers, and
`latest_per_organisation` keeps one assessment of each organisation. `Cohort` places each
organisation among the others (percentile ranks, quartiles, level counts, most frequent
actions) and turns the cohort into a pandas table. `compare` tells what changed between
two assessments of the same organisation.
"""

from __future__ import annotations

import html
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from ._records import record
from .errors import SocialReadyError, excerpt
from .questionnaire import Questionnaire, localised
from .responses import Responses, load_responses, questionnaire_for
from .scoring import Assessment, assess
from .staffing import person_key

if TYPE_CHECKING:
    import pandas

__all__ = [
    "Cohort",
    "Comparison",
    "Delta",
    "Quartiles",
    "assess_input",
    "compare",
    "latest_per_organisation",
    "organisation_key",
]

ScoreKey = tuple[str, str]
"""(kind, id): `("overall", "overall")`, `("step", id)`, `("section", id)` or
`("dimension", id)`."""

OVERALL: ScoreKey = ("overall", "overall")


def _scores(a: Assessment) -> dict[ScoreKey, float | None]:
    scores: dict[ScoreKey, float | None] = {OVERALL: a.overall.score}
    for kind, table in (("step", a.steps), ("section", a.sections), ("dimension", a.dimensions)):
        scores.update({(kind, ident): s.score for ident, s in table.items()})
    return scores


def assess_input(
    item: str | Path | Responses | Assessment, questionnaire: Questionnaire | None = None
) -> Assessment:
    """The assessment of one input: a responses file read and validated, or `Responses`,
    scored against `questionnaire` or else the built-in one they name (see
    `questionnaire_for`); an `Assessment` as it is.

    Raises `ResponsesError` (or another
    `SocialReadyError`) naming the input when it cannot be assessed.
    The warnings of a file read here are in `assessment.responses.warnings`.
    """
    if isinstance(item, Assessment):
        return item
    responses = item if isinstance(item, Responses) else load_responses(item, questionnaire)
    return assess(questionnaire_for(responses, questionnaire), responses)


def organisation_key(a: Assessment) -> str:
    """How an organisation is recognised across assessments: its name, whatever its case
    and spacing (as a person across roster rows)."""
    return person_key(a.responses.organisation.name)


def latest_per_organisation(
    assessments: Iterable[Assessment],
) -> tuple[list[Assessment], list[Assessment]]:
    """The latest assessment of each organisation, in the order given, and the others.

    Of two assessments of one organisation on the same date, the first given is kept.
    """
    latest: dict[str, Assessment] = {}
    given = list(assessments)
    for a in given:
        key = organisation_key(a)
        if key not in latest or a.responses.date > latest[key].responses.date:
            latest[key] = a
    kept = {id(a) for a in latest.values()}
    return [a for a in given if id(a) in kept], [a for a in given if id(a) not in kept]


class Quartiles(NamedTuple):
    """The spread of one score across a cohort."""

    n: int
    """How many organisations have this score."""
    low: float
    q1: float
    median: float
    q3: float
    high: float


class Cohort:
    """Assessments of several organisations against one questionnaire, one each."""

    def __init__(self, assessments: Iterable[Assessment]) -> None:
        self.assessments = list(assessments)
        if not self.assessments:
            raise SocialReadyError("a cohort needs at least one assessment")
        first = self.assessments[0].questionnaire
        strangers = [
            a.responses.organisation.name
            for a in self.assessments
            if a.questionnaire.fingerprint != first.fingerprint
        ]
        if strangers:
            raise SocialReadyError(
                f"a cohort compares answers to one questionnaire ({first.ref}); these were"
                f" scored against another: {', '.join(strangers)}"
            )
        seen: dict[str, Assessment] = {}
        for a in self.assessments:
            key = organisation_key(a)
            other = seen.get(key)
            if other is not None:
                raise SocialReadyError(
                    f"{excerpt(a.responses.organisation.name)} is in the cohort twice (assessed on"
                    f" {other.responses.date.isoformat()} and {a.responses.date.isoformat()}):"
                    " each organisation counts once; latest_per_organisation() keeps the"
                    " latest assessment of each"
                )
            seen[key] = a
        self.questionnaire = first
        self._scores = [_scores(a) for a in self.assessments]

    def __len__(self) -> int:
        return len(self.assessments)

    def __repr__(self) -> str:
        quartiles = self.quartiles()
        median = "None" if quartiles is None else f"{quartiles.median:.1f}"
        return (
            f"Cohort({len(self)} organisation{'s' if len(self) != 1 else ''},"
            f" questionnaire={excerpt(self.questionnaire.ref)}, median={median})"
        )

    def _repr_html_(self) -> str:
        """What Jupyter shows for a cohort: each organisation, its date, overall score and
        level, best score first (plain HTML, escaped; no report needed)."""
        levels = {level.id: level.name for level in self.questionnaire.overall_levels}
        lang = self.questionnaire.languages[0]
        ranked = sorted(self.assessments, key=lambda a: -(a.overall.score or 0.0))
        rows = "".join(
            "<tr><td>{}</td><td>{}</td><td style='text-align:right'>{}</td><td>{}</td></tr>".format(
                html.escape(a.responses.organisation.name),
                a.responses.date.isoformat(),
                "–" if a.overall.score is None else f"{a.overall.score:.0f}",
                html.escape(localised(levels[a.overall.level], lang))
                if a.overall.level in levels
                else "–",
            )
            for a in ranked
        )
        return (
            f"<div><b>{html.escape(repr(self))}</b><table><thead><tr><th>organisation</th>"
            "<th>date</th><th>score</th><th>level</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )

    def __iter__(self) -> Iterator[Assessment]:
        return iter(self.assessments)

    @property
    def keys(self) -> list[ScoreKey]:
        """Every score of the questionnaire, overall first."""
        return list(self._scores[0])

    def values(self, key: ScoreKey = OVERALL) -> list[float]:
        """The scores of the organisations that have one, for `key`."""
        return [s[key] for s in self._scores if s.get(key) is not None]  # type: ignore[misc]

    def quartiles(self, key: ScoreKey = OVERALL) -> Quartiles | None:
        """Median and quartiles of a score (`None` when nobody has it)."""
        values = sorted(self.values(key))
        if not values:
            return None
        if len(values) == 1:
            v = values[0]
            return Quartiles(1, v, v, v, v, v)
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        return Quartiles(len(values), values[0], q1, median, q3, values[-1])

    def percentile(self, assessment: Assessment, key: ScoreKey = OVERALL) -> float | None:
        """Where `assessment` stands for a score, from 0 to 100: the share of the cohort
        scoring below it, counting ties as half (the mid-rank percentile)."""
        own = _scores(assessment).get(key)
        values = self.values(key)
        if own is None or not values:
            return None
        below = sum(1 for v in values if v < own)
        equal = sum(1 for v in values if v == own)
        return 100.0 * (below + equal / 2) / len(values)

    def percentiles(self, assessment: Assessment) -> dict[ScoreKey, float | None]:
        """Every percentile of `assessment` in the cohort."""
        return {key: self.percentile(assessment, key) for key in self.keys}

    def level_counts(self, key: ScoreKey = OVERALL) -> dict[str, int]:
        """How many organisations are at each level of a score — the overall score's
        maturity level by default, or `(kind, id)` of a step, section or dimension whose
        score has a level scale — in the order of the levels (`{}`: no level scale)."""
        kind, ident = key
        scale = self.questionnaire.scale_for(kind, None if kind == "overall" else ident)  # type: ignore[arg-type]
        if scale is None:
            return {}
        counts = Counter(a.level_of(kind, ident) for a in self.assessments)
        return {level.id: counts.get(level.id, 0) for level in scale.levels}

    def action_counts(self) -> list[tuple[str, int]]:
        """The actions of the cohort's plans, most frequent first (ties in file order)."""
        counts = Counter(action.id for a in self.assessments for action in a.actions)
        order = {rec.id: i for i, rec in enumerate(self.questionnaire.recommendations)}
        return sorted(
            counts.items(), key=lambda item: (-item[1], order.get(item[0], 10**6), item[0])
        )

    def to_dataframe(self) -> pandas.DataFrame:
        """One row per organisation: organisation, date, level, completeness and every score.

        Needs pandas: `pip install 'socialready[pandas]'`.
        """
        try:
            import pandas
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise SocialReadyError(
                "Cohort.to_dataframe() needs pandas: pip install 'socialready[pandas]'"
            ) from exc
        rows: list[dict[str, Any]] = []
        for a, scores in zip(self.assessments, self._scores, strict=True):
            org = a.responses.organisation
            row: dict[str, Any] = {
                "organisation": org.name,
                "sector": org.sector,
                "size_band": org.size_band,
                "country": org.country,
                "date": a.responses.date,
                "level": a.overall.level,
                "completeness": a.completeness.overall.share,
                "actions": len(a.actions),
            }
            for (kind, ident), score in scores.items():
                row["score" if kind == "overall" else f"{kind}:{ident}"] = score
            rows.append(row)
        return pandas.DataFrame(rows)


@record
class Delta(NamedTuple):
    """One score before and after, and the change (`None` where either is missing)."""

    before: float | None
    after: float | None
    change: float | None


class Comparison(BaseModel):
    """What changed between two assessments of one organisation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    before_date: str
    after_date: str
    overall: Delta
    level_before: str | None
    level_after: str | None
    steps: dict[str, Delta]
    sections: dict[str, Delta]
    dimensions: dict[str, Delta]
    closed_actions: list[str]
    """Actions of the first plan that are no longer needed."""
    new_actions: list[str]
    """Actions of the second plan that the first did not have."""
    kept_actions: list[str]


def _delta(before: float | None, after: float | None) -> Delta:
    change = after - before if before is not None and after is not None else None
    return Delta(before, after, change)


def compare(before: Assessment, after: Assessment) -> Comparison:
    """Score deltas per step, section and dimension, and the actions closed and new.

    Both must answer the same questionnaire (the same id; scores present in only one
    version are compared as missing on the other side).
    """
    if before.questionnaire.id != after.questionnaire.id:
        raise SocialReadyError(
            f"cannot compare answers to {before.questionnaire.ref} with answers to"
            f" {after.questionnaire.ref}"
        )
    old, new = _scores(before), _scores(after)

    def table(kind: str) -> dict[str, Delta]:
        ids = [i for k, i in new if k == kind] + [
            i for k, i in old if k == kind and (k, i) not in new
        ]
        return {i: _delta(old.get((kind, i)), new.get((kind, i))) for i in ids}

    was = [a.id for a in before.actions]
    now = [a.id for a in after.actions]
    return Comparison(
        before_date=before.responses.date.isoformat(),
        after_date=after.responses.date.isoformat(),
        overall=_delta(before.overall.score, after.overall.score),
        level_before=before.overall.level,
        level_after=after.overall.level,
        steps=table("step"),
        sections=table("section"),
        dimensions=table("dimension"),
        closed_actions=[i for i in was if i not in now],
        new_actions=[i for i in now if i not in was],
        kept_actions=[i for i in now if i in was],
    )
