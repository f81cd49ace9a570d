"""report._logo: a logo is checked before WeasyPrint decodes or draws it.

The bombs of issue 10 (a 12000 × 12000 PNG, an SVG of nested ``<use>``) and their kin are
each refused in a fresh interpreter limited to 500 MB of address space, within a timeout:
without the checks they take gigabytes and minutes. Logos as designers make them still pass.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from limits import bounded
from socialready import assess, load_questionnaire, load_responses
from socialready.report import Theme, ThemeError, load_theme, render_html
from socialready.report._logo import (
    MAX_LOGO_PIXELS,
    MAX_SVG_DEPTH,
    MAX_SVG_ELEMENTS,
    MAX_SVG_PATH_DATA,
    MAX_SVG_TEXT,
    MAX_SVG_VALUE,
    LogoRefused,
    checked_logo,
)

ROOT = Path(__file__).parent.parent
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40" width="100" height="40">'


def svg(body: str, head: str = SVG_OPEN) -> str:
    return f"{head}{body}</svg>"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def black_png(width: int, height: int) -> bytes:
    """A whole, valid RGB PNG of black pixels, compressed row by row (a 12000 × 12000 one
    weighs about 420 KB and decodes into 432 MB)."""
    row = bytes(1 + 3 * width)
    packer = zlib.compressobj(9)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def jpeg(width: int, height: int) -> bytes:
    """A small JPEG whose frame header is then made to claim ``width`` × ``height``."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    at = data.index(b"\xff\xc0") + 5  # SOF0: marker, length, precision, then height, width
    data[at : at + 4] = struct.pack(">HH", height, width)
    return bytes(data)


def use_bomb() -> str:
    """The reproducer of issue 10: ten <use> of the level below, nine levels deep."""
    levels = ['<path id="l0" d="M0 0h1v1z"/>']
    for level in range(1, 10):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(10))
        levels.append(f'<g id="l{level}">{uses}</g>')
    return svg(f"<defs>{''.join(levels)}</defs><use href='#l9'/>")


