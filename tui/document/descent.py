"""One step of gradient descent by hand: ``w ← w − lr · dw`` on every weight and bias at once.

The step is the engine's (``engine.backward.stepped_parameters``: SGD's own arithmetic), so
repeating it is training one full-batch SGD epoch at a time. It is one undo step. Each step
is remembered with the arrays it made (weakly, with their checksums: a cell edit changes an
array in place): while the network holds those arrays, as they were made, the summary can
say which step this is and what it did; after an undo, an edit or a new preset it cannot,
and the next step counts on from the step whose arrays are there (1 if none).
"""

from __future__ import annotations

import weakref
import zlib
from typing import NamedTuple

import numpy as np

from engine.backward import stepped_parameters
from engine.numbers import exact_number, format_number
from tui.document.changes import LayerState, dense_with
from tui.document.core import DocumentCore, EditRefused
from tui.document.overflow import not_scored_reason

KEPT = 1_000  # steps remembered (as the undo history's steps): each holds only weak references


class DescentStep(NamedTuple):
    """What one step by hand did, in the summary's words."""

    number: int  # 1 for the first of a run of steps by hand
    learning_rate: float
    before: float  # the loss with regularisation, before the step
    predicted: float  # first order: before − lr · Σ dw²
    after: float  # the new pass's loss
    dropped: bool  # the pass had dropout: the step used its fixed masks

    def line(self) -> str:
        """e.g. "step 3 by hand, lr 1: loss 1.098612 → predicted 1.098523 → 1.098527"."""
        return (f"step {self.number} by hand, lr {exact_number(self.learning_rate)}: loss {loss_text(self.before)}"
                f" → predicted {loss_text(self.predicted)} → {loss_text(self.after)}")


def checked_learning_rate(rate: float) -> float:
    """A learning rate a step can take: a finite number above 0 (the book's SGD uses 1)."""
    if not (np.isfinite(rate) and rate > 0):
        if not np.isfinite(rate):
            why = "it must be finite"
        elif rate == 0:
            why = "0 would move no weight"
        else:
            why = "a negative rate steps up the gradient, raising the loss"
        raise EditRefused(f"the learning rate must be a number above 0, such as 1 or 0.1, not {exact_number(rate)}: {why}")
    return float(rate)


def loss_text(value: float) -> str:
    """A loss with the digits a small step moves (the summary's 6 hide a step of 1e-5)."""
    return format_number(value, 7)


class Descent(DocumentCore):
    """``descend``: the step, and ``last_descent``: the step the network's weights came from."""

    # (the step, each layer's new arrays as ``_made``): the newest last.
    _descents: tuple[tuple[DescentStep, tuple[_Made, ...]], ...] = ()
    _last_descent: tuple[int, DescentStep | None] = (-1, None)  # (version, the answer): asked every redraw

    def no_descent_reason(self) -> str:
        """Why no step can be taken ("" when it can): the pass has no loss to descend."""
        trace = self.trace
        if trace.error is not None:
            if trace.error.operation in ("labels", "class index"):
                return "a label does not fit the outputs, so there is no loss to lower: see the error below"
            return "the shapes do not fit, so there is no loss to lower: fix the error first (x)"
        unscored = not_scored_reason(trace)
        if unscored:
            return f"{unscored}, so there is no loss to lower"
        if self.labels is None:
            return "there are no labels, so there is no loss to lower: press l in the inputs panel to add them"
        if trace.loss_name is None:
            return ("a ReLU output has no loss to lower: f gives the last layer softmax (classes), "
                    "sigmoid (0 or 1) or none (numbers)")
        if self.backward is None:
            return "the labels do not fit the outputs, so there is no loss to lower: see the error"
        return ""

    def descend(self, learning_rate: float) -> DescentStep:
        """Every weight and bias takes one step down its gradient, ``w ← w − lr · dw``: one undo step."""
        learning_rate = checked_learning_rate(learning_rate)
        why = self.no_descent_reason()
        backward = self.backward
        if why or backward is None:
            raise EditRefused(why or "there is no loss to lower")
        stepped = stepped_parameters(self.network, backward, learning_rate)
        if not all(np.all(np.isfinite(w)) and np.all(np.isfinite(b)) for w, b in stepped):
            raise EditRefused(f"a step of lr {exact_number(learning_rate)} overflows the weights: try a smaller rate")
        before, predicted = backward.total_loss, backward.predicted_loss(learning_rate)
        previous = self.last_descent()
        steps = self.network.steps
        self._record(layers={i: LayerState.of(step, arrays=True) for i, step in enumerate(steps)})
        for step, (weights, biases) in zip(steps, stepped):
            step.dense = dense_with(step.dense, weights, biases)
        self._changed()
        after = self.backward
        done = DescentStep((previous.number if previous else 0) + 1, learning_rate, before, predicted,
                           after.total_loss if after is not None else float("nan"), backward.dropped)
        made = tuple(_made(step.dense.weights, step.dense.biases) for step in steps)
        self._descents = (*self._descents[-KEPT + 1:], (done, made))
        return done

    def last_descent(self) -> DescentStep | None:
        """The step by hand the network's weights and biases are the result of, if they are."""
        if self._last_descent[0] != self.version:
            self._last_descent = (self.version, self._find_descent())
        return self._last_descent[1]

    def _find_descent(self) -> DescentStep | None:
        steps = self.network.steps
        for done, made in reversed(self._descents):
            if len(made) == len(steps) and all(
                    _holds(m, step.dense.weights, step.dense.biases) for m, step in zip(made, steps)):
                return done
        return None


_Made = tuple["weakref.ref[np.ndarray]", "weakref.ref[np.ndarray]", int]


def _made(weights: np.ndarray, biases: np.ndarray) -> _Made:
    """A layer's arrays as a step made them: weakly (the undo history holds them), and their checksum."""
    return weakref.ref(weights), weakref.ref(biases), _checksum(weights, biases)


def _holds(made: _Made, weights: np.ndarray, biases: np.ndarray) -> bool:
    return made[0]() is weights and made[1]() is biases and made[2] == _checksum(weights, biases)


def _checksum(weights: np.ndarray, biases: np.ndarray) -> int:
    return zlib.crc32(np.ascontiguousarray(biases).data, zlib.crc32(np.ascontiguousarray(weights).data))
