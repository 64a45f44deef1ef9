"""Accuracy and the notes' cost: "number of errors / number of total predictions";
the book's binary (chapter 16) and regression (chapter 17) accuracies."""

from __future__ import annotations

import math

import numpy as np

from engine.shapes import sparse_labels
from engine.targets import column_targets


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


def binary_accuracy(y_pred: np.ndarray, y_true: np.ndarray) -> float:
    """The book's chapter 16: the fraction of outputs on the right side of 0.5,
    ``mean((output > 0.5) == y)``, over every sample and output."""
    y_pred = np.atleast_2d(np.asarray(y_pred))
    targets = column_targets(y_true, y_pred, "binary")
    return float(np.mean((y_pred > 0.5) * 1 == targets))


def regression_precision(y_true: np.ndarray) -> float:
    """How close counts as right for regression accuracy: the book's ``np.std(y) / 250``.

    Targets near the float's limit (1e308 beside -1e19) overflow the squares inside
    ``np.std`` to inf, which would call every prediction right; their spread is then
    measured scaled by max|y| (every value within [-1, 1]) and scaled back, which is finite.
    Ordinary targets take the book's own ``np.std``, bit for bit.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        spread = float(np.std(y_true))
        if math.isinf(spread):
            scale = float(np.max(np.absolute(y_true)))
            if math.isfinite(scale):
                spread = scale * float(np.std(np.asarray(y_true, dtype=np.float64) / scale))
    return spread / 250


def regression_accuracy(y_pred: np.ndarray, y_true: np.ndarray, precision: float | None = None) -> float:
    """The book's chapter 17: the fraction of predictions within ``precision`` of their
    target, ``mean(|pred - y| < std(y) / 250)``. Pass ``precision`` to measure other data
    (a validation set) against the training targets' spread, as the book's Accuracy does."""
    y_pred = np.atleast_2d(np.asarray(y_pred))
    targets = column_targets(y_true, y_pred, "regression")
    if precision is None:
        precision = regression_precision(targets)
    return float(np.mean(np.absolute(y_pred - targets) < precision))
