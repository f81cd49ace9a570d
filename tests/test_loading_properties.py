"""Property: any questionnaire-shaped input either loads or raises QuestionnaireError."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialready import Questionnaire, QuestionnaireError, questionnaire_from_data
from strategies import json_values, mutated_questionnaires, questionnaires, valid_questionnaires


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_questionnaires())
def test_consistent_questionnaires_load(data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    q = questionnaire_from_data(None, "generated.yaml", text=text)
    assert q.model_dump(exclude_defaults=True) == questionnaire_from_data(data).model_dump(
        exclude_defaults=True
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(questionnaires(), mutated_questionnaires()))
def test_generated_questionnaires_load_or_raise_located_errors(data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        q = questionnaire_from_data(None, "generated.yaml", text=text)
    except QuestionnaireError as exc:
        problems = exc.problems
    else:
        assert isinstance(q, Questionnaire)
        assert q.fingerprint == questionnaire_from_data(q.model_dump()).fingerprint
        return
    assert problems
    for problem in problems:
        assert problem.source == "generated.yaml"
        assert problem.message
        assert problem.line is not None, str(problem)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_yaml_value_loads_or_raises(value: Any) -> None:
    text = yaml.safe_dump(value)
    try:
        questionnaire_from_data(None, "any.yaml", text=text)
    except QuestionnaireError as exc:
        problems = exc.problems
    else:
        return
    assert problems
