"""Where nnwb keeps things: its state folder (autosaves, crash reports, lesson progress) and screenshots."""

from __future__ import annotations

import os
from pathlib import Path

from tui.files.safe_text import safe_text


def state_folder() -> Path:
    """nnwb's folder for state that outlives a run: ``$XDG_STATE_HOME/nnwb`` or ``~/.local/state/nnwb``."""
    base = os.environ.get("XDG_STATE_HOME", "")
    # The XDG specification: a relative path is invalid and must be ignored.
    root = Path(base) if os.path.isabs(base) else Path.home() / ".local" / "state"
    return root / "nnwb"


def screenshot_folder() -> Path:
    """~/Downloads when it exists (Textual's usual place), else the current directory when it
    can be written, else the home directory (made if need be by the caller)."""
    home = Path.home()
    downloads = home / "Downloads"
    if downloads.is_dir():
        return downloads
    here = Path.cwd()
    if os.access(here, os.W_OK):
        return here
    return home


def utf8_path(path: Path | str) -> str:
    """A path as text a UTF-8 writer takes: a byte of the name that is not UTF-8 (Python keeps
    it as a lone surrogate) is written ``\\xff``. For text that escapes the rest itself (the
    exported script's docstring, which reads back as the name exactly)."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def shown_path(path: Path | str) -> str:
    """A path as text to show or print: as ``utf8_path`` writes it, and its control characters
    as their escapes (``tui.files.safe_text``), since a name is a file's text too."""
    return safe_text(utf8_path(path))
