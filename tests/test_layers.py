"""The layers of DESIGN.md, checked on the imports each module of ``src/`` writes.

Imports are read with ``ast``, so an import inside a function (a lazy one) counts like any
other: it is still a dependency. ``import socialready`` is also run in a fresh interpreter,
to see what it loads.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src"
PACKAGE = "socialready"

# The layers, lowest first: a module may import the modules of its own group and of every
# lower layer, never of a higher one. The groups of one layer are independent: none of
# them imports another. A name covers a module and, for a package, everything in it.
LAYERS: list[list[set[str]]] = [
    # one base error and the located problems; imports nothing from the package
    [{"errors"}],
    # the model and what every layer shares: strict base model, ids and texts, safe YAML
    # with positions, the condition language, the questionnaire, located validation
    # problems, the question kinds and the texts of survey cells they read, the prepared
    # questionnaire, the per-questionnaire cache, records, atomic output targets
    [
        {
            "_base",
            "_cache",
            "_cells",
            "_files",
            "_kinds",
            "_located",
            "_prepared",
            "_records",
            "_version",
            "_yaml",
            "conditions",
            "questionnaire",
        }
    ],
    # reading a questionnaire, with its whole-file checks and the built-in registry
    [{"loading", "_checks"}],
    # checking responses against a questionnaire: the one passed, or the built-in one they
    # name
    [{"responses"}],
    # carrying responses from one version of a built-in questionnaire to a newer one
    [{"migration"}],
    # what an assessment is: the Assessment and its records
    [{"assessment"}],
    # the step-3 roster's analysis
    [{"staffing"}],
    # assess(): questionnaire × responses → Assessment
    [{"scoring"}],
    # many assessments
    [{"cohort"}],
    # HTML, PDF, charts, themes, translations: reads assessments and cohorts
    [{"report"}],
    # many reports on an executor | survey-tool exports in | the questionnaire as a form |
    # the questionnaire as a SurveyJS form, and the offline HTML form that runs it
    [{"batch"}, {"survey"}, {"xlsform"}, {"form"}],
    # the inputs of many assessments: responses files and survey exports, gathered
    [{"inputs"}],
    # the JSON Schemas of the file formats (questionnaire, survey mapping, responses to a
    # questionnaire)
    [{"schema"}],
    # a blank responses file, whose first line names the responses schema
    [{"template"}],
    # the command line | the public API (it re-exports, the report and batch lazily)
    [{"cli", "__main__"}, {PACKAGE}],
]

# Imports that go against the layers, each with its reason (none today); a fixed one must
# leave this set (the test says so), so that it cannot come back unseen.
KNOWN_BREACHES: set[tuple[str, str]] = set()

# Upward imports that are part of the design, with their reason.
ALLOWED_UPWARD: set[tuple[str, str]] = {
    # Jupyter's display protocol: Assessment._repr_html_ imports the notebook summary
    # inside the method, when a notebook first shows an assessment; importing scoring (or
    # socialready) never loads the report
    ("assessment", "report.notebook"),
}

# Libraries for the report only: the model and scoring stay fast to import and render-free
REPORT_LIBRARIES = {"PIL", "babel", "jinja2", "markupsafe", "tinycss2", "weasyprint"}


def module_name(path: Path) -> str:
    """``socialready.survey.reading`` for ``src/socialready/survey/reading.py``."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted((SRC / PACKAGE).rglob("*.py"))}


def is_package(module: str) -> bool:
    return modules()[module].name == "__init__.py"


def imports(module: str) -> list[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) of every import of ``module``;
    ``from x import y`` where ``x.y`` is a module counts as importing ``x.y``."""
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    here = module if is_package(module) else module.rpartition(".")[0]
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                if f"{base}.{alias.name}" in modules():
                    found.append((f"{base}.{alias.name}", None, node.lineno))
                else:
                    found.append((base, alias.name, node.lineno))
    return found


def short(module: str) -> str:
    """A module's name inside the package, as the layer table writes it."""
    return module.removeprefix(f"{PACKAGE}.") if module != PACKAGE else PACKAGE


