"""What one epoch of training measured, as the ``Trainer`` (``engine.training``) reports it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EpochStats:
    """What one epoch measured.

    ``loss`` is ``data_loss + regularization_loss``; in the nnfs mode (full batch) the three
    are the book's own figures, its float32 mean and penalty and their float32 sum (float64
    with float64 targets), so they print its digits. Training figures are those of the
    epoch's forward passes, before their updates (as the book prints them); with
    mini-batches they are averaged over the epoch's samples. Validation figures are
    measured with the weights at the end of the epoch; ``val_loss`` is a data loss, as
    the book measures its validation data. ``learning_rate`` is the rate the
    epoch's (last) update used.
    """

    epoch: int
    loss: float
    data_loss: float
    regularization_loss: float
    accuracy: float
    learning_rate: float
    steps: int  # optimizer steps taken so far, over all epochs
    val_loss: float | None = None
    val_accuracy: float | None = None


__all__ = ["EpochStats"]
