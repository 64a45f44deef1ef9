"""What an edit replaced, and how to put it back: the records that undo and redo swap.

A ``Change`` holds only the parts of the document an edit touched: some cells, a row or
column of the inputs, one layer's arrays, the list of layers, the inputs or labels
arrays; and always the small state (selection, view, preset, number mode, inits, the open lesson).
``swap`` puts its parts into the document and returns a Change holding what they
replaced, so the same record type serves undo and redo.

Arrays are kept by reference where the edit replaced them with new arrays (nothing
mutates an array once it has left the document); the training record copies, because
training changes the weights in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np

from engine import Dense, Network, Step, activation_named

OVERHEAD = 200  # bytes of Python objects per record, counted so that many tiny steps add up too

# Which weight row of layer ``[0]`` each incoming value meets (None: a new value), while
# the shapes disagree after a feature or neuron was removed or added (Document.incoming_rows).
Pending = tuple[int, tuple["int | None", ...]] | None
WeightsView = Literal["stored", "rows"]


class Parts(Protocol):
    """What the records read and put back: the parts of the document (tui.document.state.Document).

    Declared here, not imported, so that the records know the document only by its parts
    and the document may import its records without a cycle.
    """

    network: Network
    inputs: np.ndarray
    labels: np.ndarray | None
    dtype: np.dtype
    preset: str
    inits: list[Any]
    selected: int
    weights_view: WeightsView
    incoming_rows: Pending
    loss: str | None
    lesson: str


@dataclass(frozen=True)
class Meta:
    """The small state every record restores, so undo shows the edit where it was made."""

    selected: int
    weights_view: WeightsView
    preset: str
    dtype: np.dtype
    inits: tuple[Any, ...]
    pending: Pending
    loss: str | None = None  # the loss choice of a linear output (Document.loss)
    lesson: str = ""  # the lesson open (Document.lesson): the app reopens it on undo

    @classmethod
    def of(cls, doc: Parts) -> Meta:
        return cls(doc.selected, doc.weights_view, doc.preset, doc.dtype, tuple(doc.inits), doc.incoming_rows, doc.loss,
                   doc.lesson)

    def restore(self, doc: Parts) -> None:
        doc.selected, doc.preset, doc.dtype, doc.loss = self.selected, self.preset, self.dtype, self.loss
        doc.lesson = self.lesson
        doc.weights_view = self.weights_view
        doc.inits, doc.incoming_rows = list(self.inits), self.pending

    @property
    def nbytes(self) -> int:
        return OVERHEAD + (8 * len(self.pending[1]) if self.pending else 0)


@dataclass(frozen=True)
class Cell:
    matrix: str  # inputs, weights, biases or labels
    layer: int  # for weights and biases
    row: int
    column: int
    value: Any


@dataclass(frozen=True)
class LayerState:
    """One layer's arrays (None: only the activation, dropout or regularizers changed), activation,
    dropout rate and regularisation strengths (in REGULARIZERS' order)."""

    weights: np.ndarray | None
    biases: np.ndarray | None
    activation: str
    dropout: float = 0.0
    regularizers: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0)

    @classmethod
    def of(cls, step: Step, arrays: bool, copy: bool = False) -> LayerState:
        regularizers = regularizers_of(step.dense)
        if not arrays:
            return cls(None, None, step.activation.name, step.dropout, regularizers)
        dense = step.dense
        # A view (the trainer's flat buffer) is copied: its owner may still write to it.
        weights, biases = (a.copy() if copy or not a.flags.owndata else a for a in (dense.weights, dense.biases))
        return cls(weights, biases, step.activation.name, step.dropout, regularizers)

    def restore(self, step: Step) -> None:
        if self.weights is not None and self.biases is not None:
            # A new Dense: nothing that held the old one (a trainer) mistakes it for its own.
            step.dense = dense_with(step.dense, self.weights, self.biases)
        if step.activation.name != self.activation:
            step.activation = activation_named(self.activation)
        step.dropout = self.dropout
        if regularizers_of(step.dense) != self.regularizers:
            step.dense.set_regularizers(*self.regularizers)

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.weights, self.biases) if a is not None)


