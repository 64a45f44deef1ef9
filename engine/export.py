"""A network as a standalone Python file in the notes' own style: export to NumPy code.

``numpy_script`` writes the book's classes that the network uses (``Layer_Dense``, and
as needed ``Activation_ReLU``, ``Activation_Softmax``, ``Loss`` and
``Loss_CategoricalCrossentropy``, with their ``forward(inputs)`` and ``output``; chapters
15-17's ``Layer_Dropout``, ``Activation_Sigmoid``, ``Loss_BinaryCrossentropy``,
``Loss_MeanSquaredError`` and ``Loss_MeanAbsoluteError``), then the network's own weights,
biases and batch as arrays, then the forward pass. Run with plain ``python`` it prints the
final output, then ``loss:`` and ``acc:`` as the book's code does (the book's binary and
regression accuracies for sigmoid and linear outputs), with the numbers the workbench shows:

* every array is written so that it reads back bit-identical (float64 by ``repr``; a
  float32 by its shortest digits when they read back to the same float32 through a
  float64, else by the float64 that holds it exactly);
* the script computes as the engine does: the same operations in the same order, and in
  the nnfs mode ``nnfs.init()``, whose float64 ``np.dot`` is what ``engine.precision``
  reproduces;
* spiral or vertical data that is exactly what ``nnfs.datasets`` makes (after the seed)
  is written as that call; edited data is written as arrays;
* a layer's dropout is written as the book's ``Layer_Dropout``, made but not used: the
  workbench shows the pass without dropout (as the book's model does when it is not
  training), and the script computes that same pass.

A network with a shape error is refused (``ExportRefused``, the engine's explanation):
NumPy would raise at some mistakes but silently broadcast others (biases of one column, a
negative label), so a script could not be trusted to fail where the workbench does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from engine.activations import Linear, ReLU, Sigmoid, Softmax
from engine.export_backward import backward_lines, regularized, regularizer_arguments, with_backward
from engine.network import Network, Trace
from engine.numbers import exact_number, plural

DATA_KINDS = ("spiral", "vertical")


class ExportRefused(ValueError):
    """This network cannot be written as a script that computes what the workbench shows."""


class GeneratedData(NamedTuple):
    """``np.random.seed(seed)`` then ``nnfs.datasets.<kind>_data(samples, classes)``."""

    kind: str  # "spiral" or "vertical"
    samples: int  # per class
    classes: int
    seed: int = 0


_HEADER = '''"""{title}

