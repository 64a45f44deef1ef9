"""Finding the first number in a forward pass that is not finite, and saying why.

Inputs and weights are finite (the editors refuse anything else), but their products
need not be: 1e308 x 10 is past the largest float64 (about 1.8e308) and becomes inf, and
inf + -inf is nan. Such a pass computed nothing a learner can use, so the trace says where
it first happened and is not scored.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from engine.numbers import format_number


class NonFinite(NamedTuple):
    """The first inf or nan of a forward pass: where, what, and a sentence saying why."""

    layer: int | None  # 1-based; None for the inputs X
    matrix: str  # "inputs", "weights", "biases", "inputs · weights", "z", "output"
    row: int
    column: int
    value: float
    message: str


def first_bad(array: np.ndarray) -> tuple[int, int] | None:
    """(row, column) of the first value that is not finite, or None when all are."""
    values = np.asarray(array)
    if values.dtype.kind not in "fc" or values.ndim != 2:
        return None
    finite = np.isfinite(values)
    if finite.all():
        return None
    row, column = np.argwhere(~finite)[0]
    return int(row), int(column)


def _largest(array: np.ndarray) -> str:
    dtype = array.dtype if array.dtype.kind == "f" else np.dtype(np.float64)
    return f"past the largest {dtype.name}, about {format_number(float(np.finfo(dtype).max), 2)}"


def _what(value: float, given: bool = False) -> str:
    if np.isnan(value) and given:
        return "nan: a value put in is not a number (NaN)"  # nothing overflowed: it came in so
    if np.isnan(value):
        return "nan (not a number: an overflow to inf met its opposite, or was multiplied by 0)"
    return format_number(value)


def find_nonfinite(
    layer: int | None, named: list[tuple[str, np.ndarray]], given: frozenset[str] = frozenset()
) -> NonFinite | None:
    """The first non-finite value among ``named`` matrices, in the order the pass made them.

    ``given`` names the matrices that were given rather than computed (inputs, weights,
    biases): a bad value there was put in, while one in a computed matrix is an overflow.
    """
    where = "the inputs X" if layer is None else f"layer {layer}"
    for name, array in named:
        bad = first_bad(array)
        if bad is None:
            continue
        row, column = bad
        value = float(np.real(array[row, column]))
        if name in given:
            message = (
                f"{where}: {name} row {row}, column {column} is {_what(value, given=True)}; every value must be a finite "
                f"number, so nothing after it can be scored."
            )
        else:
            cell = f"sample {row}, neuron {column}"
            cause = {
                "inputs · weights": "the sum of inputs x weights",
                "z": "adding the bias",
                "output": "the activation",
            }.get(name, name)
            message = (
                f"{where}: {name} overflowed at {cell}: {cause} went {_largest(array)}, and gave "
                f"{_what(value)}. Use smaller inputs or weights; loss and accuracy are not scored on numbers "
                f"that overflowed."
            )
        return NonFinite(layer, name, row, column, value, message)
    return None
