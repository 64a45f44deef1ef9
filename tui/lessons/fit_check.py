"""The ``fit`` check: how close a one-output network's curve passes to the batch's number
targets (a regression's labels, the book's sine), sample by sample.

The largest |output − target| over the samples ``first_row`` to ``last_row`` (all of them
by default), compared as every compare is (``at_most`` for "within"): a fit is as good as
its worst point, so one sample far off keeps the task open even where the mean is small.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from engine.numbers import format_number
from tui.document.label_values import holds_targets
from tui.lessons.context import LessonContext
from tui.lessons.vocabulary import COMPARE_KEYS, Check, CheckResult, Compare, Key, SpecError


@dataclass(frozen=True)
class FitCheck(Compare, Check):
    kind: ClassVar[str] = "fit"
    KEYS: ClassVar[dict[str, Key]] = {"first_row": Key("index"), "last_row": Key("index"), **COMPARE_KEYS}
    first_row: int | None = None
    last_row: int | None = None

    def validate(self) -> None:
        if self.first_row is not None and self.last_row is not None and self.first_row > self.last_row:
            raise SpecError("last_row", f"last_row {self.last_row} is before first_row {self.first_row}")
        self.validate_compare()

    def _rows(self, samples: int) -> str:
        first, last = self.first_row or 0, samples - 1 if self.last_row is None else self.last_row
        return "every sample" if (first, last) == (0, samples - 1) else f"s{first}–s{last}"

    def evaluate(self, context: LessonContext) -> CheckResult:
        document, trace = context.document, context.trace
        labels = document.labels
        if labels is None or not holds_targets(labels):
            return CheckResult(False, "there are no number targets to fit: the labels must be numbers (a linear output's)")
        output = trace.output
        if trace.error is not None or output is None:
            return CheckResult(False, "the network's output is not computed: there is a shape error")
        if output.shape[1] != 1:
            return CheckResult(False, f"the network has {output.shape[1]} outputs; a fitted curve has one")
        samples = len(labels)
        last = samples - 1 if self.last_row is None else self.last_row
        if last >= samples:
            return CheckResult(False, f"there is no sample s{last}: the batch has {samples}")
        first = self.first_row or 0
        with np.errstate(invalid="ignore", over="ignore"):
            errors = np.abs(output[first : last + 1, 0].astype(np.float64) - labels[first : last + 1].astype(np.float64))
        finite = np.isfinite(errors)
        # An overflowed output is the worst point there is (the compare refuses it).
        worst = first + int(np.argmax(errors) if finite.all() else np.argmin(finite))
        value = float(errors[worst - first])
        at = f" (at s{worst}: output {format_number(float(output[worst, 0]), 6)}, target {format_number(float(labels[worst]), 6)})"
        result = self.judge(f"the largest |output − target| over {self._rows(samples)}", value, "")
        return CheckResult(result.passed, result.detail + ("" if result.passed else at))

    def in_words(self) -> str:
        return f"the output within {self.wanted()} of the targets"
