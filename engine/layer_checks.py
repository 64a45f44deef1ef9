"""What a Dense layer accepts: sizes, a weight scale and parameter matrices, or why not.

A layer of 0 neurons computes nothing; a NaN scale makes every weight NaN; a layer of
20000 x 20000 weights takes 3.2 GB before anything is drawn. Each is refused here with a
message that says what was given and why it cannot be used.
"""

from __future__ import annotations

import math

import numpy as np

from engine.errors import MatrixValueError
from engine.numbers import format_number
from engine.precision import default_dtype

# 4096 x 4096 weights, 128 MB in float64: larger than any layer the workbench lets a learner
# make, small enough that a slip (a 0 too many) cannot take the machine's memory. Raise it
# for one layer with Dense(..., max_weights=N), or for all by setting this constant.
MAX_WEIGHTS = 4096 * 4096

_KINDS = {"b": "True/False values", "c": "complex numbers", "U": "text", "S": "text", "O": "Python objects"}


def checked_count(name: str, value: object, unit: str) -> int:
    """A size (inputs or neurons): a whole number >= 1."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number of {unit}s, at least 1, not {value!r}")
    if value < 1:
        why = {
            "input": "a neuron weighs its inputs, and with none there is nothing to weigh",
            "neuron": "a layer with no neurons puts out nothing, and every later step would fail on its empty output",
        }.get(unit, f"a layer needs at least 1 {unit}")
        raise ValueError(f"{name} must be at least 1, not {value}: {why}")
    return int(value)


def checked_scale(value: object) -> float:
    """The weight scale: any finite real number (weights = scale * randn)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"weight_scale must be a real number such as 0.01, not {value!r}")
    if not math.isfinite(value):
        made = "nan" if math.isnan(value) else "infinite or nan"
        raise ValueError(f"weight_scale must be a finite number such as 0.01, not {value}: scale * randn would make every weight {made}")
    return float(value)


def checked_draw(weights_of: object, scale: float, dtype: np.dtype) -> np.ndarray:
    """``scale * randn`` in ``dtype``, refused when a weight is not finite there.

    1e200 is a finite scale, but 1e200 * randn is inf in float32 (largest about 3.4e38),
    and 1e308 * randn can pass float64's 1.8e308: every weight inf, with only a warning.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        weights = np.asarray(weights_of() if callable(weights_of) else weights_of)
    if np.isfinite(weights).all():
        return weights
    name = np.dtype(dtype).name
    largest = format_number(float(np.finfo(dtype).max), 2)
    row, column = (int(i) for i in np.argwhere(~np.isfinite(weights))[0])
    raise ValueError(
        f"weight_scale {format_number(scale)} is too large for {name}: scale * randn gave "
        f"{format_number(weights[row, column])} at "
        f"row {row}, column {column}, and {name} holds values up to about {largest}. "
        f"Use a scale such as 0.01 or 0.1."
    )


def checked_size(n_inputs: int, n_neurons: int, dtype: np.dtype, max_weights: int | None) -> None:
    """At most ``max_weights`` weights (``MAX_WEIGHTS`` when None)."""
    limit = MAX_WEIGHTS if max_weights is None else max_weights
    count = n_inputs * n_neurons
    if count > limit:
        gigabytes = count * np.dtype(dtype).itemsize / 1e9
        raise ValueError(
            f"a layer of {n_inputs} inputs x {n_neurons} neurons holds {count:,} weights "
            f"({gigabytes:.1f} GB in {np.dtype(dtype).name}), more than the {limit:,} a layer may hold "
            f"(engine.layer_checks.MAX_WEIGHTS). If you mean it, pass max_weights={count} to Dense."
        )


def checked_parameters(name: str, values: object) -> np.ndarray:
    """Weights or biases as a float matrix, as given when they already are one."""
    try:
        array = np.asarray(values)
    except (ValueError, TypeError) as error:
        raise MatrixValueError(f"{name} must be a matrix of numbers, with rows of one length: {error}") from None
    if array.dtype.kind not in "iuf":
        kind = _KINDS.get(array.dtype.kind, f"{array.dtype} values")
        raise MatrixValueError(f"{name} must be real numbers, not {kind} (a {array.dtype} array)")
    if array.ndim > 2:
        raise MatrixValueError(f"{name} must be a matrix (2-D), not an array of {array.ndim} dimensions {array.shape}")
    array = np.atleast_2d(array)
    if array.size == 0:
        raise MatrixValueError(f"{name} {array.shape} are empty: a layer needs at least 1 input and 1 neuron")
    if array.dtype.kind in "iu":
        array = array.astype(default_dtype())
    finite = np.isfinite(array)
    if not finite.all():
        row, column = (int(i) for i in np.argwhere(~finite)[0])
        raise MatrixValueError(
            f"{name} row {row}, column {column} is {array[row, column]}: every weight and bias must be a finite number",
            row,
            column,
        )
    return array
