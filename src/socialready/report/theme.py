"""Themes: how a consultancy rebrands the report without copying it.

A theme gives a logo, two colours, the fonts, and optionally a folder of templates whose
blocks override the built-in ones (Jinja2 inheritance: ``{% extends "report.html.j2" %}``
then ``{% block cover_note %}…{% endblock %}``). Themes are read from YAML like every other
file of socialready, with located errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StringConstraints, model_validator

from .._base import Invalid, StrictModel
from .._files import LOGO, THEME, input_path, path_problem
from .._located import PatternWords, load_model, place
from .._yaml import Document
from ..errors import Problem, ThemeError, excerpt  # ThemeError is still importable from here

__all__ = ["BASE_TEMPLATE", "THEME_TEMPLATE", "Theme", "ThemeError", "load_theme"]

BASE_TEMPLATE = "report.html.j2"
"""The built-in report's template."""
THEME_TEMPLATE = "theme.html.j2"
"""The template a theme folder holds; it extends :data:`BASE_TEMPLATE`."""

COLOUR_PATTERN = r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"
FONT_PATTERN = r"^[A-Za-z0-9 \-]{1,60}$"

PATTERN_WORDS = {
    COLOUR_PATTERN: PatternWords(
        "is not a colour", "'#' and 3 or 6 hexadecimal digits, e.g. '#1f4e79'"
    ),
    FONT_PATTERN: PatternWords(
        "is not a font family name",
        "letters, digits, spaces and '-', at most 60, e.g. 'DejaVu Sans'",
    ),
}
"""How a theme file's problems name a colour or a font family that is none."""

Colour = Annotated[
    str,
    StringConstraints(pattern=COLOUR_PATTERN),
    Field(description="A colour as #rgb or #rrggbb."),
]
FontFamily = Annotated[
    str,
    StringConstraints(pattern=FONT_PATTERN),
    Field(description="A font family name (letters, digits, spaces, hyphens)."),
]

_LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
MAX_LOGO_BYTES = LOGO.limit


class Theme(StrictModel):
    """Logo, colours, fonts and template overrides of the report."""

    name: str = "socialready"
    logo: Path | None = Field(
        default=None, description="A PNG, JPEG or SVG file shown on the cover and in headers."
    )
    primary: Colour = "#1f4e79"
    secondary: Colour = "#e07a1f"
    text_font: list[FontFamily] = Field(default_factory=lambda: ["DejaVu Sans"])
    heading_font: list[FontFamily] = Field(default_factory=lambda: ["DejaVu Sans"])
    templates: Path | None = Field(
        default=None,
        description="A folder whose templates override named blocks of the built-in ones.",
    )
    confidential: bool = Field(default=True, description="Mark pages as confidential.")

    model_config = StrictModel.model_config | {"strict": False}

    @model_validator(mode="after")
    def _files(self) -> Theme:
        for name in ("logo", "templates"):
            path = getattr(self, name)
            problem = path_problem(path) if path is not None else None
            if problem is not None:  # the system would raise ValueError or OSError
                raise Invalid(f"{excerpt(path)}: {problem}", name)
        if self.logo is not None:
            if not self.logo.is_file():
                raise Invalid(f"no logo file at {excerpt(self.logo)}", "logo")
            if self.logo.suffix.lower() not in _LOGO_TYPES:
                suffix = excerpt(self.logo.suffix or "no suffix", quoted=False)
                raise Invalid(f"the logo must be a PNG, JPEG or SVG file, not {suffix}", "logo")
            if self.logo.stat().st_size > MAX_LOGO_BYTES:
                raise Invalid(f"the logo is larger than {MAX_LOGO_BYTES:,} bytes", "logo")
        if self.templates is not None and not self.templates.is_dir():
            raise Invalid(f"no template folder at {excerpt(self.templates)}", "templates")
        return self

    @property
    def logo_type(self) -> str | None:
        """The media type of the logo."""
        return _LOGO_TYPES[self.logo.suffix.lower()] if self.logo else None


def no_theme_template(theme: Theme) -> Problem | None:
    """The problem of a theme whose template folder holds no :data:`THEME_TEMPLATE` (the
    template the report starts from), located at the theme's ``templates``."""
    if theme.templates is None or (theme.templates / THEME_TEMPLATE).is_file():
        return None
    return Problem(
        f"the folder holds no {THEME_TEMPLATE}",
        path=("templates",),
        expected=f'a {THEME_TEMPLATE} that starts with {{% extends "{BASE_TEMPLATE}" %}}',
    )


def load_theme(path: str | Path) -> Theme:
    """Read a theme from a YAML file; relative paths in it are relative to the file. A
    template folder without the theme's template is refused here, at its line."""
    path = input_path(path, "load_theme")

    def relative_to_file(data: dict[str, Any]) -> dict[str, Any]:
        for key in ("logo", "templates"):
            if isinstance(data.get(key), str) and path_problem(data[key]) is None:
                data[key] = str((path.parent / data[key]).resolve())
        return data

    def has_its_template(theme: Theme, document: Document) -> None:
        problem = no_theme_template(theme)
        if problem is not None:
            raise ThemeError([place(problem, document)], source=str(path))

    return load_model(path, Theme, THEME, relative_to_file, PATTERN_WORDS, has_its_template)
