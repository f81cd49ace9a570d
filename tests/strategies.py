"""Hypothesis strategies: questionnaire-shaped data, valid or broken in many ways."""

from __future__ import annotations

import copy
import csv
import datetime
import io
import json
import math
import re
import string
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import yaml
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


# --- mutations of real files: the fuzz suite (tests/test_fuzz.py) ------------------------
#
# A mutant starts from a file of the repository (a questionnaire, a responses file, a theme,
# a mapping, a survey export) and goes through one to three mutations drawn from the
# families below — of its bytes, of its lines, of the values of its YAML lines, of the data
# it holds (written back as YAML or JSON, with anchors and aliases for values used twice), of
# the cells of a CSV, of the tags of a Jinja2 template — or through one of the whole file
# (an encoding, line ends, an empty file). They are functions of a ``draw``
# (``st.DataObject.draw`` or a composite's), not strategies of their own: a strategy
# given a whole file as argument would write that file in its repr.

ODD_BYTES = (
    *(bytes([c]) for c in (0, 7, 8, 0x0B, 0x0C, 0x1B, 0x7F, ord("\r"), ord("\t"))),
    b"\xc2\x85",  # NEL
    b"\xe2\x80\xa8",  # line separator
    b"\xe2\x80\xae",  # right-to-left override
    b"\xef\xbb\xbf",  # a byte order mark, mid-file
    b"\xef\xbf\xbe",  # a non-character
)
"""Control characters and odd line ends, as valid UTF-8."""
INVALID_UTF8 = (b"\xff", b"\xfe", b"\x80", b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82")
"""Bytes no UTF-8 text holds: a lone continuation, an overlong form, a surrogate, a cut one."""
ENCODINGS = ("utf-16", "utf-16-be", "utf-32", "latin-1", "cp1252", "utf-7", "utf-8-sig", "cp037")
"""Encodings a whole file may wrongly come in."""


def _nested(depth: int, mapping: bool = False) -> str:
    return "{a: " * depth + "1" + "}" * depth if mapping else "[" * depth + "]" * depth


def _laughs(levels: int = 9) -> str:
    """The "billion laughs": each level an anchored list of ten aliases of the one before."""
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines)


def _big_aliases(count: int) -> str:
    return f'big: [&big "{"x" * 100_000}", {", ".join(["*big"] * count)}]'


YAML_VALUES = (
    *("", "~", "null", "true", "FALSE", "no", "on", "y", "0", "-0", "007", "0x1F", "0o17"),
    *("1_000", "+12", "1.5", "-3", "1e400", "-1e400", ".inf", "-.inf", ".nan", "1733011200"),
    *("9" * 5_000, "-" + "9" * 4_301, "1" + "0" * 400, "!!float 1" + "0" * 400, "!!int 0x"),
    *("2026-11-26", "2026-13-45", "2026-11-26T10:00:00Z", "20261201", "0001-01-01"),
    *("'x'", '""', '"\\0"', '"\\x07\\e"', '"\\uD800"', "'It''s'", '"\\U0001F600"', '"\\N"'),
    *("[]", "{}", "[1, [2, [3]]]", "{a: 1, a: 2}", "[a, b, a]", "[a, {b: [c]}]"),
    *(_nested(64), _nested(65), _nested(1_000), _nested(100_000), _nested(65, mapping=True)),
    *("!!binary aGVsbG8=", "!!python/object/apply:os.system [ls]", "!!set {a, b}"),
    *("!!omap [a: 1]", "!foo bar", "!!str 12", "!!bool maybe", "!!timestamp 2026-01-01"),
    *("*nowhere", "&a", "&a x", "*a", "&a [*a]", "<<: *a"),
    *("x" * 70_000, "é" * 5_000, '"' + "\\u00e9" * 1_000 + '"', "🙂", "\u202egnp.exe"),
    *("|\n  block text", ">-", "? a", "- - -", ": :", "@x", "`x`", "%x", "#", "x #c"),
    *("'unterminated", '"unterminated', "[unterminated", "{a: 1", "a: b: c", "\t"),
    *("/dev/zero", "/etc/passwd", "../../../../../../etc/passwd", '"a\\0b.yaml"', "n" * 300),
    *("/" + "d/" * 2_100, ".", "..", "/"),
    *("%Y%Y", "%Q", "hex", "rot13", "zlib", "utf-16", "latin-1", "social-readiness@9.9.9"),
    *("'\"'", '"\\n"', '"\\r"', "';'", '"\\t"', "' '", "','", "'ab'"),
    *("<script>alert(1)</script>", "{{ 7*7 }}", '"</style><script>"', "http://127.0.0.1:1/x"),
)
"""Texts written in place of a value: other types, huge numbers, deep nesting, tags, aliases,
syntax errors, very long texts, hostile paths and names."""

