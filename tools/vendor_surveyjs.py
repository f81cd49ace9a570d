"""Vendor SurveyJS's form library into src/socialready/form/vendor/, from npm.

    python tools/vendor_surveyjs.py            # the latest survey-js-ui and its survey-core
    python tools/vendor_surveyjs.py 2.5.38     # a given version

Needs ``npm`` (it only runs ``npm view`` and ``npm pack``: nothing is installed). Writes the
minified scripts of survey-core (the form model) and survey-js-ui (its framework-free UI),
the stylesheet without web fonts (the offline form must load nothing), survey-core's
translations of its own texts named by language code (``i18n/fr.min.js``), the MIT licence,
and ``manifest.json`` with the versions and the SHA-256 of every file, which
tests/test_form_vendor.py checks. Both packages are taken at the same version, as
survey-js-ui's peer dependency on survey-core asks.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "src" / "socialready" / "form" / "vendor"

FILES = {
    "survey-core": ["survey.core.min.js", "survey-core.fontless.min.css"],
    "survey-js-ui": ["survey-js-ui.min.js"],
}

LICENCE_HOLDER = re.compile(r"Copyright \(c\) (\d{4}-\d{4}) ([^\n]+?)\s+- http")

MIT = """MIT License

Copyright (c) {years} {holder} - http://surveyjs.io/

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""
"""The licence of both packages (their repository's LICENSE; npm's tarballs carry none)."""


def npm(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(["npm", *args], check=True, capture_output=True, text=True, cwd=cwd)
    return done.stdout.strip()


def unpack(name: str, version: str, work: Path) -> Path:
    """``npm pack`` one package into ``work`` and unpack it; its ``package`` folder."""
    tarball = npm("pack", f"{name}@{version}", "--silent", cwd=work).splitlines()[-1]
    target = work / name
    with tarfile.open(work / tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def main(argv: list[str]) -> int:
    version = argv[0] if argv else json.loads(npm("view", "survey-js-ui", "version", "--json"))
    for name in FILES:
        licence = json.loads(npm("view", f"{name}@{version}", "license", "--json"))
        if licence != "MIT":
            print(f"{name}@{version} is licensed {licence!r}, not MIT: not vendored")
            return 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        packages = {name: unpack(name, version, work) for name in FILES}
        shutil.rmtree(VENDOR, ignore_errors=True)
        (VENDOR / "i18n").mkdir(parents=True)
        for name, files in FILES.items():
            for file in files:
                shutil.copyfile(packages[name] / file, VENDOR / file)
        for script in sorted((packages["survey-core"] / "i18n").glob("*.min.js")):
            found = re.search(r'localeCode:"([a-z-]+)"', script.read_text(encoding="utf-8"))
            if script.name != "index.min.js" and found:
                shutil.copyfile(script, VENDOR / "i18n" / f"{found.group(1)}.min.js")
        header = (VENDOR / "survey.core.min.js").read_text(encoding="utf-8")[:400]
        holder = LICENCE_HOLDER.search(header)
        if holder is None:
            print("survey.core.min.js has no copyright line to put in LICENSE")
            return 1
        (VENDOR / "LICENSE").write_text(
            MIT.format(years=holder.group(1), holder=holder.group(2)), encoding="utf-8"
        )
    files = sorted(p for p in VENDOR.rglob("*") if p.is_file() and p.name != "manifest.json")
    manifest = {
        "packages": dict.fromkeys(FILES, version),
        "licence": "MIT",
        "source": "https://www.npmjs.com/package/survey-js-ui",
        "files": {
            p.relative_to(VENDOR).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files
        },
    }
    (VENDOR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"vendored survey-core and survey-js-ui {version} into {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
