"""report.theme: a theme file read, its paths relative to it, each mistake located."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialready import SocialReadyError
from socialready.report import Theme, ThemeError, load_theme
from socialready.report.theme import MAX_LOGO_BYTES

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'


def write(folder: Path, text: str, name: str = "theme.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ThemeError) as caught:
        load_theme(path)
    assert isinstance(caught.value, SocialReadyError)
    return [str(p) for p in caught.value.problems]


def test_the_defaults() -> None:
    theme = Theme()
    assert (theme.name, theme.primary, theme.secondary) == ("socialready", "#1f4e79", "#e07a1f")
    assert (theme.text_font, theme.heading_font) == (["DejaVu Sans"], ["DejaVu Sans"])
    assert (theme.logo, theme.logo_type, theme.templates, theme.confidential) == (
        None,
        None,
        None,
        True,
    )


def test_paths_are_relative_to_the_theme_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lumen"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "theme.html.j2").write_text(
        '{% extends "report.html.j2" %}\n', encoding="utf-8"
    )
    (folder / "logo.svg").write_text(SVG, encoding="utf-8")
    path = write(folder, "name: Lumen\nlogo: logo.svg\ntemplates: templates\nprimary: '#0A7A55'\n")
    monkeypatch.chdir(tmp_path)  # elsewhere than the theme's folder
    theme = load_theme(Path("lumen") / "theme.yaml")
    assert theme.logo == (folder / "logo.svg").resolve()
    assert theme.templates == (folder / "templates").resolve()
    assert (theme.logo_type, theme.primary, theme.name) == ("image/svg+xml", "#0A7A55", "Lumen")
    assert load_theme(str(path)) == theme


def test_every_mistake_of_the_fields_is_located(tmp_path: Path) -> None:
    path = write(
        tmp_path, "name: Lumen\nprimary: '#12345'\ncolour: red\ntext_font: ['Comic; Sans']\n"
    )
    assert problems(path) == [
        f"{path}:2:10: primary: '#12345' is not a colour"
        " (expected '#' and 3 or 6 hexadecimal digits, e.g. '#1f4e79')",
        # no field's name is close to 'colour': the hint names the theme's colours
        f"{path}:3:1: colour: unknown field 'colour' (expected a known field; did you mean"
        " 'primary'? A theme has two colours, primary and secondary, each '#rrggbb' (or '#rgb'),"
        " e.g. primary: '#1f4e79')",
        f"{path}:4:13: text_font[0]: 'Comic; Sans' is not a font family name"
        " (expected letters, digits, spaces and '-', at most 60, e.g. 'DejaVu Sans')",
    ]


def test_a_font_written_as_one_field_is_pointed_to_the_font_lists(tmp_path: Path) -> None:
    path = write(tmp_path, "fonts: [Arial]\ncolours: {primary: '#000'}\n")
    assert problems(path) == [
        f"{path}:1:1: fonts: unknown field 'fonts' (expected a known field; did you mean"
        " 'text_font'? A theme has two lists of font families, text_font and heading_font,"
        " e.g. text_font: [DejaVu Sans])",
        f"{path}:2:1: colours: unknown field 'colours' (expected a known field; did you mean"
        " 'primary'? A theme has two colours, primary and secondary, each '#rrggbb' (or '#rgb'),"
        " e.g. primary: '#1f4e79')",
    ]


@pytest.mark.parametrize(
    ("setup", "text", "message"),
    [
        ("", "logo: missing.png", "logo: no logo file at "),
        ("logo.gif", "logo: logo.gif", "logo: the logo must be a PNG, JPEG or SVG file, not .gif"),
        ("big.png", "logo: big.png", f"logo: the logo is larger than {MAX_LOGO_BYTES:,} bytes"),
        ("", "templates: nowhere", "templates: no template folder at "),
        # found by the fuzz suite: refused only when rendering, without the theme's line
        ("parts/", "templates: parts", "templates: the folder holds no theme.html.j2"),
    ],
)
def test_files_a_theme_names_must_be_there_and_fit(
    tmp_path: Path, setup: str, text: str, message: str
) -> None:
    if setup.endswith("/"):
        (tmp_path / setup).mkdir()
    elif setup:
        size = MAX_LOGO_BYTES + 1 if setup == "big.png" else 4
        (tmp_path / setup).write_bytes(b"x" * size)
    path = write(tmp_path, f"name: Lumen\n{text}\n")
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:2:")
    assert message in problem


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "- '#ffffff'\n")
    assert problems(path) == [
        f"{path}:1: the file holds a list of 1 item (expected a mapping (Theme))"
    ]


def test_a_missing_theme_file(tmp_path: Path) -> None:
    with pytest.raises(ThemeError, match=r"missing\.yaml: cannot read the file"):
        load_theme(tmp_path / "missing.yaml")
