"""The decision boundary: the predicted class over the data's plane, samples on top.

Each character is two grid cells, upper and lower, drawn as a half block ("▀" in the
upper cell's colour on the lower cell's). A sample takes its character: a glyph per class,
bright, on the predicted colour of its cell, so a sample in a field of another colour
is one the network gets wrong. The class map comes from engine.boundary, computed by
whoever owns the weights (the training worker, on a snapshot).
"""

from __future__ import annotations

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

# (field colour, sample colour) per class; classes beyond the palette reuse it.
PALETTE = (
    ("#5f2020", "#ff8787"),
    ("#1f4a1f", "#87ff87"),
    ("#20305f", "#87afff"),
    ("#5a5020", "#ffff87"),
    ("#4a1f4a", "#ff87ff"),
    ("#1f4a4a", "#87ffff"),
)
GLYPHS = "●■▲◆✚★"
MAX_LEGEND = 64  # output classes listed at most: more than a line holds anyway


def class_colours(index: int) -> tuple[str, str]:
    return PALETTE[index % len(PALETTE)]


_STYLES: dict[tuple[int, int, bool], Style] = {}


def _style(top: int, bottom: int, sample: bool) -> Style:
    """Half block: upper cell's colour on the lower's; sample: its bright colour on the cell's."""
    # Keyed by palette entry, not class: a label of 9e18 must not grow the cache.
    top, bottom = top % len(PALETTE), bottom % len(PALETTE)
    key = (top, bottom, sample)
    style = _STYLES.get(key)
    if style is None:
        if sample:
            style = Style(color=class_colours(bottom)[1], bgcolor=class_colours(top)[0], bold=True)
        else:
            style = Style(color=class_colours(top)[0], bgcolor=class_colours(bottom)[0])
        _STYLES[key] = style
    return style


class DecisionBoundary(Widget):
    """Shows a (2 * height, width) class map with samples at given character cells."""

    DEFAULT_CSS = """
    DecisionBoundary { height: 1fr; min-height: 8; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.grid: np.ndarray | None = None
        self.samples: list[tuple[int, int, int]] = []  # (char row, column, class)
        self.note = "No map yet."
        self.legend_classes: list[int] = []  # the classes the legend may name: on the map or among the samples
        self.class_count = 0  # all the classes there are: the outputs and any label beyond them

    def map_size(self) -> tuple[int, int]:
        """(width, height) of the grid to compute: one column per character, two rows."""
        width, height = self.size.width, self.size.height - 1
        return max(width, 4), max(height, 2) * 2

    def show(self, grid: np.ndarray | None, samples: list[tuple[int, int, int]] | None = None, outputs: int = 0, note: str = "") -> None:
        """``outputs``: the network's output count; the legend names the classes 0 to outputs - 1
        and every class a sample has, never a range up to a label's value (a label may be 9e18)."""
        self.grid, self.samples, self.note = grid, samples or [], note
        labelled = {k for _, _, k in self.samples}
        # Bounded by the outputs and the samples, whatever the labels' values.
        self.legend_classes = sorted(set(range(min(outputs, MAX_LEGEND + 1))) | labelled)
        # The "+N more" counts every class, not only those listed (4,096 outputs: +4,092 more).
        self.class_count = max(outputs, 0) + sum(1 for k in labelled if not 0 <= k < outputs)
        self.refresh()

    def legend(self, width: int | None = None) -> Text:
        """``classes ● 0  ■ 1 ...``, as many as fit in ``width``, then how many more there are."""
        width = self.size.width if width is None else width
        text = Text("classes")
        total = max(self.class_count, len(self.legend_classes))
        for shown, c in enumerate(self.legend_classes):
            entry = Text(" ")
            field, bright = class_colours(c)
            entry.append(f" {GLYPHS[c % len(GLYPHS)]} ", Style(color=bright, bgcolor=field, bold=True))
            entry.append(f" {c}")
            left = total - shown - 1
            room = len(f" +{left:,} more") if left else 0
            if shown and width and text.cell_len + entry.cell_len + room > width:
                text.append(f" +{left + 1:,} more", "dim")
                return text
            text.append_text(entry)
        if total > len(self.legend_classes):  # all listed fit, and there are more than listed
            text.append(f" +{total - len(self.legend_classes):,} more", "dim")
        return text

    def render(self) -> Text:
        grid = self.grid
        if grid is None:
            return Text(self.note, "dim")
        rows, width = grid.shape[0] // 2, grid.shape[1]
        marks = {(r, c): k for r, c, k in self.samples}
        lines = []
        for row in range(rows):
            text = Text()
            upper, lower = grid[2 * row], grid[2 * row + 1]
            tops, bottoms = upper.tolist(), lower.tolist()
            for column in range(width):
                mark = marks.get((row, column))
                if mark is not None:
                    text.append(GLYPHS[mark % len(GLYPHS)], _style(tops[column], mark, True))
                else:
                    text.append("▀", _style(tops[column], bottoms[column], False))
            lines.append(text)
        lines.append(self.legend())
        return Text("\n").join(lines)
