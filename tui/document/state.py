"""The document: the network, its batch and labels, and what the user has selected.

Every change goes through a method of ``Document``. A method either applies the whole
change or raises EditRefused and leaves the document exactly as it was; the app shows the
message where the user is looking. Each applied change leaves one undo step holding only
what it replaced (tui.document.changes). The trace is a pure function of the document,
recomputed once per version.

``Document`` is built from rooms of one idea each: its parts and the check, record and
undo every edit shares (tui.document.core), reshaping layers (tui.document.reshaping),
the labels (tui.document.labelling), step mode (tui.document.stepping) and a step of
gradient descent by hand (tui.document.descent); the edits of
the batch, the layers, the fixes and training are here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import numpy as np

from engine import (
    DEFAULT_PRESET,
    MatrixValueError,
    Step,
    activation_named,
    load_preset,
    parameter_counts,
    parse_number,
)
from engine.dropout import checked_rate, tiny_rate_problem
from engine.loss_choice import CHOICES
from engine.numbers import exact_number
from tui.document.changes import (
    Cell,
    Change,
    LayerState,
    Meta,
    Slice,
    WeightsView,
    cell_array,
    dense_with,
    regularizers_of,
)
from tui.document.core import STAGES, AnswerMark, EditRefused, LayerInit, StepPosition, drawn
from tui.document.descent import Descent
from tui.document.label_values import label_array
from tui.document.labelling import Labelling
from tui.document.limits import MAX_LAYERS, MAX_SAMPLES, MAX_WIDTH
from tui.document.reshaping import Reshaping
from tui.document.stepping import Stepping

MatrixName = Literal["inputs", "weights", "biases", "labels"]

MAX_UNITS = MAX_WIDTH  # the old name: features, inputs or neurons of one layer
__all__ = [
    "MAX_LAYERS", "MAX_SAMPLES", "MAX_UNITS", "STAGES", "AnswerMark", "Document", "EditRefused", "LayerInit", "StepPosition",
    "WeightsView",
]

LOSS_CHOICES = (None, *CHOICES)  # Document.loss: a linear output's loss (None: mean squared error)
ACTIVATION_ORDER = ("relu", "sigmoid", "softmax", "linear")  # the order f goes through


class Document(Reshaping, Labelling, Stepping, Descent):
    """The network, its batch and labels, what is selected, and every edit of them."""

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
        fresh.answers = self.answers  # and the lesson's answers: they are not the network's
        fresh.answer_marks = self.answer_marks
        self.replace_with(fresh)

    def replace_with(self, fresh: Document) -> None:
        """Take all of ``fresh`` (a preset, an opened file) as one edit that undo puts back:
        the layers, the data, the preset's name, number mode, selection and view."""
        self._record(steps=self.network.steps, against=fresh.network.steps, inputs=self.inputs, labels=self.labels)
        self.network.steps = fresh.network.steps
        self.inputs, self.labels = fresh.inputs, fresh.labels
        self.dtype, self.preset, self.inits = fresh.dtype, fresh.preset, list(fresh.inits)
        self.loss = fresh.loss
        self.answers = dict(fresh.answers)  # a file's, a lesson's start (none): undo leaves answers be
        self.answer_marks = dict(fresh.answer_marks)
        self.selected, self.weights_view, self.incoming_rows = fresh.selected, fresh.weights_view, None
        self.step = None
        self._changed()

    def set_answer(self, task_id: str, value: float, predicted: bool = False) -> None:
        """The learner's answer to the lesson's task ``task_id`` (replacing one given before),
        ``predicted`` if typed while the task's other checks did not hold; one more try.
        No undo record (it is not an edit of the network); a new version, so it is autosaved."""
        self.answers[task_id] = float(value)
        before = self.answer_marks.get(task_id)
        self.answer_marks[task_id] = AnswerMark(predicted, (before.tries if before else 0) + 1)
        self._moved_no_number()

    # ------------------------------------------------------------------ reading
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
            # A zero of the labels' own type: np.append(labels, 0) makes float32 targets float64.
            self.labels = np.append(self.labels, np.zeros(1, dtype=self.labels.dtype))
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

    # ------------------------------------------------------------------ layers
    def select_layer(self, index: int) -> None:
        """Select a layer (no undo step: selection is not an edit)."""
        self.selected = min(max(index, 0), len(self.network) - 1)
        self.version += 1
        self._step_after_change()  # in the backward pass, the stage follows the layer

    def add_layer(self) -> None:
        """A new layer after the selected one, fitting its outputs, as wide as they are."""
        width = self.layer.dense.weights.shape[1]
        self._check(insert=(self.selected + 1, (width, width)))
        init = LayerInit(self.inits[self.selected].seed + 1 if self.inits else 0, 0.1)
        dense = drawn(width, width, init, self.dtype)
        steps = [*self.network.steps]
        steps.insert(self.selected + 1, Step(dense, activation_named("linear")))
        self._record(steps=self.network.steps, against=steps)
        self.network.steps = steps
        self.inits.insert(self.selected + 1, init)
        self.selected += 1
        self.incoming_rows = None
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
        self.incoming_rows = None
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

    def set_regularizers(self, strengths: tuple[float, float, float, float], index: int | None = None) -> None:
        """The layer's L1/L2 strengths (weight L1, weight L2, bias L1, bias L2: the book's
        Layer_Dense keywords; 0 turns one off): one undo step; refused (all kept) unless
        each is a number from 0 to 1e6 (past it the penalty alone is the loss, and 1e308 made it
        infinite, which training then blamed on the weights)."""
        index = self.selected if index is None else index
        names = ("weight L1", "weight L2", "bias L1", "bias L2")
        for name, value in zip(names, strengths):
            if not np.isfinite(value) or value < 0 or value > 1e6:
                raise EditRefused(f"the {name} strength must be from 0 (off) to 1e6, such as 5e-4, not {value:g}")
        step = self.network.steps[index]
        if regularizers_of(step.dense) == tuple(float(v) for v in strengths):
            return  # nothing changes: no undo step that would undo nothing
        self._record(layers={index: LayerState.of(step, arrays=False)})
        step.dense.set_regularizers(*strengths)
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
        dense = drawn(n_inputs, n_neurons, init, self.dtype)
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
        self.incoming_rows = None
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

    # ----------------------------------------------------------------- training
    def begin_training(self) -> None:
        """Before a training session changes the weights in place: one undo step for all of it."""
        copies = {i: LayerState.of(step, arrays=True, copy=True) for i, step in enumerate(self.network.steps)}
        self._record(layers=copies)
        self.version += 1

    def training_changed(self) -> None:
        """The weights were changed in place by training: recompute the trace."""
        self.version += 1

    def fit(self, features: int, outputs: int, last_activation: str) -> None:
        """Fit the network to the data: the first layer takes ``features`` inputs, the last
        gives ``outputs`` with ``last_activation``; each part only if it differs.

        The parts are the edits a user would make one by one (``resize_layer``,
        ``set_activation``) but all or nothing, and one undo step: a refused part raises
        its EditRefused and leaves the document as it was.
        """
        last = len(self.network) - 1
        first, final = self.network.steps[0], self.network.steps[last]
        resize_first, resize_last = first.dense.n_inputs != features, final.dense.n_neurons != outputs
        activate = final.activation.name != last_activation
        reshaped = {i for i, resized in ((0, resize_first), (last, resize_last)) if resized}
        touched = reshaped | ({last} if activate else set())
        if not touched:
            return  # nothing changes: no undo step that would undo nothing
        before = Change(
            Meta.of(self), layers={i: LayerState.of(self.network.steps[i], arrays=i in reshaped) for i in touched}
        )
        with self._one_step(before):
            if resize_first:
                self.resize_layer(0, features, first.dense.n_neurons)
            if resize_last:
                self.resize_layer(last, self.network.steps[last].dense.n_inputs, outputs)
            if activate:
                self.set_activation(last, last_activation)

    def use_data(self, inputs: np.ndarray, labels: np.ndarray) -> None:
        """Train on a generated data set: it becomes the inputs and labels."""
        inputs = np.atleast_2d(np.asarray(inputs, dtype=self.dtype))
        self._check(samples=inputs.shape[0], features=inputs.shape[1])
        self._record(inputs=self.inputs, labels=self.labels)
        self.inputs = inputs
        self.incoming_rows = None  # new data: which weight row a removed feature's value met is gone with it
        self.labels = label_array(labels, self.dtype)  # class indices, or sine_data's float targets
        self._changed()
