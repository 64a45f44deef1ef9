"""Why a number cannot be typed into a computed grid (tui.widgets.computed_grid), and what to
edit instead: the panels' names, for the layer and the stage on screen."""

from __future__ import annotations

from tui.document.state import Document


def why_computed(doc: Document, grid_id: str) -> str:
    """What the learner is told on typing into the read-only grid ``grid_id``."""
    k = doc.selected + 1
    backward = doc.step is not None and doc.step.backward
    edit = f"edit W{k}, X or the labels"
    if grid_id == "dweights":
        return f"dW{k} is computed from the inputs and weights: {edit} to change it"
    if grid_id == "dbiases":
        return f"db{k} is computed from the inputs and weights: {edit} to change it"
    if grid_id == "results":
        return "the network's output is computed from X and the layers: edit X or a layer's W and b to change it"
    if backward:  # z and output show the stage's matrices
        return f"the backward pass computes these from the inputs, weights and labels: {edit} to change them"
    return f"layer {k}'s outputs are computed from its inputs, W{k} and b{k}: edit X, W{k} or b{k} to change them"
