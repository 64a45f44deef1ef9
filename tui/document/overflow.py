"""Whether a forward pass overflowed to inf or nan, and what to say about it.

Such a pass is shown (the grids write inf, -inf and nan) but never scored: a NaN softmax
has no meaningful argmax, so "accuracy 1.0" beside it would mislead. The engine flags the
first non-finite value (``trace.nonfinite``, with a message).
"""

from __future__ import annotations

from engine.network import Trace

GIVEN = ("inputs", "weights", "biases")


def nonfinite_message(trace: Trace) -> str:
    """The engine's account of the first inf or nan of the pass; "" when every number is finite."""
    return "" if trace.nonfinite is None else str(trace.nonfinite.message)


def not_scored_reason(trace: Trace) -> str:
    """Why loss and accuracy are not shown for this pass ("" when they can be)."""
    flag = trace.nonfinite
    if flag is None:
        return ""
    if flag.matrix in GIVEN:
        return "a value put in is not a finite number"
    return "the outputs overflowed to inf or nan"
