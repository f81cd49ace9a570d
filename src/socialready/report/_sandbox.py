"""The sandbox a theme's templates run in: plain data in, bounded work and bounded output.

A theme's templates are untrusted code. Jinja2's sandbox already refuses private attributes
and unsafe callables; this one narrows it further, to what a report template needs:

- **Plain data only.** Attributes are read only on the view's records (their fields), on
  Jinja2's own loop objects, and a short list of string, list and dict methods that cannot
  make a value much larger than its inputs (no `replace`, `center`, `format`…).
- **Bounded values.** No string, list or output value may weigh more than
  `MAX_VALUE` characters (a list weighs what its items weigh): `*`, `**`, `%`,
  `+`, `~`, every filter and every call are checked before they build their result
  where that can be foreseen, and after where it cannot.
- **Bounded work.** Every loop iteration and every call counts against
  `MAX_STEPS`, and the rendering stops after `MAX_SECONDS`; `range` is
  bounded; the rendered page may not exceed `MAX_OUTPUT` characters.
- **Its own folder only.** Templates are read from the theme's folder through a loader that
  refuses a path resolving outside it (symbolic links included) and files larger than
  `MAX_TEMPLATE_BYTES`.

Breaking a limit raises `TemplateLimitError`, a `jinja2.SecurityError`, which
the report turns into a located `ThemeError`.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, TemplateNotFound, TemplateSyntaxError, nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .._files import TEMPLATE, Unreadable, read_limited
from ..errors import excerpt

__all__ = [
    "MAX_OUTPUT",
    "MAX_SECONDS",
    "MAX_STEPS",
    "MAX_TEMPLATE_BYTES",
    "MAX_VALUE",
    "BoundedSandbox",
    "FolderLoader",
    "TemplateEncodingError",
    "TemplateLimitError",
    "bounded_render",
    "weight",
]

MAX_VALUE = 4_000_000
"""Characters (or list items) any one value made by a theme's template may weigh."""
MAX_OUTPUT = 16_000_000
"""Characters a rendered page may hold (a 2 MB logo weighs 2.7 million as a data: URI)."""
MAX_STEPS = 2_000_000
"""Loop iterations and calls one rendering may make (the demo report makes about 5,000)."""
MAX_SECONDS = 5.0
"""How long one rendering may last: half the time any input may take, so that a template that
runs until it is stopped is refused, with its line, well within it."""
MAX_TEMPLATE_BYTES = TEMPLATE.limit
"""How large one template file of a theme may be."""
MAX_WIDTH = 1_000
"""The widest padding a filter such as `center` or `indent` may add, per line."""
MAX_RANGE = 100_000
"""The most numbers `range` may give."""
MAX_BITS = 4_096
"""The largest integer arithmetic may make, in bits."""


class TemplateLimitError(SecurityError):
    """A theme's template went beyond a limit of the sandbox."""


class TemplateEncodingError(TemplateSyntaxError):
    """A theme's template that is not UTF-8 text, located by the line of its first bad byte."""

    def __str__(self) -> str:
        # the message alone: the line is the problem's own, and there is no text to quote
        return self.message or ""


@dataclass
class _Budget:
    deadline: float
    steps: int = 0
    output: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise TemplateLimitError(f"the template made more than {MAX_STEPS:,} steps")
        if self.steps % 1024 == 0:
            self.clock()

    def clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(f"the template ran for more than {MAX_SECONDS:g} seconds")


_BUDGET: ContextVar[_Budget | None] = ContextVar("socialready_template_budget", default=None)


def _step() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.step()


def weight(value: object, limit: int = MAX_VALUE) -> int:
    """How many characters `value` stands for once written out, counted up to just past
    `limit`: a string its length, a list or dict what its items weigh (at least one each),
    anything else one.

    Walking a value of millions of items takes seconds: during a rendering, the walk is
    held to the rendering's time (a template that builds such values again and again is
    stopped at `MAX_SECONDS`, not when it is done)."""
    return _weight(value, limit, _BUDGET.get())


_COLLECTIONS = (list, tuple, set, frozenset, dict)


def _weight(value: object, limit: int, budget: _Budget | None) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if not isinstance(value, list | tuple | set | frozenset):
        return 1
    total = 0
    for count, item in enumerate(value, 1):
        if isinstance(item, str):
            total += len(item) or 1
        elif isinstance(item, _COLLECTIONS):
            total += max(1, _weight(item, limit - total, budget))
        else:
            total += 1
        if total > limit:
            break
        if budget is not None and count % 4096 == 0:
            budget.clock()
    return total


