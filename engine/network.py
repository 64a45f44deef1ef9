"""A network as an ordered list of steps, and the forward trace that the workbench shows.

``forward_trace`` never raises on a shape mistake: it keeps every layer that did compute
and carries the first ShapeError, because a mistake is something to look at. A pass in
which a number overflowed to inf or nan is computed and shown, flagged (``nonfinite``),
and never scored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from engine.activations import Activation, Linear, activation_named
from engine.arrays import as_matrix
from engine.column_losses import ColumnLoss
from engine.dropout import checked_rate
from engine.errors import MatrixValueError, ShapeError
from engine.layers import Dense
from engine.loss_choice import CATEGORICAL, loss_for, loss_named, target_kind
from engine.losses import confidences_at
from engine.metrics import binary_accuracy, regression_accuracy
from engine.metrics import predictions as predicted_classes
from engine.nonfinite import NonFinite, find_nonfinite
from engine.shapes import check_bias, sparse_labels
from engine.targets import column_targets


@dataclass
class Step:
    """One layer of the network: a Dense, the activation after it, and the rate of a
    Dropout after that (the book's chapter 15) applied WHILE TRAINING only: 0 means none.

    ``forward`` and ``forward_trace`` show the network as it predicts, so they never drop;
    the Trainer draws a fresh mask for every training pass.
    """

    dense: Dense
    activation: Activation = field(default_factory=Linear)
    dropout: float = 0.0

    def __post_init__(self) -> None:
        self.dropout = checked_rate(self.dropout)


class StepRecord(NamedTuple):
    """Everything one layer computed, in the order the forward pass does it."""

    layer: int  # 1-based
    inputs: np.ndarray
    weights: np.ndarray
    biases: np.ndarray
    product: np.ndarray  # inputs @ weights
    z: np.ndarray  # product + biases, before the activation
    output: np.ndarray  # after the activation
    activation: str

    @property
    def shapes(self) -> dict[str, tuple[int, ...]]:
        return {
            "inputs": tuple(self.inputs.shape),
            "weights": tuple(self.weights.shape),
            "biases": tuple(self.biases.shape),
            "z": tuple(self.z.shape),
            "output": tuple(self.output.shape),
        }


class Trace(NamedTuple):
    """The forward pass of a whole network over one batch.

    ``records`` holds the layers that computed; ``error`` is the ShapeError of the first
    layer (or the labels) that could not. ``nonfinite`` is the first inf or nan of the pass
    (an overflow) and why. Loss and metrics are there only when labels were given and
    everything before them computed to finite numbers.

    ``loss_name`` names the loss that scores this network's output (``engine.loss_choice``),
    with labels or without, so a panel can say which it is: categorical
    cross-entropy (``labels`` are class indices, ``predictions`` the argmax,
    ``confidences`` each label's probability), binary cross-entropy (``labels`` the 0/1
    targets as a (samples, outputs) matrix, ``predictions`` the outputs > 0.5 as 0/1),
    mean squared or absolute error (``labels`` the targets, ``predictions`` the outputs,
    accuracy the book's within std(y) / 250); None for a ReLU output, scored by accuracy only.
    """

    inputs: np.ndarray
    records: tuple[StepRecord, ...]
    error: ShapeError | None = None
    labels: np.ndarray | None = None  # checked, when the pass is scored: class indices, or targets (see above)
    sample_losses: np.ndarray | None = None
    loss: float | None = None
    predictions: np.ndarray | None = None
    confidences: np.ndarray | None = None  # clipped probability of each sample's label (categorical only)
    accuracy: float | None = None
    nonfinite: NonFinite | None = None
    loss_name: str | None = None

    @property
    def ok(self) -> bool:
        """Every layer computed, and every number it computed is finite."""
        return self.error is None and self.nonfinite is None

    @property
    def output(self) -> np.ndarray | None:
        """The final layer's output, when every layer computed."""
        if self.error is not None and self.error.operation in ("dot", "add bias"):
            return None
        return self.records[-1].output if self.records else self.inputs

    @property
    def error_rate(self) -> float | None:
        return None if self.accuracy is None else 1.0 - self.accuracy


class Network:
    """Steps in order; the output of each is the input of the next."""

    def __init__(self, steps: Iterable[Step] = ()) -> None:
        self.steps: list[Step] = list(steps)

    @classmethod
    def from_sizes(
        cls,
        sizes: Sequence[int],
        activations: Sequence[str] | None = None,
        weight_scale: float = 0.01,
        dtype: np.dtype | type | None = None,
    ) -> Network:
        """Dense layers between consecutive sizes, drawn from NumPy's global generator.

        ``activations`` names one per layer; by default ReLU between layers and none last.
        """
        n_layers = len(sizes) - 1
        if n_layers < 1:
            raise ValueError("a network needs at least two sizes: its inputs and its outputs")
        names = list(activations) if activations is not None else ["relu"] * (n_layers - 1) + ["linear"]
        if len(names) != n_layers:
            raise ValueError(f"{n_layers} layers need {n_layers} activations, not {len(names)}")
        return cls(
            Step(Dense(n_in, n_out, weight_scale=weight_scale, dtype=dtype), activation_named(name))
            for n_in, n_out, name in zip(sizes[:-1], sizes[1:], names)
        )

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def layer_sizes(self) -> list[int]:
        """Inputs of the first layer, then each layer's neurons."""
        if not self.steps:
            return []
        return [self.steps[0].dense.n_inputs] + [step.dense.n_neurons for step in self.steps]

    def forward(self, inputs: np.ndarray) -> np.ndarray:
        """The final output; raises ShapeError at the first layer that cannot compute."""
        output = np.atleast_2d(np.asarray(inputs))
        for number, step in enumerate(self.steps, start=1):
            output = step.activation.forward(step.dense.forward(output, layer=number))
        return output

    def forward_trace(self, inputs: np.ndarray, labels: np.ndarray | None = None, loss: str | None = None) -> Trace:
        """Every layer's numbers, stopping at the first ShapeError instead of raising it.

        Inputs that are not numbers (text, ragged rows) are not raised either: the trace
        computes nothing and its ``nonfinite`` says which value and why. Dropout is never
        applied: this is the network as it predicts. ``loss`` ("mse", "mae" or None) picks
        the regression loss of a linear output (``engine.loss_choice.loss_for``).
        """
        last = self.steps[-1].activation.name if self.steps else "linear"
        loss_name = loss_for(last, loss)  # a bad choice is the caller's mistake: raised, not traced
        if not self.steps:
            loss_name = None  # no layer: the inputs are scored by their argmax only, as before
        # Named whether or not the pass could be scored, so a panel can say which loss it is.
        return self._trace(inputs, labels, loss_name)._replace(loss_name=loss_name)

    def _trace(self, inputs: np.ndarray, labels: np.ndarray | None, loss_name: str | None) -> Trace:
        x, refused = _numeric_inputs(inputs)
        if refused is not None:
            return Trace(x, (), nonfinite=refused)
        records: list[StepRecord] = []
        current = x
        nonfinite = find_nonfinite(None, [("inputs", x)], frozenset({"inputs"}))
        for number, step in enumerate(self.steps, start=1):
            dense = step.dense
            # Overflow is found and explained below, not warned about on stderr.
            with np.errstate(over="ignore", invalid="ignore"):
                try:
                    product = dense.product(current, layer=number)
                    check_bias(product, dense.biases, layer=number)
                except ShapeError as error:
                    return Trace(x, tuple(records), error, nonfinite=nonfinite)
                z = product + dense.biases.reshape(1, -1).astype(product.dtype, copy=False)
                output = step.activation.apply(z)
            if nonfinite is None:
                made = [("weights", dense.weights), ("biases", dense.biases.reshape(1, -1)),
                        ("inputs · weights", product), ("z", z), ("output", output)]
                nonfinite = find_nonfinite(number, made, frozenset({"weights", "biases"}))
            records.append(
                StepRecord(number, current, dense.weights, dense.biases, product, z, output, step.activation.name)
            )
            current = output
        if labels is None:
            return Trace(x, tuple(records), nonfinite=nonfinite)
        if loss_name is not None and target_kind(loss_name) != "classes":
            return _with_targets(x, tuple(records), current, labels, loss_name, nonfinite)
        return _with_labels(x, tuple(records), current, labels, loss_name, nonfinite)


def _numeric_inputs(inputs: object) -> tuple[np.ndarray, NonFinite | None]:
    """The inputs as a 2-D array of numbers, or (what was given, why it cannot be used)."""
    try:
        x = np.atleast_2d(np.asarray(inputs))
    except (ValueError, TypeError):
        x = None  # ragged rows: as_matrix says which row
    if x is not None and x.dtype.kind not in "USO":
        return x, None
    try:
        return as_matrix(inputs), None  # text that reads as numbers ("1.5") is taken as them
    except MatrixValueError as error:
        row, column = error.row or 0, error.column or 0
        message = f"the inputs X: {error}; nothing can be computed from them."
        given = x if x is not None else np.empty((0, 0))
        return given, NonFinite(None, "inputs", row, column, float("nan"), message)


def _with_labels(
    x: np.ndarray,
    records: tuple[StepRecord, ...],
    output: np.ndarray,
    labels: np.ndarray,
    loss_name: str | None,
    nonfinite: NonFinite | None,
) -> Trace:
    try:
        indices = sparse_labels(labels, output)
    except ShapeError as error:
        return Trace(x, records, error, nonfinite=nonfinite)
    if nonfinite is not None:
        # An overflowed pass has no meaningful argmax or loss (nan compares as the largest):
        # nothing is scored, and no label is paired with an output to score it by.
        return Trace(x, records, None, None, nonfinite=nonfinite)
    if len(output) == 0:
        return Trace(x, records, None, indices)  # no samples have no mean
    predicted = predicted_classes(output)
    accuracy = float(np.mean(predicted == indices))
    # Loss is the probability of the true class, which only a softmax output is.
    if loss_name == CATEGORICAL:
        confidences = confidences_at(output, indices)
        sample_losses = -np.log(confidences)
        loss = float(np.mean(sample_losses))
        return Trace(x, records, None, indices, sample_losses, loss, predicted, confidences, accuracy)
    return Trace(x, records, None, indices, None, None, predicted, None, accuracy)


def _with_targets(
    x: np.ndarray,
    records: tuple[StepRecord, ...],
    output: np.ndarray,
    labels: np.ndarray,
    loss_name: str,
    nonfinite: NonFinite | None,
) -> Trace:
    """Scored by a loss per output column: binary cross-entropy, or MSE / MAE."""
    loss = loss_named(loss_name)
    assert isinstance(loss, ColumnLoss)
    try:
        targets = column_targets(labels, output, loss.targets)
    except ShapeError as error:
        return Trace(x, records, error, nonfinite=nonfinite)
    if nonfinite is not None:
        return Trace(x, records, None, None, nonfinite=nonfinite)
    if len(output) == 0:
        return Trace(x, records, None, targets)
    sample_losses = loss.sample_losses(output, targets)
    if loss.targets == "binary":
        predicted = (output > 0.5) * 1  # the book's chapter 16 predictions
        accuracy = binary_accuracy(output, targets)
    else:
        predicted = output
        accuracy = regression_accuracy(output, targets)
    mean = float(np.mean(sample_losses))
    return Trace(x, records, None, targets, sample_losses, mean, predicted, None, accuracy)


def parameter_counts(layer_sizes: Sequence[int]) -> tuple[int, int, int]:
    """(weights, biases, total) of a dense network with these layer sizes.

    Each layer has n_inputs * n_neurons weights and one bias per neuron; the input layer
    has no neurons of its own, so no biases. ``[10, 32, 32, 32, 2]`` gives
    (2432, 98, 2530). The notes' figure says 108 biases and 2540 parameters because it
    also gives the 10 input values a bias each (98 + 10 = 108); input values are data,
    not neurons, so they have none.
    """
    sizes = list(layer_sizes)
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    biases = sum(sizes[1:])
    return weights, biases, weights + biases
