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
    """In a browser tab, the tab's own folder (``tui.files.confinement``). Else ~/Downloads when
    it exists (Textual's usual place), else the current directory when it can be written, else
    the home directory (made if need be by the caller)."""
    from tui.files.confinement import confined

    tab = confined()
    if tab is not None:
        return tab.own
    home = Path.home()
    downloads = home / "Downloads"
    if downloads.is_dir():
        return downloads
    here = Path.cwd()
    if os.access(here, os.W_OK):
        return here
    return home


def screenshot_name(label: str, folder: Path, when: float) -> str:
    """A screenshot's file name in plain ASCII, ``nnwb_<label>_<date>T<time>.svg``: the title's
    ``·`` and ``•`` make names that shells and file managers quote badly. ``label`` (a file's
    stem, a lesson's id) keeps only letters, digits and ``-``; a second shot in the same second
    gets ``-2`` (and so on) rather than replacing the first."""
    import re
    import time

    plain = re.sub(r"[^A-Za-z0-9-]+", "_", label).strip("_")
    stem = "_".join(part for part in ("nnwb", plain, time.strftime("%Y-%m-%dT%H-%M-%S", time.localtime(when))) if part)
    name, number = f"{stem}.svg", 1
    while (folder / name).exists():
        number += 1
        name = f"{stem}-{number}.svg"
    return name


def utf8_path(path: Path | str) -> str:
    """A path as text a UTF-8 writer takes: a byte of the name that is not UTF-8 (Python keeps
    it as a lone surrogate) is written ``\\xff``. For text that escapes the rest itself (the
    exported script's docstring, which reads back as the name exactly)."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def shown_path(path: Path | str) -> str:
    """A path as text to show or print: as ``utf8_path`` writes it, and its control characters
    as their escapes (``tui.files.safe_text``), since a name is a file's text too."""
    return safe_text(utf8_path(path))
