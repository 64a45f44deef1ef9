"""Issue 19: engine.book's layers check on the fast path only what can change between calls,
and still refuse, with the explained error, whatever a learner assigns that does not fit."""

from __future__ import annotations

import numpy as np
import pytest

from engine import ShapeError
from engine.book import Activation_ReLU, Layer_Dense

X = np.array([[1.0, 2.0], [3.0, -4.0]])


def trained_layer() -> Layer_Dense:
    np.random.seed(0)
    dense = Layer_Dense(2, 3)
    dense.forward(X)  # a pass on the fast path first: nothing of it may be kept that hides a change
    return dense


def test_weights_assigned_the_wrong_way_round_are_explained() -> None:
    dense = trained_layer()
    dense.weights = dense.weights.T.copy()
    with pytest.raises(ShapeError, match=r"inputs \(2, 2\) cannot meet weights \(3, 2\)"):
        dense.forward(X)


def test_biases_of_another_size_are_explained() -> None:
    dense = trained_layer()
    dense.biases = np.zeros((1, 5))
    with pytest.raises(ShapeError, match=r"biases \(1, 5\) cannot be added"):
        dense.forward(X)


def test_inputs_of_another_width_are_explained() -> None:
    dense = trained_layer()
    with pytest.raises(ShapeError, match=r"inputs \(1, 3\) cannot meet weights \(2, 3\)"):
        dense.forward(np.array([[1.0, 2.0, 3.0]]))


def test_what_numpy_takes_is_taken_off_the_fast_path_too() -> None:
    dense = trained_layer()
    expected = X @ dense.weights + dense.biases
    dense.forward(X.tolist())  # a list of lists, as typed
    assert np.array_equal(dense.output, expected)
    dense.forward(X[0])  # one sample as a vector: one row
    assert np.array_equal(dense.output, expected[:1])
    dense.biases = dense.biases.ravel()  # (neurons,) biases, as the notes' early code writes them
    dense.forward(X)
    assert np.array_equal(dense.output, expected)


def test_backward_explains_gradients_that_do_not_fit() -> None:
    dense = trained_layer()
    relu = Activation_ReLU()
    relu.forward(dense.output)
    with pytest.raises(ShapeError):
        dense.backward(np.ones((2, 4)))
    dense.backward(np.ones((2, 3)).tolist())  # NumPy's own kind of input is taken
    assert dense.dinputs.shape == (2, 2)
