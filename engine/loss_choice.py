"""Which loss scores a network: chosen by its final activation, unless the learner asks.

- softmax: categorical cross-entropy against class indices (chapters 5-15);
- sigmoid: binary cross-entropy against 0/1 targets (chapter 16);
- linear: mean squared error against numbers (chapter 17), or mean absolute error when
  asked for with ``choice="mae"``;
- ReLU (or anything else): no loss; the workbench scores accuracy by the largest output.

``choice`` ("mse", "mae" or None) only chooses between the two regression losses: the
others follow from the activation, as each chapter's network is built around its loss.
``chosen_loss`` is the loss object a training run minimises, ``labels_for`` its labels as
that loss reads them.
"""

from __future__ import annotations

import numpy as np

from engine.column_losses import (
    BinaryCrossentropy,
    ColumnLoss,
    MeanAbsoluteError,
    MeanSquaredError,
)
from engine.losses import CategoricalCrossentropy
from engine.shapes import sparse_labels
from engine.targets import column_targets

CATEGORICAL = "categorical cross-entropy"
BINARY = "binary cross-entropy"
SQUARED = "mean squared error"
ABSOLUTE = "mean absolute error"

# What a learner may ask for, and the loss it means.
CHOICES: dict[str, str] = {"mse": SQUARED, "mae": ABSOLUTE}


def loss_for(activation_name: str, choice: str | None = None) -> str | None:
    """The name of the loss that scores a network whose last activation is ``activation_name``
    (None: no loss); ``choice`` "mse" or "mae" picks the regression loss of a linear output."""
    if choice is not None and choice.lower() not in CHOICES:
        raise ValueError(f'no loss choice called "{choice}": choose "mse" or "mae" (or none, for the usual one)')
    name = activation_name.lower()
    if name == "softmax":
        return CATEGORICAL
    if name == "sigmoid":
        return BINARY
    if name in ("linear", "none", ""):
        return CHOICES[choice.lower()] if choice is not None else SQUARED
    return None


def loss_named(name: str) -> CategoricalCrossentropy | ColumnLoss:
    """A new loss object from its name (one of the four ``loss_for`` answers)."""
    losses: dict[str, type[CategoricalCrossentropy] | type[ColumnLoss]] = {
        CATEGORICAL: CategoricalCrossentropy,
        BINARY: BinaryCrossentropy,
        SQUARED: MeanSquaredError,
        ABSOLUTE: MeanAbsoluteError,
    }
    try:
        return losses[name]()
    except KeyError:
        raise ValueError(f'no loss called "{name}": choose one of {", ".join(losses)}') from None


def target_kind(name: str | None) -> str:
    """How a loss reads its labels: "classes" (indices), "binary" (0/1) or "regression" (numbers)."""
    return {BINARY: "binary", SQUARED: "regression", ABSOLUTE: "regression"}.get(name or "", "classes")


def chosen_loss(activation_name: str, loss: str | CategoricalCrossentropy | ColumnLoss | None) -> CategoricalCrossentropy | ColumnLoss:
    """The loss object a run minimises: the one given, or the one the last activation
    (``activation_name``) calls for (``loss_for``; "mse"/"mae" choose a linear output's),
    categorical cross-entropy for a ReLU output (no loss of its own: the run trains it
    towards the class, as before)."""
    if loss is not None and not isinstance(loss, str):
        return loss
    name = loss_for(activation_name, loss)
    return loss_named(name) if name is not None else CategoricalCrossentropy()


def _labels_as_indices(y: np.ndarray, samples: int, classes: int) -> np.ndarray:
    # sparse_labels explains mismatches against a prediction matrix; only its shape matters.
    shape_only = np.broadcast_to(np.zeros(1), (samples, classes))
    return np.ascontiguousarray(sparse_labels(y, shape_only), dtype=np.intp)


def labels_for(loss: CategoricalCrossentropy | ColumnLoss, y: np.ndarray, samples: int, outputs: int, dtype: np.dtype) -> np.ndarray:
    """The labels as the loss reads them: class indices, or a (samples, outputs) matrix of
    targets (whole numbers and True/False made floats of the run's dtype, for speed)."""
    if not isinstance(loss, ColumnLoss):
        return _labels_as_indices(y, samples, outputs)
    targets = column_targets(y, np.broadcast_to(np.zeros(1, dtype), (samples, outputs)), loss.targets)
    return np.ascontiguousarray(targets if targets.dtype.kind == "f" else targets.astype(dtype))
