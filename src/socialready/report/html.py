"""The report as HTML: Jinja2 templates, escaped, strict, themable by block."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import unicodedata
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    nodes,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .._files import TEMPLATE, Unreadable, read_input, read_limited
from .._version import __version__
from ..cohort import Cohort
from ..errors import Problem, SocialReadyError, ThemeError, excerpt
from ..scoring import Assessment
from ._sandbox import BoundedSandbox, FolderLoader, bounded_render
from .i18n import LANGUAGES
from .theme import BASE_TEMPLATE, THEME_TEMPLATE, Theme, logo_bytes, no_theme_template
from .view import DocumentInfo, build_view, cohort_view, progress_view

__all__ = [
    "BASE_TEMPLATE",
    "MARKER",
    "MARKER_META",
    "THEME_TEMPLATE",
    "content_marker",
    "render_html",
]


DEFAULT_THEME = Theme()


@lru_cache(maxsize=16)
def _theme_environment(templates: Path) -> ImmutableSandboxedEnvironment:
    """One environment per theme folder: Jinja2 reloads a template whose file changed.
    Those of the last 16 folders are kept (each holds its compiled templates, some 160 kB):
    a process that renders with many themes does not keep them all.

    A theme's templates are untrusted: they run in the bounded sandbox, and read their own
    folder only (see `._sandbox`)."""
    return _environment(templates)


def _environment(templates: Path | None) -> ImmutableSandboxedEnvironment:
    loaders: list[BaseLoader] = []
    if templates is not None:
        loaders.append(FolderLoader(templates))
    loaders.append(PackageLoader("socialready.report", "templates"))
    kind = BoundedSandbox if templates is not None else ImmutableSandboxedEnvironment
    # autoescape=True, not select_autoescape(): it matches by file suffix, and ".html.j2"
    # would not be escaped by it.
    return kind(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _builtin_environment() -> ImmutableSandboxedEnvironment:
    return _environment(None)


def _blocks(env: ImmutableSandboxedEnvironment, name: str) -> dict[str, int]:
    """The blocks a template defines, with their line numbers."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    tree = env.parse(source)
    return {block.name: block.lineno for block in tree.find_all(nodes.Block)}


def check_theme_templates(theme: Theme) -> list[Problem]:
    """Problems of a theme's template folder: unknown blocks, a template that does not
    extend the built-in one, or one that does not parse."""
    if theme.templates is None:
        return []
    path = theme.templates / THEME_TEMPLATE
    missing = no_theme_template(theme)
    if missing is not None:  # a Theme made in Python: load_theme refuses it at its line
        return [replace(missing, source=str(theme.templates))]
    env = _theme_environment(theme.templates)
    known = _blocks(_builtin_environment(), BASE_TEMPLATE)
    try:
        blocks = _blocks(env, THEME_TEMPLATE)
    except Exception as exc:  # jinja2.TemplateSyntaxError and friends
        line = getattr(exc, "lineno", None)
        return [Problem(f"template error: {exc}", source=str(path), line=line)]
    assert env.loader is not None
    text, _, _ = env.loader.get_source(env, THEME_TEMPLATE)
    problems = []
    if not re.search(r'{%-?\s*extends\s+["\']' + re.escape(BASE_TEMPLATE), text):
        problems.append(
            Problem(
                "the template does not extend the built-in report",
                source=str(path),
                line=1,
                expected=f'{{% extends "{BASE_TEMPLATE}" %}} on its first line',
            )
        )
    problems.extend(_outside_blocks(env, text, path))
    for name, line in blocks.items():
        if name not in known:
            problems.append(
                Problem(
                    f"unknown block {excerpt(name)}",
                    source=str(path),
                    line=line,
                    expected=f"one of {', '.join(sorted(known))}",
                )
            )
    return problems


_TOP_LEVEL = (nodes.Extends, nodes.Block, nodes.Macro, nodes.Import, nodes.FromImport)


