"""The document: the network, its batch and labels, and what the user has selected.

Every change goes through a method here. A method either applies the whole change or
raises EditRefused and leaves the document exactly as it was; the app shows the message
where the user is looking. Each applied change leaves one undo step holding only what it
replaced (tui/document/changes.py). The trace is a pure function of the document, recomputed once
per version.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
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
from engine.dropout import checked_rate, tiny_rate_problem
from engine.loss_choice import CHOICES
from engine.numbers import exact_number
from tui.document import limits
from tui.document.changes import Cell, Change, LayerState, Meta, Pending, Slice, cell_array, dense_with, steps_bytes
from tui.document.history import History
from tui.document.label_values import holds_targets, label_array, label_problem
from tui.document.limits import MAX_LAYERS, MAX_SAMPLES, MAX_WIDTH

MatrixName = Literal["inputs", "weights", "biases", "labels"]
WeightsView = Literal["stored", "rows"]

MAX_UNITS = MAX_WIDTH  # the old name: features, inputs or neurons of one layer
__all__ = ["MAX_LAYERS", "MAX_SAMPLES", "MAX_UNITS", "Document", "EditRefused", "LayerInit", "StepPosition"]

LOSS_CHOICES = (None, *CHOICES)  # Document.loss: a linear output's loss (None: mean squared error)
STAGES = ("inputs", "inputs · weights", "+ biases", "activation")
ACTIVATION_ORDER = ("relu", "sigmoid", "softmax", "linear")  # the order f goes through


class EditRefused(ValueError):
    """An edit that cannot be accepted; the document is unchanged."""


@dataclass(frozen=True)
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
    # The loss a linear output is scored by: "mse", "mae", or None (its own: mean squared
    # error); other outputs have one loss each (engine.loss_choice.loss_for).
    loss: str | None = None
    # The id of the lesson open when this state was current ("": none): kept in every undo
    # record, so undoing a lesson's opening brings back the lesson with its network.
    lesson: str = ""
    version: int = 0
    history: History[Change] = field(default_factory=History, repr=False)
    # After a feature (or a neuron) is removed or added, which weight row of layer
    # ``_pending[0]`` each incoming value meets (None: a new value), until the shapes agree
    # again; so the fix removes the row of the value that was removed, not the last one.
    _pending: Pending = field(default=None, repr=False)
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
        labels = None if example.labels is None else label_array(example.labels, np.dtype(example.dtype))
        inits = [LayerInit(seed + i, scale) for i in range(len(example.network))]
        loss = example.training.loss if example.training is not None else None
        return cls(example.network, example.inputs.astype(example.dtype), labels, np.dtype(example.dtype), name, inits,
                   loss=loss)

    def load_preset(self, name: str) -> None:
        try:
            fresh = Document.from_preset(name)
        except ValueError as error:
            raise EditRefused(str(error)) from None
        fresh.weights_view = self.weights_view  # a preset keeps the view the user chose
        self.replace_with(fresh)

    def replace_with(self, fresh: Document) -> None:
        """Take all of ``fresh`` (a preset, an opened file) as one edit that undo puts back:
        the layers, the data, the preset's name, number mode, selection and view."""
        self._record(steps=self.network.steps, against=fresh.network.steps, inputs=self.inputs, labels=self.labels)
        self.network.steps = fresh.network.steps
        self.inputs, self.labels = fresh.inputs, fresh.labels
        self.dtype, self.preset, self.inits = fresh.dtype, fresh.preset, list(fresh.inits)
        self.loss = fresh.loss
        self.selected, self.weights_view, self._pending = fresh.selected, fresh.weights_view, None
        self.step = None
        self._changed()

    # ------------------------------------------------------------------ reading
    @property
    def trace(self) -> Trace:
        if self._trace is None or self._trace_version != self.version:
            self._trace = self.network.forward_trace(self.inputs, self.labels, loss=self.loss)
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
        if stored == 0 and value != 0:  # underflow is refused as overflow is, never stored as 0
            tiny = str(np.finfo(target.dtype).smallest_subnormal)
            raise EditRefused(
                f"{text.strip()} is too small for {target.dtype}: it would be stored as 0 "
                f"(the smallest non-zero value is about {tiny}); type 0 if you mean 0"
            )
        self._record(cells=(Cell(matrix, self.selected, row, column, target[row, column].copy()),))
        target[row, column] = stored
        self._changed()
        return float(stored)

    def _set_label(self, row: int, value: float) -> float:
        """A label, checked by what the final activation makes of it (tui/document/label_values.py):
        a class index, 0 or 1 for a sigmoid, any finite number for a linear output."""
        if self.labels is None:
            raise EditRefused("there are no labels: press l in the inputs panel to add them")
        final = self.network.steps[-1].activation.name
        problem = label_problem(final, value)
        if problem is not None:
            raise EditRefused(problem)
        if not 0 <= row < len(self.labels):
            raise EditRefused(f"there is no sample {row}")
        if final == "linear" and not holds_targets(self.labels):
            return self._set_first_target(row, value)
        stored = _label_value(value, self.labels.dtype)
        self._record(cells=(Cell("labels", 0, row, 0, self.labels[row].copy()),))
        self.labels[row] = stored
        self._changed()
        return float(stored)

    def _set_first_target(self, row: int, value: float) -> float:
        """The first edit of class-index labels under a linear output: they become float
        targets in the number mode, as the book's regression data is (one undo step)."""
        assert self.labels is not None
        stored = _label_value(value, self.dtype)
        targets = self.labels.astype(self.dtype)
        targets[row] = stored
        self._record(labels=self.labels)
        self.labels = targets
        self._changed()
        return float(stored)

    def set_loss(self, choice: str | None) -> None:
        """Choose the loss a linear output is scored by (one undo step)."""
        if choice not in LOSS_CHOICES:
            names = ", ".join(repr(c) for c in LOSS_CHOICES if c)
            raise EditRefused(f"no loss called {choice!r}: choose {names}, or none for the output's own")
        if choice == self.loss:
            return
        self._record()
        self.loss = choice
        self._changed()

    def _matrix(self, matrix: MatrixName) -> np.ndarray:
        return cell_array(self, matrix, self.selected)

    def add_sample(self) -> None:
        samples, features = self.inputs.shape
        self._check(samples=samples + 1)
        self._record(slice=Slice(0, samples))
        self.inputs = np.vstack([self.inputs, np.zeros((1, features), dtype=self.inputs.dtype)])
        if self.labels is not None:
            self.labels = np.append(self.labels, 0)
        self._changed()

    def remove_sample(self, row: int | None = None) -> None:
        samples = self.inputs.shape[0]
        if samples <= 1:
            raise EditRefused("a batch needs at least 1 sample")
        row = samples - 1 if row is None else min(max(row, 0), samples - 1)
        self._record(slice=Slice(0, row).swap(self))  # removes the row, keeping it for undo
        self._changed()

    def add_feature(self) -> str:
        """A feature of zeros; returns where it went and which weight row it meets, when
        that is not simply the end ("" then).

        At the end, unless a removed feature's weight row is still waiting (the shape error
        after ``C``): then where that feature was, so that it meets that row and every other
        feature keeps meeting its own (at the end, f1's old row would meet f2, silently).
        """
        samples, features = self.inputs.shape
        self._check(features=features + 1)
        slot = self._free_row(0)
        column = features if slot is None else slot[0]
        self._record(slice=Slice(1, column))
        self.inputs = np.insert(self.inputs, column, 0.0, axis=1)
        self._place_incoming(0, features, column, None if slot is None else slot[1])
        self._changed()
        if slot is None:
            return ""
        return (
            f"added feature f{column} where the removed one was: it meets weight row i{slot[1]}, "
            "and every other feature keeps its own weights"
        )

    def remove_feature(self, column: int | None = None) -> None:
        features = self.inputs.shape[1]
        if features <= 1:
            raise EditRefused("a sample needs at least 1 feature")
        column = features - 1 if column is None else min(max(column, 0), features - 1)
        self._record(slice=Slice(1, column).swap(self))
        self._track_incoming(0, features, [f for f in range(features) if f != column])
        self._changed()

    def toggle_labels(self) -> bool:
        """Add labels (all class 0) or remove them; returns whether there are labels now."""
        self._record(labels=self.labels)
        self.labels = None if self.labels is not None else np.zeros(self.inputs.shape[0], dtype=np.int64)
        self._changed()
        return self.labels is not None

    # ------------------------------------------------------------------ layers
    def select_layer(self, index: int) -> None:
        """Select a layer (no undo step: selection is not an edit)."""
        self.selected = min(max(index, 0), len(self.network) - 1)
        self.version += 1

    def resize_layer(self, index: int, n_inputs: int, n_neurons: int) -> str:
        """New sizes for a layer: values that still fit are kept; new ones are drawn.

        A new weight is the value the layer's own initialisation (its seed and scale, see
        ``reinitialise``) draws at that position; a new bias is 0, as the book starts them.
        New rows and neurons go at the end, unless removed ones left a place (a value that
        meets no row, a row that no neuron feeds): they fill it first. Returns where they
        went when that is not the end ("" then).
        """
        # Checked before anything proportional to the sizes is built: a size typed with a
        # zero too many must be refused, not allocated (or overflow) first.
        self._check(layers={index: (n_inputs, n_neurons)})
        old_inputs, old_neurons = self.network.steps[index].dense.weights.shape
        rows: list[int | None] = [*range(min(old_inputs, n_inputs)), *[None] * (n_inputs - old_inputs)]
        columns: list[int | None] = [*range(min(old_neurons, n_neurons)), *[None] * (n_neurons - old_neurons)]
        meets = self._meets(index)
        # New rows first take the places of removed ones (R), so each value meets its own row.
        filled = _fill_holes(meets, old_inputs, n_inputs) if meets is not None else None
        if filled is not None:
            rows, meets = filled
        # New neurons first take the places of removed ones (C), whose rows in the next layer wait.
        placed: dict[int, int] = {}
        if n_neurons > old_neurons:
            slots = self._free_rows(index + 1)[: n_neurons - old_neurons]
            columns = [*range(old_neurons), *[None] * (n_neurons - old_neurons - len(slots))]
            for at, _ in reversed(slots):
                columns.insert(at, None)
            # Inserted right to left: the k-th slot (by position) ends k places further on.
            placed = {at + k: row for k, (at, row) in enumerate(slots)}
        self._reshape_layer(index, rows, columns)
        if self._pending is not None and self._pending[0] == index:
            self._pending = None if filled is None else (index, meets)  # type: ignore[assignment]
        if n_neurons != old_neurons:
            self._track_incoming(index + 1, old_neurons, columns, placed)
        self._changed()
        said = []
        if filled is not None:
            holes = [i for i, r in enumerate(rows) if r is None and i < len(meets)]
            names = ", ".join(f"i{i}" for i in holes)
            said.append(f"new weight row{'s' if len(holes) > 1 else ''} {names} put where the removed one{'s were' if len(holes) > 1 else ' was'}, "
                        "so every input keeps meeting its own row")
        if placed:
            names = ", ".join(f"n{at}" for at in placed)
            rows_next = ", ".join(f"i{row}" for row in placed.values())
            said.append(f"new neuron{'s' if len(placed) > 1 else ''} {names} put where the removed one{'s were' if len(placed) > 1 else ' was'}: "
                        f"layer {index + 2}'s weight row{'s' if len(placed) > 1 else ''} {rows_next} meet{'' if len(placed) > 1 else 's'} it")
        return "; ".join(said)

    def remove_layer_input(self, index: int, row: int) -> None:
        """Remove one weight row (one input) of a layer: the one at ``row``."""
        rows, columns = self.network.steps[index].dense.weights.shape
        if rows <= 1:
            raise EditRefused("a layer needs at least 1 input")
        row = min(max(row, 0), rows - 1)
        meets = self._meets(index)
        self._reshape_layer(index, [r for r in range(rows) if r != row], list(range(columns)))
        if meets is None:
            if self._pending is not None and self._pending[0] == index:
                self._pending = None
        else:
            # The value that met the removed row now meets none (the fix draws one there);
            # the rows after it moved up by one.
            self._pending = (index, tuple(None if m is None or m == row else m - (m > row) for m in meets))
        self._changed()

    def remove_layer_neuron(self, index: int, column: int) -> None:
        """Remove one neuron of a layer (a weight column and its bias): the one at ``column``."""
        n_inputs, n_neurons = self.network.steps[index].dense.weights.shape
        if n_neurons <= 1:
            raise EditRefused("a layer needs at least 1 neuron")
        column = min(max(column, 0), n_neurons - 1)
        kept = [c for c in range(n_neurons) if c != column]
        self._reshape_layer(index, list(range(n_inputs)), kept)
        self._track_incoming(index + 1, n_neurons, kept)
        self._changed()

    def _reshape_layer(self, index: int, rows: Sequence[int | None], columns: Sequence[int | None]) -> None:
        """Layer ``index`` gets weight row i from old row ``rows[i]`` and column j from
        ``columns[j]``; None means new: drawn by the layer's initialisation (bias 0)."""
        step = self.network.steps[index]
        old_w, old_b = step.dense.weights, step.dense.biases.reshape(-1)
        self._check(layers={index: (len(rows), len(columns))})
        if None in rows or None in columns:
            drawn = _drawn(len(rows), len(columns), self.inits[index], self.dtype)
            weights = drawn.weights.astype(old_w.dtype, copy=False)
        else:
            weights = np.empty((len(rows), len(columns)), dtype=old_w.dtype)  # every value is kept
        biases = np.zeros((1, len(columns)), dtype=old_b.dtype)
        keep_rows = [(i, r) for i, r in enumerate(rows) if r is not None and r < old_w.shape[0]]
        keep_columns = [(j, c) for j, c in enumerate(columns) if c is not None and c < old_w.shape[1]]
        if keep_rows and keep_columns:
            new_r, old_r = zip(*keep_rows)
            new_c, old_c = zip(*keep_columns)
            weights[np.ix_(new_r, new_c)] = old_w[np.ix_(old_r, old_c)]
        kept_biases = [(j, c) for j, c in enumerate(columns) if c is not None and c < old_b.size]
        if kept_biases:
            new_c, old_c = zip(*kept_biases)
            biases[0, list(new_c)] = old_b[list(old_c)]
        self._record(layers={index: LayerState.of(step, arrays=True)})
        step.dense = dense_with(step.dense, weights, biases)

    def _track_incoming(
        self, consumer: int, before: int, kept: Sequence[int | None], placed: dict[int, int] | None = None
    ) -> None:
        """The ``before`` values coming into layer ``consumer`` changed: the value now at i
        was at ``kept[i]`` (None: new; a new one at i meets row ``placed[i]`` if given).
        Remember which of its weight rows each one meets."""
        if consumer >= len(self.network):
            return
        n_rows = self.network.steps[consumer].dense.weights.shape[0]
        if self._pending is not None and self._pending[0] == consumer and len(self._pending[1]) == before:
            rows = self._pending[1]
        elif before == n_rows:
            rows = tuple(range(before))
        else:
            self._pending = None  # they did not agree before: which row meets which is unknown
            return
        placed = placed or {}
        self._pending = (consumer, tuple(placed.get(i) if k is None else rows[k] for i, k in enumerate(kept)))

    def _place_incoming(self, consumer: int, before: int, at: int, row: int | None) -> None:
        """One new value was inserted at ``at`` among the ``before`` coming into ``consumer``."""
        kept: list[int | None] = [*range(at), None, *range(at, before)]
        self._track_incoming(consumer, before, kept, None if row is None else {at: row})

    def _meets(self, consumer: int) -> tuple[int | None, ...] | None:
        """Which weight row of layer ``consumer`` each incoming value meets, if known."""
        if consumer >= len(self.network):
            return None
        if self._pending is not None and self._pending[0] == consumer:
            if len(self._pending[1]) == self._incoming(consumer):
                return self._pending[1]
            return None
        n_rows = self.network.steps[consumer].dense.weights.shape[0]
        return tuple(range(n_rows)) if self._incoming(consumer) == n_rows else None

    def _free_row(self, consumer: int) -> tuple[int, int] | None:
        """(position, row): where a new incoming value of layer ``consumer`` goes to meet a
        weight row that no value meets (its value was removed); None if every row is met."""
        slots = self._free_rows(consumer)
        return slots[0] if slots else None

    def _free_rows(self, consumer: int) -> list[tuple[int, int]]:
        """Every (position, row) as in ``_free_row``, by position among the current values."""
        if consumer >= len(self.network) or self._pending is None or self._pending[0] != consumer:
            return []
        meets = self._pending[1]
        n_rows = self.network.steps[consumer].dense.weights.shape[0]
        free = sorted(set(range(n_rows)) - {m for m in meets if m is not None})
        # After the last value meeting an earlier row: where the removed value was.
        return [(max((i + 1 for i, m in enumerate(meets) if m is not None and m < row), default=0), row) for row in free]

    def _incoming(self, consumer: int) -> int:
        """How many values come into layer ``consumer``: the features, or the neurons before it."""
        return self.inputs.shape[1] if consumer == 0 else self.network.steps[consumer - 1].dense.weights.shape[1]

    def add_layer(self) -> None:
        """A new layer after the selected one, fitting its outputs, as wide as they are."""
        width = self.layer.dense.weights.shape[1]
        self._check(insert=(self.selected + 1, (width, width)))
        init = LayerInit(self.inits[self.selected].seed + 1 if self.inits else 0, 0.1)
        dense = _drawn(width, width, init, self.dtype)
        steps = [*self.network.steps]
        steps.insert(self.selected + 1, Step(dense, activation_named("linear")))
        self._record(steps=self.network.steps, against=steps)
        self.network.steps = steps
        self.inits.insert(self.selected + 1, init)
        self.selected += 1
        self._pending = None
        self._changed()

    def remove_layer(self) -> str:
        if len(self.network) <= 1:
            raise EditRefused("a network needs at least 1 layer")
        steps = [step for i, step in enumerate(self.network.steps) if i != self.selected]
        note = ""
        if steps[-1].dropout:
            # The new last layer's output is what the loss scores: the book never drops it, and the
            # Trainer refuses it. A new Step, so that undo gets the old one, dropout and all, back.
            note = f"layer {len(steps)} is now the last layer, so its dropout {exact_number(steps[-1].dropout)} was removed"
            steps[-1] = replace(steps[-1], dropout=0.0)
        self._record(steps=self.network.steps, against=steps)
        self.network.steps = steps
        del self.inits[self.selected]
        self.selected = min(self.selected, len(self.network) - 1)
        self._pending = None
        self._changed()
        return note

    def cycle_activation(self) -> str:
        """The next of ReLU, sigmoid, softmax, linear (none), in that order; returns its name."""
        current = self.layer.activation.name
        name = ACTIVATION_ORDER[(ACTIVATION_ORDER.index(current) + 1) % len(ACTIVATION_ORDER)]
        self.set_activation(self.selected, name)
        return name

    def set_activation(self, index: int, name: str) -> None:
        step = self.network.steps[index]
        self._record(layers={index: LayerState.of(step, arrays=False)})
        step.activation = activation_named(name)
        self._changed()

    def set_dropout(self, rate: float, index: int | None = None) -> None:
        """A Dropout of ``rate`` after the layer's activation, on while training only; 0: none.

        Refused (the rate kept) unless 0 <= rate < 1, and on the last layer: the book puts
        dropout between layers, never on the output the loss scores.
        """
        index = self.selected if index is None else index
        try:
            rate = checked_rate(rate)
        except ValueError as error:
            why = " (1 would drop every value, and divide the rest by 1 − 1 = 0)" if rate == 1 else ""
            raise EditRefused(f"{error}{why}; 0.1 drops a tenth of them") from None
        tiny = tiny_rate_problem(rate)
        if tiny:
            raise EditRefused(tiny)
        if rate > 0 and index == len(self.network) - 1:
            raise EditRefused(
                f"layer {index + 1} is the last layer: its output is what the loss scores, and the book puts "
                "dropout between layers. Select a hidden layer ([ or ]) or add one after it (a)"
            )
        step = self.network.steps[index]
        if rate == step.dropout:
            return  # nothing changes: no undo step that would undo nothing
        self._record(layers={index: LayerState.of(step, arrays=False)})
        step.dropout = rate
        self._changed()

    def reinitialise(self, seed: int, scale: float) -> None:
        """Weights = scale * randn(n_inputs, n_neurons) after np.random.seed(seed); biases 0."""
        if not 0 <= seed < 2**32:
            raise EditRefused(f"a seed is a whole number from 0 to {2**32 - 1}")
        if not np.isfinite(scale) or scale <= 0 or scale > 1e6:
            raise EditRefused(
                f"the scale must be a positive number no larger than 1e6, such as 0.01 or 0.1, not {scale:g}"
            )
        n_inputs, n_neurons = self.layer.dense.weights.shape
        init = LayerInit(seed, scale)
        dense = _drawn(n_inputs, n_neurons, init, self.dtype)
        self._record(layers={self.selected: LayerState.of(self.layer, arrays=True)})
        self.layer.dense = dense_with(self.layer.dense, dense.weights, dense.biases)
        self.inits[self.selected] = init
        self._changed()

    def transpose_weights(self, index: int | None = None) -> None:
        index = self.selected if index is None else index
        step = self.network.steps[index]
        n_inputs, n_neurons = step.dense.weights.shape
        self._check(layers={index: (n_neurons, n_inputs)})
        self._record(layers={index: LayerState.of(step, arrays=True)})
        # New arrays both: the record keeps the old ones, which nothing may change from now on.
        step.dense = dense_with(step.dense, step.dense.weights.T.copy(order="C"), step.dense.biases.copy())
        self._pending = None
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
            return self._fit_inputs(index, error.left_shape[1])
        if action == "resize biases":
            dense = self.network.steps[index].dense
            self.resize_layer(index, dense.weights.shape[0], dense.weights.shape[1])
            self.selected = index
            return f"layer {index + 1} now has one bias per neuron"
        if action == "resize labels" and self.labels is not None:
            self._record(labels=self.labels)
            samples = self.inputs.shape[0]
            zeros = np.zeros(samples, dtype=self.labels.dtype)
            self.labels = np.resize(np.append(self.labels, zeros), samples)[:samples]
            self._changed()
            return f"the labels now have one class per sample ({samples})"
        raise EditRefused("this error has no one-step fix: " + error.fix)

    def _fit_inputs(self, index: int, incoming: int) -> str:
        """Layer ``index`` takes ``incoming`` values: each keeps the weight row it met before
        (the row of a removed feature or neuron goes with it); a new one gets a drawn row."""
        n_rows, n_neurons = self.network.steps[index].dense.weights.shape
        pending = self._pending
        if pending is not None and pending[0] == index and len(pending[1]) == incoming:
            rows: list[int | None] = list(pending[1])
        else:  # nothing known: keep the first rows, as a resize does
            rows = [*range(min(n_rows, incoming)), *[None] * (incoming - n_rows)]
        self._reshape_layer(index, rows, list(range(n_neurons)))
        self._pending = None
        self.selected = index
        self._changed()
        dropped = sorted(set(range(n_rows)) - {r for r in rows if r is not None})
        said = [f"layer {index + 1} now takes {incoming} inputs"]
        if dropped:
            names, plural = ", ".join(f"i{r}" for r in dropped), "s" if len(dropped) > 1 else ""
            said.append(f"removed weight row{plural} {names} (of the removed input{plural})")
        new = [i for i, r in enumerate(rows) if r is None]
        if new:
            init = self.inits[index]
            names, plural = ", ".join(f"i{i}" for i in new), "s" if len(new) > 1 else ""
            said.append(f"new row{plural} {names} drawn with seed {init.seed}, scale {init.scale:g}")
        return "; ".join(said)

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
        copies = {i: LayerState.of(step, arrays=True, copy=True) for i, step in enumerate(self.network.steps)}
        self._record(layers=copies)
        self.version += 1

    def training_changed(self) -> None:
        """The weights were changed in place by training: recompute the trace."""
        self.version += 1

    def use_data(self, inputs: np.ndarray, labels: np.ndarray) -> None:
        """Train on a generated data set: it becomes the inputs and labels."""
        inputs = np.atleast_2d(np.asarray(inputs, dtype=self.dtype))
        self._check(samples=inputs.shape[0], features=inputs.shape[1])
        self._record(inputs=self.inputs, labels=self.labels)
        self.inputs = inputs
        self._pending = None  # new data: which weight row a removed feature's value met is gone with it
        self.labels = label_array(labels, self.dtype)  # class indices, or sine_data's float targets
        self._changed()

    # ------------------------------------------------------------------ limits
    def _check(
        self,
        samples: int | None = None,
        features: int | None = None,
        layers: dict[int, tuple[int, int]] | None = None,
        insert: tuple[int, tuple[int, int]] | None = None,
    ) -> None:
        """The one check every size change passes (tui/document/limits.py): the document as it would
        be after the change, against the budgets; refused with the budget's name."""
        shapes = [tuple(step.dense.weights.shape) for step in self.network.steps]
        for index, shape in (layers or {}).items():
            shapes[index] = shape
        if insert is not None:
            shapes.insert(insert[0], insert[1])
        problem = limits.refusal(
            self.inputs.shape[0] if samples is None else samples,
            self.inputs.shape[1] if features is None else features,
            shapes,  # type: ignore[arg-type]
        )
        if problem is not None:
            raise EditRefused(problem)

    # ------------------------------------------------------------- undo, redo
    def undo(self) -> bool:
        """Put back what the last edit replaced; False if there is nothing (more) to undo."""
        return self._move(self.history.undo)

    def redo(self) -> bool:
        """Do again what undo took back; a new edit ends the line of redos."""
        return self._move(self.history.redo)

    def undo_note(self, what: str = "undo") -> str:
        return self.history.empty_note(what)

    def _move(self, move: Callable[[Callable[[Change], Change]], bool]) -> bool:
        if not move(lambda change: change.swap(self)):
            return False
        self.step = None
        self.selected = min(self.selected, len(self.network) - 1)
        self.version += 1
        return True

    def _record(
        self,
        steps: list[Step] | None = None,
        against: list[Step] | None = None,
        **parts: object,
    ) -> None:
        """One undo step: the small state, and the parts the edit is about to replace."""
        change = Change(Meta.of(self), **parts)  # type: ignore[arg-type]
        if steps is not None:
            change.steps = list(steps)
            change.steps_bytes = steps_bytes(change.steps, against or [])
        self.history.push(change)

    def _changed(self) -> None:
        # A structural edit can leave the step position past the network's end.
        if self.step is not None and self.step.layer >= len(self.network):
            self.step = None
        self.selected = min(self.selected, len(self.network) - 1)
        pending = self._pending
        if pending is not None and (
            pending[0] >= len(self.network)
            or self._incoming(pending[0]) == self.network.steps[pending[0]].dense.weights.shape[0]
        ):
            self._pending = None  # the shapes agree again
        self.version += 1


