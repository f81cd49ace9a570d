"""A report on the questionnaire's own scales and in its own words (issue 14): the
maturity model of ``examples/maturity-model`` shows its title, its sections on 0–3 with
their levels, its dimensions on 0–100 in quarters, and points with their decimals."""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from socialready import Assessment, assess, load_questionnaire, load_responses
from socialready.report import render_html, render_pdf

ROOT = Path(__file__).parent.parent
MODEL = ROOT / "examples" / "maturity-model"
SNAPSHOTS = Path(__file__).parent / "snapshots"


@cache
def assessment() -> Assessment:
    q = load_questionnaire(MODEL / "questionnaire.yaml")
    return assess(q, load_responses(MODEL / "answers.yaml", q))


@cache
def pages(lang: str) -> tuple[str, ...]:
    data = render_pdf(assessment(), None, lang)
    assert data is not None
    return tuple(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_html_snapshot(lang: str) -> None:
    """Regenerate with SOCIALREADY_UPDATE_SNAPSHOTS=1 after an intended change, and review."""
    html = render_html(assessment(), lang)
    path = SNAPSHOTS / f"maturity-model.{lang}.html"
    if os.environ.get("SOCIALREADY_UPDATE_SNAPSHOTS"):
        path.write_text(html, encoding="utf-8")
    assert html == path.read_text(encoding="utf-8")


def test_the_cover_carries_the_questionnaires_title_and_scale() -> None:
    cover = flat(pages("en")[0])
    assert "COMMUNITY MANAGEMENT MATURITY" in cover.upper()
    assert "Practice levels from 0 to 3" in cover
    assert "Overall score: 1.66 out of 3" in cover
    assert "1+" in cover
    text = flat("\n".join(pages("en")))
    assert "social network" not in text.lower()
    assert "out of 100" not in text.replace("60 out of 100", "").replace("40 out of 100", "")


def test_the_summary_shows_each_sections_score_on_its_scale_with_its_level() -> None:
    summary = next(flat(p) for p in pages("en") if "Executive summary" in p and "Levels" in p)
    for row in (
        "Listening 1.25 1+",
        "Moderation 1.00 1 — Initial",
        "Answering 2.00 2 — Managed",
        "Content 2.38 2+",
        "Foundations 1.13 1+",
        "Engagement 2.19 2+",
        "Facing the community 69 Established",
        "Inside the organisation 42 Developing",
    ):
        assert row in summary, row


def test_points_read_with_the_decimals_they_have() -> None:
    text = flat("\n".join(pages("en")))
    assert "0.25 / 1" in text  # an answer worth 0.25
    assert "0.75 / 1" in text
    assert "1.75 / 3" in text  # the mean of a matrix's rows
    assert "0.2 / 1" not in text


def test_the_french_report_speaks_the_same_scale() -> None:
    text = flat("\n".join(pages("fr")))
    assert "MATURITÉ DE L’ANIMATION DE COMMUNAUTÉS" in text.upper()
    assert "Score global : 1,66 sur 3" in text
    assert "Écoute 1,25 1+" in text
    assert "0,25 / 1" in text


def test_chapters_and_outline_give_the_scale() -> None:
    html = render_html(assessment(), "en")
    assert 'data-bookmark="Step 1 — Foundations (1.13/3)"' in html
    assert 'data-bookmark="Listening (1.25/3)"' in html
    assert '<span class="level-badge small">1+</span>' in html


def test_words_print_a_score_on_each_display_scale() -> None:
    from socialready.questionnaire import DisplayScale, LevelBand
    from socialready.report.i18n import Words

    en, fr = Words("en"), Words("fr")
    assert en.scaled(41.666666666666664, DisplayScale(scale="0-3")) == "1.25"
    assert en.scaled(100 / 3, DisplayScale(scale="0-3")) == "1.00"
    assert fr.scaled(41.666666666666664, DisplayScale(scale="0-3")) == "1,25"
    assert en.scaled(56.25, DisplayScale(scale="0-10", decimals=1)) == "5.6"  # half up
    assert en.scaled(56.25, DisplayScale(scale="percent")) == "56%"
    assert fr.scaled(56.5, DisplayScale(scale="percent")) == "57\u202f%"
    assert en.scaled(None, DisplayScale()) == "–"
    # shown on the side of its level's band: 59.6 is not "60" beside a level ending at 60
    below_60 = LevelBand(40, True, 60, False)
    assert en.scaled(59.6, DisplayScale(), below_60) == "59.6"
    assert en.scaled(59.96, DisplayScale(), below_60) == "59.9"
    assert en.scaled(50.5, DisplayScale(), LevelBand(50.5, True, 75, False)) == "51"
    display = DisplayScale(scale="0-3")
    assert en.out_of("1.25", display) == "1.25 out of 3"
    assert fr.out_of("1,25", display) == "1,25 sur 3"
    assert en.score_of("1.25", display) == "1.25/3"
    assert en.out_of("56%", DisplayScale(scale="percent")) == "56%"
