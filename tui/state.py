"""The document: the network, its batch and labels, and what the user has selected.

Every change goes through a method here. A method either applies the whole change or
raises EditRefused and leaves the document exactly as it was; the app shows the message
where the user is looking. The trace is a pure function of the document, recomputed once
per version.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

import numpy as np

from engine import (
    DEFAULT_PRESET,
    Dense,
    MatrixValueError,
    Network,
    Step,
    Trace,
    activation_named,
    load_preset,
    parameter_counts,
    parse_number,
)

MatrixName = Literal["inputs", "weights", "biases", "labels"]
WeightsView = Literal["stored", "rows"]

# Bounds on every size the user can type, so that a slip of the finger (a 7 too many)
# cannot ask for a matrix that freezes the terminal.
MAX_SAMPLES = 10_000
MAX_UNITS = 4_096  # features, inputs or neurons of one layer
MAX_LAYERS = 16
MAX_CELLS = 4_000_000  # per weight matrix
UNDO_DEPTH = 50

STAGES = ("inputs", "inputs · weights", "+ biases", "activation")


class EditRefused(ValueError):
    """An edit that cannot be accepted; the document is unchanged."""


@dataclass
class LayerInit:
    """How a layer's weights were drawn, so that re-initialising is reproducible."""

    seed: int = 0
    scale: float = 0.01


class StepPosition(NamedTuple):
    """Where step mode is: a layer (0-based) and a stage of its forward pass (0-3)."""

    layer: int
    stage: int

    @property
    def stage_name(self) -> str:
        return STAGES[self.stage]


@dataclass
class _Snapshot:
    network: Network
    inputs: np.ndarray
    labels: np.ndarray | None
    inits: list[LayerInit]
    selected: int


