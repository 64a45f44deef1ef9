"""The checks of what the learner did or looks at in the workbench: the cursor, a stage
reached in step mode, a command used, a training run. A session file keeps none of these:
``nnwb check`` reports such tasks as not graded. They read ``LessonContext.events`` and
``LessonContext.cursor`` (``tui.lessons.context`` says how the app spells the events).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from tui.document.core import ALL_STAGES, BACKWARD_STAGES
from tui.lessons.context import DIVERGED, Cursor, LessonContext, command_event
from tui.lessons.state_checks import FORWARD_MATRICES, LAYER_KEY
from tui.lessons.vocabulary import Check, CheckResult, Key, SpecError, shown

# The grids a cursor can be on: step mode shows dW and db in grids of those ids.
CURSOR_MATRICES = (*FORWARD_MATRICES, "dweights", "dbiases", "results")
OPTIMIZER_NAMES = {"sgd": "SGD", "adagrad": "AdaGrad", "rmsprop": "RMSProp", "adam": "Adam"}  # as the book writes them
STAGE_NAMES = ALL_STAGES  # a stage check names one of step mode's stages, forward or backward
LOSS_STAGES = BACKWARD_STAGES[:2]  # "loss" and "dvalues": the last layer's, so layer may be left out


@dataclass(frozen=True)
class CursorCheck(Check):
    kind: ClassVar[str] = "cursor"
    event: ClassVar[bool] = True  # where the cursor is lives in the workbench, not in a session file
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
        matrix = "output" if self._z_is_the_output(context, cursor) else cursor.matrix
        on = (matrix, cursor.row, cursor.column) == (self.matrix, self.row, self.column) and (
            self.layer is None or cursor.layer == self.layer)
        return CheckResult(on, seen if on else f"{seen}; wanted {wanted}")

    def _z_is_the_output(self, context: LessonContext, cursor: Cursor) -> bool:
        """A linear layer's z grid (in the box titled "Layer N outputs") shows its output's
        very numbers, and explain says how they were made: a cursor there is on the output."""
        if self.matrix != "output" or cursor.matrix != "z":
            return False
        document, index = context.document, cursor.layer - 1
        return (0 <= index < len(document.network) and index < len(context.trace.records)
                and document.network.steps[index].activation.name == "linear" and document.computed(index, 2))

    def in_words(self) -> str:
        return "where the cursor is"


@dataclass(frozen=True)
class StageCheck(Check):
    kind: ClassVar[str] = "stage"
    event: ClassVar[bool] = True
    KEYS: ClassVar[dict[str, Key]] = {"layer": Key("layer"), "stage": Key("text", True, STAGE_NAMES)}
    stage: str = "inputs"
    layer: int | None = None

    def validate(self) -> None:
        if self.layer is None and self.stage not in LOSS_STAGES:
            raise SpecError("layer", f'the stage "{self.stage}" of which layer? add layer = 1 (or another layer number)')

    def evaluate(self, context: LessonContext) -> CheckResult:
        if self.layer is None:  # the loss's stages, at whichever layer is the last
            seen = any(event.startswith("stage:") and event.endswith(f":{self.stage}") for event in context.events)
        else:
            seen = f"stage:{self.layer}:{self.stage}" in context.events
        said = f'step mode {"showed" if seen else "has not shown"} {self._where()}'
        last = len(context.document.network)
        if not seen and self.stage in LOSS_STAGES and self.layer not in (None, last):
            said += f" (the loss and its dvalues are the last layer's stages: layer {last})"
        return CheckResult(seen, said)

    def _where(self) -> str:
        return f"the {self.stage}" if self.layer is None else f"layer {self.layer}: {self.stage}"

    def in_words(self) -> str:
        return f"step mode showed {self._where()}"


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
                                       f'not {shown(self.command)}; the names: {", ".join(names)}')

    def used(self, context: LessonContext) -> bool:
        return command_event(self.command) in context.events

    def evaluate(self, context: LessonContext) -> CheckResult:
        used = self.used(context)
        return CheckResult(used, f"{self.command} was {'' if used else 'not '}used")

    def in_words(self) -> str:
        return f"used {self.command}"


@dataclass(frozen=True)
class CommandNotUsedCheck(CommandUsedCheck):
    kind: ClassVar[str] = "command_not_used"

    def evaluate(self, context: LessonContext) -> CheckResult:
        used = self.used(context)
        return CheckResult(not used, f"{self.command} was {'' if used else 'not '}used")

    def in_words(self) -> str:
        return f"did not use {self.command}"


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

    def in_words(self) -> str:
        if not self.optimizer:
            return "trained"
        return f"trained with {OPTIMIZER_NAMES.get(self.optimizer, self.optimizer)}"


@dataclass(frozen=True)
class DivergedCheck(Check):
    kind: ClassVar[str] = "diverged"
    event: ClassVar[bool] = True

    def evaluate(self, context: LessonContext) -> CheckResult:
        done = DIVERGED in context.events
        return CheckResult(done, "a training run diverged" if done else "no training run has diverged yet")

    def in_words(self) -> str:
        return "a training run diverged"
