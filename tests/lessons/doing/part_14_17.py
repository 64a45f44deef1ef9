"""Lessons 14-17 (chapters 4 and 9): the document edits that do each task."""

from __future__ import annotations

from collections.abc import Callable

from tui.document.state import Document
from tui.lessons.context import Cursor

Edit = Callable[[Document], "frozenset[str] | Cursor | None"]

# Lesson 14's two pairs: (layer, matrix, row, column, value), in the order a learner types them.
RISE = [(1, "weights", 0, 0, "6"), (2, "weights", 0, 0, "-1"), (2, "biases", 0, 0, "1"),
        (3, "weights", 0, 0, "-1"), (3, "biases", 0, 0, "1")]
FALL = [(1, "weights", 0, 1, "5.66"), (1, "biases", 0, 1, "-1.83"), (2, "weights", 1, 1, "1"),
        (3, "weights", 1, 0, "-1")]


def typed(cells: list[tuple[int, str, int, int, str]]) -> Edit:
    def edit(document: Document) -> None:
        for layer, matrix, row, column, text in cells:
            document.select_layer(layer - 1)
            document.set_cell(matrix, row, column, text)  # type: ignore[arg-type]
    return edit


DOING: dict[str, list[Edit]] = {
    "14-sine-by-hand": [typed(RISE), typed(FALL)],
    "17-softmax-gradient": [
        lambda d: d.set_cell("inputs", 0, 0, "5") and None,
        lambda d: d.set_cell("labels", 2, 0, "2") and None,
    ],
}
