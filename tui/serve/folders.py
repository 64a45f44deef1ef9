"""The folder each ``nnwb serve`` keeps its tabs' state folders in, and clearing those of dead servers.

A server stopped by Ctrl+C or SIGTERM removes its own folder. One killed outright (SIGKILL,
a power cut) cannot: its folder, with every tab's autosaved work, would stay in the temporary
folder for good. So the folder's name holds the server's process id (``nnwb-serve-PID-XXXX``),
and each server that starts removes the folders of servers that are no longer running.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

PREFIX = "nnwb-serve-"
# nnwb-serve-PID-RANDOM, as tempfile.mkdtemp names it with the prefix below.
NAME = re.compile(rf"^{PREFIX}(\d+)-[A-Za-z0-9_]+$")


def make_server_folder() -> Path:
    """A new private folder (mode 0700) for this server, named with its process id."""
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))


def server_running(pid: int) -> bool:
    """Whether process ``pid`` runs and, where /proc tells (Linux), is an ``nnwb serve``: a
    process id used again by some other program does not keep a dead server's folder."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: running, and not ours to judge
        return True
    if not sys.platform.startswith("linux"):
        return True
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True  # cannot tell: keep the folder
    return state != "Z" and b"serve" in words


def remove_stale_server_folders(parent: Path | None = None) -> list[Path]:
    """Remove this user's server folders in ``parent`` (the temporary folder) whose server is
    not running; the ones removed. Folders of other users, of running servers, or named
    otherwise (an nnwb before process ids were in the name) are left alone."""
    parent = Path(tempfile.gettempdir()) if parent is None else parent
    removed = []
    try:
        entries = list(parent.glob(f"{PREFIX}*"))
    except OSError:
        return []
    for folder in entries:
        found = NAME.match(folder.name)
        if found is None:
            continue
        try:
            info = folder.lstat()
        except OSError:
            continue
        if not folder.is_dir() or folder.is_symlink() or info.st_uid != os.getuid():
            continue
        if server_running(int(found[1])):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed
