"""Draw again the page images of docs/report.md from the demo report.

Renders the demo (examples/manufacturer-400.yaml) in French and English, finds each page
shown in docs/report.md by a text it carries, and writes it as a PNG at 60 dpi with
poppler's pdftoppm (Debian: poppler-utils) into docs/images/:

    python tools/report_images.py
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

import socialready

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
EXAMPLE = ROOT / "examples" / "manufacturer-400.yaml"

PAGES: tuple[tuple[str, str, str], ...] = (
    # (image name, language, a text that the page and no page before it carries)
    ("report-fr-cover", "fr", "Verdier Hydraulique"),
    ("report-fr-method", "fr", "Méthode et périmètre"),
    ("report-fr-summary", "fr", "Actions prioritaires"),
    ("report-fr-step", "fr", "Cette étape obtient"),
    ("report-en-actions", "en", "The way to the next level"),
    ("report-en-staffing", "en", "Who does what"),
    ("report-en-appendix", "en", "Appendix: all answers\nQuestion"),
)


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: install poppler-utils", file=sys.stderr)
        return 1
    a = socialready.assess(socialready.load_questionnaire(), socialready.load_responses(EXAMPLE))
    with tempfile.TemporaryDirectory() as folder:
        pdfs: dict[str, tuple[Path, list[str]]] = {}
        for lang in ("fr", "en"):
            data = socialready.render_pdf(a, None, lang)
            assert data is not None
            path = Path(folder) / f"demo-{lang}.pdf"
            path.write_bytes(data)
            texts = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
            pdfs[lang] = (path, texts)
        for name, lang, text in PAGES:
            path, texts = pdfs[lang]
            number = next((n for n, t in enumerate(texts, 1) if text in t), None)
            if number is None:
                print(f"{name}: no page of the {lang} demo says {text!r}", file=sys.stderr)
                return 1
            out = IMAGES / name
            pages = ["-f", str(number), "-l", str(number)]
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-singlefile", *pages, str(path), str(out)],
                check=True,
            )
            print(f"{out}.png: page {number} of the {lang} demo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
