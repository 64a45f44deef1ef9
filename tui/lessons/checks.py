"""The closed vocabulary of a lesson's checks, and how each is evaluated.

A task's check is a TOML table: ``check = "<kind>"`` and the keys below. Nothing is
evaluated as code: each kind is a class here that reads the document and its trace (the
engine's numbers, never the screen's text) or the events the app recorded
(tui/lessons/context.py). A key that is not listed, a missing key, a value of the wrong
type or out of range is refused when the lesson is loaded (tui/lessons/loader.py).

Addresses are those of the screen: ``layer`` is 1-based ("Layer 1"); ``row`` and
``column`` are numbered as the grids' headers number them, from 0 (s0 is row 0, n1 is
column 1), as NumPy indexes them. Weights are addressed as Layer_Dense stores them,
(n_inputs, n_neurons): row i is an input, column n a neuron, whatever view is on screen.

Comparisons (where a kind says *compare*): ``equals = V`` with ``tolerance = T``
(default 1e-6), or ``at_most = V`` and/or ``at_least = V``.

State checks (graded from a saved session too):

- ``cell``: ``matrix`` one of inputs, labels, weights, biases, z, output; ``layer``
  (for weights, biases, z, output; for output it may be left out: the network's output);
  ``row``, ``column`` (leave one out for every row or every column); compare.
  "z" is the layer's sum before its activation, "output" after it.
- ``values``: a whole matrix: ``matrix`` and ``layer`` as for cell, ``equals`` its rows
  (``[[0.2], [0.8], [-0.5]]``), ``tolerance`` (default 1e-6). "Unchanged" is this check.
- ``shape``: ``matrix`` as for cell, ``layer``, ``equals = [rows, columns]``.
- ``shape_error``: there is a shape error; optionally ``operation`` (dot, add bias,
  labels, class index: engine/errors.py) and ``layer``.
- ``no_shape_error``: every layer (and the labels) fit.
- ``loss``, ``accuracy``: the batch's loss or accuracy; compare. ``cost``: the notes'
  cost, errors / predictions (1 - accuracy); compare.
- ``sample_loss``: one sample's loss, ``row``; compare.
- ``layer_count``: ``equals`` a whole number.
- ``activation``: ``layer``, ``name`` one of linear, relu, softmax.
- ``parameters``: ``equals`` a whole number; ``part`` weights, biases or total (default).
- ``cursor``: the cursor is on ``matrix`` (as for cell, and "results"), ``row``,
  ``column``; ``layer`` for a layer's matrix (default: any layer).

Event checks (done in the workbench; ``nnwb check`` does not grade them):

- ``stage``: step mode showed ``stage`` (inputs, inputs · weights, + biases, activation)
  of ``layer``.
- ``command_used``, ``command_not_used``: the command ``command`` (a name of
  tui/commands.py's table, such as "fix") was / was not used while the lesson was open.
- ``trained``: a training run's weights were applied; optionally ``optimizer`` (sgd,
  adagrad, rmsprop, adam).
- ``diverged``: a training run diverged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

import numpy as np

from engine.numbers import format_number
from tui.lessons.context import DIVERGED, LessonContext, command_event

MATRICES = ("inputs", "labels", "weights", "biases", "z", "output")
LAYER_MATRICES = ("weights", "biases", "z", "output")
CURSOR_MATRICES = (*MATRICES, "results")
OPERATIONS = ("dot", "add bias", "labels", "class index")
STAGE_NAMES = ("inputs", "inputs · weights", "+ biases", "activation")  # tui.state.STAGES
PARTS = ("weights", "biases", "total")
DEFAULT_TOLERANCE = 1e-6


class CheckResult(NamedTuple):
    passed: bool
    detail: str  # what the check saw, in the learner's words


class SpecError(ValueError):
    """A check's table that cannot be a check; ``key`` is the key to blame (None: the table)."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key


# ------------------------------------------------------------------ key types
class Key(NamedTuple):
    """One key of a check: the kind of value it takes, and whether it must be there."""

    kind: str  # "number", "whole", "layer", "index", "shape", "text"
    required: bool = False
    choices: tuple[str, ...] = ()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)  # type: ignore[arg-type]


