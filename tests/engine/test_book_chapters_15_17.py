"""The Trainer, built as the training view builds it for the ch15/ch17 presets, runs the
book's chapter 15 and 17 loops (Sentdex/nnfs_book, Ch15_Final.py, Ch17_Final.py) to the bit.

The book's code mixes float64 into its float32 (nnfs) run: chapter 15's dropout mask, and
so the values it multiplies, the gradient it passes back and the first layer's bias
gradient and momentums; chapter 17's float64 sine data, its loss gradient and the last
layer's bias momentums. The Trainer keeps those float64 where the book does
(engine/fused.py, Optimizer.update_flat's ``wide``), and reports the book's loss figures.
Each run is a subprocess: the book's side calls nnfs.init(), which patches NumPy for the
whole process; nnwb's side does not, as the app does not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow  # the book's chapters replayed in subprocesses, 300 epochs each

ROOT = Path(__file__).resolve().parents[2]

# The book's classes for chapters 15-17 as its Ch15_Final.py/Ch17_Final.py write them (ReLU,
# the fused softmax/loss and Adam from benchmarks/book_style.py, as the chapter 10 and 16
# tests use them); the loops are the chapters' own, one entry per epoch.
SCRIPT = r'''
import sys
import numpy as np

chapter, mode, data, out, epochs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])

if mode == "book":
    import nnfs
    from nnfs.datasets import sine_data, spiral_data

    nnfs.init()
    sys.path.insert(0, "benchmarks")
    from book_style import Activation_ReLU, Activation_Softmax_Loss_CategoricalCrossentropy, Optimizer_Adam

    class Layer_Dense:
        def __init__(self, n_inputs, n_neurons, weight_regularizer_l2=0, bias_regularizer_l2=0, scale=0.01):
            self.weights = scale * np.random.randn(n_inputs, n_neurons)
            self.biases = np.zeros((1, n_neurons))
            self.weight_regularizer_l2, self.bias_regularizer_l2 = weight_regularizer_l2, bias_regularizer_l2
        def forward(self, inputs):
            self.inputs = inputs
            self.output = np.dot(inputs, self.weights) + self.biases
        def backward(self, dvalues):
            self.dweights = np.dot(self.inputs.T, dvalues)
            self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
            if self.weight_regularizer_l2 > 0:
                self.dweights += 2 * self.weight_regularizer_l2 * self.weights
            if self.bias_regularizer_l2 > 0:
                self.dbiases += 2 * self.bias_regularizer_l2 * self.biases
            self.dinputs = np.dot(dvalues, self.weights.T)

    class Layer_Dropout:
        def __init__(self, rate):
            self.rate = 1 - rate
        def forward(self, inputs):
            self.inputs = inputs
            self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate
            self.output = inputs * self.binary_mask
        def backward(self, dvalues):
            self.dinputs = dvalues * self.binary_mask

    class Activation_Linear:
        def forward(self, inputs):
            self.inputs = inputs
            self.output = inputs
        def backward(self, dvalues):
            self.dinputs = dvalues.copy()

    def regularization_loss(layer):
        regularization_loss = 0
        if layer.weight_regularizer_l2 > 0:
            regularization_loss += layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)
        if layer.bias_regularizer_l2 > 0:
            regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)
        return regularization_loss

    class Loss_MeanSquaredError:
        def calculate(self, output, y):
            return np.mean(self.forward(output, y))
        def forward(self, y_pred, y_true):
            return np.mean((y_true - y_pred)**2, axis=-1)
        def backward(self, dvalues, y_true):
            samples, outputs = len(dvalues), len(dvalues[0])
            self.dinputs = -2 * (y_true - dvalues) / outputs
            self.dinputs = self.dinputs / samples

    losses, accuracies = [], []
    if chapter == "ch15-dropout":
        X, y = spiral_data(samples=1000, classes=3)
        dense1 = Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
        activation1, dropout1, dense2 = Activation_ReLU(), Layer_Dropout(0.1), Layer_Dense(64, 3)
        loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
        optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-5)
        for epoch in range(epochs):
            dense1.forward(X); activation1.forward(dense1.output); dropout1.forward(activation1.output)
            dense2.forward(dropout1.output)
            data_loss = loss_activation.forward(dense2.output, y)
            losses.append(data_loss + regularization_loss(dense1) + regularization_loss(dense2))
            accuracies.append(np.mean(np.argmax(loss_activation.output, axis=1) == y))
            loss_activation.backward(loss_activation.output, y); dense2.backward(loss_activation.dinputs)
            dropout1.backward(dense2.dinputs); activation1.backward(dropout1.dinputs); dense1.backward(activation1.dinputs)
            optimizer.pre_update_params(); optimizer.update_params(dense1); optimizer.update_params(dense2)
            optimizer.post_update_params()
        layers = [dense1, dense2]
    else:
        X, y = sine_data()
        if data == "float32":  # the preset's data: the book's values, held in float32
            X, y = X.astype(np.float32), y.astype(np.float32)
        dense1, dense2, dense3 = Layer_Dense(1, 64, scale=0.1), Layer_Dense(64, 64, scale=0.1), Layer_Dense(64, 1, scale=0.1)
        activation1, activation2, activation3 = Activation_ReLU(), Activation_ReLU(), Activation_Linear()
        loss_function = Loss_MeanSquaredError()
        optimizer = Optimizer_Adam(learning_rate=0.005, decay=1e-3)
        accuracy_precision = np.std(y) / 250
        for epoch in range(epochs):
            dense1.forward(X); activation1.forward(dense1.output); dense2.forward(activation1.output)
            activation2.forward(dense2.output); dense3.forward(activation2.output); activation3.forward(dense3.output)
            data_loss = loss_function.calculate(activation3.output, y)
            losses.append(data_loss + regularization_loss(dense1) + regularization_loss(dense2) + regularization_loss(dense3))
            accuracies.append(np.mean(np.absolute(activation3.output - y) < accuracy_precision))
            loss_function.backward(activation3.output, y); activation3.backward(loss_function.dinputs)
            dense3.backward(activation3.dinputs); activation2.backward(dense3.dinputs); dense2.backward(activation2.dinputs)
            activation1.backward(dense2.dinputs); dense1.backward(activation1.dinputs)
            optimizer.pre_update_params(); optimizer.update_params(dense1); optimizer.update_params(dense2)
            optimizer.update_params(dense3); optimizer.post_update_params()
        layers = [dense1, dense2, dense3]
    weights = [array for layer in layers for array in (layer.weights, layer.biases)]
else:
    sys.path.insert(0, ".")
    from engine import Trainer
    from engine.datasets import load_preset
    from engine.optimizers import optimizer_named

    # As the training view builds it (tui/screens/training.py): the preset, its training
    # hints, full batch, no validation, seed 0.
    example = load_preset(chapter)
    hints = example.training
    X, y = example.inputs, example.labels
    if data == "float64":  # the book's own sine_data, float64, beside the float32 layers
        from nnfs.datasets import sine_data
        X, y = sine_data()
    optimizer = optimizer_named(hints.optimizer, learning_rate=hints.learning_rate, decay=hints.decay)
    trainer = Trainer(example.network, X, y, optimizer, None, 0.0, 0, loss=hints.loss)
    history = list(trainer.train(epochs))
    losses = [stats.loss for stats in history]
    accuracies = [stats.accuracy for stats in history]
    weights = [array for pair in trainer.weights() for array in pair]
np.savez(out, losses=np.array([float(loss) for loss in losses]), accuracies=np.array(accuracies), *weights)
'''


def _run(chapter: str, mode: str, data: str, out: Path, epochs: int) -> dict[str, np.ndarray]:
    subprocess.run([sys.executable, "-c", SCRIPT, chapter, mode, data, str(out), str(epochs)], check=True, cwd=ROOT)
    with np.load(out) as saved:
        return {name: saved[name] for name in saved.files}


@pytest.mark.parametrize(
    ("chapter", "data", "epochs"),
    [
        ("ch15-dropout", "preset", 300),  # the preset's spiral data is the book's
        ("ch17-regression", "float32", 300),  # the preset's sine data, float32
        ("ch17-regression", "float64", 300),  # the book's own float64 sine data
    ],
)
def test_the_trainer_runs_the_books_chapter_to_the_bit_in_the_nnfs_mode(
    chapter: str, data: str, epochs: int, tmp_path: Path
) -> None:
    book = _run(chapter, "book", data, tmp_path / "book.npz", epochs)
    ours = _run(chapter, "nnwb", data, tmp_path / "nnwb.npz", epochs)
    assert np.array_equal(ours["accuracies"], book["accuracies"])
    assert np.array_equal(ours["losses"], book["losses"])  # the book's float32 (or float64) figures
    for name in book:
        assert ours[name].dtype == book[name].dtype, name
        assert np.array_equal(ours[name], book[name]), name  # the weights, to the last bit
    assert ours["accuracies"][-1] > ours["accuracies"][0]
    assert ours["losses"][-1] < ours["losses"][0]
