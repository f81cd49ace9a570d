"""Level scales on any score, bands written as meant, display scales (issue 14).

The model of ``examples/maturity-model/questionnaire.yaml`` is the running example: its
sections are banded on 0–3 with exact levels at 1, 2 and 3 and "+" levels between, its
dimensions in integer quarters 0–25 / 26–50 / 51–75 / 76–100.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialready import (
    Assessment,
    Questionnaire,
    QuestionnaireError,
    ResponsesError,
    assess,
    load_questionnaire,
    load_responses,
    questionnaire_from_data,
)
from socialready._checks import check_questionnaire
from socialready._prepared import prepare_scale
from socialready._yaml import parse
from socialready.questionnaire import (
    SCALE_TOPS,
    LevelScale,
    MaturityLevel,
    from_scale,
    on_scale,
)

ROOT = Path(__file__).parent.parent
MODEL = ROOT / "examples" / "maturity-model" / "questionnaire.yaml"
ANSWERS = ROOT / "examples" / "maturity-model" / "answers.yaml"
TEXT = MODEL.read_text(encoding="utf-8")
DATA: dict[str, Any] = parse(TEXT).data


def model() -> Questionnaire:
    return load_questionnaire(MODEL)


def example() -> Assessment:
    q = model()
    return assess(q, load_responses(ANSWERS, q))


def scale(ident: str) -> LevelScale:
    return model().level_scales_by_id[ident]


def level_at(scale_id: str, value: float) -> str:
    """The level of a score written on the scale's own scale (1.25 on 0–3)."""
    found = scale(scale_id)
    return found.level_for(from_scale(value, found.scale)).id


# --- bands ----------------------------------------------------------------------------


def test_exact_levels_and_plus_levels_between_them() -> None:
    assert level_at("practice", 0) == "not_practised"
    assert level_at("practice", 0.99) == "not_practised"
    assert level_at("practice", 1) == "initial"
    assert level_at("practice", 1.01) == "initial_plus"
    assert level_at("practice", 1.99) == "initial_plus"
    assert level_at("practice", 2) == "managed"
    assert level_at("practice", 2.5) == "managed_plus"
    assert level_at("practice", 3) == "optimised"


def test_scores_are_rounded_as_declared_before_banding() -> None:
    practice = scale("practice")
    # 1/3 of the points, computed: 0.999… on 0–3, which is 1.00 as shown and banded
    assert practice.level_for(100 / 3).id == "initial"
    assert practice.level_for(100 * (2 / 3)).id == "managed"
    # 1.004 is 1.00; 1.005 rounds half up to 1.01
    assert practice.level_for(from_scale(1.004, "0-3")).id == "initial"
    assert practice.level_for(from_scale(1.005, "0-3")).id == "initial_plus"


def test_integer_bands_leave_no_gap_once_scores_are_rounded() -> None:
    quarters = scale("quarters")
    assert quarters.level_for(25.49).id == "emerging"
    assert quarters.level_for(25.5).id == "developing"  # half up, as the report prints it
    assert quarters.level_for(25.71).id == "developing"
    assert quarters.level_for(50.4).id == "developing"
    assert quarters.level_for(75.5).id == "leading"
    assert quarters.level_for(0).id == "emerging"
    assert quarters.level_for(100).id == "leading"


def test_the_former_maturity_levels_band_exactly_as_before() -> None:
    q = load_questionnaire()
    assert q.level_for(0).id == "starting"  # type: ignore[union-attr]
    assert q.level_for(19.999999).id == "starting"  # type: ignore[union-attr]
    assert q.level_for(20).id == "exploring"  # type: ignore[union-attr]
    assert q.level_for(79.99).id == "operational"  # type: ignore[union-attr]
    assert q.level_for(80).id == "advanced"  # type: ignore[union-attr]
    assert q.level_for(100).id == "advanced"  # type: ignore[union-attr]


def _containing(found: LevelScale, score: float) -> list[str]:
    value = found.value(score) if found.decimals is not None or found.scale != "0-100" else score
    return [x.id for x in found.levels if found.band_of(x).contains(value)]


