"""Backward passes against values worked out by hand and against the book's own formulas."""

from __future__ import annotations

import numpy as np
import pytest

from engine import (
    CategoricalCrossentropy,
    Dense,
    Linear,
    ReLU,
    Softmax,
    SoftmaxCategoricalCrossentropy,
    regularization_loss,
)
from engine.layers import l1_direction


def test_dense_backward_by_hand() -> None:
    layer = Dense.from_arrays(np.array([[1.0, -1.0], [2.0, 0.5]]), np.array([[0.0, 1.0]]))
    inputs = np.array([[1.0, 2.0], [3.0, -1.0]])
    layer.forward(inputs)
    dvalues = np.array([[1.0, 0.0], [2.0, -1.0]])
    dinputs = layer.backward(dvalues)
    # dweights[i, j] = sum over samples of inputs[s, i] * dvalues[s, j]
    np.testing.assert_array_equal(layer.dweights, [[1 + 6, 0 - 3], [2 - 2, 0 + 1]])
    np.testing.assert_array_equal(layer.dbiases, [[3.0, -1.0]])
    # dinputs[s, i] = sum over neurons of dvalues[s, j] * weights[i, j]
    np.testing.assert_array_equal(dinputs, [[1.0, 2.0], [2 + 1, 4 - 0.5]])
    assert dinputs is layer.dinputs


def test_dense_backward_needs_a_forward_pass() -> None:
    with pytest.raises(RuntimeError, match="forward"):
        Dense(2, 3).backward(np.ones((1, 3)))


def test_regularisation_adds_to_the_gradients_and_the_loss() -> None:
    weights = np.array([[0.5, -2.0], [0.0, 1.0]])
    biases = np.array([[-0.5, 0.0]])
    layer = Dense.from_arrays(
        weights, biases, weight_regularizer_l1=0.1, weight_regularizer_l2=0.01,
        bias_regularizer_l1=0.2, bias_regularizer_l2=0.3,
    )
    layer.forward(np.zeros((1, 2)))  # zero inputs: the data gradient of the weights is 0
    layer.backward(np.zeros((1, 2)))
    # l1 * sign (+1 at 0, as the book) + 2 * l2 * w
    expected_dw = 0.1 * np.array([[1, -1], [1, 1]]) + 2 * 0.01 * weights
    expected_db = 0.2 * np.array([[-1, 1]]) + 2 * 0.3 * biases
    np.testing.assert_allclose(layer.dweights, expected_dw, rtol=1e-15)
    np.testing.assert_allclose(layer.dbiases, expected_db, rtol=1e-15)
    expected_loss = 0.1 * 3.5 + 0.01 * (0.25 + 4 + 0 + 1) + 0.2 * 0.5 + 0.3 * 0.25
    assert regularization_loss(layer) == pytest.approx(expected_loss, rel=1e-15)
    assert CategoricalCrossentropy().regularization_loss(layer) == pytest.approx(expected_loss, rel=1e-15)


def test_regularisation_is_off_by_default_and_refuses_negative_strengths() -> None:
    layer = Dense(3, 2)
    assert not layer.regularized and regularization_loss(layer) == 0.0
    assert not Dense.from_arrays(np.ones((2, 2)), np.zeros((1, 2))).regularized
    assert Dense(3, 2, weight_regularizer_l2=5e-4).regularized
    with pytest.raises(ValueError, match="weight_regularizer_l2"):
        Dense(3, 2, weight_regularizer_l2=-1.0)
    with pytest.raises(ValueError, match="bias_regularizer_l1"):
        Dense(3, 2, bias_regularizer_l1=float("nan"))


def test_l1_direction_is_the_books_dl1() -> None:
    values = np.array([[-0.0, 0.0, -3.0, 2.0]])
    book = np.ones_like(values)
    book[values < 0] = -1
    np.testing.assert_array_equal(l1_direction(values), book)


