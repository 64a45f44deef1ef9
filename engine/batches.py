"""The samples of a training run, cut up: the validation split, mini-batches and slices.

The ``Trainer`` (``engine.training``) holds one of each and runs its steps through them:

- ``validation_count`` and ``split_off``: the shuffled fraction of the samples held out
  for validation, never trained on;
- ``MiniBatches``: one epoch's batches of ``batch_size`` samples (the last takes the
  rest), in a fresh shuffled order when asked, copied into buffers made once;
- ``Slicer``: a heavy batch run (or measured) in slices of samples whose gradients add up
  to the batch's, with a look at the stop request between slices. How many samples a
  slice holds is the Trainer's to say (``engine.training.SLICE_WORK``).

A stop found between slices raises ``StopNow``, which the Trainer turns into a quiet end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from engine.fused import BatchResult, FusedPass

# Where NumPy's global generator was (np.random.get_state()), or None when nothing drew from it.
MasksState = tuple[Any, ...] | dict[str, Any] | None


class StopNow(Exception):
    """Raised between slices when a stop was requested; ``train`` ends quietly."""


def validation_count(samples: int, validation_split: float) -> int:
    """How many of ``samples`` a ``validation_split`` holds out (at least one if it is above
    0), or a ValueError if the fraction is outside [0, 1) or leaves nothing to train on."""
    split = float(validation_split)
    if not 0.0 <= split < 1.0:
        raise ValueError(f"validation_split must be at least 0 and less than 1, not {validation_split}")
    n_val = round(samples * split)
    if split > 0 and n_val == 0:
        n_val = 1
    if samples - n_val < 1:
        raise ValueError(f"a validation split of {split:g} leaves no samples of {samples} to train on")
    return n_val


def split_off(
    X: np.ndarray, labels: np.ndarray, n_val: int, seed: np.random.SeedSequence
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """(X_train, y_train, X_val, y_val): ``n_val`` samples drawn at random with ``seed`` held
    out for validation (None for both without them)."""
    if not n_val:
        return X, labels, None, None
    samples = len(X)
    order = np.random.default_rng(seed).permutation(samples)
    train_rows, val_rows = order[: samples - n_val], order[samples - n_val :]
    return X[train_rows], labels[train_rows], X[val_rows], labels[val_rows]


def masks_state(drops: bool) -> MasksState:
    """Where NumPy's global generator is, when dropout draws its masks from it: an epoch
    undone by a stop puts it back, so that the epoch run again drops the same values."""
    return np.random.get_state() if drops else None


def restore_masks(state: MasksState) -> None:
    if state is not None:
        np.random.set_state(state)


class MiniBatches:
    """One epoch's mini-batches of prepared ``inputs`` (samples as columns) and their labels."""

    def __init__(self, inputs: np.ndarray, y: np.ndarray, size: int) -> None:
        self.inputs, self.y, self.size = inputs, y, size
        self._batch_inputs = np.empty((inputs.shape[0], size), dtype=inputs.dtype)
        self._batch_y = np.empty((size, *y.shape[1:]), dtype=y.dtype)

    def each(self, rng: np.random.Generator | None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The batches in a fresh order drawn from ``rng`` (None: in the samples' order).
        Each is a view of a buffer that the next batch overwrites."""
        size = self.size
        n = self.inputs.shape[1]
        order = rng.permutation(n) if rng is not None else np.arange(n)
        for start in range(0, n, size):
            samples = order[start : start + size]
            count = len(samples)
            # A fresh array for a short last batch: the pass needs contiguous inputs.
            inputs = self._batch_inputs if count == size else np.empty((self._batch_inputs.shape[0], count), self._batch_inputs.dtype)
            y = self._batch_y[:count]
            np.take(self.inputs, samples, axis=1, out=inputs)
            np.take(self.y, samples, axis=0, out=y)
            yield inputs, y


class Slicer:
    """Runs a heavy batch ``size`` samples at a time; a light one (at most ``size``) whole."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._total: np.ndarray | None = None  # the sum of a sliced batch's gradients

    def starts(self, columns: int) -> range:
        """Where each slice of a batch of ``columns`` samples starts (one slice if light)."""
        size = self.size
        return range(0, columns, size if columns > size else columns)

    def run(
        self, fused: FusedPass, grads: np.ndarray, X: np.ndarray, y: np.ndarray, should_stop: Callable[[], bool]
    ) -> BatchResult:
        """Forward and backward over a heavy batch, slice by slice: each slice's gradient
        is its share of the batch's mean, so their sum (left in ``grads``) is the batch's
        gradient; the regularisation's is added once, with the last slice."""
        columns = X.shape[1]
        if self._total is None or self._total.shape != grads.shape:
            self._total = np.empty_like(grads)
        total = self._total
        loss_sum, regularization = 0.0, 0.0
        correct: float = 0
        starts = self.starts(columns)
        saved_masks = masks_state(fused.drops)
        for number, start in enumerate(starts):
            if start and should_stop():
                restore_masks(saved_masks)
                raise StopNow
            part = np.ascontiguousarray(X[:, start : start + starts.step])
            last = number == len(starts) - 1
            result = fused.run(part, y[start : start + starts.step], of=columns, regularize=last)
            if number == 0:
                np.copyto(total, grads)
            else:
                np.add(total, grads, out=total)
            loss_sum += result.loss_sum
            correct += result.correct
            regularization = result.regularization_loss
        np.copyto(grads, total)
        return BatchResult(columns, loss_sum, correct, regularization)

    def measure(
        self, fused: FusedPass, inputs: np.ndarray, y: np.ndarray, should_stop: Callable[[], bool] | None = None
    ) -> BatchResult:
        """Loss and accuracy of the current weights on prepared inputs, slice by slice if
        heavy; with ``should_stop``, a stop is looked for between slices."""
        columns = inputs.shape[1]
        starts = self.starts(columns)
        if len(starts) == 1:
            return fused.evaluate(inputs, y)
        loss_sum, regularization = 0.0, 0.0
        correct: float = 0
        for start in starts:
            if start and should_stop is not None and should_stop():
                raise StopNow
            part = np.ascontiguousarray(inputs[:, start : start + starts.step])
            result = fused.evaluate(part, y[start : start + starts.step])
            loss_sum += result.loss_sum
            correct += result.correct
            regularization = result.regularization_loss
        return BatchResult(columns, loss_sum, correct, regularization)


__all__ = ["MasksState", "MiniBatches", "Slicer", "StopNow", "masks_state", "restore_masks", "split_off", "validation_count"]
