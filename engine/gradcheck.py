"""Numerical gradient checks: does each backward pass compute the derivative of its forward?

For a scalar f and one number x of its input, the central difference
``(f(x + h) - f(x - h)) / 2h`` approximates df/dx with an error of order h**2. Doing this
for every number and comparing with what ``backward`` returns catches any wrong
formula. Layers and activations return arrays, not scalars, so they are checked through
``f = sum(output * R)`` for a fixed random R: its gradient with respect to the output
is R itself, so ``backward(R)`` must give df/dinputs (and df/dweights, df/dbiases).

Everything runs in float64 on copies; the error is
``|analytic - numerical| / (|analytic| + |numerical|)`` over the whole array (norms), 0
for perfect agreement and about 1e-9 or less for a correct formula with the default h.
Kinks (ReLU at 0, |w| at 0) have no derivative there: keep inputs away from them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.activations import Activation
from engine.column_losses import ColumnLoss
from engine.dropout import Dropout
from engine.flat import FlatParameters
from engine.fused import FusedPass
from engine.layers import Dense
from engine.losses import (
    CategoricalCrossentropy,
    SoftmaxCategoricalCrossentropy,
    regularization_loss,
)
from engine.network import Network
from engine.shapes import sparse_labels
from engine.targets import column_targets

STEP = 1e-6


@dataclass(frozen=True)
class GradientCheck:
    """One array's analytic and numerical gradients and how far apart they are."""

    name: str
    analytic: np.ndarray
    numerical: np.ndarray
    error: float

    def ok(self, tolerance: float = 1e-6) -> bool:
        return self.error < tolerance

    def __str__(self) -> str:
        return f"{self.name}: relative error {self.error:.2e}"


def relative_error(analytic: np.ndarray, numerical: np.ndarray) -> float:
    """``|a - n| / (|a| + |n|)`` with Euclidean norms; 0 when both are 0."""
    a = np.asarray(analytic, dtype=np.float64).ravel()
    n = np.asarray(numerical, dtype=np.float64).ravel()
    scale = float(np.linalg.norm(a) + np.linalg.norm(n))
    return 0.0 if scale == 0.0 else float(np.linalg.norm(a - n)) / scale


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = STEP) -> np.ndarray:
    """d f() / d x by central differences, nudging each number of ``x`` in place (then restoring it)."""
    grad = np.zeros(x.shape, dtype=np.float64)
    flat_x = x.reshape(-1)  # a view: x must be contiguous, which every array here is
    flat_grad = grad.reshape(-1)
    for i in range(flat_x.size):
        original = flat_x[i]
        flat_x[i] = original + h
        above = f()
        flat_x[i] = original - h
        below = f()
        flat_x[i] = original
        flat_grad[i] = (above - below) / (2 * h)
    return grad


def _check(name: str, analytic: np.ndarray, f: Callable[[], float], x: np.ndarray, h: float) -> GradientCheck:
    numerical = numerical_gradient(f, x, h)
    return GradientCheck(name, np.array(analytic, dtype=np.float64), numerical, relative_error(analytic, numerical))


def _projection(shape: tuple[int, ...], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape)


def check_dense(layer: Dense, inputs: np.ndarray, seed: int = 0, h: float = STEP) -> list[GradientCheck]:
    """Dense.backward against central differences, for weights, biases and inputs.

    The objective includes the layer's regularisation loss, so the regularisation
    gradients are checked too.
    """
    dense = copy.deepcopy(layer)
    dense.weights = np.array(dense.weights, dtype=np.float64)
    dense.biases = np.array(dense.biases, dtype=np.float64)
    x = np.array(inputs, dtype=np.float64)
    projection = _projection((len(x), dense.n_neurons), seed)

    def objective() -> float:
        return float(np.sum(dense.forward(x) * projection)) + regularization_loss(dense)

    dense.forward(x)
    dense.backward(projection)
    assert dense.dweights is not None and dense.dbiases is not None and dense.dinputs is not None
    dweights, dbiases, dinputs = dense.dweights.copy(), dense.dbiases.copy(), dense.dinputs.copy()
    return [
        _check("dweights", dweights, objective, dense.weights, h),
        _check("dbiases", dbiases.reshape(dense.biases.shape), objective, dense.biases, h),
        _check("dinputs", dinputs, objective, x, h),
    ]