@given(st.floats(min_value=0, max_value=100))
def test_every_score_has_exactly_one_level_on_every_scale(score: float) -> None:
    scales = [*model().level_scales, load_questionnaire().level_scales_by_id["maturity_levels"]]
    for found in scales:
        assert len(_containing(found, score)) == 1, (found.id, score)


@st.composite
def integer_bands(draw: st.DrawFn) -> LevelScale:
    """A scale of integer bands a..b, (b+1)..c, …, closing at 100, rounded to units."""
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=98), min_size=1, max_size=6)))
    lows = [0, *(c + 1 for c in cuts)]
    highs = [*cuts, 100]
    text = {"en": "x"}
    levels = [
        MaturityLevel.model_validate(
            {"id": f"l{i}", "name": text, "meaning": text, "at_least": lo, "at_most": hi}
        )
        for i, (lo, hi) in enumerate(zip(lows, highs, strict=True))
    ]
    return LevelScale.model_validate({"id": "bands", "decimals": 0, "levels": levels})


@given(integer_bands(), st.floats(min_value=0, max_value=100))
def test_integer_bands_cover_every_score_once(found: LevelScale, score: float) -> None:
    assert len(_containing(found, score)) == 1
    assert found.level_for(score).id in _containing(found, score)


@given(integer_bands(), st.floats(min_value=0, max_value=100))
def test_the_prepared_scales_band_as_the_scales_do(bands: LevelScale, score: float) -> None:
    # scoring bands with the prepared form of each scale (its bands made once)
    scales = [
        *model().level_scales,
        load_questionnaire().level_scales_by_id["maturity_levels"],
        load_questionnaire("social-readiness@1.0.0").scale_for("overall"),
        bands,
    ]
    for found in scales:
        assert found is not None
        prepared = prepare_scale(found)
        assert prepared is not None
        assert prepared.level_for(score) == found.level_for(score).id, (found.id, score)


# --- scales ---------------------------------------------------------------------------


@given(
    st.sampled_from(sorted(SCALE_TOPS)),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0, max_value=10**6),
)
def test_a_value_on_a_scale_comes_back_from_its_score(name: str, decimals: int, n: int) -> None:
    top = SCALE_TOPS[name]
    value = (Decimal(n % (top * 10**decimals + 1)) / 10**decimals).normalize()
    assert on_scale(from_scale(value, name), name, decimals) == value


@given(st.sampled_from(sorted(SCALE_TOPS)), st.floats(min_value=0, max_value=100))
def test_a_score_comes_back_from_its_value_on_a_scale(name: str, score: float) -> None:
    back = from_scale(on_scale(score, name), name)
    assert back == pytest.approx(score, abs=1e-6)
    assert 0 <= on_scale(score, name) <= SCALE_TOPS[name]


def test_display_scales_per_kind_of_score() -> None:
    q = model()
    assert (q.display_for("section", "listening").scale, q.display_for("section").digits) == (
        "0-3",
        2,
    )
    assert q.display_for("dimension", "outward").scale == "0-100"
    assert q.display_for("dimension", "outward").digits == 0
    built_in = load_questionnaire()
    assert built_in.display_for("overall").scale == "0-100"
    assert built_in.display_for("overall").digits == 0


# --- the assessment -------------------------------------------------------------------


def test_the_assessment_carries_a_level_for_every_score_with_a_scale() -> None:
    a = example()
    assert a.overall.level == "initial_plus"
    assert a.levels.sections == {
        "listening": "initial_plus",
        "moderation": "initial",  # 0.999… of 3 is 1.00
        "answering": "managed",  # 1.999… of 3 is 2.00
        "content": "managed_plus",
    }
    assert a.levels.steps == {"foundations": "initial_plus", "engagement": "managed_plus"}
    assert a.levels.dimensions == {"outward": "established", "inward": "developing"}
    assert a.level_of("section", "moderation") == "initial"
    assert type(a).model_validate_json(a.model_dump_json()) == a


