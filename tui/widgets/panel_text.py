"""Static text that redraws only when its content changes, and lays out only when its height does.

Every edit re-renders every panel from the document; most panels' text does not change,
and a Static update with layout costs a relayout of the screen. Comparing first keeps an
edit's refresh to the panels that really changed. A text that changed but keeps its height
(a step's shapes line, its explanation) needs no layout either: the layout, and the
repaint of every panel after it, was most of a step's time (issue #17).
"""

from __future__ import annotations

from fractions import Fraction

from rich.text import Text
from textual.widgets import Static


def update_text(widget: Static, text: Text | str, *, layout: bool = True) -> bool:
    """Show ``text`` in ``widget`` unless it already shows exactly that; True if it changed."""
    current = widget.content
    if isinstance(current, type(text)) and current == text:
        return False
    if not layout or widget.styles.is_auto_width:
        widget.update(text, layout=layout)
        return True
    before = _laid_out_height(widget)
    widget.update(text, layout=False)
    if before is None or _laid_out_height(widget) != before:
        widget.refresh(layout=True)
    return True


def _laid_out_height(widget: Static) -> Fraction | None:
    """The height a layout would give the widget with its text (None before a layout): its
    lines within its min- and max-height (the explain text is at least its panel's height,
    whatever its number of lines). Textual's own sum (a private method of the pinned version)."""
    if not widget.size:
        return None
    one = Fraction(1)
    widget._box_model_cache.clear()  # keyed by the widget's layouts, not its text
    return widget._get_box_model(widget.container_size, widget.app.size, one, one).height
