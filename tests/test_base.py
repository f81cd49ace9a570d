"""_base: the strict model every file is read into, and the shapes of ids, languages, texts."""

from __future__ import annotations

import pytest
from pydantic import Field, TypeAdapter, ValidationError

from socialready._base import Id, Invalid, LangCode, StrictModel, Text


class Sample(StrictModel):
    flag: bool = False
    count: int = 0
    share: float = 0.0
    in_: list[str] = Field(default_factory=list, alias="in")


def error_types(data: object) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        Sample.model_validate(data)
    return [e["type"] for e in caught.value.errors()]


def test_an_unknown_field_is_refused() -> None:
    assert error_types({"flg": True}) == ["extra_forbidden"]


def test_values_are_never_coerced() -> None:
    assert error_types({"flag": "yes"}) == ["bool_type"]
    assert error_types({"count": "12"}) == ["int_type"]
    assert error_types({"count": 1.5}) == ["int_type"]
    assert error_types({"share": float("nan")}) == ["finite_number"]


def test_instances_are_frozen() -> None:
    sample = Sample()
    with pytest.raises(ValidationError, match="frozen"):
        sample.flag = True  # type: ignore[misc]


def test_a_keyword_field_is_read_and_written_under_its_own_name() -> None:
    sample = Sample.model_validate({"in": ["a", "b"]})
    assert sample.in_ == ["a", "b"]
    assert sample.model_dump() == {"flag": False, "count": 0, "share": 0.0, "in": ["a", "b"]}
    assert error_types({"in_": ["a"]}) == ["extra_forbidden"]  # files say ``in``


@pytest.mark.parametrize("ident", ["q1", "A", "7", "s1.q-2_b"])
def test_ids_that_are_accepted(ident: str) -> None:
    assert TypeAdapter(Id).validate_python(ident) == ident


@pytest.mark.parametrize("ident", ["", "_q", "-q", ".q", "a b", "é", "q/1", "x" * 65])
def test_ids_that_are_refused(ident: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Id).validate_python(ident)


def test_language_codes_are_two_or_three_lowercase_letters() -> None:
    codes = TypeAdapter(LangCode)
    assert [codes.validate_python(c) for c in ("fr", "deu")] == ["fr", "deu"]
    for bad in ("FR", "f", "fr-FR", "fren"):
        with pytest.raises(ValidationError):
            codes.validate_python(bad)


def test_a_text_has_words_in_each_of_its_languages() -> None:
    texts = TypeAdapter(Text)
    assert texts.validate_python({"fr": "Oui", "en": "Yes"}) == {"fr": "Oui", "en": "Yes"}
    for bad in ({"fr": ""}, {"FR": "Oui"}, {"fr": 1}, "Oui"):
        with pytest.raises(ValidationError):
            texts.validate_python(bad)


def test_invalid_says_which_part_it_is_about() -> None:
    problem = Invalid("cap 9 can never be reached", "options", 2, "points")
    assert isinstance(problem, ValueError)
    assert str(problem) == "cap 9 can never be reached"
    assert problem.at == ("options", 2, "points")
    assert Invalid("whole model").at == ()


def test_made_builds_what_model_construct_builds() -> None:
    """`made` skips `model_construct`'s loop over fields: the model it makes must be the
    same, field order included, for the two models scoring and validation make with it."""
    from pathlib import Path

    from socialready import Assessment, Responses, assess, load_questionnaire, load_responses
    from socialready._base import made

    q = load_questionnaire("social-readiness@1.0.0")
    path = Path(__file__).parent / "data" / "v1" / "retailer.yaml"
    a = assess(q, load_responses(path, q))
    for model in (a, a.responses):
        cls = type(model)
        assert cls in (Assessment, Responses)
        assert not cls.__pydantic_post_init__
        values = {name: getattr(model, name) for name in cls.model_fields}
        fast, slow = made(cls, dict(values)), cls.model_construct(**values)
        assert list(fast.__dict__) == list(slow.__dict__) == list(cls.model_fields)
        assert fast.__dict__ == slow.__dict__
        assert fast.model_fields_set == slow.model_fields_set
        assert fast.model_extra == slow.model_extra
        assert fast.__pydantic_private__ == slow.__pydantic_private__
        assert fast.model_dump_json() == slow.model_dump_json()
        assert list(model.__dict__) == list(cls.model_fields)  # as assess and load made it
