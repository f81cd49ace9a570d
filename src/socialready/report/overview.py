"""The cohort overview report: distribution per dimension, level counts, frequent actions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..cohort import Cohort
from ..errors import SocialReadyError, excerpt
from ..questionnaire import MaturityLevel, Questionnaire, localised
from . import charts
from .html import DEFAULT_THEME, page_context, render_builtin
from .i18n import LANGUAGES, Words
from .theme import Theme
from .view import level_band

__all__ = ["render_cohort_html", "render_cohort_pdf"]


@dataclass(frozen=True)
class SpreadRow:
    label: str
    scored: str
    low: str
    median: str
    middle: str
    high: str


@dataclass(frozen=True)
class CohortOverview:
    lang: str
    words: Words
    title: str
    """The overview's heading: how many organisations it is of."""
    questionnaire: str
    """The questionnaire's title, above the heading."""
    intro: str
    levels_svg: str
    rows: list[SpreadRow]
    actions: list[tuple[str, str]]
    actions_note: str
    organisations: list[tuple[str, str, str, str]]
    scored_against: str


def _level(q: Questionnaire, level: str | None) -> MaturityLevel | None:
    return next((x for x in q.overall_levels if x.id == level), None)


def _overview(cohort: Cohort, lang: str, theme: Theme) -> CohortOverview:
    w = Words(lang)
    q = cohort.questionnaire
    dates = sorted(a.responses.date for a in cohort)
    keys = [(w("overall_score"), ("overall", "overall"))] + [
        (localised(d.label, lang), ("dimension", d.id)) for d in q.dimensions
    ]
    rows = []
    for label, key in keys:
        spread = cohort.quartiles(key)
        if spread is None:
            rows.append(SpreadRow(label, w.number(0), "–", "–", "–", "–"))
            continue
        rows.append(
            SpreadRow(
                label,
                w.number(spread.n),
                w.score(spread.low),
                w.score(spread.median),
                f"{w.score(spread.q1)}\u2013{w.score(spread.q3)}",
                w.score(spread.high),
            )
        )
    levels = {level.id: localised(level.name, lang) for level in q.overall_levels}
    bars = [(levels[i], float(n)) for i, n in cohort.level_counts().items()]
    unscored = sum(1 for a in cohort if a.overall.level is None)
    if unscored:
        bars.append((w("no_score"), float(unscored)))
    frequent = cohort.action_counts()
    shown = frequent[:12]
    if len(dates) == 1:
        intro_key = "cohort_overview_intro_one"
    elif dates[0] == dates[-1]:
        intro_key = "cohort_overview_intro_one_day"
    else:
        intro_key = "cohort_overview_intro"
    titles = {rec.id: localised(rec.title, lang) for rec in q.recommendations}
    for a in cohort:
        for action in a.actions:
            titles.setdefault(action.id, localised(action.title, lang))
    return CohortOverview(
        lang=lang,
        words=w,
        title=w(
            "cohort_overview_title" if len(cohort) > 1 else "cohort_overview_title_one",
            count=len(cohort),
        ),
        questionnaire=localised(q.title, lang),
        intro=w(
            intro_key,
            count=len(cohort),
            questionnaire=localised(q.title, lang),
            first=w.date(dates[0]),
            last=w.date(dates[-1]),
        ),
        levels_svg=charts.bars_svg(
            bars,
            colour=theme.primary,
            max_value=max(1.0, *(n for _, n in bars)),
            value_format=lambda v: w.number(v),
        ),
        rows=rows,
        actions=[(titles[i], w.number(n)) for i, n in shown],
        actions_note=(
            w("actions_shown", shown=len(shown), total=len(frequent))
            if len(shown) < len(frequent)
            else ""
        ),
        organisations=[
            (
                a.responses.organisation.name,
                w.date(a.responses.date),
                w.score(a.overall.score, level_band(q, _level(q, a.overall.level))),
                levels.get(a.overall.level or "", "–"),
            )
            for a in sorted(cohort, key=lambda a: -(a.overall.score or 0))
        ],
        scored_against=w("scored_against", ref=q.ref, fingerprint=q.fingerprint),
    )


def render_cohort_html(cohort: Cohort, lang: str = "fr", theme: Theme | None = None) -> str:
    """The cohort overview as one HTML page."""
    theme = theme or DEFAULT_THEME
    if lang not in LANGUAGES or lang not in cohort.questionnaire.languages:
        available = [x for x in LANGUAGES if x in cohort.questionnaire.languages]
        raise SocialReadyError(
            f"no report in {excerpt(lang)} (expected one of {', '.join(available)})"
        )
    created = max(a.responses.date for a in cohort).isoformat()
    return render_builtin(
        "cohort.html.j2", page_context(_overview(cohort, lang, theme), theme, created)
    )


def render_cohort_pdf(
    cohort: Cohort,
    target: str | Path | IO[bytes] | None = None,
    lang: str = "fr",
    theme: Theme | None = None,
) -> bytes | None:
    """The cohort overview as PDF, written like the readiness report (see `render_pdf`)."""
    from .pdf import write_html_pdf

    latest = max(a.responses.date for a in cohort)
    return write_html_pdf(render_cohort_html(cohort, lang, theme), target, latest, theme)
