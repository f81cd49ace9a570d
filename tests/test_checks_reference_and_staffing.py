"""Located errors for the reference figures and the staffing rules of a questionnaire."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialready import QuestionnaireError, questionnaire_from_data

BUILTIN = (
    Path(__file__).parent.parent / "questionnaires" / "social-readiness@1.0.0.yaml"
).read_text(encoding="utf-8")


def problems(old: str, new: str) -> list[str]:
    assert BUILTIN.count(old) == 1, old
    text = BUILTIN.replace(old, new)
    with pytest.raises(QuestionnaireError) as caught:
        questionnaire_from_data(None, "q.yaml", text=text)
    return [f"{p.line}: {p.field}: {p.message} ({p.expected})" for p in caught.value.problems]


def line_of(fragment: str) -> int:
    return BUILTIN[: BUILTIN.index(fragment)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    question: email_share\n",
            "    question: main_collab_tool\n",
            "reference_figures[2].question: 'main_collab_tool' is not a percentage question",
        ),
        (
            "  backup_required: [customer_answering]",
            "  backup_required: [customer_answers]",
            "staffing.backup_required[0]: unknown responsibility 'customer_answers'",
        ),
        (
            "  backup_required: [customer_answering]",
            "  backup_required: [customer_answering, moderation, customer_answering]",
            "staffing.backup_required[2]: 'customer_answering' is listed twice",
        ),
        (
            "  time_share_field: time_share",
            "  time_share_field: name",
            "staffing.time_share_field: 'name' is not a percent or number field",
        ),
        (
            '        en: "Lighten the load on {person}"',
            '        en: "Lighten the load on {persn}"',
            "staffing.gaps.overloaded.title.en: unknown placeholder {persn}",
        ),
        (
            "    - {question: department_roles, except: [not_involved, consulted, dont_know]}",
            "    - {question: department_roles, except: [not_involvd, consulted, dont_know]}",
            "staffing.department_mentions[0].except[0]: 'not_involvd' is not an option",
        ),
        (
            "        - {question: sharing_tools, includes: esn}",
            "        - {score: {overall: true}, below: 50}",
            "reference_figures[0].holds.any[1].score: this condition cannot test a score",
        ),
    ],
)
def test_located(old: str, new: str, expected: str) -> None:
    found = problems(old, new)
    assert len(found) == 1, found
    assert f"{line_of(old.strip().split(chr(10))[0])}: {expected}" in found[0]


def test_every_gap_kind_needs_an_action() -> None:
    # idle_department is the last entry of the file
    text = BUILTIN[: BUILTIN.index("    idle_department:")]
    with pytest.raises(QuestionnaireError) as caught:
        questionnaire_from_data(None, "q.yaml", text=text)
    (problem,) = caught.value.problems
    assert problem.field == "staffing.gaps"
    assert problem.message == "no action for the gaps 'idle_department'"


def test_a_gap_s_benefit_has_no_placeholders() -> None:
    old = '        en: "Lighten the load on {person}"\n'
    found = problems(
        old,
        old + '      benefit:\n        fr: "pour {person}."\n        en: "for {person}."\n',
    )
    assert len(found) == 2, found
    assert "staffing.gaps.overloaded.benefit.fr: unknown placeholder {person}" in found[0]
    assert "(plain text, without placeholders)" in found[0]
