"""Safe YAML and JSON reading that remembers where every value came from.

We build Python values straight from the parser's event stream (PyYAML, with libyaml when
available) instead of using a YAML 1.1 constructor, so that:

* plain scalars follow the YAML 1.2 core schema: `no`, `on` and `NO` stay strings,
  `1:30` is the string it reads as, and `2026-11-27` is a string for the models to
  parse — only `true`/`false`, `null`/`~`, and decimal, octal (`0o`), hexadecimal
  (`0x`) and floating numbers are anything but text;
* every value and every mapping key has its 1-based line and column, by data path;
* duplicate keys, unsupported tags, several documents, nesting deeper than
  `MAX_DEPTH` and aliases that expand beyond `MAX_VALUES` values or
  `MAX_CHARACTERS` characters (the "billion laughs" attack) are refused with a
  located problem;
* files are read within the limit of their kind (`socialready._files`), texts of more
  than `MAX_BYTES` are refused before parsing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ._files import FileKind, read_input
from .errors import Problem, excerpt

__all__ = [
    "MAX_BYTES",
    "MAX_CHARACTERS",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_VALUES",
    "Document",
    "ParseFailure",
    "check_data",
    "parse",
    "read",
]

MAX_BYTES = 5 * 1024 * 1024
"""Largest text accepted, in bytes (the built-in questionnaire is about 100 kB); a file's
limit is its kind's."""
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted."""
MAX_VALUES = 200_000
"""Most values a document may hold once its aliases are expanded."""
MAX_DIGITS = 4_300
"""Most digits of a whole number (as many as Python reads and writes by default): a longer
one is refused where it stands."""
MAX_CHARACTERS = 10_000_000
"""Most characters the texts of a document (keys and values) may hold once its aliases
are expanded: twice the largest file, so that a few aliases of a large text (one alias is
one value) cannot build a billion characters for the models and messages to go through."""

DataPath = tuple[str | int, ...]
Position = tuple[int, int]

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_KNOWN_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$")


class ParseFailure(Exception):
    """The input could not be read; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Document:
    """Parsed data with the position of every value (`positions`) and key (`keys`)."""

    data: Any
    source: str | None
    positions: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)

    def locate(self, path: DataPath, *, key: bool = False) -> Position | None:
        """The position of the value at `path` (or of its key), else of its nearest parent."""
        if key and path in self.keys:
            return self.keys[path]
        probe = path
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return None
            probe = probe[:-1]


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar under the YAML 1.2 core schema.

    Raises `ValueError` for a whole number of more than `MAX_DIGITS` digits.
    """
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if len(text) > MAX_DIGITS + 2 and (
        _INT10.match(text) or _INT8.match(text) or _INT16.match(text)
    ):
        raise ValueError(f"a whole number of {len(text.lstrip('+-')):,} digits")
    if _INT10.match(text):
        return int(text)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text) or _SPECIAL_FLOAT.match(text):
        return float(text.lower().lstrip("+").replace(".inf", "inf").replace(".nan", "nan"))
    return text


def read(path: Path, kind: FileKind) -> Document:
    """Read a YAML or JSON file of `kind` (`.json` is parsed as JSON), within the kind's
    limit of bytes (a file that cannot be read raises the kind's error, see
    `read_input`)."""
    raw = read_input(path, kind)
    source = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParseFailure(
            [Problem("the file is not valid UTF-8 text", source=source, line=line)]
        ) from exc
    return parse(text, source, json_syntax=path.suffix.lower() == ".json")


def parse(text: str, source: str | None = None, *, json_syntax: bool = False) -> Document:
    """Parse YAML (or JSON) text into a `Document`."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ParseFailure(
            [Problem(f"input is larger than the {MAX_BYTES:,} bytes accepted", source=source)]
        )
    if json_syntax:
        # Syntax only; the values are read below, where NaN and Infinity are plain texts
        # that the models refuse at their exact position.
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            problem = Problem(
                f"invalid JSON: {exc.msg}", source=source, line=exc.lineno, column=exc.colno
            )
            raise ParseFailure([problem]) from exc
        except (RecursionError, ValueError):
            pass  # nested too deep, or a number too long: the builder says where, below
    return _Builder(text, source).build()


_CONTAINERS = (Mapping, list, tuple)


