"""Losses scored one output column at a time: binary cross-entropy, mean squared and
mean absolute error (the book's chapters 16 and 17).

Each sample's loss is the mean over its outputs; the batch's loss the mean over samples.
Targets are a (samples, outputs) matrix (``column_targets``: a 1-D list is reshaped, as
the book's ``y.reshape(-1, 1)``). Formulas are written in the book's order, so the nnfs
mode reproduces its digits. ``backward`` returns d mean loss / d predictions, divided by
outputs and samples as the book's are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from engine.losses import CLIP, regularization_loss
from engine.targets import TargetKind, column_targets

if TYPE_CHECKING:
    from engine.layers import Dense


class ColumnLoss:
    """What the three share: ``calculate`` (the mean), ``regularization_loss(layer)``."""

    name: ClassVar[str] = ""
    targets: ClassVar[TargetKind] = "regression"
    dinputs: np.ndarray | None = None

    def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """Per-sample losses, shape (samples,)."""
        if type(y_pred) is not np.ndarray or y_pred.ndim != 2:
            y_pred = np.atleast_2d(np.asarray(y_pred))
        return self.sample_losses(y_pred, column_targets(y_true, y_pred, self.targets))

    def sample_losses(self, y_pred: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """``forward`` on targets already checked to fit (the Trainer checks them once)."""
        return np.mean(self.elementwise(y_pred, targets), axis=-1)

    def elementwise(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def calculate(self, y_pred: np.ndarray, y_true: np.ndarray) -> float:
        """The mean loss over the batch."""
        return float(np.mean(self.forward(y_pred, y_true)))

    def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """d mean loss / d predictions (``dvalues`` are the predictions)."""
        if type(dvalues) is not np.ndarray or dvalues.ndim != 2:
            dvalues = np.atleast_2d(np.asarray(dvalues))
        self.dinputs = self.mean_gradient(dvalues, column_targets(y_true, dvalues, self.targets))
        return self.dinputs

    def mean_gradient(self, dvalues: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """``backward`` on targets already checked: the book's ``gradient / outputs / samples``."""
        samples, outputs = dvalues.shape
        return self.gradient(dvalues, targets) / outputs / samples

    def gradient(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """d elementwise loss / d prediction, before the book's division by outputs and samples."""
        raise NotImplementedError

    def regularization_loss(self, layer: Dense) -> float:
        """The book's ``Loss.regularization_loss(layer)``; see ``engine.losses.regularization_loss``."""
        return regularization_loss(layer)


class BinaryCrossentropy(ColumnLoss):
    """``-(t log p + (1 - t) log(1 - p))`` per output: each sigmoid output a yes/no probability.

    Predictions are clipped to [1e-7, 1 - 1e-7], as in the categorical loss, so that an
    output of exactly 0 or 1 gives a large finite loss rather than infinity.
    """

    name = "binary cross-entropy"
    targets = "binary"

    def elementwise(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        clipped = np.clip(y_pred, CLIP, 1 - CLIP)
        return -(y_true * np.log(clipped) + (1 - y_true) * np.log(1 - clipped))

    def gradient(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        clipped = np.clip(y_pred, CLIP, 1 - CLIP)
        return -(y_true / clipped - (1 - y_true) / (1 - clipped))


class MeanSquaredError(ColumnLoss):
    """``(t - p)**2`` per output: the regression loss of the book's chapter 17."""

    name = "mean squared error"

    def elementwise(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        return (y_true - y_pred) ** 2

    def gradient(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        return -2 * (y_true - y_pred)


class MeanAbsoluteError(ColumnLoss):
    """``|t - p|`` per output: it grows linearly, so outliers pull less than with MSE."""

    name = "mean absolute error"

    def elementwise(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        return np.abs(y_true - y_pred)

    def gradient(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        # d|t - p|/dp = -sign(t - p) = sign(p - t). The book prints np.sign(y_true - dvalues),
        # which has the sign the other way round (a known slip: it would climb the loss);
        # the maths, and the gradient check, say sign(p - t). At p = t (no derivative) it is 0.
        return np.sign(y_pred - y_true)


COLUMN_LOSSES: dict[str, type[ColumnLoss]] = {
    cls.name: cls for cls in (BinaryCrossentropy, MeanSquaredError, MeanAbsoluteError)
}
