"""Cohorts (percentiles, quartiles, levels, frequent actions, table) and re-assessments."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from socialready import (
    Assessment,
    Cohort,
    SocialReadyError,
    assess,
    compare,
    load_questionnaire,
    load_responses,
)
from socialready.cohort import latest_per_organisation

ROOT = Path(__file__).parent.parent
NAMES = ["agence-12", "manufacturer-400", "retailer"]


@cache
def assessment(name: str) -> Assessment:
    return assess(
        load_questionnaire("social-readiness@1.0.0"),
        load_responses(ROOT / "tests" / "data" / "v1" / f"{name}.yaml"),
    )


@pytest.fixture(scope="module")
def cohort() -> Cohort:
    return Cohort(assessment(n) for n in NAMES)


def test_percentiles_are_mid_ranks(cohort: Cohort) -> None:
    assert len(cohort) == 3
    assert cohort.percentile(assessment("agence-12")) == pytest.approx(100 * 0.5 / 3)
    assert cohort.percentile(assessment("manufacturer-400")) == pytest.approx(100 * 1.5 / 3)
    assert cohort.percentile(assessment("retailer")) == pytest.approx(100 * 2.5 / 3)
    section = ("section", "s3_supervision")
    assert cohort.percentile(assessment("retailer"), section) == pytest.approx(100 * 2.5 / 3)
    every = cohort.percentiles(assessment("agence-12"))
    assert every[("overall", "overall")] == pytest.approx(100 / 6)
    assert len(every) == 1 + 3 + 12 + 7


def test_quartiles(cohort: Cohort) -> None:
    scores = sorted(a.overall.score or 0 for a in cohort)
    q = cohort.quartiles()
    assert q is not None
    assert (q.n, q.low, q.median, q.high) == (3, scores[0], scores[1], scores[2])
    assert q.q1 == pytest.approx((scores[0] + scores[1]) / 2)
    assert q.q3 == pytest.approx((scores[1] + scores[2]) / 2)
    single = Cohort([assessment("retailer")]).quartiles()
    assert single is not None
    assert single.q1 == single.median == single.q3


def test_levels_and_actions(cohort: Cohort) -> None:
    assert cohort.level_counts() == {
        "starting": 0,
        "exploring": 1,
        "structuring": 1,
        "operational": 0,
        "advanced": 1,
    }
    counts = dict(cohort.action_counts())
    assert max(counts.values()) <= 3
    first_id, first_count = cohort.action_counts()[0]
    assert first_count == max(counts.values())
    assert counts[first_id] == first_count


def test_dataframe(cohort: Cohort) -> None:
    frame = cohort.to_dataframe()
    assert list(frame["organisation"]) == ["Studio Hélice", "Verdier Hydraulique", "Maison Garance"]
    assert list(frame["level"]) == ["exploring", "structuring", "advanced"]
    assert {"score", "step:usages", "section:s1_presence", "dimension:listening"} <= set(frame)
    assert frame["score"].iloc[2] == pytest.approx(assessment("retailer").overall.score)


def test_a_cohort_holds_one_questionnaire() -> None:
    other = load_questionnaire(Path(__file__).parent / "data" / "scoring.yaml")
    odd = assess(
        other,
        load_responses(
            {
                "questionnaire": "scoring-test@1.0.0",
                "organisation": {"name": "Odd"},
                "date": "2026-11-27",
                "assessor": "A",
                "answers": {},
            },
            other,
        ),
    )
    with pytest.raises(SocialReadyError, match="scored against another: Odd"):
        Cohort([assessment("retailer"), odd])
    with pytest.raises(SocialReadyError, match="at least one"):
        Cohort([])


def test_compare_two_assessments() -> None:
    before, after = assessment("agence-12"), assessment("retailer")
    c = compare(before, after)
    assert c.overall.change == pytest.approx(
        (after.overall.score or 0) - (before.overall.score or 0)
    )
    assert (c.level_before, c.level_after) == ("exploring", "advanced")
    assert set(c.steps) == {"current_state", "usages", "staffing"}
    supervision = c.sections["s3_supervision"]
    assert supervision.before == pytest.approx(before.sections["s3_supervision"].score)
    assert supervision.change == pytest.approx((supervision.after or 0) - (supervision.before or 0))
    was = {a.id for a in before.actions}
    now = {a.id for a in after.actions}
    assert set(c.closed_actions) == was - now
    assert set(c.new_actions) == now - was
    assert set(c.kept_actions) == was & now
    assert compare(before, before).closed_actions == []
    again = type(c).model_validate_json(c.model_dump_json())
    assert again == c


def earlier(name: str, tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The same organisation assessed a year before, with some answers changed."""
    text = (ROOT / "tests" / "data" / "v1" / f"{name}.yaml").read_text(encoding="utf-8")
    text = text.replace("date: 2026-", "date: 2025-")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / f"{name}-2025.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_report_with_progress_and_cohort_chapters(tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader

    from socialready import render_html, render_pdf

    cohort = Cohort(assessment(n) for n in NAMES)
    before = earlier("manufacturer-400", tmp_path)
    previous = assess(load_questionnaire("social-readiness@1.0.0"), load_responses(before))
    html = render_html(assessment("manufacturer-400"), "en", previous=previous, cohort=cohort)
    assert "Progress since the last assessment" in html
    assert "the level is still “Getting organised”" in html  # not "from A to A"
    # the summary says it too, with the overall score before and now
    summary = html.split('id="summary"')[1].split("</section>")[0]
    line = re.search(r'<p class="summary-progress">(.*?)</p>', summary)
    assert line is not None
    assert re.search(r"Overall score: (\d+) → (\d+) \(([+\u2212]?\d+|0)\)\.", line.group(1))
    assert 'href="#progress"' in line.group(1)
    assert "Compared with other organisations" in html
    assert "3 organisations assessed with the same questionnaire" in html
    old_retailer = assess(
        load_questionnaire("social-readiness@1.0.0"), load_responses(earlier("retailer", tmp_path))
    )
    data = render_pdf(assessment("retailer"), None, "fr", previous=old_retailer)
    assert data is not None
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Progrès depuis le dernier diagnostic" in text
    assert "Actions qui ne sont plus nécessaires" in text


