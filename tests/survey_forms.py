"""Exports as survey tools write them, shared by the tests that build tools' exports from
the examples (test_survey_presets, test_xlsform, test_survey_limesurvey): a roster's repeat
group, and LimeSurvey's response export of the structure socialready writes."""

from __future__ import annotations

import csv
import io
from typing import Any

from socialready import Responses
from socialready._kinds import HEADER_FIELDS

ROSTER = "dedicated_staff"


def people(
    form: list[dict[str, Any]], responses: Responses, sep: str | None
) -> list[dict[str, str]]:
    """The roster's rows: one per person, headers by name or by path inside the repeat
    (``sep`` "-" for ODK Central: relative to the repeat; "/" for KoboToolbox: from the
    form's root)."""
    columns: list[tuple[str, str]] = []
    path: list[str] = []
    inside = False
    for row in form:
        kind, name = str(row["type"]), str(row["name"])
        if kind == "begin_repeat":
            inside, path = True, [name]
        elif kind == "end_repeat":
            inside = False
        elif inside and kind == "begin_group":
            path.append(name)
        elif inside and kind == "end_group":
            path.pop()
        elif inside:
            parts = [*path, name] if sep == "/" else [*path[1:], name]
            columns.append(((sep or "/").join(parts) if sep else name, name))
    found = []
    for record in responses.answers.get(ROSTER, []):
        person = {}
        for column, name in columns:
            key = name.removeprefix(f"{ROSTER}_")
            if key.startswith("responsibilities_"):
                roles = (record.get("responsibilities") or {}).get(
                    key.removeprefix("responsibilities_"), ""
                )
                person[column] = " ".join(roles)
            else:
                value = record.get(key)
                person[column] = "" if value is None else str(value)
        found.append(person)
    return found


def limesurvey_export(structure: str, answered: list[Responses]) -> bytes:
    """The response export LimeSurvey writes for a survey imported from ``structure`` (the
    tab-separated file ``questionnaire export --format limesurvey`` writes), with
    ``answered`` as its responses, found from the structure file alone: each question,
    subquestion and answer by its text in the survey's base language.

    *Export responses* with *Question code* headings and *Answer codes* (LimeSurvey's
    ``CsvWriter``, ``Writer::getHeadingCode``, ``SurveyObj::getShortAnswer``): a UTF-8 byte
    order mark, every cell quoted, ``;`` between cells, CRLF line ends and an empty line at
    the end; ``id``, ``submitdate``, ``lastpage``, ``startlanguage``, ``seed``,
    ``startdate``, ``datestamp``, then a column per question (``code``) or per subquestion
    (``code[subquestion]``: a matrix row's answer code, a multiple choice's option ``Y`` or
    empty); a date as ``YYYY-MM-DD 00:00:00``, a number without trailing zeros, yes/no as
    ``Y``/``N``; a question not answered empty.
    """
    from socialready import load_questionnaire
    from socialready.questionnaire import localised

    rows = list(csv.DictReader(io.StringIO(structure), delimiter="\t"))
    base = next(r["text"] for r in rows if r["class"] == "S" and r["name"] == "language")
    q = load_questionnaire(answered[0].questionnaire)  # the questionnaire the answers name
    by_text = {localised(x.label, base): x for x in q.questions.values()}
    header_by_text = {label[base]: name for name, (_, label) in HEADER_FIELDS.items()}
    questions: list[tuple[dict[str, str], list[dict[str, str]], list[dict[str, str]]]] = []
    for row in rows:
        if row["language"] != base:
            continue
        if row["class"] == "Q":
            questions.append((row, [], []))
        elif row["class"] == "SQ":
            questions[-1][1].append(row)
        elif row["class"] == "A":
            questions[-1][2].append(row)
    columns = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
    for qrow, subs, _ in questions:
        if subs:
            columns += [f"{qrow['name']}[{s['name']}]" for s in subs]
        else:
            columns.append(qrow["name"])
    lines = [columns]
    for number, responses in enumerate(answered, start=1):
        cells = [str(number), "2026-11-20 10:30:00", "12", base, "123456"]
        cells += ["2026-11-20 10:00:00", "2026-11-20 10:30:00"]
        org = responses.organisation
        header = {
            "org_name": org.name,
            "org_sector": org.sector,
            "org_size": org.size_band,
            "org_country": org.country,
            "assessment_date": f"{responses.date.isoformat()} 00:00:00",
            "assessor": responses.assessor,
        }
        for qrow, subs, answers in questions:
            codes = {a["text"]: a["name"] for a in answers}
            if qrow["text"] in header_by_text:
                value = header[header_by_text[qrow["text"]]]
                cells.append(codes.get(str(value), str(value)) if value is not None else "")
                continue
            question = by_text[qrow["text"]]
            cells += _limesurvey_cells(
                question, responses.answers.get(question.id), qrow["type/scale"], subs, codes, base
            )
        lines.append(cells)
    out = io.StringIO()
    for line in lines:
        out.write(";".join('"' + c.replace('"', '""') + '"' for c in line) + "\r\n")
    return ("\ufeff" + out.getvalue() + "\r\n").encode("utf-8")


def _limesurvey_cells(
    question: Any,
    value: Any,
    kind: str,
    subs: list[dict[str, str]],
    codes: dict[str, str],
    lang: str,
) -> list[str]:
    """The cells of one question in a LimeSurvey response export."""
    from socialready.questionnaire import localised

    def label(option_id: Any) -> str:
        for option in getattr(question, "options", None) or getattr(question, "scale", []):
            if getattr(option, "id", getattr(option, "value", None)) == option_id:
                return localised(option.label, lang)
        raise AssertionError(option_id)

    if kind == "M":
        ids = {localised(o.label, lang): o.id for o in question.options}
        chosen = set(value or [])
        return ["Y" if ids[s["text"]] in chosen else "" for s in subs]
    if kind == "F":
        rows = {localised(r.label, lang): r.id for r in question.rows}
        picked = value or {}
        return [
            codes[label(picked[rows[s["text"]]])] if rows[s["text"]] in picked else "" for s in subs
        ]
    if value is None:
        return [""]
    if kind == "L":
        return [codes[label(value)]]
    if kind == "Y":
        return ["Y" if value else "N"]
    if kind == "N":
        text = f"{value:.10f}"  # DECIMAL(30,10), trailing zeros cut on export
        return [text.rstrip("0").rstrip(".")]
    return [str(value)]
