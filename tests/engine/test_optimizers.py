"""Optimizer update rules against values computed by hand for one and two steps."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import SGD, Adagrad, Adam, Dense, Optimizer, RMSprop, optimizer_named


def _layer(weight: float = 1.0, bias: float = -0.5) -> Dense:
    return Dense.from_arrays(np.array([[weight]]), np.array([[bias]]))


def _step(optimizer: Optimizer, layer: Dense, dweight: float, dbias: float) -> None:
    layer.dweights = np.array([[dweight]])
    layer.dbiases = np.array([[dbias]])
    optimizer.pre_update_params()
    optimizer.update_params(layer)
    optimizer.post_update_params()


def test_sgd_moves_against_the_gradient() -> None:
    layer = _layer()
    optimizer = SGD(learning_rate=0.1)
    _step(optimizer, layer, 0.5, -2.0)
    assert layer.weights[0, 0] == pytest.approx(0.95, abs=1e-15)
    assert layer.biases[0, 0] == pytest.approx(-0.3, abs=1e-15)
    _step(optimizer, layer, 0.5, -2.0)
    assert layer.weights[0, 0] == pytest.approx(0.9, abs=1e-15)
    assert optimizer.iterations == 2


def test_sgd_with_momentum_keeps_part_of_the_last_update() -> None:
    layer = _layer()
    optimizer = SGD(learning_rate=0.1, momentum=0.9)
    _step(optimizer, layer, 0.5, 0.0)  # update = -0.1 * 0.5 = -0.05
    assert layer.weights[0, 0] == pytest.approx(0.95, abs=1e-15)
    assert layer.weight_momentums[0, 0] == pytest.approx(-0.05, abs=1e-15)
    _step(optimizer, layer, 0.5, 0.0)  # update = 0.9 * -0.05 - 0.05 = -0.095
    assert layer.weights[0, 0] == pytest.approx(0.855, abs=1e-15)
    assert layer.bias_momentums[0, 0] == 0.0


def test_learning_rate_decays_as_the_book_says() -> None:
    optimizer = SGD(learning_rate=1.0, decay=0.5)
    layer = _layer()
    rates = []
    for _ in range(3):
        _step(optimizer, layer, 0.0, 0.0)
        rates.append(optimizer.current_learning_rate)
    # lr / (1 + decay * iterations), iterations counted before the step
    assert rates == pytest.approx([1.0, 1 / 1.5, 1 / 2.0], abs=1e-15)
    adam = Adam(learning_rate=0.05, decay=5e-7)
    adam.iterations = 10000
    adam.pre_update_params()
    assert adam.current_learning_rate == pytest.approx(0.05 / (1 + 5e-7 * 10000), rel=1e-15)
    assert adam.current_learning_rate == pytest.approx(0.04975124, abs=1e-8)  # the book prints 0.04975...


def test_adagrad_divides_by_the_root_of_the_summed_squares() -> None:
    layer = _layer()
    optimizer = Adagrad(learning_rate=1.0, epsilon=1e-7)
    _step(optimizer, layer, 0.5, 0.0)  # cache 0.25: w -= 0.5 / (0.5 + 1e-7)
    assert layer.weights[0, 0] == pytest.approx(1 - 0.5 / (0.5 + 1e-7), abs=1e-15)
    assert layer.weights[0, 0] == pytest.approx(2e-7, abs=1e-12)
    _step(optimizer, layer, 0.5, 0.0)  # cache 0.5
    assert layer.weight_cache[0, 0] == pytest.approx(0.5, abs=1e-15)
    assert layer.weights[0, 0] == pytest.approx(2e-7 - 0.5 / (math.sqrt(0.5) + 1e-7), abs=1e-12)
    assert layer.biases[0, 0] == -0.5  # a zero gradient moves nothing: 0 / (0 + epsilon)


def test_rmsprop_keeps_a_moving_average_of_squares() -> None:
    layer = _layer()
    optimizer = RMSprop(learning_rate=0.01, rho=0.9)
    _step(optimizer, layer, 0.5, 0.0)  # cache = 0.1 * 0.25 = 0.025
    assert layer.weight_cache[0, 0] == pytest.approx(0.025, abs=1e-15)
    first = 1 - 0.01 * 0.5 / (math.sqrt(0.025) + 1e-7)
    assert layer.weights[0, 0] == pytest.approx(first, abs=1e-15)
    assert layer.weights[0, 0] == pytest.approx(0.96837724, abs=1e-8)
    _step(optimizer, layer, -1.0, 0.0)  # cache = 0.9 * 0.025 + 0.1 * 1 = 0.1225
    assert layer.weight_cache[0, 0] == pytest.approx(0.1225, abs=1e-15)
    assert layer.weights[0, 0] == pytest.approx(first + 0.01 / (0.35 + 1e-7), abs=1e-15)


def test_adam_first_two_steps() -> None:
    layer = _layer()
    optimizer = Adam(learning_rate=0.001)
    # Step 1: m = 0.1 * 0.5 = 0.05, corrected 0.05 / 0.1 = 0.5; cache = 0.001 * 0.25,
    # corrected 0.25: w -= 0.001 * 0.5 / (0.5 + 1e-7), about the learning rate itself.
    _step(optimizer, layer, 0.5, 0.0)
    assert layer.weight_momentums[0, 0] == pytest.approx(0.05, abs=1e-16)
    assert layer.weight_cache[0, 0] == pytest.approx(0.00025, abs=1e-18)
    first = 1 - 0.001 * 0.5 / (0.5 + 1e-7)
    assert layer.weights[0, 0] == pytest.approx(first, abs=1e-15)
    assert layer.weights[0, 0] == pytest.approx(0.999, abs=1e-9)
    # Step 2, gradient -0.5: m = 0.045 - 0.05 = -0.005, corrected -0.005 / 0.19;
    # cache = 0.999 * 0.00025 + 0.00025 = 0.00049975, corrected / 0.001999 = 0.25.
    _step(optimizer, layer, -0.5, 0.0)
    assert layer.weight_momentums[0, 0] == pytest.approx(-0.005, abs=1e-16)
    assert layer.weight_cache[0, 0] == pytest.approx(0.00049975, abs=1e-17)
    expected = first + 0.001 * (0.005 / 0.19) / (math.sqrt(0.00049975 / 0.001999) + 1e-7)
    assert layer.weights[0, 0] == pytest.approx(expected, abs=1e-15)
    assert layer.weights[0, 0] == pytest.approx(0.99905263, abs=1e-8)


def _random_layer(rng: np.random.Generator) -> Dense:
    layer = Dense.from_arrays(rng.standard_normal((3, 4)), rng.standard_normal((1, 4)))
    layer.dweights = rng.standard_normal((3, 4))
    layer.dbiases = rng.standard_normal((1, 4))
    return layer


@pytest.mark.parametrize(
    "make",
    [
        lambda: SGD(0.5),
        lambda: SGD(0.5, decay=0.1, momentum=0.8),
        lambda: Adagrad(0.3, decay=0.01),
        lambda: RMSprop(0.02, decay=0.01, rho=0.95),
        lambda: Adam(0.05, decay=5e-7),
    ],
    ids=["sgd", "sgd-momentum", "adagrad", "rmsprop", "adam"],
)
def test_update_flat_equals_update_params(make: object) -> None:
    """The Trainer's one-call update moves every parameter exactly as update_params does."""
    rng = np.random.default_rng(0)
    layers = [_random_layer(rng), _random_layer(rng)]
    by_layer, flat_optimizer = make(), make()  # type: ignore[operator]
    params = np.concatenate([a.ravel() for layer in layers for a in (layer.weights, layer.biases)])
    for _ in range(3):
        grads = np.concatenate([a.ravel() for layer in layers for a in (layer.dweights, layer.dbiases)])
        by_layer.pre_update_params()
        for layer in layers:
            by_layer.update_params(layer)
        by_layer.post_update_params()
        flat_optimizer.pre_update_params()
        flat_optimizer.update_flat(params, grads)
        flat_optimizer.post_update_params()
    expected = np.concatenate([a.ravel() for layer in layers for a in (layer.weights, layer.biases)])
    np.testing.assert_array_equal(params, expected)