Exported from nnwb, in the style of Neural Networks from Scratch. Run it with
`python {filename}`: it prints the final output{scores}.
"""
'''

# The book's classes, each written only when the network uses it (a script reads as its network).
_DENSE = '''

# Dense layer
class Layer_Dense:

    # Layer initialization: small random weights, biases at zero
    # (the exported layers below replace both with the workbench's numbers)
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    # Forward pass: each sample's inputs weighed by every neuron, plus its bias
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases
'''

_RELU = '''

# ReLU activation
class Activation_ReLU:

    # Forward pass: negative values become 0
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)
'''

_SOFTMAX = '''

# Softmax activation
class Activation_Softmax:

    # Forward pass: exponentiate (after subtracting each row's largest
    # value, so nothing overflows), then normalize each row to sum to 1
    def forward(self, inputs):
        self.inputs = inputs
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        probabilities = exp_values / np.sum(exp_values, axis=1, keepdims=True)
        self.output = probabilities
'''

_LOSS = '''

# Common loss class
class Loss:

    # The mean of the sample losses
    def calculate(self, output, y):
        sample_losses = self.forward(output, y)
        data_loss = np.mean(sample_losses)
        return data_loss
'''

_CATEGORICAL = '''

# Cross-entropy loss
class Loss_CategoricalCrossentropy(Loss):

    # Forward pass: minus the log of the confidence in each sample's true class
    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        # Clipped on both sides: log(0) is infinite
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        # Class indices
        if len(y_true.shape) == 1:
            correct_confidences = y_pred_clipped[range(samples), y_true]
        # One-hot rows
        elif len(y_true.shape) == 2:
            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)
        negative_log_likelihoods = -np.log(correct_confidences)
        return negative_log_likelihoods
'''

_SIGMOID = '''

# Sigmoid activation
class Activation_Sigmoid:

    # Forward pass: each value on its own squeezed between 0 and 1
    def forward(self, inputs):
        self.inputs = inputs
        self.output = 1 / (1 + np.exp(-inputs))
'''

_DROPOUT = '''

# Dropout (used while training only: this script runs the pass without it)
class Layer_Dropout:

    # Store the share of values to keep: a rate of 0.1 keeps 0.9
    def __init__(self, rate):
        self.rate = 1 - rate

    # Forward pass: zero a random share of values, scale the rest up to make up for them
    def forward(self, inputs):
        self.inputs = inputs
        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate
        self.output = inputs * self.binary_mask
'''

# Each column loss, by the name the engine gives it (Trace.loss_name).
_COLUMN_LOSSES = {
    "binary cross-entropy": ("Loss_BinaryCrossentropy", '''

# Binary cross-entropy loss
class Loss_BinaryCrossentropy(Loss):

    # Forward pass: each output a yes/no probability against its target 0 or 1
    def forward(self, y_pred, y_true):
        # Clipped on both sides: log(0) is infinite
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        sample_losses = -(y_true * np.log(y_pred_clipped) +
                          (1 - y_true) * np.log(1 - y_pred_clipped))
        sample_losses = np.mean(sample_losses, axis=-1)
        return sample_losses
'''),
    "mean squared error": ("Loss_MeanSquaredError", '''

# Mean squared error loss
class Loss_MeanSquaredError(Loss):  # L2 loss

    # Forward pass: the mean of the squared differences
    def forward(self, y_pred, y_true):
        sample_losses = np.mean((y_true - y_pred)**2, axis=-1)
        return sample_losses
'''),
    "mean absolute error": ("Loss_MeanAbsoluteError", '''

# Mean absolute error loss
class Loss_MeanAbsoluteError(Loss):  # L1 loss

    # Forward pass: the mean of the absolute differences
    def forward(self, y_pred, y_true):
        sample_losses = np.mean(np.abs(y_true - y_pred), axis=-1)
        return sample_losses
'''),
}


def numpy_script(
    network: Network,
    inputs: np.ndarray,
    labels: np.ndarray | None = None,
    dtype_is_nnfs: bool = False,
    data: GeneratedData | None = None,
    *,
    loss: str | None = None,
    title: str = "A network exported from nnwb",
    filename: str = "network.py",
    backward: bool = False,
) -> str:
    """The script's text; raises ExportRefused when the forward pass has a shape error.

    ``dtype_is_nnfs``: the numbers are the nnfs mode's float32, and the script calls
    ``nnfs.init()``. ``data``: how the batch was generated, when it was; without it, a
    batch that is exactly ``spiral_data`` or ``vertical_data`` after seed 0 is found anyway.
    ``loss``: the loss choice of a linear output ("mse", "mae" or None), as ``forward_trace``.
    ``backward``: the script also runs the backward pass and prints the gradients
    (``engine.export_backward``); refused without a loss, or with dropout.
    """
    trace = network.forward_trace(inputs, labels, loss=loss)
    if trace.error is not None:
        raise ExportRefused(f"this network cannot be exported while it has a shape error:\n{trace.error}")
    x = trace.inputs
    columns = trace.loss_name in _COLUMN_LOSSES  # sigmoid or linear: targets, not class indices
    y = np.asarray(labels).reshape(-1) if columns and labels is not None else trace.labels
    generated = _generated(x, y, data)
    scored = trace.nonfinite is None and trace.labels is not None and len(x) > 0
    has_loss = scored and trace.loss is not None
    if backward:
        _check_backward(network, has_loss)

    lines: list[str] = []
    scores = (" and its loss and accuracy" if has_loss else " and its accuracy") if scored else ""
    lines.append(_HEADER.format(title=_docstring_safe(title), filename=_docstring_safe(filename), scores=scores))
    lines.append("import numpy as np")
    if dtype_is_nnfs:
        lines.append("import nnfs")
    if generated is not None:
        lines.append(f"from nnfs.datasets import {generated.kind}_data")
    if dtype_is_nnfs:
        lines += ["", "# float32 numbers, np.dot computed in float64, and np.random seeded with 0:",
                  "# the book's reproducible arithmetic", "nnfs.init()"]
    activations = [step.activation for step in network.steps]
    classes: list[str] = []
    classes.append(_DENSE)
    if any(isinstance(activation, ReLU) for activation in activations):
        classes.append(_RELU)
    if any(isinstance(activation, Softmax) for activation in activations):
        classes.append(_SOFTMAX)
    if has_loss:
        classes.append(_LOSS)
        if trace.loss_name not in _COLUMN_LOSSES:
            classes.append(_CATEGORICAL)
    if any(isinstance(step.activation, Sigmoid) for step in network.steps):
        classes.append(_SIGMOID)
    if any(step.dropout for step in network.steps):
        classes.append(_DROPOUT)
    if has_loss and trace.loss_name in _COLUMN_LOSSES:
        classes.append(_COLUMN_LOSSES[trace.loss_name][1])
    if backward:
        classes = with_backward(classes, network, trace)
    lines.append("\n".join(piece.rstrip("\n") for piece in classes))  # two blank lines between classes
    lines += _data_lines(x, y if scored else None, generated, dtype_is_nnfs)
    if scored and columns:
        lines += ["# One target per output, a column as the book's y.reshape(-1, 1)", "y = y.reshape(-1, 1)"]
        # nnfs's data sets make uint8 labels, arrays are written as int64: the targets are
        # cast as the engine held them, whose dtype decides the dtype the loss is computed in.
        assert y is not None and trace.labels is not None  # scored: the trace has labels
        written = np.dtype(np.uint8) if generated is not None else (y.dtype if y.dtype.kind == "f" else np.dtype(np.int64))
        if trace.labels.dtype != written:
            lines += [f"y = y.astype(np.{trace.labels.dtype})  # as nnwb holds them: the loss is computed in its dtype"]
    final = _network_lines(network.steps, lines, regularized(network) and backward)
    lines += ["", "# Forward pass"]
    current = "X"
    for number, step in enumerate(network.steps, start=1):
        lines.append(f"dense{number}.forward({current})")
        current = f"dense{number}.output"
        if not isinstance(step.activation, Linear):
            lines.append(f"activation{number}.forward({current})")
            current = f"activation{number}.output"
        if step.dropout:
            lines.append(f"# (dropout{number} only while training: the workbench shows the pass without it)")
    assert current == final
    lines += ["", "# The final output: one row per sample", f"print({final})"]
    lines += _score_lines(trace, final, scored, has_loss)
    if backward:
        lines += backward_lines(network, trace, final)
    return "\n".join(lines) + "\n"


def _check_backward(network: Network, has_loss: bool) -> None:
    if not has_loss:
        raise ExportRefused("--backward needs a loss to differentiate: labels, and an output a loss scores "
                            "(softmax, sigmoid or none; a ReLU output has none)")
    if any(step.dropout for step in network.steps):
        raise ExportRefused("--backward is not written for a network with dropout: nnwb differentiates the pass "
                            "with its own fixed masks, which the book's Layer_Dropout would draw differently")


def _docstring_safe(text: str) -> str:
    """The text as source inside the script's docstring, which then reads back exactly: a
    backslash and what is not printable (a newline, U+2028, ESC) as Python's escapes, and a
    quote escaped where it could close the docstring (after another, or last)."""
    return re.sub(r'"(?="|$)', r'\\"', repr(text)[1:-1])


def _data_lines(x: np.ndarray, labels: np.ndarray | None, generated: GeneratedData | None, nnfs: bool) -> list[str]:
    lines = ["", ""]
    if generated is not None:
        call = f"{generated.kind}_data(samples={generated.samples}, classes={generated.classes})"
        if generated.seed != 0 or not nnfs:  # nnfs.init() has seeded with 0 already
            lines.append(f"np.random.seed({generated.seed})")
        lines += [f"# The batch: {generated.samples} samples of each of {generated.classes} classes", f"X, y = {call}"]
        return lines
    lines += ["# The batch: one row per sample", f"X = {array_code(x)}"]
    if labels is not None and labels.dtype.kind == "f":
        lines += ["# The target of each sample", f"y = {array_code(labels)}"]
    elif labels is not None:
        lines += ["# The class of each sample", f"y = np.array({_list_code(np.asarray(labels).astype(np.int64))})"]
    return lines


def _network_lines(steps: Sequence, lines: list[str], strengths: bool = False) -> str:
    """Append the layers' construction (with ``strengths``, their L1/L2); return the name of the final output."""
    final = "X"
    for number, step in enumerate(steps, start=1):
        weights, biases = step.dense.weights, step.dense.biases
        n_inputs, n_neurons = weights.shape
        activation = step.activation
        lines += ["", f"# Layer {number}: {plural(n_inputs, 'input')}, {plural(n_neurons, 'neuron')}, {_activation_words(activation)}",
                  f"dense{number} = Layer_Dense({n_inputs}, {n_neurons}"
                  f"{regularizer_arguments(step.dense) if strengths else ''})",
                  f"dense{number}.weights = {array_code(weights)}",
                  f"dense{number}.biases = {array_code(biases.reshape(1, -1))}"]
        final = f"dense{number}.output"
        if isinstance(activation, ReLU):
            lines.append(f"activation{number} = Activation_ReLU()")
        elif isinstance(activation, Softmax):
            lines.append(f"activation{number} = Activation_Softmax()")
        elif isinstance(activation, Sigmoid):
            lines.append(f"activation{number} = Activation_Sigmoid()")
        elif not isinstance(activation, Linear):  # pragma: no cover - every activation is one of the four
            raise ExportRefused(f"no NumPy code for the activation {activation.name!r}")
        if not isinstance(activation, Linear):
            final = f"activation{number}.output"
        if step.dropout:
            lines += [f"# Dropout after layer {number}: {exact_number(step.dropout)} of its outputs switched off while training",
                      f"dropout{number} = Layer_Dropout({step.dropout!r})"]
    return final