def place(module: str) -> tuple[int, int]:
    """(layer, group) of a module of the package."""
    name = short(module)
    for layer, groups in enumerate(LAYERS):
        for group, names in enumerate(groups):
            if any(name == n or name.startswith(f"{n}.") for n in names):
                return layer, group
    raise AssertionError(f"{module} is in no layer of LAYERS: add it")


def internal_edges() -> set[tuple[str, str]]:
    """(importer, imported) for every import between two modules of the package."""
    edges = set()
    for module in modules():
        for target, _, _ in imports(module):
            if target in modules() and target != module:
                edges.add((short(module), short(target)))
    return edges


def against_the_layers() -> set[tuple[str, str]]:
    """The imports of a higher layer, or of another group of the same layer."""
    wrong = set()
    for importer, imported in internal_edges():
        (layer, group) = place(f"{PACKAGE}.{importer}" if importer != PACKAGE else importer)
        target = f"{PACKAGE}.{imported}" if imported != PACKAGE else imported
        (other_layer, other_group) = place(target)
        if other_layer > layer or (other_layer == layer and other_group != group):
            wrong.add((importer, imported))
    return wrong


def test_every_module_has_a_layer() -> None:
    for module in modules():
        place(module)


def test_nothing_imports_a_higher_layer_or_a_sibling() -> None:
    wrong = against_the_layers() - ALLOWED_UPWARD
    assert sorted(wrong - KNOWN_BREACHES) == []


def test_known_breaches_are_still_there() -> None:
    # a breach that is fixed leaves KNOWN_BREACHES, so that it cannot come back unseen
    assert sorted(KNOWN_BREACHES - against_the_layers()) == []
    assert sorted(ALLOWED_UPWARD - internal_edges()) == []


def test_no_module_imports_a_private_name_of_another() -> None:
    # private modules (_yaml) may be imported by name; their private names may not
    found = []
    for module in modules():
        for target, name, line in imports(module):
            private = name is not None and name.startswith("_") and not name.startswith("__")
            if private and target.split(".")[0] == PACKAGE and target != module:
                found.append(f"{short(module)}:{line}: from {target} import {name}")
    assert found == []


def test_only_the_report_imports_the_report_libraries() -> None:
    found = []
    for module in modules():
        for target, _, line in imports(module):
            library = target.split(".")[0]
            if library in REPORT_LIBRARIES and place(module) != place(f"{PACKAGE}.report"):
                found.append(f"{short(module)}:{line}: {target}")
    assert found == []


def test_scoring_does_not_import_babel() -> None:
    assert not [t for t, _, _ in imports(f"{PACKAGE}.scoring") if t.split(".")[0] == "babel"]


@pytest.mark.parametrize("package", [PACKAGE, f"{PACKAGE}.scoring", f"{PACKAGE}.survey"])
def test_importing_does_not_load_the_report_libraries(package: str) -> None:
    code = f"import sys, json, {package}; print(json.dumps(sorted(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(run.stdout))
    assert f"{PACKAGE}.scoring" in loaded
    assert sorted(REPORT_LIBRARIES & {m.split(".")[0] for m in loaded}) == []
    assert sorted(m for m in loaded if m.startswith(f"{PACKAGE}.report")) == []


def test_the_analysis_sees_what_it_must() -> None:
    # the checks above could pass by reading nothing: they do see these imports
    edges = internal_edges()
    assert ("scoring", "responses") in edges
    assert ("loading", "_yaml") in edges  # "from . import _yaml" names a module
    assert ("report.html", "cohort") in edges  # "from ..cohort import Cohort"
    assert ("assessment", "report.notebook") in edges  # an import inside a method
    assert place(f"{PACKAGE}.survey.reading") == place(f"{PACKAGE}.survey")