def _outside_blocks(env: ImmutableSandboxedEnvironment, text: str, path: Path) -> list[Problem]:
    """What a theme's template writes outside its blocks: Jinja2 would print it before the
    built-in page, ahead of the page's own head and its content security policy."""
    problems = []
    for node in env.parse(text).body:
        if isinstance(node, _TOP_LEVEL):
            continue
        if isinstance(node, nodes.Output) and all(
            isinstance(part, nodes.TemplateData) and not part.data.strip() for part in node.nodes
        ):
            continue
        problems.append(
            Problem(
                "the template writes something outside its blocks",
                source=str(path),
                line=_first_line(node),
                expected="only {% extends %}, {% block %}, {% macro %} and {% import %}"
                " at the top level",
            )
        )
    return problems


def _first_line(node: nodes.Node) -> int:
    # some nodes carry no line of their own ({% autoescape %} makes a Scope without one)
    if node.lineno:
        return int(node.lineno)
    lines = (int(inner.lineno) for inner in node.find_all(nodes.Node) if inner.lineno)
    return next(lines, 1)


def _font_list(families: list[str], generic: str) -> Markup:
    # names are validated by the Theme (letters, digits, spaces, hyphens): safe in CSS
    return Markup(", ".join([*(f'"{f}"' for f in families), generic]))


def logo_data_uri(theme: Theme) -> str | None:
    """The theme's logo, read once, as a data: URI the document carries with it."""
    logo = logo_bytes(theme)
    if logo is None or theme.logo_type is None:
        return None
    data = base64.b64encode(logo).decode("ascii")
    return f"data:{theme.logo_type};base64,{data}"


def render_html(
    assessment: Assessment,
    lang: str = "fr",
    theme: Theme | None = None,
    *,
    previous: Assessment | None = None,
    cohort: Cohort | None = None,
    logo: str | None = None,
    variant: str | None = None,
    document: DocumentInfo | None = None,
) -> str:
    """The readiness report of `assessment` as a standalone HTML page.

    `lang` is a language of the questionnaire and of the report (`fr` or `en`);
    `theme` rebrands it. `previous`, an earlier assessment of the same organisation,
    adds a progress chapter; `cohort` adds a chapter placing the organisation among
    others. `logo` overrides the address of the logo (the PDF path serves it by a private
    URL); by default it is embedded as a data: URI. `variant` names the PDF variant the
    page is made for: it changes nothing but the page's content marker (see
    `content_marker`). `document` gives the document's version, contact and next
    assessment date, printed in its document control.
    """
    theme = theme or DEFAULT_THEME
    if lang not in LANGUAGES or lang not in assessment.questionnaire.languages:
        available = [x for x in LANGUAGES if x in assessment.questionnaire.languages]
        raise SocialReadyError(
            f"no report in {excerpt(lang)} (expected one of {', '.join(available)})"
        )
    problems = check_theme_templates(theme)
    if problems:
        raise ThemeError(problems, source=str(theme.templates))
    env = _theme_environment(theme.templates) if theme.templates else _builtin_environment()
    name = THEME_TEMPLATE if theme.templates else BASE_TEMPLATE
    view = build_view(
        assessment, lang, primary=theme.primary, secondary=theme.secondary, document=document
    )
    if previous is not None or cohort is not None:
        words = view.words
        view = replace(
            view,
            progress=progress_view(assessment, previous, words) if previous else None,
            cohort=cohort_view(assessment, cohort, words) if cohort else None,
        )
    created = assessment.responses.date.isoformat()
    chosen = logo if logo is not None else logo_data_uri(theme)
    chapters = f"{'progress' if previous else ''} {'cohort' if cohort else ''}"
    marker = content_marker(assessment, lang, theme, chapters=chapters.strip(), variant=variant)
    try:
        template = env.get_template(name)
        return _render(template, view, theme, created, chosen, marker)
    except TemplateError as exc:
        if theme.templates is None:  # a bug of ours, not a theme's mistake
            raise
        raise _theme_error(exc, theme.templates, _theme_frame(exc, theme.templates)) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
        # raised by a theme's expression ({{ 1 / 0 }}, int("x")…), or else by our own code
        frame = _theme_frame(exc, theme.templates) if theme.templates else None
        if frame is None or theme.templates is None:
            raise
        raise _theme_error(exc, theme.templates, frame) from None