def check_activation(activation: Activation, inputs: np.ndarray, seed: int = 0, h: float = STEP) -> GradientCheck:
    """An activation's backward against central differences of ``sum(forward(x) * R)``."""
    act = copy.deepcopy(activation)
    x = np.array(inputs, dtype=np.float64)
    projection = _projection(x.shape, seed)

    def objective() -> float:
        return float(np.sum(act.forward(x) * projection))

    act.forward(x)
    analytic = np.array(act.backward(projection), copy=True)
    return _check(f"{type(activation).__name__}.dinputs", analytic, objective, x, h)


def check_dropout(dropout: Dropout, inputs: np.ndarray, seed: int = 0, h: float = STEP) -> GradientCheck:
    """Dropout's backward against central differences of ``sum(forward(x) * R)``, with the
    mask drawn once and held fixed: a fresh draw per evaluation is a different function."""
    layer = copy.deepcopy(dropout)
    x = np.array(inputs, dtype=np.float64)
    projection = _projection(x.shape, seed)
    mask = np.random.default_rng(seed + 1).binomial(1, 1 - layer.rate, size=x.shape) / (1 - layer.rate)

    def objective() -> float:
        return float(np.sum(layer.forward_with_mask(x, mask) * projection))

    layer.forward_with_mask(x, mask)
    analytic = np.array(layer.backward(projection), copy=True)
    return _check("Dropout.dinputs", analytic, objective, x, h)


def check_loss(loss: CategoricalCrossentropy | ColumnLoss, y_pred: np.ndarray, y_true: np.ndarray, h: float = STEP) -> GradientCheck:
    """A loss's backward against central differences of its mean (``calculate``)."""
    predictions = np.array(y_pred, dtype=np.float64)
    analytic = np.array(loss.backward(predictions, y_true), copy=True)
    return _check(
        f"{type(loss).__name__}.dinputs", analytic, lambda: loss.calculate(predictions, y_true), predictions, h
    )


def check_softmax_crossentropy(inputs: np.ndarray, y_true: np.ndarray, h: float = STEP) -> GradientCheck:
    """The fused softmax + cross-entropy gradient against central differences of its loss."""
    step = SoftmaxCategoricalCrossentropy()
    x = np.array(inputs, dtype=np.float64)
    step.forward(x, y_true)
    assert step.output is not None
    analytic = np.array(step.backward(step.output, y_true), copy=True)
    return _check("SoftmaxCategoricalCrossentropy.dinputs", analytic, lambda: step.forward(x, y_true), x, h)


def check_network(
    network: Network,
    X: np.ndarray,
    y: np.ndarray,
    loss: CategoricalCrossentropy | ColumnLoss | None = None,
    fuse_softmax: bool = True,
    h: float = STEP,
) -> list[GradientCheck]:
    """The Trainer's gradients (``FusedPass``) for every layer of ``network`` against
    central differences of the whole loss, computed the plain way: ``Network.forward``,
    the loss's mean, plus every layer's regularisation loss. Works on a float64 copy."""
    net = copy.deepcopy(network)
    for step in net.steps:
        step.dense.weights = np.array(step.dense.weights, dtype=np.float64)
        step.dense.biases = np.array(step.dense.biases, dtype=np.float64)
    measure = loss if loss is not None else CategoricalCrossentropy()
    x = np.array(X, dtype=np.float64)
    flat = FlatParameters([step.dense for step in net.steps])
    fused = FusedPass(net, flat, measure, fuse_softmax)
    output = net.forward(x)
    if isinstance(measure, ColumnLoss):
        labels = column_targets(y, output, measure.targets)
    else:
        labels = np.ascontiguousarray(sparse_labels(y, output), dtype=np.intp)
    fused.run(fused.prepare(x), labels)
    analytic = [(dw.copy(), db.copy()) for dw, db in flat.gradient_views()]

    def objective() -> float:
        data = measure.calculate(net.forward(x), labels)
        return data + sum(regularization_loss(step.dense) for step in net.steps)

    checks = []
    for number, (step, (dweights, dbiases)) in enumerate(zip(net.steps, analytic), start=1):
        checks.append(_check(f"layer {number} dweights", dweights, objective, step.dense.weights, h))
        checks.append(
            _check(f"layer {number} dbiases", dbiases.reshape(step.dense.biases.shape), objective, step.dense.biases, h)
        )
    return checks
