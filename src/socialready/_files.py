"""Output files: where a report may be written, said before anything is made."""

from __future__ import annotations

from pathlib import Path

from .errors import SocialReadyError


def check_target(path: Path) -> Path:
    """The file to write for ``path``: the file a symbolic link points to, so that the link
    stays. Refuses, naming ``path``, a folder, a path in no folder, and anything that is not
    a plain file (a device such as ``/dev/stdout``, a pipe)."""
    if path.is_dir():
        raise SocialReadyError(f"{path}: is a folder (expected the name of a file)")
    if path.exists() and not path.is_file():
        raise SocialReadyError(f"{path}: is not a plain file (expected the name of a file)")
    target = path.resolve() if path.is_symlink() else path
    if not target.parent.is_dir():
        raise SocialReadyError(f"{path}: the folder {target.parent} does not exist")
    return target