def test_the_built_in_questionnaire_has_levels_for_its_overall_score_only() -> None:
    q = load_questionnaire("social-readiness@1.0.0")
    a = assess(q, load_responses(ROOT / "tests" / "data" / "v1" / "retailer.yaml", q))
    assert a.levels == ({}, {}, {})
    assert a.overall.level is not None
    assert q.fingerprint == "68ac25152d49aa36e4ed8877c5ef7a54633bbc1baf133f87fef01100fb15341d"


def test_report_wording_is_in_the_fingerprint_unless_it_restates_the_former_one() -> None:
    q = load_questionnaire()
    data = q.model_dump()
    without = Questionnaire.model_validate({**data, "report": None})
    assert without.fingerprint == q.fingerprint
    other = {"title": {"fr": "Autre", "en": "Other"}}
    assert Questionnaire.model_validate({**data, "report": other}).fingerprint != q.fingerprint


# --- answers given as numbers ---------------------------------------------------------


def test_matrix_and_single_choice_answers_given_as_numbers_name_their_options() -> None:
    r = load_responses(ANSWERS, model())
    assert r.answers["answering_level"] == "2"
    assert r.answers["listening_activities"] == {
        "plan": "2",
        "owner": "2",
        "repeat": "2",
        "measure": "1",
    }


def test_a_number_that_is_no_option_is_still_refused_where_it_is(tmp_path: Path) -> None:
    text = ANSWERS.read_text(encoding="utf-8").replace("answering_level: 2", "answering_level: 4")
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ResponsesError) as caught:
        load_responses(path, model())
    (problem,) = caught.value.problems
    assert problem.field == "answers.answering_level"
    assert problem.line == text.splitlines().index("  answering_level: 4") + 1


# --- the load-time check --------------------------------------------------------------


