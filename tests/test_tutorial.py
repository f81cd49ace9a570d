"""docs/tutorial.ipynb runs from top to bottom, so that it never goes stale."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

DOCS = Path(__file__).parent.parent / "docs"


def test_the_tutorial_notebook_runs() -> None:
    notebook = nbformat.read(DOCS / "tutorial.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(DOCS)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("Verdier Hydraulique" in h and "<svg" in h for h in html)  # the summary
    assert any("Maison Garance" in h for h in html)  # the cohort table
