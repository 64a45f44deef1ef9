"""The book's accuracy classes (chapters 18-19): ``calculate(predictions, y)`` and the
running mean over batches (``new_pass``, ``calculate_accumulated``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.book.book_class import BookClass


class Accuracy(metaclass=BookClass):
    """The share of predictions that ``compare`` calls right."""

    accumulated_sum: Any = 0
    accumulated_count: int = 0

    def init(self, y: np.ndarray, reinit: bool = False) -> None:
        """Called with the training targets before training; nothing to learn by default."""

    def compare(self, predictions: np.ndarray, y: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def calculate(self, predictions: np.ndarray, y: np.ndarray) -> Any:
        comparisons = self.compare(predictions, y)
        accuracy = np.mean(comparisons)
        self.accumulated_sum += np.sum(comparisons)
        self.accumulated_count += len(comparisons)
        return accuracy

    def calculate_accumulated(self) -> Any:
        if not self.accumulated_count:
            raise RuntimeError("no accuracy has been calculated since new_pass(): nothing to average")
        return self.accumulated_sum / self.accumulated_count

    def new_pass(self) -> None:
        self.accumulated_sum = 0
        self.accumulated_count = 0


def _columns_like(y: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    # A 1-D list of targets against one output column would broadcast into a (samples,
    # samples) table of comparisons without a word: give it the column shape, as the
    # book's ``y.reshape(-1, 1)`` does.
    y = np.asarray(y)
    if y.ndim == 1 and np.ndim(predictions) == 2 and np.shape(predictions)[1] == 1:
        return y.reshape(-1, 1)
    return y


class Accuracy_Categorical(Accuracy):
    """Predicted class == true class; ``binary=True`` compares 0/1 outputs column by column."""

    def __init__(self, *, binary: bool = False) -> None:
        self.binary = binary

    def compare(self, predictions: np.ndarray, y: np.ndarray) -> np.ndarray:
        y = np.asarray(y)
        if not self.binary and y.ndim == 2:
            y = np.argmax(y, axis=1)  # one-hot rows to class indices
        if self.binary:
            y = _columns_like(y, predictions)
        return predictions == y


class Accuracy_Regression(Accuracy):
    """A prediction counts as right within ``precision`` of its target: the book's
    ``std(y) / 250``, set from the training targets by ``init``."""

    def __init__(self) -> None:
        self.precision: Any = None

    def init(self, y: np.ndarray, reinit: bool = False) -> None:
        if self.precision is None or reinit:
            self.precision = np.std(y) / 250

    def compare(self, predictions: np.ndarray, y: np.ndarray) -> np.ndarray:
        if self.precision is None:
            raise RuntimeError("Accuracy_Regression needs init(y) first: it sets the precision from the targets")
        return np.absolute(predictions - _columns_like(y, predictions)) < self.precision
