"""Categorical cross-entropy: how wrong the predicted probabilities are."""

from __future__ import annotations

import numpy as np

from engine.shapes import sparse_labels

CLIP = 1e-7


class CategoricalCrossentropy:
    """``L_i = -log(confidence in the true class)``, the notes' formula with one-hot y.

    Predictions are clipped to [1e-7, 1 - 1e-7] so that a confidence of exactly 0 gives a
    large but finite loss (-log(1e-7) = 16.1) instead of infinity.
    """

    def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """Per-sample losses; ``y_true`` sparse (class indices) or one-hot."""
        return -np.log(correct_confidences(y_pred, y_true))

    def calculate(self, y_pred: np.ndarray, y_true: np.ndarray) -> float:
        """The mean loss over the batch."""
        return float(np.mean(self.forward(y_pred, y_true)))


def correct_confidences(y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
    """The clipped probability each sample gives its true class: the notes' [0.7, 0.5, 0.9]."""
    y_pred = np.atleast_2d(np.asarray(y_pred))
    return confidences_at(y_pred, sparse_labels(y_true, y_pred))


def confidences_at(y_pred: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """The clipped probability in column ``indices[i]`` of each row i (labels already checked)."""
    clipped = np.clip(y_pred, CLIP, 1 - CLIP)
    return clipped[np.arange(len(clipped)), indices]
