"""Containers that only lay panels out: they draw nothing of their own.

``BLANK`` tells Textual so, and it hands the compositor blank lines instead of rendering
each one: the body and its columns are two thirds of the lines of the first frame, all of
them covered by the panels.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical


class Columns(Horizontal):
    """Panels (or columns of panels) side by side."""

    BLANK = True


class Column(Vertical):
    """Panels one under another."""

    BLANK = True
