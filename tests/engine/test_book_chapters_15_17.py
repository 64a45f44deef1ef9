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

# The book's classes for chapters 15-17 as its Ch15_Final.py/Ch17_Final.py write them (the
# project's one copy, the benchmarks' book_style, as the chapter 10 and 16 tests use it); the
# loops are the chapters' own, one entry per epoch.
SCRIPT = r'''
import sys
import numpy as np

chapter, mode, data, out, epochs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])

if mode == "book":
    import nnfs
    from nnfs.datasets import sine_data, spiral_data

    nnfs.init()
    sys.path.insert(0, "benchmarks")
    from book_style import *  # the book's classes, as a learner's script imports them

    losses, accuracies = [], []
    if chapter == "ch15-dropout":
        X, y = spiral_data(samples=1000, classes=3)
        dense1 = Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
        activation1, dropout1, dense2 = Activation_ReLU(), Layer_Dropout(0.1), Layer_Dense(64, 3)
        loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
        optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-5)
        regularization = loss_activation.loss.regularization_loss
        for epoch in range(epochs):
            dense1.forward(X); activation1.forward(dense1.output); dropout1.forward(activation1.output)
            dense2.forward(dropout1.output)
            data_loss = loss_activation.forward(dense2.output, y)
            losses.append(data_loss + regularization(dense1) + regularization(dense2))
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
        dense1, dense2, dense3 = (Layer_Dense(1, 64, weight_scale=0.1), Layer_Dense(64, 64, weight_scale=0.1),
                                  Layer_Dense(64, 1, weight_scale=0.1))
        activation1, activation2, activation3 = Activation_ReLU(), Activation_ReLU(), Activation_Linear()
        loss_function = Loss_MeanSquaredError()
        optimizer = Optimizer_Adam(learning_rate=0.005, decay=1e-3)
        accuracy_precision = np.std(y) / 250
        regularization = loss_function.regularization_loss
        for epoch in range(epochs):
            dense1.forward(X); activation1.forward(dense1.output); dense2.forward(activation1.output)
            activation2.forward(dense2.output); dense3.forward(activation2.output); activation3.forward(dense3.output)
            data_loss = loss_function.calculate(activation3.output, y)
            losses.append(data_loss + regularization(dense1) + regularization(dense2) + regularization(dense3))
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
