"""Start nnwb (as the ``nnwb`` command does) or a bare Textual app and report its first frame.

Run by startup.py in a fresh process for every measurement, not on its own:

    python benchmarks/first_frame.py nnwb|bare

Two times (``time.monotonic()``, a clock shared by every process on Linux) are written
to the file descriptor named by $FIRST_FRAME_FD: when the imports were done and the app
object made, and when the first frame had been handed to the driver; the process ends
there and then. With the real terminal driver the
frame has been encoded and written to the terminal by then (the driver's writer thread
is drained first); with $FIRST_FRAME_HEADLESS=1
the app runs headless (nothing is encoded or written).
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))


def report_first_frame(app, ready: float) -> None:  # type: ignore[no-untyped-def]
    """Wrap the app's display: the first frame it really shows ends the process.

    ``ready`` is when the imports were done and the app object made; both times are reported.
    """
    original = app._display
    fd = int(os.environ["FIRST_FRAME_FD"])

    def display(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        original(screen, renderable)
        # App._display writes only under these conditions (a frame before them is dropped).
        if renderable is not None and not app._batch_count and app._running and not app._closed:
            writer = getattr(app._driver, "_writer_thread", None)
            if writer is not None:
                writer.stop()  # the real driver writes from a thread: wait until the frame is out
            shown = time.monotonic()
            os.write(fd, f"{ready!r} {shown!r}\n".encode())
            os._exit(0)

    app._display = display


def bare_app():  # type: ignore[no-untyped-def]
    from typing import ClassVar

    from textual.app import App, ComposeResult
    from textual.binding import BindingType
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello from a bare Textual app.")
            yield Footer()

    return Bare()


def nnwb_app():  # type: ignore[no-untyped-def]
    from tui.__main__ import make_app  # exactly as the nnwb command makes it

    return make_app([])


def main() -> None:
    app = nnwb_app() if sys.argv[1] == "nnwb" else bare_app()
    report_first_frame(app, time.monotonic())
    app.run(headless=os.environ.get("FIRST_FRAME_HEADLESS") == "1")
    os._exit(3)  # the app ended without ever showing a frame


if __name__ == "__main__":
    main()
