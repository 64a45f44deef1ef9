"""Containers that only lay panels out: they draw nothing of their own.

``BLANK`` tells Textual so, and it hands the compositor blank lines instead of rendering
each one: the body and its columns are two thirds of the lines of the first frame, all of
them covered by the panels.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.widget import Widget


class Columns(Horizontal):
    """Panels (or columns of panels) side by side."""

    BLANK = True


class Column(Vertical):
    """Panels one under another."""

    BLANK = True


def moved_the_panels(panel: Widget) -> None:
    """``panel`` was shown or hidden, and the panels around it moved: repaint the whole screen.

    Textual 8.2.8 repaints what its layout pass sees move. A panel asked for its region in
    between (a grid scrolled out of the narrow body's view asks for its own as it is drawn)
    has the map rebuilt early, and the pass then sees nothing move: hiding the lesson at
    80x24 left the old error panel and lesson on the terminal, over the panels they uncovered.
    """
    panel.screen.refresh()
