"""A theme's templates are untrusted code: they see plain data, read their own folder only,
and their work and output are bounded; each refusal is a located ThemeError."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from socialready import assess, load_questionnaire, load_responses
from socialready.report import Theme, ThemeError, render_html, render_pdf
from socialready.report import _sandbox as sandbox
from socialready.report.html import page_context

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def assessment() -> Any:
    return assess(
        load_questionnaire("social-readiness@1.0.0"),
        load_responses(ROOT / "tests" / "data" / "v1" / "agence-12.yaml"),
    )


def theme_with(folder: Path, body: str, *, before: str = "") -> Theme:
    folder.mkdir(exist_ok=True)
    (folder / "theme.html.j2").write_text(
        before + '{% extends "report.html.j2" %}\n{% block cover_note %}\n'
        f"{body}\n{{% endblock %}}\n",
        encoding="utf-8",
    )
    return Theme(templates=folder)


def refused(assessment: Any, theme: Theme) -> ThemeError:
    with pytest.raises(ThemeError) as info:
        render_html(assessment, "en", theme)
    return info.value


SECRET = "socialready-secret-7d1f"


@pytest.mark.parametrize(
    "expression",
    [
        # the theme's own settings are plain values: no Path to call read_text() on
        "{{ theme.templates.joinpath('secret.txt').read_text() }}",
        "{{ theme.logo.read_text() }}",
        "{{ theme.templates.parent.iterdir() | list }}",
        "{{ theme.templates.joinpath('written.txt').write_text('x') }}",
        # nor can a template climb from the data it is given to a module or a class
        "{{ v.words.__class__.__init__.__globals__ }}",
        "{{ v.words.number.__globals__ }}",
        "{{ v.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ joiner.__init__.__globals__ }}",
        "{{ self._TemplateReference__context }}",
        "{{ lipsum.__globals__ }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ ''.format.__globals__ }}",
        "{{ v.org_name.format(v) }}",
        "{{ theme.__class__ }}",
        "{{ fonts.text.__html__.__globals__ }}",
    ],
)
def test_a_theme_reaches_no_file_and_no_module(
    assessment: Any, tmp_path: Path, expression: str
) -> None:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    error = refused(assessment, theme_with(tmp_path / "theme", expression))
    assert SECRET not in str(error)
    assert not (tmp_path / "theme" / "written.txt").exists()
    [problem] = error.problems
    assert problem.source == str(tmp_path / "theme" / "theme.html.j2")
    assert problem.line == 3


def test_the_template_context_holds_plain_data_only(assessment: Any, tmp_path: Path) -> None:
    from socialready.report.view import build_view

    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    theme = Theme(logo=tmp_path / "logo.svg", templates=tmp_path)
    view = build_view(assessment, "en", primary="#000000", secondary="#ffffff")
    context = page_context(view, theme, "2026-12-01")
    plain = str | int | float | bool | type(None) | list | dict | tuple

    def walk(value: Any, where: str) -> None:
        import dataclasses

        assert not isinstance(value, Path), where
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), f"{where}.{f.name}")
        else:
            assert isinstance(value, plain), f"{where} is a {type(value).__name__}"

    walk(context, "context")


def test_a_symbolic_link_out_of_the_folder_is_refused(assessment: Any, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "leak.j2").symlink_to(tmp_path / "secret.txt")
    error = refused(assessment, theme_with(folder, '{% include "leak.j2" %}'))
    assert SECRET not in str(error)
    assert "resolves outside the theme's folder" in str(error)
    # the theme's main template itself as a link out of the folder
    other = tmp_path / "other"
    other.mkdir()
    (other / "theme.html.j2").symlink_to(folder / ".." / "secret.txt")
    error = refused(assessment, Theme(templates=other))
    assert SECRET not in str(error)
    assert "resolves outside the theme's folder" in str(error)


@pytest.mark.parametrize("where", ["theme.html.j2", "part.j2"])
def test_a_template_that_is_not_utf8_is_located_by_its_line(
    assessment: Any, tmp_path: Path, where: str
) -> None:
    # found by the fuzz suite: Python's decoding error, with no line, was the message
    folder = tmp_path / "theme"
    theme = theme_with(folder, '{% include "part.j2" %}')
    (folder / "part.j2").write_bytes(b"ok\n\n\xfe")
    main = folder / "theme.html.j2"
    if where == "theme.html.j2":
        main.write_bytes(main.read_bytes().replace(b"{% include", b"\xff{% include"))
    [problem] = refused(assessment, theme).problems
    assert (problem.source, problem.line) == (str(folder / where), 3)
    assert problem.message == f"template error: the template '{where}' is not valid UTF-8 text"


def test_a_link_that_stays_in_the_folder_is_followed(assessment: Any, tmp_path: Path) -> None:
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "parts").mkdir()
    (folder / "parts" / "note.j2").write_text("A note from the studio", encoding="utf-8")
    (folder / "note.j2").symlink_to(folder / "parts" / "note.j2")
    html = render_html(assessment, "en", theme_with(folder, '{% include "note.j2" %}'))
    assert "A note from the studio" in html


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("{{ 'x' * 300000000 }}", "repeated value would be larger"),
        ("{{ ['x'] * 300000000 }}", "repeated value would be larger"),
        ("{{ 2 ** 100000 }}", "larger than 4,096 bits"),
        ("{% for i in range(10**9) %}{% endfor %}", "range of more than 100,000"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "more than 2,000,000 steps",
        ),
        ("{{ 'x' | center(300000000) }}", "width larger than 1,000"),
        ("{{ 'x' | indent(300000000) }}", "width larger than 1,000"),
        ("{{ '%300000000d' | format(1) }}", "format wider than 1,000"),
        ("{{ '%300000000d' % 1 }}", "format wider than 1,000"),
        ("{{ '%*d' % (300000000, 1) }}", "format wider than 1,000"),
        ("{{ ('x' * 1000000) | replace('x', 'y' * 1000) }}", "'replace' filter would make"),
        ("{{ ['a', 'b'] | join('x' * 3000000) }}", "'join' filter would make"),
        (
            "{% set a = 'x' * 1000000 %}{% set b = a ~ a %}{% set c = b ~ b %}{{ c ~ c }}",
            "joined value would be larger",
        ),
        (
            "{% set a = 'x' * 1000000 %}{% set b = a + a %}{% set c = b + b %}{{ c + c }}",
            "sum would be larger",
        ),
        (
            "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s }}"
            "{% endif %}{% endmacro %}{{ d('x', 40) }}",
            "larger than 4,000,000",
        ),
        (
            "{% set a = 'x' * 1000000 %}{{ [a, a, a, a, a] }}",
            "value written out would be larger",
        ),
        (
            "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
            "page would be larger than 16,000,000",
        ),
        ("{{ 'x'.center(10**9) }}", "attribute 'center' of 'str' object is unsafe"),
        ("{{ 'x'.ljust(10**9) }}", "attribute 'ljust' of 'str' object is unsafe"),
        ("{{ '{:>300000000}'.format(1) }}", "attribute 'format' of 'str' object is unsafe"),
        ("{{ lipsum(1000000) }}", "'lipsum' is undefined"),
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ],
)
def test_a_theme_cannot_make_unbounded_work(
    assessment: Any, tmp_path: Path, expression: str, message: str
) -> None:
    error = refused(assessment, theme_with(tmp_path / "theme", expression))
    [problem] = error.problems
    assert message in problem.message, problem.message
    assert problem.source == str(tmp_path / "theme" / "theme.html.j2")
    # the line that went beyond the limit; the page's size is the whole template's doing
    assert (problem.line is None) == ("page would be" in message)
    assert len(str(error)) < 2000


def test_values_of_millions_of_items_are_held_to_the_rendering_s_time(
    assessment: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # found by the fuzz suite: a list of 3,999,999 items keeps within every limit of size,
    # but measuring it at each step took 25 seconds, beyond the rendering's 10
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 1.0)
    started = time.monotonic()
    theme = theme_with(tmp_path / "theme", "{% set l = [[1]] * 3999999 %}{{ l | length }}")
    [problem] = refused(assessment, theme).problems
    assert time.monotonic() - started < 6
    assert problem.message == "template error: the template ran for more than 1 seconds"
    assert problem.line == 3


def test_limits_are_counted_per_rendering(assessment: Any, tmp_path: Path) -> None:
    # a theme that works within the limits renders again and again: nothing accumulates
    theme = theme_with(
        tmp_path / "theme",
        "{% for i in range(50000) %}{% endfor %}{{ ('x' * 1000) | length }}"
        "{% for s in v.steps %}{{ s.title | upper }}{% endfor %}",
    )
    for _ in range(3):
        html = render_html(assessment, "en", theme)
        assert "1000" in html
        assert "STEP" in html or "CURRENT" in html.upper()


def test_text_outside_blocks_is_refused(assessment: Any, tmp_path: Path) -> None:
    # Jinja2 prints what comes before {% extends %} ahead of the page and its policy
    theme = theme_with(tmp_path / "theme", "", before="<script>alert(1)</script>\n")
    error = refused(assessment, theme)
    [problem] = error.problems
    assert problem.message == "the template writes something outside its blocks"
    assert problem.line == 1


def test_an_autoescape_scope_outside_blocks_is_refused_at_its_line(
    assessment: Any, tmp_path: Path
) -> None:
    # {% autoescape %} makes a node with no line of its own: the line of its tag is given
    theme = theme_with(
        tmp_path / "theme",
        "",
        before="\n\n{% autoescape false %}\n<script>x</script>{% endautoescape %}\n",
    )
    problems = refused(assessment, theme).problems
    outside = [p for p in problems if p.message.startswith("the template writes something")]
    assert [p.line for p in outside] == [3]


def test_html_output_loads_and_runs_nothing_a_theme_adds(assessment: Any, tmp_path: Path) -> None:
    theme = theme_with(
        tmp_path / "theme",
        '<script>alert(1)</script><link rel="stylesheet" href="http://127.0.0.1:1/x.css">'
        '<img src="http://127.0.0.1:1/pixel.png">',
    )
    html = render_html(assessment, "en", theme)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert policy is not None
    assert policy.start() < html.index("<script>")  # the policy comes first in the head
    rules = dict(rule.strip().split(" ", 1) for rule in policy.group(1).split(";"))
    assert rules["default-src"] == "'none'"  # no script, no connection, no frame
    assert rules["img-src"] == "data:"
    assert rules["font-src"] == "data:"
    assert "http" not in policy.group(1)


def test_a_rebranding_theme_still_renders_the_same_pdf_path(
    assessment: Any, tmp_path: Path
) -> None:
    theme = theme_with(
        tmp_path / "theme",
        "<p>{{ v.org_name | upper }} — {{ theme.name }} {{ theme.primary }}"
        "{% if theme.confidential %} ({{ confidential_text }}){% endif %}</p>",
    )
    assert render_pdf(assessment, None, "en", theme) is not None
    html = render_html(assessment, "en", theme)
    assert "STUDIO" in html.upper()
    assert "#1f4e79" in html


def test_weight_counts_what_a_value_writes_out() -> None:
    assert sandbox.weight("abc") == 3
    assert sandbox.weight(["ab", ["cd", "e"]]) == 5
    assert sandbox.weight({"key": "value"}) == 8
    big = "x" * (sandbox.MAX_VALUE // 2)
    # counting stops past the limit: a list of many references to one big string is cheap
    assert sandbox.weight([big] * 1_000_000) <= sandbox.MAX_VALUE + len(big)
