"""Whether a forward pass overflowed to inf or nan, and what to say about it.

Such a pass is shown (the grids write inf, -inf and nan) but never scored: a NaN softmax
has no meaningful argmax, so "accuracy 1.0" beside it would mislead. The engine flags the
first non-finite value (``trace.nonfinite``, with a message); the output check below also
covers a trace without that flag.
"""

from __future__ import annotations

import numpy as np

from engine.network import Trace

GIVEN = ("inputs", "weights", "biases")


def nonfinite_message(trace: Trace) -> str:
    """The engine's account of the first inf or nan of the pass; "" when every number is finite."""
    if hasattr(trace, "nonfinite"):  # the engine looked: trust it (and scan nothing again)
        flag = trace.nonfinite
        return "" if flag is None else str(flag.message)
    for record in trace.records:
        for name, array in (("inputs · weights", record.product), ("z", record.z), ("output", record.output)):
            values = np.asarray(array)
            if values.dtype.kind in "fc" and not np.isfinite(values).all():
                row, column = (int(i) for i in np.argwhere(~np.isfinite(values))[0])
                return (
                    f"layer {record.layer}: {name} overflowed at sample {row}, neuron {column} "
                    f"({values[row, column]}): a sum went past the largest number a float holds. "
                    f"Use smaller inputs or weights."
                )
    return ""


def not_scored_reason(trace: Trace) -> str:
    """Why loss and accuracy are not shown for this pass ("" when they can be)."""
    flag = getattr(trace, "nonfinite", None)
    if flag is not None and flag.matrix in GIVEN:
        return "a value put in is not a finite number"
    if nonfinite_message(trace):
        return "the outputs overflowed to inf or nan"
    return ""
