"""Issue 17: engine.backward's trace is the engine's own backward chain, bit for bit (the book's
chapter 9 code's own numbers: test_backward_chapter9); check_cell's central difference proves
each of its numbers; and a step by hand is the SGD optimizer's step.

The reference chain (``book_chain``) is the book's way of running a network backwards, on
the engine's own classes: fresh Dense / activation / loss / Dropout objects, each ``forward``
then each ``backward`` in turn, dropout given the pass's mask with ``forward_with_mask``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
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
from tui.document.state import Document

TOLERANCE = 1e-6  # the issue's: analytic against central difference, relative, float64
LEARNING_RATE = 0.3  # not a power of 2: each step rounds

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
    book_labels: np.ndarray | None = None  # the labels as the book's code holds them, when not ``labels``


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
    # Chapter 16's y is nnfs's uint8 labels, reshaped to a column: the document holds int64 ones.
    book = document.labels.astype(np.uint8).reshape(-1, 1) if name == "ch16-binary" else None
    return Case(document.network, document.inputs, document.labels, document.loss, book)


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
    labels = case.labels if case.book_labels is None else case.book_labels
    sample_losses, expected = book_chain(case.network, case.inputs, labels, backward.loss_name)
    _, bare = book_chain(without_regularization(case.network), case.inputs, labels, backward.loss_name)

    if case.book_labels is None:
        same(backward.sample_losses, sample_losses, "sample losses")
        assert backward.loss == float(np.mean(sample_losses))
    else:  # the forward trace scores int64 0/1 targets in float64 (Network.forward_trace): not the book's float32
        np.testing.assert_allclose(backward.sample_losses, sample_losses, rtol=1e-6)
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


# ------------------------------------------------------------------ check_cell on every cell
CHECKED: dict[str, Callable[[], Case]] = {
    f"{name} {variant}": (lambda make=make, change=change, layers=layers: make(change(layers)))
    for name, make, layers in (
        ("spiral 2-3-3 relu/softmax", lambda layers: spiral_case(layers, per_class=6), RELU_SOFTMAX),
        ("sigmoid/BCE", lambda layers: binary_case(layers, per_class=6), [Layer(4, "relu"), Layer(1, "sigmoid")]),
        ("MSE", lambda layers: regression_case(layers, samples=10), [Layer(4, "relu"), Layer(3, "relu"), Layer(1, "linear")]),
    )
    for variant, change in (("plain", lambda layers: layers), ("with dropout", with_dropout), ("with L2", with_l2))
}


def every_cell(backward: BackwardTrace) -> list[tuple[int, str, int, int]]:
    cells = []
    for layer in backward.layers:
        for matrix in CHECKABLE:
            shape = np.atleast_2d(getattr(layer, matrix)).shape
            cells += [(layer.layer, matrix, row, column) for row, column in np.ndindex(shape)]
    return cells


@pytest.mark.parametrize("name", CHECKED)
def test_check_cell_agrees_with_every_analytic_number(name: str) -> None:
    case = CHECKED[name]()
    backward = traced(case)
    cells = every_cell(backward)
    skipped = []
    for layer, matrix, row, column in cells:
        check = check_cell(case.network, backward, layer, matrix, row, column)
        assert check.analytic == np.atleast_2d(getattr(backward.layer(layer), matrix))[row, column]
        assert check.regularized == (matrix in ("dweights", "dbiases") and "L2" in name)
        if check.kinks or check.clipped:
            skipped.append((layer, matrix, row, column, check))
            continue
        assert check.relative <= TOLERANCE, (layer, matrix, row, column, check)
    assert not skipped  # no z at 0 and no saturated output in these networks: every cell is proved
    assert len(cells) > 150
    assert backward.loss_name == {"spiral": CATEGORICAL, "sigmoid": BINARY, "MSE": SQUARED}[name.split()[0].split("/")[0]]


def test_a_cell_is_checked_where_the_network_has_no_kink_and_the_relative_difference_is_what_it_says() -> None:
    case = CHECKED["spiral 2-3-3 relu/softmax with L2"]()
    backward = traced(case)
    check = check_cell(case.network, backward, 1, "dweights", 1, 2)
    assert check.h == 1e-6
    assert check.relative == abs(check.analytic - check.numerical) / max(abs(check.analytic), abs(check.numerical))
    data = check_cell(case.network, backward, 1, "dweights_data", 1, 2)
    assert not data.regularized and data.relative <= TOLERANCE
    # the regularisation's own part of the difference: 2 * l2 * w
    assert check.numerical - data.numerical == pytest.approx(2 * L2 * case.network.steps[0].dense.weights[1, 2], rel=1e-6)
    with pytest.raises(ValueError, match="no gradient matrix called 'weights'"):
        check_cell(case.network, backward, 1, "weights", 0, 0)


def test_kinks_are_reported_on_the_spiral_presets_first_biases() -> None:
    document = Document.from_preset("spiral")
    backward = document.backward
    assert backward is not None
    first = backward.layer(1)
    assert np.all(document.inputs[0] == 0) and np.all(first.z[0] == 0)  # sample 0 is (0, 0): z = b = 0
    for column in range(first.dbiases.shape[1]):
        check = check_cell(document.network, backward, 1, "dbiases", 0, column)
        assert check.kinks > 0 and check.l1_kinks == 0  # ReLU's kinks alone: the preset has no L1
    assert check_cell(document.network, backward, 2, "dbiases", 0, 0).kinks == 0  # no ReLU after layer 2


def test_an_l1_parameter_at_zero_is_a_kink() -> None:
    # Biases start at 0; |b| has no derivative there, the book's dL1 takes +1, and the central
    # difference sees |b| flat: the two part, and the check must say why.
    case = spiral_case([Layer(3, "relu"), Layer(3, "softmax", l1=1e-2)])
    case.network.steps[1].dense.biases[:] = 0
    backward = traced(case)
    at_zero = check_cell(case.network, backward, 2, "dbiases", 0, 1)
    assert at_zero.relative > 1e-3 and at_zero.kinks == at_zero.l1_kinks == 1 and at_zero.regularized
    away = check_cell(case.network, backward, 2, "dweights", 1, 0)
    assert away.kinks == away.l1_kinks == 0 and away.relative <= TOLERANCE
    data = check_cell(case.network, backward, 2, "dbiases_data", 0, 1)
    assert data.kinks == data.l1_kinks == 0  # the data loss has no |b|


def test_a_nudge_can_cross_relus_kink_and_l1s_at_once() -> None:
    # The spiral preset's b1 is 0 and sample 0 sits at (0, 0), so its z1 is b1 alone: nudging
    # b1 crosses L1's kink (|b| at 0) and ReLU's (z at 0) together; ``l1_kinks`` tells them apart.
    document = Document.from_preset("spiral")
    document.network.steps[0].dense.bias_regularizer_l1 = 0.01
    backward = backward_trace(document.network, document.trace)
    assert backward is not None
    check = check_cell(document.network, backward, 1, "dbiases", 0, 0)
    assert check.l1_kinks == 1 and check.kinks > check.l1_kinks and check.regularized
    assert check_cell(document.network, backward, 1, "dbiases_data", 0, 0).l1_kinks == 0


def test_a_gradient_of_zero_is_checked_as_zero_through_the_differences_rounding() -> None:
    # MAE's gradient is sign(p - t) / samples: one sample above its target and one below
    # cancel, so the bias's gradient is exactly 0, and the central difference is 0 but for the
    # rounding of the losses it subtracts (about 1e-14 here).
    network = Network([Step(Dense.from_arrays(np.array([[0.53]]), np.array([[0.11]])), Linear())])
    X, targets = np.array([[0.31], [0.77], [1.3], [-0.4]]), np.array([2.0, -1.0, 3.0, -2.0])
    backward = backward_trace(network, network.forward_trace(X, targets, loss="mae"))
    assert backward is not None and backward.layer(1).dbiases[0, 0] == 0.0
    check = check_cell(network, backward, 1, "dbiases", 0, 0)
    assert abs(check.numerical) < 1e-12 and check.relative == 0.0
    weight = check_cell(network, backward, 1, "dweights", 0, 0)  # a gradient that is not 0 keeps its relative difference
    assert weight.analytic == pytest.approx(-0.31) and 0 < weight.relative <= TOLERANCE


def test_a_saturated_softmax_reports_clipped_samples() -> None:
    network = build(2, [Layer(3, "softmax")], scale=1.0)
    network.steps[0].dense.weights *= 2000  # logits thousands apart: probabilities 0 and 1
    X = np.array([[1.0, 0.5], [-0.5, 1.0], [0.3, -0.2], [0.0, 0.0]])  # the last: z = b, far from saturated
    wrong = np.argmin(network.forward(X), axis=1)  # labels the network is sure are not the class
    backward = backward_trace(network, network.forward_trace(X, wrong))
    assert backward is not None
    check = check_cell(network, backward, 1, "dz", 0, int(wrong[0]))
    assert check.clipped == 1  # the one sample nudged
    assert check.relative > 0.5  # the loss is clipped flat there: why the two part
    assert check_cell(network, backward, 1, "dweights", 0, 0).clipped == 3  # a weight moves every sample
    unsaturated = check_cell(network, backward, 1, "dz", 3, 0)
    assert unsaturated.clipped == 0 and unsaturated.relative <= TOLERANCE


# ------------------------------------------------------------------ a step by hand
def nnfs_dropout_case() -> Case:
    """A float32 (nnfs mode) layer behind a float64 dropout mask: its bias gradient is float64,
    as the book's chapter 15's. Biases of the size of a step (1e-4) make the step's rounding show."""
    dtype = nnfs_mode(0)
    X, y = spiral_data(100, 3, dtype=dtype)
    first = Dense(2, 512, dtype=dtype)
    first.biases = (1e-4 * np.random.randn(1, 512)).astype(dtype)
    network = Network([Step(first, ReLU(), dropout=0.1), Step(Dense(512, 3, dtype=dtype), Softmax())])
    return Case(network, X, y.astype(np.int64), None)


