"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

DATA = Path(__file__).parent / "data"

# The long run of the fuzz suite, ``pytest -m fuzz --hypothesis-profile=long``: 1,250 mutants
# for each of its 8 loaders, 10,000 in all (tests/test_fuzz.py). Property tests that set
# their own max_examples keep it.
settings.register_profile("long", max_examples=1_250)


@pytest.fixture
def minimal_text() -> str:
    """The text of a small valid questionnaire."""
    return (DATA / "minimal.yaml").read_text(encoding="utf-8")