EXPECTED = {
    "number": ("a number", _is_number),
    "whole": ("a whole number (0 or more)", lambda v: _is_int(v) and v >= 0),
    "layer": ("a layer number (1 or more)", lambda v: _is_int(v) and v >= 1),
    "index": ("a row or column number (0 or more, as the headers s0, n0 number them)", lambda v: _is_int(v) and v >= 0),
    "shape": ("a shape such as [3, 4] (whole numbers)", lambda v: isinstance(v, list) and 1 <= len(v) <= 2
              and all(_is_int(x) and x >= 0 for x in v)),
    "text": ("a string", lambda v: isinstance(v, str)),
    "rows": ("rows of numbers such as [[0.2, 0.8], [0.5, -0.91]], all of one length",
             lambda v: isinstance(v, list) and len(v) > 0 and all(isinstance(r, list) and len(r) == len(v[0]) > 0
                                                                  and all(_is_number(x) for x in r) for r in v)),
}


def read_value(key: str, spec: Key, value: object) -> object:
    """``value`` if it is what ``spec`` takes; SpecError saying what was expected if not."""
    what, good = EXPECTED[spec.kind]
    if not good(value):
        raise SpecError(key, f"{key} must be {what}, not {_shown(value)}")
    if spec.choices and value not in spec.choices:
        raise SpecError(key, f"{key} must be one of {_choices(spec.choices)}, not {_shown(value)}")
    if spec.kind == "rows":
        return tuple(tuple(float(x) for x in row) for row in value)  # type: ignore[union-attr]
    return tuple(value) if isinstance(value, list) else value


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a table"
    return repr(value)


def _choices(choices: tuple[str, ...]) -> str:
    return ", ".join(f'"{choice}"' for choice in choices)


# ------------------------------------------------------------------ the base
@dataclass(frozen=True)
class Check:
    kind: ClassVar[str] = ""
    event: ClassVar[bool] = False  # done in the workbench, not seen in a saved session
    KEYS: ClassVar[dict[str, Key]] = {}

    def validate(self) -> None:
        """Rules between keys; raises SpecError."""

    def evaluate(self, context: LessonContext) -> CheckResult:
        raise NotImplementedError


COMPARE_KEYS = {
    "equals": Key("number"),
    "tolerance": Key("number"),
    "at_most": Key("number"),
    "at_least": Key("number"),
}


