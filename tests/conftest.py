"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def minimal_text() -> str:
    """The text of a small valid questionnaire."""
    return (DATA / "minimal.yaml").read_text(encoding="utf-8")
