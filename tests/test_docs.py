"""The examples in the documentation are real: they load as they are written."""

from __future__ import annotations

import re
from pathlib import Path

from socialready import questionnaire_from_data
from socialready.conditions import AnyOf, evaluate

DOCS = Path(__file__).parent.parent / "docs"


def yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_format_reference_example_loads() -> None:
    blocks = [
        b for b in yaml_blocks(DOCS / "questionnaire-format.md") if re.search("^steps:", b, re.M)
    ]
    assert len(blocks) == 1
    q = questionnaire_from_data(None, "questionnaire-format.md", text=blocks[0])
    assert q.ref == "quick-check@1.0.0"
    assert [question.id for _, _, question in q.iter_questions()] == [
        "official_page",
        "watch_frequency",
    ]
    (rec,) = q.recommendations
    assert isinstance(rec.when, AnyOf)
    assert evaluate(rec.when, {"official_page": True, "watch_frequency": "never"})
    assert not evaluate(rec.when, {"official_page": True, "watch_frequency": "weekly"})


def test_reference_figure_example_fits_the_format_example() -> None:
    from socialready import assess, load_responses

    blocks = yaml_blocks(DOCS / "questionnaire-format.md")
    example = next(b for b in blocks if "steps:" in b)
    figure = next(b for b in blocks if b.startswith("reference_figures:"))
    q = questionnaire_from_data(None, "questionnaire-format.md", text=example + figure)
    header = {"organisation": {"name": "X"}, "date": "2026-11-27", "assessor": "Y"}
    answers = {"questionnaire": q.ref, **header, "answers": {"official_page": True}}
    (result,) = assess(q, load_responses(answers, q)).references
    assert (result.id, result.holds) == ("adoption", True)


def test_level_cap_example_fits_the_format_example_and_scoring_md() -> None:
    from socialready import assess, load_responses

    blocks = yaml_blocks(DOCS / "questionnaire-format.md")
    example = next(b for b in blocks if "steps:" in b)
    caps = next(b for b in blocks if b.startswith("level_caps:"))
    q = questionnaire_from_data(None, "questionnaire-format.md", text=example + caps)
    header = {"organisation": {"name": "X"}, "date": "2026-11-27", "assessor": "Y"}

    def run(answers: dict[str, object]) -> tuple[float | None, str | None, list[str]]:
        a = assess(q, load_responses({"questionnaire": q.ref, **header, "answers": answers}, q))
        return a.overall.score, a.overall.level, [c.id for c in a.caps]

    # the three rows of the worked example in scoring.md §6
    score, level, held = run({"official_page": True, "watch_frequency": "never"})
    assert (round(score or 0, 2), level, held) == (66.67, "beginner", ["no_listening"])
    score, level, held = run({"official_page": True, "watch_frequency": "monthly"})
    assert (round(score or 0, 2), level, held) == (83.33, "practitioner", [])
    assert run({"official_page": False}) == (0.0, "beginner", [])


def test_report_theme_example_loads(tmp_path: Path) -> None:
    from socialready.report import load_theme

    block = next(b for b in yaml_blocks(DOCS / "report.md") if "primary:" in b)
    (tmp_path / "lumen-logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', encoding="utf-8"
    )
    templates = tmp_path / "templates"
    templates.mkdir()
    jinja = re.findall(r"```jinja\n(.*?)```", (DOCS / "report.md").read_text("utf-8"), re.S)
    (templates / "theme.html.j2").write_text(jinja[0], encoding="utf-8")
    (tmp_path / "theme.yaml").write_text(block, encoding="utf-8")
    theme = load_theme(tmp_path / "theme.yaml")
    assert theme.primary == "#0a7a55"

    from socialready import assess, load_questionnaire, load_responses, render_html

    root = Path(__file__).parent.parent
    a = assess(
        load_questionnaire(),
        load_responses(root / "examples" / "retailer.yaml"),
    )
    assert "Lumen Conseil — regional programme 2026" in render_html(a, "en", theme)


def test_the_limits_in_security_md_are_the_librarys() -> None:
    from socialready import _files, _yaml
    from socialready.errors import EXCERPT, MAX_MESSAGE
    from socialready.survey import _decoding, reading

    text = " ".join((DOCS / "security.md").read_text(encoding="utf-8").split())
    rows = {
        "questionnaire (YAML or JSON)": _files.QUESTIONNAIRE,
        "responses file (YAML or JSON)": _files.RESPONSES,
        "theme (YAML)": _files.THEME,
        "survey mapping (YAML)": _files.MAPPING,
        "survey export (CSV)": _files.SURVEY_EXPORT,
        "roster export (CSV)": _files.ROSTER_EXPORT,
        "logo (PNG, JPEG, SVG)": _files.LOGO,
        "one template of a theme's folder": _files.TEMPLATE,
        "a report read back (`load_assessment_from_pdf`)": _files.REPORT,
    }
    for row, kind in rows.items():
        written = re.search(rf"\| {re.escape(row)} \| ([^|]+) \| `(\w+)` \|", text)
        assert written is not None, row
        limit, error = written.groups()
        assert f"{kind.limit:,} bytes" in limit, row
        assert error == kind.error.__name__
    for figure in (
        f"{_decoding.MAX_ROWS:,} rows",
        f"{reading.MAX_PROBLEMS:,} problems",
        f"{_files.WAIT_SECONDS:g} seconds",
        f"{_yaml.MAX_DEPTH}** levels",
        f"{_yaml.MAX_VALUES:,} values",
        f"{_yaml.MAX_CHARACTERS:,} characters",
        f"{_yaml.MAX_DIGITS:,} digits",
        f"at most {EXCERPT} characters",
        f"{MAX_MESSAGE:,} characters",
    ):
        assert figure.replace("**", "") in text.replace("**", ""), figure


