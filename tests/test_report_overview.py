"""report.cohort: the overview of many organisations, as HTML and PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from socialready import Cohort, SocialReadyError, assess, load_questionnaire, load_responses
from socialready.report import render_cohort_html, render_cohort_pdf

EXAMPLES = Path(__file__).parent / "data" / "v1"


@pytest.fixture(scope="module")
def cohort() -> Cohort:
    q = load_questionnaire("social-readiness@1.0.0")
    names = ["agence-12", "manufacturer-400", "retailer"]
    return Cohort(assess(q, load_responses(EXAMPLES / f"{n}.yaml")) for n in names)


def words(html: str) -> str:
    """The page's text, its style sheet and tags left out."""
    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_the_overview_in_english(cohort: Cohort) -> None:
    html = render_cohort_html(cohort, "en")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    text = words(html)
    assert (
        "3 organisations assessed with the “Your organisation’s readiness for social networks”"
        " questionnaire, from 12 November 2026 to 26 November 2026."
    ) in text
    assert "Starting point 0 Exploring 1 Getting organised 1 Operational 0 Advanced 1" in text
    # lowest, median, middle half and highest of the overall scores 23, 56 and 90
    assert "Overall score 3 23 56 40–73 90" in text
    # the organisations from the highest score down
    assert (
        "Maison Garance 26 November 2026 90 Advanced"
        " Verdier Hydraulique 19 November 2026 56 Getting organised"
        " Studio Hélice 12 November 2026 23 Exploring"
    ) in text
    assert "Scored against questionnaire social-readiness@1.0.0" in text


def test_the_overview_in_french(cohort: Cohort) -> None:
    text = words(render_cohort_html(cohort, "fr"))
    assert "du 12 novembre 2026 au 26 novembre 2026" in text
    assert "Maison Garance 26 novembre 2026 90" in text


def test_a_language_the_report_does_not_speak(cohort: Cohort) -> None:
    with pytest.raises(SocialReadyError, match=r"no report in 'de' \(expected one of fr, en\)"):
        render_cohort_html(cohort, "de")


def test_the_overview_as_pdf_dated_by_its_latest_assessment(cohort: Cohort, tmp_path: Path) -> None:
    path = tmp_path / "cohort.pdf"
    assert render_cohort_pdf(cohort, path, "en") is None
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    # the questionnaire above (in capitals, by the style sheet), how many organisations below
    assert "YOUR ORGANISATION’S READINESS FOR SOCIAL NETWORKS Overview of 3 organisations" in text
    assert "1 / 2" in text  # the first page is numbered too
    assert re.search(r"fingerprint [0-9a-f]{64}", text)  # a hash is never hyphenated
    assert "Verdier Hydraulique" in text
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20261126"
