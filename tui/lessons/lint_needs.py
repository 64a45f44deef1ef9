"""What a task's checks need of the final state, read statically, so that ``nnwb lint`` can
say when two graded tasks cannot both hold: a saved session grades every task on one state,
so a later task that needs a different value at the same address fails the earlier one in
``nnwb check`` however the learner did them.

A check becomes *needs*: an address (what is looked at: a cell of a matrix, a shape, a
layer's activation, the layer count, the loss...) and what it must be there, either a range
of numbers or a value. Two needs clash when their addresses meet (a row or column left out
is every row or column) and no state satisfies both. Workbench checks (events) need nothing
of the state and have no needs.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from tui.lessons.state_checks import (
    AccuracyCheck,
    ActivationCheck,
    CellCheck,
    CostCheck,
    LayerCountCheck,
    LossCheck,
    NoShapeErrorCheck,
    ParametersCheck,
    SampleLossCheck,
    ShapeCheck,
    ShapeErrorCheck,
    ValuesCheck,
)
from tui.lessons.training_checks import SettingsCheck, ValidationCheck
from tui.lessons.vocabulary import DEFAULT_TOLERANCE, Check, Compare

Value = tuple[object, ...]  # an exact value; None in it is "any" (a shape error of any operation)


@dataclass(frozen=True)
class Need:
    """``address`` must hold a number in [low, high], or (``value`` not None) that value.
    ``row`` and ``column`` None: every row or column of the address's matrix."""

    address: tuple[object, ...]
    said: str  # what is needed, as the lesson file says it: "weights layer 1 row 0 column 1 = 0.5"
    row: int | None = None
    column: int | None = None
    low: float = -math.inf
    high: float = math.inf
    value: Value | None = None

    def meets(self, other: Need) -> bool:
        """The two look at the same thing (a cell of each row meets a given row's cell)."""
        return (self.address == other.address and _same(self.row, other.row) and _same(self.column, other.column))

    def clashes(self, other: Need) -> bool:
        """No state satisfies both."""
        if not self.meets(other):
            return False
        if self.value is not None or other.value is not None:
            return not _values_fit(self.value, other.value)
        return self.low > other.high or other.low > self.high


def _between(address: tuple[object, ...], said: str, low: float, high: float,
             row: int | None = None, column: int | None = None) -> Need:
    """A need of a number in [low, high], said as the file says it ("= 0.5", "at least 0.9")."""
    if low == high or not (math.isinf(low) or math.isinf(high)):
        middle, spread = (low + high) / 2, (high - low) / 2
        wanted = f"= {_number(middle)}" + (f" (within {_number(spread)})" if spread else "")
    elif math.isinf(low):
        wanted = f"at most {_number(high)}"
    else:
        wanted = f"at least {_number(low)}"
    return Need(address, f"{said} {wanted}", row, column, low, high)


def _same(a: int | None, b: int | None) -> bool:
    return a is None or b is None or a == b


def _values_fit(a: Value | None, b: Value | None) -> bool:
    if a is None or b is None or len(a) != len(b):
        return False
    return all(x is None or y is None or x == y for x, y in zip(a, b))


def _number(value: float) -> str:
    return f"{value:.6g}"


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(size) for size in shape) + ")"


def _place(row: int | None, column: int | None) -> str:
    return "".join((f" row {row}" if row is not None else "", f" column {column}" if column is not None else ""))


def _matrix(matrix: str, layer: int | None) -> tuple[tuple[object, ...], str]:
    return ("cell", matrix, layer), matrix + (f" layer {layer}" if layer is not None else "")


def _range(compare: Compare) -> tuple[float, float]:
    if compare.equals is not None:
        tolerance = DEFAULT_TOLERANCE if compare.tolerance is None else compare.tolerance
        return compare.equals - tolerance, compare.equals + tolerance
    low = -math.inf if compare.at_least is None else compare.at_least
    high = math.inf if compare.at_most is None else compare.at_most
    return low, high


