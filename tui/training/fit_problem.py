"""Why a network cannot train on a data set, in terms of that data set, and whether f fits it.

The training view's f key resizes the first layer's inputs and the last layer's neurons to
the data and puts the activation the targets need last (softmax for classes, linear for
numbers such as the sine data's; a sigmoid output of two classes keeps its sigmoid, with one
output): only problems of those kinds are "fixable". The message
names the real data (X (300, 2)), never a probe of one sample, and suggests the fix that
applies: not "give X 4 features" for data the app generates.
"""

from __future__ import annotations

import numpy as np

from engine import Network
from engine.loss_choice import loss_for
from engine.loss_choice import target_kind as loss_target_kind
from engine.numbers import plural
from tui.format import shape_text

CLASSES, BINARY, REGRESSION = "classes", "binary", "regression"


def target_kind(network: Network, generated: str) -> str:
    """What the labels are to the loss: class indices (softmax, the book's chapters 9-15),
    0/1 for a sigmoid output (chapter 16), or numbers to fit (a linear output, chapter 17).
    ``generated``: the generated data chosen ("sine", "spiral"...) or "current"."""
    if generated == "sine":
        return REGRESSION  # its targets are numbers whatever the last layer is now
    if not network.steps:
        return CLASSES
    kind = loss_target_kind(loss_for(network.steps[-1].activation.name))
    if kind == REGRESSION and generated != "current":
        return CLASSES  # spiral or vertical data: class indices, whatever the output is now (f puts softmax last)
    return kind


def fit_problem(network: Network, data: str, samples: int, features: int, classes: int, targets: str = CLASSES,
                regression_loss: str = "mean squared error") -> tuple[str, bool]:
    """("", False) if ``network`` can train on ``samples`` x ``features`` inputs with ``classes``
    classes (``targets``: what the labels are, see target_kind); else (what is wrong, whether f
    fixes it). ``data`` names the data ("the spiral data"); ``regression_loss`` the loss chosen
    for numbers to fit (mean squared or mean absolute error)."""
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
    outputs = last.dense.n_neurons
    if targets == REGRESSION:
        if outputs != 1:
            return (
                f"Each sample of {data} has one target number: the last layer needs 1 output "
                f"({regression_loss} compares it with the target) and has {plural(outputs, 'neuron')}.",
                True,
            )
        if last.activation.name != "linear":
            return (
                f"The targets of {data} are numbers, not classes: the last layer needs a linear activation "
                f"(regression, the book's chapter 17), not {last.activation.name}.",
                True,
            )
        return "", False
    if targets == BINARY and classes <= 2:
        if outputs != 1:
            return (
                f"A sigmoid output says how likely class 1 is: with one labels column (0 or 1) the last layer "
                f"needs 1 output and has {plural(outputs, 'neuron')}.",
                True,
            )
        return "", False
    if targets == BINARY:
        return (
            f"The labels of {data} go up to {classes - 1}, but a sigmoid output's labels are 0 or 1: choose 2 classes "
            f"(binary, the book's chapter 16), or softmax for {classes} classes.",
            True,
        )
    if last.dense.n_neurons < classes:
        return (
            f"The labels of {data} go up to {classes - 1}, and a label is a class index: the last layer needs "
            f"{plural(classes, 'output')} (classes 0 to {classes - 1}) and has {plural(last.dense.n_neurons, 'neuron')}.",
            True,
        )
    if last.activation.name != "softmax":
        return "The last layer has no softmax: the loss needs one probability per class.", True
    return "", False


def map_note(network: Network, features: int, problem: str) -> str:
    """Why the decision map is blank, naming the real mismatch: the map needs inputs of two
    features *and* a network that runs on them. ``problem``: what the training view found
    wrong, if anything (said as is when the shapes are not the reason)."""
    if features != 2:
        return f"The map needs two features; the inputs have {features}."
    if not network.steps:
        return "No map: the network has no layers."
    first = network.steps[0].dense
    if first.n_inputs != 2:
        return (
            f"No map: the inputs have 2 features, but layer 1 takes {plural(first.n_inputs, 'input')} "
            f"(W1 {shape_text(first.weights.shape)})."
        )
    return f"No map: {problem}" if problem else "No map: the network cannot run on these inputs."
