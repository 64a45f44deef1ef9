"""Issue 8, section 3 (engine guard): Dense refuses what it cannot use, saying what and why."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import Dense, MatrixValueError, Network, layer_checks


def test_a_layer_of_3_gb_is_refused_before_it_is_allocated() -> None:
    with pytest.raises(ValueError) as caught:
        Dense(20000, 20000)
    message = str(caught.value)
    assert "400,000,000 weights" in message and "3.2 GB in float64" in message
    assert "MAX_WEIGHTS" in message and "max_weights=400000000" in message


def test_the_size_bound_can_be_overridden_per_layer_or_for_all(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="more than the 10 a layer may hold"):
        Dense(4, 3, max_weights=10)
    assert Dense(4, 3, max_weights=12).weights.shape == (4, 3)
    monkeypatch.setattr(layer_checks, "MAX_WEIGHTS", 6)
    with pytest.raises(ValueError, match="more than the 6"):
        Dense(4, 3)
    with pytest.raises(ValueError, match="more than the 6"):
        Dense.from_arrays(np.ones((4, 3)), np.zeros((1, 3)))


def test_the_largest_layer_the_workbench_allows_is_accepted() -> None:
    assert layer_checks.MAX_WEIGHTS >= 4096 * 4096


@pytest.mark.parametrize(
    "args, words",
    [
        ((0, 3), "n_inputs must be at least 1, not 0"),
        ((3, 0), "n_neurons must be at least 1, not 0"),
        ((-2, 3), "n_inputs must be at least 1, not -2"),
        ((2.5, 3), "n_inputs must be a whole number"),
        ((3, True), "n_neurons must be a whole number"),
    ],
)
def test_sizes_that_cannot_make_a_layer_are_refused(args: tuple, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        Dense(*args)


@pytest.mark.parametrize(
    "scale, words",
    [
        (math.nan, "weight_scale must be a finite number"),
        (math.inf, "weight_scale must be a finite number"),
        (-math.inf, "weight_scale must be a finite number"),
        (1j, "weight_scale must be a real number"),
        ("0.01", "weight_scale must be a real number"),
    ],
)
def test_scales_that_cannot_make_a_layer_are_refused(scale: object, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        Dense(3, 3, weight_scale=scale)  # type: ignore[arg-type]


def test_a_third_positional_argument_is_refused_not_taken_as_the_weight_scale() -> None:
    # The book's Layer_Dense(2, 3, 5e-4) means weight_regularizer_l1=5e-4; Dense must not
    # quietly read it as something else.
    with pytest.raises(TypeError):
        Dense(2, 3, 5e-4)  # type: ignore[misc]
    with pytest.raises(TypeError):
        Dense(2, 3, 0.01, np.float32)  # type: ignore[misc]
    layer = Dense(2, 3, weight_scale=0.5, dtype=np.float32)
    assert layer.weight_scale == 0.5 and layer.weights.dtype == np.float32


def test_numpy_integers_still_make_a_layer() -> None:
    assert Dense(np.int64(2), np.int32(3), weight_scale=0.5).weights.shape == (2, 3)


@pytest.mark.parametrize(
    "weights, words",
    [
        ([[1.0, np.nan]], "weights row 0, column 1 is nan"),
        ([[1.0, np.inf]], "weights row 0, column 1 is inf"),
        ([["1", "2"]], "not text"),
        (np.array([[1 + 2j]]), "not complex numbers"),
        (np.zeros((2, 2, 2)), "not an array of 3 dimensions"),
        (np.zeros((0, 3)), "are empty"),
        ([[True, False]], "not True/False values"),
        ([[1.0, 2.0], [3.0]], "rows of one length"),
    ],
)
def test_from_arrays_refuses_what_is_not_a_matrix_of_finite_numbers(weights: object, words: str) -> None:
    with pytest.raises(MatrixValueError, match=words):
        Dense.from_arrays(weights, np.zeros((1, 2)))


def test_from_arrays_checks_the_biases_too() -> None:
    with pytest.raises(MatrixValueError, match="biases row 0, column 0 is nan"):
        Dense.from_arrays(np.ones((2, 2)), [[np.nan, 0.0]])


def test_from_arrays_keeps_float32_and_makes_whole_numbers_floats() -> None:
    layer = Dense.from_arrays(np.ones((2, 2), dtype=np.float32), np.zeros((1, 2), dtype=np.float32))
    assert layer.weights.dtype == np.float32
    layer = Dense.from_arrays([[1, 2], [3, 4]], [[0, 0]])
    assert layer.weights.dtype == np.float64 and layer.weights.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_a_network_of_sizes_is_refused_for_a_size_of_0() -> None:
    with pytest.raises(ValueError, match="n_neurons must be at least 1"):
        Network.from_sizes([2, 0, 3])


@pytest.mark.parametrize(("scale", "dtype", "words"), [
    (1e200, np.float32, "weight_scale 1e200 is too large for float32"),
    (1e39, np.float32, "float32 holds values up to about 3.4e38"),
    (1e308, np.float64, "weight_scale 1e308 is too large for float64"),
])
def test_a_scale_whose_weights_are_not_finite_in_the_dtype_is_refused(scale: float, dtype: type, words: str) -> None:
    import warnings

    np.random.seed(0)  # randn(2, 3) then holds 2.24: 1e308 x 2.24 is past float64's 1.8e308
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # refused with a message, not a RuntimeWarning and inf
        with pytest.raises(ValueError, match=words):
            Dense(2, 3, weight_scale=scale, dtype=dtype)


def test_a_large_scale_that_stays_finite_is_accepted() -> None:
    assert np.isfinite(Dense(2, 3, weight_scale=1e30, dtype=np.float32).weights).all()
