"""Analytic gradients agree with central differences (relative error < 1e-6, float64)."""

from __future__ import annotations

import numpy as np
import pytest

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
    Step,
)
from engine.gradcheck import (
    check_activation,
    check_dense,
    check_dropout,
    check_loss,
    check_network,
    check_softmax_crossentropy,
    numerical_gradient,
    relative_error,
)

TOLERANCE = 1e-6


def _away_from_zero(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Random values at least 0.05 from 0, so no difference step crosses a kink."""
    values = rng.standard_normal(shape)
    return np.where(values >= 0, values + 0.05, values - 0.05)


def test_numerical_gradient_of_a_known_function() -> None:
    x = np.array([1.0, -2.0, 0.5])
    gradient = numerical_gradient(lambda: float(np.sum(x**3)), x)
    np.testing.assert_allclose(gradient, 3 * x**2, rtol=1e-8)
    np.testing.assert_array_equal(x, [1.0, -2.0, 0.5])  # left as it was


def test_relative_error() -> None:
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0, 0.0]), np.array([1.0, 0.0])) == 0.0
    assert relative_error(np.array([1.0]), np.array([-1.0])) == pytest.approx(1.0)


REGULARISERS = {
    "none": {},
    "weight l1": {"weight_regularizer_l1": 0.3},
    "weight l2": {"weight_regularizer_l2": 0.2},
    "bias l1": {"bias_regularizer_l1": 0.4},
    "bias l2": {"bias_regularizer_l2": 0.5},
    "all four": {
        "weight_regularizer_l1": 1e-3,
        "weight_regularizer_l2": 5e-4,
        "bias_regularizer_l1": 2e-3,
        "bias_regularizer_l2": 5e-4,
    },
}


@pytest.mark.parametrize("regularisers", REGULARISERS.values(), ids=REGULARISERS.keys())
def test_dense(regularisers: dict[str, float]) -> None:
    rng = np.random.default_rng(1)
    # Biases away from 0, where |b| has no derivative for a difference to find.
    layer = Dense.from_arrays(_away_from_zero(rng, (4, 3)), _away_from_zero(rng, (1, 3)), **regularisers)
    for check in check_dense(layer, rng.standard_normal((5, 4))):
        assert check.ok(TOLERANCE), str(check)


@pytest.mark.parametrize("activation", [ReLU(), Softmax(), Linear(), Sigmoid()], ids=["relu", "softmax", "linear", "sigmoid"])
def test_activations(activation: object) -> None:
    rng = np.random.default_rng(2)
    check = check_activation(activation, _away_from_zero(rng, (6, 4)))  # type: ignore[arg-type]
    assert check.ok(TOLERANCE), str(check)


@pytest.mark.parametrize("rate", [0.1, 0.5])
def test_dropout_with_a_fixed_mask(rate: float) -> None:
    rng = np.random.default_rng(10)
    check = check_dropout(Dropout(rate), rng.standard_normal((8, 5)))
    assert check.ok(TOLERANCE), str(check)
    assert np.count_nonzero(check.analytic == 0) > 0  # some values were dropped: their gradient is 0


COLUMN_LOSSES = {
    "binary cross-entropy, 0/1 targets": (BinaryCrossentropy, "binary"),
    "binary cross-entropy, soft targets": (BinaryCrossentropy, "soft"),
    "mean squared error": (MeanSquaredError, "real"),
    "mean absolute error": (MeanAbsoluteError, "real"),
}


@pytest.mark.parametrize("loss, targets", COLUMN_LOSSES.values(), ids=COLUMN_LOSSES.keys())
def test_column_losses(loss: type, targets: str) -> None:
    rng = np.random.default_rng(11)
    predictions = rng.uniform(0.05, 0.95, (6, 2))
    if targets == "binary":
        y = rng.integers(0, 2, (6, 2))
    elif targets == "soft":
        y = rng.uniform(0.0, 1.0, (6, 2))
    else:  # at least 0.05 from every prediction, where |p - y| has its kink
        y = predictions + np.where(rng.random((6, 2)) < 0.5, -1, 1) * rng.uniform(0.05, 1.0, (6, 2))
    check = check_loss(loss(), predictions, y)
    assert check.ok(TOLERANCE), str(check)


def test_mean_absolute_errors_gradient_points_uphill() -> None:
    # The book prints np.sign(y_true - dvalues): a prediction below its target would get a
    # positive gradient, and gradient descent would push it further down. Ours is the
    # derivative of |t - p|: negative below the target, positive above.
    gradient = MeanAbsoluteError().backward(np.array([[0.2], [0.9]]), np.array([0.5, 0.5]))
    np.testing.assert_array_equal(gradient, [[-0.5], [0.5]])


def _targets(kind: str, rng: np.random.Generator, samples: int, classes: int) -> np.ndarray:
    y = rng.integers(0, classes, samples)
    if kind == "sparse":
        return y
    if kind == "one-hot":
        return np.eye(classes)[y]
    soft = rng.uniform(0.0, 1.0, (samples, classes))
    if kind == "soft":  # each row a probability per class
        return soft / soft.sum(axis=1, keepdims=True)
    return soft  # "unnormalised": rows that do not sum to 1


TARGETS = ["sparse", "one-hot", "soft", "unnormalised"]


@pytest.mark.parametrize("labels", TARGETS)
def test_categorical_crossentropy(labels: str) -> None:
    rng = np.random.default_rng(3)
    probabilities = rng.uniform(0.05, 0.95, (5, 4))
    check = check_loss(CategoricalCrossentropy(), probabilities, _targets(labels, rng, 5, 4))
    assert check.ok(TOLERANCE), str(check)


@pytest.mark.parametrize("labels", TARGETS)
def test_softmax_with_crossentropy(labels: str) -> None:
    rng = np.random.default_rng(4)
    check = check_softmax_crossentropy(rng.standard_normal((6, 3)) * 2, _targets(labels, rng, 6, 3))
    assert check.ok(TOLERANCE), str(check)


def test_soft_targets_are_scored_by_the_whole_sum() -> None:
    # The numbers: forward once scored -log p[argmax t] = 0.464 while backward
    # returned the gradient of -sum t log p.
    p = np.array([[0.231, 0.629, 0.140]])
    t = np.array([[0.2, 0.7, 0.1]])
    loss = CategoricalCrossentropy()
    assert loss.forward(p, t)[0] == pytest.approx(-np.sum(t * np.log(p)), rel=1e-15)
    np.testing.assert_allclose(loss.backward(p, t), -t / p, rtol=1e-15)


def test_one_hot_rows_score_exactly_as_class_indices() -> None:
    rng = np.random.default_rng(9)
    for dtype in (np.float64, np.float32):
        p = rng.dirichlet(np.ones(4), 50).astype(dtype)
        y = rng.integers(0, 4, 50)
        loss = CategoricalCrossentropy()
        np.testing.assert_array_equal(loss.forward(p, np.eye(4, dtype=dtype)[y]), loss.forward(p, y))


def _network(last: object, hidden: object, rng: np.random.Generator, **regularisers: float) -> Network:
    return Network(
        [
            Step(Dense.from_arrays(rng.standard_normal((3, 5)), _away_from_zero(rng, (1, 5)), **regularisers), hidden),  # type: ignore[arg-type]
            Step(Dense.from_arrays(rng.standard_normal((5, 4)), _away_from_zero(rng, (1, 4)), **regularisers), ReLU()),
            Step(Dense.from_arrays(rng.standard_normal((4, 3)), _away_from_zero(rng, (1, 3)), **regularisers), last),  # type: ignore[arg-type]
        ]
    )


NETWORKS = {
    "relu relu softmax (fused)": (Softmax, ReLU, True, {}),
    "relu relu softmax (chained)": (Softmax, ReLU, False, {}),
    "linear relu softmax, regularised": (Softmax, Linear, True, {"weight_regularizer_l2": 0.01, "bias_regularizer_l1": 0.02}),
    "softmax inside": (Softmax, Softmax, True, {}),
    "relu relu linear": (Linear, ReLU, True, {}),
}


@pytest.mark.parametrize("last, hidden, fuse, regularisers", NETWORKS.values(), ids=NETWORKS.keys())
def test_trainer_gradients_of_whole_networks(last: type, hidden: type, fuse: bool, regularisers: dict[str, float]) -> None:
    rng = np.random.default_rng(5)
    network = _network(last(), hidden(), rng, **regularisers)
    X = rng.standard_normal((7, 3))
    y = rng.integers(0, 3, 7)
    if last is Linear:
        # Cross-entropy needs outputs in (0, 1) to have a gradient: lift them there.
        network.steps[-1].dense.weights *= 0.01
        network.steps[-1].dense.biases[...] = [[0.3, 0.4, 0.5]]
    for check in check_network(network, X, y, fuse_softmax=fuse):
        assert check.ok(TOLERANCE), str(check)


COLUMN_NETWORKS = {
    "relu relu sigmoid, binary cross-entropy": (Sigmoid, BinaryCrossentropy),
    "relu sigmoid-inside linear, mean squared error": (Linear, MeanSquaredError),
    "relu relu linear, mean absolute error": (Linear, MeanAbsoluteError),
}


@pytest.mark.parametrize("last, loss", COLUMN_NETWORKS.values(), ids=COLUMN_NETWORKS.keys())
def test_trainer_gradients_of_networks_with_column_losses(last: type, loss: type) -> None:
    rng = np.random.default_rng(12)
    hidden = Sigmoid() if loss is MeanSquaredError else ReLU()
    network = _network(last(), hidden, rng, weight_regularizer_l2=0.01)
    X = rng.standard_normal((7, 3))
    if loss is BinaryCrossentropy:
        y = rng.integers(0, 2, (7, 3))
    else:  # targets well away from the outputs, where |t - p| has its kink
        y = network.forward(X) + np.where(rng.random((7, 3)) < 0.5, -1.0, 1.0)
    for check in check_network(network, X, y, loss=loss()):
        assert check.ok(TOLERANCE), str(check)


def test_the_check_catches_a_wrong_backward(monkeypatch: pytest.MonkeyPatch) -> None:
    # The book's easiest slip: forgetting to divide by the number of samples.
    def unscaled(self: ReLU, dvalues: np.ndarray) -> np.ndarray:
        self.dinputs = np.array(dvalues) * (self.inputs > 0) * 2
        return self.dinputs

    monkeypatch.setattr(ReLU, "backward", unscaled)
    check = check_activation(ReLU(), _away_from_zero(np.random.default_rng(6), (4, 3)))
    assert not check.ok(TOLERANCE)
    assert check.error > 0.1


def test_the_network_check_catches_a_wrong_fused_gradient(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine import fused

    original = fused.FusedPass._activation_backward

    def no_relu_mask(layer: object, index: int, space: object) -> None:
        if getattr(layer, "kind", "") != "relu":
            original(layer, index, space)  # type: ignore[arg-type]

    monkeypatch.setattr(fused.FusedPass, "_activation_backward", staticmethod(no_relu_mask))
    rng = np.random.default_rng(8)
    checks = check_network(_network(Softmax(), ReLU(), rng), rng.standard_normal((7, 3)), rng.integers(0, 3, 7))
    assert not all(check.ok(TOLERANCE) for check in checks)


@pytest.mark.parametrize("bad", [-0.5, np.nan, np.inf])
def test_a_target_that_is_not_a_probability_is_refused(bad: float) -> None:
    from engine import ShapeError

    with pytest.raises(ShapeError, match="target row 1 of the labels"):
        CategoricalCrossentropy().forward(np.full((2, 2), 0.5), np.array([[1.0, 0.0], [bad, 1.0]]))
