"""Carrying 1.0.0 answers to 2.0.0: what is carried, and what is listed, located, as not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from socialready import load_questionnaire, load_responses
from socialready.cli import main
from socialready.errors import ResponsesError
from socialready.migration import migrate_responses, migrated_text, migration_table

V1 = Path(__file__).parent / "data" / "v1"
EXAMPLES = ["agence-12", "manufacturer-400", "retailer"]


def test_the_shipped_table_names_only_questions_and_answers_that_exist() -> None:
    table = migration_table("social-readiness", "1.0.0", "2.0.0")
    old = load_questionnaire("social-readiness@1.0.0")
    new = load_questionnaire("social-readiness@2.0.0")
    for qid, move in table.questions.items():
        assert qid in old.questions
        for target in move.to or [qid]:
            assert target in new.questions
        assert move.reason or all(rule.new is not None for rule in move.answers)


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_1_0_example_migrates_and_keeps_what_means_the_same(name: str) -> None:
    old = load_responses(V1 / f"{name}.yaml")
    assert old.questionnaire == "social-readiness@1.0.0"
    migration = migrate_responses(V1 / f"{name}.yaml", "2.0.0")
    new = migration.responses
    assert new.questionnaire == "social-readiness@2.0.0"
    # every answer to a question whose meaning is unchanged is carried as it was
    for qid in ("mapping_search", "sharing_default", "coordination_body", "usage_charter"):
        assert new.answers[qid] == old.answers[qid]
    # an official account of 1.0.0 cannot say if it is active: listed, located at its row
    rows = [row for row, v in old.answers["brand_presence"].items() if v == "official_account"]
    listed = [p for p in migration.not_carried if p.path[:2] == ("answers", "brand_presence")]
    assert [p.path[-1] for p in listed] == rows
    for problem in migration.not_carried:
        assert str(problem.source).endswith(f"{name}.yaml")
        assert problem.line
        assert problem.column
        assert "not carried" in problem.message
    for row in rows:
        assert row not in new.answers["brand_presence"]
    # the questions 2.0.0 adds are left to answer
    assert "business_objectives" in migration.to_answer


def test_a_split_question_carries_a_yes_to_both_and_lists_a_no(tmp_path: Path) -> None:
    text = (V1 / "retailer.yaml").read_text(encoding="utf-8")
    assert "account_credentials: true" in text
    yes = migrate_responses(V1 / "retailer.yaml")
    assert yes.responses.answers["account_ownership"] is True
    assert yes.responses.answers["account_admins"] is True
    no = tmp_path / "no.yaml"
    no.write_text(text.replace("account_credentials: true", "account_credentials: false"), "utf-8")
    migration = migrate_responses(no)
    assert "account_ownership" not in migration.responses.answers
    (problem,) = [p for p in migration.not_carried if "account_credentials" in p.path]
    assert "two things in one question" in problem.message


def test_an_answer_mapped_to_a_new_option_is_carried_as_that_option(tmp_path: Path) -> None:
    text = (V1 / "retailer.yaml").read_text(encoding="utf-8")
    source = tmp_path / "r.yaml"
    changed = text.replace("\n    value: rules\n", "\n    value: policy\n")
    assert changed != text
    source.write_text(changed, encoding="utf-8")
    assert load_responses(source).answers["website_moderation"] == "policy"
    assert migrate_responses(source).responses.answers["website_moderation"] == "published_policy"


def test_the_migrated_text_loads_against_2_0_0(tmp_path: Path) -> None:
    migration = migrate_responses(V1 / "agence-12.yaml")
    out = tmp_path / "agence.yaml"
    out.write_text(migrated_text(migration), encoding="utf-8")
    written = load_responses(out)
    assert written.answers == migration.responses.answers
    assert written.organisation == migration.responses.organisation
    assert written.date == migration.responses.date


def test_a_version_that_is_not_shipped_is_refused() -> None:
    with pytest.raises(ResponsesError) as caught:
        migrate_responses(V1 / "retailer.yaml", "9.0.0")
    assert "1.0.0, 2.0.0" in str(caught.value)


def test_the_command_writes_the_file_and_lists_what_it_could_not_carry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "agence.yaml"
    shutil.copy(V1 / "agence-12.yaml", source)
    out = tmp_path / "agence-2.yaml"
    assert main(["migrate", str(source), "--to", "2.0.0", "-o", str(out)]) == 0
    assert load_responses(out).questionnaire == "social-readiness@2.0.0"
    err = capsys.readouterr().err
    assert f"not carried: {source}:" in err
    assert "answers.brand_presence.value.linkedin" in err
    assert "left to answer:" in err


def test_1_0_0_answers_still_load_and_name_their_version() -> None:
    responses = load_responses(V1 / "agence-12.yaml")
    assert responses.fingerprint == load_questionnaire("social-readiness@1.0.0").fingerprint
    assert load_questionnaire().version == "2.0.0"
    assert load_questionnaire("social-readiness").version == "2.0.0"
