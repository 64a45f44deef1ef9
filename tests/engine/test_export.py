"""Export to NumPy code: the script, run with plain python, prints the engine's numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import PRESETS, Adam, Network, ReLU, Trace, Trainer, load_preset, spiral_data
from engine.export import ExportRefused, GeneratedData, array_code, numpy_script
from engine.precision import NNFS_DTYPE

SHAPE_MISTAKES = {"transpose-mistake"}


def run_script(text: str, folder: Path) -> str:
    """Run the script as a learner would, ``python network.py``, in a folder of its own."""
    path = folder / "network.py"
    path.write_text(text)
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, cwd=folder, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def expected_printout(trace: Trace, dtype: np.dtype) -> str:
    """What the book's prints give for the engine's numbers: NumPy's text of the output,
    then ``loss:`` (in the number mode's own float) and ``acc:`` when they are scored."""
    lines = [str(trace.output)]
    if trace.loss is not None:
        # In the dtype the loss was computed in (int64 labels widen a float32 binary loss to float64)
        computed = trace.sample_losses.dtype if trace.sample_losses is not None else np.dtype(dtype)
        lines.append("loss: " + str(computed.type(trace.loss)))  # print uses str, as the script's print
    if trace.accuracy is not None:
        lines.append("acc: " + str(np.float64(trace.accuracy)))
    return "\n".join(lines) + "\n"


def export(network: Network, inputs: np.ndarray, labels: np.ndarray | None, dtype: np.dtype, **kwargs: object) -> str:
    return numpy_script(network, inputs, labels, np.dtype(dtype) == NNFS_DTYPE, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", [name for name in PRESETS if name not in SHAPE_MISTAKES])
def test_the_script_of_every_preset_prints_the_engines_numbers(name: str, tmp_path: Path) -> None:
    example = load_preset(name)
    trace = example.network.forward_trace(example.inputs, example.labels)
    script = export(example.network, example.inputs, example.labels, example.dtype, title=PRESETS[name].title)

    assert run_script(script, tmp_path) == expected_printout(trace, example.dtype)


def test_the_spiral_preset_is_written_as_the_books_code() -> None:
    example = load_preset("spiral")
    script = export(example.network, example.inputs, example.labels, example.dtype)

    for line in ["import nnfs", "from nnfs.datasets import spiral_data", "nnfs.init()",
                 "X, y = spiral_data(samples=100, classes=3)", "class Layer_Dense:", "class Activation_ReLU:",
                 "class Activation_Softmax:", "class Loss:", "class Loss_CategoricalCrossentropy(Loss):",
                 "dense1.forward(X)", "activation1.forward(dense1.output)", "print('loss:', loss)",
                 "print('acc:', accuracy)"]:
        assert line in script
    assert "np.random.seed" not in script  # nnfs.init() seeds with 0 itself


def test_a_float64_network_imports_numpy_only() -> None:
    example = load_preset("two-layers")
    script = export(example.network, example.inputs, example.labels, example.dtype)

    assert "nnfs" not in script
    assert "Activation_ReLU()" not in script  # linear layers have no activation object
    assert "dense2.forward(dense1.output)" in script


def test_a_trained_network_prints_the_engines_numbers(tmp_path: Path) -> None:
    example = load_preset("spiral")  # float32, the nnfs mode
    trainer = Trainer(example.network, example.inputs, example.labels, Adam(learning_rate=0.05))
    for _ in trainer.train(20):
        pass
    trace = example.network.forward_trace(example.inputs, example.labels)
    assert trace.loss is not None and trace.loss < 1.09  # it did learn: the weights are no longer drawn ones
    script = export(example.network, example.inputs, example.labels, example.dtype)

    assert run_script(script, tmp_path) == expected_printout(trace, example.dtype)


def test_generated_data_with_its_seed_is_written_as_the_call(tmp_path: Path) -> None:
    np.random.seed(7)
    X, y = spiral_data(20, 2)
    network = Network.from_sizes([2, 4, 2], ["relu", "softmax"], 0.5)
    trace = network.forward_trace(X, y)
    script = export(network, X, y, np.float64, data=GeneratedData("spiral", 20, 2, 7))

    assert "np.random.seed(7)\n" in script and "X, y = spiral_data(samples=20, classes=2)" in script
    assert "import nnfs\n" not in script and "nnfs.init()" not in script  # float64: NumPy as it is
    assert run_script(script, tmp_path) == expected_printout(trace, np.float64)


def test_edited_data_is_written_as_arrays() -> None:
    example = load_preset("spiral")
    example.inputs[0, 0] = 0.5
    script = export(example.network, example.inputs, example.labels, example.dtype,
                    data=GeneratedData("spiral", 100, 3, 0))

    assert "spiral_data(" not in script and "X = np.array([" in script and "nnfs.init()" in script


def test_a_shape_error_is_refused_with_the_engines_explanation() -> None:
    example = load_preset("transpose-mistake")
    error = example.network.forward_trace(example.inputs).error
    assert error is not None

    with pytest.raises(ExportRefused) as refused:
        export(example.network, example.inputs, example.labels, example.dtype)

    assert str(error) in str(refused.value)


def test_labels_without_a_softmax_print_accuracy_only(tmp_path: Path) -> None:
    example = load_preset("batch")
    # A ReLU output: no loss (a linear one is scored by mean squared error since issue 11).
    example.network.steps[-1].activation = ReLU()
    labels = np.array([0, 1, 0])
    trace = example.network.forward_trace(example.inputs, labels)
    script = export(example.network, example.inputs, labels, example.dtype)

    printout = run_script(script, tmp_path)
    assert printout == expected_printout(trace, example.dtype)
    assert "loss:" not in printout and "acc: " in printout


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_arrays_read_back_bit_identical(dtype: type) -> None:
    rng = np.random.default_rng(0)
    values = np.concatenate([rng.standard_normal(2000) * 10.0 ** rng.integers(-30, 30, 2000),
                             [0.0, -0.0, 0.1, 1e-45, 3.4e38]]).astype(dtype).reshape(-1, 5)

    again = eval(array_code(values), {"np": np})  # the exporter's own output, in a test

    assert again.dtype == values.dtype
    assert again.tobytes() == values.tobytes()


def test_the_chapter_16_script_is_the_books_sigmoid_and_binary_loss(tmp_path: Path) -> None:
    example = load_preset("ch16-binary")
    trace = example.network.forward_trace(example.inputs, example.labels)
    script = export(example.network, example.inputs, example.labels, example.dtype)

    for line in ["X, y = spiral_data(samples=100, classes=2)", "y = y.reshape(-1, 1)", "class Activation_Sigmoid:",
                 "activation2 = Activation_Sigmoid()", "class Loss_BinaryCrossentropy(Loss):",
                 "loss_function = Loss_BinaryCrossentropy()", "predictions = (activation2.output > 0.5) * 1"]:
        assert line in script
    assert "Layer_Dropout" not in script and "Loss_MeanSquaredError" not in script  # only what the network uses
    assert "Activation_Softmax" not in script and "Loss_CategoricalCrossentropy" not in script
    assert "# Layer 2: 64 inputs, 1 neuron, then sigmoid" in script
    assert "\n\n\n\n" not in script.split("np.random.seed")[0]  # two blank lines between classes, as PEP 8
    assert run_script(script, tmp_path) == expected_printout(trace, example.dtype)


def test_dropout_is_written_as_the_books_layer_and_left_out_of_the_pass(tmp_path: Path) -> None:
    example = load_preset("ch15-dropout")
    script = export(example.network, example.inputs, example.labels, example.dtype)

    assert "class Layer_Dropout:" in script and "dropout1 = Layer_Dropout(0.1)" in script
    assert "dropout1.forward" not in script and "dense2.forward(activation1.output)" in script
    # The pass without dropout is the workbench's: the same numbers (checked for every preset above).
    trace = example.network.forward_trace(example.inputs, example.labels)
    assert run_script(script, tmp_path) == expected_printout(trace, example.dtype)


@pytest.mark.parametrize(("choice", "loss_class"), [(None, "Loss_MeanSquaredError"), ("mse", "Loss_MeanSquaredError"),
                                                    ("mae", "Loss_MeanAbsoluteError")])
def test_a_regression_script_prints_the_chosen_loss_and_the_books_accuracy(choice: str | None, loss_class: str,
                                                                           tmp_path: Path) -> None:
    example = load_preset("ch17-regression")
    example.network.steps[0].dense.biases[0, :] = 0.3  # not only zeros: a curve that is not flat at 0
    trace = example.network.forward_trace(example.inputs, example.labels, loss=choice)
    script = export(example.network, example.inputs, example.labels, example.dtype, loss=choice)

    assert f"loss_function = {loss_class}()" in script and f"class {loss_class}(Loss):" in script
    assert "accuracy_precision = np.std(y) / 250" in script and "y = np.array([" in script
    assert trace.accuracy is not None and trace.loss is not None
    assert run_script(script, tmp_path) == expected_printout(trace, example.dtype)


def test_float64_targets_are_written_and_scored_as_float64(tmp_path: Path) -> None:
    network = Network.from_sizes([2, 3, 1], ["relu", "linear"], 0.5)
    X = np.array([[0.1, 0.2], [0.3, -0.4], [1.5, 2.5]])
    y = np.array([0.25, -1.0, 3.0])
    trace = network.forward_trace(X, y, loss="mae")
    script = export(network, X, y, np.float64, loss="mae")

    assert "y = np.array([0.25, -1.0, 3.0])" in script
    assert trace.loss_name == "mean absolute error"
    assert run_script(script, tmp_path) == expected_printout(trace, np.float64)
