"""Writing a file whole or not at all: session files, autosaves, exported scripts and
engine.book's saved models.

A temporary file in the same folder, flushed and synced to disk, then renamed over the
target, then the folder synced: a crash or a kill at any moment leaves either the old file
or the new one, whole. In the engine, so that engine.book and the app share one way.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    write_atomic(path, lambda file: file.write(text.encode("utf-8")))


def write_atomic(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> None:
    """``write`` fills an open binary file; the file appears at ``path`` whole or not at all."""
    # Through a symbolic link to the file it names: the link stays a link.
    target = Path(os.path.realpath(path))
    folder = target.parent if str(target.parent) else Path(".")
    # mkstemp makes the file private (0600); these files are for sharing: keep an existing
    # file's mode, else the usual 0644.
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        if hasattr(os, "fchmod"):  # not on Windows
            os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        _replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _sync_folder(folder)


def _replace(source: str, target: Path) -> None:
    # One name for the rename, so a test can stop a write between the write and the rename.
    os.replace(source, target)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system allows opening a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
