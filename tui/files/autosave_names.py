"""The autosave's arrays' files by name: ``autosave-<pid>.<checksum>.npz`` beside ``autosave-<pid>.json``.

Apart from ``tui.files.autosave_sidecar``, which writes and reads them (with NumPy), so that
the autosave's bookkeeping at start-up and at the end loads nothing more.
"""

from __future__ import annotations

import os
from pathlib import Path

SIDECAR_SUFFIX = ".npz"


def sidecar_path(autosave: Path, checksum: str) -> Path:
    """The arrays' file of the autosave ``autosave`` that holds arrays of this checksum."""
    return autosave.with_name(f"{autosave.stem}.{checksum}{SIDECAR_SUFFIX}")


def sidecars(autosave: Path) -> list[Path]:
    """The arrays' files beside the autosave ``autosave``."""
    start = f"{autosave.stem}."
    try:
        names = os.listdir(autosave.parent)
    except OSError:
        return []
    return [autosave.parent / name for name in names if name.startswith(start) and name.endswith(SIDECAR_SUFFIX)]
