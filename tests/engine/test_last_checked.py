"""Issue 19: a training loop's labels are checked once, not at every call, and a label edited
in place (or replaced) is checked again: every refusal a learner relies on still comes."""

from __future__ import annotations

import numpy as np
import pytest

from engine import BinaryCrossentropy, CategoricalCrossentropy, ShapeError
from engine.labels import sparse_labels
from engine.targets import column_targets

PREDICTIONS = np.full((4, 3), 1 / 3)


def test_the_same_labels_are_answered_from_the_last_check() -> None:
    y = np.array([0, 1, 2, 1])
    first = sparse_labels(y, PREDICTIONS)
    assert sparse_labels(y, PREDICTIONS) is first
    assert first.tolist() == [0, 1, 2, 1]
    with pytest.raises(ValueError, match="read-only"):
        first[0] = 2  # the kept answer cannot be spoiled by a caller


def test_a_label_edited_in_place_after_a_loss_is_refused() -> None:
    loss = CategoricalCrossentropy()
    y = np.array([0, 1, 2, 1])
    loss.forward(PREDICTIONS, y)
    y[2] = 7
    with pytest.raises(ShapeError, match="label 7 of sample 2 is outside the outputs"):
        loss.forward(PREDICTIONS, y)
    with pytest.raises(ShapeError, match="label 7 of sample 2"):
        loss.backward(PREDICTIONS, y)


def test_labels_checked_against_other_predictions_are_checked_again() -> None:
    y = np.array([0, 1, 2, 1])
    sparse_labels(y, PREDICTIONS)
    with pytest.raises(ShapeError, match="2 neurons"):
        sparse_labels(y, np.full((4, 2), 0.5))
    y.shape = (2, 2)  # the same array, another shape
    with pytest.raises(ShapeError):
        sparse_labels(y, PREDICTIONS)


def test_a_binary_target_edited_in_place_is_refused() -> None:
    loss = BinaryCrossentropy()
    outputs = np.full((3, 1), 0.5)
    y = np.array([[0.0], [1.0], [1.0]])
    loss.forward(outputs, y)
    assert column_targets(y, outputs, "binary") is column_targets(y, outputs, "binary")
    y[1, 0] = 3.0
    with pytest.raises(ShapeError, match="label 3 of sample 1 is not 0 or 1"):
        loss.forward(outputs, y)
    y[1, 0] = np.nan
    with pytest.raises(ShapeError, match="sample 1"):
        loss.backward(outputs, y)
