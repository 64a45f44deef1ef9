"""engine.book's names take the book's arguments in the book's order, in float64 as well."""

from __future__ import annotations

import numpy as np
import pytest

from engine.book import (
    Accuracy_Categorical,
    Activation_ReLU,
    Activation_Sigmoid,
    Layer_Dense,
    Loss_BinaryCrossentropy,
    Loss_CategoricalCrossentropy,
    Model,
    Optimizer_Adam,
)


def test_layer_dense_third_argument_is_the_books_weight_l1() -> None:
    np.random.seed(0)
    layer = Layer_Dense(2, 3, 5e-4)
    assert layer.weight_regularizer_l1 == 5e-4
    assert layer.weight_scale == 0.01  # the scale is only ever a keyword
    assert Layer_Dense(2, 3, weight_scale=0.1).weight_scale == 0.1


def test_loss_calculate_returns_numpy_scalars_and_the_regularisation_pair() -> None:
    np.random.seed(0)
    layer = Layer_Dense(2, 3, 0, 0.5)
    loss = Loss_CategoricalCrossentropy()
    loss.remember_trainable_layers([layer])
    data_loss, regularization = loss.calculate(np.full((2, 3), 1 / 3), np.array([0, 2]), include_regularization=True)
    assert isinstance(data_loss, np.floating) and data_loss == pytest.approx(np.log(3))
    assert regularization == pytest.approx(0.5 * np.sum(layer.weights**2))
    assert loss.regularization_loss(layer) == regularization  # chapters 14-17's form


def test_a_binary_model_with_one_dimensional_labels_is_told_rather_than_broadcast() -> None:
    np.random.seed(0)
    model = Model()
    for layer in (Layer_Dense(2, 4), Activation_ReLU(), Layer_Dense(4, 1), Activation_Sigmoid()):
        model.add(layer)
    model.set(loss=Loss_BinaryCrossentropy(), optimizer=Optimizer_Adam(), accuracy=Accuracy_Categorical(binary=True))
    model.finalize()
    X = np.random.randn(6, 2)
    y = np.array([0, 1, 0, 1, 1, 0])
    predictions = model.output_layer_activation.predictions(model.predict(X))
    assert predictions.shape == (6, 1)
    # y of shape (6,) against predictions (6, 1) is compared sample by sample, not 6 x 6
    assert model.accuracy.calculate(predictions, y) == np.mean(predictions[:, 0] == y)


def test_using_a_model_before_finalize_says_what_to_do() -> None:
    model = Model()
    model.add(Layer_Dense(2, 3))
    with pytest.raises(RuntimeError, match=r"call finalize\(\)"):
        model.predict(np.zeros((1, 2)))
    model.finalize()
    with pytest.raises(RuntimeError, match=r"the model has no loss or optimizer or accuracy: give it with model.set\(loss=...\)"):
        model.train(np.zeros((1, 2)), np.zeros(1, dtype=int))


def test_star_import_gives_the_books_names() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from engine.book import *\n"
        "names = sorted(n for n in dir() if not n.startswith('_') and n != 'sys')\n"
        "print(','.join(names))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    names = result.stdout.split("\n")[0]
    assert names.split(",") == sorted([
        "Accuracy", "Accuracy_Categorical", "Accuracy_Regression", "Activation_Linear", "Activation_ReLU",
        "Activation_Sigmoid", "Activation_Softmax", "Activation_Softmax_Loss_CategoricalCrossentropy", "BookFileError",
        "Layer_Dense", "Layer_Dropout", "Layer_Input", "Loss", "Loss_BinaryCrossentropy", "Loss_CategoricalCrossentropy",
        "Loss_MeanAbsoluteError", "Loss_MeanSquaredError", "Model", "Optimizer_Adagrad", "Optimizer_Adam",
        "Optimizer_RMSprop", "Optimizer_SGD",
    ])