def test_update_params_without_gradients_says_what_to_do() -> None:
    with pytest.raises(RuntimeError, match="backward"):
        SGD().update_params(Dense(2, 2))


def test_defaults_are_the_books() -> None:
    assert SGD().settings() == {"learning_rate": 1.0, "decay": 0.0, "momentum": 0.0}
    assert Adagrad().settings() == {"learning_rate": 1.0, "decay": 0.0, "epsilon": 1e-7}
    assert RMSprop().settings() == {"learning_rate": 0.001, "decay": 0.0, "epsilon": 1e-7, "rho": 0.9}
    assert Adam().settings() == {"learning_rate": 0.001, "decay": 0.0, "epsilon": 1e-7, "beta_1": 0.9, "beta_2": 0.999}
    assert repr(SGD(0.5, momentum=0.9)) == "SGD(learning_rate=0.5, decay=0.0, momentum=0.9)"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: SGD(learning_rate=0), "learning_rate"),
        (lambda: SGD(learning_rate=float("inf")), "learning_rate"),
        (lambda: Adam(decay=-1), "decay"),
        (lambda: SGD(momentum=1.0), "momentum"),
        (lambda: Adam(beta_1=1.5), "beta_1"),
        (lambda: RMSprop(rho=-0.1), "rho"),
        (lambda: Adagrad(epsilon=0), "epsilon"),
    ],
)
def test_bad_settings_are_refused_by_name(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()  # type: ignore[operator]


def test_reset_and_optimizer_named() -> None:
    optimizer = optimizer_named("Adam", learning_rate=0.05, decay=0.1)
    assert isinstance(optimizer, Adam) and optimizer.learning_rate == 0.05
    params, grads = np.ones(3), np.ones(3)
    for _ in range(2):
        optimizer.pre_update_params()
        optimizer.update_flat(params, grads)
        optimizer.post_update_params()
    optimizer.pre_update_params()
    assert optimizer.current_learning_rate < 0.05
    optimizer.reset()
    assert optimizer.iterations == 0 and optimizer.current_learning_rate == 0.05
    with pytest.raises(ValueError, match="sgd, adagrad, rmsprop, adam"):
        optimizer_named("lbfgs")


def test_update_flat_moves_wide_pieces_as_update_params_moves_a_float64_bias_gradient() -> None:
    """The nnfs mode's float64 bias gradient (the book's chapter 15 and 17) beside float32
    parameters: the flat update moves those biases with float64 momentums, as the book's
    layer-by-layer update does, and the float32 rest as before; a saved state restores both."""
    rng = np.random.default_rng(1)
    layer = Dense(3, 64, dtype=np.float32)
    layer.weights = rng.normal(size=(3, 64)).astype(np.float32)
    layer.biases = rng.normal(size=(1, 64)).astype(np.float32)
    start = np.concatenate([layer.weights.ravel(), layer.biases.ravel()])
    # float64 bias gradients, as the book's np.sum of a float64 gradient gives them
    steps = [(rng.normal(size=(3, 64)).astype(np.float32), rng.normal(size=(1, 64))) for _ in range(10)]
    book = Adam(0.05, decay=5e-5)
    for dweights, dbiases in steps:
        layer.dweights, layer.dbiases = dweights, dbiases
        book.pre_update_params()
        book.update_params(layer)
        book.post_update_params()
    assert layer.bias_momentums.dtype == np.float64  # the book's state widened
    expected = np.concatenate([layer.weights.ravel(), layer.biases.ravel()])

    def run_flat(wide: bool, optimizer: Adam, params: np.ndarray, todo: list) -> None:
        for dweights, dbiases in todo:
            grads = np.concatenate([dweights.ravel(), dbiases.astype(np.float32).ravel()])
            optimizer.pre_update_params()
            optimizer.update_flat(params, grads, [(params[192:].reshape(1, 64), dbiases)] if wide else ())
            optimizer.post_update_params()

    flat, params = Adam(0.05, decay=5e-5), start.copy()
    run_flat(True, flat, params, steps[:5])
    saved_params, saved_state = params.copy(), flat.saved_state()
    run_flat(True, flat, params, steps[5:])
    np.testing.assert_array_equal(params, expected)
    # Back to the saved step and on again: the wide pieces' state came back with the rest.
    params[...] = saved_params
    flat.restore_state(saved_state)
    run_flat(True, flat, params, steps[5:])
    np.testing.assert_array_equal(params, expected)
    # All in float32 (no wide pieces) the biases part from the book's.
    narrow = start.copy()
    run_flat(False, Adam(0.05, decay=5e-5), narrow, steps)
    np.testing.assert_array_equal(narrow[:192], expected[:192])
    assert not np.array_equal(narrow[192:], expected[192:])
