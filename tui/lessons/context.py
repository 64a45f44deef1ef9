"""What a lesson's checks look at: the document, its trace, what the learner did, the cursor.

Checks read the engine's numbers (the document and its trace), never the screen's text.
Things that leave no mark in the document (a stage reached in step mode, a command used,
a training run) are *events*, strings the app records while a lesson is open; the
functions below make them, so the app and the checks spell them the same way:

- ``stage:<layer>:<stage>``  step mode showed this stage; layer 1-based as the screen says
  "Layer 1", stage one of ``tui.document.core.ALL_STAGES``: the forward pass's ("inputs",
  "inputs · weights", "+ biases", "activation") or the backward pass's ("loss", "dvalues",
  "dropout", "dz", "dweights", "dbiases", "regularization", "dinputs"; the loss and dvalues
  at the last layer), e.g. ``stage:2:activation``, ``stage:1:dweights``
- ``command:<name>``          a command of ``tui.commands.COMMANDS`` ran, e.g. ``command:fix``
- ``trained:<optimizer>``     a training run's weights were applied to the workbench
  ("sgd", "adagrad", "rmsprop", "adam")
- ``diverged``                a training run diverged

Answers are the numbers the learner typed for the lesson's ``answer`` tasks, by task id
(``Document.answers``, written in the session file); ``task`` is the id of the task whose
checks are asked (``for_task``), so an answer check finds its own. ``marks`` say how each
was given (``Document.answer_marks``): a prediction or not, after how many tries.

The cursor is where the focused matrix's cursor is, as the grid shows it (row and column
0-based as its headers s0, n0 say; the weights as the current view shows them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from engine import Trace
    from tui.document.state import AnswerMark, Document, StepPosition

DIVERGED = "diverged"


def stage_event(position: StepPosition) -> str:
    """The event for step mode showing ``position`` (its layer is 0-based)."""
    return f"stage:{position.layer + 1}:{position.stage_name}"


def command_event(name: str) -> str:
    """The event for the command ``name`` (a row of ``tui.commands.COMMANDS``) having run."""
    return f"command:{name}"


def trained_event(optimizer: str) -> str:
    """The event for a training run with ``optimizer`` having been applied to the workbench."""
    return f"trained:{optimizer.lower()}"


class Cursor(NamedTuple):
    """Where a matrix's cursor is: the matrix's id ("inputs", "labels", "weights",
    "biases", "z", "output", "results"; in step mode's backward pass "dweights" and
    "dbiases"), the selected layer (1-based), and the row and column as the grid's headers
    number them (0-based: s0, n0)."""

    matrix: str
    layer: int
    row: int
    column: int


@dataclass(frozen=True)
class LessonContext:
    document: Document
    trace: Trace
    events: frozenset[str] = frozenset()
    cursor: Cursor | None = None
    answers: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    marks: Mapping[str, AnswerMark] = field(default_factory=lambda: MappingProxyType({}))
    task: str = ""  # the id of the task asked now
    # The training settings as a session file keeps them (``tui.training.settings``), with the
    # last run's record under "last_run" (``tui.training.last_run``); None before any are set.
    # The workbench's and a saved file's are the same dict: what Save writes.
    training: Mapping[str, Any] | None = None

    @classmethod
    def of(cls, document: Document, events: frozenset[str] = frozenset(), cursor: Cursor | None = None,
           training: Mapping[str, Any] | None = None) -> LessonContext:
        return cls(document, document.trace, frozenset(events), cursor, MappingProxyType(dict(document.answers)),
                   MappingProxyType(dict(document.answer_marks)), training=training)

    def for_task(self, task_id: str) -> LessonContext:
        """This context as the task ``task_id``'s checks see it."""
        return replace(self, task=task_id)


def layer_problem(context: LessonContext, layer: int, computed: bool = False) -> str | None:
    """Why layer ``layer`` (1-based) has nothing to look at (it is not there; with ``computed``,
    a shape error before it stopped the pass), or None."""
    count = len(context.document.network)
    if layer > count:
        return f"there is no layer {layer}: the network has {count}"
    if computed and layer > len(context.trace.records):
        return f"layer {layer} did not compute: there is a shape error before it"
    return None
