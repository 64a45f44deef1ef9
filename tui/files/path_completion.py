"""Completing a typed path from what is on disk: the folders and the session files (.json)
of the folder being typed, as a shell completes on Tab."""

from __future__ import annotations

import os
from pathlib import Path

from tui.files.confinement import listable

SHOWN = 12  # candidates listed under the path


def _split(text: str, cwd: Path) -> tuple[Path, str, str]:
    """The folder being typed in, the typed start of a name in it, and the typed folder text."""
    if "/" not in text:
        return cwd, text, ""
    head, start = text.rsplit("/", 1)
    folder = Path(os.path.expanduser(head)) if head else Path("/")
    return (folder if folder.is_absolute() else cwd / folder), start, head + "/"


def candidates(text: str, cwd: Path) -> list[str]:
    """The folders (ending in /) and .json files whose names start with the typed name, as
    full texts to put in the input; hidden ones only when a dot is typed."""
    folder, start, typed_folder = _split(text, cwd)
    if not listable(folder):  # a browser tab lists only its own folder and the class folder
        return []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name.lower())
    except OSError:
        return []
    found = []
    for entry in entries:
        name = entry.name
        if not name.startswith(start) or (name.startswith(".") and not start.startswith(".")):
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            continue
        if is_folder:
            found.append(typed_folder + name + "/")
        elif name.lower().endswith(".json"):
            found.append(typed_folder + name)
    return found


def complete(text: str, cwd: Path) -> str:
    """``text`` completed as far as the candidates agree (the whole name when one fits)."""
    found = candidates(text, cwd)
    if not found:
        return text
    common = os.path.commonprefix(found)
    return common if len(common) > len(text) else text