def _activation_words(activation: object) -> str:
    if isinstance(activation, ReLU):
        return "then ReLU"
    if isinstance(activation, Softmax):
        return "then softmax"
    if isinstance(activation, Sigmoid):
        return "then sigmoid"
    return "no activation (its output is the sums themselves)"


def _score_lines(trace: Trace, final: str, scored: bool, has_loss: bool) -> list[str]:
    if trace.nonfinite is not None:
        return ["", "# Some numbers overflowed to inf or nan, so nnwb scores nothing here:",
                *(f"# {line}" for line in trace.nonfinite.message.splitlines())]
    if trace.labels is None:
        return ["", "# No labels: nothing to score"]
    if not scored:
        return []
    lines = [""]
    loss_class = _COLUMN_LOSSES[trace.loss_name][0] if trace.loss_name in _COLUMN_LOSSES else "Loss_CategoricalCrossentropy"
    if has_loss:
        lines += [f"# The mean loss over the batch: {trace.loss_name}", f"loss_function = {loss_class}()",
                  f"loss = loss_function.calculate({final}, y)"]
    else:
        lines += ["# No loss: cross-entropy needs probabilities, which only a softmax output gives"]
    if trace.loss_name == "binary cross-entropy":
        lines += ["", "# Accuracy: how often an output is on its target's side of 0.5",
                  f"predictions = ({final} > 0.5) * 1", "accuracy = np.mean(predictions == y)", ""]
    elif trace.loss_name in _COLUMN_LOSSES:
        lines += ["", "# Accuracy: how often a prediction is within std(y) / 250 of its target (the book's)",
                  "accuracy_precision = np.std(y) / 250", f"predictions = {final}",
                  "accuracy = np.mean(np.absolute(predictions - y) < accuracy_precision)", ""]
    else:
        lines += ["", "# Accuracy: how often the largest output is the true class",
                  f"predictions = np.argmax({final}, axis=1)", "accuracy = np.mean(predictions == y)", ""]
    if has_loss:
        lines.append("print('loss:', loss)")
    lines.append("print('acc:', accuracy)")
    return lines