def problems_of(data: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    q = Questionnaire.model_validate(data)
    return [(p.field, p.message, p.expected) for p in check_questionnaire(q)]


def practice_levels(data: dict[str, Any]) -> list[dict[str, Any]]:
    levels: list[dict[str, Any]] = data["level_scales"][0]["levels"]
    return levels


def test_the_example_has_no_problem() -> None:
    assert problems_of(DATA) == []


def test_integer_bands_without_rounding_leave_gaps() -> None:
    data = copy.deepcopy(DATA)
    del data["level_scales"][1]["decimals"]
    data["display"]["dimensions"] = {"scale": "0-100"}
    found = problems_of(data)
    assert found[0][:2] == (
        "level_scales[1].levels[1].at_least",
        "scores from 25 (excluded) to 26 (excluded) have no level",
    )
    assert "decimals" in (found[0][2] or "")
    assert len(found) == 3


def test_an_overlap_is_located_at_the_end_that_overlaps() -> None:
    data = copy.deepcopy(DATA)
    practice_levels(data)[2]["above"] = 0.5
    found = problems_of(data)
    assert (
        "level_scales[0].levels[2].above",
        "0.5 (excluded) is already in the previous level",
    ) in [f[:2] for f in found]


def test_a_plus_level_that_includes_its_exact_neighbour_overlaps() -> None:
    data = copy.deepcopy(DATA)
    level = practice_levels(data)[2]
    del level["above"]
    level["at_least"] = 1
    assert [f[:2] for f in problems_of(data)] == [
        ("level_scales[0].levels[2].at_least", "1 (included) is already in the previous level")
    ]


def test_exact_levels_need_rounding_and_a_reachable_value() -> None:
    data = copy.deepcopy(DATA)
    del data["level_scales"][0]["decimals"]
    found = [f[:2] for f in problems_of(data)]
    assert (
        "level_scales[0].levels[1].at",
        "an exact level (1) is reached only by scores rounded before banding",
    ) in found
    data = copy.deepcopy(DATA)
    data["level_scales"][0]["decimals"] = 0
    data["display"]["decimals"] = 0
    practice_levels(data)[1]["at"] = 1.5
    assert ("level_scales[0].levels[1].at", "1.5 is never a score rounded to 0 decimals") in [
        f[:2] for f in problems_of(data)
    ]


def test_an_end_off_the_scale_is_refused() -> None:
    data = copy.deepcopy(DATA)
    practice_levels(data)[-1]["at"] = 4
    assert [f[:2] for f in problems_of(data)] == [
        ("level_scales[0].levels[5].at", "4 is outside the scale 0–3")
    ]


def test_a_scale_that_stops_short_of_its_top() -> None:
    data = copy.deepcopy(DATA)
    del practice_levels(data)[-1]
    assert [f[:2] for f in problems_of(data)] == [
        ("level_scales[0].levels[4].below", "scores above 3 (included) have no level")
    ]


def test_unknown_scales_and_disagreeing_display_are_located() -> None:
    data = copy.deepcopy(DATA)
    data["levels"]["dimensions"] = "quartiles"
    data["steps"][0]["sections"][0]["display"] = {"scale": "0-100"}
    found = problems_of(data)
    assert ("levels.dimensions", "unknown level scale 'quartiles'") in [f[:2] for f in found]
    (mismatch,) = [f for f in found if f[0] == "levels.sections"]
    assert mismatch[1] == (
        "level scale 'practice' bands scores on 0-3 rounded to 2 decimals,"
        " but they are shown on 0-100 with 0"
    )


def test_level_ids_are_unique_within_a_scale() -> None:
    data = copy.deepcopy(DATA)
    practice_levels(data)[1]["id"] = "not_practised"
    assert (
        "level_scales[0].levels[1].id",
        "level id 'not_practised' appears twice in this scale",
    ) in [f[:2] for f in problems_of(data)]


@pytest.mark.parametrize(
    ("before", "after", "field", "message"),
    [
        pytest.param(
            "        at: 1\n",
            "        at: 1\n        below: 2\n",
            "level_scales[0].levels[1].below",
            "an exact level (at) has no other end",
            id="exact-and-upper-end",
        ),
        pytest.param(
            "        above: 1\n        below: 2\n",
            "        above: 1\n        at_least: 1\n        below: 2\n",
            "level_scales[0].levels[2].above",
            "give one lower end, at_least or above, not both",
            id="two-lower-ends",
        ),
        pytest.param(
            "        above: 2\n        below: 3\n",
            "        above: 2\n",
            "level_scales[0].levels[4].at_most",
            "give one upper end: at_most (included) or below (excluded)",
            id="no-upper-end",
        ),
    ],
)
def test_a_band_written_wrong_is_located_in_the_file(
    before: str, after: str, field: str, message: str
) -> None:
    assert TEXT.count(before) == 1
    bad = TEXT.replace(before, after)
    with pytest.raises(QuestionnaireError) as caught:
        questionnaire_from_data(None, "model.yaml", text=bad)
    found = [(p.field, p.message) for p in caught.value.problems]
    assert (field, message) in found
    (problem,) = [p for p in caught.value.problems if p.field == field]
    assert problem.line is not None


# --- the command line -----------------------------------------------------------------


def test_questionnaire_show_prints_each_band_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    from socialready.cli import main

    assert main(["questionnaire", "show", str(MODEL), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Level scale practice (on 0-3, scores rounded to 2 decimals)" in out
    assert "used by: overall, foundations, engagement, listening, moderation" in out
    for line in (
        "- ≥ 0 and < 1: 0 — Not practised",
        "- = 1: 1 — Initial",
        "- > 1 and < 2: 1+",
        "- = 3: 3 — Optimised",
        "- 26–50: Developing",
        "- section: 0-3 (2 decimals)",
        "- dimension: 0-100 (0 decimals)",
    ):
        assert line in out, line
    assert "0.001" not in out
    assert main(["questionnaire", "show", "--lang", "en"]) == 0
    built_in = capsys.readouterr().out
    assert "Maturity levels (on 0-100)" in built_in
    assert "- 0–20: Starting point" in built_in


def test_score_prints_each_score_on_its_scale_with_its_level(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from socialready.cli import main

    args = ["score", str(ANSWERS), "--questionnaire", str(MODEL), "--lang", "en"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Overall score: 1.66/3  1+" in out
    assert "1.25  Listening  (1+)" in out
    assert "1.00  Moderation  (1 — Initial)" in out
    assert "69  Facing the community  (Established)" in out