def _theme_frame(exc: BaseException, folder: Path) -> tuple[str, int] | None:
    """The file and line of the theme's template where `exc` was raised, if it was: the
    innermost frame of the traceback (which Jinja2 rewrites to template lines) that lies in
    the theme's folder."""
    root = folder.resolve()
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith((str(folder), str(root))):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _theme_error(exc: BaseException, folder: Path, frame: tuple[str, int] | None) -> ThemeError:
    """A theme's template that failed, as a located error."""
    source, line = frame if frame else (str(folder / THEME_TEMPLATE), None)
    line = getattr(exc, "lineno", None) or line
    if getattr(exc, "filename", None):
        source = str(exc.filename)  # type: ignore[attr-defined]
    what = "template error" if isinstance(exc, TemplateError) else type(exc).__name__
    return ThemeError([Problem(f"{what}: {exc}", source=source, line=line)], source=str(folder))


MARKER = "socialready-report:"
"""How the content marker of a report made by socialready begins."""

MARKER_META = "socialready-report"
"""The name of the HTML `<meta>` that carries the content marker (the PDF carries it as
private data of its catalogue; see `read_content_marker`)."""


def content_marker(
    assessment: Assessment,
    lang: str,
    theme: Theme | None = None,
    *,
    chapters: str = "",
    variant: str | None = None,
) -> str:
    """What a report is a report of, written into the report where no reader sees it (a
    `<meta>` of the page, the private data of the PDF's catalogue), so that a batch
    re-run knows whether an existing report is the one it would write, and whose it is.

    `socialready-report:<answers>.<look>.<organisation>`: a digest of the answers (the
    responses, the file they came from aside, the questionnaire's id and the language),
    then a digest of everything else that shapes the pages — the questionnaire's content,
    socialready's version and templates, the theme with its logo and template files, the
    extra chapters and the PDF variant —, then a digest of the organisation's name (in
    Unicode NFC), so that a batch never writes over another organisation's report.
    """
    # what the organisation answered, not what it answered against (that is in the look)
    responses = assessment.responses.model_dump_json(
        exclude={"source", "questionnaire", "fingerprint", "warnings"}
    )
    answers = f"{lang}\n{assessment.questionnaire.id}\n{responses}"
    look = "\n".join(
        [
            assessment.questionnaire.fingerprint,
            _library_digest(),
            _theme_digest(theme or DEFAULT_THEME),
            chapters,
            variant or "",
        ]
    )
    organisation = unicodedata.normalize("NFC", assessment.responses.organisation.name)
    digests = (
        _digest(answers.encode())[:32],
        _digest(look.encode())[:12],
        _digest(organisation.encode())[:12],
    )
    return MARKER + ".".join(digests)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def _library_digest() -> str:
    """socialready's version and its report templates, as they are in this process."""
    folder = Path(__file__).parent / "templates"
    parts = [
        __version__,
        *(f"{f.name}:{_digest(read_input(f, TEMPLATE))}" for f in sorted(folder.iterdir())),
    ]
    return _digest("\n".join(parts).encode())


def _file_digest(path: Path) -> str:
    """A file of a theme's folder by its content, or by why it cannot be a template (its
    content then makes no difference to a report)."""
    try:
        return _digest(read_limited(path, TEMPLATE.limit))
    except Unreadable as why:
        return f"unreadable: {why.message}"


