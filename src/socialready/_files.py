"""Output files: where a report may be written, said before anything is made, and written
whole or not at all."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from .errors import SocialReadyError

__all__ = ["check_target", "replace_atomically", "write_atomically"]

Writer = Callable[[IO[bytes]], object]
"""Writes a file's content into the binary file it is given."""


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


def replace_atomically(target: Path, content: bytes | str | Writer) -> None:
    """Write ``content`` into a temporary file beside ``target``, flush it to disk, and
    rename it to ``target``: a reader sees the old file or the whole new one, never half a
    file, and a crash leaves no half-written report behind. The temporary file is removed
    when anything fails, and the failure (an ``OSError``) propagates as it is.

    ``content`` is bytes, text (written as UTF-8), or a function that writes into the
    binary file it is given. Most callers want :func:`write_atomically`, which checks the
    target first and names it in the error.
    """
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as handle:
            if isinstance(content, str):
                handle.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                handle.write(content)
            else:
                content(handle)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomically(path: str | Path, content: bytes | str | Writer) -> None:
    """Write ``path`` whole or not at all (see :func:`replace_atomically`), through a
    symbolic link if it is one.

    A path that cannot be written is refused by :func:`check_target` before anything is
    made, or raises :class:`~socialready.SocialReadyError` naming ``path`` — never the
    temporary file beside it — with the reason.
    """
    path = Path(path)
    target = check_target(path)
    try:
        replace_atomically(target, content)
    except OSError as exc:
        raise SocialReadyError(f"{path}: cannot be written ({exc.strerror or exc})") from None