STEPPED = {**{name: CASES[name] for name in ("spiral 2-3-3 relu/softmax", "MSE linear (ch17 style)", "L1 and L2 on weights and biases",
                                             "dropout on a hidden layer", "nnfs spiral preset", "nnfs ch15-dropout preset")},
           "nnfs float64 bias gradients": nnfs_dropout_case}


@pytest.mark.parametrize("name", STEPPED)
def test_stepped_parameters_are_one_step_of_the_sgd_optimizer(name: str) -> None:
    case = STEPPED[name]()
    backward = traced(case)
    before = [(s.dense.weights.copy(), s.dense.biases.copy()) for s in case.network.steps]
    stepped = stepped_parameters(case.network, backward, np.float64(LEARNING_RATE))  # as a NumPy number too
    optimizer = SGD(learning_rate=LEARNING_RATE)
    optimizer.pre_update_params()
    for step, layer, (weights, biases) in zip(case.network.steps, backward.layers, stepped):
        dense = copy.deepcopy(step.dense)
        dense.dweights, dense.dbiases = layer.dweights, layer.dbiases
        optimizer.update_params(dense)
        same(weights, dense.weights, f"layer {layer.layer} weights")
        same(biases, dense.biases, f"layer {layer.layer} biases")
    for step, (weights, biases) in zip(case.network.steps, before):  # the network is not changed
        assert np.array_equal(step.dense.weights, weights) and np.array_equal(step.dense.biases, biases)
    if name == "nnfs float64 bias gradients":
        assert backward.layer(1).dbiases.dtype == np.float64 and stepped[0][1].dtype == np.float32


