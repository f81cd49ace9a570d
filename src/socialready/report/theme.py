"""Themes: how a consultancy rebrands the report without copying it.

A theme gives a logo, two colours, the fonts, and optionally a folder of templates whose
blocks override the built-in ones (Jinja2 inheritance: `{% extends "report.html.j2" %}`
then `{% block cover_note %}…{% endblock %}`). Themes are read from YAML like every other
file of socialready, with located errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StringConstraints, model_validator

from .._base import Invalid, StrictModel
from .._files import THEME, input_path, path_problem
from .._located import PatternWords, load_model, place
from .._yaml import Document

# ThemeError's home is errors.py; it is still importable from here
from ..errors import Problem, ThemeError, excerpt
from ._logo import LOGO_TYPES, MAX_LOGO_BYTES, LogoRefused, checked_logo

__all__ = [
    "BASE_TEMPLATE",
    "MAX_LOGO_BYTES",
    "THEME_TEMPLATE",
    "Theme",
    "ThemeError",
    "load_theme",
    "logo_bytes",
]

BASE_TEMPLATE = "report.html.j2"
"""The built-in report's template."""
THEME_TEMPLATE = "theme.html.j2"
"""The template a theme folder holds; it extends `BASE_TEMPLATE`."""

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

_COLOURS = (
    "a known field; did you mean 'primary'? A theme has two colours, primary and secondary,"
    " each '#rrggbb' (or '#rgb'), e.g. primary: '#1f4e79'"
)
_FONTS = (
    "a known field; did you mean 'text_font'? A theme has two lists of font families,"
    " text_font and heading_font, e.g. text_font: [DejaVu Sans]"
)
FIELD_HINTS = {
    **dict.fromkeys(
        ("colour", "color", "colours", "colors", "primary_colour", "primary_color"), _COLOURS
    ),
    **dict.fromkeys(("background", "accent", "main_colour", "main_color"), _COLOURS),
    **dict.fromkeys(("font", "fonts", "font_family", "font_families", "family"), _FONTS),
}
"""What a theme's unknown field is likely meant as, where no field's name is close."""

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


class Theme(StrictModel):
    """Logo, colours, fonts and template overrides of the report."""

    name: str = Field(
        default="socialready",
        description="The theme's name (a consultancy's, say), which the theme's own templates"
        " may show as `theme.name`.",
    )
    logo: Path | None = Field(
        default=None,
        description="A PNG or JPEG file of at most 4 megapixels, or an SVG file that is a plain"
        " drawing, shown on the cover (see docs/report.md for what an SVG logo may hold).",
    )
    primary: Colour = Field(default="#1f4e79", description="The colour of titles, bars and badges.")
    secondary: Colour = Field(
        default="#e07a1f", description="The colour of kickers, weak areas and medium priorities."
    )
    text_font: list[FontFamily] = Field(
        default_factory=lambda: ["DejaVu Sans"],
        description="The font families of the text, the first one installed used (fontconfig"
        " finds them by name).",
    )
    heading_font: list[FontFamily] = Field(
        default_factory=lambda: ["DejaVu Sans"],
        description="The font families of the headings, the first one installed used.",
    )
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
            try:
                checked_logo(self.logo)
            except LogoRefused as exc:
                raise Invalid(str(exc), "logo") from None
        if self.templates is not None and not self.templates.is_dir():
            raise Invalid(f"no template folder at {excerpt(self.templates)}", "templates")
        return self

    @property
    def logo_type(self) -> str | None:
        """The media type of the logo."""
        return LOGO_TYPES[self.logo.suffix.lower()] if self.logo else None


def logo_bytes(theme: Theme) -> bytes | None:
    """The theme's logo as it is on disk now, checked again: only checked bytes reach the
    report (the file may have changed since the theme was read). Raises
    `ThemeError` located at the logo when it no longer passes."""
    if theme.logo is None:
        return None
    try:
        return checked_logo(theme.logo)
    except LogoRefused as exc:
        problem = Problem(str(exc), source=str(theme.logo), path=("logo",))
        raise ThemeError([problem], source=str(theme.logo)) from None


def no_theme_template(theme: Theme) -> Problem | None:
    """The problem of a theme whose template folder holds no `THEME_TEMPLATE` (the
    template the report starts from), located at the theme's `templates`."""
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

    return load_model(
        path, Theme, THEME, relative_to_file, PATTERN_WORDS, has_its_template, FIELD_HINTS
    )
