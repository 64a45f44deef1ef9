"""The shapes line's colours: the sizes that must agree at a junction share a colour."""

from __future__ import annotations

from rich.text import Text

# One colour per junction, so the eye pairs the numbers that must be equal.
PAIR_COLOURS = ("green", "cyan", "magenta", "yellow", "bright_blue")
ERROR_STYLE = "bold white on red"


def pair_style(index: int) -> str:
    """The style of junction ``index``'s sizes: the sizes that must agree there share it."""
    return f"bold {PAIR_COLOURS[index % len(PAIR_COLOURS)]}"


def append_shape(text: Text, shape: tuple[int, ...], styles: tuple[str | None, ...]) -> None:
    """``(300, 3)`` as NumPy prints it, each size in its style (None: plain)."""
    text.append("(")
    for i, (size, style) in enumerate(zip(shape, styles)):
        if i:
            text.append(", ")
        text.append(str(size), style or "")
    text.append(",)" if len(shape) == 1 else ")")
