"""Lessons 18-20 (the book's chapters 10-11): the training runs that do each task, through
the training view's own session and trainer (``tui.training.run``), returning the run's
events and the training settings Save writes (its last run included)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.document.state import Document
from tui.lessons import trained_event
from tui.training.last_run import LAST_RUN, last_run
from tui.training.run import prepared_trainer
from tui.training.session import TrainingSession
from tui.training.settings import defaults, settings_of

Ran = tuple[frozenset[str], dict[str, Any]]
Edit = Callable[[Document], "Ran | None"]


class TrainingView:
    """One training view's session across a lesson's tasks: the form's settings, train, reset (z)."""

    def __init__(self) -> None:
        self.session = TrainingSession()

    def train(self, document: Document, optimizer: str, epochs: int, **settings: float) -> Ran:
        """The form set to the book's settings for ``optimizer`` and ``settings``, then space:
        the epochs up to ``epochs`` (the form's epochs count from the trainer's first)."""
        values = {**defaults(optimizer), "epochs": epochs, **settings}
        trainer = prepared_trainer(self.session, document.network, document.inputs, document.labels,
                                   settings_of(values), None)
        document.begin_training()
        self.session.add(trainer.train(epochs - trainer.epoch))
        document.training_changed()
        return frozenset({trained_event(optimizer)}), {**values, LAST_RUN: last_run(self.session)}

    def reset(self) -> None:
        """z: the first weights back, the figures gone."""
        assert self.session.trainer is not None
        self.session.trainer.reset()
        self.session.clear_history()


def lesson(*steps: Callable[[TrainingView, Document], Ran | None]) -> list[Edit]:
    """Each task's edit, all sharing one training view; the first task's opens a new one
    (the lesson is done afresh by each test)."""
    views: list[TrainingView] = []

    def edit(index: int, document: Document) -> Ran | None:
        if index == 0:
            views[:] = [TrainingView()]
        return steps[index](views[0], document)

    return [lambda d, index=index: edit(index, d) for index in range(len(steps))]  # type: ignore[misc]


def reset_then(view: TrainingView, document: Document, optimizer: str, epochs: int, **settings: float) -> Ran:
    view.reset()
    return view.train(document, optimizer, epochs, **settings)


DOING: dict[str, list[Edit]] = {
    "18-sgd": lesson(
        lambda v, d: v.train(d, "sgd", 1001, learning_rate=1.0, decay=1e-3, momentum=0.0),
        lambda v, d: d.set_answer("predict", 0.25),
        lambda v, d: reset_then(v, d, "sgd", 3001, learning_rate=1.0, decay=1e-3, momentum=0.9),
    ),
    "19-adaptive": lesson(
        lambda v, d: v.train(d, "adagrad", 1001),
        lambda v, d: reset_then(v, d, "rmsprop", 1001),
        lambda v, d: reset_then(v, d, "adam", 1001),
    ),
    "20-overfitting": lesson(
        lambda v, d: v.train(d, "adam", 1001, validation_split=0.2),
        lambda v, d: d.set_answer("trained-on", 240),
        lambda v, d: v.train(d, "adam", 3001, validation_split=0.2),
    ),
}