def _check(value: Any, what: str) -> Any:
    if weight(value) > MAX_VALUE:
        raise TemplateLimitError(f"{what} would be larger than {MAX_VALUE:,} characters")
    return value


def _check_int(value: Any) -> Any:
    if isinstance(value, int) and value.bit_length() > MAX_BITS:
        raise TemplateLimitError(f"a number larger than {MAX_BITS:,} bits")
    return value


_PERCENT_SPEC = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent_format(text: str) -> None:
    for width, precision in _PERCENT_SPEC.findall(text):
        for number in (width, precision):
            if number == "*" or (number and int(number) > MAX_WIDTH):
                raise TemplateLimitError(f"a format wider than {MAX_WIDTH:,} characters")


def _ints(left: Any, right: Any) -> bool:
    return isinstance(left, int) and isinstance(right, int)


def _sequences(left: Any, right: Any) -> bool:
    """Whether `left + right` would join two values into one too large."""
    return not isinstance(left, int | float) and weight(left) + weight(right) > MAX_VALUE


def _predict_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse, before it is made, a result of `left <operator> right` beyond the limits."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            repeated = isinstance(times, int) and not isinstance(seq, int | float)
            if repeated and weight(seq) * max(times, 0) > MAX_VALUE:
                raise TemplateLimitError(
                    f"a repeated value would be larger than {MAX_VALUE:,} characters"
                )
        if _ints(left, right) and left.bit_length() + right.bit_length() > MAX_BITS:
            raise TemplateLimitError(f"a number larger than {MAX_BITS:,} bits")
    elif operator == "**":
        if _ints(left, right) and abs(left) > 1 and left.bit_length() * abs(right) > MAX_BITS:
            raise TemplateLimitError(f"a number larger than {MAX_BITS:,} bits")
    elif operator == "%" and isinstance(left, str):
        _check_percent_format(left)
    elif operator == "+" and _sequences(left, right):
        raise TemplateLimitError(f"a sum would be larger than {MAX_VALUE:,} characters")


def _widths(*values: Any) -> None:
    for value in values:
        if isinstance(value, int) and value > MAX_WIDTH:
            raise TemplateLimitError(f"a width larger than {MAX_WIDTH:,}")


