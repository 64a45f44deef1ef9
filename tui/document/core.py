"""The document's parts, and the three steps every edit passes through.

``DocumentCore`` holds what a document is (the network, its batch and labels, what is
selected) and the machinery every edit shares: ``_check`` against the size budgets
(tui.document.limits), ``_record`` of one undo step holding only what the edit replaces
(tui.document.changes), ``_changed`` after it; and undo and redo themselves. The edits
are in tui.document.state.Document and the rooms it is built from.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from engine import Dense, Network, Step, Trace
from engine.backward import BackwardTrace, backward_trace
from tui.document import limits
from tui.document.changes import Change, Meta, Pending, WeightsView, steps_bytes
from tui.document.history import History

STAGES = ("inputs", "inputs · weights", "+ biases", "activation")  # a layer's forward pass
# The backward pass (engine.backward), after the last layer's activation: the loss, its
# gradient, then for each layer from the last: through its dropout, through its activation
# (dz), dweights, dbiases, regularisation's terms, dinputs. A layer has the stages that apply
# to it (``Stepping.walk``): no "dropout" without dropout, no "dz" for a linear activation
# or the last layer of softmax + cross-entropy (whose dvalues are already its dz), no
# "regularization" without L1/L2.
BACKWARD_STAGES = ("loss", "dvalues", "dropout", "dz", "dweights", "dbiases", "regularization", "dinputs")
ALL_STAGES = STAGES + BACKWARD_STAGES


class EditRefused(ValueError):
    """An edit that cannot be accepted; the document is unchanged."""


@dataclass(frozen=True)
class LayerInit:
    """How a layer's weights were drawn, so that re-initialising is reproducible."""

    seed: int = 0
    scale: float = 0.01


class AnswerMark(NamedTuple):
    """How the learner's answer to a task was given: ``predicted`` when it was typed while the
    task's other checks did not hold yet (before the learner did what shows it), and ``tries``,
    how many answers were typed for it (the teacher's report shows them, the learner's panel not)."""

    predicted: bool
    tries: int


class StepPosition(NamedTuple):
    """Where step mode is: a layer (0-based) and a stage, an index into ``ALL_STAGES``: 0-3 the
    layer's forward pass, from 4 the backward pass (``loss`` and ``dvalues`` belong to the last layer)."""

    layer: int
    stage: int

    @property
    def stage_name(self) -> str:
        return ALL_STAGES[self.stage]

    @property
    def backward(self) -> bool:
        return self.stage >= len(STAGES)