_ROW = re.compile(r"^(.+?) (–|[\d,.]+) (–|[\d,.]+) (–|0|[+\u2212][\d,.]+)$")


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace("\u2212", "-").replace(",", "."))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_change_of_the_progress_chapter_is_the_difference_of_the_numbers_shown(
    tmp_path: Path, lang: str
) -> None:
    """50.88 → 56.39 is +5.51, printed "51 → 56": the change printed is +5, not +6."""
    import io

    from pypdf import PdfReader

    from socialready import render_pdf

    before = earlier(
        "manufacturer-400",
        tmp_path,
        ("monitoring_sharing: true", "monitoring_sharing: false"),
        ("mapping_distinguishes: true", "mapping_distinguishes: false"),
        ("    value: 62\n", "    value: 40\n"),
    )
    previous = assess(load_questionnaire("social-readiness@1.0.0"), load_responses(before))
    now = assessment("manufacturer-400")
    data = render_pdf(now, None, lang, previous=previous)
    assert data is not None
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    title = "Progrès depuis le dernier diagnostic" if lang == "fr" else "Progress since the last"
    chapter = next(p for p in pages[2:] if p.startswith(title))
    rows = [_ROW.match(line) for line in chapter.splitlines()]
    found = [m.groups() for m in rows if m]
    # the overall score, three steps and seven dimensions
    assert len(found) == 11, chapter
    exact = compare(previous, now)
    assert round(abs(exact.overall.change or 0), 2) == 3.83  # a change a rounding could get wrong
    for label, was, is_, change in found:
        if "–" in (was, is_):
            assert change == "–", label
            continue
        assert _decimal(is_) - _decimal(was) == _decimal(change), (label, was, is_, change)
    assert pages.index(chapter) == 3  # right after the summary