@dataclass
class Document:
    network: Network
    inputs: np.ndarray
    labels: np.ndarray | None = None
    dtype: np.dtype = field(default_factory=lambda: np.dtype(np.float64))
    preset: str = ""
    inits: list[LayerInit] = field(default_factory=list)
    selected: int = 0
    weights_view: WeightsView = "stored"
    step: StepPosition | None = None
    version: int = 0
    _undo: list[_Snapshot] = field(default_factory=list, repr=False)
    _trace: Trace | None = field(default=None, repr=False)
    _trace_version: int = field(default=-1, repr=False)

    def __post_init__(self) -> None:
        # A document built by hand (a test, a benchmark) gets the book's default draw per layer.
        while len(self.inits) < len(self.network):
            self.inits.append(LayerInit(len(self.inits), 0.01))

    # ----------------------------------------------------------------- loading
    @classmethod
    def from_preset(cls, name: str = DEFAULT_PRESET) -> Document:
        example = load_preset(name)
        scale = example.weight_scale if example.weight_scale is not None else 0.01
        seed = example.seed if example.seed is not None else 0
        labels = None if example.labels is None else np.asarray(example.labels, dtype=np.int64)
        inits = [LayerInit(seed + i, scale) for i in range(len(example.network))]
        return cls(example.network, example.inputs.astype(example.dtype), labels, np.dtype(example.dtype), name, inits)

    def load_preset(self, name: str) -> None:
        try:
            fresh = Document.from_preset(name)
        except ValueError as error:
            raise EditRefused(str(error)) from None
        self._remember()
        self.network, self.inputs, self.labels = fresh.network, fresh.inputs, fresh.labels
        self.dtype, self.preset, self.inits = fresh.dtype, fresh.preset, fresh.inits
        self.selected = 0
        self.step = None
        self._changed()

    # ------------------------------------------------------------------ reading
    @property
    def trace(self) -> Trace:
        if self._trace is None or self._trace_version != self.version:
            self._trace = self.network.forward_trace(self.inputs, self.labels)
            self._trace_version = self.version
        return self._trace

    @property
    def layer(self) -> Step:
        return self.network.steps[self.selected]

    def weights_shown(self, layer: int | None = None) -> np.ndarray:
        """The selected layer's weights in the current view."""
        weights = self.network.steps[self.selected if layer is None else layer].dense.weights
        return weights.T if self.weights_view == "rows" else weights

    def counts(self) -> tuple[int, int, int]:
        """(weights, biases, total) actually held by the layers."""
        weights = sum(int(step.dense.weights.size) for step in self.network.steps)
        biases = sum(int(step.dense.biases.size) for step in self.network.steps)
        return weights, biases, weights + biases

    def nominal_counts(self) -> tuple[int, int, int]:
        """What the layer sizes would give if every shape agreed (engine.parameter_counts)."""
        return parameter_counts(self.network.layer_sizes)

    # ------------------------------------------------------------------ editing
    def set_cell(self, matrix: MatrixName, row: int, column: int, text: str) -> float:
        """Set one value from what the user typed; returns the stored value."""
        try:
            value = parse_number(text)
        except MatrixValueError as error:
            raise EditRefused(str(error)) from None
        if matrix == "labels":
            return self._set_label(row, value)
        target = self._matrix(matrix)
        if matrix == "weights" and self.weights_view == "rows":
            row, column = column, row
        if not (0 <= row < target.shape[0] and 0 <= column < target.shape[1]):
            raise EditRefused(f"there is no cell ({row}, {column}) in a matrix of shape {target.shape}")
        with np.errstate(over="ignore"):  # overflow is the case refused just below
            stored = target.dtype.type(value)
        if not np.isfinite(stored):
            raise EditRefused(f"{text.strip()} is too large for {target.dtype} (the nnfs mode uses float32)")
        self._remember()
        target[row, column] = stored
        self._changed()
        return float(stored)

    def _set_label(self, row: int, value: float) -> float:
        if self.labels is None:
            raise EditRefused("there are no labels: press l in the inputs panel to add them")
        if value != int(value) or value < 0:
            raise EditRefused(f"{value:g} is not a class index: a label is a whole number 0, 1, 2, ...")
        if not 0 <= row < len(self.labels):
            raise EditRefused(f"there is no sample {row}")
        self._remember()
        self.labels[row] = int(value)
        self._changed()
        return float(int(value))

    def _matrix(self, matrix: MatrixName) -> np.ndarray:
        if matrix == "inputs":
            return self.inputs
        dense = self.layer.dense
        return dense.weights if matrix == "weights" else dense.biases

    def add_sample(self) -> None:
        samples = self.inputs.shape[0] + 1
        if samples > MAX_SAMPLES:
            raise EditRefused(f"a batch holds at most {MAX_SAMPLES} samples here")
        self._remember()
        self.inputs = np.vstack([self.inputs, np.zeros((1, self.inputs.shape[1]), dtype=self.inputs.dtype)])
        if self.labels is not None:
            self.labels = np.append(self.labels, 0)
        self._changed()

    def remove_sample(self, row: int | None = None) -> None:
        samples = self.inputs.shape[0]
        if samples <= 1:
            raise EditRefused("a batch needs at least 1 sample")
        row = samples - 1 if row is None else min(max(row, 0), samples - 1)
        self._remember()
        self.inputs = np.delete(self.inputs, row, axis=0)
        if self.labels is not None:
            self.labels = np.delete(self.labels, row)
        self._changed()

    def add_feature(self) -> None:
        features = self.inputs.shape[1] + 1
        if features > MAX_UNITS:
            raise EditRefused(f"a sample has at most {MAX_UNITS} features here")
        self._remember()
        self.inputs = np.hstack([self.inputs, np.zeros((self.inputs.shape[0], 1), dtype=self.inputs.dtype)])
        self._changed()

    def remove_feature(self, column: int | None = None) -> None:
        features = self.inputs.shape[1]
        if features <= 1:
            raise EditRefused("a sample needs at least 1 feature")
        column = features - 1 if column is None else min(max(column, 0), features - 1)
        self._remember()
        self.inputs = np.delete(self.inputs, column, axis=1)
        self._changed()

    def toggle_labels(self) -> bool:
        """Add labels (all class 0) or remove them; returns whether there are labels now."""
        self._remember()
        self.labels = None if self.labels is not None else np.zeros(self.inputs.shape[0], dtype=np.int64)
        self._changed()
        return self.labels is not None

    # ------------------------------------------------------------------ layers
    def select_layer(self, index: int) -> None:
        """Select a layer (no undo step: selection is not an edit)."""
        self.selected = min(max(index, 0), len(self.network) - 1)
        self.version += 1

    def resize_layer(self, index: int, n_inputs: int, n_neurons: int) -> None:
        """New sizes for a layer; values that still fit are kept, new ones start at 0."""
        for name, size in (("inputs", n_inputs), ("neurons", n_neurons)):
            if not 1 <= size <= MAX_UNITS:
                raise EditRefused(f"a layer's {name} must be between 1 and {MAX_UNITS}, not {size}")
        if n_inputs * n_neurons > MAX_CELLS:
            raise EditRefused(f"{n_inputs} x {n_neurons} weights is more than the {MAX_CELLS} a layer may hold here")
        dense = self.network.steps[index].dense
        self._remember()
        dense.weights = _resized(dense.weights, (n_inputs, n_neurons))
        dense.biases = _resized(dense.biases.reshape(1, -1), (1, n_neurons))
        self._changed()

    def add_layer(self) -> None:
        """A new layer after the selected one, fitting its outputs, as wide as they are."""
        if len(self.network) >= MAX_LAYERS:
            raise EditRefused(f"a network has at most {MAX_LAYERS} layers here")
        width = self.layer.dense.weights.shape[1]
        init = LayerInit(self.inits[self.selected].seed + 1 if self.inits else 0, 0.1)
        dense = _drawn(width, width, init, self.dtype)
        self._remember()
        self.network.steps.insert(self.selected + 1, Step(dense, activation_named("linear")))
        self.inits.insert(self.selected + 1, init)
        self.selected += 1
        self._changed()

    def remove_layer(self) -> None:
        if len(self.network) <= 1:
            raise EditRefused("a network needs at least 1 layer")
        self._remember()
        del self.network.steps[self.selected]
        del self.inits[self.selected]
        self.selected = min(self.selected, len(self.network) - 1)
        self._changed()

    def cycle_activation(self) -> str:
        order = ["linear", "relu", "softmax"]
        step = self.layer
        name = order[(order.index(step.activation.name) + 1) % len(order)]
        self._remember()
        step.activation = activation_named(name)
        self._changed()
        return name

    def reinitialise(self, seed: int, scale: float) -> None:
        """Weights = scale * randn(n_inputs, n_neurons) after np.random.seed(seed); biases 0."""
        if not 0 <= seed < 2**32:
            raise EditRefused(f"a seed is a whole number from 0 to {2**32 - 1}")
        if not np.isfinite(scale) or scale <= 0 or scale > 1e6:
            raise EditRefused("the scale must be a positive number such as 0.01 or 0.1")
        n_inputs, n_neurons = self.layer.dense.weights.shape
        init = LayerInit(seed, scale)
        dense = _drawn(n_inputs, n_neurons, init, self.dtype)
        self._remember()
        self.layer.dense = dense
        self.inits[self.selected] = init
        self._changed()

    def transpose_weights(self, index: int | None = None) -> None:
        index = self.selected if index is None else index
        dense = self.network.steps[index].dense
        self._remember()
        dense.weights = np.ascontiguousarray(dense.weights.T)
        self._changed()

    def toggle_view(self) -> WeightsView:
        self.weights_view = "rows" if self.weights_view == "stored" else "stored"
        self.version += 1
        return self.weights_view

    # ------------------------------------------------------------------- fixes
    def fix_error(self) -> str:
        """Apply the one-step fix the current ShapeError offers; returns what was done."""
        error = self.trace.error
        if error is None:
            raise EditRefused("there is no error to fix")
        action = error.fix_action
        index = (error.layer or 1) - 1
        if action == "transpose weights":
            self.transpose_weights(index)
            self.selected = index
            return f"transposed layer {index + 1}'s weights to {self.network.steps[index].dense.weights.shape}"
        if action == "resize inputs":
            dense = self.network.steps[index].dense
            incoming = error.left_shape[1]
            self.resize_layer(index, incoming, dense.weights.shape[1])
            self.selected = index
            return f"layer {index + 1} now takes {incoming} inputs (new weights start at 0)"
        if action == "resize biases":
            dense = self.network.steps[index].dense
            self.resize_layer(index, dense.weights.shape[0], dense.weights.shape[1])
            self.selected = index
            return f"layer {index + 1} now has one bias per neuron"
        if action == "resize labels" and self.labels is not None:
            self._remember()
            samples = self.inputs.shape[0]
            self.labels = np.resize(np.append(self.labels, np.zeros(samples, dtype=np.int64)), samples)[:samples]
            self._changed()
            return f"the labels now have one class per sample ({samples})"
        raise EditRefused("this error has no one-step fix: " + error.fix)

    # -------------------------------------------------------------------- steps
    def start_stepping(self) -> None:
        self.step = StepPosition(0, 0)
        self.selected = 0
        self.version += 1

    def stop_stepping(self) -> None:
        self.step = None
        self.version += 1

    def step_forward(self) -> bool:
        """One stage on; False at the end of the network."""
        if self.step is None:
            self.start_stepping()
            return True
        last_layer = len(self.trace.records) - 1
        layer, stage = self.step.layer, self.step.stage
        if stage < len(STAGES) - 1:
            self.step = StepPosition(layer, stage + 1)
        elif layer < last_layer:
            self.step = StepPosition(layer + 1, 0)
        else:
            return False
        self.selected = self.step.layer
        self.version += 1
        return True

    def step_back(self) -> bool:
        if self.step is None or (self.step.layer, self.step.stage) == (0, 0):
            return False
        layer, stage = self.step.layer, self.step.stage
        self.step = StepPosition(layer, stage - 1) if stage > 0 else StepPosition(layer - 1, len(STAGES) - 1)
        self.selected = self.step.layer
        self.version += 1
        return True

    def computed(self, layer: int, stage: int) -> bool:
        """Whether step mode has reached (layer, stage); everything is computed outside it."""
        if self.step is None:
            return True
        return (layer, stage) <= (self.step.layer, self.step.stage)

    # ----------------------------------------------------------------- training
    def begin_training(self) -> None:
        """Before a training session changes the weights in place: one undo step for all of it."""
        self._remember()
        self.version += 1

    def training_changed(self) -> None:
        """The weights were changed in place by training: recompute the trace."""
        self.version += 1

    def use_data(self, inputs: np.ndarray, labels: np.ndarray) -> None:
        """Train on a generated data set: it becomes the inputs and labels."""
        if not 1 <= len(inputs) <= MAX_SAMPLES:
            raise EditRefused(f"a batch holds 1 to {MAX_SAMPLES} samples here, not {len(inputs)}")
        self._remember()
        self.inputs = np.asarray(inputs, dtype=self.dtype)
        self.labels = np.asarray(labels, dtype=np.int64).reshape(-1)
        self._changed()

    def set_activation(self, index: int, name: str) -> None:
        self._remember()
        self.network.steps[index].activation = activation_named(name)
        self._changed()

    # --------------------------------------------------------------------- undo
    def undo(self) -> bool:
        if not self._undo:
            return False
        snapshot = self._undo.pop()
        self.network, self.inputs, self.labels = snapshot.network, snapshot.inputs, snapshot.labels
        self.inits, self.selected = snapshot.inits, snapshot.selected
        self.step = None
        self.version += 1
        return True

    def _remember(self) -> None:
        snapshot = _Snapshot(
            copy.deepcopy(self.network),
            self.inputs.copy(),
            None if self.labels is None else self.labels.copy(),
            copy.deepcopy(self.inits),
            self.selected,
        )
        self._undo.append(snapshot)
        del self._undo[:-UNDO_DEPTH]

    def _changed(self) -> None:
        # A structural edit can leave the step position past the network's end.
        if self.step is not None and self.step.layer >= len(self.network):
            self.step = None
        self.selected = min(self.selected, len(self.network) - 1)
        self.version += 1


def _resized(matrix: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    out = np.zeros(shape, dtype=matrix.dtype)
    rows = min(shape[0], matrix.shape[0])
    columns = min(shape[1], matrix.shape[1]) if matrix.ndim == 2 else 0
    out[:rows, :columns] = matrix[:rows, :columns]
    return out


def _drawn(n_inputs: int, n_neurons: int, init: LayerInit, dtype: np.dtype) -> Dense:
    """A layer drawn the book's way: seed the global generator, then scale * randn."""
    np.random.seed(init.seed)
    return Dense(n_inputs, n_neurons, init.scale, dtype)
