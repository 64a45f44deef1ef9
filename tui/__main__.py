"""``nnwb`` and ``python -m tui``: start the workbench, optionally on one of the notes' examples."""

from __future__ import annotations

import argparse
import sys

from engine import DEFAULT_PRESET, PRESETS


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nnwb", description="A neural-network workbench for the terminal.")
    parser.add_argument(
        "--preset",
        default=DEFAULT_PRESET,
        choices=list(PRESETS),
        metavar="NAME",
        help="open one of the notes' examples: " + ", ".join(PRESETS) + f" (default: {DEFAULT_PRESET})",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    from tui.app import WorkbenchApp  # after argparse, so --help is instant

    WorkbenchApp(preset=args.preset).run()
    sys.exit(0)


if __name__ == "__main__":
    main()
