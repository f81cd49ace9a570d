"""The export of a roster's repeat group as survey tools write it, shared by the tests that
build tools' exports from the examples (test_survey_presets, test_xlsform)."""

from __future__ import annotations

from typing import Any

from socialready import Responses

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
