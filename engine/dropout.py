"""Dropout, the book's chapter 15: while training, switch off a random share of values.

Each value is kept with probability ``1 - rate`` and set to 0 otherwise; kept values are
divided by ``1 - rate`` ("inverted" dropout), so that the expected sum a later layer sees
is the same as without dropout, and nothing needs rescaling when dropout is off.

The mask is drawn from NumPy's global generator exactly as the book draws it,
``np.random.binomial(1, 1 - rate, size=inputs.shape) / (1 - rate)``, so a seeded run
gives the book's masks. It is a float64 array (binomial counts divided by a float), as the
book's is, also in the nnfs mode: ``engine.precision.matmul`` then computes the next
layer's product as nnfs's ``np.dot`` does.
"""

from __future__ import annotations

import math

import numpy as np

# The workbench's smallest dropout rate other than 0: below it dropout switches off less than
# one value in a million, and rates near the float's limit (1e-320) cannot be written back
# as typed. The engine's Dropout (the book's class) takes any rate in [0, 1).
SMALLEST_RATE = 1e-6  # written 1e-6 in the refusal


def tiny_rate_problem(rate: float) -> str | None:
    """Why a rate in (0, SMALLEST_RATE) is refused by the workbench, or None."""
    if 0 < rate < SMALLEST_RATE:
        return ("a dropout rate below 1e-6 switches off less than one value in a million: "
                "type 0 for no dropout, or a rate such as 0.1")
    return None


def checked_rate(rate: object) -> float:
    """The dropout rate as a float in [0, 1), or a ValueError that says why not."""
    if isinstance(rate, (bool, np.bool_)) or not isinstance(rate, (int, float, np.integer, np.floating)):
        raise ValueError(f"the dropout rate must be a number from 0 to just under 1, not {rate!r}")
    number = float(rate)
    if not math.isfinite(number) or not 0.0 <= number < 1.0:
        raise ValueError(
            f"the dropout rate must be at least 0 and less than 1 (the share of values switched off), not {rate}"
        )
    return number


def dropout_mask(shape: tuple[int, ...], rate: float, random: np.random.RandomState | None = None) -> np.ndarray:
    """A fresh inverted-dropout mask: 0 where a value is dropped, 1 / (1 - rate) where kept.

    Drawn from NumPy's global generator, as the book draws it, unless ``random`` is given:
    ``np.random.RandomState(seed)`` draws the same mask as the global generator after
    ``np.random.seed(seed)``, without moving it (an example mask shown while training runs).
    """
    keep = 1 - rate  # the book stores this as ``self.rate``
    draw = (np.random if random is None else random).binomial(1, keep, size=shape)
    return draw / keep


class Dropout:
    """The book's ``Layer_Dropout(rate)``: ``rate`` is the share of values dropped (0.1 = 10%).

    ``forward(inputs)`` draws a new mask (``binary_mask``) and returns ``inputs * mask``;
    ``forward(inputs, training=False)`` passes the inputs through unchanged (a copy), as
    the book's chapter 18 layer does when predicting. ``backward(dvalues)`` multiplies
    by the same mask: a dropped value had no effect on the loss, a kept one was scaled.
    """

    def __init__(self, rate: float) -> None:
        self.rate = checked_rate(rate)
        self.inputs: np.ndarray | None = None
        self.output: np.ndarray | None = None
        self.binary_mask: np.ndarray | None = None
        self.dinputs: np.ndarray | None = None

    def forward(self, inputs: np.ndarray, training: bool = True) -> np.ndarray:
        self.inputs = inputs
        if not training:
            self.binary_mask = None
            self.output = np.array(inputs, copy=True)
            return self.output
        return self.forward_with_mask(inputs, dropout_mask(np.shape(inputs), self.rate))

    def forward_with_mask(self, inputs: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """``inputs * mask`` with a mask given rather than drawn (a gradient check's fixed mask)."""
        self.inputs = inputs
        self.binary_mask = mask
        self.output = inputs * mask
        return self.output

    def backward(self, dvalues: np.ndarray) -> np.ndarray:
        if self.binary_mask is None:
            if self.inputs is None:
                raise RuntimeError("Dropout.backward needs a forward pass first: call forward(inputs)")
            self.dinputs = np.array(dvalues, copy=True)  # no mask was applied: identity
            return self.dinputs
        self.dinputs = dvalues * self.binary_mask
        return self.dinputs
