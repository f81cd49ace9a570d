"""Question kinds own their behaviour: one object per kind, asked by every other module."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from socialready import Responses, ResponsesError, assess, load_questionnaire, load_responses
from socialready import _kinds as kinds
from socialready.conditions import OPERATORS
from socialready.questionnaire import Question, YesNoQuestion

DATA = Path(__file__).parent / "data"
SRC = Path(__file__).parent.parent / "src" / "socialready"
HEADER: dict[str, Any] = {
    "questionnaire": "scoring-test@1.0.0",
    "organisation": {"name": "X"},
    "date": "2026-11-27",
    "assessor": "Y",
}


def question_classes() -> list[type[Any]]:
    union = typing.get_args(typing.get_args(Question)[0])
    return list(union)


def test_every_kind_of_question_has_one_kind_object() -> None:
    classes = question_classes()
    assert len(classes) == 8
    names = set()
    for cls in classes:
        kind = kinds._KINDS[cls]
        literal = typing.get_args(cls.model_fields["kind"].annotation)
        assert literal == (kind.name,)
        assert set(kind.operators) <= set(OPERATORS)
        assert "answered" in kind.operators
        names.add(kind.name)
    assert len(names) == 8


def test_outside_the_kinds_module_no_module_tests_a_question_class() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "_kinds.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "isinstance(" in line and "Question" in line.split("isinstance(", 1)[1]:
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("channel", ["some"]),  # a list for a single choice
        ("channel", "unknown"),
        ("channel", 3),
        ("tools", "chat"),  # one option id where a list is expected
        ("tools", ["chat", "chat"]),
        ("tools", [["chat"]]),  # an unhashable item
        ("tools", ["nope"]),
        ("rating", True),  # a boolean is no scale value
        ("rating", 99),
        ("rating", "2"),
        ("charter", "no"),
        ("charter", 1),
        ("share", True),
        ("share", "60"),
        ("share", float("nan")),
    ],
)
def test_scorers_say_an_answer_does_not_fit_with_a_value(question: str, value: Any) -> None:
    q = load_questionnaire(DATA / "scoring.yaml")
    target = q.questions[question]
    scorer = kinds.kind_of(target).scorer(target, True)
    assert scorer is not None
    assert scorer(value) is None


def test_an_answer_that_does_not_fit_is_a_located_responses_error() -> None:
    q = load_questionnaire(DATA / "scoring.yaml")
    good = load_responses({**HEADER, "answers": {}}, q)
    bad = Responses.model_validate({**good.model_dump(), "answers": {"tools": ["x" * 500]}})
    with pytest.raises(ResponsesError) as caught:
        assess(q, bad)
    [problem] = caught.value.problems
    assert problem.field == "answers.tools"
    assert "does not fit the question" in problem.message
    assert len(problem.message) < 200  # the answer is shown as a short excerpt


def test_a_bug_inside_a_scorer_is_not_dressed_up_as_a_user_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: Any, question: YesNoQuestion, unanswered_zero: bool) -> kinds.Scorer:
        def scorer(value: Any) -> kinds.Scored | None:
            raise KeyError("a bug of ours")

        return scorer

    monkeypatch.setattr(type(kinds._KINDS[YesNoQuestion]), "scorer", broken)
    q = load_questionnaire(DATA / "scoring.yaml")  # a new object: its scoring plan is new
    with pytest.raises(KeyError, match="a bug of ours"):  # where it happens, as what it is
        assess(q, load_responses({**HEADER, "answers": {"charter": True}}, q))


def test_the_words_of_an_answer_come_from_its_kind() -> None:
    from socialready.report.i18n import Words

    q = load_questionnaire(DATA / "scoring.yaml")
    words = Words("fr")
    share = q.questions["share"]
    assert kinds.kind_of(share).text(share, 62.5, words) == "63\u202f%"  # halves up
    charter = q.questions["charter"]
    assert kinds.kind_of(charter).text(charter, True, words) == "Oui"
    tools = q.questions["tools"]
    assert kinds.kind_of(tools).text(tools, ["chat", "wiki"], Words("en")) == "Chat; Wiki"


def test_survey_cells_by_kind() -> None:
    q = load_questionnaire(DATA / "scoring.yaml")
    channel, tools, charter, share = (
        q.questions[i] for i in ("channel", "tools", "charter", "share")
    )

    def cell(question: Question, text: str) -> Any:
        kind = kinds.kind_of(question)
        return kind.read_cell(question, text, kind.cell_labels(question, {}), ";")

    assert cell(channel, " Many ") == "many"
    assert cell(tools, "Chat; Wiki") == ["chat", "wiki"]
    assert cell(charter, "oui") is True
    assert cell(charter, "0") is False
    assert cell(charter, "maybe") == "maybe"  # refused later
    assert cell(share, "62,5") == 62.5
    rating = q.questions["rating"]
    assert cell(rating, "good") == 3  # a scale point by its label
    assert cell(rating, "2") == 2


def test_a_matrix_cell_is_the_answer_in_one_row() -> None:
    q = load_questionnaire(DATA / "scoring.yaml")
    presence = q.questions["presence"]
    kind = kinds.kind_of(presence)
    labels = kind.cell_labels(presence, {"Sí": "yes"})
    assert kind.read_cell(presence, " Sí ", labels, ";") == "yes"  # the mapping's own label
    assert kind.read_cell(presence, "n/a", labels, ";") == "na"
    assert kind.read_cell(presence, "maybe", labels, ";") == "maybe"  # refused later


def test_every_kind_asks_its_question_in_an_xlsform() -> None:
    q = load_questionnaire(DATA / "scoring.yaml")
    assert len({x.kind for x in q.questions.values()}) == 8  # every kind is tried
    for question in q.questions.values():
        fields, choices = kinds.kind_of(question).form(question, "${charter} = 'yes'")
        # the question's first field (or group) is asked when its condition holds
        assert fields[0].name == question.id
        assert [f.relevant for f in fields] == ["${charter} = 'yes'"] + [""] * (len(fields) - 1)
        depth = 0
        for f in fields:  # every group or repeat it opens, it closes
            depth += f.type.startswith("begin_") - f.type.startswith("end_")
            assert depth >= 0
        assert depth == 0
        selected = {f.type.split()[1] for f in fields if f.type.startswith("select_")}
        assert {c.list_name for c in choices} <= selected  # no list that nothing asks


@given(
    count=st.integers(min_value=2, max_value=10),
    points=st.lists(st.sampled_from([0.0, 0.1, 0.2, 0.5, 1.0, 2.5]), min_size=10, max_size=10),
    picks=st.lists(st.integers(min_value=0, max_value=12), max_size=8),
    cap=st.none() | st.sampled_from([0.1, 0.3, 1.0]),
)
def test_prepared_multiple_choice_scores_are_the_ones_computed(
    count: int, points: list[float], picks: list[int], cap: float | None
) -> None:
    # up to ten options, every answer's score is prepared; beyond, it is computed: the two
    # agree on every answer, unknown options and options given twice included, and the
    # order of the options changes nothing
    from socialready.questionnaire import MultipleChoiceQuestion

    options = [{"id": f"o{i}", "label": {"en": f"O{i}"}, "points": points[i]} for i in range(count)]
    options[0] |= {"not_applicable": True, "points": 0.0}
    assume(cap is None or cap <= sum(points[1:count]))  # a cap the options can reach
    question = MultipleChoiceQuestion.model_validate(
        {"id": "q", "kind": "multiple_choice", "label": {"en": "Q"}, "options": options}
        | ({} if cap is None else {"cap": cap})
    )
    prepared = kinds._multi_scorer(question)
    answer = [f"o{i}" for i in picks]
    saved = kinds._ALL_SUBSETS_UP_TO
    try:
        kinds._ALL_SUBSETS_UP_TO = 0
        computed = kinds._multi_scorer(question)
    finally:
        kinds._ALL_SUBSETS_UP_TO = saved
    assert prepared(answer) == computed(answer)
    assert prepared(answer[::-1]) == prepared(answer)


@given(value=st.integers(-10, 2_000_000) | st.floats(-10, 2e6, allow_nan=False))
def test_a_number_is_scored_by_the_band_it_falls_in(value: float) -> None:
    # the band is found by bisection among the bands' starts: the same as the first band,
    # in file order, with from <= value < to
    from socialready.questionnaire import NumberQuestion

    numbers = [
        x
        for q in (
            load_questionnaire("social-readiness@1.0.0"),
            load_questionnaire(DATA / "scoring.yaml"),
        )
        for _, _, x in q.iter_questions()
        if isinstance(x, NumberQuestion) and x.bands
    ]
    assert numbers
    for question in numbers:
        expected = next(
            (
                ("scored", b.points)
                for b in question.bands
                if (b.from_ is None or value >= b.from_) and (b.to is None or value < b.to)
            ),
            ("scored", 0.0),
        )
        assert kinds._number_scorer(question)(value) == expected


@given(
    weights=st.lists(st.sampled_from([0.5, 1, 2, 3, 0.1]), min_size=1, max_size=5),
    points=st.lists(st.sampled_from([0, 1, 2, 3, 0.5, 0.25, 1.5]), min_size=2, max_size=4),
    flags=st.lists(st.sampled_from(["", "na", "dk"]), min_size=4, max_size=4),
    zero=st.booleans(),
    cells=st.lists(st.integers(-1, 4), max_size=7),
)
def test_prepared_matrix_outcomes_are_the_ones_computed(
    weights: list[float], points: list[float], flags: list[str], zero: bool, cells: list[int]
) -> None:
    # a matrix whose cells add whole numbers has the outcome of each pair of sums prepared;
    # any other is scored row by row: both give the scorer's result to the last bit, for
    # answers with unknown rows and options too
    from socialready.questionnaire import MatrixQuestion

    options: list[dict[str, Any]] = []
    for i, p in enumerate(points):
        option: dict[str, Any] = {"id": f"o{i}", "label": {"en": "O"}, "points": p}
        if flags[i] == "na":
            option |= {"not_applicable": True, "points": 0}
        elif flags[i] == "dk":
            option |= {"dont_know": True, "points": 0}
        options.append(option)
    rows = [{"id": f"r{i}", "label": {"en": "R"}, "weight": w} for i, w in enumerate(weights)]
    question = MatrixQuestion.model_validate(
        {"id": "m", "kind": "matrix", "label": {"en": "M"}, "rows": rows, "options": options}
    )
    scorer = kinds._matrix_scorer(question, zero)
    finder = kinds._matrix_finder(question, zero, lambda scored: scored)
    if all(float(w).is_integer() for w in weights) and all(float(p).is_integer() for p in points):
        assert finder is not None
    if finder is None:
        return
    answers: list[Any] = [{}, [], "o0", {f"r{i}": f"o{c}" for i, c in enumerate(cells)}]
    answers += [{"r0": 1}, {"r0": ["o0"]}, {"r9": "o0"}]
    for answer in answers:
        assert repr(finder(answer)) == repr(scorer(answer))


@settings(deadline=None)
@given(
    value=st.integers(-10, 2_000_000)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.lists(st.sampled_from(["a", "b", "c", "z", "o1"]), max_size=4)
    | st.dictionaries(st.sampled_from(["fb", "li", "x"]), st.sampled_from(["no", "yes", "na", "z"]))
    | st.sampled_from([None, True, "text", 1.5])
)
def test_prepared_outcomes_of_answers_are_the_ones_computed(value: Any) -> None:
    # the kinds that find an answer's outcome in one call (multiple choice, number, matrix)
    # find the one the scorer's result leads to
    from socialready._prepared import _result_outcome, _scored_outcome, prepare

    for q in (
        load_questionnaire("social-readiness@1.0.0"),
        load_questionnaire("social-readiness"),
        load_questionnaire(DATA / "scoring.yaml"),
    ):
        for item in prepare(q).questions:
            if item.scorer is None:
                continue
            outcome = _result_outcome(item.by_result, item.make)
            computed = _scored_outcome(item.scorer, outcome, item.answered_only)
            answers = [value]
            question: Any = item.question
            if question.kind == "matrix":
                rows = [r.id for r in question.rows]
                options = question.options
                answers.append({r: options[i % len(options)].id for i, r in enumerate(rows)})
            elif question.kind == "multiple_choice":
                answers.append([o.id for o in question.options[1::2]])
            for answer in answers:
                assert item.outcome_of(answer) == computed(answer), (item.id, answer)
