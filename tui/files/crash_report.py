"""Where an error nnwb did not expect goes: a file in the user's state folder, and its path on stderr.

Textual prints the traceback when the terminal has been restored, but a long traceback
scrolls away and the terminal may be closed; a file keeps it. The folder follows the XDG
base directories (tui.files.paths.state_folder).
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

from tui.files.paths import shown_path, state_folder
from tui.files.safe_text import safe_text

# A report stays small enough to read and to send: an error's message can quote a whole
# array or a file's text, and a recursion's traceback is thousands of lines.
LINE_LIMIT = 500  # characters of one line
FIRST_LINES, LAST_LINES = 100, 300  # of a long traceback: its start (the first cause) and its end (the error)


def crash_text(error: BaseException, argv: list[str]) -> str:
    versions = [f"python {platform.python_version()}"]
    for name in ("textual", "numpy"):
        module = sys.modules.get(name)
        versions.append(f"{name} {getattr(module, '__version__', '?')}")
    told = "".join(traceback.format_exception(type(error), error, error.__traceback__)).splitlines()
    if len(told) > FIRST_LINES + LAST_LINES:
        left_out = f"... ({len(told) - FIRST_LINES - LAST_LINES:,} lines of the traceback are left out here)"
        told = [*told[:FIRST_LINES], left_out, *told[-LAST_LINES:]]
    lines = [
        f"nnwb stopped on an error at {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
        "command: " + " ".join(["nnwb", *map(shown_path, argv)]),
        ", ".join(versions) + f", {platform.platform()}",
        "",
        *told,
    ]
    # Escaped too: the message may quote a file's text, and the report may be printed (below).
    return "\n".join(safe_text(line, LINE_LIMIT) for line in lines) + "\n"


def write_crash_report(error: BaseException, argv: list[str]) -> Path | None:
    """Write the report; its path, or None when no folder would take it."""
    text = crash_text(error, argv)
    name = time.strftime("crash-%Y%m%d-%H%M%S") + f"-{os.getpid()}.txt"
    for folder in (state_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def report_crash(error: BaseException, argv: list[str]) -> None:
    """Save the report and say where, on stderr (the terminal has been restored by now)."""
    path = write_crash_report(error, argv)
    if path is None:
        sys.stderr.write(crash_text(error, argv))
        sys.stderr.write("nnwb stopped on an error it did not expect (above); no folder would take a report.\n")
    else:
        sys.stderr.write(f"nnwb stopped on an error it did not expect. The details are in {path}\n")
    sys.stderr.flush()
