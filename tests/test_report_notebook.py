"""report.notebook: the short summary a notebook shows for an assessment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from socialready import Assessment, assess, load_questionnaire, load_responses
from socialready.report.notebook import summary_html

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def manufacturer() -> Assessment:
    return assess(
        load_questionnaire("social-readiness@1.0.0"),
        load_responses(ROOT / "tests" / "data" / "v1" / "manufacturer-400.yaml"),
    )


def cells(html: str) -> list[str]:
    """The text of each table cell, in order."""
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", html)]


def test_the_summary_in_english(manufacturer: Assessment) -> None:
    html = summary_html(manufacturer, "en")
    assert ">Verdier Hydraulique — Getting organised (56/100)</div>" in html
    assert cells(html)[:6] == [
        "Take stock of the current situation",
        "59",
        "Identify the usages",
        "67",
        "Define the dedicated staff",
        "43",
    ]
    assert cells(html)[6:8] == ["External presence", "63"]
    top = re.findall(r"<li><b>(.*?)</b>", html)
    assert top[:3] == [a.title["en"] for a in manufacturer.actions[:3]]
    assert "<svg" in html  # the radar of the dimensions
    assert "social-readiness@1.0.0" in html


def test_the_first_language_of_the_questionnaire_by_default(manufacturer: Assessment) -> None:
    assert summary_html(manufacturer) == summary_html(manufacturer, "fr")
    assert "Structuration (56/100)" in summary_html(manufacturer)
    english_only = load_questionnaire(ROOT / "tests" / "data" / "scoring.yaml")
    header = {"organisation": {"name": "M"}, "date": "2026-10-01", "assessor": "A"}
    answers = {"questionnaire": english_only.ref, **header, "answers": {"channel": "many"}}
    a = assess(english_only, load_responses(answers, english_only))
    assert summary_html(a) == summary_html(a, "en")


def test_self_contained_and_client_text_escaped(manufacturer: Assessment) -> None:
    organisation = manufacturer.responses.organisation.model_copy(
        update={"name": '<img src=x onerror="alert(1)">'}
    )
    hostile = manufacturer.model_copy(
        update={
            "responses": manufacturer.responses.model_copy(update={"organisation": organisation})
        }
    )
    html = summary_html(hostile, "en")
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; — Getting organised" in html
    assert "<img" not in html
    assert "<script" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']""", html)  # nothing fetched


def test_the_summary_takes_its_language_through_the_assessment(manufacturer: Assessment) -> None:
    from socialready import SocialReadyError

    assert manufacturer.summary(lang="en")._repr_html_() == summary_html(manufacturer, "en")
    assert manufacturer.summary()._repr_html_() == manufacturer._repr_html_()
    assert manufacturer._repr_html_() == summary_html(manufacturer)  # French, the first
    assert manufacturer.summary("en")._repr_html_() != manufacturer._repr_html_()
    with pytest.raises(SocialReadyError, match="has no 'de' texts"):
        manufacturer.summary(lang="de")


def test_reprs_are_short_and_say_who_when_and_how_ready(manufacturer: Assessment) -> None:
    from socialready import Cohort

    text = repr(manufacturer)
    assert len(text) < 500  # the whole model would be some 200,000 characters
    assert text == (
        "Assessment(organisation='Verdier Hydraulique', date=2026-11-19, score=56.4,"
        " level='structuring', questionnaire='social-readiness@1.0.0',"
        f" actions={len(manufacturer.actions)})"
    )
    assert str(manufacturer) == text
    assert repr(manufacturer.responses).startswith(
        "Responses(organisation='Verdier Hydraulique', date=2026-11-19,"
        " questionnaire='social-readiness@1.0.0', answers="
    )
    assert manufacturer == manufacturer.model_copy()  # pydantic's equality is kept
    cohort = Cohort([manufacturer])
    assert repr(cohort) == (
        "Cohort(1 organisation, questionnaire='social-readiness@1.0.0', median=56.4)"
    )
    shown = cohort._repr_html_()
    assert "<td>Verdier Hydraulique</td><td>2026-11-19</td>" in shown
    assert "<td style='text-align:right'>56</td>" in shown


def test_every_public_name_completes() -> None:
    import socialready

    missing = [name for name in socialready.__all__ if name not in dir(socialready)]
    assert missing == []


def test_the_summary_shows_the_path_to_the_next_level(manufacturer: Assessment) -> None:
    html = summary_html(manufacturer, "fr")
    assert "Pour atteindre le niveau suivant" in html
    assert "Ces trois actions vous amènent au niveau «\u00a0Opérationnelle\u00a0»" in html
    assert "<li>14. Mesurer le délai de réponse réel</li>" in html
