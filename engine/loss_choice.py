"""Which loss scores a network: chosen by its final activation, unless the learner asks.

- softmax: categorical cross-entropy against class indices (chapters 5-15);
- sigmoid: binary cross-entropy against 0/1 targets (chapter 16);
- linear: mean squared error against numbers (chapter 17), or mean absolute error when
  asked for with ``choice="mae"``;
- ReLU (or anything else): no loss; the workbench scores accuracy by the largest output.

``choice`` ("mse", "mae" or None) only chooses between the two regression losses: the
others follow from the activation, as each chapter's network is built around its loss.
"""

from __future__ import annotations

from engine.column_losses import BinaryCrossentropy, ColumnLoss, MeanAbsoluteError, MeanSquaredError
from engine.losses import CategoricalCrossentropy

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