def needs(check: Check) -> Iterator[Need]:
    """What ``check`` needs of the final state (nothing for a workbench check)."""
    if isinstance(check, CellCheck):
        address, said = _matrix(check.matrix, check.layer)
        yield _between(address, said + _place(check.row, check.column), *_range(check), check.row, check.column)
    elif isinstance(check, ValuesCheck):
        yield from _values_needs(check)
    elif isinstance(check, ShapeCheck):
        yield Need(("shape", check.matrix, check.layer), f"{_matrix(check.matrix, check.layer)[1]} of shape "
                   f"{_shape(check.equals)}", value=tuple(check.equals))
    elif isinstance(check, ShapeErrorCheck):
        said = "a shape error" + (f" ({check.operation})" if check.operation else "") + (
            f" in layer {check.layer}" if check.layer is not None else "")
        yield Need(("shape error",), said, value=("error", check.operation, check.layer))
    elif isinstance(check, NoShapeErrorCheck):
        yield Need(("shape error",), "no shape error", value=("none",))
    elif isinstance(check, (LossCheck, SampleLossCheck)):  # accuracy and cost are LossChecks too
        yield _score_need(check)
    elif isinstance(check, LayerCountCheck):
        yield Need(("layer count",), f"{check.equals} layers", value=(check.equals,))
    elif isinstance(check, ActivationCheck):
        yield Need(("activation", check.layer), f"layer {check.layer}'s activation {check.name}", value=(check.name,))
    elif isinstance(check, ParametersCheck):
        yield Need(("parameters", check.part), f"{check.equals} parameters ({check.part})", value=(check.equals,))
    elif isinstance(check, SettingsCheck):  # one last run: a later task's other settings replace an earlier's
        yield from _settings_needs(check)
    elif isinstance(check, ValidationCheck):
        yield _between(("validation", check.figure), f"the last run's validation {check.figure}", *_range(check))


def _settings_needs(check: SettingsCheck) -> Iterator[Need]:
    if check.optimizer is not None:
        yield Need(("setting", "optimizer"), f"a last run with {check.optimizer}", value=(check.optimizer,))
    for name, value in check.exact().items():
        yield _between(("setting", name), f"the last run's {name}", value, value)
    if check.setting is not None:
        yield _between(("setting", check.setting), f"the last run's {check.setting}", *_range(check))


def _score_need(check: LossCheck | SampleLossCheck) -> Need:
    if isinstance(check, SampleLossCheck):
        return _between(("sample loss", check.row), f"sample s{check.row}'s loss", *_range(check))
    name = "accuracy" if isinstance(check, AccuracyCheck) else "cost" if isinstance(check, CostCheck) else "loss"
    return _between((name,), f"the {name}", *_range(check))


def _values_needs(check: ValuesCheck) -> Iterator[Need]:
    address, said = _matrix(check.matrix, check.layer)
    tolerance = DEFAULT_TOLERANCE if check.tolerance is None else check.tolerance
    first = 0 if check.row is None else check.row
    for index, row in enumerate(check.equals):
        for column, value in enumerate(row):
            yield _between(address, said + _place(first + index, column), value - tolerance, value + tolerance,
                           first + index, column)
    if check.row is None and check.matrix != "labels":  # the labels' shape check reads them as they are kept, 1-D
        shape = (len(check.equals), len(check.equals[0]))
        yield Need(("shape", check.matrix, check.layer), f"{said} of shape {_shape(shape)}", value=shape)


def first_clash(earlier: tuple[Check, ...], later: tuple[Check, ...]) -> tuple[Need, Need] | None:
    """The first need of ``later`` that no state can satisfy with one of ``earlier``'s, and that one."""
    before = [need for check in earlier for need in needs(check)]
    for check in later:
        for need in needs(check):
            for old in before:
                if need.clashes(old):
                    return old, need
    return None
