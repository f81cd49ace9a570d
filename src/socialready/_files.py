"""Output files: where a report may be written, said before anything is made."""

from __future__ import annotations

from pathlib import Path

from .errors import SocialReadyError


def check_target(path: Path) -> None:
    """Refuse, naming ``path``, an output that is a folder or lies in no folder."""
    if path.is_dir():
        raise SocialReadyError(f"{path}: is a folder (expected the name of a file)")
    if not path.parent.is_dir():
        raise SocialReadyError(f"{path}: the folder {path.parent} does not exist")
