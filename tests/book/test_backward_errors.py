"""Issue 20: a shape mismatch in a book layer's ``backward`` is explained as ``forward``'s is,
and stays the exception type NumPy raises there (a reader's ``except`` still catches it)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.book import Activation_ReLU, Activation_Sigmoid, Activation_Softmax, Layer_Dense, Layer_Dropout
from engine.errors import ShapeError


def test_dense_backward_with_too_few_rows_names_dvalues_and_the_output() -> None:
    np.random.seed(0)
    dense = Layer_Dense(2, 3)
    dense.forward(np.ones((5, 2)))
    with pytest.raises(ValueError) as caught:
        dense.backward(np.ones((4, 3)))
    error = caught.value
    assert isinstance(error, ShapeError)
    assert str(error).splitlines() == [
        "Layer_Dense.backward: dvalues (4, 3) cannot meet the output (5, 3) of the last forward pass: "
        "4 rows of gradients for 5 samples.",
        "Pass the gradient of what comes after this layer in the same pass (the next layer's dinputs, or the loss's): "
        "d loss / d output, one row per sample and one column per output, shape (5, 3).",
        "NumPy says: shapes (2,5) and (4,3) not aligned: 5 (dim 1) != 4 (dim 0)",
    ]
    assert (error.left, error.left_shape, error.right_shape, error.left_axis) == ("dvalues", (4, 3), (5, 3), 0)


def test_dense_backward_with_a_column_per_wrong_neuron_count() -> None:
    np.random.seed(0)
    dense = Layer_Dense(2, 3)
    dense.forward(np.ones((5, 2)))
    with pytest.raises(ShapeError, match=r"4 columns of gradients for 3 outputs per sample") as caught:
        dense.backward(np.ones((5, 4)))
    assert caught.value.left_axis == 1


@pytest.mark.parametrize("layer", [Activation_Softmax(), Activation_Sigmoid(), Layer_Dropout(0.5)], ids=type)
def test_activation_and_dropout_backward_explain_a_mismatch(layer: object) -> None:
    layer.forward(np.ones((5, 3)))  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match=rf"^{type(layer).__name__}\.backward: dvalues \(5, 4\) cannot meet the output \(5, 3\)"):
        layer.backward(np.ones((5, 4)))  # type: ignore[attr-defined]


def test_relu_backward_stays_the_index_error_numpy_raises() -> None:
    relu = Activation_ReLU()
    relu.forward(np.ones((5, 3)))
    with pytest.raises(IndexError) as caught:
        relu.backward(np.ones((5, 4)))
    assert isinstance(caught.value, ShapeError)
    assert str(caught.value).startswith("Activation_ReLU.backward: dvalues (5, 4) cannot meet the output (5, 3)")
    assert "NumPy says: boolean index did not match" in str(caught.value)


def test_an_error_that_is_not_about_the_shape_is_left_as_it_is() -> None:
    dense = Layer_Dense(2, 3)
    dense.forward(np.ones((5, 2)))
    dense.weights = np.ones((2, 4))  # changed after the forward pass: the dvalues fit its output
    with pytest.raises(ValueError) as caught:
        dense.backward(np.ones((5, 3)))
    assert not isinstance(caught.value, ShapeError)