@dataclass(frozen=True)
class Compare:
    """equals (within tolerance), or at_most and/or at_least."""

    equals: float | None = None
    tolerance: float | None = None
    at_most: float | None = None
    at_least: float | None = None

    def validate_compare(self) -> None:
        if self.equals is None and self.at_most is None and self.at_least is None:
            raise SpecError(None, "expected a comparison: equals = V (with tolerance = T), at_most = V or at_least = V")
        if self.equals is not None and (self.at_most is not None or self.at_least is not None):
            key = "at_most" if self.at_most is not None else "at_least"
            raise SpecError(key, f"{key} cannot go with equals: use equals with tolerance, or at_most / at_least")
        if self.tolerance is not None and self.equals is None:
            raise SpecError("tolerance", "tolerance goes with equals")
        if self.tolerance is not None and self.tolerance < 0:
            raise SpecError("tolerance", f"tolerance must be 0 or more, not {self.tolerance}")
        if self.at_most is not None and self.at_least is not None and self.at_least > self.at_most:
            raise SpecError("at_least", f"at_least {self.at_least} is above at_most {self.at_most}: nothing can pass")

    def holds(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        if self.equals is not None:
            tolerance = DEFAULT_TOLERANCE if self.tolerance is None else self.tolerance
            return abs(value - self.equals) <= tolerance
        return (self.at_most is None or value <= self.at_most) and (self.at_least is None or value >= self.at_least)

    def wanted(self) -> str:
        if self.equals is not None:
            tolerance = DEFAULT_TOLERANCE if self.tolerance is None else self.tolerance
            return f"{format_number(self.equals, 8)} (within {format_number(tolerance)})"
        parts = []
        if self.at_least is not None:
            parts.append(f"at least {format_number(self.at_least, 8)}")
        if self.at_most is not None:
            parts.append(f"at most {format_number(self.at_most, 8)}")
        return " and ".join(parts)

    def judge(self, what: str, value: float | None, missing: str) -> CheckResult:
        if value is None:
            return CheckResult(False, missing)
        shown = format_number(value, 8)
        if self.holds(value):
            return CheckResult(True, f"{what} is {shown}")
        return CheckResult(False, f"{what} is {shown}; wanted {self.wanted()}")


# ------------------------------------------------------------------ where numbers are
def _layer_problem(context: LessonContext, layer: int, computed: bool) -> str | None:
    """Why layer ``layer`` (1-based) has no numbers to look at, or None."""
    count = len(context.document.network)
    if layer > count:
        return f"there is no layer {layer}: the network has {count}"
    if computed and layer > len(context.trace.records):
        return f"layer {layer} did not compute: there is a shape error before it"
    return None


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
    assert layer is not None
    problem = _layer_problem(context, layer, matrix in ("z", "output"))
    if problem is not None:
        return None, problem
    if matrix in ("weights", "biases"):
        dense = document.network.steps[layer - 1].dense
        values = dense.weights if matrix == "weights" else dense.biases
        return np.atleast_2d(values), f"layer {layer}'s {matrix}"
    record = context.trace.records[layer - 1]
    return (record.z if matrix == "z" else record.output), f"layer {layer}'s {matrix}"


def _cell_name(matrix: str, row: int | None, column: int | None) -> str:
    rows = "every sample" if row is None else f"s{row}"
    if matrix == "labels":
        return "every label" if row is None else f"s{row}"
    if matrix == "weights":
        rows = "every row" if row is None else f"i{row}"
        columns = "every neuron" if column is None else f"n{column}"
        return f"{rows} {columns}"
    if matrix == "inputs":
        return f"{rows} {'every feature' if column is None else f'f{column}'}"
    if matrix == "biases":
        return "every bias" if column is None else f"n{column}"
    return f"{rows} {'every neuron' if column is None else f'n{column}'}"


# ------------------------------------------------------------------ state checks
LAYER_KEY = {"layer": Key("layer")}


def _validate_matrix_layer(matrix: str, layer: int | None, optional_for_output: bool = True) -> None:
    if matrix in LAYER_MATRICES and layer is None and not (optional_for_output and matrix == "output"):
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
        if self.matrix == "biases" and self.row not in (None, 0):
            raise SpecError("row", "the biases have one row: leave row out")
        self.validate_compare()

    def evaluate(self, context: LessonContext) -> CheckResult:
        values, name = matrix_of(context, self.matrix, self.layer)
        if values is None:
            return CheckResult(False, name)
        rows, columns = values.shape
        if self.row is not None and self.row >= rows:
            return CheckResult(False, f"{name} have no row {self.row} (shape {values.shape})")
        if self.column is not None and self.column >= columns:
            return CheckResult(False, f"{name} have no column {self.column} (shape {values.shape})")
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
        "matrix": Key("text", True, MATRICES), **LAYER_KEY, "equals": Key("rows", True), "tolerance": Key("number"),
    }
    matrix: str = "output"
    equals: tuple[tuple[float, ...], ...] = ()
    layer: int | None = None
    tolerance: float | None = None

    def validate(self) -> None:
        _validate_matrix_layer(self.matrix, self.layer)
        if self.tolerance is not None and self.tolerance < 0:
            raise SpecError("tolerance", f"tolerance must be 0 or more, not {self.tolerance}")

    def evaluate(self, context: LessonContext) -> CheckResult:
        values, name = matrix_of(context, self.matrix, self.layer)
        if values is None:
            return CheckResult(False, name)
        wanted = np.array(self.equals)
        if values.shape != wanted.shape:
            return CheckResult(False, f"{name} have shape {tuple(values.shape)}; wanted {tuple(wanted.shape)}")
        tolerance = DEFAULT_TOLERANCE if self.tolerance is None else self.tolerance
        with np.errstate(invalid="ignore", over="ignore"):
            off = ~(np.abs(values.astype(np.float64) - wanted) <= tolerance)
        if not off.any():
            return CheckResult(True, f"{name} are as wanted")
        row, column = (int(i) for i in np.argwhere(off)[0])
        where = _cell_name(self.matrix, row, column)
        return CheckResult(False, f"{name} {where} is {format_number(values[row, column], 8)}; "
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
            return CheckResult(True, f"{name} have shape {shape}")
        return CheckResult(False, f"{name} have shape {shape}; wanted {self.equals}")


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
        return self.judge("the cost (errors / predictions)", context.trace.error_rate, _unscored(context, "cost"))


def _unscored(context: LessonContext, what: str) -> str:
    trace = context.trace
    if context.document.labels is None:
        return f"there is no {what}: the batch has no labels (l in the inputs panel adds them)"
    if trace.error is not None:
        return f"there is no {what}: there is a shape error"
    if trace.nonfinite is not None:
        return f"there is no {what}: a number overflowed"
    if what == "loss" or what == "sample loss":
        return f"there is no {what}: the last layer needs a softmax"
    return f"there is no {what}"


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
    KEYS: ClassVar[dict[str, Key]] = {"layer": Key("layer", True), "name": Key("text", True, ("linear", "relu", "softmax"))}
    layer: int = 1
    name: str = "linear"

    def evaluate(self, context: LessonContext) -> CheckResult:
        problem = _layer_problem(context, self.layer, computed=False)
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


@dataclass(frozen=True)
class CursorCheck(Check):
    kind: ClassVar[str] = "cursor"
    KEYS: ClassVar[dict[str, Key]] = {
        "matrix": Key("text", True, CURSOR_MATRICES), **LAYER_KEY, "row": Key("index", True), "column": Key("index", True),
    }
    matrix: str = "output"
    row: int = 0
    column: int = 0
    layer: int | None = None

    def validate(self) -> None:
        if self.matrix in ("inputs", "labels", "results") and self.layer is not None:
            raise SpecError("layer", f"the {self.matrix} belong to no layer: leave layer out")

    def evaluate(self, context: LessonContext) -> CheckResult:
        wanted = f"{self.matrix} row {self.row}, column {self.column}" + (
            f" of layer {self.layer}" if self.layer is not None else "")
        cursor = context.cursor
        if cursor is None:
            return CheckResult(False, f"no matrix has the cursor; wanted {wanted}")
        seen = f"the cursor is on {cursor.matrix} row {cursor.row}, column {cursor.column} of layer {cursor.layer}"
        on = (cursor.matrix, cursor.row, cursor.column) == (self.matrix, self.row, self.column) and (
            self.layer is None or cursor.layer == self.layer)
        return CheckResult(on, seen if on else f"{seen}; wanted {wanted}")


# ------------------------------------------------------------------ event checks
@dataclass(frozen=True)
class StageCheck(Check):
    kind: ClassVar[str] = "stage"
    event: ClassVar[bool] = True
    KEYS: ClassVar[dict[str, Key]] = {"layer": Key("layer", True), "stage": Key("text", True, STAGE_NAMES)}
    layer: int = 1
    stage: str = "inputs"

    def evaluate(self, context: LessonContext) -> CheckResult:
        seen = f"stage:{self.layer}:{self.stage}" in context.events
        said = f'step mode {"showed" if seen else "has not shown"} layer {self.layer}: {self.stage}'
        return CheckResult(seen, said)


def _command_names() -> tuple[str, ...]:
    from tui.commands import COMMANDS

    return tuple(command.name for command in COMMANDS)


@dataclass(frozen=True)
class CommandUsedCheck(Check):
    kind: ClassVar[str] = "command_used"
    event: ClassVar[bool] = True
    KEYS: ClassVar[dict[str, Key]] = {"command": Key("text", True)}
    command: str = ""

    def validate(self) -> None:
        names = _command_names()
        if self.command not in names:
            raise SpecError("command", f'command must name a command of nnwb, such as "fix" or "step", '
                                       f'not "{self.command}"; the names: {", ".join(names)}')

    def used(self, context: LessonContext) -> bool:
        return command_event(self.command) in context.events

    def evaluate(self, context: LessonContext) -> CheckResult:
        used = self.used(context)
        return CheckResult(used, f"{self.command} was {'' if used else 'not '}used")


@dataclass(frozen=True)
class CommandNotUsedCheck(CommandUsedCheck):
    kind: ClassVar[str] = "command_not_used"

    def evaluate(self, context: LessonContext) -> CheckResult:
        used = self.used(context)
        return CheckResult(not used, f"{self.command} was {'' if used else 'not '}used")


@dataclass(frozen=True)
class TrainedCheck(Check):
    kind: ClassVar[str] = "trained"
    event: ClassVar[bool] = True
    KEYS: ClassVar[dict[str, Key]] = {"optimizer": Key("text", False, ("sgd", "adagrad", "rmsprop", "adam"))}
    optimizer: str | None = None

    def evaluate(self, context: LessonContext) -> CheckResult:
        if self.optimizer is None:
            done = any(event.startswith("trained:") for event in context.events)
            return CheckResult(done, "a training run was applied" if done else "no training run was applied yet")
        done = f"trained:{self.optimizer}" in context.events
        return CheckResult(done, f"{'a' if done else 'no'} training run with {self.optimizer} was applied")


@dataclass(frozen=True)
class DivergedCheck(Check):
    kind: ClassVar[str] = "diverged"
    event: ClassVar[bool] = True

    def evaluate(self, context: LessonContext) -> CheckResult:
        done = DIVERGED in context.events
        return CheckResult(done, "a training run diverged" if done else "no training run has diverged yet")


KINDS: dict[str, type[Check]] = {
    cls.kind: cls
    for cls in (
        CellCheck, ValuesCheck, ShapeCheck, ShapeErrorCheck, NoShapeErrorCheck, LossCheck, AccuracyCheck, CostCheck,
        SampleLossCheck, LayerCountCheck, ActivationCheck, ParametersCheck, CursorCheck,
        StageCheck, CommandUsedCheck, CommandNotUsedCheck, TrainedCheck, DivergedCheck,
    )
}


def make_check(table: Mapping[str, Any]) -> Check:
    """The check a lesson file's table describes (``check = "<kind>"`` and its keys);
    SpecError naming the key to blame if it cannot be one."""
    kind = table.get("check")
    if kind is None:
        raise SpecError(None, f'expected check = "<kind>", one of {", ".join(KINDS)}')
    if not isinstance(kind, str) or kind not in KINDS:
        raise SpecError("check", f'unknown check kind {_shown(kind)}: expected one of {", ".join(KINDS)}')
    cls = KINDS[kind]
    values: dict[str, object] = {}
    for key, value in table.items():
        if key == "check":
            continue
        if key not in cls.KEYS:
            known = ", ".join(cls.KEYS) or "no other keys"
            raise SpecError(key, f'a "{kind}" check has no key {key}: expected {known}')
        values[key] = read_value(key, cls.KEYS[key], value)
    for key, spec in cls.KEYS.items():
        if spec.required and key not in values:
            raise SpecError(None, f'a "{kind}" check needs {key} ({EXPECTED[spec.kind][0]})')
    for key in ("equals", "tolerance", "at_most", "at_least"):  # numbers as floats, whole counts as ints
        if key in values and cls.KEYS[key].kind == "number":
            values[key] = float(values[key])  # type: ignore[arg-type]
    check = cls(**values)
    check.validate()
    return check


def evaluate_all(checks: tuple[Check, ...], context: LessonContext) -> CheckResult:
    """All of ``checks`` on ``context``: passed when every one holds; the detail of the
    first that does not (else of them all)."""
    details = []
    for check in checks:
        result = check.evaluate(context)
        if not result.passed:
            return result
        details.append(result.detail)
    return CheckResult(True, "; ".join(details))


def keys_of(kind: str) -> tuple[str, ...]:
    return tuple(KINDS[kind].KEYS)

