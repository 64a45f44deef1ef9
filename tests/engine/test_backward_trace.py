"""Issue 17: engine.backward's trace is the engine's own backward chain, bit for bit; in the
nnfs mode it is the book's chapter 9 code's; check_cell's central difference proves each of
its numbers; and a step by hand is the SGD optimizer's step.

The reference chain (``book_chain``) is the book's way of running a network backwards, on
the engine's own classes: fresh Dense / activation / loss / Dropout objects, each ``forward``
then each ``backward`` in turn, dropout given the pass's mask with ``forward_with_mask``.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    Dense,
    Dropout,
    Linear,
    MeanAbsoluteError,
    MeanSquaredError,
    Network,
    ReLU,
    Sigmoid,
    Softmax,
    SoftmaxCategoricalCrossentropy,
    Step,
    regularization_loss,
    sine_data,
    spiral_data,
)
from engine.backward import CHECKABLE, MASK_SEED, BackwardTrace, backward_trace, check_cell, stepped_parameters
from engine.dropout import dropout_mask
from engine.layers import l1_direction
from engine.loss_choice import ABSOLUTE, BINARY, CATEGORICAL, SQUARED
from engine.optimizers import SGD
from engine.precision import matmul, nnfs_mode
from engine.training import Trainer
from tui.document.label_values import label_array
from tui.document.state import Document

ROOT = Path(__file__).resolve().parents[2]
BOOK_REPO = Path("/work/.mirror/Sentdex+nnfs_book/repo")
TOLERANCE = 1e-6  # the issue's: analytic against central difference, relative, float64
LEARNING_RATE = 0.5

ACTIVATIONS: dict[str, Callable[[], Any]] = {"relu": ReLU, "sigmoid": Sigmoid, "softmax": Softmax, "linear": Linear}
LOSSES: dict[str, Callable[[], Any]] = {
    CATEGORICAL: CategoricalCrossentropy, BINARY: BinaryCrossentropy, SQUARED: MeanSquaredError, ABSOLUTE: MeanAbsoluteError,
}


# ------------------------------------------------------------------ networks and data
class Layer(NamedTuple):
    neurons: int
    activation: str
    dropout: float = 0.0
    l1: float = 0.0  # on weights and biases
    l2: float = 0.0


def build(inputs: int, layers: list[Layer], seed: int = 1, scale: float = 0.5) -> Network:
    """Random weights and biases (non-zero, so no z is exactly 0: no ReLU kinks)."""
    rng = np.random.RandomState(seed)
    steps, n_in = [], inputs
    for spec in layers:
        dense = Dense.from_arrays(scale * rng.randn(n_in, spec.neurons), 0.1 * rng.randn(1, spec.neurons) + 0.05,
                                  weight_regularizer_l1=spec.l1, weight_regularizer_l2=spec.l2,
                                  bias_regularizer_l1=spec.l1, bias_regularizer_l2=spec.l2)
        steps.append(Step(dense, ACTIVATIONS[spec.activation](), spec.dropout))
        n_in = spec.neurons
    return Network(steps)


class Case(NamedTuple):
    network: Network
    inputs: np.ndarray
    labels: np.ndarray  # as the book's code passes them
    loss: str | None  # "mse" / "mae" for a linear output


def spiral(per_class: int = 20, classes: int = 3) -> tuple[np.ndarray, np.ndarray]:
    np.random.seed(0)
    return spiral_data(per_class, classes)


def spiral_case(layers: list[Layer], per_class: int = 20) -> Case:
    return Case(build(2, layers), *spiral(per_class), None)


def binary_case(layers: list[Layer], per_class: int = 20) -> Case:
    X, y = spiral(per_class, 2)
    return Case(build(2, layers), X, y.reshape(-1, 1), None)  # the book's chapter 16 targets


def regression_case(layers: list[Layer], loss: str = "mse", samples: int = 40) -> Case:
    X, y = sine_data(samples)
    return Case(build(1, layers, scale=1.0), X, y, loss)


def preset_case(name: str) -> Case:
    document = Document.from_preset(name)
    assert document.labels is not None
    return Case(document.network, document.inputs, document.labels, document.loss)


RELU_SOFTMAX = [Layer(3, "relu"), Layer(3, "softmax")]
RELU_SIGMOID = [Layer(8, "relu"), Layer(1, "sigmoid")]
RELU_LINEAR = [Layer(8, "relu"), Layer(8, "relu"), Layer(1, "linear")]
L2 = 5e-3


def with_dropout(layers: list[Layer]) -> list[Layer]:
    return [layers[0]._replace(dropout=0.3), *layers[1:]]


def with_l2(layers: list[Layer]) -> list[Layer]:
    return [layer._replace(l2=L2) for layer in layers]


CASES: dict[str, Callable[[], Case]] = {
    "spiral 2-3-3 relu/softmax": lambda: spiral_case(RELU_SOFTMAX),
    "sigmoid/BCE (ch16 style)": lambda: binary_case(RELU_SIGMOID),
    "MSE linear (ch17 style)": lambda: regression_case(RELU_LINEAR),
    "MAE linear": lambda: regression_case(RELU_LINEAR, "mae"),
    "hidden softmax (Jacobian)": lambda: spiral_case([Layer(4, "relu"), Layer(4, "softmax"), Layer(3, "softmax")]),
    "softmax output with dropout (not combined)": lambda: spiral_case([Layer(4, "relu"), Layer(3, "softmax", dropout=0.2)]),
    "dropout on a hidden layer": lambda: spiral_case([Layer(6, "relu", dropout=0.3), Layer(3, "softmax")]),
    "dropout on two layers, sigmoid hidden": lambda: binary_case([Layer(5, "sigmoid", dropout=0.5), Layer(4, "relu", dropout=0.25),
                                                                  Layer(1, "sigmoid")]),
    "L1 and L2 on weights and biases": lambda: spiral_case(
        [Layer(5, "relu", l1=1e-3, l2=1e-2), Layer(4, "sigmoid", l2=L2), Layer(3, "softmax", l1=2e-3)]),
    "nnfs spiral preset": lambda: preset_case("spiral"),
    "nnfs ch15-dropout preset": lambda: preset_case("ch15-dropout"),
    "nnfs ch16-binary preset": lambda: preset_case("ch16-binary"),
    "nnfs ch17-regression preset": lambda: preset_case("ch17-regression"),
}


def traced(case: Case) -> BackwardTrace:
    backward = backward_trace(case.network, case.network.forward_trace(case.inputs, case.labels, loss=case.loss))
    assert backward is not None
    return backward


# ------------------------------------------------------------------ the book's chain
def book_chain(network: Network, X: np.ndarray, labels: np.ndarray, loss_name: str) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """(sample losses, each layer's matrices, layer 1 first), the book's forward then backward
    on fresh engine objects; each dropout mask from its own RandomState(MASK_SEED)."""
    denses = [copy.deepcopy(step.dense) for step in network.steps]
    activations = [ACTIVATIONS[step.activation.name]() for step in network.steps]
    dropouts = [Dropout(step.dropout) if step.dropout else None for step in network.steps]
    masks: list[np.ndarray | None] = []
    current = X
    for dense, activation, dropout in zip(denses, activations, dropouts):
        dense.forward(current)
        activation.forward(dense.output)
        current = activation.output
        mask = None
        if dropout is not None:
            mask = dropout_mask(current.shape, dropout.rate, np.random.RandomState(MASK_SEED))
            current = dropout.forward_with_mask(current, mask)
        masks.append(mask)
    last = network.steps[-1]
    fused = loss_name == CATEGORICAL and last.activation.name == "softmax" and not last.dropout
    if fused:
        combined = SoftmaxCategoricalCrossentropy()
        combined.forward(denses[-1].output, labels)
        dvalues = combined.backward(combined.output, labels)
    else:
        dvalues = LOSSES[loss_name]().backward(current, labels)
    sample_losses = LOSSES[loss_name]().forward(current, labels)
    layers: list[dict[str, Any]] = []
    for index in reversed(range(len(denses))):
        dense, activation, dropout = denses[index], activations[index], dropouts[index]
        if fused and index == len(denses) - 1:
            dactivation = dz = dvalues
        else:
            dactivation = dvalues if dropout is None else dropout.backward(dvalues)
            dz = activation.backward(dactivation)
        dinputs = dense.backward(dz)
        layers.insert(0, {
            "dvalues": dvalues, "mask": masks[index], "dactivation": dactivation, "dz": dz, "dweights": dense.dweights,
            "dbiases": dense.dbiases, "dinputs": dinputs, "inputs": dense.inputs, "z": dense.output,
            "activated": activation.output, "fused": fused and index == len(denses) - 1, "dense": dense,
        })
        dvalues = dinputs
    return sample_losses, layers


def without_regularization(network: Network) -> Network:
    bare = copy.deepcopy(network)
    for step in bare.steps:
        step.dense.set_regularizers(0, 0, 0, 0)
    return bare


def same(ours: np.ndarray | None, theirs: np.ndarray | None, what: str) -> None:
    """Bit for bit, in the same dtype."""
    assert (ours is None) == (theirs is None), what
    if ours is not None and theirs is not None:
        assert ours.dtype == theirs.dtype, f"{what}: {ours.dtype} != {theirs.dtype}"
        assert ours.shape == theirs.shape, what
        assert np.array_equal(ours, theirs), what


# ------------------------------------------------------------------ every stage = the engine's chain
@pytest.mark.parametrize("name", CASES)
def test_every_stage_is_the_engines_own_backward_chain(name: str) -> None:
    case = CASES[name]()
    trace = case.network.forward_trace(case.inputs, case.labels, loss=case.loss)
    backward = traced(case)
    before = [(s.dense.weights.copy(), s.dense.biases.copy()) for s in case.network.steps]
    sample_losses, expected = book_chain(case.network, case.inputs, case.labels, backward.loss_name)
    _, bare = book_chain(without_regularization(case.network), case.inputs, case.labels, backward.loss_name)

    same(backward.sample_losses, sample_losses, "sample losses")
    assert backward.loss == float(np.mean(sample_losses))
    dropped = any(step.dropout for step in case.network.steps)
    assert backward.dropped == dropped
    if not dropped:
        assert backward.loss == trace.loss  # the pass differentiated is the one shown
    assert backward.regularization == sum(regularization_loss(step.dense) for step in case.network.steps)
    assert backward.total_loss == backward.loss + backward.regularization
    assert backward.fused == expected[-1]["fused"]
    same(backward.output, expected[-1]["activated"] if expected[-1]["mask"] is None
         else expected[-1]["activated"] * expected[-1]["mask"], "output")
    same(backward.dvalues, expected[-1]["dvalues"], "the loss's dvalues")
    assert len(backward.layers) == len(expected)
    for number, (ours, theirs, data) in enumerate(zip(backward.layers, expected, bare), start=1):
        assert ours.layer == number and backward.layer(number) is ours
        assert ours.fused == theirs["fused"]
        for field in ("dvalues", "mask", "dactivation", "dz", "dweights", "dbiases", "dinputs", "inputs", "z", "activated"):
            same(getattr(ours, field), theirs[field], f"layer {number} {field}")
        same(ours.dweights_data, data["dweights"], f"layer {number} dweights_data")
        same(ours.dbiases_data, data["dbiases"], f"layer {number} dbiases_data")
        if ours.activation == "relu":
            assert ours.relu_mask is not None
            same(ours.relu_mask.astype(bool), ours.z > 0, f"layer {number} relu_mask")
            assert not np.any(ours.dz[ours.relu_mask == 0])
        else:
            assert ours.relu_mask is None
    for step, (weights, biases) in zip(case.network.steps, before):  # the network is not changed
        assert np.array_equal(step.dense.weights, weights) and np.array_equal(step.dense.biases, biases)


def test_dropout_masks_are_the_explain_panels_example_masks() -> None:
    case = CASES["dropout on two layers, sigmoid hidden"]()
    backward = traced(case)
    for step, layer in zip(case.network.steps, backward.layers):
        if step.dropout:
            same(layer.mask, dropout_mask(layer.activated.shape, step.dropout, np.random.RandomState(MASK_SEED)), "mask")
            assert set(np.unique(layer.mask)) <= {0.0, 1 / (1 - step.dropout)}
            same(layer.dactivation, layer.dvalues * layer.mask, "dactivation")
        else:
            assert layer.mask is None and layer.dactivation is layer.dvalues
    assert np.any(backward.layers[0].mask == 0)  # something was dropped
    assert traced(CASES["dropout on two layers, sigmoid hidden"]()).loss == backward.loss  # the same mask every time


def test_regularisation_terms_and_totals() -> None:
    case = CASES["L1 and L2 on weights and biases"]()
    backward = traced(case)
    first, second, third = backward.layers
    for layer, step in zip(backward.layers, case.network.steps):
        dense = step.dense
        l1_w, l2_w = dense.weight_regularizer_l1, dense.weight_regularizer_l2
        term = np.zeros_like(dense.weights)
        if l1_w:
            term = term + l1_w * l1_direction(dense.weights)
        if l2_w:
            term = term + 2 * l2_w * dense.weights
        assert layer.regularized
        assert layer.dweights_regularization is not None and layer.dbiases_regularization is not None
        np.testing.assert_allclose(layer.dweights_regularization, term, rtol=1e-15)
        # Dense.backward adds the terms to the data gradient one by one: the total is its own, and
        # data + term to the last bit or so.
        np.testing.assert_allclose(layer.dweights, layer.dweights_data + layer.dweights_regularization, rtol=1e-14, atol=1e-17)
        np.testing.assert_allclose(layer.dbiases, layer.dbiases_data + layer.dbiases_regularization, rtol=1e-14, atol=1e-17)
    # One strength alone: the term is exactly what Dense.backward adds.
    same(second.dweights_regularization, 2 * L2 * case.network.steps[1].dense.weights, "L2 term")
    same(third.dbiases_regularization, 2e-3 * l1_direction(case.network.steps[2].dense.biases), "L1 term")
    same(second.dweights, second.dweights_data + 2 * L2 * case.network.steps[1].dense.weights, "data + L2")
    assert first.dweights_regularization is not None and not np.array_equal(first.dweights, first.dweights_data)
    plain = traced(CASES["spiral 2-3-3 relu/softmax"]())
    assert all(not layer.regularized and layer.dweights_regularization is None and layer.dbiases_regularization is None
               for layer in plain.layers)
    assert plain.regularization == 0.0 and plain.total_loss == plain.loss
