"""How long WeasyPrint takes to draw the worst SVG logos socialready accepts.

Each logo below fills one of the limits of ``socialready/report/_logo.py`` (or several: the
last one), passes ``checked_logo``, and is drawn alone on a page, in a fresh process each
(so that no cache helps), at the size the report gives a logo. Prints the seconds and the
peak memory of each process. Run with plain ``python``:

    python benchmarks/bench_logo.py

Bound (issue 10): no logo that passes takes 10 s or 500 MB; the figures say how far below.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from socialready.report._logo import (
    MAX_SVG_ELEMENTS,
    MAX_SVG_PATH_DATA,
    MAX_SVG_SELECTORS,
    MAX_SVG_TEXT,
    checked_logo,
)

OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
GRADIENT = (
    '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/>'
    '<stop offset="1" stop-color="blue"/></linearGradient></defs>'
)


def path_data(length: int) -> str:
    return ("M0 0" + "".join(f"L{i % 100} {i * 7 % 100}" for i in range(length // 4)))[:length]


def logos() -> dict[str, str]:
    shapes = MAX_SVG_ELEMENTS - 6
    positions = " ".join(str(i % 100) for i in range(MAX_SVG_TEXT))
    rules = "".join(
        f"rect,.c{i}{{fill:red;stroke:blue;opacity:.5}}" for i in range(MAX_SVG_SELECTORS // 2)
    )
    clip = "".join(
        f'<rect x="{i}" width="1" height="1"/>' for i in range(MAX_SVG_ELEMENTS // 2 - 4)
    )
    return {
        "path data, plain": f'{OPEN}<path d="{path_data(MAX_SVG_PATH_DATA - 100)}"/></svg>',
        "path data under gradients and opacities": (
            f'{OPEN}{GRADIENT}<g opacity=".5"><path d="{path_data(MAX_SVG_PATH_DATA // 5 - 100)}"'
            ' fill="url(#g)" stroke="url(#g)" opacity=".5"/></g></svg>'
        ),
        "shapes with gradients and opacity": OPEN
        + GRADIENT
        + "".join(
            f'<rect x="{i % 100}" width="3" height="3" fill="url(#g)" stroke="url(#g)"'
            ' opacity=".5"/>'
            for i in range(shapes)
        )
        + "</svg>",
        "text spans with gradients and opacity": OPEN
        + GRADIENT
        + '<text x="0" y="50" text-anchor="middle">'
        + "".join(
            f'<tspan x="{i % 100}" dy="1" opacity=".5" fill="url(#g)">a</tspan>'
            for i in range(shapes - 2)
        )
        + "</text></svg>",
        "text placed letter by letter": OPEN
        + '<g opacity=".5">' * 28
        + f'<text x="{positions}" rotate="{positions}" y="50" text-anchor="middle" opacity=".5">'
        + "a" * MAX_SVG_TEXT
        + "</text>"
        + "</g>" * 28
        + "</svg>",
        "style sheet rules on every shape": f"{OPEN}<style>{rules}</style>"
        + '<rect class="c1 c2" width="3" height="3"/>' * shapes
        + "</svg>",
        "clip path": f'{OPEN}<defs><clipPath id="c">{clip}</clipPath></defs>'
        '<rect clip-path="url(#c)" width="5" height="5"/></svg>',
        "all at once": OPEN
        + GRADIENT
        + f"<style>{rules[: len(rules) // 2]}</style>"
        + f'<g opacity=".5"><path d="{path_data(MAX_SVG_PATH_DATA // 5 - 100)}" fill="url(#g)"'
        ' opacity=".5"/></g>'
        + f'<text x="{positions}" rotate="{positions}" y="50" opacity=".5">'
        + "a" * MAX_SVG_TEXT
        + "</text>"
        + '<rect class="c1" width="3" height="3" fill="url(#g)" stroke="url(#g)" opacity=".5"/>'
        * (shapes - 10)
        + "</svg>",
    }


DRAW = """
import base64, json, resource, sys, time
from weasyprint import HTML
data = open(sys.argv[1], "rb").read()
uri = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
HTML(string="<p>warm</p>").write_pdf()
start = time.perf_counter()
HTML(string=f'<img style="max-height:18mm;max-width:50mm" src="{uri}">').write_pdf()
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps([seconds, peak]))
"""


def main() -> int:
    print(f"{platform.system()} {platform.machine()}, Python {platform.python_version()}")
    print(f"{'logo':<42} {'bytes':>8} {'seconds':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for name, text in logos().items():
            path = Path(folder) / "logo.svg"
            path.write_text(text, encoding="utf-8")
            checked_logo(path)  # raises if the logo would be refused
            run = subprocess.run(
                [sys.executable, "-c", DRAW, str(path)],
                capture_output=True,
                text=True,
                check=True,
                timeout=600,
            )
            seconds, peak = json.loads(run.stdout.splitlines()[-1])
            print(f"{name:<42} {len(text.encode()):>8,} {seconds:>8.2f} {peak:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
