"""Lessons 14-17 (chapters 4 and 9): the document edits that do each task."""

from __future__ import annotations

from collections.abc import Callable

from tui.document.core import ALL_STAGES
from tui.document.state import Document, StepPosition
from tui.lessons import stage_event
from tui.lessons.context import Cursor

Edit = Callable[[Document], "frozenset[str] | Cursor | None"]
Cells = list[tuple[int, str, int, int, str]]

# Lesson 14's two pairs: (layer, matrix, row, column, value), in the order a learner types them.
RISE: Cells = [(1, "weights", 0, 0, "6"), (2, "weights", 0, 0, "-1"), (2, "biases", 0, 0, "1"),
               (3, "weights", 0, 0, "-1"), (3, "biases", 0, 0, "1")]
FALL: Cells = [(1, "weights", 0, 1, "5.66"), (1, "biases", 0, 1, "-1.83"), (2, "weights", 1, 1, "1"),
               (3, "weights", 1, 0, "-1")]
# Lesson 15: the nudge of weight i1, then the book's step of 0.001 against dw = [1, -2, 3], db = 1.
NUDGE: Cells = [(1, "weights", 1, 0, "-0.999")]
STEP: Cells = [(1, "weights", 0, 0, "-3.001"), (1, "weights", 1, 0, "-0.998"), (1, "weights", 2, 0, "1.997"),
               (1, "biases", 0, 0, "0.999")]
# Lesson 16: s2's target so that the dvalues [1, 2, -3] add up to 0 (1.41 + 4.5).
TARGET: Cells = [(0, "labels", 2, 0, "5.91")]
# Lesson 17: s0 confident in its label (softmax 0.998); s2 given the label 2.
CONFIDENT: Cells = [(0, "inputs", 0, 0, "5")]
RELABEL: Cells = [(0, "labels", 2, 0, "2")]


def typed(cells: Cells) -> Edit:
    """Each (layer, matrix, row, column, text) typed in; layer 0: a matrix of no layer."""
    def edit(document: Document) -> None:
        for layer, matrix, row, column, text in cells:
            if layer:
                document.select_layer(layer - 1)
            document.set_cell(matrix, row, column, text)  # type: ignore[arg-type]
    return edit


def answered(task_id: str, value: float, *then: Edit, stage: tuple[int, str] | None = None) -> Edit:
    """The learner's answer to ``task_id`` (= in the workbench), then the edits ``then``; with
    ``stage`` (layer, name), step mode showed it. Typed before them: a prediction."""
    def edit(document: Document) -> frozenset[str] | None:
        document.set_answer(task_id, value, predicted=True)
        for step in then:
            step(document)
        if stage is None:
            return None
        return frozenset({stage_event(StepPosition(stage[0] - 1, ALL_STAGES.index(stage[1])))})
    return edit


DOING: dict[str, list[Edit]] = {
    "14-sine-by-hand": [typed(RISE), typed(FALL)],
    "15-nudging": [answered("slope", -2.0, typed(NUDGE)), typed(STEP), answered("ten-times", 5.85)],
    "16-layer-backward": [answered("dweights", 20.1), typed(TARGET),
                          answered("dinputs", -3.0, stage=(1, "dinputs"))],
    "17-softmax-gradient": [typed(CONFIDENT), answered("relabel", -0.30666667, typed(RELABEL))],
}
