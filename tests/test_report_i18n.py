"""report.i18n: the report's words and its locale-correct numbers, percentages and dates."""

from __future__ import annotations

import datetime
import re

import pytest

from socialready.report.i18n import CATALOGUE, LANGUAGES, Words

NNBSP, NBSP = "\u202f", "\u00a0"  # narrow no-break space, no-break space

FR, EN = Words("fr"), Words("en")


def test_french_numbers_group_thousands_with_narrow_no_break_spaces() -> None:
    assert FR.number(1234567.891, 1) == f"1{NNBSP}234{NNBSP}567,9"
    assert FR.number(56.44, 1) == "56,4"
    assert FR.number(56.6) == "57"
    assert EN.number(1234567.891, 1) == "1,234,567.9"
    assert EN.number(56.44, 1) == "56.4"


def test_a_score_is_rounded_or_a_dash() -> None:
    assert (FR.score(56.4), FR.score(56.6), FR.score(0.0), FR.score(100.0)) == (
        "56",
        "57",
        "0",
        "100",
    )
    assert FR.score(None) == EN.score(None) == "–"


def test_percentages() -> None:
    assert FR.percent(0.264) == f"26{NNBSP}%"
    assert FR.percent(1.1) == f"110{NNBSP}%"
    assert EN.percent(0.264) == "26%"
    assert (EN.percent(0.125), EN.percent(0.145)) == ("13%", "15%")  # halves up


def test_one_rounding_rule_halves_up_from_the_number_as_written() -> None:
    # Python's round() and Babel round halves to even, on the float's binary value
    assert (EN.number(0.25, 1), EN.number(0.35, 1), EN.number(2.675, 2)) == ("0.3", "0.4", "2.68")
    assert (EN.number(56.5), EN.number(57.5), EN.score(50.5)) == ("57", "58", "51")
    assert EN.number(-0.2) == "0"  # never "-0"


def test_a_difference_is_signed_with_the_decimals_it_has() -> None:
    from decimal import Decimal

    assert (FR.signed(Decimal(5)), FR.signed(Decimal("-2.4")), FR.signed(Decimal(0))) == (
        "+5",
        "\u22122,4",
        "0",
    )


def test_dates_in_words_with_the_first_of_the_month_as_1er_in_french() -> None:
    assert FR.date(datetime.date(2026, 11, 27)) == "27 novembre 2026"
    assert FR.date(datetime.date(2026, 11, 1)) == "1er novembre 2026"
    assert FR.date(datetime.date(2026, 11, 11)) == "11 novembre 2026"  # not "1er1"
    assert EN.date(datetime.date(2026, 11, 1)) == "1 November 2026"  # British English


def test_the_locale_of_the_formats() -> None:
    assert (FR.locale, EN.locale, Words("de").locale) == ("fr", "en_GB", "de")
    assert Words("xx").locale == "en_GB"  # a language Babel does not know
    assert Words("de").number(1234.5, 1) == "1.234,5"


def test_french_typesetting_of_what_the_assessor_typed() -> None:
    assert FR.typeset("Oui ! Vraiment ?") == f"Oui{NNBSP}! Vraiment{NNBSP}?"
    assert FR.typeset("«  Bien »") == f"«{NNBSP}Bien{NNBSP}»"  # a run of spaces becomes one
    assert FR.typeset("note : 50 %") == f"note{NBSP}: 50{NNBSP}%"
    assert FR.typeset("Oui!\n\tNon") == "Oui!\n\tNon"  # no space added, breaks and tabs kept
    assert FR.typeset("10:30 et http://x") == "10:30 et http://x"
    assert EN.typeset("Yes ! ok : ") == "Yes ! ok : "  # English is left alone


def test_words_fill_their_placeholders() -> None:
    assert FR("records", count=3) == "3 personnes listées"
    assert EN("records", count=3) == "3 people listed"
    assert Words("de")("yes") == "Yes"  # in English for a language the catalogue lacks
    assert (FR("colon"), EN("colon")) == (f"{NBSP}: ", ": ")
    with pytest.raises(KeyError):
        FR("no such key")


def test_every_placeholder_is_in_every_language() -> None:
    for key, texts in CATALOGUE.items():
        names = {lang: set(re.findall(r"\{(\w+)\}", texts[lang])) for lang in LANGUAGES}
        assert len({frozenset(found) for found in names.values()}) == 1, key


def test_the_report_languages_by_their_english_names() -> None:
    from socialready.report.i18n import language_names

    assert language_names() == "French or English"