YAML_LINES = (
    *("unknown_key: 1", "- stray item", "---", "...", "--- !!map", "%YAML 1.1"),
    "%TAG ! tag:x,2000:",
    *("? [complex, key]\n: v", "<<: {a: 1}", "<<: *nowhere", "x: &a [1]\ny: *a", "'': empty"),
    *("null: 1", "1: int key", "{a: 1}: map key", "\tkey: v", "key: v\n  bad: indent"),
    *("a: &r\n  b: *r", "&x", _laughs(), _big_aliases(90), _big_aliases(101)),
    *(f"deep: {_nested(70)}", f"deep: {_nested(1_000, mapping=True)}", "- " * 200 + "x"),
    *('delimiter: "\\n"', "delimiter: '\"'", "encoding: hex", "date_formats: ['%Q']"),
    *("separator: ''", "logo: /dev/zero", "templates: /", "questionnaire: /etc/passwd"),
)
"""Lines inserted into a YAML file: unknown keys, documents, directives, complex and merge
keys, recursive and undefined aliases, alias bombs (of values and of characters), nesting,
settings of the kinds of file that take them (a mapping's, a theme's) with unusable
values."""

ALPHABET = (
    string.printable
    + "\x00\x01\x07\x08\x1b\x7f\x85\xa0\xad"
    + "éÉßü€中文🙂\u0301\u200b\u202e\u2028\u2029\ufeff\ufffd\ufffe\U0010ffff"
)
"""Characters of the texts drawn: printable ASCII, control characters, odd spaces and marks,
letters of other scripts, non-characters. Chosen, not all of Unicode: Hypothesis builds a
table of Unicode the first time it draws text (seconds and 200 MB in every child)."""
TEXTS = st.lists(st.sampled_from(ALPHABET), max_size=30).map("".join)

KEYS = (
    *("unknown_key", "id", "kind", "type", "when", "", "<<", "~", "x" * 300, "é", "1"),
    *("delimiter", "encoding", "date_formats", "separator", "questionnaire", "logo"),
    "templates",
)
"""Names a key is renamed to (besides the file's own keys): unknown ones, and keys of the
other kinds of file (a theme's ``logo``, a mapping's ``delimiter``…)."""

_KEY_LINE = re.compile(
    r"^(?P<head>[ \t]*(?:- +)*)(?P<key>[^\s#'\"\-?:&*!|>%@`{\[][^:#]*?|\"[^\"]*\"|'[^']*'):"
    r"(?P<sep>[ \t]+|$)(?P<value>.*)$"
)
_ITEM_LINE = re.compile(r"^(?P<head>[ \t]*- +)(?P<value>[^\s#].*)$")


def _lines(raw: bytes) -> list[str]:
    # surrogateescape: the bytes that are not UTF-8 (from an earlier mutation) come back
    return raw.decode("utf-8", "surrogateescape").split("\n")


