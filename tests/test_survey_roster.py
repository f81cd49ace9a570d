"""The roster's export: role cells as survey tools write them."""

from __future__ import annotations

import pytest

from socialready.survey._roster import _role_table, role


@pytest.mark.parametrize(
    ("cell", "letters"),
    [("R", "R"), ("r, a", "RA"), ("RA", "RA"), ("A R", "AR"), ("R R", "R"), ("x", "x")],
)
def test_role_cells(cell: str, letters: str) -> None:
    # letters in the order given, each once; a cell that is no role stays as it is, for the
    # check of the answers to say what is wrong with it
    assert role(cell, _role_table({})) == letters


def test_a_mappings_own_role_labels() -> None:
    assert role("Responsable", _role_table({"Responsable": "A"})) == "A"
