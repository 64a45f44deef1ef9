"""The start files of lessons 14-17, made from the book's numbers (``tests.lessons.course_starts``
writes and checks them with the others')."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine import Dense, Network, Step, activation_named
from engine.datasets import sine_data
from tui.document.state import Document


def _layer(weights: list[list[float]], biases: list[float], activation: str = "linear") -> Step:
    return Step(Dense.from_arrays(np.array(weights, dtype=np.float64), np.array([biases], dtype=np.float64)),
                activation_named(activation))


def sine_by_hand() -> Document:
    """Lesson 14: the book's sine_data (8 samples of sin(2πx) over [0, 1)) as inputs and number
    targets; two pairs of ReLU neurons (layer 1's n0 with layer 2's n0, n1 with n1) and a linear
    output, every weight and bias 0, as the book's hand fit starts."""
    x, y = sine_data(8, np.float64)
    network = Network([
        _layer([[0.0, 0.0]], [0.0, 0.0], "relu"),
        _layer([[0.0, 0.0], [0.0, 0.0]], [0.0, 0.0], "relu"),
        _layer([[0.0], [0.0]], [0.0]),
    ])
    return Document(network, x, y.reshape(-1))


STARTS_14_17: dict[str, Callable[[], Document]] = {
    "14-sine-by-hand.json": sine_by_hand,
}
