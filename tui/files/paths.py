"""Where nnwb keeps things: its state folder (autosaves, crash reports, lesson progress) and screenshots."""

from __future__ import annotations

import os
from pathlib import Path


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
