"""The XLSForm export, and its round trip: form → export filled as the tool would → Responses."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from socialready import (
    Questionnaire,
    SocialReadyError,
    load_questionnaire,
    load_responses,
)
from socialready.cli import main
from socialready.survey import read_responses_csv
from socialready.xlsform import write_xlsform
from survey_forms import people

ROOT = Path(__file__).parent.parent
MAPPING = ROOT / "tests" / "data" / "v1" / "survey-export.mapping.yaml"


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("form") / "form.xlsx"
    v1 = "social-readiness@1.0.0"  # the answers of the round trip are to 1.0.0
    assert main(["questionnaire", "export", v1, "--format", "xlsform", "-o", str(path)]) == 0
    return path


@pytest.mark.parametrize("version", ["1.0.0", "2.0.0"])
def test_every_built_in_version_exports_a_form_with_unique_names(
    version: str, tmp_path: Path
) -> None:
    path = tmp_path / "form.xlsx"
    name = f"social-readiness@{version}"
    assert main(["questionnaire", "export", name, "--format", "xlsform", "-o", str(path)]) == 0
    survey = sheet(path, "survey")
    names = [r["name"] for r in survey if r["type"] not in ("end_group", "end_repeat")]
    assert len(names) == len(set(names))


def sheet(path: Path, name: str) -> list[dict[str, Any]]:
    rows = list(load_workbook(path)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_form_is_a_valid_xlsform(form: Path) -> None:
    survey = sheet(form, "survey")
    names = [r["name"] for r in survey if r["type"] not in ("end_group", "end_repeat")]
    assert len(names) == len(set(names))
    lists = {r["list_name"] for r in sheet(form, "choices")}
    for row in survey:
        kind = str(row["type"])
        if kind.startswith("select_"):
            assert kind.split()[1] in lists, kind
        unlabelled = kind.startswith("end_") or kind in ("start", "end")
        assert row["label::Français (fr)"] or unlabelled
        assert row["label::English (en)"] or unlabelled
    assert [r["type"] for r in survey[:2]] == ["start", "end"]  # when it was opened and sent
    settings = sheet(form, "settings")[0]
    assert settings["form_id"] == "social_readiness"
    assert settings["instance_name"] == "concat(${org_name}, ' — ', ${assessment_date})"
    assert settings["version"] == load_questionnaire("social-readiness@1.0.0").version
    q = load_questionnaire("social-readiness@1.0.0")
    relevant = {r["name"]: r["relevant"] for r in survey}
    assert relevant["official_activity"].startswith("(${facebook} = 'official_account'")
    assert all(x.id in relevant for x in q.questions.values())


def fill_as_the_tool_would(form: Path, responses: Any) -> dict[str, str]:
    """A KoboToolbox export row: one column per field, group children as group/name."""
    answers = responses.answers
    org = responses.organisation
    row = {
        "org_name": org.name,
        "org_sector": org.sector or "",
        "org_size": org.size_band or "",
        "org_country": org.country or "",
        "assessment_date": responses.date.isoformat(),
        "assessor": responses.assessor,
    }
    group: str | None = None
    for field in sheet(form, "survey"):
        kind, name = str(field["type"]), str(field["name"])
        if kind in ("begin_group", "begin_repeat"):
            group = name
            continue
        if kind in ("end_group", "end_repeat"):
            group = None
            continue
        if name in row:
            continue
        if group and group in answers and isinstance(answers[group], dict):
            row[f"{group}/{name}"] = answers[group].get(name, "")
            continue
        if group:  # rows of an unanswered matrix, fields of the roster repeat
            row[f"{group}/{name}"] = ""
            continue
        value = answers.get(name)
        if value is None:
            row[name] = ""
        elif isinstance(value, bool):
            row[name] = "yes" if value else "no"
        elif isinstance(value, list):
            row[name] = " ".join(value)
        else:
            row[name] = str(value)
    return row


def people_as_the_tool_would(form: Path, responses: Any, parent: int) -> list[dict[str, str]]:
    """A KoboToolbox export of the repeat group: one row per person, columns named by the
    path of their field (repeat/group/name), joined to its submission by its uuid."""
    rows = people(sheet(form, "survey"), responses, "/")
    return [row | {"_submission__uuid": f"uuid-{parent}"} for row in rows]


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_round_trip_through_the_survey_tool(form: Path, tmp_path: Path) -> None:
    originals = [
        load_responses(ROOT / "tests" / "data" / "v1" / f"{n}.yaml")
        for n in ("agence-12", "manufacturer-400", "retailer")
    ]
    rows = [
        fill_as_the_tool_would(form, r) | {"_uuid": f"uuid-{i}"} for i, r in enumerate(originals)
    ]
    people = [p for i, r in enumerate(originals) for p in people_as_the_tool_would(form, r, i)]
    assert len(people) > 10
    export, roster = tmp_path / "export.csv", tmp_path / "roster.csv"
    write_csv(export, rows)
    write_csv(roster, people)
    result = read_responses_csv(export, MAPPING, roster=roster)
    assert result.problems == []
    for original, imported in zip(originals, result.responses, strict=True):
        assert imported.answers == original.answers  # the roster of each included
        assert imported.organisation == original.organisation
        assert imported.date == original.date


def test_write_to_a_file_object(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    with path.open("wb") as handle:
        write_xlsform(load_questionnaire("social-readiness@1.0.0"), handle)
    assert sheet(path, "settings")[0]["form_id"] == "social_readiness"


def clashing(tmp_path: Path, *changes: tuple[str, str]) -> Questionnaire:
    text = (ROOT / "tests" / "data" / "scoring.yaml").read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    (tmp_path / "clash.yaml").write_text(text, encoding="utf-8")
    return load_questionnaire(tmp_path / "clash.yaml")


def test_clashing_field_names_are_refused_before_writing(tmp_path: Path) -> None:
    target = tmp_path / "form.xlsx"
    # a question named like a field of the form's header
    q = clashing(tmp_path, ("          - id: notes\n", "          - id: assessor\n"))
    with pytest.raises(SocialReadyError) as caught:
        write_xlsform(q, target)
    assert "'assessor' names both a field of the form's header and text 'assessor'" in str(
        caught.value
    )
    # a matrix row named like a question, which a condition refers to
    q = clashing(
        tmp_path,
        ("{id: fb, label: {en: Facebook}}", "{id: notes, label: {en: Facebook}}"),
        (
            "            kind: text\n            label: {en: Notes?}\n",
            "            kind: text\n            label: {en: Notes?}\n"
            "            when: {question: presence, row: notes, equals: 'yes'}\n",
        ),
    )
    with pytest.raises(SocialReadyError) as caught:
        write_xlsform(q, target)
    assert "${notes} is referenced but names select_one 'notes' and text 'notes'" in str(
        caught.value
    )
    assert not target.exists()


def test_names_may_repeat_in_other_groups_when_nothing_refers_to_them(tmp_path: Path) -> None:
    q = clashing(
        tmp_path, ("{id: fb, label: {en: Facebook}}", "{id: notes, label: {en: Facebook}}")
    )
    write_xlsform(q, tmp_path / "form.xlsx")
    names = [r["name"] for r in sheet(tmp_path / "form.xlsx", "survey")]
    assert names.count("notes") == 2


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"question": "staff", "at_least": 2}, "count(${staff}) >= 2"),
        ({"question": "staff", "answered": True}, "count(${staff}) > 0"),
        ({"question": "staff", "answered": False}, "count(${staff}) = 0"),
        ({"question": "tools", "at_most": 1}, "count-selected(${tools}) <= 1"),
        ({"question": "tools", "answered": True}, "${tools} != ''"),
        ({"question": "share", "at_least": 50}, "${share} >= 50"),
    ],
)
def test_lists_are_measured_by_their_length(condition: dict[str, Any], expected: str) -> None:
    from pydantic import TypeAdapter

    from socialready.conditions import Condition
    from socialready.xlsform import relevant

    parsed = TypeAdapter(Condition).validate_python(condition)
    counted = {"staff": "count", "tools": "count-selected"}
    assert relevant(parsed, set(), {}, counted) == expected


def test_pyxform_converts_the_form_without_a_warning(form: Path) -> None:
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    xform = convert(xlsform=str(form), validate=False, warnings=warnings).xform
    assert warnings == []
    # what the form checks as the import does: no negative or absurd time share, no more
    # people than the roster takes, each submission named by its organisation and date
    q = load_questionnaire("social-readiness@1.0.0")
    roster = q.questions["dedicated_staff"]
    assert 'time_share" type="decimal" constraint=". &gt;= 0 and . &lt;= 1000"' in xform
    assert f'constraint="position(..) &lt;= {roster.max_items}"' in xform  # type: ignore[union-attr]
    assert "instanceName" in xform
    assert re.search(r'nodeset="/data/start"[^>]*jr:preloadParams="start"', xform)
