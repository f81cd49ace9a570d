"""questionnaire: the model of a whole questionnaire (the kinds of question have their own
tests in test_questionnaire_kinds.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from socialready import Questionnaire, load_questionnaire, questionnaire_from_data
from socialready.questionnaire import ReferenceFigure, localised

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(DATA / "scoring.yaml")


def test_localised() -> None:
    text = {"fr": "Oui", "en": "Yes\n"}
    assert localised(text, "fr") == "Oui"
    assert localised(text, "en") == "Yes"  # without the line break a folded block leaves
    assert localised(text, "de") == "Oui"  # the first language it has
    assert localised(None, "fr") == ""
    assert localised({}, "fr") == ""


def test_ref_is_id_at_version(q: Questionnaire) -> None:
    assert q.ref == "scoring-test@1.0.0"


def test_questions_in_file_order_with_their_step_and_section(q: Questionnaire) -> None:
    found = [(step.id, section.id, x.id) for step, section, x in q.iter_questions()]
    assert found == [
        ("one", "a", "channel"),
        ("one", "a", "tools"),
        ("one", "a", "rating"),
        ("one", "b", "charter"),
        ("one", "b", "share"),
        ("one", "b", "followup"),
        ("two", "c", "presence"),
        ("two", "c", "notes"),
        ("two", "c", "staff"),
        ("two", "c", "involved"),
    ]
    assert list(q.questions) == [ident for _, _, ident in found]
    assert q.questions["share"].kind == "number"


@pytest.mark.parametrize(
    ("score", "level"),
    [(0, "low"), (49.999, "low"), (50, "high"), (99.9, "high"), (100, "high")],
)
def test_level_for_a_score(q: Questionnaire, score: float, level: str) -> None:
    # each level holds from <= score < to; 100 falls in no level and gets the last one
    assert q.level_for(score).id == level


def test_the_fingerprint_is_the_content_not_the_file(q: Questionnaire, tmp_path: Path) -> None:
    assert len(q.fingerprint) == 64
    assert int(q.fingerprint, 16) >= 0  # hexadecimal
    as_json = tmp_path / "scoring.json"
    as_json.write_text(json.dumps(q.model_dump(mode="json"), indent=3), encoding="utf-8")
    assert load_questionnaire(as_json).fingerprint == q.fingerprint
    text = (DATA / "scoring.yaml").read_text(encoding="utf-8")
    reweighed = questionnaire_from_data(
        None, "s.yaml", text=text.replace("weight: 2\n", "weight: 2.5\n", 1)
    )
    assert reweighed.fingerprint != q.fingerprint


def test_defaults_of_a_questionnaire(minimal_text: str) -> None:
    q = questionnaire_from_data(None, "mini.yaml", text=minimal_text)
    assert (q.scoring.aggregation, q.scoring.unanswered) == ("mean", "zero")
    assert (q.steps[0].weight, q.steps[0].sections[0].weight) == (1, 1)
    assert (q.reference_figures, q.staffing, q.description) == ([], None, None)


def test_a_questionnaire_needs_dimensions_levels_and_steps(q: Questionnaire) -> None:
    data = q.model_dump()
    for field, value in (("dimensions", []), ("maturity_levels", data["maturity_levels"][:1])):
        with pytest.raises(ValidationError, match=field):
            Questionnaire.model_validate({**data, field: value})
    with pytest.raises(ValidationError, match="version"):
        Questionnaire.model_validate({**data, "version": "v1"})


def test_a_reference_figure_is_measured_one_way() -> None:
    base = {"id": "f", "label": {"en": "F"}, "value": 40, "source": {"en": "S"}}
    assert ReferenceFigure.model_validate({**base, "question": "share"}).holds is None
    for extra in ({}, {"question": "share", "holds": {"question": "share", "answered": True}}):
        with pytest.raises(ValidationError, match="give exactly one of question or holds"):
            ReferenceFigure.model_validate({**base, **extra})
    with pytest.raises(ValidationError):
        ReferenceFigure.model_validate({**base, "question": "share", "value": 120})


def test_help_of_question_shows_its_name_and_text() -> None:
    # help() showed "_AnnotatedAlias in module types", "Annotated = ..." and no text of ours
    import ast
    import pydoc
    import typing

    import socialready
    from socialready import questionnaire

    text = pydoc.render_doc(socialready.Question, renderer=pydoc.plaintext)
    assert "in module socialready.questionnaire" in text
    assert "\nQuestion = " in text
    assert "told apart by its `kind`" in text
    # every question model is named, and the text is the docstring the documentation shows
    doc = socialready.Question.__doc__ or ""
    models = typing.get_args(typing.get_args(socialready.Question)[0])
    assert [m.__name__ for m in models if f"`{m.__name__}`" not in doc] == []
    module = ast.parse(Path(questionnaire.__file__).read_text(encoding="utf-8"))
    body = module.body
    (at,) = [
        i
        for i, node in enumerate(body)
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "Question"
    ]
    docstring = body[at + 1]
    assert isinstance(docstring, ast.Expr)
    assert isinstance(docstring.value, ast.Constant)
    assert docstring.value.value == doc
