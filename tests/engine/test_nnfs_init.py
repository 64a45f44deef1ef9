"""Issue 8, section 10: nnwb's classes follow ``nnfs.init()`` when a learner has called it.

The book's scripts start with ``nnfs.init()``, which patches NumPy for the whole process
(float32 by default, its own np.dot). A learner who pastes one and swaps in nnwb's classes
must get the book's numbers. nnfs.init() is never called in the pytest process: each run is
a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

# Chapter 10's final script (nnfs.io, Ch10_Final.py), cut to its Adam run, with a switch:
# the book's Layer_Dense, ReLU and fused softmax/loss, or nnwb's.
CHAPTER_10 = r'''
import sys
import numpy as np
import nnfs
from nnfs.datasets import spiral_data

nnfs.init()
mode, out, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3])

# The book's classes, written once for the project (benchmarks/book_style.py); nnfs.init()
# has patched NumPy, which they call through ``np.``, as the book's own classes do.
sys.path.insert(0, "benchmarks")
from book_style import (  # noqa: E402
    Activation_ReLU,
    Activation_Softmax_Loss_CategoricalCrossentropy,
    Layer_Dense,
    Optimizer_Adam,
    book_epoch,
)

if mode == "nnwb":
    from engine import Dense as Layer_Dense  # noqa: F811
    from engine import ReLU as Activation_ReLU  # noqa: F811
    from engine import SoftmaxCategoricalCrossentropy as Activation_Softmax_Loss_CategoricalCrossentropy  # noqa: F811

X, y = spiral_data(samples=100, classes=3)
dense1 = Layer_Dense(2, 64)
activation1 = Activation_ReLU()
dense2 = Layer_Dense(64, 3)
loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)
losses = []
for epoch in range(epochs):
    losses.append(book_epoch(X, y, dense1, activation1, dense2, loss_activation, optimizer)[0])
np.savez(out, losses=np.array(losses), w1=dense1.weights, b1=dense1.biases, w2=dense2.weights, b2=dense2.biases)
'''

EPOCHS = 301
ROOT = Path(__file__).resolve().parents[2]


def _run(mode: str, tmp_path: Path) -> dict[str, np.ndarray]:
    out = tmp_path / f"{mode}.npz"
    subprocess.run([sys.executable, "-c", CHAPTER_10, mode, str(out), str(EPOCHS)], check=True, cwd=ROOT)
    with np.load(out) as data:
        return {name: data[name] for name in data.files}


def test_the_books_chapter_10_script_with_nnwbs_classes_prints_the_books_numbers(tmp_path: Path) -> None:
    book, ours = _run("book", tmp_path), _run("nnwb", tmp_path)
    for name in ("w1", "b1", "w2", "b2"):
        assert book[name].dtype == np.float32, name
        assert ours[name].dtype == np.float32, name  # float32, as nnfs.init() made the book's
        assert np.array_equal(ours[name], book[name]), name  # to the last bit
    assert np.array_equal(ours["losses"], book["losses"])
    assert ours["losses"][-1] < ours["losses"][0]  # and it did train


FOLLOWS = r'''
import json
import numpy as np, nnfs
from engine import Dense, Network
from engine.precision import default_dtype, nnfs_initialised
before = (nnfs_initialised(), Dense(2, 3).weights.dtype.name)
nnfs.init()
after = (nnfs_initialised(), Dense(2, 3).weights.dtype.name, Dense(2, 3).biases.dtype.name,
         Network.from_sizes([2, 4, 3]).steps[1].dense.weights.dtype.name,
         Dense(2, 3, dtype=np.float64).weights.dtype.name)
print(json.dumps([before, after]))
'''


def test_the_classes_follow_nnfs_init_once_it_has_run() -> None:
    result = subprocess.run(
        [sys.executable, "-c", FOLLOWS], check=True, cwd=ROOT, capture_output=True, text=True
    )
    before, after = json.loads(result.stdout)
    assert before == [False, "float64"]
    # After nnfs.init(): float32 by default, as the book's layers; an explicit dtype still wins.
    assert after == [True, "float32", "float32", "float32", "float64"]


# Chapters 15 and 17 hand float32 layers float64 arrays: the dropout mask, and sine_data
# (np.arange, which nnfs.init() does not patch). nnfs's dot returns float32 whatever it is
# given; nnwb's classes must compute the same, or the runs part from the first epoch.
FLOAT64_INTO_NNFS = r'''
import sys
import numpy as np
import nnfs
from nnfs.datasets import sine_data, spiral_data

nnfs.init()
mode, out, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, "benchmarks")
from book_style import *  # the book's classes, as a learner's script imports them

if mode == "nnwb":
    from engine import Adam as Optimizer_Adam  # noqa: F811
    from engine import Dense, Dropout as Layer_Dropout, Linear as Activation_Linear  # noqa: F811
    from engine import MeanSquaredError as Loss_MeanSquaredError, ReLU as Activation_ReLU  # noqa: F811
    from engine import SoftmaxCategoricalCrossentropy as Activation_Softmax_Loss_CategoricalCrossentropy  # noqa: F811

    def Layer_Dense(n_inputs, n_neurons, weight_scale=0.01):  # noqa: F811
        return Dense(n_inputs, n_neurons, weight_scale=weight_scale)

record = {}

# Chapter 17: sine_data (float64) through Dense(1, 64) ReLU Dense(64, 64) ReLU Dense(64, 1), MSE, Adam.
X, y = sine_data()
dense1, dense2, dense3 = (Layer_Dense(1, 64, weight_scale=0.1), Layer_Dense(64, 64, weight_scale=0.1),
                          Layer_Dense(64, 1, weight_scale=0.1))
relu1, relu2, linear, loss_function = Activation_ReLU(), Activation_ReLU(), Activation_Linear(), Loss_MeanSquaredError()
optimizer = Optimizer_Adam(learning_rate=0.005, decay=1e-3)
losses = []
for epoch in range(epochs):
    dense1.forward(X); relu1.forward(dense1.output)
    dense2.forward(relu1.output); relu2.forward(dense2.output)
    dense3.forward(relu2.output); linear.forward(dense3.output)
    losses.append(float(loss_function.calculate(linear.output, y)))
    loss_function.backward(linear.output, y); linear.backward(loss_function.dinputs)
    dense3.backward(linear.dinputs); relu2.backward(dense3.dinputs)
    dense2.backward(relu2.dinputs); relu1.backward(dense2.dinputs)
    dense1.backward(relu1.dinputs)
    if epoch == 0:
        record.update(first_output=linear.output, first_dweights=dense1.dweights, first_dbiases=dense3.dbiases)
    optimizer.pre_update_params()
    for layer in (dense1, dense2, dense3):
        optimizer.update_params(layer)
    optimizer.post_update_params()
record.update(sine_losses=np.array(losses), sine_w1=dense1.weights, sine_b3=dense3.biases, sine_w3=dense3.weights)

# Chapter 15: dropout's float64 mask between ReLU and the last layer.
X, y = spiral_data(samples=100, classes=3)
dense1, dense2 = Layer_Dense(2, 64), Layer_Dense(64, 3)
relu1, dropout1 = Activation_ReLU(), Layer_Dropout(0.1)
loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-5)
losses = []
for epoch in range(epochs):
    dense1.forward(X); relu1.forward(dense1.output); dropout1.forward(relu1.output)
    dense2.forward(dropout1.output)
    losses.append(float(loss_activation.forward(dense2.output, y)))
    loss_activation.backward(loss_activation.output, y); dense2.backward(loss_activation.dinputs)
    dropout1.backward(dense2.dinputs); relu1.backward(dropout1.dinputs); dense1.backward(relu1.dinputs)
    optimizer.pre_update_params()
    optimizer.update_params(dense1); optimizer.update_params(dense2)
    optimizer.post_update_params()
record.update(dropout_losses=np.array(losses), dropout_w1=dense1.weights, dropout_w2=dense2.weights,
              dropout_b2=dense2.biases)
np.savez(out, **record)
'''


def test_float64_data_and_masks_into_the_nnfs_mode_give_the_books_numbers(tmp_path: Path) -> None:
    results = {}
    for mode in ("book", "nnwb"):
        out = tmp_path / f"{mode}.npz"
        subprocess.run([sys.executable, "-c", FLOAT64_INTO_NNFS, mode, str(out), "20"], check=True, cwd=ROOT)
        with np.load(out) as data:
            results[mode] = {name: data[name] for name in data.files}
    book, ours = results["book"], results["nnwb"]
    assert book["first_output"].dtype == np.float32 and book["first_dbiases"].dtype == np.float64
    for name in book:
        assert ours[name].dtype == book[name].dtype, name
        assert np.array_equal(ours[name], book[name]), name  # to the last bit
    assert ours["sine_losses"][-1] < ours["sine_losses"][0]
    assert ours["dropout_losses"][-1] < ours["dropout_losses"][0]


def test_matmul_returns_float32_when_either_operand_is_as_nnfss_dot_does() -> None:
    from engine.precision import matmul

    rng = np.random.default_rng(0)
    a32, b64 = rng.standard_normal((5, 3)).astype(np.float32), rng.standard_normal((3, 4))
    for a, b in ((a32, b64), (b64.T, a32.T)):
        result = matmul(a, b)
        assert result.dtype == np.float32
        assert np.array_equal(result, np.dot(a.astype(np.float64), b.astype(np.float64)).astype(np.float32))
    assert matmul(b64.T, b64).dtype == np.float64  # float64 alone stays float64


# Chapter 16's run (spiral_data(100, 2), L2 5e-4, sigmoid and binary cross-entropy, Adam
# decay 5e-7) by the book's loop and by nnwb's Trainer, in the nnfs mode.
CHAPTER_16 = r'''
import sys
import numpy as np
import nnfs
from nnfs.datasets import spiral_data

nnfs.init()
mode, out, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, "benchmarks")
from book_style import (  # noqa: E402
    Activation_ReLU,
    Activation_Sigmoid,
    Layer_Dense,
    Loss_BinaryCrossentropy,
    Optimizer_Adam,
)

X, y = spiral_data(samples=100, classes=2)
y = y.reshape(-1, 1)
if mode == "book":
    dense1 = Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
    dense2 = Layer_Dense(64, 1)
    activation1, activation2, loss_function = Activation_ReLU(), Activation_Sigmoid(), Loss_BinaryCrossentropy()
    optimizer = Optimizer_Adam(decay=5e-7)
    accuracies = []
    for epoch in range(epochs):
        dense1.forward(X); activation1.forward(dense1.output)
        dense2.forward(activation1.output); activation2.forward(dense2.output)
        accuracies.append(np.mean((activation2.output > 0.5) * 1 == y))
        loss_function.backward(activation2.output, y); activation2.backward(loss_function.dinputs)
        dense2.backward(activation2.dinputs); activation1.backward(dense2.dinputs); dense1.backward(activation1.dinputs)
        optimizer.pre_update_params(); optimizer.update_params(dense1); optimizer.update_params(dense2)
        optimizer.post_update_params()
    weights = [dense1.weights, dense1.biases, dense2.weights, dense2.biases]
else:
    from engine import Adam, Dense, Network, ReLU, Sigmoid, Step, Trainer

    network = Network([Step(Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4), ReLU()),
                       Step(Dense(64, 1), Sigmoid())])
    trainer = Trainer(network, X, y, Adam(decay=5e-7))
    accuracies = [stats.accuracy for stats in trainer.train(epochs)]
    weights = [array for pair in trainer.weights() for array in pair]
np.savez(out, accuracies=np.array(accuracies), *weights)
'''


def test_the_trainer_runs_chapter_16_as_the_books_loop_in_the_nnfs_mode(tmp_path: Path) -> None:
    results = {}
    for mode in ("book", "nnwb"):
        out = tmp_path / f"{mode}.npz"
        subprocess.run([sys.executable, "-c", CHAPTER_16, mode, str(out), "300"], check=True, cwd=ROOT)
        with np.load(out) as data:
            results[mode] = {name: data[name] for name in data.files}
    book, ours = results["book"], results["nnwb"]
    assert np.array_equal(ours["accuracies"], book["accuracies"])
    for name in book:
        assert ours[name].dtype == book[name].dtype, name
        assert np.array_equal(ours[name], book[name]), name  # the weights, to the last bit
    assert ours["accuracies"][-1] > ours["accuracies"][0]
