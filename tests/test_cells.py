"""The texts of survey cells: labels compared normalised, options by id or label, lists,
numbers."""

from __future__ import annotations

import pytest

from socialready._cells import normal, number_cell, option_table, split
from socialready.questionnaire import Option


def test_labels_are_compared_with_spaces_collapsed_and_case_folded() -> None:
    assert normal("  Très\u00a0 Actif\u202f ") == "très actif"


def test_options_are_found_by_id_or_by_label_in_any_language() -> None:
    options = [
        Option(id="weekly", label={"fr": "Chaque semaine", "en": "Weekly"}),
        Option(id="never", label={"fr": "Jamais", "en": "Never"}),
    ]
    table = option_table(options, {"Nunca": "never"})
    assert table[normal("WEEKLY")] == "weekly"  # the id, whatever its case
    assert table[normal("chaque  semaine")] == "weekly"
    assert table[normal("Never")] == "never"
    assert table[normal("nunca")] == "never"  # the mapping's own labels


@pytest.mark.parametrize(
    ("cell", "value"),
    [("12", 12), ("92,5", 92.5), ("92.5", 92.5), ("-3", -3), ("1,500", "1,500"), ("n/a", "n/a")],
)
def test_number_cells(cell: str, value: object) -> None:
    # "1,500" could be a thousands separator or a decimal comma: left as text, refused later
    assert number_cell(cell) == value
    assert type(number_cell(cell)) is type(value)


def test_multiple_choice_cells_split_on_the_separator_or_on_spaces() -> None:
    assert split("chat; wiki ;", ";") == ["chat", "wiki"]
    assert split("chat wiki", " ") == ["chat", "wiki"]