def check_data(data: Any, source: str | None = None) -> None:
    """Hold data given as Python values (a dict rather than a file) to the limits of a file:
    nesting of at most `MAX_DEPTH` levels, at most `MAX_VALUES` values (a
    structure that holds itself, or shares a list many times, would be followed forever).
    Raises `ParseFailure` at the first part beyond a limit."""
    stack: list[tuple[Any, DataPath]] = [(data, ())] if isinstance(data, _CONTAINERS) else []
    values = 1
    while stack:
        node, path = stack.pop()
        items = node.items() if isinstance(node, Mapping) else enumerate(node)
        values += len(node)
        if values > MAX_VALUES:
            message = f"the data holds more than {MAX_VALUES:,} values"
        elif len(path) >= MAX_DEPTH and node:
            message = f"nested deeper than {MAX_DEPTH} levels"
            path = (*path, str(next(iter(node))) if isinstance(node, Mapping) else 0)
        else:
            stack.extend(
                (value, (*path, key if isinstance(key, int) else str(key)))
                for key, value in items
                if isinstance(value, _CONTAINERS)
            )
            continue
        raise ParseFailure([Problem(message, source=source, path=path)])


class _Builder:
    """Builds values from parser events, recording positions and enforcing the limits."""

    def __init__(self, text: str, source: str | None) -> None:
        self.text = text
        self.source = source
        self.doc = Document(data=None, source=source)
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        """Anchor → its value, how many values and characters it holds."""
        self.values = 0
        self.characters = 0
        self.problems: list[Problem] = []

    def problem(
        self, message: str, mark: Any, path: DataPath = (), expected: str | None = None
    ) -> None:
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        self.problems.append(
            Problem(
                message, source=self.source, line=line, column=column, path=path, expected=expected
            )
        )

    def build(self) -> Document:
        loader = _Loader(self.text)
        try:
            events = self._events(loader)
            next(events)  # stream start
            event = next(events)
            if isinstance(event, yaml.StreamEndEvent):
                raise ParseFailure([Problem("the file is empty", source=self.source)])
            data, _, _ = self._node(next(events), events, (), 0)
            next(events)  # document end
            extra = next(events)
            if not isinstance(extra, yaml.StreamEndEvent):
                self.problem(
                    "a second document starts here",
                    extra.start_mark,
                    expected="one document per file (no second '---')",
                )
        except yaml.MarkedYAMLError as exc:
            self._syntax_error(exc)
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow
            self._unreadable(exc)
        except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports without marks rarely
            self.problem(f"YAML syntax error: {exc}", None)
        except _Abort:
            pass
        finally:
            loader.dispose()
        if self.problems:
            raise ParseFailure(self.problems)
        self.doc.data = data
        return self.doc

    def _syntax_error(self, exc: yaml.MarkedYAMLError) -> None:
        """A YAML syntax error at its line and column; a tab where YAML wants spaces is named
        as such (the parsers say "found character that cannot start any token")."""
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and self._tab_at(mark):
            self.problem(
                "YAML syntax error: a tab character; YAML indents with spaces, never tabs",
                mark,
                expected="spaces in place of the tab",
            )
            return
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        opened = exc.context_mark
        if exc.context and opened is not None and mark is not None and opened.line != mark.line:
            what += f" (it began at line {opened.line + 1}, column {opened.column + 1})"
        self.problem(f"YAML syntax error: {what}", mark)

    def _tab_at(self, mark: Any) -> bool:
        """Whether the parser stopped at a tab character."""
        number, column = int(mark.line), int(mark.column)
        lines = self.text.split("\n", number + 1)
        if number >= len(lines):
            return False
        line = lines[number]
        return 0 <= column < len(line) and line[column] == "\t"

    def _unreadable(self, exc: yaml.reader.ReaderError) -> None:
        """A character YAML refuses, at its line and column (the parser counts bytes of
        UTF-8, or characters for the pure-Python one)."""
        if _Loader is yaml.SafeLoader:
            before = self.text[: exc.position]
        else:
            before = self.text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
        line = before.count("\n") + 1
        column = len(before) - before.rfind("\n")
        code = exc.character if isinstance(exc.character, int) else ord(exc.character or " ")
        if "control" in (exc.reason or ""):
            message = f"control character U+{code:04X} is not allowed in YAML"
            expected = "printable text; in a double-quoted text, an escape such as \\t"
        else:
            message, expected = f"character U+{code:04X}: {exc.reason}", None
        self.problems.append(
            Problem(message, source=self.source, line=line, column=column, expected=expected)
        )

    @staticmethod
    def _events(loader: Any) -> Iterator[Any]:
        while loader.check_event():
            yield loader.get_event()

    def _count(self, values: int, characters: int, mark: Any) -> None:
        self.values += values
        self.characters += characters
        if self.values <= MAX_VALUES and self.characters <= MAX_CHARACTERS:
            return
        if self.values > MAX_VALUES:
            grown = f"{MAX_VALUES:,} values"
        else:
            grown = f"{MAX_CHARACTERS:,} characters"
        self.problem(
            f"the document expands to more than {grown}",
            mark,
            expected="a document without runaway aliases (YAML 'billion laughs')",
        )
        raise _Abort

    def _node(
        self, event: Any, events: Iterator[Any], path: DataPath, depth: int
    ) -> tuple[Any, int, int]:
        """Build one node; return its value and how many values and characters it holds
        (with its aliases expanded)."""
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                anchor = excerpt(event.anchor, quoted=False)
                self.problem(f"alias *{anchor} refers to no anchor defined before", mark)
                raise _Abort
            shared, values, characters = self.anchors[event.anchor]
            self._count(values, characters, mark)
            self.doc.positions[path] = (mark.line + 1, mark.column + 1)
            return shared, values, characters
        if depth > MAX_DEPTH:
            self.problem(f"nested deeper than {MAX_DEPTH} levels", mark)
            raise _Abort
        self.doc.positions[path] = (mark.line + 1, mark.column + 1)
        own = 0  # the characters of this node itself; those of its children are counted
        if isinstance(event, yaml.ScalarEvent):
            value: Any = self._scalar(event, path)
            own = len(event.value)
            values, characters = 1, own
        elif isinstance(event, yaml.SequenceStartEvent):
            self._tag(event, "tag:yaml.org,2002:seq", path)
            value, values, characters = [], 1, 0
            while not isinstance(child := next(events), yaml.SequenceEndEvent):
                item, n, c = self._node(child, events, (*path, len(value)), depth + 1)
                value.append(item)
                values += n
                characters += c
        elif isinstance(event, yaml.MappingStartEvent):
            self._tag(event, "tag:yaml.org,2002:map", path)
            value, values, characters = self._mapping(events, path, depth)
        else:  # pragma: no cover - the parser yields no other node event
            raise _Abort
        self._count(1, own, mark)
        if event.anchor:
            self.anchors[event.anchor] = (value, values, characters)
        return value, values, characters

    def _mapping(
        self, events: Iterator[Any], path: DataPath, depth: int
    ) -> tuple[dict[Any, Any], int, int]:
        value: dict[Any, Any] = {}
        values, characters = 1, 0
        first_seen: dict[Any, int] = {}
        while not isinstance(key_event := next(events), yaml.MappingEndEvent):
            key_mark = key_event.start_mark
            if not isinstance(key_event, yaml.ScalarEvent):
                self.problem("a mapping key must be a plain text or number", key_mark, path)
                raise _Abort
            key = self._scalar(key_event, path)
            characters += len(key_event.value)
            self.characters += len(key_event.value)  # held to the limit with the value
            if not isinstance(key, str | int) or isinstance(key, bool):
                shown = json.dumps(key)
                self.problem(f"key {shown} is not a text", key_mark, path, "a text key")
                key = str(key)
            child_path = (*path, key)
            if key in first_seen:
                self.problem(
                    f"duplicate key {excerpt(key)} (first given at line {first_seen[key]})",
                    key_mark,
                    child_path,
                    "each key once per mapping",
                )
            else:
                first_seen[key] = key_mark.line + 1
                self.doc.keys[child_path] = (key_mark.line + 1, key_mark.column + 1)
            item, n, c = self._node(next(events), events, child_path, depth + 1)
            values += n
            characters += c
            if key not in value:
                value[key] = item
        return value, values, characters

    def _tag(self, event: Any, default: str, path: DataPath) -> None:
        if event.tag not in (None, "!", default):
            self.problem(
                f"unsupported tag {excerpt(event.tag, quoted=False)}",
                event.start_mark,
                path,
                "no tags",
            )

    def _scalar(self, event: Any, path: DataPath) -> Any:
        text: str = event.value
        tag = event.tag
        if tag in (None, "!"):
            # libyaml reports the plain style as '', PyYAML as None
            plain = not event.style and event.implicit[0] and tag is None
            return self._plain(event, path) if plain else text
        if tag == _STR:
            return text
        if tag in _KNOWN_SCALAR_TAGS:
            value = self._plain(event, path)
            kind = tag.rsplit(":", 1)[1]
            if _fits_tag(value, kind):
                try:
                    return float(value) if kind == "float" else value
                except OverflowError:  # a whole number beyond the largest float
                    pass
            self.problem(f"{excerpt(text)} is not a valid !!{kind}", event.start_mark, path)
            return text
        self.problem(
            f"unsupported tag {excerpt(tag, quoted=False)}",
            event.start_mark,
            path,
            "plain values without tags",
        )
        return text

    def _plain(self, event: Any, path: DataPath) -> Any:
        """The value of a plain scalar; a whole number too long to read is a problem."""
        try:
            return resolve_plain(event.value)
        except ValueError as exc:  # more than MAX_DIGITS digits
            self.problem(
                str(exc), event.start_mark, path, f"a number of at most {MAX_DIGITS:,} digits"
            )
            return event.value


def _fits_tag(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind == "bool":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    return isinstance(value, int) if kind == "int" else isinstance(value, int | float)


class _Abort(Exception):
    """Stop building: a limit was hit or the structure cannot be continued."""