def laughs() -> str:
    entities = ['<!ENTITY l0 "ha">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return f'<!DOCTYPE svg [{"".join(entities)}]><svg xmlns="http://www.w3.org/2000/svg">&l9;</svg>'


def path_data(length: int) -> str:
    return ("M0 0" + "L1 2" * (length // 4))[:length]


BOMBS: dict[str, tuple[str, bytes | str, str]] = {
    # name: (file name, content, what the refusal says)
    "nested <use>": ("logo.svg", use_bomb(), "has a <use> element"),
    "12000 × 12000 PNG": ("logo.png", b"", "12,000 × 12,000 pixels"),
    "30000 × 30000 JPEG": ("logo.jpg", jpeg(30_000, 30_000), "pixels"),
    "entity expansion": ("logo.svg", laughs(), "declares a document type of its own"),
    "SVG named .png": ("logo.png", use_bomb(), "cannot be read as a PNG image"),
    "clip path drawn for every shape": (
        "logo.svg",
        svg(
            '<clipPath id="c">'
            + '<rect width="1" height="1"/>' * 200
            + "</clipPath>"
            + '<rect width="9" height="9" clip-path="url(#c)"/>' * 100
        ),
        "draws more than",
    ),
    "inherited dash array": (
        "logo.svg",
        svg(
            f'<g stroke="red" stroke-dasharray="{"1 " * 50_000}">'
            + '<rect width="3" height="3"/>' * 400
            + "</g>"
        ),
        "stroke-dasharray of more than",
    ),
    "deep nesting": ("logo.svg", svg("<g>" * 30_000 + "</g>" * 30_000), "nests elements"),
    "a short gradient repeated over a shape": (
        "logo.svg",
        svg(
            '<linearGradient id="g" spreadMethod="repeat" x2="0.000001">'
            '<stop offset="0" stop-color="red"/><stop offset="1" stop-color="blue"/>'
            '</linearGradient><rect width="100" height="40" fill="url(#g)"/>'
        ),
        "has spreadMethod='repeat' (a gradient may only pad)",
    ),
    "path data read again by each enclosing opacity": (
        "logo.svg",
        svg('<g opacity=".5">' * 30 + f'<path d="{path_data(40_000)}"/>' + "</g>" * 30),
        "too much path data",
    ),
}

LIMITED = """
import json, sys
from pathlib import Path
from socialready import assess, load_questionnaire, load_responses
from socialready.report import ThemeError, load_theme, render_pdf

theme_file, bomb, swap = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "swap"
try:
    theme = load_theme(theme_file)
    if swap:  # the logo is replaced after the theme was read: the report checks it again
        Path(theme.logo).write_bytes(bomb.read_bytes())
        answers = load_responses(sys.argv[4])
        render_pdf(assess(load_questionnaire("social-readiness@1.0.0"), answers), None, "en", theme)
except ThemeError as exc:
    print(json.dumps([str(problem) for problem in exc.problems]))
else:
    print(json.dumps(None))
"""


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    made = {}
    for number, (name, (file_name, content, _)) in enumerate(BOMBS.items()):
        path = folder / f"{number}-{file_name}"
        if name == "12000 × 12000 PNG":
            content = black_png(12_000, 12_000)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        made[name] = path
    assert made["12000 × 12000 PNG"].stat().st_size < 2 * 1024 * 1024
    return made


def run_limited(*arguments: str) -> list[str] | None:
    """The problems of the ThemeError the limited interpreter met, or None."""
    # the nested <use> ran 170 s before being killed; it is refused in milliseconds
    result: list[str] | None = json.loads(bounded(LIMITED, *arguments, seconds=60))
    return result


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_logo_bomb_is_refused_within_500_mb(
    tmp_path: Path, bombs: dict[str, Path], name: str
) -> None:
    bomb = bombs[name]
    logo = tmp_path / bomb.name.split("-", 1)[1]
    logo.write_bytes(bomb.read_bytes())
    theme = tmp_path / "theme.yaml"
    theme.write_text(f"name: Lumen\nlogo: {logo.name}\n", encoding="utf-8")
    problems = run_limited(str(theme), str(bomb), "load")
    assert problems is not None
    (problem,) = problems
    assert problem.startswith(f"{theme}:2:7: logo: ")
    assert BOMBS[name][2] in problem


@pytest.mark.parametrize("name", ["nested <use>", "12000 × 12000 PNG"])
def test_a_logo_swapped_for_a_bomb_after_loading_is_refused_at_render(
    tmp_path: Path, bombs: dict[str, Path], name: str
) -> None:
    bomb = bombs[name]
    logo = tmp_path / bomb.name.split("-", 1)[1]
    if logo.suffix == ".svg":
        logo.write_text(svg('<rect width="9" height="9"/>'), encoding="utf-8")
    else:
        logo.write_bytes(black_png(4, 4))
    theme = tmp_path / "theme.yaml"
    theme.write_text(f"logo: {logo.name}\n", encoding="utf-8")
    examples = ROOT / "tests" / "data" / "v1" / "agence-12.yaml"
    problems = run_limited(str(theme), str(bomb), "swap", str(examples))
    assert problems is not None
    (problem,) = problems
    assert problem.startswith(f"{logo}: logo: ")
    assert BOMBS[name][2] in problem


def test_the_html_report_checks_the_logo_it_embeds(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(svg('<rect width="9" height="9"/>'), encoding="utf-8")
    theme = Theme(logo=logo)
    assessment = assess(
        load_questionnaire("social-readiness@1.0.0"),
        load_responses(ROOT / "tests" / "data" / "v1" / "agence-12.yaml"),
    )
    assert "data:image/svg+xml;base64," in render_html(assessment, "en", theme)
    logo.write_text(use_bomb(), encoding="utf-8")
    with pytest.raises(ThemeError, match="has a <use> element") as caught:
        render_html(assessment, "en", theme)
    assert caught.value.problems[0].field == "logo"


# --- logos as designers make them ---------------------------------------------------------

INKSCAPE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="120mm" height="40mm" viewBox="0 0 120 40" version="1.1" id="svg1"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" inkscape:zoom="1.2">
    <inkscape:page x="0" y="0" width="120" height="40" id="page2" />
  </sodipodi:namedview>
  <defs id="defs1">
    <linearGradient id="sky" x1="0" x2="1"><stop offset="0" style="stop-color:#0a7a55" />
      <stop offset="1" style="stop-color:#1f4e79;stop-opacity:0.8" /></linearGradient>
    <clipPath clipPathUnits="userSpaceOnUse" id="frame"><rect width="120" height="40" /></clipPath>
  </defs>
  <metadata><rdf:RDF><dc:title>Lumen</dc:title></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1" clip-path="url(#frame)">
    <path style="fill:url(#sky);stroke:#000;stroke-width:0.5" d="M 2,38 20,2 38,38 Z"
       id="path1" sodipodi:nodetypes="cccc" />
    <circle cx="60" cy="20" r="15" fill="url('#sky')" opacity="0.9" id="circle1" />
    <text x="80" y="25" style="font-family:'DejaVu Sans', sans-serif;font-size:10px"
       id="text1"><tspan id="tspan1" x="80" y="25">Lumen</tspan></text>
  </g>
</svg>
"""

ILLUSTRATOR = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg version="1.1" id="Calque_1" xmlns="http://www.w3.org/2000/svg"
  xmlns:xlink="http://www.w3.org/1999/xlink" x="0px" y="0px" viewBox="0 0 200 80"
  style="enable-background:new 0 0 200 80;" xml:space="preserve">
<style type="text/css">
  .st0{fill:#E07A1F;}
  .st1, path.st2{fill:none;stroke:#1F4E79;stroke-width:2;stroke-miterlimit:10;}
  .st3{opacity:0.5}
</style>
<g class="st3"><rect x="10" y="10" class="st0" width="60" height="60"/>
  <polygon class="st1" points="100,70 130,10 160,70 "/><path class="st1 st2" d="M10 75h180"/>
</g>
</svg>
"""


@pytest.mark.parametrize("text", [INKSCAPE, ILLUSTRATOR])
def test_logos_from_drawing_programs_pass(tmp_path: Path, text: str) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(text, encoding="utf-8")
    assert checked_logo(logo) == text.encode()


def test_raster_logos_up_to_the_limit_pass(tmp_path: Path) -> None:
    for name, image in [
        ("logo.png", Image.new("RGBA", (2000, 2000))),
        ("logo.jpeg", Image.new("RGB", (4000, 1000))),
        ("logo.JPG", Image.new("L", (40, 10))),
    ]:
        buffer = io.BytesIO()
        image.save(buffer, "PNG" if name.endswith(".png") else "JPEG")
        (tmp_path / name).write_bytes(buffer.getvalue())
        assert checked_logo(tmp_path / name) == buffer.getvalue()
    (tmp_path / "wide.png").write_bytes(black_png(4001, 1000))
    message = f"the logo is 4,001 × 1,000 pixels (4,001,000; at most {MAX_LOGO_PIXELS:,}"
    assert message in refusal_of(tmp_path / "wide.png")


def refusal(tmp_path: Path, content: str | bytes, name: str = "logo.svg") -> str:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(LogoRefused) as caught:
        checked_logo(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<image href="http://127.0.0.1:1/x.png"/>', "has a <image> element, which fetches"),
        ("<script>alert(1)</script>", "has a <script> element, which is a script"),
        ("<foreignObject><p>x</p></foreignObject>", "has a <foreignObject> element"),
        ('<x:use xmlns:x="urn:x" href="#a"/>', "has a <use> element"),  # any namespace
        ('<pattern id="p"/>', "has a <pattern> element"),
        ('<filter id="f"/>', "has a <filter> element"),
        ("<switch/>", "has a <switch> element (a logo may have only circle, clipPath,"),
        ("<svg/>", "has a <svg> element, which is a drawing inside the drawing"),
        ('<rect onclick="x()"/>', "has an attribute 'onclick'"),
        (
            '<linearGradient id="g" xlink:href="#h" xmlns:xlink="http://www.w3.org/1999/xlink"/>',
            "has an attribute 'href'",
        ),
        ('<rect fill="url(http://127.0.0.1:1/x)"/>', "refers to something in fill="),
        ('<rect fill="url(#nowhere)"/>', "refers to #nowhere, which is no gradient"),
        ('<rect id="r"/><rect clip-path="url(#r)"/>', "refers to #r, which is no clip path"),
        ('<rect clip-path="#c"/><clipPath id="c"/>', "refers to something in clip-path="),
        ('<rect mask="url(#m)"/>', "uses mask='url(#m)' (masks, filters and markers"),
        ('<defs spreadMethod="reflect"/>', "has spreadMethod='reflect'"),  # it is inherited
        ('<g style="spreadMethod: repeat"/>', "has spreadMethod='repeat'"),
        ('<rect style="marker-start: url(#m)"/>', "uses marker-start='url(#m)'"),
        (
            '<clipPath id="a"><rect clip-path="url(#b)"/></clipPath><clipPath id="b"/>',
            "clips a part of a clip path",
        ),
        ('<clipPath id="a" clip-path="url(#a)"/>', "clips a part of a clip path"),
        ("<style>@import url(http://127.0.0.1:1/x.css);</style>", "style sheet with @import"),
        ("<style>@font-face{src:url(x.ttf)}</style>", "style sheet with @font-face"),
        ("<style>g g g g rect{fill:red}</style>", "with the selector 'g g g g rect'"),
        ("<style>*{fill:red}</style>", "with the selector '*'"),
        ("<style>.a{clip-path:url(#c)}</style><clipPath id='c'/>", "clips by a style sheet"),
        # read as WeasyPrint reads it: the escape does not hide the reference
        ("<style>.a{fill:u\\72l(#g)}</style>", "refers to #g, which is no gradient"),
        ("<style>.a{fill:u\\72l('http://127.0.0.1:1')}</style>", "refers to something in fill="),
        ('<rect style="fill:url(#g) !important"/>', "refers to #g, which is no gradient"),
        ('<rect id="a"/><rect id="a"/>', "has two elements with the id 'a'"),
        ("<rect><rect/></rect>", "has a <rect> inside a <rect>, which holds no element"),
        ('<g d="M0 0L1 1"/>', "has d= on a <g>"),
        (f'<g font-family="{"A," * MAX_SVG_VALUE}"/>', "font-family of more than"),
        ("<text>" + "a" * (MAX_SVG_TEXT + 1) + "</text>", "characters of text"),
        ("<g><tspan>" + "a" * (MAX_SVG_TEXT + 1) + "</tspan></g>", "characters of text"),
        ("<text><style>" + "a" * (MAX_SVG_TEXT + 1) + "</style></text>", "characters of text"),
        ("<rect/>" * MAX_SVG_ELEMENTS, f"has more than {MAX_SVG_ELEMENTS:,} elements"),
        ("<g>" * MAX_SVG_DEPTH + "</g>" * MAX_SVG_DEPTH, f"more than {MAX_SVG_DEPTH} deep"),
        (f'<path d="{path_data(MAX_SVG_PATH_DATA + 1)}"/>', "too much path data"),
        (
            '<linearGradient id="g"/>'
            + f'<path fill="url(#g)" d="{path_data(MAX_SVG_PATH_DATA // 3 + 4)}"/>',
            "too much path data",
        ),
        ("<rect", "cannot be read as XML: not well-formed (invalid token) (line 1 of logo.svg)"),
    ],
    ids=lambda value: value[:50],
)
def test_what_an_svg_logo_may_not_hold(tmp_path: Path, body: str, message: str) -> None:
    assert message in refusal(tmp_path, svg(body))


@pytest.mark.parametrize(
    ("head", "message"),
    [
        ("<svg>", 'is not an <svg xmlns="http://www.w3.org/2000/svg"> document'),
        ('<html xmlns="http://www.w3.org/2000/svg">', "is not an <svg"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="1e-300" height="1e300">', "width="),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="-5">', "width='-5'"),
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 0">', "viewBox='0 0 0 0'"),
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1e309 1">', "viewBox="),
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 nan 1">', "viewBox="),
    ],
)
def test_the_size_and_kind_of_an_svg_logo(tmp_path: Path, head: str, message: str) -> None:
    closing = "</html>" if head.startswith("<html") else "</svg>"
    assert message in refusal(tmp_path, head + closing)


def test_entities_and_document_types(tmp_path: Path) -> None:
    assert "declares a document type of its own" in refusal(tmp_path, laughs())
    external = svg("&x;", '<!DOCTYPE svg SYSTEM "http://127.0.0.1:1/x.dtd">' + SVG_OPEN)
    assert "uses the undeclared entity &x;" in refusal(tmp_path, external)
    # a document type without declarations, as Illustrator writes, is fine
    (tmp_path / "plain.svg").write_text(ILLUSTRATOR, encoding="utf-8")
    checked_logo(tmp_path / "plain.svg")


def test_contents_must_be_what_the_suffix_says(tmp_path: Path) -> None:
    assert "cannot be read as a PNG image" in refusal(tmp_path, svg(""), "logo.png")
    assert "cannot be read as a JPEG image" in refusal(tmp_path, black_png(4, 4), "logo.jpg")
    assert "cannot be read as XML" in refusal(tmp_path, black_png(4, 4), "logo.svg")
    assert "cannot be read as a PNG image" in refusal(tmp_path, b"\x89PNG\r\n\x1a\n", "logo.png")


def test_a_logo_that_is_no_plain_file(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "logo.svg"
    os.mkfifo(fifo)  # opened without waiting for a writer
    assert f"the logo {fifo} is not a plain file" in refusal_of(fifo)
    folder = tmp_path / "folder.png"
    folder.mkdir()
    assert "is not a plain file" in refusal_of(folder)
    big = tmp_path / "big.svg"
    big.write_text(svg("<!--" + "x" * 300_000 + "-->"), encoding="utf-8")
    assert "the SVG logo is larger than 262,144 bytes" in refusal_of(big)


def refusal_of(path: Path) -> str:
    with pytest.raises(LogoRefused) as caught:
        checked_logo(path)
    return str(caught.value)


def test_a_refused_logo_is_located_in_the_theme_file(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(svg("\n<script/>"), encoding="utf-8")
    theme = tmp_path / "theme.yaml"
    theme.write_text("name: Lumen\nlogo: logo.svg\n", encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme(theme)
    assert [str(p) for p in caught.value.problems] == [
        f"{theme}:2:7: logo: the SVG logo has a <script> element, which is a script"
        " (line 2 of logo.svg)"
    ]


def test_a_checked_logo_reaches_the_pdf(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from pypdf import PdfReader

    from socialready.report import render_pdf

    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), "#0a7a55").save(buffer, "PNG")
    (tmp_path / "logo.png").write_bytes(buffer.getvalue())
    theme = Theme(logo=tmp_path / "logo.png")
    assessment = assess(
        load_questionnaire("social-readiness@1.0.0"),
        load_responses(ROOT / "tests" / "data" / "v1" / "agence-12.yaml"),
    )
    with caplog.at_level("WARNING", logger="socialready.report"):
        data = render_pdf(assessment, None, "en", theme)
    assert "refused" not in caplog.text
    assert data is not None
    (image,) = PdfReader(io.BytesIO(data)).pages[0].images
    assert image.image is not None
    assert image.image.size == (300, 120)
