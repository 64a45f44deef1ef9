"""Issue 20, from an attack: where engine.book's names parted from the book's classes in a
notebook, outside what the REPL transcripts (tests/book/repl) show.

``nnfs.init()`` in its other forms (``dot_precision_workaround=False``,
``default_dtype="float64"``) with float64 arrays typed in: a process each, against the
book-style layer of ``book_layers`` (the book's formulas, written for nnwb's tests). Then
what a refusal says and keeps: saving a model of the book's own classes, a layer above the
size limit, a combined backward with a label out of range; and the learning rate as given
through a save and a load.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import engine.layer_checks
from engine.book import (
    Accuracy_Categorical,
    Activation_ReLU,
    Activation_Softmax,
    Activation_Softmax_Loss_CategoricalCrossentropy,
    Layer_Dense,
    Loss_CategoricalCrossentropy,
    Model,
    Optimizer_SGD,
)

HERE = Path(__file__).resolve().parent

# One dense layer of each side, the same float64 weights, biases, inputs and gradients typed
# in, after the given nnfs.init(...): prints whether every array and dtype is the same.
LAYER_BOTH_SIDES = r"""
import sys
import nnfs
import numpy as np
nnfs.init({init})
sys.path.insert(0, {here!r})
import book_layers
from engine.book import Layer_Dense

