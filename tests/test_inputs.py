"""Gathering the inputs of many assessments: responses files and survey exports side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialready import (
    Assessment,
    MappingError,
    SocialReadyError,
    assess,
    load_questionnaire,
    load_responses,
    read_responses_csv,
)
from socialready.inputs import gather, is_survey_export

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "tests" / "data" / "v1"
CSV = EXAMPLES / "survey-export.csv"
MAPPING = EXAMPLES / "survey-export.mapping.yaml"
NAMES = ["agence-12", "manufacturer-400", "retailer"]


def assessment(name: str) -> Assessment:
    q = load_questionnaire("social-readiness@1.0.0")
    return assess(q, load_responses(EXAMPLES / f"{name}.yaml", q))


def test_files_stay_as_named_and_exports_become_assessments() -> None:
    responses = EXAMPLES / "retailer.yaml"
    gathered = gather([responses, CSV], MAPPING)
    assert gathered.inputs[0] == responses
    assessed = gathered.inputs[1:]
    assert assessed
    assert all(isinstance(a, Assessment) for a in assessed)
    [export] = gathered.exports
    assert export.path == str(CSV)
    assert export.refused == 0
    assert gathered.reading_error is None


def test_an_export_needs_a_mapping_and_a_roster_one_export() -> None:
    with pytest.raises(SocialReadyError, match="needs a mapping"):
        gather([CSV])
    with pytest.raises(SocialReadyError, match="a roster goes with one survey export, not 2"):
        gather([CSV, CSV], MAPPING, roster=EXAMPLES / "survey-export-roster.csv")


def test_an_unusable_mapping_is_said_once_and_the_files_are_kept(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mapping.yaml"
    bad.write_text("questionnaire: nowhere@1\n", encoding="utf-8")
    responses = EXAMPLES / "agence-12.yaml"
    gathered = gather([CSV, responses], bad)
    assert gathered.inputs == [responses]
    assert gathered.reading_error is not None
    assert [e.refused for e in gathered.exports] == [1]
    assert gathered.refused == 1


def test_survey_exports_are_told_by_their_suffix() -> None:
    assert is_survey_export("answers.CSV")
    assert not is_survey_export("answers.yaml")


EXPORT = ROOT / "tests" / "data" / "v1" / "survey-export.csv"
ROSTER = ROOT / "tests" / "data" / "v1" / "survey-export-roster.csv"


def test_gather_keeps_files_and_puts_the_assessed_rows_of_exports_in_their_place() -> None:
    from socialready.inputs import gather

    retailer = ROOT / "tests" / "data" / "v1" / "retailer.yaml"
    gathered = gather([str(retailer), str(EXPORT), "agence-12.yaml"], MAPPING, roster=ROSTER)
    first, *rows, last = gathered.inputs
    assert (first, last) == (str(retailer), "agence-12.yaml")  # files are not read here
    assert [a.responses.organisation.name for a in rows] == [  # type: ignore[union-attr]
        "Studio Hélice",
        "Verdier Hydraulique",
        "Maison Garance",
    ]
    assert [a.overall.score for a in rows] == [  # type: ignore[union-attr]
        assessment(n).overall.score for n in NAMES
    ]
    (export,) = gathered.exports
    assert (export.path, export.error, export.refused, gathered.refused) == (
        str(EXPORT),
        None,
        0,
        0,
    )
    assert gathered.reading_error is None
    assert gather(["a.yaml", "b.yaml"]).inputs == ["a.yaml", "b.yaml"]  # no mapping needed


def test_gather_locates_bad_rows_and_an_unreadable_export_and_reads_the_others(
    tmp_path: Path,
) -> None:
    from socialready.inputs import gather

    bad = tmp_path / "bad.csv"
    bad.write_text(EXPORT.read_text("utf-8").replace(",email,", ",emial,"), "utf-8")
    missing = tmp_path / "missing.CSV"
    gathered = gather([bad, missing, EXPORT], MAPPING)
    assert len(gathered.inputs) == 1 + 3  # the good row of the bad export, every row of the other
    read_bad, read_missing, read_good = gathered.exports
    assert read_bad.imported is not None
    assert [(p.source, p.line, p.field) for p in read_bad.imported.problems] == [
        (str(bad), 2, "main_collab_tool"),
        (str(bad), 3, "main_collab_tool"),
    ]
    assert read_missing.imported is None
    assert str(read_missing.error).startswith(f"{missing}: 1 problem")
    assert (read_bad.refused, read_missing.refused, read_good.refused) == (2, 1, 0)
    assert gathered.refused == 3


def test_gather_says_once_that_no_export_can_be_read_and_still_keeps_the_files(
    tmp_path: Path,
) -> None:
    from socialready.inputs import gather
    from socialready.survey import MappingError

    nomap = tmp_path / "nomap.yaml"
    gathered = gather([EXPORT, "a.yaml", EXPORT], nomap)
    assert gathered.inputs == ["a.yaml"]
    assert isinstance(gathered.reading_error, MappingError)
    assert str(gathered.reading_error).startswith(f"{nomap}: 1 problem")
    assert [(e.imported, e.error) for e in gathered.exports] == [(None, None), (None, None)]
    assert gathered.refused == 2
    # the questionnaire the mapping names cannot be read either: the same
    other = tmp_path / "other.yaml"
    other.write_text(
        MAPPING.read_text("utf-8").replace(
            "questionnaire: social-readiness@1.0.0", "questionnaire: q.yaml"
        ),
        "utf-8",
    )
    unread = gather([EXPORT], other)
    assert isinstance(unread.reading_error, MappingError)
    (problem,) = unread.reading_error.problems  # said where the mapping names it
    assert (problem.source, problem.line, problem.column) == (str(other), 6, 16)
    assert problem.message.startswith("no questionnaire file 'q.yaml'")
    assert (unread.inputs, unread.refused) == ([], 1)


def test_gather_refuses_an_export_without_mapping_and_a_roster_for_many() -> None:
    from socialready.inputs import gather

    with pytest.raises(SocialReadyError, match=r"survey-export\.csv: a survey export needs a map"):
        gather(["a.yaml", str(EXPORT)])
    with pytest.raises(SocialReadyError, match="a roster goes with one survey export, not 2"):
        gather([EXPORT, EXPORT], MAPPING, roster=ROSTER)
    with pytest.raises(SocialReadyError, match="not 0"):
        gather(["a.yaml"], MAPPING, roster=ROSTER)


def test_gather_reads_the_rows_with_the_questionnaire_given(tmp_path: Path) -> None:
    from socialready.inputs import gather

    text = (ROOT / "questionnaires" / "social-readiness@1.0.0.yaml").read_text(encoding="utf-8")
    own = tmp_path / "own.yaml"
    own.write_text(text.replace("\nid: social-readiness\n", "\nid: our-readiness\n"), "utf-8")
    q = load_questionnaire(own)
    rows = gather([EXPORT], MAPPING, q).inputs
    assert {a.questionnaire.ref for a in rows} == {q.ref}  # type: ignore[union-attr]


def test_one_organisation_is_picked_by_name_whatever_its_case_and_spacing() -> None:
    from socialready.inputs import one_organisation

    imported = read_responses_csv(EXPORT, MAPPING)
    assert imported.source == str(EXPORT)
    picked = one_organisation(imported, "  maison   GARANCE ")
    assert picked.organisation.name == "Maison Garance"


@pytest.mark.parametrize(
    ("name", "message", "expected"),
    [
        (
            None,
            "the export holds 3 organisations: 'Studio Hélice' (row 2, 2026-11-12),"
            " 'Verdier Hydraulique' (row 3, 2026-11-19), 'Maison Garance' (row 4, 2026-11-26)",
            "one of them, named as organisation=",
        ),
        (
            "Maison Garence",
            "no organisation 'Maison Garence' among the good rows",
            "one of 'Studio Hélice' (row 2, 2026-11-12), 'Verdier Hydraulique' (row 3,"
            " 2026-11-19), 'Maison Garance' (row 4, 2026-11-26), named as organisation=",
        ),
    ],
)
def test_no_organisation_or_a_missing_one_is_refused_with_the_list(
    name: str | None, message: str, expected: str
) -> None:
    from socialready.inputs import one_organisation

    imported = read_responses_csv(EXPORT, MAPPING)
    with pytest.raises(MappingError) as caught:
        one_organisation(imported, name)
    (problem,) = caught.value.problems
    assert (problem.source, problem.message, problem.expected) == (str(EXPORT), message, expected)


def test_an_organisation_on_two_rows_is_refused_with_both(tmp_path: Path) -> None:
    from socialready.inputs import one_organisation

    lines = EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)
    again = lines[3].replace(",2026-11-26,", ",2027-01-15,")  # Maison Garance, row 4
    assert again != lines[3]
    twice = tmp_path / "twice.csv"
    twice.write_text("".join([*lines, again]), encoding="utf-8")
    imported = read_responses_csv(twice, MAPPING)
    assert one_organisation(imported, "Studio Hélice").organisation.name == "Studio Hélice"
    with pytest.raises(MappingError) as caught:
        one_organisation(imported, "Maison Garance")
    (problem,) = caught.value.problems
    assert problem.message == (
        "2 rows for 'Maison Garance': 'Maison Garance' (row 4, 2026-11-26),"
        " 'Maison Garance' (row 5, 2027-01-15)"
    )
    assert problem.expected == (
        "one row for it: keep one assessment of the organisation in the export"
    )
