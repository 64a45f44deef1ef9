"""SIGTERM and SIGHUP end nnwb as Ctrl+Q does: the app exits and the terminal is restored.

By default either signal kills the process at once, leaving the terminal in the app's modes
(alternate screen, mouse reporting, hidden cursor, raw input). The handler asks the running
app to exit instead; Textual then restores the terminal on its way out. The exit status is
128 + the signal's number (143 for SIGTERM, 129 for SIGHUP), as a shell reports a process
ended by a signal.
"""

from __future__ import annotations

import asyncio
import signal
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def exit_status(signum: int) -> int:
    return 128 + signum


def install(app: App[Any]) -> None:
    """From now on SIGTERM and SIGHUP ask ``app`` to exit (call before ``app.run()``)."""

    def on_signal(signum: int, frame: FrameType | None) -> None:
        try:
            # The handler runs in the main thread, where the app's event loop runs.
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # Not running yet (or any more): the terminal is in its own modes, nothing to restore.
            raise SystemExit(exit_status(signum)) from None
        # Thread-safe scheduling is also what is safe from a signal handler: it wakes the loop.
        loop.call_soon_threadsafe(app.exit, None, exit_status(signum))

    for signum in STOP_SIGNALS:
        signal.signal(signum, on_signal)
