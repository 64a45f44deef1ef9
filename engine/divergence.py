"""Telling when training has gone wrong, and saying so in words.

Three signs, watched for the ``Trainer`` (``engine.training``) by its ``DivergenceWatch``:

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
from typing import TYPE_CHECKING, NoReturn

import numpy as np

from engine.numbers import format_number

if TYPE_CHECKING:  # annotations only: the watch is handed the run's flat weights and optimizer
    from engine.flat import FlatParameters
    from engine.optimizers import Optimizer

WEIGHT_GROWTH = 1e6
# Epochs in a row. Rates that recover stayed past the limit for at most ~40 epochs on the
# spiral and two-layer presets (Adam at 10, RMSprop at 1). The book's SGD settings on the
# two-layer preset sit at 10.75 for ~190 epochs before they wander back: stopped, since
# that rate is too high for that network.
CLIMB_PATIENCE = 50
# The book's learning rates (chapter 10), by optimizer class; the same as the training
# form's (``BOOK`` of the app's training settings, which the engine may not import; a test
# keeps them equal).
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


class DivergenceWatch:
    """The watch over one run's weights: the checks above, after every step and epoch, and
    the weights to go back to when one fails.

    It keeps the weights of the latest step whose loss was finite (``last_good``, of epoch
    ``last_good_epoch``) and those of the latest epoch whose loss had not climbed
    (``sane``, of ``sane_epoch``); None for an epoch: the first weights. A failed check
    puts one of them back into ``flat``, clears the optimizer's state and raises
    ``TrainingDiverged``; the epoch count and history are the Trainer's to rewind.
    """

    def __init__(self, flat: FlatParameters) -> None:
        self.flat = flat
        self.dtype = flat.dtype
        self.last_good = flat.copy()  # the weights that gave the latest finite loss
        self.last_good_epoch: int | None = None  # ... in this epoch (None: the first weights)
        self.sane = flat.copy()  # the weights of the latest epoch whose loss had not climbed
        self.sane_epoch: int | None = None
        self.watch_from_here()

    def watch_from_here(self) -> None:
        """Start watching for divergence afresh: the next epoch's loss is the start."""
        self.start_loss: float | None = None
        self.climbing = 0  # epochs in a row whose loss was past climb_limit(start)
        self.loss_limit = 0.0  # climb_limit(start_loss), set with it from the first epoch
        # Past this largest weight they have exploded; raised if edits make them larger.
        self.weight_start = largest(self.flat.params)
        self.weight_bound = self.bound_from(self.weight_start)

    def reset(self, initial: np.ndarray) -> None:
        """Back to the start: ``initial`` (the first weights) is both good and sane."""
        np.copyto(self.last_good, initial)
        self.last_good_epoch = None
        np.copyto(self.sane, initial)
        self.sane_epoch = None
        self.watch_from_here()

    def bound_from(self, start: float) -> float:
        """The largest weight allowed, from the largest at the start; also sets its square.
        Never past the dtype's largest number, so that an infinity always fails the check."""
        top = float(np.finfo(self.dtype).max)
        bound = min(WEIGHT_GROWTH * max(1.0, start), top)
        self.weight_bound_squared = min(bound * bound, top)
        return bound

    def before_step(self, epoch: int) -> None:
        """The step about to be taken gave a finite loss: its weights are the last good ones."""
        np.copyto(self.last_good, self.flat.params)
        self.last_good_epoch = epoch

    def after_step(self, epoch: int, optimizer: Optimizer, book_rate: tuple[float, str] | None) -> None:
        """After an optimizer step: weights past the bound, NaN or infinite are divergence."""
        params = self.flat.params
        # One cheap call checks the whole update: the sum of squares is at least the
        # largest square, NaN if any weight is NaN (failing every comparison) and inf if
        # any is inf or huge. Past the bound, check_weights looks closer.
        if not float(np.dot(params, params)) <= self.weight_bound_squared:
            self.check_weights(epoch, optimizer, book_rate)

    def loss_not_finite(
        self,
        loss: float,
        inputs: np.ndarray,
        epoch: int,
        optimizer: Optimizer,
        book_rate: tuple[float, str] | None,
        *,
        before_any_step: bool,
    ) -> None:
        """A step's loss was NaN or infinite: say whether the rate or the sizes are why."""
        weights, features = largest(self.flat.params), largest(inputs[:-1])  # under them: the row of ones
        limit = huge(self.dtype)
        if before_any_step or weights >= limit or features >= limit:
            # No step has moved these weights yet, or they or the inputs are huge: the
            # learning rate is not why.
            became = "NaN" if math.isnan(loss) else "infinite"
            reason = f"the loss became {became} at epoch {epoch}"
            reason += " before any training step" if before_any_step else ""
            advice = too_large_advice(weights, features, self.dtype)
            self.diverge("loss", loss, epoch, optimizer, book_rate, reason=reason, size_advice=advice)
        self.diverge("loss", loss, epoch, optimizer, book_rate)

    def check_weights(self, epoch: int, optimizer: Optimizer, book_rate: tuple[float, str] | None) -> None:
        """After a step whose weights passed the bound, or are NaN or infinite: say which."""
        params = self.flat.params
        top, before = largest(params), largest(self.last_good)
        if not math.isfinite(top):
            # NaN or infinite. Already huge before the step: their size, not the rate, is why.
            value = math.nan if math.isnan(top) else math.inf
            if before >= huge(self.dtype):
                reason = (
                    f"the weights became {'NaN' if math.isnan(top) else 'infinite'} at epoch {epoch}; "
                    f"they were already huge before the step"
                )
                advice = too_large_advice(before, None, self.dtype)
                self.diverge("weights", value, epoch, optimizer, book_rate, reason=reason, size_advice=advice)
            self.diverge("weights", value, epoch, optimizer, book_rate)
        if top <= self.weight_bound:
            return  # many weights near the bound, or huge ones whose squares overflow: no explosion
        if before > self.weight_bound:
            # Past the bound before this step, which the last step's check rules out:
            # they were edited this large. Measure growth from them.
            self.weight_start = before
            self.weight_bound = self.bound_from(before)
            if top <= self.weight_bound:
                return
        reason = (
            f"the weights exploded at epoch {epoch}: the largest is {format_number(top, 4)}, "
            f"where the run began with {format_number(self.weight_start, 4)}"
        )
        self.diverge("weights", top, epoch, optimizer, book_rate, reason=reason, sane=True)

    def check_climb(self, loss: float, epoch: int, optimizer: Optimizer, book_rate: tuple[float, str] | None) -> None:
        """After an epoch: a loss far above the start's, for CLIMB_PATIENCE epochs, is divergence."""
        if self.start_loss is None:
            self.start_loss = loss
            self.loss_limit = climb_limit(loss)
        limit = self.loss_limit
        if loss <= limit:
            self.climbing = 0
            np.copyto(self.sane, self.last_good)
            self.sane_epoch = epoch
            return
        self.climbing += 1
        if self.climbing >= CLIMB_PATIENCE:
            reason = (
                f"the loss climbed from {format_number(self.start_loss, 4)} at the start to "
                f"{format_number(loss, 4)} at epoch {epoch}, and stayed above {format_number(limit, 4)} "
                f"for {CLIMB_PATIENCE} epochs"
            )
            self.diverge("loss", loss, epoch, optimizer, book_rate, reason=reason, sane=True)

    def diverge(
        self,
        what: str,
        value: float,
        epoch: int,
        optimizer: Optimizer,
        book_rate: tuple[float, str] | None,
        *,
        reason: str | None = None,
        size_advice: str = "",
        sane: bool = False,
    ) -> NoReturn:
        """Put the last good (or sane) weights back, forget the optimizer's state, raise
        TrainingDiverged, whose ``restored_epoch`` says which epoch's weights these are."""
        if sane:
            self.flat.load(self.sane)
            restored, because = self.sane_epoch, "the last whose loss was not far above the start's"
        else:
            self.flat.load(self.last_good)
            restored, because = self.last_good_epoch, "the last with a finite loss"
        # Momentums and caches grew with the blow-up; keeping them would repeat it.
        optimizer.clear_state()
        self.climbing = 0
        self.weight_start = largest(self.flat.params)
        self.weight_bound = self.bound_from(self.weight_start)
        raise TrainingDiverged(
            epoch,
            what,
            value,
            optimizer.learning_rate,
            optimizer.decay,
            restored,
            reason=reason,
            blames_rate=not size_advice,
            size_advice=size_advice,
            restored_because=because,
            optimizer=type(optimizer).__name__,
            book_rate=book_rate,
        )


__all__ = [
    "BOOK_RATES", "CLIMB_PATIENCE", "DivergenceWatch", "TrainingDiverged", "WEIGHT_GROWTH",
    "climb_limit", "huge", "largest", "rate_to_try", "too_large_advice",
]
