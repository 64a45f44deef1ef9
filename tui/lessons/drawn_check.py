"""The ``drawn`` check: a layer's weights are a draw the way ``Layer_Dense`` draws them,
``scale · randn(n_inputs, n_neurons)`` after ``np.random.seed(seed)``, with the seed and
scale its last ``i`` used (the document keeps them, and so does a session file), not
numbers typed to look like one: ten zeros are "within 0.1 of 0" but no draw.

``layer``; optionally ``scale`` (the one the task names, 0.01: exact). A typed cell, a
resize that drew at another scale, or a transpose leaves the task open until ``i`` draws
again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from engine.numbers import format_number
from tui.document.core import drawn
from tui.lessons.context import LessonContext, layer_problem
from tui.lessons.vocabulary import Check, CheckResult, Key, SpecError


@dataclass(frozen=True)
class DrawnCheck(Check):
    kind: ClassVar[str] = "drawn"
    KEYS: ClassVar[dict[str, Key]] = {"layer": Key("layer", True), "scale": Key("number")}
    layer: int = 1
    scale: float | None = None

    def validate(self) -> None:
        if self.scale is not None and self.scale <= 0:
            raise SpecError("scale", f"scale must be above 0, not {self.scale}")

    def evaluate(self, context: LessonContext) -> CheckResult:
        document = context.document
        problem = layer_problem(context, self.layer)
        if problem is not None:
            return CheckResult(False, problem)
        init = document.inits[self.layer - 1]
        name = f"layer {self.layer}'s weights"
        if self.scale is not None and float(init.scale) != float(self.scale):
            return CheckResult(False, f"{name} were last drawn at scale {format_number(init.scale)}; "
                                      f"wanted {format_number(self.scale)} (i)")
        weights = document.network.steps[self.layer - 1].dense.weights
        state = np.random.get_state()  # drawing seeds NumPy's global generator: leave it as it was
        try:
            draw = drawn(weights.shape[0], weights.shape[1], init, weights.dtype).weights
        finally:
            np.random.set_state(state)
        if not np.array_equal(weights, draw):
            return CheckResult(False, f"{name} are not the draw of seed {init.seed}, scale {format_number(init.scale)}: "
                                      "numbers typed or changed since; i draws them")
        return CheckResult(True, f"{name} are drawn: seed {init.seed}, scale {format_number(init.scale)}")

    def in_words(self) -> str:
        return f"layer {self.layer}'s weights drawn by i"