def test_cohort_command_writes_the_overview(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    from socialready.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("questionnaire: nope\n", encoding="utf-8")
    files = [str(ROOT / "tests" / "data" / "v1" / f"{n}.yaml") for n in NAMES]
    out = tmp_path / "cohort.pdf"
    assert main(["cohort", *files, str(bad), "-o", str(out), "--lang", "en"]) == 1
    assert f"{bad}" in capsys.readouterr().err
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "3 organisations assessed" in text
    assert "Most frequent actions" in text
    for name in ("Studio Hélice", "Verdier Hydraulique", "Maison Garance"):
        assert name in text


def test_report_command_with_previous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader

    from socialready.cli import main

    out = tmp_path / "report.pdf"
    args = ["report", str(ROOT / "tests" / "data" / "v1" / "retailer.yaml"), "--previous"]
    assert main([*args, str(earlier("retailer", tmp_path)), "-o", str(out), "--lang", "en"]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Progress since the last assessment" in text
    # another organisation, or a later date, is not a previous assessment
    other = str(ROOT / "tests" / "data" / "v1" / "agence-12.yaml")
    assert main([*args, other, "-o", str(out)]) == 1
    assert "is of 'Studio Hélice', not of 'Maison Garance'" in capsys.readouterr().err


def test_each_organisation_counts_once(tmp_path: Path) -> None:
    with pytest.raises(SocialReadyError, match="is in the cohort twice"):
        Cohort([assessment("retailer"), assessment("retailer")])
    old = assess(
        load_questionnaire("social-readiness@1.0.0"), load_responses(earlier("retailer", tmp_path))
    )
    with pytest.raises(SocialReadyError, match="latest_per_organisation"):
        Cohort([old, assessment("agence-12"), assessment("retailer")])
    kept, left_out = latest_per_organisation([old, assessment("agence-12"), assessment("retailer")])
    assert kept == [assessment("agence-12"), assessment("retailer")]
    assert left_out == [old]
    assert len(Cohort(kept)) == 2


def test_cohort_command_reads_survey_exports_and_leaves_out_repeats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    from socialready.cli import main

    examples = ROOT / "tests" / "data" / "v1"
    out = tmp_path / "cohort.pdf"
    survey = [
        str(examples / "survey-export.csv"),
        "--mapping",
        str(examples / "survey-export.mapping.yaml"),
        "--roster",
        str(examples / "survey-export-roster.csv"),
    ]
    assert main(["cohort", *survey, "-o", str(out), "--lang", "en"]) == 0
    assert "organisations, en" in capsys.readouterr().err  # a status line
    # the same file twice, and an earlier assessment of one organisation: each left out, named
    retailer = str(examples / "retailer.yaml")
    older = str(earlier("retailer", tmp_path))
    assert main(["cohort", retailer, retailer, older, "-o", str(out), "--lang", "en"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.endswith(f"\n{out}: 1 organisation, en\n")
    assert captured.err.count("is left out (each organisation counts once)") == 2
    assert f"{older}: Maison Garance" in captured.err
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "One organisation assessed with the" in text


def test_cohort_command_refuses_to_write_over_an_input_or_into_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from socialready.cli import main

    copy = tmp_path / "retailer.yaml"
    copy.write_text(
        (ROOT / "tests" / "data" / "v1" / "retailer.yaml").read_text("utf-8"), encoding="utf-8"
    )
    assert main(["cohort", str(copy), "-o", str(copy)]) == 2
    assert "is one of the inputs" in capsys.readouterr().err
    assert copy.read_text("utf-8").startswith("#") or "questionnaire:" in copy.read_text("utf-8")
    assert main(["cohort", str(copy), "-o", str(tmp_path)]) == 1
    assert f"{tmp_path}: is a folder" in capsys.readouterr().err
    missing = tmp_path / "nowhere" / "c.pdf"
    assert main(["cohort", str(copy), "-o", str(missing)]) == 1
    assert f"{missing}: the folder {missing.parent} does not exist" in capsys.readouterr().err


def test_the_overview_counts_who_has_each_score_and_says_what_it_leaves_out() -> None:
    from socialready.report import render_cohort_html

    html = render_cohort_html(Cohort(assessment(n) for n in NAMES), "fr")
    assert '<th scope="col" class="num">Notées</th>' in html
    assert "des 4" not in html  # every action of the three plans is shown when there are few
    frequent = Cohort(assessment(n) for n in NAMES).action_counts()
    note = f"12 des {len(frequent)} actions proposées à la cohorte"
    assert (note in html) is (len(frequent) > 12)


def test_french_dates_say_premier() -> None:
    import datetime

    from socialready.report.i18n import Words

    assert Words("fr").date(datetime.date(2026, 10, 1)) == "1er octobre 2026"
    assert Words("fr").date(datetime.date(2026, 10, 11)) == "11 octobre 2026"
    assert Words("en").date(datetime.date(2026, 10, 1)) == "1 October 2026"


def test_organisations_without_a_score_are_counted_apart() -> None:
    from socialready import questionnaire_from_data
    from socialready.report import render_cohort_html

    text = (ROOT / "questionnaires" / "social-readiness@1.0.0.yaml").read_text(encoding="utf-8")
    assert text.count("  unanswered: zero\n") == 1
    q = questionnaire_from_data(
        None, "q.yaml", text=text.replace("unanswered: zero", "unanswered: exclude")
    )
    answered = (ROOT / "tests" / "data" / "v1" / "retailer.yaml").read_text(encoding="utf-8")
    full = load_responses(yaml_dict(answered), q)
    empty = load_responses(
        {**yaml_dict(answered), "answers": {}, "organisation": {"name": "Vide"}}, q
    )
    cohort = Cohort([assess(q, full), assess(q, empty)])
    assert cohort.quartiles() is not None
    assert cohort.quartiles().n == 1  # type: ignore[union-attr]
    html = render_cohort_html(cohort, "en")
    assert "No score" in html  # a bar of its own among the levels
    overall_row = html.split('<tr class="total">')[1].split("</tr>")[0]
    assert '<td class="num">1</td>' in overall_row  # one of the two has an overall score


def yaml_dict(text: str) -> dict[str, object]:
    import yaml

    data = yaml.safe_load(text)
    data["date"] = str(data["date"])
    return data  # type: ignore[no-any-return]


def test_cohort_never_writes_over_a_survey_file_and_reads_with_the_questionnaire_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from socialready.cli import main

    examples = ROOT / "tests" / "data" / "v1"
    for name in ("survey-export.csv", "survey-export-roster.csv", "survey-export.mapping.yaml"):
        shutil.copy(examples / name, tmp_path / name)
    survey = [
        str(tmp_path / "survey-export.csv"),
        "--mapping",
        str(tmp_path / "survey-export.mapping.yaml"),
        "--roster",
        str(tmp_path / "survey-export-roster.csv"),
    ]
    before = (tmp_path / "survey-export-roster.csv").read_bytes()
    for target in ("survey-export-roster.csv", "survey-export.csv", "survey-export.mapping.yaml"):
        assert main(["cohort", *survey, "-o", str(tmp_path / target)]) == 2
        assert "is one of the inputs" in capsys.readouterr().err
    assert (tmp_path / "survey-export-roster.csv").read_bytes() == before
    # a questionnaire of one's own (here the built-in one under another id) reads the rows
    text = (ROOT / "questionnaires" / "social-readiness@1.0.0.yaml").read_text(encoding="utf-8")
    assert text.count("\nid: social-readiness\n") == 1
    own = tmp_path / "own.yaml"
    own.write_text(text.replace("\nid: social-readiness\n", "\nid: our-readiness\n"), "utf-8")
    out = tmp_path / "c.pdf"
    assert main(["cohort", *survey, "--questionnaire", str(own), "-o", str(out)]) == 0
    assert "3 organisations" in capsys.readouterr().err


def test_assess_input_reads_scores_or_keeps_what_it_is_given(tmp_path: Path) -> None:
    from socialready import ResponsesError
    from socialready.cohort import assess_input

    retailer = ROOT / "tests" / "data" / "v1" / "retailer.yaml"
    done = assessment("retailer")
    assert assess_input(done) is done
    assert assess_input(retailer) == done
    assert assess_input(str(retailer), load_questionnaire("social-readiness@1.0.0")) == done
    assert assess_input(load_responses(retailer)) == done
    warned = tmp_path / "warned.yaml"
    warned.write_text(
        retailer.read_text("utf-8").replace(
            "mapping_search: maintained", "mapping_search: no_search"
        ),
        "utf-8",
    )
    warnings = assess_input(warned).responses.warnings
    assert [w.field for w in warnings][:1] == ["answers.mapping_distinguishes"]
    assert all(w.source == str(warned) for w in warnings)
    bad = tmp_path / "bad.yaml"
    bad.write_text("questionnaire: nope\n", encoding="utf-8")
    with pytest.raises(ResponsesError, match=f"^{bad}: 4 problems"):
        assess_input(bad)
