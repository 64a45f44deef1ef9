"""Lessons 1-13 (the notes' sections): the document edits that do each task."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine import Adam, Trainer
from tui.document.state import Document, StepPosition
from tui.lessons import stage_event, trained_event
from tui.lessons.context import DIVERGED, Cursor, command_event

Edit = Callable[[Document], "frozenset[str] | Cursor | None"]


def stage(layer: int, stage: int) -> frozenset[str]:
    return frozenset({stage_event(StepPosition(layer - 1, stage))})


def set_cells(document: Document, matrix: str, layer: int, cells: dict[tuple[int, int], str]) -> None:
    document.select_layer(layer - 1)
    for (row, column), text in cells.items():
        document.set_cell(matrix, row, column, text)  # type: ignore[arg-type]


def divide_weights(document: Document) -> None:
    for index, step in enumerate(document.network.steps):
        weights = step.dense.weights.copy()
        set_cells(document, "weights", index + 1,
                  {(r, c): repr(float(weights[r, c] / np.float32(10))) for r in range(weights.shape[0]) for c in range(weights.shape[1])})


def train_to_90(document: Document) -> frozenset[str]:
    trainer = Trainer(document.network, document.inputs, document.labels, Adam(learning_rate=0.05, decay=5e-7))
    document.begin_training()
    for stats in trainer.train(10001):
        if stats.epoch % 100 == 0 and document.network.forward_trace(document.inputs, document.labels).accuracy >= 0.9:
            break
    document.training_changed()
    return frozenset({trained_event("adam")})


# Per lesson, per task: the edits that do it, applied in order on one document; an edit may
# return the events it recorded (or where it left the cursor).
DOING: dict[str, list[Edit]] = {
    "01-neuron": [
        lambda d: (d.set_answer("1", 0.3), stage(1, 2))[1],
        lambda d: d.set_cell("biases", 0, 0, "-0.3") and None,
        lambda d: (d.add_sample(), d.set_cell("inputs", 1, 0, "6.5")) and None,
    ],
    "02-layer": [
        lambda d: Cursor("output", 1, 0, 2),
        lambda d: d.set_cell("biases", 0, 1, "2.79") and None,
        lambda d: d.set_cell("weights", 3, 2, "0") and None,
    ],
    "03-batch": [
        lambda d: (d.add_sample(), d.set_cell("inputs", 3, 3, "1")) and None,
        lambda d: (d.add_sample(), [d.set_cell("inputs", 4, c, v) for c, v in enumerate(["1", "2", "3", "2.5"])]) and None,
        lambda d: d.set_cell("inputs", 1, 0, "10") and None,
    ],
    "04-shapes": [
        lambda d: d.add_feature() and None,
        lambda d: d.resize_layer(0, 5, 3) and None,
        lambda d: (d.transpose_weights(0), frozenset({command_event("transpose")}))[1],
        lambda d: (d.transpose_weights(0), frozenset({command_event("transpose")}))[1],
    ],
    "05-two-layers": [
        lambda d: (d.set_answer("1", 8.9), stage(2, 0))[1],
        lambda d: set_cells(d, "weights", 2, {(0, 1): "0.5"}),
        lambda d: set_cells(d, "biases", 2, {(0, 0): "-1.5031"}),
    ],
    "06-layer-dense": [
        lambda d: d.resize_layer(0, 4, 5) and None,
        lambda d: d.reinitialise(0, 0.01),
        lambda d: (d.resize_layer(1, 5, 2), d.select_layer(1), d.reinitialise(1, 0.01)) and None,
    ],
    "07-relu": [
        lambda d: (d.set_answer("1", 2), stage(1, 3))[1],
        lambda d: d.set_cell("biases", 0, 0, "-1") and None,
        lambda d: d.set_cell("biases", 0, 1, "1") and None,
    ],
    "08-softmax": [
        lambda d: (d.set_answer("1", 1.50321), stage(1, 3))[1],  # the explain panel's sum
        lambda d: d.set_cell("inputs", 0, 0, "6") and None,
        lambda d: [d.set_cell("inputs", 0, c, v) for c, v in enumerate(["103", "99", "100"])] and None,  # 6, 2, 3 + 97
    ],
    "09-cross-entropy": [
        lambda d: d.set_cell("inputs", 0, 0, "2") and None,
        lambda d: d.set_cell("inputs", 1, 1, "-20") and None,
        lambda d: d.set_cell("labels", 2, 0, "2") and None,
    ],
    "10-accuracy": [
        lambda d: d.set_cell("inputs", 1, 1, "0") and None,
        lambda d: [d.set_cell("inputs", r, c, "3") for r, c in ((0, 0), (1, 1), (2, 1))] and None,
    ],
    "11-spiral": [
        lambda d: (d.set_answer("1", 0.3333), stage(2, 3))[1],
        divide_weights,
    ],
    "12-parameters": [
        lambda d: (d.set_answer("1", 1474), d.select_layer(2), d.remove_layer()) and None,
        lambda d: (d.set_activation(2, "relu"), d.set_answer("2", 1507)) and None,
    ],
    "13-training": [
        lambda d: (d.resize_layer(0, 2, 64), d.resize_layer(1, 64, 3)) and None,
        lambda d: frozenset({DIVERGED}),  # the run put back the weights it began from
        train_to_90,
    ],
}