def test_responses_example_loads_as_a_draft() -> None:
    from socialready import load_responses
    from socialready._yaml import parse

    (block,) = [b for b in yaml_blocks(DOCS / "responses.md") if "answers:" in b]
    responses = load_responses(parse(block, "responses.md").data)
    assert responses.status == "draft"
    assert responses.warnings == []
    assert responses.answers["official_activity"] == "weekly"


def test_the_maturity_model_of_the_format_reference_is_the_example_file() -> None:
    """The section "Writing an existing maturity model" shows parts of
    examples/maturity-model/questionnaire.yaml: the display block as it is written there,
    and every level of the excerpt with the band the file gives it."""
    from socialready import load_questionnaire

    text = (DOCS / "questionnaire-format.md").read_text(encoding="utf-8")
    section = text.split("## Writing an existing maturity model", 1)[1].split("\n## ", 1)[0]
    display, excerpt = re.findall(r"```yaml\n(.*?)```", section, flags=re.S)
    root = DOCS.parent / "examples" / "maturity-model"
    source = (root / "questionnaire.yaml").read_text(encoding="utf-8")
    assert " ".join(display.split()) in " ".join(source.split())
    q = load_questionnaire(root / "questionnaire.yaml")
    shown = re.findall(r"\{id: (\w+), ((?:\w+: [\d.]+, )+)", excerpt)
    assert len(shown) == 10
    for ident, ends in shown:
        level = next(x for s in q.level_scales for x in s.levels if x.id == ident)
        written = dict(end.split(": ") for end in ends.rstrip(", ").split(", "))
        assert {k: float(v) for k, v in written.items()} == dict(level.ends()), ident
    assert "levels: {overall: practice, steps: practice, sections: practice" in excerpt
    assert q.levels is not None
    assert (q.levels.sections, q.levels.dimensions) == ("practice", "quarters")


def _nav_pages(node: object) -> list[str]:
    """The files the site's navigation lists, at any depth of mkdocs.yml's ``nav``."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [page for value in node.values() for page in _nav_pages(value)]
    if isinstance(node, list):
        return [page for item in node for page in _nav_pages(item)]
    return []


def _site_nav() -> list[str]:
    import yaml

    config = yaml.safe_load((DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    return _nav_pages(config["nav"])


def test_the_site_lists_every_guide() -> None:
    # a guide added to docs/ without a place in mkdocs.yml's nav would be built but unreachable
    nav = _site_nav()
    guides = sorted(p.name for p in [*DOCS.glob("*.md"), *DOCS.glob("*.ipynb")])
    assert "tutorial.ipynb" in guides
    assert [g for g in guides if g not in nav] == []
    reference = sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "reference").glob("*.md"))
    assert [r for r in reference if r not in nav] == []
    assert all((DOCS / page).is_file() for page in nav)


def test_the_api_reference_lists_every_public_name() -> None:
    import socialready

    index = (DOCS / "reference" / "index.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| \[`(\w+)`\]\(([\w-]+\.md)#([\w.]+)\) \|", index, flags=re.M)
    assert [name for name, _, _ in listed] == socialready.__all__
    for name, page, anchor in listed:
        text = (DOCS / "reference" / page).read_text(encoding="utf-8")
        module, _, attribute = anchor.rpartition(".")
        assert attribute == name
        # the page renders the module (``::: module``), or lists the name among its members
        assert f"::: {module}\n" in text or f"- {name}\n" in text, (name, page)


def test_docstrings_are_markdown() -> None:
    # help() shows docstrings as written and the site renders them as Markdown: no Sphinx
    # roles (:class:`X`) and no reStructuredText literals (``x``), which read raw in both
    import ast

    roles = re.compile(r":(?:class|func|meth|attr|mod|data|exc|obj|py:\w+):`")
    found = []
    for path in sorted((DOCS.parent / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                text = node.value.value
                if isinstance(text, str) and (roles.search(text) or re.search(r"``[^`]", text)):
                    found.append(f"{path.relative_to(DOCS.parent)}:{node.lineno}")
    assert found == []


def _flow(value: object) -> str:
    """An answer as YAML's flow style writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(x) for x in value) + "]"
    return str(value)


def gain_rows() -> tuple[list[str], list[str]]:
    """The rows of the two tables of scoring.md §11, as the code computes them."""
    from socialready import assess, load_questionnaire, load_responses
    from socialready.scoring import led_to

    q = load_questionnaire()
    a = assess(q, load_responses(DOCS.parent / "examples" / "manufacturer-400.yaml", q))
    units = {"small": 1, "medium": 2, "large": 4}
    gains = [
        f"| `{g.action}` | {g.effort} | `"
        + ", ".join(f"{k}: {_flow(v)}" for k, v in g.answers.items())
        + f"` | {g.score:.2f} | +{g.gain:.2f} | {(g.gain or 0) / units[g.effort]:.2f} |"
        for g in a.gains
    ]
    assert a.path is not None
    recommendations = {rec.id: rec for rec in q.recommendations}
    answers, path = dict(a.responses.answers), []
    for ident in a.path.actions:
        answers = led_to(q, answers, recommendations[ident].leads_to)
        b = assess(q, a.responses.model_copy(update={"answers": answers}))
        path.append(f"| `{ident}` | {b.overall.score:.2f} | {b.overall.level} |")
    return gains, path


def test_the_worked_example_of_expected_gains_is_what_the_code_computes() -> None:
    text = (DOCS / "scoring.md").read_text(encoding="utf-8")
    gains, path = gain_rows()
    for row in gains + path:
        assert row + "\n" in text, row
    assert "at 55.02\n(`structuring`" in text