def _predict_filter(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse, before it runs, a filter whose result would go beyond the limits."""
    for value in (*args, *kwargs.values()):
        _check(value, f"the input of the {excerpt(name)} filter")
    if name in ("center", "indent", "wordwrap", "truncate", "batch", "slice"):
        _widths(*args[1:], *kwargs.values())
    elif name == "replace" and len(args) >= 3:
        text, old, new = (str(a) for a in args[:3])
        times = text.count(old) if old else len(text) + 1
        if len(text) + times * len(new) > MAX_VALUE:
            raise TemplateLimitError(
                f"the 'replace' filter would make more than {MAX_VALUE:,} characters"
            )
    elif name == "join" and args:
        separator = args[1] if len(args) > 1 else kwargs.get("d", "")
        items = list(args[0])
        total = weight(items) + len(str(separator)) * len(items)
        if total > MAX_VALUE:
            raise TemplateLimitError(
                f"the 'join' filter would make more than {MAX_VALUE:,} characters"
            )
    elif name == "format" and args and isinstance(args[0], str):
        _check_percent_format(args[0])
    elif name == "sum" and args:
        _check(args[0], "the input of the 'sum' filter")


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` checked before and after: a filter of the theme sandbox."""

    passes = hasattr(function, "jinja_pass_arg")

    def bounded(*args: Any, **kwargs: Any) -> Any:
        _step()
        # a filter that receives the context, eval context or environment gets it first
        _predict_filter(name, args[1:] if passes else args, kwargs)
        return _check(function(*args, **kwargs), f"the result of the {excerpt(name)} filter")

    if passes:  # pass_context, pass_eval_context or pass_environment
        bounded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    bounded.__name__ = getattr(function, "__name__", name)
    return bounded


def _iterate(values: Iterable[Any]) -> Iterator[Any]:
    """What a `for` loop of a theme's template walks through: one step per item."""
    budget = _BUDGET.get()
    for value in values:
        if budget is not None:
            budget.step()
        yield value


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimitError(f"a range of more than {MAX_RANGE:,} numbers")
    return numbers


_STR_METHODS = frozenset(
    {
        *("capitalize", "casefold", "count", "endswith", "find", "lower", "lstrip"),
        *("isalnum", "isalpha", "isdecimal", "isdigit", "islower", "isnumeric", "isspace"),
        *("istitle", "isupper", "partition", "removeprefix", "removesuffix", "rfind"),
        *("rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip"),
        *("swapcase", "title", "upper"),
    }
)
_DICT_METHODS = frozenset({"get", "items", "keys", "values"})
_LIST_METHODS = frozenset({"count", "index"})


class _BoundedGenerator(CodeGenerator):
    """Jinja2's code generator, with `~` checked like `+`."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, with plain data only and bounded work and output."""

    code_generator_class = _BoundedGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, finalize=self._finalize, **kwargs)
        self.globals = {
            "range": _bounded_range,
            "dict": self.globals["dict"],
            "cycler": self.globals["cycler"],
            "joiner": self.globals["joiner"],
        }  # no lipsum (its size is an argument), no namespace (state across loop turns)
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self.filters["socialready_iterate"] = _iterate

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(
                loop.iter, "socialready_iterate", [], [], None, None, lineno=loop.lineno
            )
        return tree

    @staticmethod
    def _finalize(value: Any) -> Any:
        return _check(value, "a value written out")

    def bounded_concat(self, values: tuple[Any, ...]) -> Any:
        """`a ~ b`, refused when the result would be too large."""
        _step()
        _check(list(values), "a joined value")
        return markup_join(values)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Arithmetic and repetition, refused when the result would be too large."""
        _step()
        _predict_binop(operator, left, right)
        result = super().call_binop(context, operator, left, right)
        return _check(_check_int(result), "a computed value")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A call from the template (a macro, a method, `range`…), counted and checked."""
        _step()
        for value in (*args, *kwargs.values()):
            _check(value, "an argument")
        result = super().call(__context, __obj, *args, **kwargs)
        return _check(result, "the result of a call")

    def wrap_str_format(self, value: Any) -> None:
        """`str.format` is not offered at all (its widths are unbounded): templates format
        with the `format` filter, whose widths are checked."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Only the fields of records, Jinja2's own loop objects, and methods that cannot
        grow a value or reach the system."""
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, str):
            return attr in _STR_METHODS
        if isinstance(obj, dict):
            return attr in _DICT_METHODS
        if isinstance(obj, list | tuple):
            return attr in _LIST_METHODS
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return attr in {f.name for f in dataclasses.fields(obj)}
        return type(obj).__module__.startswith("jinja2.")


class FolderLoader(FileSystemLoader):
    """A theme's template folder: nothing outside it, nothing too large."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder.resolve()

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        path = self.folder.joinpath(*pieces)
        if not path.exists() and not path.is_symlink():
            raise TemplateNotFound(template)
        resolved = path.resolve()
        if not resolved.is_relative_to(self.folder):
            raise SecurityError(
                f"the template {excerpt(template)} resolves outside the theme's folder"
                " (a theme reads its own folder only)"
            )
        if not resolved.is_file():
            raise SecurityError(f"the template {excerpt(template)} is not a regular file")
        try:
            data = read_limited(resolved, MAX_TEMPLATE_BYTES)
        except Unreadable as why:
            raise SecurityError(
                f"the template {excerpt(template)} is larger than {MAX_TEMPLATE_BYTES:,} bytes"
                if why.large
                else f"the template {excerpt(template)} cannot be read: {why.message}"
            ) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            message = f"the template {excerpt(template)} is not valid UTF-8 text"
            raise TemplateEncodingError(message, line, template, str(path)) from None
        mtime = resolved.stat().st_mtime

        def uptodate() -> bool:
            try:
                return resolved.stat().st_mtime == mtime
            except OSError:
                return False

        return text, str(path), uptodate


@contextmanager
def _budget() -> Iterator[_Budget]:
    budget = _Budget(deadline=time.monotonic() + MAX_SECONDS)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def bounded_render(template: Any, context: dict[str, Any]) -> str:
    """`template` rendered with `context` within the sandbox's limits of work and size."""
    parts: list[str] = []
    with _budget() as budget:
        for chunk in template.generate(**context):
            budget.output += len(chunk)
            if budget.output > MAX_OUTPUT:
                raise TemplateLimitError(f"the page would be larger than {MAX_OUTPUT:,} characters")
            parts.append(chunk)
    return "".join(parts)
