"""Why a network cannot train on a data set, in terms of that data set, and whether f fits it.

The training view's f key resizes the first layer's inputs and the last layer's neurons to
the data and puts softmax last: only problems of those kinds are "fixable". The message
names the real data (X (300, 2)), never a probe of one sample, and suggests the fix that
applies: not "give X 4 features" for data the app generates.
"""

from __future__ import annotations

import numpy as np

from engine import Network
from engine.numbers import plural
from tui.format import shape_text


def fit_problem(network: Network, data: str, samples: int, features: int, classes: int) -> tuple[str, bool]:
    """("", False) if ``network`` can train on ``samples`` x ``features`` inputs with ``classes``
    classes; else (what is wrong, whether f fixes it). ``data`` names the data ("the spiral data")."""
    steps = network.steps
    if not steps:
        return "The network has no layers: add one in the workbench (a).", False
    x = f"X {shape_text((samples, features))}"
    first = steps[0].dense
    if first.n_inputs != features:
        return (
            f"{data.capitalize()}, {x}, has {plural(features, 'feature')} per sample, but layer 1 takes "
            f"{plural(first.n_inputs, 'input')} (W1 {shape_text(first.weights.shape)}).",
            True,
        )
    for number, step in enumerate(steps, start=1):
        dense = step.dense
        if number > 1 and dense.n_inputs != steps[number - 2].dense.n_neurons:
            before = steps[number - 2].dense.n_neurons
            return (
                f"Layer {number - 1} puts out {plural(before, 'value')} per sample, but layer {number} takes "
                f"{plural(dense.n_inputs, 'input')} (W{number} {shape_text(dense.weights.shape)}): "
                f"resize layer {number} in the workbench (g goes back, then e).",
                False,
            )
        if tuple(dense.biases.shape) not in ((1, dense.n_neurons), (dense.n_neurons,)):
            return (
                f"Layer {number}'s biases {shape_text(dense.biases.shape)} do not match its "
                f"{plural(dense.n_neurons, 'neuron')}: one bias per neuron, (1, {dense.n_neurons}). "
                f"Fix them in the workbench (g goes back).",
                False,
            )
    # Anything else the engine finds (checked on one sample: the shapes above are all that
    # depends on the number of samples).
    error = network.forward_trace(np.zeros((1, features))).error
    if error is not None:
        return str(error), False
    last = steps[-1]
    if last.dense.n_neurons < classes:
        return (
            f"The labels of {data} go up to {classes - 1}, and a label is a class index: the last layer needs "
            f"{plural(classes, 'output')} (classes 0 to {classes - 1}) and has {plural(last.dense.n_neurons, 'neuron')}.",
            True,
        )
    if last.activation.name != "softmax":
        return "The last layer has no softmax: the loss needs one probability per class.", True
    return "", False
