"""``nnwb`` and ``python -m tui``: start the workbench, optionally on one of the notes' examples."""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from tui.app import WorkbenchApp


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    import argparse

    from engine import DEFAULT_PRESET, PRESETS

    parser = argparse.ArgumentParser(prog="nnwb", description="A neural-network workbench for the terminal.")
    parser.add_argument(
        "--preset",
        default=DEFAULT_PRESET,
        choices=list(PRESETS),
        metavar="NAME",
        help="open one of the notes' examples: " + ", ".join(PRESETS) + f" (default: {DEFAULT_PRESET})",
    )
    return parser.parse_args(argv)


def make_app(argv: list[str] | None = None) -> WorkbenchApp:
    """The workbench for this command line, made with the garbage collector paused.

    Start-up creates a hundred thousand objects that live as long as the app (NumPy,
    Textual, the widgets), and the collector would walk them again and again while they
    are made: about a third of the time to the first frame. The app collects once, freezes
    what is left and turns the collector back on after its first frame
    (``WorkbenchApp.after_first_frame``): run the app this returns.
    """
    gc.disable()
    argv = sys.argv[1:] if argv is None else argv
    # No arguments, the usual case, need no parser (argparse is a few ms of start-up).
    preset = parse_args(argv).preset if argv else None
    from tui.app import WorkbenchApp

    return WorkbenchApp(preset=preset)


def main(argv: list[str] | None = None) -> None:
    make_app(argv).run()
    sys.exit(0)


if __name__ == "__main__":
    main()
