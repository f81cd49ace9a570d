"""Themes: how a consultancy rebrands the report without copying it.

A theme gives a logo, two colours, the fonts, and optionally a folder of templates whose
blocks override the built-in ones (Jinja2 inheritance: ``{% extends "report.html.j2" %}``
then ``{% block cover_note %}…{% endblock %}``). Themes are read from YAML like every other
file of socialready, with located errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError, model_validator

from .. import _yaml
from .._base import Invalid, StrictModel
from .._located import field_names, problems_from_validation
from ..errors import LocatedError, Problem

__all__ = ["Theme", "ThemeError", "load_theme"]

Colour = Annotated[
    str,
    StringConstraints(pattern=r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"),
    Field(description="A colour as #rgb or #rrggbb."),
]
FontFamily = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9 \-]{1,60}$"),
    Field(description="A font family name (letters, digits, spaces, hyphens)."),
]

_LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
MAX_LOGO_BYTES = 2 * 1024 * 1024


class ThemeError(LocatedError):
    """A theme cannot be used: a missing logo file, an unknown block, a bad colour…"""


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
        if self.logo is not None:
            if not self.logo.is_file():
                raise Invalid(f"no logo file at {self.logo}", "logo")
            if self.logo.suffix.lower() not in _LOGO_TYPES:
                suffix = self.logo.suffix or "no suffix"
                raise Invalid(f"the logo must be a PNG, JPEG or SVG file, not {suffix}", "logo")
            if self.logo.stat().st_size > MAX_LOGO_BYTES:
                raise Invalid(f"the logo is larger than {MAX_LOGO_BYTES:,} bytes", "logo")
        if self.templates is not None and not self.templates.is_dir():
            raise Invalid(f"no template folder at {self.templates}", "templates")
        return self

    @property
    def logo_type(self) -> str | None:
        """The media type of the logo."""
        return _LOGO_TYPES[self.logo.suffix.lower()] if self.logo else None


def load_theme(path: str | Path) -> Theme:
    """Read a theme from a YAML file; relative paths in it are relative to the file."""
    path = Path(path)
    try:
        document = _yaml.read(path)
    except _yaml.ParseFailure as failure:
        raise ThemeError(failure.problems, source=str(path)) from None
    data = document.data
    if not isinstance(data, dict):
        raise ThemeError(
            [Problem("the file holds no mapping", source=str(path), expected="a theme")],
            source=str(path),
        )
    resolved = dict(data)
    for key in ("logo", "templates"):
        if isinstance(resolved.get(key), str):
            resolved[key] = str((path.parent / resolved[key]).resolve())
    try:
        return Theme.model_validate(resolved)
    except ValidationError as exc:
        problems = problems_from_validation(exc, document, fields=field_names([Theme]))
        raise ThemeError(problems, source=str(path)) from None