def test_relu_backward_stops_gradients_where_the_input_was_not_positive() -> None:
    relu = ReLU()
    relu.forward(np.array([[-1.0, 0.0, 2.0], [3.0, -0.5, 1e-9]]))
    dinputs = relu.backward(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    np.testing.assert_array_equal(dinputs, [[0.0, 0.0, 3.0], [4.0, 0.0, 6.0]])


def test_linear_backward_passes_gradients_through_as_a_copy() -> None:
    linear = Linear()
    linear.forward(np.array([[1.0, -2.0]]))
    dvalues = np.array([[0.3, -0.7]])
    dinputs = linear.backward(dvalues)
    np.testing.assert_array_equal(dinputs, dvalues)
    assert dinputs is not dvalues


def _book_softmax_backward(output: np.ndarray, dvalues: np.ndarray) -> np.ndarray:
    """The book's loop: one Jacobian diagflat(s) - s s^T per sample."""
    dinputs = np.empty_like(dvalues)
    for index, (single_output, single_dvalues) in enumerate(zip(output, dvalues)):
        single_output = single_output.reshape(-1, 1)
        jacobian_matrix = np.diagflat(single_output) - np.dot(single_output, single_output.T)
        dinputs[index] = np.dot(jacobian_matrix, single_dvalues)
    return dinputs


def test_softmax_backward_equals_the_books_jacobian_loop() -> None:
    rng = np.random.default_rng(3)
    softmax = Softmax()
    softmax.forward(rng.standard_normal((6, 4)))
    dvalues = rng.standard_normal((6, 4))
    np.testing.assert_allclose(softmax.backward(dvalues), _book_softmax_backward(softmax.output, dvalues), atol=1e-15)


def test_softmax_backward_by_hand() -> None:
    # Two classes at equal probability: the Jacobian is [[.25, -.25], [-.25, .25]].
    softmax = Softmax()
    softmax.forward(np.array([[0.0, 0.0]]))
    np.testing.assert_allclose(softmax.backward(np.array([[1.0, 0.0]])), [[0.25, -0.25]])


def test_categorical_crossentropy_backward_by_hand() -> None:
    loss = CategoricalCrossentropy()
    y_pred = np.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4]])
    expected = np.array([[-1 / 0.7, 0, 0], [0, -1 / 0.5, 0]]) / 2
    np.testing.assert_allclose(loss.backward(y_pred, np.array([0, 1])), expected, rtol=1e-15)
    # One-hot labels mean the same.
    np.testing.assert_allclose(loss.backward(y_pred, np.array([[1, 0, 0], [0, 1, 0]])), expected, rtol=1e-15)


def test_categorical_crossentropy_backward_stays_finite_at_a_zero_prediction() -> None:
    gradient = CategoricalCrossentropy().backward(np.array([[0.0, 1.0]]), np.array([0]))
    assert np.all(np.isfinite(gradient))
    assert gradient[0, 0] == pytest.approx(-1e7)


def test_combined_softmax_crossentropy_is_softmax_minus_one_hot_over_samples() -> None:
    step = SoftmaxCategoricalCrossentropy()
    z = np.array([[1.0, 2.0, 3.0], [0.5, 0.5, -1.0]])
    y = np.array([2, 0])
    loss = step.forward(z, y)
    softmax = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(softmax[[0, 1], y])), rel=1e-14)
    one_hot = np.eye(3)[y]
    np.testing.assert_allclose(step.backward(step.output, y), (softmax - one_hot) / 2, atol=1e-16)
    np.testing.assert_allclose(step.backward(step.output, one_hot), (softmax - one_hot) / 2, atol=1e-16)


@pytest.mark.parametrize("labels", ["sparse", "one-hot"])
def test_combined_step_equals_softmax_backward_after_crossentropy_backward(labels: str) -> None:
    rng = np.random.default_rng(7)
    z = rng.standard_normal((8, 5))
    y = rng.integers(0, 5, 8)
    targets = y if labels == "sparse" else np.eye(5)[y]
    combined = SoftmaxCategoricalCrossentropy()
    combined.forward(z, targets)
    fused = combined.backward(combined.output, targets)
    softmax, loss = Softmax(), CategoricalCrossentropy()
    softmax.forward(z)
    separate = softmax.backward(loss.backward(softmax.output, targets))
    np.testing.assert_allclose(fused, separate, rtol=1e-10, atol=1e-15)
