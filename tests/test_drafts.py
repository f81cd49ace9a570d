"""Drafts: responses that say ``status: draft``, the questions left to ask, and what the
command line and the report say of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from socialready import ResponsesError, assess, load_questionnaire, load_responses
from socialready.cli import main
from socialready.responses import final_problems, left_to_ask

EXAMPLES = Path(__file__).parent / "data" / "v1"


def header(**more: Any) -> dict[str, Any]:
    return {
        "questionnaire": "social-readiness@1.0.0",
        "organisation": {"name": "Maison Garance"},
        "date": "2026-11-26",
        "assessor": "Élodie Marchand",
        **more,
    }


def test_responses_are_final_unless_they_say_draft() -> None:
    assert load_responses(header()).status == "final"
    draft = load_responses(header(status="draft"))
    assert draft.status == "draft"
    assert "status='draft'" in repr(draft)
    assessment = assess(load_questionnaire("social-readiness@1.0.0"), draft)
    assert assessment.responses.status == "draft"
    assert type(assessment).model_validate_json(assessment.model_dump_json()) == assessment


def written(folder: Path, status: str = "") -> Path:
    """A responses file with no answer, and ``status`` if given."""
    path = folder / "r.yaml"
    path.write_text(
        f"questionnaire: social-readiness@1.0.0\n{status}organisation: {{name: X}}\n"
        "date: 2026-11-26\nassessor: A\n",
        encoding="utf-8",
    )
    return path


def test_a_status_neither_draft_nor_final_is_located(tmp_path: Path) -> None:
    path = written(tmp_path, "status: drfat\n")
    with pytest.raises(ResponsesError) as caught:
        load_responses(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.field) == (2, 9, "status")
    assert "'draft'" in str(problem)
    assert "'final'" in str(problem)


def test_left_to_ask_is_what_completeness_counts_unanswered() -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    empty = load_responses(header(status="draft"))
    left = left_to_ask(empty)
    assert left == assess(q, empty).completeness.overall.unanswered
    # free text is never expected, and a question whose when: is false does not apply
    assert "sharing_obstacles" not in left
    assert "official_activity" not in left
    assert left[0] == "brand_presence"
    assert len(left) == 42
    # an answer that makes a conditional question apply adds it
    present = load_responses(header(answers={"brand_presence": {"facebook": "official_account"}}))
    assert "official_activity" in left_to_ask(present)
    assert "brand_presence" not in left_to_ask(present)
    for name in ("agence-12", "manufacturer-400", "retailer"):
        assert left_to_ask(load_responses(EXAMPLES / f"{name}.yaml")) == ()


def test_final_problems_are_located_by_question_id(tmp_path: Path) -> None:
    path = written(tmp_path)
    problems = final_problems(load_responses(path))
    assert len(problems) == 42
    assert str(problems[0]) == (
        f"{path}: answers.brand_presence: not answered (expected an answer: final responses"
        " answer every question that applies)"
    )


def test_validate_lists_the_questions_left_to_ask_by_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "garance.yaml"
    path.write_text(
        "questionnaire: social-readiness@1.0.0\nstatus: draft\n"
        "organisation: {name: Maison Garance}\ndate: 2026-11-26\nassessor: A\n"
        "answers:\n  brand_presence: {facebook: none}\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        f"{path}: ok (Maison Garance, draft, 1 answer, 0 warnings, 41 questions left to ask)\n"
    )
    lines = captured.err.splitlines()
    assert lines[0] == "  left to ask in current_state — Take stock of the current situation:"
    assert lines[1] == (
        f"    warning: {path}: answers.website_features: not answered — Which participatory"
        " features does your website offer?"
    )
    assert "  left to ask in usages — Identify the usages:" in lines
    assert sum(line.startswith("    warning: ") for line in lines) == 41

    # --final: the same questions are errors, and the file fails
    assert main(["validate", str(path), "--final"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == f"{path}: not final: 41 questions left to ask"
    assert lines[1].startswith("  left to ask in current_state — Dresser un bilan")
    assert lines[2].startswith(f"    error: {path}: answers.website_features: not answered — ")
    assert sum(line.startswith("    error: ") for line in lines) == 41


def test_complete_responses_are_final_and_say_nothing_more(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = EXAMPLES / "retailer.yaml"
    assert main(["validate", str(path), "--final"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{path}: ok (Maison Garance, 64 answers, 0 warnings)\n"
    assert captured.err == ""


def draft_of_retailer(tmp_path: Path, left_out: tuple[str, ...]) -> Path:
    """The retailer's responses as a draft, with the answers of ``left_out`` removed."""
    import yaml

    data = yaml.safe_load((EXAMPLES / "retailer.yaml").read_text(encoding="utf-8"))
    data["status"] = "draft"
    for ident in left_out:
        del data["answers"][ident]
    path = tmp_path / "draft.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_draft_report_is_marked_on_every_page_and_lists_what_is_left_to_ask(
    tmp_path: Path,
) -> None:
    import io

    from pypdf import PdfReader

    from socialready.report import render_html, render_pdf

    q = load_questionnaire("social-readiness@1.0.0")
    draft = assess(q, load_responses(draft_of_retailer(tmp_path, ("im_tool", "staff_requests"))))
    html = render_html(draft, lang="en")
    assert '@bottom-center { content: "Draft";' in html
    assert (
        "This report is a draft: 57 of 59 applicable questions were answered (97%); those left"
        " to ask are listed below." in html
    )
    assert "<li>Which instant messaging do your staff use for work?</li>" in html
    pdf = render_pdf(draft, lang="fr")
    assert pdf is not None
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert all("PROJET" in page.extract_text() for page in pages)

    final = assess(q, load_responses(EXAMPLES / "retailer.yaml"))
    assert "@bottom-center" not in render_html(final, lang="en")


def test_the_summary_of_a_draft_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = draft_of_retailer(tmp_path, ())
    assert main(["score", str(path), "--lang", "en"]) == 0
    assert "Maison Garance — 26 November 2026 — Élodie Marchand, Lumen Conseil — Draft\n" in (
        capsys.readouterr().out
    )
