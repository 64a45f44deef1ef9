"""Lessons 21-24 (the book's chapters 14-17): the document edits that do each task."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.document.state import Document
from tui.lessons import stage_event, trained_event
from tui.lessons.context import Cursor
from tui.training.last_run import LAST_RUN, last_run
from tui.training.run import prepared_trainer
from tui.training.session import TrainingSession
from tui.training.settings import defaults, settings_of

Edit = Callable[[Document], "frozenset[str] | Cursor | tuple[frozenset[str], dict[str, Any]] | None"]


def dropout_stage(document: Document) -> frozenset[str]:
    """Step mode's walk, as n walks it, to layer 1's dropout stage: the event the app records."""
    document.start_stepping()
    while (position := document.step) is None or (position.layer, position.stage_name) != (0, "dropout"):
        assert document.step_forward(), "the walk ended before layer 1's dropout"
    document.stop_stepping()
    return frozenset({stage_event(position)})


def train_mae(document: Document) -> tuple[frozenset[str], dict[str, Any]]:
    """The book's Adam on the sine, scored by MAE, until the MAE is below 0.1 (a few hundred
    epochs), through the training view's session: its event, and the settings and run Save writes."""
    session = TrainingSession()
    values = {**defaults("adam"), "learning_rate": 0.005, "decay": 1e-3, "epochs": 2001}
    trainer = prepared_trainer(session, document.network, document.inputs, document.labels,
                               settings_of(values), document.loss)
    document.begin_training()
    while document.network.forward_trace(document.inputs, document.labels, loss=document.loss).loss >= 0.1:
        assert trainer.epoch < 2001, "the sine is not fitted in 2000 epochs"
        session.add(trainer.train(50))
    document.training_changed()
    return frozenset({trained_event("adam")}), {**values, LAST_RUN: last_run(session)}


def set_input(document: Document, row: int, text: str) -> None:
    document.set_cell("inputs", row, 0, text)


DOING: dict[str, list[Edit]] = {
    "21-regularization": [
        lambda d: d.set_regularizers((0.0, 5e-4, 0.0, 0.0), 0),
        lambda d: d.set_cell("weights", 3, 0, "0") and None,  # 1.0, neuron 0's fourth weight
        lambda d: (d.set_answer("l1", 0.004246, predicted=True), d.set_regularizers((5e-4, 5e-4, 0.0, 0.0), 0)) and None,
    ],
    "22-dropout": [
        lambda d: d.set_dropout(0.1, 0),
        lambda d: (d.set_answer("mask", 1 / 0.9), dropout_stage(d))[1],
    ],
    "23-binary": [
        lambda d: d.set_answer("predict", 1.609),
        lambda d: set_input(d, 2, "-3"),
        lambda d: (set_input(d, 0, "4"), set_input(d, 1, "-4")) and None,
    ],
    "24-regression": [
        lambda d: (d.set_answer("mae", 0.637, predicted=True), d.set_loss("mae")) and None,
        train_mae,
    ],
}
