"""The shell command that starts one browser tab's nnwb (``tui.serve.session``).

Its own module so that ``tui.serve.server``, which runs the command, need not import
``tui.serve.session``, which imports the whole app (``tui.__main__``) to run it.

``python -P``: a tab works in a folder its learner writes (``tui.serve.folders``), and Python
would put the working folder first on ``sys.path``; a ``numpy.py`` saved there (Export as NumPy
lets anyone name a file) would then be imported by that tab, or by every later tab when it was
the server's folder, instead of NumPy. With ``-P`` no such folder is on the path, and the
folder nnwb's own code is in is given by ``PYTHONPATH`` (a checkout run with ``python -m tui``
found it through the working folder).
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

CODE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder that holds the package tui


def session_command(state_parent: Path, app_arguments: list[str], class_folder: Path | None = None,
                    server_pid: int | None = None, serve_folder: Path | None = None) -> str:
    """The shell command textual-serve runs for each tab. ``exec``: the app is the server's
    own child (no shell in between; ``env`` execs too), so that its process is the one the
    server stops. ``serve_folder`` (default: the current one) holds the tabs' work folders;
    ``class_folder`` is the teacher's, read only ("" in the command: none)."""
    server_pid = os.getpid() if server_pid is None else server_pid
    serve_folder = Path.cwd() if serve_folder is None else serve_folder
    python_path = os.pathsep.join(part for part in (CODE_ROOT, os.environ.get("PYTHONPATH", "")) if part)
    words = ["env", f"PYTHONPATH={python_path}", sys.executable, "-P", "-m", "tui.serve.session", str(server_pid),
             str(state_parent), str(serve_folder.absolute()), str(class_folder.absolute()) if class_folder else "",
             *app_arguments]
    return "exec " + " ".join(shlex.quote(word) for word in words)
