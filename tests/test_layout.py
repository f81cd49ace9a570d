"""The tests mirror ``src/``: every module of the package has test modules of its own."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).parent.parent / "src" / "socialready"
TESTS = Path(__file__).parent

NOT_MODULES = {"__init__", "__main__", "_version"}
"""Files with nothing of their own to test: re-exports, the ``python -m`` entry point, and
the version written by the build."""


def expected_name(module: Path) -> str:
    """``report/html.py`` → ``report_html``, ``_checks.py`` → ``checks``: the module's path
    below ``src/socialready``, its parts joined by ``_``, each without a leading ``_``."""
    parts = module.relative_to(SRC).with_suffix("").parts
    return "_".join(part.lstrip("_") for part in parts)


def has_tests(name: str, test_files: set[str]) -> bool:
    return f"test_{name}.py" in test_files or any(
        file.startswith(f"test_{name}_") for file in test_files
    )


def test_every_module_has_a_test_module_of_its_own() -> None:
    # Rule: for every src/socialready/**/*.py but __init__, __main__ and _version, there is
    # tests/test_<name>.py or tests/test_<name>_*.py (see expected_name).
    modules = sorted(m for m in SRC.rglob("*.py") if m.stem not in NOT_MODULES)
    assert len(modules) > 20  # the package was found
    test_files = {p.name for p in TESTS.glob("test_*.py")}
    missing = [
        f"{m.relative_to(SRC)} (expected tests/test_{expected_name(m)}.py"
        f" or tests/test_{expected_name(m)}_*.py)"
        for m in modules
        if not has_tests(expected_name(m), test_files)
    ]
    assert not missing, "modules without a test module of their own:\n  " + "\n  ".join(missing)


def test_the_name_of_a_module_s_tests() -> None:
    assert expected_name(SRC / "report" / "html.py") == "report_html"
    assert expected_name(SRC / "report" / "_sandbox.py") == "report_sandbox"
    assert expected_name(SRC / "_checks.py") == "checks"
    files = {"test_checks_reference.py", "test_report.py", "test_scoring.py"}
    assert has_tests("checks", files)
    assert has_tests("scoring", files)
    assert not has_tests("report_html", files)  # test_report.py is not report/html's own
    assert not has_tests("cohort", {"test_cohorts.py"})