@dataclass
class DocumentCore:
    """The document's parts; see tui.document.state.Document for what each edit does to them."""

    network: Network
    inputs: np.ndarray
    labels: np.ndarray | None = None
    dtype: np.dtype = field(default_factory=lambda: np.dtype(np.float64))
    preset: str = ""
    inits: list[LayerInit] = field(default_factory=list)
    selected: int = 0
    weights_view: WeightsView = "stored"
    step: StepPosition | None = None
    # The loss a linear output is scored by: "mse", "mae", or None (its own: mean squared
    # error); other outputs have one loss each (engine.loss_choice.loss_for).
    loss: str | None = None
    # The id of the lesson open when this state was current ("": none): kept in every undo
    # record, so undoing a lesson's opening brings back the lesson with its network.
    lesson: str = ""
    # The numbers the learner typed for that lesson's ``answer`` tasks, by task id (saved in
    # the session file). Not in undo records: an answer is not an edit of the network.
    answers: dict[str, float] = field(default_factory=dict)
    # How each answer was given, by task id: typed before the task's other checks held (a
    # prediction) and after how many tries. An answer without one: not known (an older file).
    answer_marks: dict[str, AnswerMark] = field(default_factory=dict)
    version: int = 0
    history: History[Change] = field(default_factory=History, repr=False)
    # After a feature (or a neuron) is removed or added, which weight row of layer
    # ``incoming_rows[0]`` each incoming value meets (None: a new value), until the shapes agree
    # again; so the fix removes the row of the value that was removed, not the last one.
    incoming_rows: Pending = field(default=None, repr=False)
    _trace: Trace | None = field(default=None, repr=False)
    _trace_version: int = field(default=-1, repr=False)
    _backward: BackwardTrace | None = field(default=None, repr=False)
    # Set when an edit took step mode out of the backward pass (the loss went): the app says
    # so once, where the learner looks, and clears it.
    left_backward: bool = field(default=False, repr=False)
    _backward_version: int = field(default=-1, repr=False)

    def __post_init__(self) -> None:
        # A document built by hand (a test, a benchmark) gets the book's default draw per layer.
        while len(self.inits) < len(self.network):
            self.inits.append(LayerInit(len(self.inits), 0.01))

    @property
    def trace(self) -> Trace:
        if self._trace is None or self._trace_version != self.version:
            self._trace = self.network.forward_trace(self.inputs, self.labels, loss=self.loss)
            self._trace_version = self.version
        return self._trace

    @property
    def backward(self) -> BackwardTrace | None:
        """Every gradient of the current pass (engine.backward), or None when nothing is there
        to differentiate: no labels, no loss for the output (ReLU), a shape mistake, an overflow."""
        if self._backward_version != self.version:
            self._backward = backward_trace(self.network, self.trace)
            self._backward_version = self.version
        return self._backward

    def _moved_no_number(self) -> None:
        """A new version for a change that moves no number (step mode's position): the traces
        of the version before still hold, so stepping through a large network's backward pass
        does not compute both passes again at every stage."""
        trace_current = self._trace_version == self.version
        backward_current = self._backward_version == self.version
        self.version += 1
        if trace_current:
            self._trace_version = self.version
        if backward_current:
            self._backward_version = self.version

    @property
    def layer(self) -> Step:
        return self.network.steps[self.selected]

    def _incoming(self, consumer: int) -> int:
        """How many values come into layer ``consumer``: the features, or the neurons before it."""
        return self.inputs.shape[1] if consumer == 0 else self.network.steps[consumer - 1].dense.weights.shape[1]

    def _step_after_change(self) -> None:
        """Step mode's position after an edit (tui.document.stepping keeps it in the walk)."""

    # ------------------------------------------------------------------ limits
    def _check(
        self,
        samples: int | None = None,
        features: int | None = None,
        layers: dict[int, tuple[int, int]] | None = None,
        insert: tuple[int, tuple[int, int]] | None = None,
    ) -> None:
        """The one check every size change passes (tui.document.limits): the document as it would
        be after the change, against the budgets; refused with the budget's name."""
        shapes = [tuple(step.dense.weights.shape) for step in self.network.steps]
        for index, shape in (layers or {}).items():
            shapes[index] = shape
        if insert is not None:
            shapes.insert(insert[0], insert[1])
        problem = limits.refusal(
            self.inputs.shape[0] if samples is None else samples,
            self.inputs.shape[1] if features is None else features,
            shapes,
        )
        if problem is not None:
            raise EditRefused(problem)

    # ------------------------------------------------------------- undo, redo
    def undo(self) -> bool:
        """Put back what the last edit replaced; False if there is nothing (more) to undo."""
        return self._move(self.history.undo)

    def redo(self) -> bool:
        """Do again what undo took back; a new edit ends the line of redos."""
        return self._move(self.history.redo)

    def undo_note(self, what: str = "undo") -> str:
        return self.history.empty_note(what)

    def _move(self, move: Callable[[Callable[[Change], Change]], bool]) -> bool:
        if not move(lambda change: change.swap(self)):
            return False
        # Step mode stays where it was when the state undone or redone still has that stage
        # (G then Ctrl+Z at a backward stage): Ctrl+Z left step mode without a word.
        if self.step is not None and self.step.layer >= len(self.network):
            self.step = None
        self.selected = min(self.selected, len(self.network) - 1)
        self.version += 1
        self._step_after_change()
        return True

    def _record(
        self,
        steps: list[Step] | None = None,
        against: list[Step] | None = None,
        **parts: object,
    ) -> None:
        """One undo step: the small state, and the parts the edit is about to replace."""
        change = Change(Meta.of(self), **parts)  # type: ignore[arg-type]
        if steps is not None:
            change.steps = list(steps)
            change.steps_bytes = steps_bytes(change.steps, against or [])
        self.history.push(change)

    @contextmanager
    def _one_step(self, before: Change) -> Iterator[None]:
        """Several edits as one undo step, all or nothing: ``before`` (made by the caller,
        holding everything they replace) is the step kept; if one of them is refused, what
        the others did is undone and the refusal goes on to the caller."""
        history, version = self.history, self.version
        # The edits' own steps, kept whatever they weigh (no bound drops one): a refusal
        # undoes them; otherwise they are dropped, ``before`` covering them all.
        done: History[Change] = History(max_bytes=sys.maxsize, max_steps=sys.maxsize)
        self.history = done
        try:
            yield
        except BaseException:
            while done.undo(lambda change: change.swap(self)):
                pass
            self.version = version  # the document is as it was, so is its version
            if self._trace_version != version:
                self._trace, self._trace_version = None, -1  # a trace of a state that is gone
            if self._backward_version != version:
                self._backward, self._backward_version = None, -1
            raise
        finally:
            self.history = history
        history.push(before)

    def _changed(self) -> None:
        # A structural edit can leave the step position past the network's end.
        if self.step is not None and self.step.layer >= len(self.network):
            self.step = None
        self.selected = min(self.selected, len(self.network) - 1)
        self.version += 1  # the walk below reads the new state's traces
        self._step_after_change()
        pending = self.incoming_rows
        if pending is not None and (
            pending[0] >= len(self.network)
            or self._incoming(pending[0]) == self.network.steps[pending[0]].dense.weights.shape[0]
        ):
            self.incoming_rows = None  # the shapes agree again


def drawn(n_inputs: int, n_neurons: int, init: LayerInit, dtype: np.dtype) -> Dense:
    """A layer drawn the book's way: seed the global generator, then scale * randn."""
    np.random.seed(init.seed)
    return Dense(n_inputs, n_neurons, weight_scale=init.scale, dtype=dtype)
