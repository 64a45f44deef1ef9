"""The checks on how the network is built to train (the book's chapters 14-17): a layer's
L1/L2 regularizers, the regularization loss they add, a layer's dropout, the loss in use.

State checks: each reads the document (a saved session keeps all of it), never the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from engine.loss_choice import ABSOLUTE, BINARY, CATEGORICAL, SQUARED
from engine.losses import regularization_loss
from tui.document.changes import REGULARIZERS
from tui.lessons.context import LessonContext, layer_problem
from tui.lessons.vocabulary import COMPARE_KEYS, Check, CheckResult, Compare, Key

# The session file's names of a layer's four strengths, as the book's Layer_Dense keywords.
WHICH = ("weight_l1", "weight_l2", "bias_l1", "bias_l2")
WHICH_WORDS = dict(zip(WHICH, ("weight L1", "weight L2", "bias L1", "bias L2")))
LOSS_NAMES = (CATEGORICAL, BINARY, SQUARED, ABSOLUTE)


@dataclass(frozen=True)
class RegularizerCheck(Compare, Check):
    kind: ClassVar[str] = "regularizer"
    KEYS: ClassVar[dict[str, Key]] = {"layer": Key("layer", True), "which": Key("text", True, WHICH), **COMPARE_KEYS}
    layer: int = 1
    which: str = "weight_l2"

    def validate(self) -> None:
        self.validate_compare()

    def evaluate(self, context: LessonContext) -> CheckResult:
        problem = layer_problem(context, self.layer)
        if problem is not None:
            return CheckResult(False, problem)
        dense = context.document.network.steps[self.layer - 1].dense
        value = float(getattr(dense, REGULARIZERS[WHICH.index(self.which)]))
        return self.judge(f"layer {self.layer}'s {WHICH_WORDS[self.which]} strength", value, "")


@dataclass(frozen=True)
class RegularizationLossCheck(Compare, Check):
    kind: ClassVar[str] = "regularization_loss"
    KEYS: ClassVar[dict[str, Key]] = {"layer": Key("layer"), **COMPARE_KEYS}
    layer: int | None = None

    def validate(self) -> None:
        self.validate_compare()

    def evaluate(self, context: LessonContext) -> CheckResult:
        steps = context.document.network.steps
        if self.layer is None:
            return self.judge("the regularization loss", sum(regularization_loss(s.dense) for s in steps), "")
        problem = layer_problem(context, self.layer)
        if problem is not None:
            return CheckResult(False, problem)
        value = regularization_loss(steps[self.layer - 1].dense)
        return self.judge(f"layer {self.layer}'s regularization loss", value, "")


@dataclass(frozen=True)
class DropoutCheck(Compare, Check):
    kind: ClassVar[str] = "dropout"
    KEYS: ClassVar[dict[str, Key]] = {"layer": Key("layer", True), **COMPARE_KEYS}
    layer: int = 1

    def validate(self) -> None:
        self.validate_compare()

    def evaluate(self, context: LessonContext) -> CheckResult:
        problem = layer_problem(context, self.layer)
        if problem is not None:
            return CheckResult(False, problem)
        rate = context.document.network.steps[self.layer - 1].dropout
        return self.judge(f"the dropout rate after layer {self.layer}", rate, "")


@dataclass(frozen=True)
class LossNameCheck(Check):
    kind: ClassVar[str] = "loss_name"
    KEYS: ClassVar[dict[str, Key]] = {"name": Key("text", True, LOSS_NAMES)}
    name: str = CATEGORICAL

    def evaluate(self, context: LessonContext) -> CheckResult:
        if context.document.labels is None:
            return CheckResult(False, "there are no labels, so no loss scores the output (l adds labels)")
        name = context.trace.loss_name
        if name is None:
            return CheckResult(False, f"no loss scores this output (a ReLU output has none); wanted {self.name}")
        said = f"the loss is {name}"
        return CheckResult(name == self.name, said if name == self.name else f"{said}; wanted {self.name}")
