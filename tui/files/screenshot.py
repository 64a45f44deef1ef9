"""Where a screenshot goes: a folder the user can find, that exists."""

from __future__ import annotations

import os
from pathlib import Path


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
