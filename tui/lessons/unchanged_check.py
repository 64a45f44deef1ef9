"""The ``unchanged`` check: a matrix the task must leave as the lesson gave it.

A task that says "with the data as given" pins the inputs, the labels or a layer's
parameters to the lesson's START (its preset or session file), not to numbers copied into
the TOML: ``matrix`` one of inputs, labels, weights, biases (``layer`` for the last two),
optionally ``row`` and/or ``column`` (the headers' numbering, as ``cell``'s), ``tolerance``
(default 1e-9: a saved session keeps every digit). Its shape must be the start's too, so
deleting samples or adding a neuron does not pass.

The check does not find the start itself: the loader binds each one to its lesson's start
(``tui.lessons.loader``), loaded once, the first time a check asks. So the workbench, ``nnwb check``
and the course's tests grade it the same way, from the document alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from engine.numbers import format_number
from tui.lessons.context import LessonContext
from tui.lessons.state_checks import _cell_name, _validate_matrix_layer, matrix_of
from tui.lessons.vocabulary import Check, CheckResult, Key, SpecError

if TYPE_CHECKING:
    from tui.document.state import Document

PINNED = ("inputs", "labels", "weights", "biases")
EXACT = 1e-9


@dataclass(frozen=True)
class UnchangedCheck(Check):
    kind: ClassVar[str] = "unchanged"
    KEYS: ClassVar[dict[str, Key]] = {
        "matrix": Key("text", True, PINNED), "layer": Key("layer"), "row": Key("index"), "column": Key("index"),
        "tolerance": Key("number"),
    }
    matrix: str = "inputs"
    layer: int | None = None
    row: int | None = None
    column: int | None = None
    tolerance: float | None = None
    # The lesson's start document (bound by the loader); not a key a lesson file can set.
    start: Callable[[], Document] | None = field(default=None, compare=False, repr=False)

    def validate(self) -> None:
        _validate_matrix_layer(self.matrix, self.layer)
        if self.tolerance is not None and self.tolerance < 0:
            raise SpecError("tolerance", f"tolerance must be 0 or more, not {self.tolerance}")
        if self.matrix == "labels" and self.column not in (None, 0):
            raise SpecError("column", "the labels have one column: leave column out")
        if self.matrix == "biases" and self.row not in (None, 0):
            raise SpecError("row", "the biases have one row: leave row out")

    def _picked(self, values: np.ndarray) -> np.ndarray:
        rows = slice(None) if self.row is None else slice(self.row, self.row + 1)
        columns = slice(None) if self.column is None else slice(self.column, self.column + 1)
        return values[rows, columns]

    def evaluate(self, context: LessonContext) -> CheckResult:
        if self.start is None:
            return CheckResult(False, "the lesson's start is not known: this check is graded within a lesson")
        now, name = matrix_of(context, self.matrix, self.layer)
        then, _ = matrix_of(replace(context, document=self.start()), self.matrix, self.layer)
        where = name if self.row is None and self.column is None else f"{name} {_cell_name(self.matrix, self.row, self.column)}"
        if then is None:  # the lesson's own start lacks it: a teacher's mistake, said plainly
            return CheckResult(False, f"the lesson's start has no {self.matrix}{'' if self.layer is None else f' in layer {self.layer}'}")
        if now is None:
            return CheckResult(False, f"{name}: wanted {self.matrix} as the lesson gave them")
        if now.shape != then.shape:
            return CheckResult(False, f"{name} have shape {now.shape}; the lesson gave {then.shape}: wanted them as given")
        now, then = self._picked(now), self._picked(then)
        if now.size == 0:
            return CheckResult(False, f"{name} have no {_cell_name(self.matrix, self.row, self.column)}")
        tolerance = EXACT if self.tolerance is None else self.tolerance
        with np.errstate(invalid="ignore", over="ignore"):
            off = ~(np.abs(now.astype(np.float64) - then.astype(np.float64)) <= tolerance)
        if not off.any():
            return CheckResult(True, f"{where} are as the lesson gave them")
        row, column = (int(i) for i in np.argwhere(off)[0])
        cell = _cell_name(self.matrix, (self.row or 0) + row, (self.column or 0) + column)
        return CheckResult(False, f"{name} {cell} is {format_number(float(now[row, column]), 8)}; the lesson gave "
                                  f"{format_number(float(then[row, column]), 8)}: wanted them as given")

    def in_words(self) -> str:
        return f"the {self.matrix} as the lesson gave them"

