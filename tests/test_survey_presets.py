"""Presets per survey tool: the three example organisations written in each of the seven
export shapes of the issue's "done when" (KoboToolbox CSV with and without groups,
KoboToolbox XLSX, ODK Central zip, LimeSurvey codes, Google Forms CSV, Microsoft Forms
XLSX), from the form socialready exports, read back with ``preset=`` and no mapping file,
and scored exactly as the YAML examples (23.1 / 56.4 / 90.5; without a roster where the
tool carries none, as the YAML examples without theirs, with the warning).

Each writer below says which of the tool's export settings it mirrors and where that
convention comes from:

- KoboToolbox: kobotoolbox/formpack ``reporting/export.py`` and ``schema/fields.py``:
  CSV with ``;``, headers the field names (``hierarchy_in_labels`` off: "include groups in
  headers" unchecked) or the group path joined by ``/``; a select_multiple "both": the
  space-separated choices and one 1/0 column per choice (``name/choice``, empty when the
  question is unanswered); the xlsx has the main sheet first and a sheet per repeat group
  with ``_index``, ``_parent_table_name``, ``_parent_index`` and ``_submission__uuid``.
- ODK Central: getodk/central-backend ``lib/data/briefcase.js``: ``FORM.csv`` begins with
  ``SubmissionDate``, group paths joined by ``-``, ends with ``KEY``, ``SubmitterID``…
  ``FormVersion``; each repeat in ``FORM-REPEAT.csv``, its paths relative to the repeat,
  ending with ``PARENT_KEY`` (the submission's ``KEY``) and ``KEY``; select multiples not
  split (Central's default).
- LimeSurvey: ``survey_forms.limesurvey_export``, from the structure file socialready
  writes (``questionnaire export --format limesurvey``).
- Google Forms (response CSV): a ``Timestamp`` column, then one column headed by each
  question's text; a grid's rows as ``Question [Row]``; checkbox answers joined by ", ";
  a date as the sheet's locale writes it (here French, day first); no repeat group, so no
  roster.
- Microsoft Forms (xlsx): ``ID``, ``Start time``, ``Completion time``, ``Email``, ``Name``,
  then a column per question headed by its text, a Likert question's rows by their
  statement; multiple answers joined by ";" with a trailing ";"; a date typed in the
  respondent's locale (here en-US, month first); no roster.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from socialready import Responses, assess, load_questionnaire, load_responses
from socialready.cli import main
from socialready.questionnaire import localised
from socialready.survey import SurveyMapping, read_responses_csv
from strategies import answers_for
from survey_forms import ROSTER, limesurvey_export, people

ROOT = Path(__file__).parent.parent
EXAMPLES = ("agence-12", "manufacturer-400", "retailer")
SCORES = [23.1, 56.4, 90.5]


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The survey sheet of the XLSForm socialready exports."""
    path = tmp_path_factory.mktemp("form") / "form.xlsx"
    v1 = "social-readiness@1.0.0"
    assert main(["questionnaire", "export", v1, "--format", "xlsform", "-o", str(path)]) == 0
    rows = list(load_workbook(path)["survey"].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture(scope="module")
def originals() -> list[Responses]:
    return [load_responses(ROOT / "tests" / "data" / "v1" / f"{name}.yaml") for name in EXAMPLES]


class Field:
    """A field of the form: its group path, name, type and value in one submission."""

    def __init__(self, path: list[str], name: str, kind: str, value: Any) -> None:
        self.path, self.name, self.kind, self.value = path, name, kind, value


def fields(form: list[dict[str, Any]], responses: Responses) -> Iterator[Field]:
    """The main table's fields of the form, filled with ``responses`` (roster aside)."""
    org = responses.organisation
    header = {
        "org_name": org.name,
        "org_sector": org.sector,
        "org_size": org.size_band,
        "org_country": org.country,
        "assessment_date": responses.date.isoformat(),
        "assessor": responses.assessor,
    }
    groups: list[str] = []
    for row in form:
        kind, name = str(row["type"]), str(row["name"])
        if kind == "begin_repeat":
            groups.append(name)
        elif kind == "begin_group":
            groups.append(name)
        elif kind in ("end_group", "end_repeat"):
            groups.pop()
        elif ROSTER in groups:
            continue
        elif name in header:
            yield Field([], name, kind, header[name])
        elif groups:  # a matrix's row
            value = responses.answers.get(groups[-1])
            yield Field(list(groups), name, kind, value.get(name) if value else None)
        else:
            yield Field([], name, kind, responses.answers.get(name))


def xml_value(value: Any) -> str:
    """A value as an XLSForm tool writes it: choice names, space-separated."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " ".join(value)
    return str(value)


def named_row(
    form: list[dict[str, Any]], responses: Responses, sep: str | None, split: bool
) -> dict[str, str]:
    """A submission with headers by name: bare (``sep`` None) or by group path."""
    q = load_questionnaire("social-readiness@1.0.0")
    row: dict[str, str] = {}
    for f in fields(form, responses):
        column = sep.join([*f.path, f.name]) if sep else f.name
        row[column] = xml_value(f.value)
        if split and f.kind.startswith("select_multiple"):
            question = q.questions[f.name]
            for option in question.options:  # type: ignore[union-attr]
                chosen = "1" if option.id in (f.value or []) else "0"
                row[f"{column}/{option.id}"] = chosen if f.value is not None else ""
    return row


def write_csv(rows: list[dict[str, str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def write_xlsx(path: Path, sheets: dict[str, list[dict[str, Any]]]) -> None:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(list(rows[0]))
        for row in rows:
            sheet.append(list(row.values()))
    book.save(path)


KOBO_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status"]


def kobo_rows(form: list[dict[str, Any]], originals: list[Responses], sep: str | None) -> Any:
    main_rows, roster_rows = [], []
    for i, responses in enumerate(originals, start=1):
        row = {"start": "2026-11-12T09:00:00", "end": "2026-11-12T10:30:00"}
        row |= named_row(form, responses, sep, split=True)
        row |= dict.fromkeys(KOBO_META, "") | {"_id": str(40210 + i), "_uuid": f"uuid-{i}"}
        row |= {"__version__": "v1", "_tags": "", "_index": str(i)}
        main_rows.append(row)
        for person in people(form, responses, "/" if sep else None):
            roster_rows.append(
                person
                | {"_index": str(len(roster_rows) + 1), "_parent_table_name": "Diagnostic"}
                | {"_parent_index": str(i), "_submission__id": str(40210 + i)}
                | {"_submission__uuid": f"uuid-{i}"}
            )
    return main_rows, roster_rows


def kobo_csv(form: Any, originals: list[Responses], tmp_path: Path, groups: bool) -> Any:
    """KoboToolbox CSV ("XML values and headers", groups in headers on or off, multiple
    select "both", ";"); the roster's repeat sheet saved as its own CSV."""
    main_rows, roster_rows = kobo_rows(form, originals, "/" if groups else None)
    export, roster = tmp_path / "kobo.csv", tmp_path / "kobo-roster.csv"
    export.write_bytes(write_csv(main_rows, ";"))
    roster.write_bytes(write_csv(roster_rows, ";"))
    return export, {"roster": roster}


def kobo_xlsx(form: Any, originals: list[Responses], tmp_path: Path) -> Any:
    """KoboToolbox XLS (the default download): groups off, the main sheet first (named by
    the form's title), the repeat group's sheet named by the repeat."""
    main_rows, roster_rows = kobo_rows(form, originals, None)
    export = tmp_path / "kobo.xlsx"
    write_xlsx(export, {"Diagnostic de préparation": main_rows, ROSTER: roster_rows})
    return export, {}


def odk_zip(form: Any, originals: list[Responses], tmp_path: Path) -> Any:
    """ODK Central "CSV with repeats" (zip): group names on ("-"), select multiples not
    split."""
    main_rows, roster_rows = [], []
    for i, responses in enumerate(originals, start=1):
        key = f"uuid:0000000{i}-aaaa-4bbb-8ccc-dddddddddddd"
        row = {"SubmissionDate": "2026-11-20T10:00:00.000Z"}
        row |= named_row(form, responses, "-", split=False)
        row |= {"meta-instanceID": key, "KEY": key, "SubmitterID": "5", "SubmitterName": "e"}
        row |= {"AttachmentsPresent": "0", "AttachmentsExpected": "0", "Status": ""}
        row |= {"ReviewState": "", "DeviceID": "", "Edits": "0", "FormVersion": "1"}
        main_rows.append(row)
        for n, person in enumerate(people(form, responses, "-"), start=1):
            roster_rows.append(person | {"PARENT_KEY": key, "KEY": f"{key}/{ROSTER}[{n}]"})
    export = tmp_path / "social_readiness.zip"
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("social_readiness.csv", write_csv(main_rows))
        archive.writestr(f"social_readiness-{ROSTER}.csv", write_csv(roster_rows))
    return export, {}


def label_row(
    responses: Responses, lang: str, sep: str, grid: bool, date: str, trailing: str = ""
) -> dict[str, str]:
    """A submission headed by question texts in ``lang``, with labels in the cells."""
    q = load_questionnaire("social-readiness@1.0.0")
    org = responses.organisation
    row = {
        "Nom de l'organisation" if lang == "fr" else "Name of the organisation": org.name,
        "Secteur d’activité" if lang == "fr" else "Sector": org.sector or "",
        "Effectif" if lang == "fr" else "Head count": org.size_band or "",
        "Pays (code à deux lettres, ex. FR)"
        if lang == "fr"
        else "Country (two-letter code, e.g. FR)": org.country or "",
        "Date du diagnostic" if lang == "fr" else "Date of the assessment": date,
        "Évaluateur" if lang == "fr" else "Assessor": responses.assessor,
    }
    for _, _, question in q.iter_questions():
        if question.id == ROSTER:
            continue
        value = responses.answers.get(question.id)
        title = localised(question.label, lang)
        if question.kind == "matrix":
            for matrix_row in question.rows:  # type: ignore[union-attr]
                header = f"{title} [{localised(matrix_row.label, lang)}]"
                if not grid:
                    header = localised(matrix_row.label, lang)
                chosen = (value or {}).get(matrix_row.id)
                row[header] = option_label(question, chosen, lang)
        elif value is None:
            row[title] = ""
        elif question.kind == "multiple_choice":
            labels = [option_label(question, v, lang) for v in value]
            row[title] = sep.join(labels) + (trailing if labels else "")
        elif question.kind in ("single_choice", "scale"):
            row[title] = option_label(question, value, lang)
        elif question.kind == "yes_no":
            row[title] = {"fr": {True: "Oui", False: "Non"}, "en": {True: "Yes", False: "No"}}[
                lang
            ][value]
        elif question.kind == "number" and value >= 1000:
            row[title] = f"{value:,}".replace(",", "\u202f")  # as French is typed
        else:
            row[title] = str(value)
    return row


def option_label(question: Any, value: Any, lang: str) -> str:
    if value is None:
        return ""
    for option in getattr(question, "options", None) or getattr(question, "scale", []):
        if getattr(option, "id", getattr(option, "value", None)) == value:
            return localised(option.label, lang)
    raise AssertionError(value)


def google_csv(form: Any, originals: list[Responses], tmp_path: Path) -> Any:
    """Google Forms "Download responses (.csv)", a French form and sheet."""
    rows = []
    for r in originals:
        date = r.date.strftime("%d/%m/%Y")
        rows.append(
            {"Horodateur": "2026/11/20 10:00:00 UTC+1"} | label_row(r, "fr", ", ", True, date)
        )
    export = tmp_path / "google.csv"
    export.write_bytes(write_csv(rows))
    return export, {"locale": "fr"}


def ms_xlsx(form: Any, originals: list[Responses], tmp_path: Path) -> Any:
    """Microsoft Forms "Open in Excel", an English form answered in the en-US locale."""
    rows = []
    for i, r in enumerate(originals, start=1):
        meta = {"ID": i, "Start time": "11/20/2026 10:00", "Completion time": "11/20/2026 10:30"}
        meta |= {"Email": "anonymous", "Name": "", "Last modified time": ""}
        date = r.date.strftime("%m/%d/%Y")
        rows.append(meta | label_row(r, "en", ";", False, date, trailing=";"))
    export = tmp_path / "forms.xlsx"
    write_xlsx(export, {"Sheet1": rows})
    return export, {"locale": "en-US"}


def limesurvey_csv(form: Any, originals: list[Responses], tmp_path: Path) -> Any:
    """LimeSurvey: the structure ``questionnaire export --format limesurvey`` writes,
    imported, answered and exported with *Question code* headings and *Answer codes*
    (survey_forms.limesurvey_export says what it mirrors); no roster."""
    structure = tmp_path / "survey.txt"
    v1 = "social-readiness@1.0.0"
    command = ["questionnaire", "export", v1, "--format", "limesurvey", "-o", str(structure)]
    assert main(command) == 0
    export = tmp_path / "results-survey123456.csv"
    export.write_bytes(limesurvey_export(structure.read_text(encoding="utf-8"), originals))
    return export, {}


SHAPES: dict[str, tuple[str, Callable[..., Any], bool]] = {
    "kobo-csv-default": ("kobo", lambda f, o, t: kobo_csv(f, o, t, groups=False), True),
    "kobo-csv-groups": ("kobo", lambda f, o, t: kobo_csv(f, o, t, groups=True), True),
    "kobo-xlsx": ("kobo", kobo_xlsx, True),
    "odk-central-zip": ("odk-central", odk_zip, True),
    "limesurvey-codes-csv": ("limesurvey", limesurvey_csv, False),
    "google-forms-csv": ("google-forms", google_csv, False),
    "ms-forms-xlsx": ("ms-forms", ms_xlsx, False),
}


def without_roster(responses: Responses) -> Responses:
    answers = {k: v for k, v in responses.answers.items() if k != ROSTER}
    data = responses.model_dump(
        mode="json", exclude={"fingerprint", "annotations", "warnings", "source"}
    )
    return load_responses(data | {"answers": answers})


def chosen(answers: dict[str, Any]) -> dict[str, Any]:
    """Answers with each multiple choice as the set of its options: an export of one column
    per option gives them in the questionnaire's order, not in the order they were given."""
    return {
        ident: frozenset(value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value)
        else value
        for ident, value in answers.items()
    }


@pytest.mark.parametrize("shape", list(SHAPES))
def test_each_tool_s_export_reads_with_its_preset_alone(
    shape: str, form: Any, originals: list[Responses], tmp_path: Path
) -> None:
    tool, write, carries_roster = SHAPES[shape]
    export, options = write(form, originals, tmp_path)
    mapping = SurveyMapping(
        preset=tool,  # type: ignore[arg-type]
        locale=options.pop("locale", None),
        questionnaire="social-readiness@1.0.0",
    )
    result = read_responses_csv(export, mapping, **options)
    assert result.problems == []
    expected = originals if carries_roster else [without_roster(r) for r in originals]
    q = load_questionnaire("social-readiness@1.0.0")
    for original, imported in zip(expected, result.responses, strict=True):
        assert chosen(imported.answers) == chosen(original.answers)
        assert imported.organisation == original.organisation
        assert imported.date == original.date
    scores = [round(assess(q, r).overall.score or 0, 1) for r in result.responses]
    if carries_roster:
        assert scores == SCORES
    else:
        assert scores == [round(assess(q, r).overall.score or 0, 1) for r in expected]
        assert any("no roster file" in w.message for w in result.warnings)
    unread = [w.message for w in result.warnings if "not read" in w.message]
    assert unread == [], unread


def test_a_checkbox_label_with_a_comma_is_split_against_the_known_labels() -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    question = next(
        x
        for x in q.questions.values()
        if x.kind == "multiple_choice" and any(", " in localised(o.label, "fr") for o in x.options)  # type: ignore[union-attr]
    )
    options = question.options  # type: ignore[union-attr]
    comma = next(o for o in options if ", " in localised(o.label, "fr"))
    other = next(o for o in options if o is not comma and not o.exclusive)
    from socialready._kinds import kind_of

    kind = kind_of(question)
    labels = kind.cell_labels(question, {})
    cell = f"{localised(comma.label, 'fr')}, {localised(other.label, 'fr')}".replace("’", "'")
    assert kind.read_cell(question, cell, labels, ", ") == [comma.id, other.id]


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("1 340 000", 1340000),
        ("1\u202f340\u202f000", 1340000),
        ("1,340,000", 1340000),
        ("92,5", 92.5),
    ],
)
def test_thousands_separators_that_mean_nothing_else_are_read(cell: str, number: float) -> None:
    from socialready._cells import number_cell

    assert number_cell(cell) == number
    assert number_cell("1,500") == "1,500"  # a thousands separator, or a decimal comma?