inputs = np.array([[1, 2, 3, 2.5], [2., 5., -1., 2], [-1.5, 2.7, 3.3, -0.8]])
weights = np.array([[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]).T
results = []
for layer in (book_layers.Layer_Dense(4, 3), Layer_Dense(4, 3)):
    layer.weights, layer.biases = weights.copy(), np.array([[2, 3, 0.5]])
    layer.forward(inputs)
    layer.backward(np.array([[1., 1., 1.], [2., 2., 2.], [3., 3., 3.]]) / 7)
    results.append([layer.output, layer.dweights, layer.dbiases, layer.dinputs])
print(all(a.dtype == b.dtype and a.tobytes() == b.tobytes() for a, b in zip(*results)), [a.dtype.name for a in results[1]])
"""


@pytest.mark.parametrize("init", ["", "dot_precision_workaround=False", 'default_dtype="float64"'])
def test_float64_arrays_typed_in_after_any_nnfs_init_give_the_book_style_layers_bits(init: str) -> None:
    script = LAYER_BOTH_SIDES.format(init=init, here=str(HERE))
    environment = {**os.environ, "PYTHONPATH": str(HERE.parents[1]), "OPENBLAS_NUM_THREADS": "1"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment, timeout=60)
    assert result.returncode == 0, result.stderr
    same, dtypes = result.stdout.split(" ", 1)
    assert same == "True", f"nnfs.init({init}): {result.stdout}"
    # nnfs's dot answers float32 whatever it is given; the float64 biases widen the output.
    assert dtypes.strip() == "['float64', 'float32', 'float64', 'float32']"


class Layer_Dense_Of_The_Book:  # what a notebook holds after running the book's class cell
    def __init__(self) -> None:
        self.weights = np.zeros((2, 3))
        self.biases = np.zeros((1, 3))

    def forward(self, inputs: np.ndarray, training: bool) -> None:
        self.output = inputs @ self.weights + self.biases


Layer_Dense_Of_The_Book.__name__ = "Layer_Dense"


def test_saving_a_model_of_the_books_own_layer_says_which_and_what_saves_it(tmp_path: Path) -> None:
    model = Model()
    model.add(Layer_Dense_Of_The_Book())
    model.add(Activation_ReLU())
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_SGD(), accuracy=Accuracy_Categorical())
    model.finalize()
    with pytest.raises(ValueError) as refused:
        model.save(tmp_path / "m.model")
    message = str(refused.value)
    assert message.startswith(f"layer 1 is the book's own Layer_Dense (defined in {__name__}), not engine.book's:")
    assert "Model.save writes only engine.book's own classes (from engine.book import *)" in message
    assert "save_parameters()" in message
    assert not (tmp_path / "m.model").exists()


def test_a_layer_above_the_size_limit_is_told_a_keyword_that_layer_dense_takes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine.layer_checks, "MAX_WEIGHTS", 100)
    with pytest.raises(ValueError, match=r"pass max_weights=200 to Layer_Dense\.$"):
        Layer_Dense(20, 10)
    assert Layer_Dense(20, 10, max_weights=200).weights.shape == (20, 10)


@pytest.mark.parametrize("labels", [[0, 3], [-1, 1], [0.5, 1.0], [0, 1, 2]])
def test_a_refused_combined_backward_keeps_the_last_dinputs(labels: list[float]) -> None:
    step = Activation_Softmax_Loss_CategoricalCrossentropy()
    predictions = np.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4]])
    step.backward(predictions, np.array([0, 1]))
    before = step.dinputs.copy()
    with pytest.raises(ValueError):
        step.backward(predictions, np.array(labels))
    assert np.array_equal(step.dinputs, before)


def test_a_learning_rate_given_as_1_prints_and_loads_as_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    np.random.seed(0)
    model = Model()
    model.add(Layer_Dense(2, 3))
    model.add(Activation_Softmax())
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_SGD(learning_rate=1), accuracy=Accuracy_Categorical())
    model.finalize()
    model.train(np.random.randn(6, 2), np.array([0, 1, 2, 0, 1, 2]), epochs=1)
    assert capsys.readouterr().out.endswith("lr: 1\n")
    model.save(tmp_path / "m.model")
    loaded = Model.load(tmp_path / "m.model")
    assert (loaded.optimizer.learning_rate, loaded.optimizer.current_learning_rate) == (1, 1)
    assert type(loaded.optimizer.current_learning_rate) is int


def test_cells_run_out_of_order_fail_as_the_books_naming_the_missing_attribute(tmp_path: Path) -> None:
    dense1, activation1, dense2 = Layer_Dense(2, 3), Activation_ReLU(), Layer_Dense(3, 3)
    combined = Activation_Softmax_Loss_CategoricalCrossentropy()
    statements = [
        (lambda: dense2.forward(activation1.output), "'Activation_ReLU' object has no attribute 'output'"),
        (lambda: dense2.forward(dense1.output), "'Layer_Dense' object has no attribute 'output'"),
        (lambda: activation1.backward(dense2.dinputs), "'Layer_Dense' object has no attribute 'dinputs'"),
        (
            lambda: combined.backward(combined.output, np.array([0])),
            "'Activation_Softmax_Loss_CategoricalCrossentropy' object has no attribute 'output'",
        ),
        (lambda: Optimizer_SGD().update_params(dense1), "'Layer_Dense' object has no attribute 'dweights'"),
    ]
    for statement, message in statements:
        with pytest.raises(AttributeError) as missing:
            statement()
        assert str(missing.value) == message
    assert not any(hasattr(dense1, name) for name in ("inputs", "output", "dweights", "dbiases", "dinputs"))
    model = Model()
    model.add(dense1)
    model.add(Activation_Softmax())
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_SGD(), accuracy=Accuracy_Categorical())
    model.finalize()
    model.save(tmp_path / "m.model")
    loaded = Model.load(tmp_path / "m.model")
    assert not any(hasattr(layer, "output") or hasattr(layer, "dweights") for layer in loaded.layers)
    dense1.forward(np.ones((1, 2)))
    assert dense1.output.shape == (1, 3)


def test_regularisation_strengths_keep_their_type_and_value_through_save_and_load(tmp_path: Path) -> None:
    model = Model()
    model.add(Layer_Dense(2, 3, True, np.float32(5e-4)))
    model.add(Activation_Softmax())
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_SGD(), accuracy=Accuracy_Categorical())
    model.finalize()
    layer = model.layers[0]
    assert layer.weight_regularizer_l1 is True and type(layer.weight_regularizer_l2) is np.float32
    model.save(tmp_path / "m.model")
    loaded = Model.load(tmp_path / "m.model").layers[0]
    assert loaded.weight_regularizer_l1 is True
    # JSON has no float32: the value comes back as the Python float that rounds to it.
    assert np.float32(loaded.weight_regularizer_l2) == np.float32(5e-4)
