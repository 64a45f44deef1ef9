"""Issue 20: engine.book's names give back and keep what the book's classes do.

The book's ``forward`` and ``backward`` return None (a REPL echoes nothing), ``Layer_Dropout``
keeps the share kept as ``rate`` and its mask over a validation pass, regularisation strengths
stay as given (``0``, an int, by default), a size that is not a whole number is NumPy's
TypeError, a saved model loads with those values and types.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.book import (
    Accuracy_Categorical,
    Accuracy_Regression,
    Activation_Linear,
    Activation_ReLU,
    Activation_Sigmoid,
    Activation_Softmax,
    Activation_Softmax_Loss_CategoricalCrossentropy,
    Layer_Dense,
    Layer_Dropout,
    Layer_Input,
    Loss_BinaryCrossentropy,
    Loss_CategoricalCrossentropy,
    Loss_MeanAbsoluteError,
    Loss_MeanSquaredError,
    Model,
    Optimizer_Adam,
)


def test_forward_and_backward_return_none_and_set_their_attributes() -> None:
    np.random.seed(0)
    X = np.random.randn(4, 2)
    dense = Layer_Dense(2, 3)
    assert dense.forward(X) is None
    assert dense.forward(X, True) is None
    assert dense.output.shape == (4, 3)
    assert dense.backward(np.ones((4, 3))) is None
    assert dense.dinputs.shape == (4, 2)
    for activation in (Activation_ReLU(), Activation_Softmax(), Activation_Sigmoid(), Activation_Linear()):
        assert activation.forward(dense.output) is None
        assert activation.backward(np.ones((4, 3))) is None
        assert activation.dinputs.shape == (4, 3), type(activation).__name__
    dropout = Layer_Dropout(0.5)
    assert dropout.forward(X) is None and dropout.backward(np.ones((4, 2))) is None
    assert Layer_Input().forward(X, False) is None
    probabilities = np.full((4, 3), 1 / 3)
    labels = np.array([0, 1, 2, 1])
    for loss in (Loss_CategoricalCrossentropy(), Activation_Softmax_Loss_CategoricalCrossentropy()):
        assert loss.backward(probabilities, labels) is None
        assert loss.dinputs.shape == (4, 3)
    column = np.array([[0.2], [0.7], [0.4], [0.9]])
    targets = np.array([[0], [1], [0], [1]])
    for loss in (Loss_BinaryCrossentropy(), Loss_MeanSquaredError(), Loss_MeanAbsoluteError()):
        assert loss.backward(column, targets) is None
        assert loss.dinputs.shape == (4, 1)
    # What the book's return: the sample losses, the mean loss (chapters 9-17), the predictions.
    assert Loss_CategoricalCrossentropy().forward(probabilities, labels).shape == (4,)
    assert Activation_Softmax_Loss_CategoricalCrossentropy().forward(np.zeros((4, 3)), labels) == pytest.approx(np.log(3))
    assert Activation_Softmax().predictions(probabilities).shape == (4,)


def test_dropout_keeps_the_share_kept_as_rate_and_its_mask_over_a_validation_pass() -> None:
    dropout = Layer_Dropout(0.1)
    assert dropout.rate == 0.9 and dropout.rate == 1 - 0.1
    inputs = np.arange(12.0).reshape(3, 4)
    np.random.seed(3)
    expected = np.random.binomial(1, 0.9, size=(3, 4)) / 0.9
    np.random.seed(3)
    dropout.forward(inputs)
    mask = dropout.binary_mask
    assert np.array_equal(mask, expected) and np.array_equal(dropout.output, inputs * expected)
    dropout.forward(inputs + 1, training=False)
    assert dropout.binary_mask is mask  # the book's layer leaves it as the last training pass drew it
    assert np.array_equal(dropout.output, inputs + 1)
    with pytest.raises(ValueError, match="the dropout rate must be at least 0 and less than 1"):
        Layer_Dropout(1.0)


def test_regularisation_strengths_are_kept_as_given() -> None:
    plain = Layer_Dense(2, 3)
    for name in ("weight_regularizer_l1", "weight_regularizer_l2", "bias_regularizer_l1", "bias_regularizer_l2"):
        value = getattr(plain, name)
        assert value == 0 and type(value) is int, name
    given = Layer_Dense(2, 3, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
    assert type(given.weight_regularizer_l2) is float and given.weight_regularizer_l2 == 5e-4
    assert type(given.weight_regularizer_l1) is int
    with pytest.raises(ValueError, match="weight_regularizer_l2 must be a finite number >= 0"):
        Layer_Dense(2, 3, 0, -1)


def test_a_size_that_is_not_a_whole_number_is_the_books_type_error_in_nnwbs_words() -> None:
    with pytest.raises(TypeError) as caught:
        Layer_Dense(2.0, 3)
    assert isinstance(caught.value, ValueError)  # what nnwb's Dense raises, for an except written for it
    assert str(caught.value) == (
        "n_inputs must be a whole number of inputs, at least 1, not 2.0 "
        "(the book's NumPy says: 'float' object cannot be interpreted as an integer)"
    )
    with pytest.raises(TypeError, match="n_neurons must be a whole number of neurons"):
        Layer_Dense(2, "3")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n_neurons must be at least 1") as zero:
        Layer_Dense(2, 0)
    assert not isinstance(zero.value, TypeError)  # a whole number, refused for its size


def _regression_model() -> Model:
    np.random.seed(0)
    model = Model()
    for layer in (Layer_Dense(1, 8, 0, 5e-4), Activation_ReLU(), Layer_Dropout(0.1), Layer_Dense(8, 1), Activation_Linear()):
        model.add(layer)
    model.set(loss=Loss_MeanSquaredError(), optimizer=Optimizer_Adam(), accuracy=Accuracy_Regression())
    model.finalize()
    return model


def test_a_loaded_model_keeps_the_books_values_and_types(tmp_path: Path) -> None:
    folder = tmp_path
    model = _regression_model()
    X = np.linspace(0, 1, 20, dtype=np.float32).reshape(-1, 1)
    model.train(X, np.sin(X), epochs=2, print_every=10)
    assert type(model.accuracy.precision) is np.float32  # np.std of float32 targets / 250
    model.save(folder / "sine.model")
    loaded = Model.load(folder / "sine.model")
    assert type(loaded.accuracy.precision) is np.float32 and loaded.accuracy.precision == model.accuracy.precision
    dense, dropout = loaded.layers[0], loaded.layers[2]
    assert type(dense.weight_regularizer_l1) is int and dense.weight_regularizer_l2 == 5e-4
    assert dropout.rate == 0.9

    float64 = _regression_model()
    float64.train(X.astype(np.float64), np.sin(X.astype(np.float64)), epochs=1, print_every=10)
    float64.save(folder / "float64.model")
    assert type(Model.load(folder / "float64.model").accuracy.precision) is np.float64


def test_a_categorical_model_still_saves_and_loads(tmp_path: Path) -> None:
    np.random.seed(0)
    model = Model()
    for layer in (Layer_Dense(2, 4), Activation_ReLU(), Layer_Dense(4, 3), Activation_Softmax()):
        model.add(layer)
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_Adam(), accuracy=Accuracy_Categorical())
    model.finalize()
    path = tmp_path / "spiral.model"
    model.save(path)
    loaded = Model.load(path)
    assert loaded.softmax_classifier_output is not None
    assert np.array_equal(loaded.layers[0].weights, model.layers[0].weights)
