"""Accuracy and the notes' cost: "number of errors / number of total predictions"."""

from __future__ import annotations

import numpy as np

from engine.shapes import sparse_labels


def predictions(y_pred: np.ndarray) -> np.ndarray:
    """The predicted class of each sample: the index of its largest output."""
    return np.argmax(np.atleast_2d(y_pred), axis=1)


def accuracy(y_pred: np.ndarray, y_true: np.ndarray) -> float:
    """The fraction of samples whose largest output is the true class."""
    y_pred = np.atleast_2d(np.asarray(y_pred))
    labels = sparse_labels(y_true, y_pred)  # first: it explains an output of no classes
    return float(np.mean(predictions(y_pred) == labels))


def error_rate(y_pred: np.ndarray, y_true: np.ndarray) -> float:
    """The notes' cost: errors / predictions, which is 1 - accuracy. A good model has a low cost."""
    return 1.0 - accuracy(y_pred, y_true)
