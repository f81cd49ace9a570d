"""Hypothesis strategies: questionnaire-shaped data, valid or broken in many ways."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from hypothesis import strategies as st

from socialready.questionnaire import QUESTION_KINDS

IDS = st.sampled_from(["a", "b", "c", "q1", "q2", "s1", "d1", "no", "on", "NO", "1:30", "x y", ""])
LANGS = st.sampled_from([["fr", "en"], ["en"], ["fr"], ["de", "fr"]])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.floats(-10, 200) | IDS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(IDS, children, max_size=3),
    max_leaves=8,
)


def text(langs: list[str]) -> st.SearchStrategy[Any]:
    good = st.fixed_dictionaries({lang: st.sampled_from(["Texte", "Text", "x"]) for lang in langs})
    return st.one_of(good, good, good, json_values)


@st.composite
def options(draw: st.DrawFn, langs: list[str]) -> list[Any]:
    count = draw(st.integers(0, 4))
    return [
        draw(
            st.fixed_dictionaries(
                {"id": IDS, "label": text(langs)},
                optional={
                    "points": st.one_of(st.integers(-1, 4), st.floats(0, 4)),
                    "dont_know": st.booleans(),
                    "not_applicable": st.booleans(),
                    "exclusive": st.booleans(),
                },
            )
        )
        for _ in range(count)
    ]


@st.composite
def conditions(draw: st.DrawFn, depth: int = 0) -> Any:
    leaf = st.one_of(
        st.fixed_dictionaries(
            {"question": IDS},
            optional={
                "equals": st.one_of(IDS, st.booleans(), st.integers(0, 5)),
                "in": st.lists(IDS, max_size=2),
                "at_least": st.integers(0, 100),
                "answered": st.booleans(),
                "row": IDS,
            },
        ),
        st.fixed_dictionaries(
            {"score": st.dictionaries(st.sampled_from(["step", "section", "dimension"]), IDS)},
            optional={"below": st.integers(-10, 120), "at_least": st.integers(0, 100)},
        ),
    )
    if depth >= 2:
        return draw(leaf)
    return draw(
        st.one_of(
            leaf,
            st.fixed_dictionaries({"all": st.lists(conditions(depth + 1), max_size=2)}),
            st.fixed_dictionaries({"any": st.lists(conditions(depth + 1), max_size=2)}),
            st.fixed_dictionaries({"not": conditions(depth + 1)}),
            json_values,
        )
    )


KINDS = st.sampled_from([*QUESTION_KINDS, "bogus"])


@st.composite
def questions(draw: st.DrawFn, langs: list[str]) -> dict[str, Any]:
    kind = draw(KINDS)
    q: dict[str, Any] = {"id": draw(IDS), "kind": kind, "label": draw(text(langs))}
    if draw(st.booleans()):
        q["weight"] = draw(st.one_of(st.integers(-1, 3), st.floats(0, 3)))
    if draw(st.booleans()):
        q["dimensions"] = draw(st.lists(IDS, max_size=2))
    if draw(st.booleans()):
        q["when"] = draw(conditions())
    if kind in ("single_choice", "multiple_choice", "matrix"):
        q["options"] = draw(options(langs))
    if kind == "matrix":
        q["rows"] = [
            {"id": draw(IDS), "label": draw(text(langs))} for _ in range(draw(st.integers(0, 2)))
        ]
    if kind == "scale":
        q["scale"] = [
            {
                "value": draw(st.integers(0, 5)),
                "label": draw(text(langs)),
                "points": draw(st.integers(-1, 4)),
            }
            for _ in range(draw(st.integers(0, 4)))
        ]
    if kind == "number":
        q.update(
            draw(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "min": st.integers(-5, 50),
                        "max": st.integers(0, 200),
                        "percent": st.booleans(),
                    },
                )
            )
        )
        q["bands"] = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"points": st.integers(-1, 3)},
                    optional={"from": st.integers(0, 100), "to": st.integers(0, 120)},
                ),
                max_size=3,
            )
        )
    if kind == "roster":
        q["fields"] = [
            {
                "id": draw(IDS),
                "label": draw(text(langs)),
                "type": draw(st.sampled_from(["text", "choice", "raci", "percent", "nope"])),
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
    if draw(st.integers(0, 9)) == 0:
        q[draw(IDS)] = draw(json_values)
    return q


@st.composite
def questionnaires(draw: st.DrawFn) -> dict[str, Any]:
    """A questionnaire-shaped mapping; most are broken somewhere, some are valid."""
    langs = draw(LANGS)
    levels = []
    start = 0
    for _ in range(draw(st.integers(1, 4))):
        end = draw(st.integers(start - 10, 110))
        levels.append(
            {
                "id": draw(IDS),
                "name": draw(text(langs)),
                "meaning": draw(text(langs)),
                "from": start,
                "to": end,
            }
        )
        start = end if draw(st.booleans()) else draw(st.integers(0, 100))
    steps = [
        {
            "id": draw(IDS),
            "title": draw(text(langs)),
            "sections": [
                {
                    "id": draw(IDS),
                    "title": draw(text(langs)),
                    "questions": draw(st.lists(questions(langs), max_size=3)),
                }
                for _ in range(draw(st.integers(0, 2)))
            ],
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    data: dict[str, Any] = {
        "id": draw(st.one_of(IDS, json_values)),
        "version": draw(st.sampled_from(["1.0", "1.0.0", "x", 1])),
        "title": draw(text(langs)),
        "languages": langs,
        "dimensions": [
            {"id": draw(IDS), "label": draw(text(langs))} for _ in range(draw(st.integers(0, 2)))
        ],
        "departments": [
            {"id": draw(IDS), "label": draw(text(langs))} for _ in range(draw(st.integers(0, 2)))
        ],
        "maturity_levels": levels,
        "steps": steps,
        "recommendations": [
            {
                "id": draw(IDS),
                "step": draw(IDS),
                "when": draw(conditions()),
                "priority": draw(st.sampled_from(["high", "low", "urgent"])),
                "owner": draw(IDS),
                "horizon": draw(st.sampled_from(["now", "year", "never"])),
                "title": draw(text(langs)),
                "detail": draw(text(langs)),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
    }
    for key in draw(st.lists(st.sampled_from(sorted(data)), max_size=2, unique=True)):
        del data[key]
    return data


def _t(word: str) -> dict[str, str]:
    return {"fr": f"{word} (fr)", "en": f"{word} (en)"}


WEIGHTS = st.sampled_from([0.5, 0.7, 0.9, 1, 1.37, 2, 2.3, 3])
"""Weights of valid questions and sections: some are not binary fractions (0.7, 1.37, 2.3),
so that sums and ratios are rounded, and a score can only stay within [0, 100] by its
arithmetic (``(100 × a) / a`` is above 100 for some of them)."""

ROW_WEIGHTS = st.sampled_from([0.9, 1, 1.8, 2, 3])
"""Weights of matrix rows (``3 × (0.9·3) / (0.9·3)`` is above 3)."""


@st.composite
def valid_question(
    draw: st.DrawFn, ident: str, dims: list[str], earlier: list[dict[str, Any]]
) -> dict[str, Any]:
    kind = draw(st.sampled_from(QUESTION_KINDS))
    q: dict[str, Any] = {"id": ident, "kind": kind, "label": _t(ident)}
    pts = st.integers(0, 4)
    if kind in ("single_choice", "multiple_choice", "matrix"):
        q["options"] = [
            {"id": f"o{i}", "label": _t(f"o{i}"), "points": draw(pts)}
            for i in range(draw(st.integers(2, 4)))
        ]
        q["options"][0]["points"] = 1 + draw(pts)
        if kind != "multiple_choice" and draw(st.booleans()):
            q["options"].append({"id": "na", "label": _t("na"), "not_applicable": True})
        if draw(st.booleans()):
            q["options"].append({"id": "dk", "label": _t("dk"), "dont_know": True})
    if kind == "matrix":
        q["rows"] = [
            {"id": f"r{i}", "label": _t(f"r{i}"), "weight": draw(ROW_WEIGHTS)}
            for i in range(draw(st.integers(1, 3)))
        ]
    if kind == "scale":
        q["scale"] = [
            {"value": v, "label": _t(str(v)), "points": v}
            for v in range(1, draw(st.integers(3, 6)))
        ]
    if kind == "number":
        q["percent"] = True
        q["bands"] = [{"to": 50, "points": 0}, {"from": 50, "points": draw(st.integers(1, 3))}]
    if kind == "roster":
        q["fields"] = [{"id": "name", "label": _t("name"), "type": "text", "required": True}]
    if kind in ("text", "roster"):
        return q
    q["weight"] = draw(WEIGHTS)
    q["dimensions"] = draw(st.lists(st.sampled_from(dims), max_size=2, unique=True))
    choice = [e for e in earlier if e["kind"] in ("single_choice", "yes_no")]
    if choice and draw(st.integers(0, 3)) == 0:
        target = draw(st.sampled_from(choice))
        value = target["options"][0]["id"] if target["kind"] == "single_choice" else True
        q["when"] = {"question": target["id"], "equals": value}
    return q


@st.composite
def valid_questionnaires(draw: st.DrawFn) -> dict[str, Any]:
    """A consistent questionnaire that must load."""
    dims = [f"d{i}" for i in range(draw(st.integers(1, 3)))]
    cuts = sorted(draw(st.sets(st.integers(1, 99), min_size=1, max_size=3)))
    bounds = [0, *cuts, 100]
    levels = [
        {"id": f"l{i}", "name": _t(f"l{i}"), "meaning": _t("m"), "from": a, "to": b}
        for i, (a, b) in enumerate(pairwise(bounds))
    ]
    questions: list[dict[str, Any]] = []
    steps = []
    for s in range(draw(st.integers(1, 3))):
        sections = []
        for c in range(draw(st.integers(1, 2))):
            qs = []
            for _ in range(draw(st.integers(1, 4))):
                q = draw(valid_question(f"q{len(questions)}", dims, questions))
                questions.append(q)
                qs.append(q)
            section = {"id": f"s{s}c{c}", "title": _t("section"), "questions": qs}
            if draw(st.booleans()):
                section["weight"] = draw(WEIGHTS)
            sections.append(section)
        steps.append(
            {
                "id": f"s{s}",
                "title": _t("step"),
                "weight": draw(st.integers(1, 3)),
                "sections": sections,
            }
        )
    recs = [
        {
            "id": f"rec{i}",
            "step": "s0",
            "when": {
                "any": [
                    {"question": questions[0]["id"], "answered": False},
                    {"score": {"dimension": dims[0]}, "below": 50},
                ]
            },
            "priority": draw(st.sampled_from(["high", "medium", "low"])),
            "owner": "it",
            "horizon": "now",
            "title": _t("t"),
            "detail": _t("d"),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    return {
        "id": "generated",
        "version": "1.0.0",
        "title": _t("title"),
        "languages": ["fr", "en"],
        "scoring": {
            "aggregation": draw(st.sampled_from(["mean", "sum", "min"])),
            "unanswered": draw(st.sampled_from(["zero", "exclude"])),
        },
        "dimensions": [{"id": d, "label": _t(d)} for d in dims],
        "departments": [{"id": "it", "label": _t("it")}],
        "maturity_levels": levels,
        "steps": steps,
        "recommendations": recs,
    }


@st.composite
def mutated_questionnaires(draw: st.DrawFn) -> dict[str, Any]:
    """A valid questionnaire with one to three random edits: most break it, some do not."""
    data = draw(valid_questionnaires())
    for _ in range(draw(st.integers(1, 3))):
        node: Any = data
        while True:
            keys = list(range(len(node))) if isinstance(node, list) else list(node)
            if not keys:
                break
            key = draw(st.sampled_from(keys))
            child = node[key]
            if isinstance(child, dict | list) and child and draw(st.integers(0, 2)):
                node = child
                continue
            action = draw(st.sampled_from(["delete", "replace", "rename"]))
            if action == "delete" and isinstance(node, dict):
                del node[key]
            elif action == "rename" and isinstance(node, dict):
                node[f"{key}x"] = node.pop(key)
            else:
                node[key] = draw(json_values)
            break
    return data


def _answer(draw: st.DrawFn, question: Any) -> Any:
    """A valid answer to ``question`` (a model of socialready.questionnaire)."""
    kind = question.kind
    if kind == "single_choice":
        return draw(st.sampled_from([o.id for o in question.options]))
    if kind == "multiple_choice":
        plain = [o.id for o in question.options if not o.exclusive]
        return draw(st.lists(st.sampled_from(plain), unique=True))
    if kind == "scale":
        return draw(st.sampled_from([p.value for p in question.scale]))
    if kind == "yes_no":
        return draw(st.booleans())
    if kind == "number":
        return draw(st.integers(0, 100) | st.floats(0, 100))
    if kind == "matrix":
        rows = [r.id for r in question.rows]
        options = [o.id for o in question.options]
        return draw(st.dictionaries(st.sampled_from(rows), st.sampled_from(options)))
    if kind == "text":
        return draw(st.text(min_size=1, max_size=20))
    return [{"name": name} for name in draw(st.lists(st.sampled_from(["Ann", "Bob"]), max_size=3))]


@st.composite
def answers_for(draw: st.DrawFn, q: Any) -> dict[str, Any]:
    """Valid answers to some of the questions of ``q``."""
    return {
        ident: _answer(draw, question)
        for ident, question in q.questions.items()
        if draw(st.integers(0, 4))  # about one in five left unanswered
    }