def test_an_explicit_mapping_entry_wins_over_the_preset(
    form: Any, originals: list[Responses], tmp_path: Path
) -> None:
    export, options = kobo_csv(form, originals, tmp_path, groups=False)
    mapping = SurveyMapping(
        preset="kobo", organisation="org_sector", questionnaire="social-readiness@1.0.0"
    )
    result = read_responses_csv(export, mapping, **options)
    assert [r.organisation.name for r in result.responses] == [
        o.organisation.sector for o in originals
    ]


def test_no_mapping_and_no_preset_is_refused(tmp_path: Path) -> None:
    from socialready.errors import SocialReadyError

    with pytest.raises(SocialReadyError, match="or a preset: one of kobo, odk-central"):
        read_responses_csv(ROOT / "tests" / "data" / "v1" / "survey-export.csv")


def test_the_command_line_reads_an_export_with_from_and_no_mapping(
    form: Any, originals: list[Responses], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export, _ = odk_zip(form, originals, tmp_path)
    v1 = ["--questionnaire", "social-readiness@1.0.0"]
    code = main(
        ["score", str(export), "--from", "odk-central", "--organisation", "Studio Hélice", *v1]
    )
    assert code == 0
    out, err = capsys.readouterr()
    assert "23/100" in out
    assert "not read" not in err


def test_workbooks_and_zips_are_survey_exports() -> None:
    from socialready.inputs import is_survey_export

    assert all(is_survey_export(n) for n in ("a.csv", "b.XLSX", "c.zip"))
    assert not is_survey_export("a.yaml")


# --- the property: any responses, written in each shape, read back the same ---------------

_WORDS = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters=" '’-,.()"),
    min_size=1,
    max_size=24,
).map(lambda s: " ".join(s.split()))
"""Texts people type: letters, digits, spaces and some punctuation; spaces at the ends are
not kept by any export, nor runs of them by Google Forms."""


