"""The example organisations: they load cleanly, land on their levels, and score by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialready import Assessment, assess, load_questionnaire, load_responses
from socialready.cli import main

EXAMPLES = Path(__file__).parent / "data" / "v1"


def assessment(name: str) -> Assessment:
    responses = load_responses(EXAMPLES / f"{name}.yaml")
    assert responses.warnings == []
    return assess(load_questionnaire("social-readiness@1.0.0"), responses)


@pytest.mark.parametrize(
    ("name", "level", "low", "high"),
    [
        ("agence-12", "exploring", 20, 40),
        ("manufacturer-400", "structuring", 40, 60),
        ("retailer", "advanced", 80, 100),
    ],
)
def test_levels(name: str, level: str, low: float, high: float) -> None:
    a = assessment(name)
    assert a.overall.level == level
    assert a.overall.score is not None
    assert low <= a.overall.score < high


def test_hand_computed_section_scores() -> None:
    # sharing culture: sharing_default (w2, 1/3), knowledge_findability (w1, 1/3),
    # monitoring_sharing (w1, 0/1); the free-text question is not scored
    agency = assessment("agence-12")
    assert agency.sections["s1_sharing_culture"].score == pytest.approx(100 * (2 / 3 + 1 / 3) / 4)
    # supervision: connection_review (w1, 1/3), moderation_policy (w2, 1/3),
    # usage_charter (w2, 1/3), escalation_procedure (w1, 0), reporting_frequency (w1, 2/3)
    manufacturer = assessment("manufacturer-400")
    assert manufacturer.sections["s3_supervision"].score == pytest.approx(100 / 3)
    # supervision: 1/3, 2·2/3, 2·1, 1, 1 over the weights 1+2+2+1+1
    retailer = assessment("retailer")
    assert retailer.sections["s3_supervision"].score == pytest.approx(100 * 17 / 21)


def test_staffing_gaps_of_the_examples() -> None:
    agency = assessment("agence-12").staffing
    assert agency is not None
    # internal animation and monitoring are not among the agency's uses: no owner is asked
    assert [g.kind for g in agency.gaps].count("no_owner") == 4
    overloaded = [g for g in agency.gaps if g.kind == "overloaded"]
    assert [(g.people, g.share) for g in overloaded] == [(("Julien Le Goff",), 110)]
    manufacturer = assessment("manufacturer-400").staffing
    assert manufacturer is not None
    assert [(g.kind, g.responsibility) for g in manufacturer.gaps] == [
        ("no_owner", "internal_animation"),
        ("no_backup", "customer_answering"),
    ]
    retailer = assessment("retailer").staffing
    assert retailer is not None
    assert [(g.kind, g.responsibility) for g in retailer.gaps] == [("several_owners", "reporting")]


def test_the_richer_the_organisation_the_fewer_the_actions() -> None:
    counts = [len(assessment(n).actions) for n in ("agence-12", "manufacturer-400", "retailer")]
    assert counts == sorted(counts, reverse=True)
    assert counts[-1] <= 3


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_score_command_prints_the_level(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(EXAMPLES / "retailer.yaml"), "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert "Maison Garance" in out
    assert ("Avancée" if lang == "fr" else "Advanced") in out
    gaps = {"fr": "Équipe dédiée\u00a0: 1 manque relevé", "en": "Dedicated staff: 1 gap found"}
    assert gaps[lang] in out


def test_score_json_has_the_documented_top_level(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(EXAMPLES / "manufacturer-400.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {
        "overall",
        "steps",
        "sections",
        "dimensions",
        "completeness",
        "actions",
        "staffing",
    } <= set(data)
    assert data["overall"]["level"] == "structuring"
    assert 40 <= data["overall"]["score"] < 60
    assert Assessment.model_validate(data) == assessment("manufacturer-400")


def test_validate_checks_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLES / "retailer.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace("questionnaire: social-readiness@1.0.0", "questionnaire: social-readiness@9"),
        encoding="utf-8",
    )
    files = [str(EXAMPLES / "agence-12.yaml"), str(bad), str(EXAMPLES / "retailer.yaml")]
    assert main(["validate", *files]) == 1
    captured = capsys.readouterr()
    assert captured.out.count(": ok (") == 2
    assert f"{bad}:" in captured.err
    assert "the answers are to social-readiness@9" in captured.err


def test_validate_prints_four_mistakes_with_their_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (EXAMPLES / "retailer.yaml").read_text(encoding="utf-8")
    edits = [
        ("  email_share: 88\n", "  email_share: 188\n"),
        ("  main_collab_tool: esn\n", "  main_colab_tool: esn\n"),
        ("  management_stance: 4\n", "  management_stance: high\n"),
        ("{internal_animation: RA, publishing: C}", "{internal_animation: RA, publishing: Z}"),
    ]
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    bad = tmp_path / "retailer.yaml"
    bad.write_text(text, encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: 4 problems" in err
    assert f"{bad}:48:16: answers.email_share: 188 is out of bounds" in err
    assert f"{bad}:54:3: answers.main_colab_tool: unknown question 'main_colab_tool'" in err
    assert f"{bad}:71:22: answers.management_stance: got the text 'high'" in err
    assert f"{bad}:155:" in err
    assert "answers.dedicated_staff[" in err
    assert ".responsibilities.publishing: role 'Z'" in err
