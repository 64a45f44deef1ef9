"""A matrix's caption, the line above its cells: what it is and its shape."""

from __future__ import annotations

from rich.text import Text

from tui.format import shape_text


def caption(name: str, shape: tuple[int, ...], note: str, bad: bool = False) -> Text:
    """A matrix's caption: its name, its shape (red when the shapes do not fit), a note."""
    text = Text()
    text.append(f"{name} ", "bold")
    text.append(shape_text(tuple(shape)), "bold white on red" if bad else "bold")
    if note:
        text.append(f"  {note}", "dim")
    return text
