"""The backward pass's matrices a lesson's checks may name: where their numbers are, and why
there are none.

Every number comes from ``Document.backward`` (``engine.backward.backward_trace``, the record
step mode, explain and ``nnwb run --json`` read too), so a check and the screen agree. Stored
as the layers store their parameters: ``dweights`` (n_inputs, n_neurons) as weights,
``dbiases`` (1, n_neurons) as biases, ``dinputs`` (samples, n_inputs), ``dvalues`` (samples,
n_neurons): d loss / d the layer's output, as the layer after (or the loss) sends it back.
The last layer's ``dvalues`` is the loss's gradient; for softmax + categorical cross-entropy
the combined ``(p − y) / samples``, as the book computes it.
"""

from __future__ import annotations

import numpy as np

from tui.lessons.context import LessonContext

GRADIENT_MATRICES = ("dweights", "dbiases", "dinputs", "dvalues")


def no_gradients(context: LessonContext) -> str:
    """Why the pass has no gradients to look at (``Document.backward`` is None)."""
    trace = context.trace
    if trace.error is not None:
        return "no gradients: there is a shape error"
    if context.document.labels is None:
        return "no gradients: the batch has no labels (l in the inputs panel adds them)"
    if trace.nonfinite is not None:
        return "no gradients: a number overflowed"
    return "no gradients: the network has no loss (labels, and a softmax, sigmoid or linear output)"


def gradient_matrix(context: LessonContext, matrix: str, layer: int | None) -> tuple[np.ndarray | None, str]:
    """Layer ``layer``'s (1-based) gradient ``matrix``, or with no layer the loss's ``dvalues``,
    and its name for messages; (None, why not) when the pass has no loss. The layer is one
    the network has (the caller sees to that)."""
    backward = context.document.backward
    if backward is None:
        return None, no_gradients(context)
    if layer is None:
        return backward.dvalues, "the loss's dvalues"
    return np.atleast_2d(getattr(backward.layer(layer), matrix)), f"layer {layer}'s {matrix}"
