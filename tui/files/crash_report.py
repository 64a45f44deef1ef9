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


def crash_text(error: BaseException, argv: list[str]) -> str:
    versions = [f"python {platform.python_version()}"]
    for name in ("textual", "numpy"):
        module = sys.modules.get(name)
        versions.append(f"{name} {getattr(module, '__version__', '?')}")
    lines = [
        f"nnwb stopped on an error at {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
        "command: " + " ".join(["nnwb", *map(shown_path, argv)]),
        ", ".join(versions) + f", {platform.platform()}",
        "",
        *traceback.format_exception(type(error), error, error.__traceback__),
    ]
    # An error's own text may still hold a name's bad byte: escaped too, never a failed report.
    return shown_path("\n".join(line.rstrip("\n") for line in lines) + "\n")


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