@pytest.mark.parametrize(("name", "exact"), [("spiral 2-3-3 relu/softmax", True), ("nnfs spiral preset", True),
                                             ("nnfs ch16-binary preset", True), ("nnfs ch17-regression preset", True),
                                             ("sigmoid/BCE (ch16 style)", False),
                                             ("MSE linear (ch17 style)", False), ("L1 and L2 on weights and biases", False)])
def test_a_step_by_hand_is_the_training_views_first_sgd_epoch(name: str, exact: bool) -> None:
    case = CASES[name]()
    stepped = stepped_parameters(case.network, traced(case), LEARNING_RATE)
    # As the training view builds its Trainer (tui/training/run.py): full batch, no validation, seed 0.
    trainer = Trainer(copy.deepcopy(case.network), case.inputs, case.labels, SGD(LEARNING_RATE), None, 0.0, 0, loss=case.loss)
    trainer.run_epoch()
    for (weights, biases), (trained_weights, trained_biases) in zip(stepped, trainer.weights()):
        if exact:
            same(weights, trained_weights, "weights")
            same(biases, trained_biases.reshape(biases.shape), "biases")
        else:  # the Trainer's fused pass sums in its own order: the same to within rounding
            np.testing.assert_allclose(weights, trained_weights, rtol=1e-13, atol=1e-15)
            np.testing.assert_allclose(biases, trained_biases.reshape(biases.shape), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", ["spiral 2-3-3 relu/softmax", "sigmoid/BCE (ch16 style)", "MSE linear (ch17 style)",
                                  "L1 and L2 on weights and biases", "dropout on a hidden layer"])
