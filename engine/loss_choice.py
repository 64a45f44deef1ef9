"""Which loss a final activation takes (placeholder until helper A's engine.loss_choice lands)."""

from __future__ import annotations

REGRESSION = {None: "mean squared error", "mse": "mean squared error", "mae": "mean absolute error"}


def loss_for(activation_name: str, choice: str | None = None) -> str | None:
    if activation_name == "softmax":
        return "categorical cross-entropy"
    if activation_name == "sigmoid":
        return "binary cross-entropy"
    if activation_name == "linear":
        return REGRESSION[choice]
    return None