def _theme_digest(theme: Theme) -> str:
    """A theme by its content: its settings, the bytes of its logo and of its templates."""
    parts = [theme.model_dump_json()]
    logo = logo_bytes(theme)
    if logo is not None:
        parts.append(_digest(logo))
    if theme.templates is not None and theme.templates.is_dir():
        root = theme.templates.resolve()
        for path in sorted(theme.templates.rglob("*")):
            # what the theme's loader could read: regular files inside its folder
            if path.is_file() and path.resolve().is_relative_to(root):
                relative = path.relative_to(theme.templates).as_posix()
                parts.append(f"{relative}:{_file_digest(path)}")
    return _digest("\n".join(parts).encode())


def page_context(view: Any, theme: Theme, created: str) -> dict[str, Any]:
    """What every page template needs beside its view: theme, fonts, date, words."""
    return {
        "v": view,
        # plain values only: no path, model or module reaches a template (see _sandbox.py)
        "theme": {
            "name": theme.name,
            "primary": theme.primary,
            "secondary": theme.secondary,
            "text_font": list(theme.text_font),
            "heading_font": list(theme.heading_font),
            "confidential": theme.confidential,
        },
        "fonts": {
            "text": _font_list(theme.text_font, "sans-serif"),
            "heading": _font_list(theme.heading_font, "sans-serif"),
        },
        "created": created,
        "colon": view.words("colon"),
        "confidential_text": view.words("confidential") if theme.confidential else "",
        # a draft's mark, on every page (a cohort's view has none)
        "draft_text": getattr(view, "draft", ""),
    }


def render_builtin(name: str, context: dict[str, Any]) -> str:
    """Render one of the built-in page templates."""
    result: str = _builtin_environment().get_template(name).render(**context)
    return long_words_breakable(result)


def _render(
    template: Any, view: Any, theme: Theme, created: str, _logo: str | None, marker: str = ""
) -> str:
    context = page_context(view, theme, created) | {"logo": _logo, "marker": marker}
    return long_words_breakable(bounded_render(template, context))


LONG_WORD = 20
"""Characters without a space at which a run of text may be broken anywhere: a web address,
an e-mail address, a name joined by underscores. Shorter runs fit the narrowest column
that holds text the client gave (the staffing matrix's people, 56 mm) at the report's
sizes."""

_JOINING = "\u00a0\u2007\u202f\u2060"
"""The characters that join a run although `\\s` counts three of them as spaces: the no-break
spaces (plain, figure, narrow) and the word joiner."""

_BREAKING = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in _JOINING)
"""The spaces that end a run: what `\\s` matches in a text (`str.isspace`; none after U+3000),
but the joining ones."""

_RUN_CHARACTER = f"[^<>{re.escape(_BREAKING)}]"
"""A character of a run: no tag's bracket nor a breaking space. One character class rather
than `(?:[^\\s<>]|[joining])`: the same characters, read three times faster."""

_SKIPPED_OR_LONG = re.compile(
    r"(<(head|svg|style|script|textarea|title)\b.*?</\2\s*>|<[^>]*>)"
    rf"|({_RUN_CHARACTER}{{{LONG_WORD},}})",
    re.DOTALL | re.IGNORECASE,
)


def long_words_breakable(page: str) -> str:
    """`page` with each run of `LONG_WORD` characters or more of its body text (outside
    tags, the head, style sheets, scripts, text areas and SVG drawings) marked
    `<span class="long">`, which the style sheet lets break anywhere rather than run over
    other cells or off the page.

    Only such runs are marked: WeasyPrint gives every line of text that may break anywhere
    a Pango attribute and so lays out text about 5 % more slowly, which `overflow-wrap:
    anywhere` on the whole body cost every report.
    """

    def mark(found: re.Match[str]) -> str:
        skipped, _, run = found.groups()
        if run is None or len(html.unescape(run)) < LONG_WORD:  # "l&#39;…" is shorter
            return skipped or run
        return f'<span class="long">{run}</span>'

    return _SKIPPED_OR_LONG.sub(mark, page)