# ---------------------------------------------------------------- data sets
def _generated(x: np.ndarray, labels: np.ndarray | None, data: GeneratedData | None) -> GeneratedData | None:
    """The data set call that makes exactly this batch and these labels, if there is one."""
    if labels is None or x.ndim != 2 or x.shape[1] != 2 or labels.ndim != 1 or not len(labels) or labels.dtype.kind == "f":
        return None
    candidates: list[GeneratedData] = []
    if data is not None and data.kind in DATA_KINDS:
        candidates.append(data)
    classes = int(labels.max()) + 1
    if len(labels) % classes == 0 and np.array_equal(labels, np.repeat(np.arange(classes), len(labels) // classes)):
        candidates += [GeneratedData(kind, len(labels) // classes, classes, 0) for kind in DATA_KINDS]
    for candidate in candidates:
        made_x, made_y = _make(candidate, x.dtype)
        if made_x.dtype == x.dtype and np.array_equal(made_x, x) and np.array_equal(made_y, labels):
            return candidate
    return None


def _make(data: GeneratedData, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    """The data set, drawn without disturbing the caller's global random state."""
    from engine.datasets import spiral_data, vertical_data

    make = spiral_data if data.kind == "spiral" else vertical_data
    state = np.random.get_state()
    try:
        np.random.seed(data.seed)
        return make(data.samples, data.classes, dtype)
    finally:
        np.random.set_state(state)


# ---------------------------------------------------------------- arrays as code
def array_code(values: np.ndarray) -> str:
    """``np.array([...])`` that reads back to exactly these values and this dtype."""
    values = np.asarray(values)
    suffix = "" if values.dtype == np.float64 else f", dtype=np.{values.dtype}"
    if values.ndim == 2 and len(values) > 1:
        rows = ",\n    ".join(_list_code(row) for row in values)
        return f"np.array([\n    {rows},\n]{suffix})"
    return f"np.array({_list_code(values)}{suffix})"


def _list_code(values: np.ndarray) -> str:
    if values.ndim > 1:
        return "[" + ", ".join(_list_code(row) for row in values) + "]"
    return "[" + ", ".join(number_code(v) for v in values) + "]"


def number_code(value: np.generic) -> str:
    """One number as Python source that reads back to the same value in its dtype."""
    if isinstance(value, (np.integer, int)):
        return str(int(value))
    number = float(value)
    if not np.isfinite(number):
        return "np.nan" if np.isnan(number) else ("np.inf" if number > 0 else "-np.inf")
    if isinstance(value, np.float32):
        short = str(value)  # NumPy's shortest digits for a float32
        # Read as a float64 first, then rounded to float32 (as np.array does): a double
        # rounding that may, rarely, land on a neighbour; the exact float64 never does.
        if np.float32(float(short)) == value:
            return short
    return repr(number)