def test_predicted_loss_is_first_order_and_the_step_lowers_the_loss(name: str) -> None:
    case = CASES[name]()
    backward = traced(case)
    squares = sum(float(np.sum(layer.dweights.astype(np.float64) ** 2)) + float(np.sum(layer.dbiases.astype(np.float64) ** 2))
                  for layer in backward.layers)
    assert backward.squared_gradient() == pytest.approx(squares, rel=1e-12)
    rate = 1e-3
    predicted = backward.predicted_loss(rate)
    assert predicted == backward.total_loss - rate * backward.squared_gradient()
    stepped_network = copy.deepcopy(case.network)
    for step, (weights, biases) in zip(stepped_network.steps, stepped_parameters(case.network, backward, rate)):
        step.dense.weights, step.dense.biases = weights, biases
    after = traced(case._replace(network=stepped_network))  # the same masks: the same function
    assert after.total_loss < backward.total_loss
    # first order: what the prediction leaves out is of order rate² · Σ dw² · curvature
    assert abs(after.total_loss - predicted) < 0.05 * (backward.total_loss - predicted)


# ------------------------------------------------------------------ nothing to differentiate
def test_no_backward_trace_without_a_loss_to_differentiate() -> None:
    X, y = spiral(5)
    softmax = build(2, RELU_SOFTMAX)
    assert backward_trace(softmax, softmax.forward_trace(X)) is None  # no labels
    relu_out = build(2, [Layer(3, "relu"), Layer(3, "relu")])
    trace = relu_out.forward_trace(X, y)
    assert trace.accuracy is not None and trace.loss_name is None
    assert backward_trace(relu_out, trace) is None  # a ReLU output has no loss
    mismatch = Network([Step(Dense(2, 3), ReLU()), Step(Dense(4, 3), Softmax())])
    trace = mismatch.forward_trace(X, y)
    assert trace.error is not None
    assert backward_trace(mismatch, trace) is None  # a shape error
    wrong_labels = softmax.forward_trace(X, y[:4])
    assert wrong_labels.error is not None and backward_trace(softmax, wrong_labels) is None
    overflowing = build(2, RELU_SOFTMAX)
    overflowing.steps[0].dense.weights *= 1e306
    trace = overflowing.forward_trace(X * 1e10, y)
    assert trace.nonfinite is not None
    assert backward_trace(overflowing, trace) is None  # an overflowed pass
    assert backward_trace(Network([]), Network([]).forward_trace(X, y)) is None  # no layers
    assert backward_trace(softmax, softmax.forward_trace(X, y)) is not None  # and with all of it, a trace



# ------------------------------------------------------------------ any small network
@st.composite
def small_networks(draw: st.DrawFn) -> Case:
    seed = draw(st.integers(0, 2**16))
    rng = np.random.RandomState(seed)
    inputs, samples = draw(st.integers(1, 4)), draw(st.integers(1, 6))
    hidden = [Layer(draw(st.integers(1, 4)), draw(st.sampled_from(["relu", "sigmoid", "softmax", "linear"])),
                    draw(st.sampled_from([0.0, 0.25])), 0.0, draw(st.sampled_from([0.0, 1e-2])))
              for _ in range(draw(st.integers(0, 2)))]
    last, outputs = draw(st.sampled_from(["softmax", "sigmoid", "linear"])), draw(st.integers(1, 3))
    network = build(inputs, [*hidden, Layer(outputs, last, l2=draw(st.sampled_from([0.0, 1e-2])))], seed=seed)
    X = rng.randn(samples, inputs)
    labels = {"softmax": lambda: rng.randint(0, outputs, samples), "sigmoid": lambda: rng.randint(0, 2, (samples, outputs)),
              "linear": lambda: rng.randn(samples, outputs)}[last]()
    return Case(network, X, labels, draw(st.sampled_from([None, "mae"])) if last == "linear" else None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=small_networks(), pick=st.randoms(use_true_random=False))
def test_any_small_networks_trace_chains_and_checks(case: Case, pick: Any) -> None:
    backward = traced(case)
    for before, after in zip(backward.layers, backward.layers[1:]):
        same(before.dvalues, after.dinputs, f"layer {after.layer}'s dinputs are layer {before.layer}'s dvalues")
    for layer in backward.layers:
        same(layer.dweights_data, matmul(layer.inputs.T, layer.dz), "dweights_data = inputs.T @ dz")
        same(layer.dbiases_data, np.sum(layer.dz, axis=0, keepdims=True), "dbiases_data = the column sums of dz")
    layer = pick.choice(backward.layers)
    matrix = pick.choice(CHECKABLE)
    shape = np.atleast_2d(getattr(layer, matrix)).shape
    row, column = pick.randrange(shape[0]), pick.randrange(shape[1])
    check = check_cell(case.network, backward, layer.layer, matrix, row, column)
    if not (check.kinks or check.clipped):
        assert check.relative <= TOLERANCE, (layer.layer, matrix, row, column, check)