@dataclass(frozen=True)
class Slice:
    """A row (axis 0: a sample, with its label) or column (axis 1: a feature) of the inputs.

    ``values`` None: the edit inserted it at ``index``, so putting back removes it;
    otherwise the edit removed it, and putting back inserts these values there.
    """

    axis: int
    index: int
    values: np.ndarray | None = None
    label: Any = None  # the sample's label in the labels' own type (a class index or a float target)

    def swap(self, doc: Parts) -> Slice:
        if self.values is None:
            values = np.take(doc.inputs, self.index, axis=self.axis).copy()
            label = doc.labels[self.index].copy() if self.axis == 0 and doc.labels is not None else None
            doc.inputs = np.delete(doc.inputs, self.index, axis=self.axis)
            if self.axis == 0 and doc.labels is not None:
                doc.labels = np.delete(doc.labels, self.index)
            return Slice(self.axis, self.index, values, label)
        doc.inputs = np.insert(doc.inputs, self.index, self.values, axis=self.axis)
        if self.axis == 0 and doc.labels is not None:
            doc.labels = np.insert(doc.labels, self.index, self.label or 0)
        return Slice(self.axis, self.index)

    @property
    def nbytes(self) -> int:
        return 0 if self.values is None else int(self.values.nbytes)


_MISSING: Any = object()  # a part the record does not hold (labels may be None)


@dataclass
class Change:
    meta: Meta
    cells: tuple[Cell, ...] = ()
    slice: Slice | None = None
    layers: dict[int, LayerState] = field(default_factory=dict)
    steps: list[Step] | None = None  # the whole list of layers (the Step objects, shared)
    inputs: Any = _MISSING
    labels: Any = _MISSING
    steps_bytes: int = 0  # arrays of the layers in ``steps`` that the document no longer has

    @property
    def nbytes(self) -> int:
        arrays = sum(int(a.nbytes) for a in (self.inputs, self.labels) if isinstance(a, np.ndarray))
        layers = sum(state.nbytes for state in self.layers.values())
        sliced = self.slice.nbytes if self.slice is not None else 0
        return self.meta.nbytes + 100 * len(self.cells) + arrays + layers + sliced + self.steps_bytes

    def swap(self, doc: Parts) -> Change:
        """Put this record's parts into ``doc``; returns the record of what they replaced."""
        back = Change(Meta.of(doc))
        if self.steps is not None:
            back.steps, back.steps_bytes = list(doc.network.steps), steps_bytes(doc.network.steps, self.steps)
            doc.network.steps = list(self.steps)
        if self.layers:
            back.layers = {
                i: LayerState.of(doc.network.steps[i], state.weights is not None) for i, state in self.layers.items()
            }
            for i, state in self.layers.items():
                state.restore(doc.network.steps[i])
        if self.inputs is not _MISSING:
            back.inputs, doc.inputs = doc.inputs, self.inputs
        if self.labels is not _MISSING:
            back.labels, doc.labels = doc.labels, self.labels
        if self.slice is not None:
            back.slice = self.slice.swap(doc)
        if self.cells:
            back.cells = tuple(_swap_cell(doc, cell) for cell in reversed(self.cells))
        self.meta.restore(doc)
        return back


REGULARIZERS = ("weight_regularizer_l1", "weight_regularizer_l2", "bias_regularizer_l1", "bias_regularizer_l2")


def regularizers_of(dense: Dense) -> tuple[float, ...]:
    """A layer's four regularisation strengths, in REGULARIZERS' order (weight L1, weight L2, bias L1, bias L2)."""
    return tuple(float(getattr(dense, name)) for name in REGULARIZERS)


def dense_with(old: Dense, weights: np.ndarray, biases: np.ndarray) -> Dense:
    """A new Dense of these arrays with ``old``'s regularisation strengths: an edit of a
    layer's numbers (or undoing one) keeps the L1/L2 the layer trains with."""
    return Dense.from_arrays(weights, biases, **{name: getattr(old, name) for name in REGULARIZERS})


def steps_bytes(kept: list[Step], current: list[Step]) -> int:
    """The arrays of the layers in ``kept`` that ``current`` does not hold: what keeping them costs."""
    held = {id(step.dense) for step in current}
    return sum(int(s.dense.weights.nbytes + s.dense.biases.nbytes) for s in kept if id(s.dense) not in held)


def cell_array(doc: Parts, matrix: str, layer: int) -> np.ndarray:
    if matrix == "inputs":
        return doc.inputs
    if matrix == "labels":
        assert doc.labels is not None
        return doc.labels.reshape(-1, 1)
    dense = doc.network.steps[layer].dense
    return dense.weights if matrix == "weights" else dense.biases


def _swap_cell(doc: Parts, cell: Cell) -> Cell:
    target = cell_array(doc, cell.matrix, cell.layer)
    old = target[cell.row, cell.column].copy()
    target[cell.row, cell.column] = cell.value
    return Cell(cell.matrix, cell.layer, cell.row, cell.column, old)
