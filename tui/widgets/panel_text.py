"""Static text that redraws only when its content changes.

Every edit re-renders every panel from the document; most panels' text does not change,
and a Static update with layout costs a relayout of the screen. Comparing first keeps an
edit's refresh to the panels that really changed.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def update_text(widget: Static, text: Text | str, *, layout: bool = True) -> bool:
    """Show ``text`` in ``widget`` unless it already shows exactly that; True if it changed."""
    current = widget.content
    if isinstance(current, type(text)) and current == text:
        return False
    widget.update(text, layout=layout)
    return True
