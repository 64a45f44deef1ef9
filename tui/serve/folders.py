"""The folder each ``nnwb serve`` keeps its tabs' state folders in, and clearing those of dead
servers; and each tab's work folder, where its files go.

A server stopped by Ctrl+C or SIGTERM removes its own folder. One killed outright (SIGKILL,
a power cut) cannot: its folder, with every tab's autosaved work, would stay in the temporary
folder for good. So the folder's name holds the server's process id (``nnwb-serve-PID-XXXX``),
and each server that starts removes the folders of servers that are no longer running.

A tab's work folder is another thing: what the learner saves, kept after the tab ends so that
the teacher can collect it. It is made in ``nnwb-tabs`` of the folder the server was started
in, named by the time the tab opened (``tab-2026-03-02-141503``, ``-2`` for a second that
second), and holds a link ``class`` to the class folder when there is one. A tab that saved
nothing leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

PREFIX = "nnwb-serve-"
# nnwb-serve-PID-RANDOM, as tempfile.mkdtemp names it with the prefix below.
NAME = re.compile(rf"^{PREFIX}(\d+)-[A-Za-z0-9_]+$")
WORK_FOLDERS = "nnwb-tabs"  # in the serve folder: one folder a tab
CLASS_LINK = "class"  # in a tab's folder: the class folder, read only


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


def make_work_folder(serve_folder: Path, class_folder: Path | None) -> Path:
    """A new work folder (mode 0700) for one tab, in ``serve_folder``'s ``nnwb-tabs``."""
    parent = serve_folder / WORK_FOLDERS
    parent.mkdir(mode=0o700, exist_ok=True)
    stem = time.strftime("tab-%Y-%m-%d-%H%M%S")
    for number in range(1, 1000):
        folder = parent / (stem if number == 1 else f"{stem}-{number}")
        try:
            folder.mkdir(mode=0o700)  # exclusive: two tabs of one second get two folders
        except FileExistsError:
            continue
        if class_folder is not None:
            (folder / CLASS_LINK).symlink_to(class_folder, target_is_directory=True)
        return folder
    raise FileExistsError(f"{parent}: a thousand tabs opened in {stem}")


def leave_work_folder(folder: Path) -> None:
    """The tab has ended: its link to the class folder goes, and the folder too if nothing is left in it."""
    link = folder / CLASS_LINK
    if link.is_symlink():
        link.unlink()
    try:
        folder.rmdir()
    except OSError:  # the learner's files: kept for the teacher
        pass