def _join(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _index(draw: st.DrawFn, items: Sequence[Any]) -> int:
    return draw(st.integers(0, len(items) - 1))


def byte_mutations(draw: st.DrawFn, raw: bytes) -> bytes:
    """One mutation of the bytes: a byte changed, bytes inserted (odd, invalid UTF-8,
    random), a span deleted or repeated, the file cut."""
    at = draw(st.integers(0, len(raw)))
    op = draw(st.sampled_from(["set", "odd", "invalid", "random", "delete", "repeat", "cut"]))
    if op == "set" and at < len(raw):
        return raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
    if op in ("odd", "invalid", "random", "set"):
        pool = st.sampled_from(ODD_BYTES if op == "odd" else INVALID_UTF8)
        insert = draw(st.binary(min_size=1, max_size=8) if op == "random" else pool)
        return raw[:at] + insert + raw[at:]
    size = draw(st.integers(1, 200))
    if op == "delete":
        return raw[:at] + raw[at + size :]
    if op == "repeat":
        return raw[: at + size] + raw[at : at + size] * draw(st.integers(1, 50)) + raw[at + size :]
    return raw[:at]


def line_mutations(draw: st.DrawFn, raw: bytes) -> bytes:
    """One mutation of the lines: one deleted, repeated, moved, swapped with another,
    indented otherwise, or a line of :data:`YAML_LINES` inserted."""
    lines = _lines(raw)
    i, j = _index(draw, lines), _index(draw, lines)
    op = draw(st.sampled_from(["delete", "repeat", "move", "swap", "indent", "insert", "cut"]))
    if op == "delete":
        del lines[i]
    elif op == "repeat":
        lines[i:i] = [lines[i]] * draw(st.integers(1, 3))
    elif op == "move":
        lines.insert(j, lines.pop(i))
    elif op == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        shift = draw(st.sampled_from(["", " ", "  ", "    ", "\t", "-", "- "]))
        stripped = lines[i].lstrip(" ")
        lines[i] = shift + lines[i] if draw(st.booleans()) else stripped
    elif op == "insert":
        indent = re.match(r"[ \t]*", lines[j])
        head = indent.group() if indent and draw(st.booleans()) else ""
        added = draw(st.sampled_from(YAML_LINES)).split("\n")
        lines[i:i] = [head + line for line in added]
    else:
        lines = lines[:i]
    return _join(lines)


def value_mutations(draw: st.DrawFn, raw: bytes) -> bytes:
    """One mutation of the values of YAML lines (``key: value``, ``- value``): a value
    replaced by another type (:data:`YAML_VALUES`, any text) or by another line's value
    (ids swapped or repeated), a key renamed, an anchor put on a value and an alias of it
    elsewhere."""
    lines = _lines(raw)
    keyed = [n for n, line in enumerate(lines) if _KEY_LINE.match(line)]
    items = [n for n, line in enumerate(lines) if _ITEM_LINE.match(line)]
    valued = sorted(keyed + items)
    if not valued:
        return raw
    op = draw(st.sampled_from(["value", "text", "copy", "swap", "key", "alias", "ids"]))
    i = valued[_index(draw, valued)]
    line = lines[i]
    match = _KEY_LINE.match(line) or _ITEM_LINE.match(line)
    assert match is not None
    head = line[: match.start("value")] if match.re is _ITEM_LINE else line[: match.end("sep")]
    if match.re is _KEY_LINE and not match.group("sep"):
        head += " "
    if op == "value":
        lines[i] = head + draw(st.sampled_from(YAML_VALUES))
    elif op == "text":
        lines[i] = head + draw(TEXTS).replace("\n", " ")
    elif op in ("copy", "swap"):
        j = valued[_index(draw, valued)]
        other = _KEY_LINE.match(lines[j]) or _ITEM_LINE.match(lines[j])
        assert other is not None
        value = other.group("value")
        if op == "swap":
            lines[j] = lines[j][: other.start("value")] + match.group("value")
        lines[i] = head + value
    elif op == "key" and keyed:
        k = keyed[_index(draw, keyed)]
        found = _KEY_LINE.match(lines[k])
        assert found is not None
        names = [m.group("key") for n in keyed if (m := _KEY_LINE.match(lines[n]))]
        name = draw(st.sampled_from([*KEYS, *names[:50]]))
        lines[k] = found.group("head") + name + lines[k][found.end("key") :]
    elif op == "alias" and keyed:
        k = keyed[_index(draw, keyed)]
        found = _KEY_LINE.match(lines[k])
        assert found is not None
        lines[k] = lines[k][: found.end("key") + 1] + " &fz" + lines[k][found.end("key") + 1 :]
        lines[i] = head + "*fz"
    elif op == "ids":
        ids = [n for n in keyed if re.match(r"^[ \t]*(?:- +)*id:", lines[n])]
        if len(ids) >= 2:
            a, b = ids[_index(draw, ids)], ids[_index(draw, ids)]
            value_a = lines[a].split(":", 1)[1]
            value_b = lines[b].split(":", 1)[1]
            lines[a] = lines[a].split(":", 1)[0] + ":" + value_b
            lines[b] = lines[b].split(":", 1)[0] + ":" + value_a
    return _join(lines)


def whole_mutations(draw: st.DrawFn, raw: bytes) -> bytes:
    """One mutation of the whole file: another encoding, other line ends, a byte order mark,
    the file repeated, empty, blank or one line."""
    op = draw(st.sampled_from(["encoding", "crlf", "cr", "bom", "repeat", "empty", "blank"]))
    text = raw.decode("utf-8", "replace")
    if op == "encoding":
        return text.encode(draw(st.sampled_from(ENCODINGS)), "replace")
    if op == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if op == "cr":
        return raw.replace(b"\n", b"\r")
    if op == "bom":
        return b"\xef\xbb\xbf" + raw
    if op == "repeat":
        return raw * draw(st.integers(2, max(2, min(50, 1_000_000 // max(len(raw), 1)))))
    if op == "empty":
        return b""
    return draw(st.sampled_from([b"\n", b" \n\t\n", b"#\n", b"x", b"\x00", b"---\n..."]))


_HUGE = (10**400, -(10**400), 10**15 + 1, 2**63, -(2**64))
PY_VALUES = st.one_of(
    st.sampled_from(
        [
            *(None, True, False, 0, -1, 1.5, -0.0, 1e-320, *_HUGE),
            *(math.nan, math.inf, -math.inf, "", "x" * 100_000, "é", "\x00", "a\x07b"),
            *("2026-11-26", "2026-02-30", "not a date", datetime.date(2026, 11, 26)),
            *(datetime.date(1, 1, 1), datetime.datetime(2026, 11, 26, 10, 0)),
            *([], {}, [None], {"": None}, {1: 2}, {None: 1}, {True: "x"}, {1.5: "x"}),
        ]
    ).map(copy.deepcopy),  # a list or a mapping drawn is changed by the next mutations
    st.integers(),
    st.floats(),
    TEXTS,
    json_values,
)
"""Python values as a YAML or JSON file can give them, in place of another."""


def _place(draw: st.DrawFn, root: Any) -> tuple[Any, Any, Any]:
    """A random place in ``root``: (container, key or index, value), container ``None`` for
    the root itself."""
    parent: Any = None
    key: Any = None
    node = root
    while isinstance(node, dict | list) and node and draw(st.integers(0, 4)) > 0:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        parent, key = node, keys[_index(draw, keys)]
        node = node[key]
    return parent, key, node


def _nest(value: Any, depth: int, mapping: bool) -> Any:
    for _ in range(depth):
        value = {"a": value} if mapping else [value]
    return value


SETTINGS: dict[str, list[Any]] = {
    "delimiter": ['"', "\n", "\r", "", "ab", ";", "\t", " "],
    "encoding": ["hex", "rot13", "zlib", "utf-16", "utf-7", "klingon", ""],
    "separator": ["", "\n", ",", "  "],
    "date_formats": [["%Q"], ["%Y%Y"], [], ["%d"], "%Y-%m-%d"],
    "questionnaire": ["/etc/passwd", "/dev/zero", "social-readiness@9.9.9", "a\0b", ""],
    "logo": ["/dev/zero", "/etc/passwd", "logo.gif", "a\0b", "n" * 300],
    "templates": ["/", "/etc", ".", "..", "lumen-logo.svg"],
}
"""Settings of a mapping and of a theme, with values they cannot use: set at the top of a
file of any kind (where the kind does not take them, they are unknown keys)."""


def data_mutations(
    draw: st.DrawFn, root: Any, *, deepest: int = 100, keep_root: bool = False
) -> Any:
    """``root`` (plain data, changed in place) after one mutation at a random place: a value
    replaced (:data:`PY_VALUES`), deleted, repeated, nested, shared with another place
    (written as an anchor and an alias; an ancestor's makes a cycle), an unknown key added,
    two values swapped; or one of :data:`SETTINGS` set at the top. ``deepest`` bounds the
    nesting it adds (a writer of YAML recurses); ``keep_root`` keeps a root mapping one (the
    root itself only gets an unknown key)."""
    if isinstance(root, dict) and draw(st.integers(0, 5)) == 0:
        setting = draw(st.sampled_from(sorted(SETTINGS)))
        root[setting] = copy.deepcopy(draw(st.sampled_from(SETTINGS[setting])))
        return root
    parent, key, node = _place(draw, root)
    if parent is None and keep_root and isinstance(root, dict):
        root[draw(st.sampled_from(KEYS))] = draw(PY_VALUES)
        return root
    op = draw(st.sampled_from(["replace", "delete", "repeat", "nest", "share", "unknown", "swap"]))
    if parent is None:
        return draw(PY_VALUES) if op == "replace" else _nest(root, 2, draw(st.booleans()))
    if op == "replace":
        parent[key] = draw(PY_VALUES)
    elif op == "delete":
        del parent[key]
    elif op == "repeat":
        if isinstance(parent, list):
            parent.insert(key, copy.copy(node))  # not deep: it may be nested thousands deep
        else:
            parent[draw(st.sampled_from([f"{key}_2", str(key).upper(), f" {key}"]))] = node
    elif op == "nest":
        depth = draw(st.sampled_from([1, 2, 63, 64, 65, deepest]))
        parent[key] = _nest(node, depth, draw(st.booleans()))
    elif op == "share":
        _, _, other = _place(draw, root)
        parent[key] = other
    elif op == "unknown" and isinstance(node, dict):
        node[draw(st.sampled_from(KEYS))] = draw(PY_VALUES)
    elif op == "unknown" and isinstance(node, list):
        node.append(draw(PY_VALUES))
    else:
        keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
        sibling = keys[_index(draw, keys)]
        parent[key], parent[sibling] = parent[sibling], parent[key]
    return root


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when there: 4 times faster


def write_data(draw: st.DrawFn, data: Any, syntax: str) -> bytes | None:
    """``data`` written as JSON or YAML (values used twice as anchors and aliases), in one of
    their styles; ``None`` when the writer cannot (a value JSON has no form for falls back to
    YAML)."""
    if syntax == "json":
        try:
            indent = draw(st.sampled_from([None, 1, 2]))
            return json.dumps(data, ensure_ascii=draw(st.booleans()), indent=indent).encode()
        except (TypeError, ValueError, RecursionError):
            pass  # a date, a cycle: written as YAML in a .json file
    try:
        text = yaml.dump(
            data,
            Dumper=_DUMPER,
            allow_unicode=draw(st.booleans()),
            sort_keys=False,
            default_flow_style=draw(st.sampled_from([False, None, True])),
            width=draw(st.sampled_from([80, 1_000_000])),
        )
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    return text.encode("utf-8")


CELLS = (
    *("", " ", "zzz", "yes", "no", "TRUE", "1", "-1", "0.5", "1,5", "12 %", "0x10", "1e400"),
    *("nan", "inf", "-0", "9" * 5_000, "x" * 200_000, "é" * 1_000, "🙂", "\x00", "\n", '"'),
    *("a b c", "daily daily", "never always", "=1+1", "@SUM(A1)", "2026-02-30", "31/12/2026"),
    *("2026-11-26T10:00:00", "1733011200", "R A", "R R", "X", "1 2 3", "-1 -2", "/etc/passwd"),
)
"""Texts written in a CSV cell: empty, unknown options, numbers of every form, a cell longer
than the csv module reads, line ends and quotes, several options, dates."""


def csv_mutations(draw: st.DrawFn, raw: bytes) -> bytes:
    """One mutation of the cells of a CSV file — a cell replaced (:data:`CELLS`, any text,
    another cell's), a column deleted, repeated or moved, a header renamed, a row deleted,
    repeated, made wider or narrower — written back with a delimiter, quoting and line end
    of its own."""
    text = raw.decode("utf-8", "surrogateescape")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return raw
    if not rows or not rows[0]:
        return raw
    r, c = _index(draw, rows), _index(draw, rows[0])
    op = draw(
        st.sampled_from(
            ["cell", "text", "copy", "header", "drop", "column", "move", "row", "width", "blank"]
        )
    )
    row = rows[r]
    if op in ("cell", "text", "copy") and c < len(row):
        if op == "cell":
            row[c] = draw(st.sampled_from(CELLS))
        elif op == "text":
            row[c] = draw(TEXTS)
        else:
            other = rows[_index(draw, rows)]
            row[c] = other[_index(draw, other)] if other else ""
    elif op == "header":
        header = rows[0]
        header[c] = draw(st.sampled_from(["", "unknown", header[_index(draw, header)], "x" * 300]))
    elif op in ("drop", "column", "move"):
        to = _index(draw, rows[0])
        for cells in rows:
            if c >= len(cells):
                continue
            cell = cells[c] if op == "column" else cells.pop(c)
            if op != "drop":
                cells.insert(min(to, len(cells)), cell)
    elif op == "row":
        if draw(st.booleans()):
            rows.insert(_index(draw, rows), list(row))
        else:
            rows.pop(r)
    elif op == "width":
        if draw(st.booleans()) and row:
            row.pop()
        else:
            row.extend(draw(st.lists(st.sampled_from(CELLS[:20]), min_size=1, max_size=3)))
    else:
        rows.insert(r, [""] * draw(st.integers(0, 3)))
    out = io.StringIO(newline="")
    writer = csv.writer(
        out,
        delimiter=draw(st.sampled_from([",", ",", ",", ";", "\t"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
        lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])),
    )
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogateescape")


BLOCKS = (
    *("cover", "cover_note", "contents", "summary", "scores", "steps", "actions", "staffing"),
    *("progress", "cohort", "references", "completeness", "appendix", "extra_css"),
    *("unknown", "content", "head"),
)
"""The blocks of the built-in report, and some it does not have."""
JINJA_EXPRESSIONS = (
    *("v.org_name", "v.words('colon')", "v.steps[0]", "v.steps|length", "v.words", "v"),
    *("theme", "theme.primary", "theme.templates", "fonts.text", "created", "logo|length"),
    *("super()", "self", "varargs", "loop", "caller()", "undefined_name", "v.missing"),
    *("'x' * 10**9", "'x' * 4000001", "('x' ~ 'y') * 2000000", "'%s' % ('x' * 3000000)"),
    *("range(10**9)|list", "range(100001)|length", "range(99999)|list|length", "10**10**10"),
    *("2**4097", "(10**300)|float * 10**300", "9e999", "[[1]] * 10**6", "[1] * 4000001"),
    *("'{:>99999999}'.format('x')", "'x'|center(10**9)", "'x\\n'|indent(10**9)"),
    *("'x'|wordwrap(1)", "'x'.ljust(10**9)", "'%999999999d' % 1", "'x'|truncate(10**18)"),
    *("'x'|replace('', 'y' * 1000)", "range(10)|batch(10**9)|list", "range(9)|slice(10**9)|list"),
    *("'abc'.split()|join('x' * 10**7)", "'x'|urlize", "'x'|filesizeformat", "'x'|tojson"),
    *("theme.__class__", "theme.__class__.__mro__", "''.__class__.__mro__[1].__subclasses__()"),
    *("v.__class__", "v|attr('__dict__')", "v.words.__globals__", "cycler.__init__.__globals__"),
    *("lipsum()", "namespace()", "joiner()", "config", "request", "range.__self__"),
    "self.__dict__",
    *("1/0", "int('x')", "[1, 2][5]", "{}['a']", "(1, 2)|sum(attribute='x')", "'a'|float"),
    *("{'a': 1}.items()|list", "'a'.format", "[1]|random", "'<script>'|safe", "none.x"),
    *("(1..2)", "x.", "'unterminated", "[", "1 +", "a if", "'é' * 1999999", "v.org_name * 99999"),
)
"""Expressions a theme's template may write: the page's data, values built far beyond a page,
the objects a sandbox escape starts from, errors, syntax errors."""
JINJA_STATEMENTS = (
    *("{% for i in range(10**9) %}{% endfor %}", "{% for s in v.steps %}{{ s }}{% endfor %}"),
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{% set x = 'x' %}{% for i in range(40) %}{% set x = x ~ x %}{% endfor %}{{ x|length }}",
    *("{% include 'theme.html.j2' %}", "{% include '/etc/passwd' %}", "{% include 'nowhere' %}"),
    *("{% include '../../../../etc/passwd' %}", "{% import 'report.html.j2' as r %}{{ r }}"),
    *("{% extends 'theme.html.j2' %}", "{% extends 'report.html.j2' %}", "{% raw %}"),
    *("{% endblock %}", "{% block cover %}{% block cover %}{% endblock %}{% endblock %}"),
    *("{{", "{%", "{#", "}}", "%}", "{% filter upper %}", "{% call %}", "{% do x %}"),
    *("{% with a = 1 %}{{ a }}{% endwith %}", "{% break %}", "{% set v = 1 %}{{ v }}"),
    "{% autoescape false %}<script>x</script>{{ v.org_name }}{% endautoescape %}",
    *("<script>alert(1)</script>", "<link href='http://127.0.0.1:1/x.css'>", "</style>"),
    *("@import url(http://127.0.0.1:1/x.css);", "<img src='file:///etc/passwd'>"),
)
"""Statements: endless loops, recursion, reading other files, extending itself, tags cut
short, script and fetches."""


def jinja_mutations(draw: st.DrawFn, raw: bytes) -> bytes:
    """One mutation of a theme's Jinja2 template: an expression or a statement of
    :data:`JINJA_EXPRESSIONS`, :data:`JINJA_STATEMENTS` put in a block (of the report or
    not), at the start of one the template has, or anywhere."""
    text = raw.decode("utf-8", "surrogateescape")
    if draw(st.booleans()):
        snippet = "{{ " + draw(st.sampled_from(JINJA_EXPRESSIONS)) + " }}"
    else:
        snippet = draw(st.sampled_from(JINJA_STATEMENTS))
    where = draw(st.sampled_from(["new block", "a block", "anywhere"]))
    starts = [m.end() for m in re.finditer(r"{%-?\s*block\s+\w+\s*-?%}", text)]
    if where == "a block" and starts:
        at = starts[_index(draw, starts)]
    elif where == "anywhere":
        at = draw(st.integers(0, len(text)))
    else:
        block = draw(st.sampled_from(BLOCKS))
        snippet = f"{{% block {block} %}}{snippet}{{% endblock %}}\n"
        at = len(text)
    return (text[:at] + snippet + text[at:]).encode("utf-8", "surrogateescape")


TEXT_MUTATIONS = {
    "yaml": (byte_mutations, line_mutations, line_mutations, *[value_mutations] * 3),
    "csv": (byte_mutations, line_mutations, *[csv_mutations] * 3),
    "jinja": (byte_mutations, line_mutations, *[jinja_mutations] * 3),
}
"""The families of mutations of each kind of file, the one of its own drawn most often
(byte mutations mostly make a file that is not UTF-8, refused before anything is read)."""


def mutant(draw: st.DrawFn, raw: bytes, syntax: str, data: Any = None) -> bytes:
    """A mutant of the file ``raw``: one mutation of the whole file, or one to three of the
    families of its ``syntax`` (``yaml``, ``json``, ``csv``, ``jinja``). ``data``, the plain
    data the file holds, is first changed (a copy of it) and written back in about a third
    of the mutants of a YAML or JSON file."""
    if data is not None and draw(st.integers(0, 2)) == 0:
        data = copy.deepcopy(data)
        for _ in range(draw(st.integers(1, 3))):
            data = data_mutations(draw, data)
        raw = write_data(draw, data, syntax) or raw
        if draw(st.booleans()):
            return raw
    if draw(st.integers(0, 9)) == 0:
        return whole_mutations(draw, raw)
    families = TEXT_MUTATIONS["yaml" if syntax == "json" else syntax]
    for _ in range(draw(st.integers(1, 3))):
        raw = draw(st.sampled_from(families))(draw, raw)
    return raw
