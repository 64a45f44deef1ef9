"""Issue 11: the book's chapter 15-17 pieces in the engine (dropout, sigmoid, binary and
regression losses and accuracies, sine data), against the book's formulas."""

from __future__ import annotations

import numpy as np
import pytest
from nnfs.datasets import sine_data as nnfs_sine_data

from engine import (
    ACTIVATIONS,
    BinaryCrossentropy,
    Dropout,
    MeanAbsoluteError,
    MeanSquaredError,
    ShapeError,
    Sigmoid,
    activation_named,
    binary_accuracy,
    regression_accuracy,
    sine_data,
)


def test_sigmoid_is_the_logistic_function_and_a_named_activation() -> None:
    out = Sigmoid().forward(np.array([[0.0, 2.0, -2.0, -1000.0]]))
    np.testing.assert_allclose(out, [[0.5, 0.8807970779778823, 0.11920292202211755, 0.0]], rtol=1e-15)
    assert "sigmoid" in ACTIVATIONS and isinstance(activation_named("Sigmoid"), Sigmoid)


def test_dropout_draws_the_books_mask_from_the_global_generator() -> None:
    inputs = np.arange(1.0, 41.0).reshape(8, 5)
    np.random.seed(0)
    book_mask = np.random.binomial(1, 1 - 0.2, size=inputs.shape) / (1 - 0.2)
    np.random.seed(0)
    layer = Dropout(0.2)
    output = layer.forward(inputs)
    np.testing.assert_array_equal(layer.binary_mask, book_mask)
    np.testing.assert_array_equal(output, inputs * book_mask)
    assert 0 < np.count_nonzero(output == 0) < output.size  # some dropped, some kept (scaled by 1.25)
    np.testing.assert_array_equal(layer.backward(np.ones_like(inputs)), book_mask)


def test_an_example_mask_from_its_own_generator_leaves_the_global_one_alone() -> None:
    from engine.dropout import dropout_mask

    np.random.seed(5)
    expected = np.random.binomial(1, 0.9, size=(4, 6)) / 0.9
    state = np.random.get_state()
    np.testing.assert_array_equal(dropout_mask((4, 6), 0.1, np.random.RandomState(5)), expected)
    assert np.array_equal(np.random.get_state()[1], state[1]) and np.random.get_state()[2] == state[2]


def test_dropout_is_off_when_not_training() -> None:
    inputs = np.ones((3, 4))
    layer = Dropout(0.5)
    np.testing.assert_array_equal(layer.forward(inputs, training=False), inputs)
    np.testing.assert_array_equal(layer.backward(np.full((3, 4), 2.0)), np.full((3, 4), 2.0))


@pytest.mark.parametrize("rate", [1.0, -0.1, float("nan"), "0.1", True])
def test_a_dropout_rate_outside_0_to_1_is_refused(rate: object) -> None:
    with pytest.raises(ValueError, match="dropout rate must be"):
        Dropout(rate)  # type: ignore[arg-type]


def test_binary_crossentropy_and_accuracy_as_the_book_computes_them() -> None:
    outputs = np.array([[0.9], [0.2], [0.6], [0.4]])
    y = np.array([1, 0, 0, 1])  # 1-D, reshaped (-1, 1) as the book does
    loss = BinaryCrossentropy()
    expected = -np.log([0.9, 0.8, 0.4, 0.4])
    np.testing.assert_allclose(loss.forward(outputs, y), expected, rtol=1e-12)
    assert loss.calculate(outputs, y) == pytest.approx(np.mean(expected), rel=1e-12)
    assert binary_accuracy(outputs, y) == 0.5
    # The book's gradient: -(y / p - (1 - y) / (1 - p)) / outputs / samples.
    np.testing.assert_allclose(loss.backward(outputs, y), [[-1 / 0.9 / 4], [1 / 0.8 / 4], [1 / 0.4 / 4], [-1 / 0.4 / 4]])


def test_mean_squared_and_absolute_error() -> None:
    outputs = np.array([[0.5, 1.0], [2.0, -1.0]])
    y = np.array([[1.0, 1.0], [0.0, 0.0]])
    np.testing.assert_allclose(MeanSquaredError().forward(outputs, y), [0.125, 2.5])
    np.testing.assert_allclose(MeanAbsoluteError().forward(outputs, y), [0.25, 1.5])
    np.testing.assert_allclose(MeanSquaredError().backward(outputs, y), [[-0.25, 0.0], [1.0, -0.5]])


def test_regression_accuracy_is_the_books_std_over_250() -> None:
    y = np.linspace(-1, 1, 11).reshape(-1, 1)
    close = np.std(y) / 250 / 2
    outputs = y + np.where(np.arange(11) < 4, close, 1.0).reshape(-1, 1)
    assert regression_accuracy(outputs, y) == pytest.approx(4 / 11)
    assert regression_accuracy(outputs, y, precision=10.0) == 1.0


def test_sine_data_is_nnfss() -> None:
    X, y = sine_data()
    book_X, book_y = nnfs_sine_data()
    np.testing.assert_array_equal(X, book_X)
    np.testing.assert_array_equal(y, book_y)
    assert X.shape == y.shape == (1000, 1) and X.dtype == np.float64
    # The nnfs mode gets what nnfs.init() leaves the book's script: float64 (np.arange is not patched).
    assert sine_data(50, dtype=np.float32)[0].dtype == np.float64


def test_targets_that_cannot_meet_the_output_are_explained() -> None:
    with pytest.raises(ShapeError) as caught:
        MeanSquaredError().forward(np.zeros((4, 3)), np.zeros(4))
    assert "the labels have 1 column and the output has 3" in str(caught.value)
    assert "Give the last layer 1 neuron" in caught.value.fix
    with pytest.raises(ShapeError, match="label 2 of sample 1 is not 0 or 1"):
        BinaryCrossentropy().forward(np.full((3, 1), 0.5), np.array([0, 2, 1]))
    with pytest.raises(ShapeError, match="there are 3 samples but 2 labels"):
        binary_accuracy(np.full((3, 1), 0.5), np.array([0, 1]))
    with pytest.raises(ShapeError, match="label nan of sample 0 is not a finite number"):
        regression_accuracy(np.zeros((2, 1)), np.array([np.nan, 1.0]))


def test_a_sigmoid_label_out_of_range_is_named_once() -> None:
    with pytest.raises(ShapeError) as caught:
        BinaryCrossentropy().forward(np.full((3, 1), 0.5), np.array([0, 2, 1]))
    said = f"{caught.value.problem} {caught.value.fix}"
    assert said.count("0 or 1") == 1 and said.count("from 0 to 1") == 0, said
    assert caught.value.problem == "label 2 of sample 1 is not 0 or 1."
    assert caught.value.fix == "Write the sample's class there (a number between them also scores, as a probability)."
