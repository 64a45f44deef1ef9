"""The checks a saved session can be graded by: numbers, shapes, errors, scores, layers.

Each reads the document and its trace (the engine's numbers, never the screen's text).
Addresses are those of the screen: ``layer`` 1-based, ``row`` and ``column`` as the
headers number them (s0, n1); weights as Layer_Dense stores them (n_inputs, n_neurons), and
their gradients the same way (``tui.lessons.gradients``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from engine.loss_choice import CHOICES, loss_for
from engine.numbers import format_number
from tui.document.state import ACTIVATION_ORDER
from tui.lessons.context import LessonContext, layer_problem
from tui.lessons.gradients import GRADIENT_MATRICES, gradient_matrix
from tui.lessons.vocabulary import (
    COMPARE_KEYS,
    DEFAULT_TOLERANCE,
    Check,
    CheckResult,
    Compare,
    Key,
    SpecError,
)

FORWARD_MATRICES = ("inputs", "labels", "weights", "biases", "z", "output")
MATRICES = (*FORWARD_MATRICES, *GRADIENT_MATRICES)
LAYER_MATRICES = ("weights", "biases", "z", "output", *GRADIENT_MATRICES)
# Left without a layer, "output" is the network's output and "dvalues" the loss's gradient.
WHOLE_NETWORK = ("output", "dvalues")
OPERATIONS = ("dot", "add bias", "labels", "class index")
PARTS = ("weights", "biases", "total")


# ------------------------------------------------------------------ where numbers are
def matrix_of(context: LessonContext, matrix: str, layer: int | None) -> tuple[np.ndarray | None, str]:
    """The 2-D matrix a check addresses and its name for messages, or (None, why not)."""
    document = context.document
    if matrix == "inputs":
        return np.atleast_2d(document.inputs), "the inputs"
    if matrix == "labels":
        if document.labels is None:
            return None, "there are no labels"
        return np.asarray(document.labels).reshape(-1, 1), "the labels"
    if matrix == "output" and layer is None:
        output = context.trace.output
        if output is None or context.trace.error is not None:
            return None, "the network's output is not computed: there is a shape error"
        return output, "the network's output"
    if matrix in GRADIENT_MATRICES:
        problem = None if layer is None else layer_problem(context, layer, computed=False)
        return (None, problem) if problem is not None else gradient_matrix(context, matrix, layer)
    assert layer is not None
    problem = layer_problem(context, layer, matrix in ("z", "output"))
    if problem is not None:
        return None, problem
    if matrix in ("weights", "biases"):
        dense = document.network.steps[layer - 1].dense
        values = dense.weights if matrix == "weights" else dense.biases
        return np.atleast_2d(values), f"layer {layer}'s {matrix}"
    record = context.trace.records[layer - 1]
    return (record.z if matrix == "z" else record.output), f"layer {layer}'s {matrix}"


def _have(name: str) -> str:
    """ "the inputs have", "layer 1's output has". """
    what = name.split(" row ")[0]
    return f"{name} {'has' if what.endswith(('output', 'z')) else 'have'}"


def _cell_name(matrix: str, row: int | None, column: int | None) -> str:
    rows = "every sample" if row is None else f"s{row}"
    if matrix == "labels":
        return "every label" if row is None else f"s{row}"
    if matrix in ("weights", "dweights"):
        rows = "every row" if row is None else f"i{row}"
        columns = "every neuron" if column is None else f"n{column}"
        return f"{rows} {columns}"
    if matrix == "inputs":
        return f"{rows} {'every feature' if column is None else f'f{column}'}"
    if matrix == "dinputs":  # a column per input of the layer, as the weights' rows i0, i1
        return f"{rows} {'every input' if column is None else f'i{column}'}"
    if matrix in ("biases", "dbiases"):
        return "every bias" if column is None else f"n{column}"
    return f"{rows} {'every neuron' if column is None else f'n{column}'}"


# ------------------------------------------------------------------ state checks
LAYER_KEY = {"layer": Key("layer")}


def _validate_matrix_layer(matrix: str, layer: int | None) -> None:
    if matrix in LAYER_MATRICES and layer is None and matrix not in WHOLE_NETWORK:
        raise SpecError("layer", f'the {matrix} of which layer? add layer = 1 (or another layer number)')
    if matrix in ("inputs", "labels") and layer is not None:
        raise SpecError("layer", f"the {matrix} belong to no layer: leave layer out")


@dataclass(frozen=True)
class CellCheck(Compare, Check):
    kind: ClassVar[str] = "cell"
    KEYS: ClassVar[dict[str, Key]] = {
        "matrix": Key("text", True, MATRICES),
        **LAYER_KEY,
        "row": Key("index"),
        "column": Key("index"),
        **COMPARE_KEYS,
    }
    matrix: str = "output"
    layer: int | None = None
    row: int | None = None
    column: int | None = None

    def validate(self) -> None:
        _validate_matrix_layer(self.matrix, self.layer)
        if self.matrix == "labels" and self.column not in (None, 0):
            raise SpecError("column", "the labels have one column: leave column out")
        if self.matrix in ("biases", "dbiases") and self.row not in (None, 0):
            raise SpecError("row", f"the {self.matrix} have one row: leave row out")
        self.validate_compare()

    def evaluate(self, context: LessonContext) -> CheckResult:
        values, name = matrix_of(context, self.matrix, self.layer)
        if values is None:
            return CheckResult(False, name)
        rows, columns = values.shape
        if self.row is not None and self.row >= rows:
            return CheckResult(False, f"{_have(name)} no row {self.row} (shape {values.shape})")
        if self.column is not None and self.column >= columns:
            return CheckResult(False, f"{_have(name)} no column {self.column} (shape {values.shape})")
        picked = values[slice(None) if self.row is None else self.row, slice(None) if self.column is None else self.column]
        picked = np.atleast_1d(picked)
        where = f"{name} {_cell_name(self.matrix, self.row, self.column)}"
        for index, value in enumerate(picked.ravel()):
            if not self.holds(float(value)):
                if picked.size > 1:
                    row, column = self._place(index, picked.shape)
                    where = f"{name} {_cell_name(self.matrix, row, column)}"
                return self.judge(where, float(value), "")
        if picked.size == 1:
            return self.judge(where, float(picked.ravel()[0]), "")
        return CheckResult(True, f"{where}: all {picked.size} are {self.wanted()}")

    def _place(self, index: int, shape: tuple[int, ...]) -> tuple[int | None, int | None]:
        if self.row is None and self.column is None:
            return divmod(index, shape[1]) if len(shape) == 2 else (index, 0)
        return (index, self.column) if self.row is None else (self.row, index)


@dataclass(frozen=True)
class ValuesCheck(Check):
    kind: ClassVar[str] = "values"
    KEYS: ClassVar[dict[str, Key]] = {
        "matrix": Key("text", True, MATRICES), **LAYER_KEY, "row": Key("index"), "equals": Key("rows", True),
        "tolerance": Key("number"),
    }
    matrix: str = "output"
    equals: tuple[tuple[float, ...], ...] = ()
    layer: int | None = None
    row: int | None = None
    tolerance: float | None = None

    def validate(self) -> None:
        _validate_matrix_layer(self.matrix, self.layer)
        if self.tolerance is not None and self.tolerance < 0:
            raise SpecError("tolerance", f"tolerance must be 0 or more, not {self.tolerance}")
        if self.row is not None and len(self.equals) != 1:
            raise SpecError("equals", f"with row = {self.row}, equals is that one row: [[a, b, ...]]")

    def evaluate(self, context: LessonContext) -> CheckResult:
        values, base = matrix_of(context, self.matrix, self.layer)
        if values is None:
            return CheckResult(False, base)
        first, name = 0, base
        if self.row is not None:
            if self.row >= values.shape[0]:
                return CheckResult(False, f"{_have(base)} no row {self.row} (shape {tuple(values.shape)})")
            values = values[self.row : self.row + 1]
            first, name = self.row, f"{base} row {self.row}"
        wanted = np.array(self.equals)
        if values.shape != wanted.shape:
            return CheckResult(False, f"{_have(name)} shape {tuple(values.shape)}; wanted {tuple(wanted.shape)}")
        tolerance = DEFAULT_TOLERANCE if self.tolerance is None else self.tolerance
        with np.errstate(invalid="ignore", over="ignore"):
            off = ~(np.abs(values.astype(np.float64) - wanted) <= tolerance)
        if not off.any():
            return CheckResult(True, f"{name} are as wanted")
        row, column = (int(i) for i in np.argwhere(off)[0])
        where = _cell_name(self.matrix, first + row, column)
        return CheckResult(False, f"{base} {where} is {format_number(values[row, column], 8)}; "
                                  f"wanted {format_number(wanted[row, column], 8)}")


@dataclass(frozen=True)
class ShapeCheck(Check):
    kind: ClassVar[str] = "shape"
    KEYS: ClassVar[dict[str, Key]] = {"matrix": Key("text", True, MATRICES), **LAYER_KEY, "equals": Key("shape", True)}
    matrix: str = "output"
    equals: tuple[int, ...] = ()
    layer: int | None = None

    def validate(self) -> None:
        _validate_matrix_layer(self.matrix, self.layer)

    def evaluate(self, context: LessonContext) -> CheckResult:
        if self.matrix == "labels":
            labels = context.document.labels
            values, name = (None, "there are no labels") if labels is None else (np.asarray(labels), "the labels")
        else:
            values, name = matrix_of(context, self.matrix, self.layer)
        if values is None:
            return CheckResult(False, name)
        shape = tuple(values.shape)
        if shape == self.equals:
            return CheckResult(True, f"{_have(name)} shape {shape}")
        return CheckResult(False, f"{_have(name)} shape {shape}; wanted {self.equals}")


@dataclass(frozen=True)
class ShapeErrorCheck(Check):
    kind: ClassVar[str] = "shape_error"
    KEYS: ClassVar[dict[str, Key]] = {"operation": Key("text", False, OPERATIONS), **LAYER_KEY}
    operation: str | None = None
    layer: int | None = None

    def evaluate(self, context: LessonContext) -> CheckResult:
        error = context.trace.error
        wanted = "a shape error" + (f" ({self.operation})" if self.operation else "") + (
            f" in layer {self.layer}" if self.layer is not None else "")
        if error is None:
            return CheckResult(False, f"there is no shape error; wanted {wanted}")
        where = f"a shape error ({error.operation})" + (f" in layer {error.layer}" if error.layer is not None else "")
        if (self.operation is not None and error.operation != self.operation) or (
            self.layer is not None and error.layer != self.layer
        ):
            return CheckResult(False, f"there is {where}; wanted {wanted}")
        return CheckResult(True, f"there is {where}")


@dataclass(frozen=True)
class NoShapeErrorCheck(Check):
    kind: ClassVar[str] = "no_shape_error"

    def evaluate(self, context: LessonContext) -> CheckResult:
        error = context.trace.error
        if error is None:
            return CheckResult(True, "every shape fits")
        where = f" in layer {error.layer}" if error.layer is not None else ""
        return CheckResult(False, f"there is a shape error ({error.operation}){where}")


@dataclass(frozen=True)
class LossCheck(Compare, Check):
    kind: ClassVar[str] = "loss"
    KEYS: ClassVar[dict[str, Key]] = dict(COMPARE_KEYS)

    def validate(self) -> None:
        self.validate_compare()

    def evaluate(self, context: LessonContext) -> CheckResult:
        return self.judge("the loss", context.trace.loss, _unscored(context, "loss"))


@dataclass(frozen=True)
class AccuracyCheck(LossCheck):
    kind: ClassVar[str] = "accuracy"

    def evaluate(self, context: LessonContext) -> CheckResult:
        return self.judge("the accuracy", context.trace.accuracy, _unscored(context, "accuracy"))


@dataclass(frozen=True)
class CostCheck(LossCheck):
    kind: ClassVar[str] = "cost"

    def evaluate(self, context: LessonContext) -> CheckResult:
        return self.judge("the cost (errors / predictions, 1 − accuracy)", context.trace.error_rate,
                          _unscored(context, "cost"))


def _unscored(context: LessonContext, what: str) -> str:
    trace = context.trace
    if context.document.labels is None:
        return f"there is no {what}: the batch has no labels (l in the inputs panel adds them)"
    if trace.error is not None:
        return f"there is no {what}: there is a shape error"
    if trace.nonfinite is not None:
        return f"there is no {what}: a number overflowed"
    if what == "loss" or what == "sample loss":
        last = context.document.network.steps[-1].activation.name
        return f"there is no {what}: a {last} output has none; {_losses_of_outputs()}"
    return f"there is no {what}"


def _losses_of_outputs() -> str:
    """Which last activation has which loss, as the engine chooses it (``loss_for``):
    "sigmoid → binary cross-entropy, ..." and the key that changes it."""
    said = []
    for name in ACTIVATION_ORDER:
        losses = dict.fromkeys(loss_for(name, choice) for choice in (None, *CHOICES))
        if None not in losses:
            said.append(f"{name} → {' or '.join(str(loss) for loss in losses)}")
    return f"{', '.join(said)} (f changes the last layer's activation)"


@dataclass(frozen=True)
class SampleLossCheck(Compare, Check):
    kind: ClassVar[str] = "sample_loss"
    KEYS: ClassVar[dict[str, Key]] = {"row": Key("index", True), **COMPARE_KEYS}
    row: int = 0

    def validate(self) -> None:
        self.validate_compare()

    def evaluate(self, context: LessonContext) -> CheckResult:
        losses = context.trace.sample_losses
        if losses is None:
            return CheckResult(False, _unscored(context, "sample loss"))
        if self.row >= len(losses):
            return CheckResult(False, f"there is no sample s{self.row}: the batch has {len(losses)}")
        return self.judge(f"sample s{self.row}'s loss", float(losses[self.row]), "")


@dataclass(frozen=True)
class LayerCountCheck(Check):
    kind: ClassVar[str] = "layer_count"
    KEYS: ClassVar[dict[str, Key]] = {"equals": Key("whole", True)}
    equals: int = 0

    def evaluate(self, context: LessonContext) -> CheckResult:
        count = len(context.document.network)
        said = f"the network has {count} layer{'s' * (count != 1)}"
        return CheckResult(count == self.equals, said if count == self.equals else f"{said}; wanted {self.equals}")


@dataclass(frozen=True)
class ActivationCheck(Check):
    kind: ClassVar[str] = "activation"
    KEYS: ClassVar[dict[str, Key]] = {"layer": Key("layer", True), "name": Key("text", True, ACTIVATION_ORDER)}
    layer: int = 1
    name: str = "linear"

    def evaluate(self, context: LessonContext) -> CheckResult:
        problem = layer_problem(context, self.layer, computed=False)
        if problem is not None:
            return CheckResult(False, problem)
        name = context.document.network.steps[self.layer - 1].activation.name
        said = f"layer {self.layer}'s activation is {name}"
        return CheckResult(name == self.name, said if name == self.name else f"{said}; wanted {self.name}")


@dataclass(frozen=True)
class ParametersCheck(Check):
    kind: ClassVar[str] = "parameters"
    KEYS: ClassVar[dict[str, Key]] = {"equals": Key("whole", True), "part": Key("text", False, PARTS)}
    equals: int = 0
    part: str = "total"

    def evaluate(self, context: LessonContext) -> CheckResult:
        count = dict(zip(PARTS, context.document.counts()))[self.part]
        said = f"the network holds {count:,} {'parameters' if self.part == 'total' else self.part}"
        return CheckResult(count == self.equals, said if count == self.equals else f"{said}; wanted {self.equals:,}")
