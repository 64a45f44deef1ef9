"""Telling when training has gone wrong, and saying so in words.

Three signs, watched by the Trainer (engine/training.py):

- a loss or weight that is NaN or infinite;
- weights that explode: the largest grows past ``WEIGHT_GROWTH`` times its size when the
  run began (or 1, if they began smaller), while the loss may still look finite;
- a loss that climbs far above where the run started, past ``climb_limit(start)``, and
  stays there for ``CLIMB_PATIENCE`` epochs in a row (a learning rate far too high
  often leaves the loss stuck near -log(1e-7) x the wrong fraction, finite but hopeless).

Each is reported as ``TrainingDiverged``, whose message says what happened, whether the
learning rate is to blame (not when the weights or inputs were already too large to
compute with) and what to try, and where the weights were put back to.
"""

from __future__ import annotations

import math

import numpy as np

from engine.numbers import format_number

WEIGHT_GROWTH = 1e6
# Epochs in a row. Rates that recover stayed past the limit for at most ~40 epochs on the
# spiral and two-layer presets (Adam at 10, RMSprop at 1). The book's SGD settings on the
# two-layer preset sit at 10.75 for ~190 epochs before they wander back: stopped, since
# that rate is too high for that network.
CLIMB_PATIENCE = 50
# The book's learning rates (chapter 10), by optimizer class; the same as the training
# form's (tui/training_settings.BOOK, which the engine may not import; a test keeps them equal).
BOOK_RATES = {"SGD": 1.0, "Adagrad": 1.0, "RMSprop": 0.02, "Adam": 0.05}


def rate_to_try(learning_rate: float, optimizer: str = "", book_rate: tuple[float, str] | None = None) -> tuple[float, str]:
    """(a rate to try after ``learning_rate`` diverged, why that one).

    A hundredth of the rate, unless the book's rate is smaller: at 1e6 a hundredth (1e4)
    is still hopeless, while the book's rate is one that is known to work. ``book_rate``,
    (rate, "Chapter 17"), is the rate the book trains this very network with (a preset's
    training hints); without it, the book's chapter 10 rate for the optimizer.
    """
    hundredth = learning_rate / 100
    if book_rate is not None:
        rate, where = book_rate
        if rate < hundredth:
            return rate, f"the book's rate in {where}"
        return hundredth, "a hundredth of it"
    book = BOOK_RATES.get(optimizer)
    if book is not None and book < hundredth:
        return book, f"the book's rate for {optimizer}"
    return hundredth, "a hundredth of it"


def climb_limit(start: float) -> float:
    """How far above the run's first loss counts as "far": three times, and at least 1 more."""
    return max(3.0 * start, start + 1.0)


def huge(dtype: np.dtype) -> float:
    """Magnitudes from which a product of two overflows the dtype (1.3e154 in float64)."""
    return float(np.sqrt(np.finfo(dtype).max))


def largest(values: np.ndarray) -> float:
    """The largest magnitude (NaN if any value is NaN); 0 for no values."""
    if not values.size:
        return 0.0
    return max(float(np.maximum.reduce(values, axis=None)), -float(np.minimum.reduce(values, axis=None)))


class TrainingDiverged(ArithmeticError):
    """Training went wrong (see the module's docstring); the weights were restored.

    ``str(error)`` is the whole explanation for the user; the parts are fields too:
    ``what`` is "loss" or "weights", ``blames_rate`` whether the learning rate is the
    cause (False: the weights or inputs were too large before any step could matter).
    """

    def __init__(
        self,
        epoch: int,
        what: str,
        value: float,
        learning_rate: float,
        decay: float,
        restored_epoch: int | None,
        *,
        reason: str | None = None,
        blames_rate: bool = True,
        size_advice: str = "",
        restored_because: str = "the last with a finite loss",
        optimizer: str = "",
        book_rate: tuple[float, str] | None = None,
    ) -> None:
        self.epoch = epoch
        self.what = what
        self.value = value
        self.learning_rate = learning_rate
        self.suggested_learning_rate, why_that_rate = rate_to_try(learning_rate, optimizer, book_rate)
        self.blames_rate = blames_rate
        # The epoch whose (last) forward pass used the restored weights; None: the first weights.
        self.restored_epoch = restored_epoch
        if reason is None:
            became = "NaN" if math.isnan(value) else "infinite"
            reason = f"the {what} became {became} at epoch {epoch}"
        self.reason = reason
        if blames_rate:
            decay_hint = "a larger decay" if decay > 0 else "add decay"
            self.advice = (
                f"the learning rate {format_number(learning_rate)} is too high; "
                f"try {format_number(self.suggested_learning_rate)}, {why_that_rate}, or {decay_hint}"
            )
        else:
            self.advice = size_advice
        if restored_epoch is None:
            self.restored = "The weights are back to where training started."
        else:
            self.restored = f"The weights are back to those of epoch {restored_epoch}, {restored_because}."
        super().__init__(f"{self.reason}: {self.advice}. {self.restored}")


def too_large_advice(weights: float, inputs: float | None, dtype: np.dtype) -> str:
    """Why a run with weights (and inputs) this large fails whatever the learning rate."""
    limit = format_number(float(np.finfo(dtype).max), 2)
    parts = [f"the weights (the largest is {format_number(weights, 4)})"]
    if inputs is not None:
        parts.append(f"the inputs (the largest is {format_number(inputs, 4)})")
    return (
        f"this is not the learning rate: {' or '.join(parts)} are too large to compute with, "
        f"their products or sums overflow ({np.dtype(dtype).name} stops at {limit}); make them smaller"
    )


__all__ = ["BOOK_RATES", "CLIMB_PATIENCE", "TrainingDiverged", "WEIGHT_GROWTH", "climb_limit", "huge", "largest", "rate_to_try", "too_large_advice"]
