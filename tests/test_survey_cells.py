"""Survey cells: the answer value of one cell, by the kind of its question."""

from __future__ import annotations

from pathlib import Path

from socialready import load_questionnaire
from socialready.survey._cells import cell, label_table

DATA = Path(__file__).parent / "data"


def test_cells_by_kind() -> None:
    q = load_questionnaire(DATA / "scoring.yaml")
    channel, tools, charter, share = (
        q.questions[i] for i in ("channel", "tools", "charter", "share")
    )
    assert cell(channel, " Many ", label_table(channel, {}), ";") == "many"
    assert cell(tools, "Chat; Wiki", label_table(tools, {}), ";") == ["chat", "wiki"]
    assert cell(charter, "oui", label_table(charter, {}), ";") is True
    assert cell(charter, "0", label_table(charter, {}), ";") is False
    assert cell(charter, "maybe", label_table(charter, {}), ";") == "maybe"  # refused later
    assert cell(share, "62,5", label_table(share, {}), ";") == 62.5
