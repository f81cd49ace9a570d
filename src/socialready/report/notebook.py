"""A compact summary of an assessment for Jupyter: level, scores, radar, top actions and
the path to the next level.

Self-contained HTML (inline SVG, inline style), so that a notebook shows it without any
external file and keeps showing it once saved.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..scoring import Assessment
from .view import build_view

__all__ = ["summary_html"]

PRIMARY, SECONDARY = "#1f4e79", "#e07a1f"


def summary_html(assessment: Assessment, lang: str | None = None) -> str:
    """The notebook summary of `assessment`, in `lang` (default: the first language)."""
    q = assessment.questionnaire
    lang = lang or next((x for x in ("fr", "en") if x in q.languages), q.languages[0])
    v = build_view(assessment, lang, primary=PRIMARY, secondary=SECONDARY)
    rows = Markup("").join(
        _row(_named(step.title, step.level), Markup("<b>{}</b>").format(step.score))
        for step in v.steps
    )
    dims = Markup("").join(_row(_named(bar.label, bar.level), bar.score) for bar in v.dimensions)
    actions = Markup("").join(
        Markup("<li><b>{}</b> — {}, {}{}</li>").format(
            a.title,
            a.owner,
            a.horizon.lower(),
            Markup('<br><span style="color:#555">{}</span>').format(a.gain) if a.gain else "",
        )
        for a in v.top_actions
    )
    path = (
        Markup(
            '<div style="margin-top:6px"><b>{}</b> {}<ul style="margin:2px 0">{}</ul></div>'
        ).format(
            v.words("path_title"),
            v.path.text,
            Markup("").join(Markup("<li>{}</li>").format(title) for title in v.path.actions),
        )
        if v.path
        else Markup("")
    )
    return str(
        Markup(
            '<div style="font-family:sans-serif;max-width:900px">'
            '<div style="color:{primary};font-size:1.3em;font-weight:bold">'
            "{org} — {level} ({score})</div>"
            '<div style="color:#555;margin:2px 0 8px">{meaning}</div>'
            '<div style="display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap">'
            '<div><table style="border-collapse:collapse">{rows}</table>'
            '<table style="border-collapse:collapse;margin-top:8px;color:#333">{dims}</table></div>'
            '<div style="width:420px">{radar}</div></div>'
            '<div style="margin-top:6px"><b>{top}</b><ol>{actions}</ol></div>{path}'
            '<div style="color:#777;font-size:0.8em">{against}</div></div>'
        ).format(
            primary=PRIMARY,
            org=v.org_name,
            level=v.level,
            score=v.words.score_of(v.score, assessment.questionnaire.display_for("overall")),
            meaning=v.level_meaning,
            rows=rows,
            dims=dims,
            radar=Markup(v.radar_svg),  # built by charts.py, every text in it escaped
            top=v.words("top_actions"),
            actions=actions,
            path=path,
            against=escape(v.scored_against),
        )
    )


def _named(label: str, level: str) -> str:
    """A score's label with its level, when it has one."""
    return f"{label} ({level})" if level else label


def _row(label: str, score: object) -> Markup:
    """One line of the summary's score tables: a label, and its score at the right."""
    return Markup(
        '<tr><td style="padding:2px 8px">{}</td><td style="padding:2px 8px;text-align:right">'
        "{}</td></tr>"
    ).format(label, score)
