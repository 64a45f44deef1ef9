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


def one_neuron() -> Document:
    """Lesson 15: the book's chapter 9 neuron: x = [1, -2, 3], w = [-3, -1, 2], b = 1, ReLU: 6.0."""
    network = Network([_layer([[-3.0], [-1.0], [2.0]], [1.0], "relu")])
    return Document(network, np.array([[1.0, -2.0, 3.0]]))


# The notes' batch (chapter 2) and the first neuron of the book's chapter 9 layer.
NOTES_BATCH = [[1.0, 2.0, 3.0, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]
FIRST_NEURON = [[0.2], [0.8], [-0.5], [1.0]]


def layer_backward() -> Document:
    """Lesson 16: the notes' batch into the book's first neuron (weights [0.2, 0.8, -0.5, 1],
    bias 2: outputs 4.8, 8.9, 1.41), a linear output scored by mean squared error against
    targets 1.5, 3 and 4.5 below them, so that dvalues = 2 (ŷ − y) / 3 = [1, 2, 3]: the first
    column of the book's chapter 9 dvalues [[1, 1, 1], [2, 2, 2], [3, 3, 3]]."""
    network = Network([_layer(FIRST_NEURON, [2.0])])
    return Document(network, np.array(NOTES_BATCH), np.array([3.3, 5.9, -3.09]))


STARTS_14_17: dict[str, Callable[[], Document]] = {
    "14-sine-by-hand.json": sine_by_hand,
    "15-nudging.json": one_neuron,
    "16-layer-backward.json": layer_backward,
}