@st.composite
def tool_responses(draw: st.DrawFn, roster: Any) -> Responses:
    """Responses a survey tool can carry: answers from ``strategies.answers_for``, numbers as
    typed (two decimals at most, whole for a whole-number question), texts as
    :data:`_WORDS`, no empty selection (a tool writes it as no answer), and ``roster`` (a
    roster a tool carries, or None)."""
    q = load_questionnaire("social-readiness@1.0.0")
    answers = draw(answers_for(q))
    for ident, value in list(answers.items()):
        question = q.questions[ident]
        if question.kind == "roster" or value in ([], {}):
            del answers[ident]
        elif question.kind == "number":
            integer = question.integer  # type: ignore[union-attr]
            answers[ident] = int(value) if integer else round(float(value), 2)
        elif question.kind == "text":
            answers[ident] = draw(_WORDS.filter(bool))
    if roster is not None:
        answers[ROSTER] = roster
    data = {
        "questionnaire": q.ref,
        "organisation": {
            "name": draw(_WORDS.filter(bool)),
            "sector": draw(st.none() | _WORDS.filter(bool)),
            "size_band": draw(st.none() | st.sampled_from(["1-9", "10-49", "250-999", "1000+"])),
            "country": draw(st.none() | st.sampled_from(["FR", "BE", "CA"])),
        },
        "date": draw(st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31))).isoformat(),
        "assessor": draw(_WORDS.filter(bool)),
        "answers": answers,
    }
    return load_responses(data, q)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_random_responses_written_in_each_shape_read_back_the_same(
    shape: str, form: Any, originals: list[Responses]
) -> None:
    tool, write, carries_roster = SHAPES[shape]
    roster = originals[0].answers[ROSTER] if carries_roster else None

    @settings(max_examples=12, deadline=None)
    @given(tool_responses(roster))
    def round_trip(responses: Responses) -> None:
        with tempfile.TemporaryDirectory() as folder:
            export, options = write(form, [responses], Path(folder))
            mapping = SurveyMapping(
                preset=tool,  # type: ignore[arg-type]
                locale=options.pop("locale", None),
                questionnaire="social-readiness@1.0.0",
            )
            result = read_responses_csv(export, mapping, **options)
        assert result.problems == []
        (imported,) = result.responses
        assert chosen(imported.answers) == chosen(responses.answers)
        assert imported.organisation == responses.organisation
        assert (imported.date, imported.assessor) == (responses.date, responses.assessor)

    round_trip()
