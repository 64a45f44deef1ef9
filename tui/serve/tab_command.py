"""The shell command that starts one browser tab's nnwb (``tui.serve.session``).

Its own module so that ``tui.serve.server``, which runs the command, need not import
``tui.serve.session``, which imports the whole app (``tui.__main__``) to run it.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path


def session_command(state_parent: Path, app_arguments: list[str], server_pid: int | None = None) -> str:
    """The shell command textual-serve runs for each tab. ``exec``: the app is the server's
    own child (no shell in between), so that its process is the one the server stops."""
    server_pid = os.getpid() if server_pid is None else server_pid
    words = [sys.executable, "-m", "tui.serve.session", str(server_pid), str(state_parent), *app_arguments]
    return "exec " + " ".join(shlex.quote(word) for word in words)
