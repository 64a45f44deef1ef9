"""What a label may be, by the network's final activation, and the array that holds them.

The workbench keeps one labels column. What a value in it means depends on the output it
is compared with (engine.loss_choice): a class index for a softmax or ReLU output
(categorical cross-entropy, or accuracy by argmax), 0 or 1 for a sigmoid output (binary
cross-entropy), any finite number for a linear output (a regression target: mean squared
or mean absolute error). Class indices are held as int64; targets of a linear output as
floats in the document's number mode, as the book's ``sine_data`` makes them.
"""

from __future__ import annotations

import numpy as np

from tui.document import limits
from tui.document.limits import MAX_WIDTH

# The activations whose outputs a label names a class of (by argmax).
CLASS_OUTPUTS = ("softmax", "relu")


def label_problem(final_activation: str, value: float) -> str | None:
    """Why ``value`` cannot be a label for this final activation, or None if it can.

    Checked before any conversion: a class index is bounded by the outputs a layer may
    have, so no label can make an array or a loop (a legend, a count) grow with its value.
    """
    if final_activation == "linear":
        if not np.isfinite(value):
            return f"{value:g} is not a target: a target for a linear output is a finite number"
        return None
    if final_activation == "sigmoid":
        if value not in (0.0, 1.0):
            return (f"{value:g} is not a label for a sigmoid output: a label for a sigmoid output is 0 or 1 "
                    "(binary cross-entropy compares each output, a probability, with 0 or 1)")
        return None
    largest = limits.largest_class()
    if not value.is_integer() or value < 0:
        return f"{value:g} is not a class index: a label is a whole number 0, 1, 2, ..."
    if value > largest:
        return (f"{value:g} is too large for a class index: a layer has at most {MAX_WIDTH:,} neurons here, "
                f"so a label is 0 to {largest:,}")
    return None


def holds_targets(labels: np.ndarray | None) -> bool:
    """Whether the labels are float targets (a linear output's) rather than class indices."""
    return labels is not None and labels.dtype.kind == "f"


def label_array(labels: object, dtype: np.dtype) -> np.ndarray:
    """One label per sample: int64 class indices when every value is a whole-number type,
    else float targets in ``dtype`` (the book's ``sine_data`` gives (samples, 1) floats)."""
    array = np.asarray(labels)
    if array.dtype.kind in "iub":
        return array.astype(np.int64).reshape(-1)
    return array.astype(dtype).reshape(-1)