def _label_value(value: float, dtype: np.dtype) -> np.generic:
    """A checked label in the labels' own type; refused if it would not be stored as itself."""
    if dtype.kind != "f":
        return dtype.type(int(value))  # a class index, checked whole by label_problem
    with np.errstate(over="ignore"):
        stored = dtype.type(value)
    if not np.isfinite(stored):
        raise EditRefused(f"{value:g} is too large for {dtype} (the nnfs mode uses float32)")
    if stored == 0 and value != 0:
        raise EditRefused(f"{value:g} is too small for {dtype}: it would be stored as 0")
    return stored


def _drawn(n_inputs: int, n_neurons: int, init: LayerInit, dtype: np.dtype) -> Dense:
    """A layer drawn the book's way: seed the global generator, then scale * randn."""
    np.random.seed(init.seed)
    return Dense(n_inputs, n_neurons, weight_scale=init.scale, dtype=dtype)


def _fill_holes(
    meets: tuple[int | None, ...], old_rows: int, new_rows: int
) -> tuple[list[int | None], tuple[int | None, ...]] | None:
    """Growing a layer from ``old_rows`` to ``new_rows`` weight rows while some incoming
    values meet no row (``meets`` holds None: their rows were removed): the new rows go
    there first, the rest at the end. Returns (the rows' layout, what each value now meets),
    or None when there is no hole to fill or some row is met by no value."""
    if None not in meets or new_rows <= old_rows or {m for m in meets if m is not None} != set(range(old_rows)):
        return None
    extra = new_rows - old_rows
    layout: list[int | None] = []
    now: list[int | None] = []
    for m in meets:
        if m is None and extra == 0:
            now.append(None)
            continue
        if m is None:
            extra -= 1
        now.append(len(layout))
        layout.append(m)
    layout.extend([None] * extra)
    return layout, tuple(now)

