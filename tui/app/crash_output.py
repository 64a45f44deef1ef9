"""What the terminal shows when the app stops on an error it did not expect.

Textual prints Rich's traceback with every frame's locals: a document's arrays, a
trace's records, printed element by element (30 s of a frozen terminal after a crash on
``ch17-regression``, and pages of numbers above the one line that matters). Here: the
frames and the error, no locals; the error's message escaped and cut, as it may quote a
file. The whole report, with its versions, is in the crash report file
(``tui.files.crash_report``).
"""

from __future__ import annotations

import rich
from rich.traceback import Traceback

from tui.files.crash_report import LINE_LIMIT
from tui.files.safe_text import safe_text

MAX_FRAMES = 40  # a recursion's thousand frames, shown as the first and last twenty


def short_traceback(error: BaseException) -> Traceback:
    """Rich's traceback of ``error``, without locals, its messages made safe to print."""
    trace = Traceback.extract(type(error), error, error.__traceback__, show_locals=False)
    for stack in trace.stacks:
        stack.exc_value = safe_text(stack.exc_value, LINE_LIMIT, lines=True)
    return Traceback(trace, width=None, show_locals=False, suppress=[rich], max_frames=MAX_FRAMES)
