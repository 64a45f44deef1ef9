"""The dense layer, as the notes' Layer_Dense writes it."""

from __future__ import annotations

import numpy as np

from engine.precision import DEFAULT_DTYPE, matmul, randn
from engine.shapes import check_bias, check_dot


class Dense:
    """A fully connected layer: ``output = inputs @ weights + biases``.

    ``weights`` has shape (n_inputs, n_neurons), one column per neuron, so no transpose is
    needed in the forward pass; ``biases`` has shape (1, n_neurons). Both are plain
    attributes: set them to any arrays, and a shape that does not fit is explained by a
    ShapeError at the next ``forward``.
    """

    def __init__(
        self,
        n_inputs: int,
        n_neurons: int,
        weight_scale: float = 0.01,
        dtype: np.dtype | type = DEFAULT_DTYPE,
    ) -> None:
        # Drawn from NumPy's global generator, as the book does, so that seeding it
        # reproduces the book's and the notes' printed numbers.
        self.weights: np.ndarray = weight_scale * randn(n_inputs, n_neurons, dtype)
        self.biases: np.ndarray = np.zeros((1, n_neurons), dtype=dtype)
        self.weight_scale = weight_scale
        self.inputs: np.ndarray | None = None
        self.output: np.ndarray | None = None

    @classmethod
    def from_arrays(cls, weights: np.ndarray, biases: np.ndarray) -> Dense:
        """A layer with the given weights (n_inputs, n_neurons) and biases, no random draw."""
        layer = cls.__new__(cls)
        layer.weights = np.atleast_2d(np.asarray(weights))
        layer.biases = np.atleast_2d(np.asarray(biases))
        layer.weight_scale = 0.0
        layer.inputs = None
        layer.output = None
        return layer

    @property
    def n_inputs(self) -> int:
        return int(self.weights.shape[0])

    @property
    def n_neurons(self) -> int:
        return int(self.weights.shape[1])

    def product(self, inputs: np.ndarray, layer: int | None = None) -> np.ndarray:
        """``inputs @ weights``, the sums before the bias; ShapeError if they cannot meet."""
        inputs = np.atleast_2d(np.asarray(inputs))
        check_dot(inputs, self.weights, layer)
        return matmul(inputs, self.weights)

    def forward(self, inputs: np.ndarray, layer: int | None = None) -> np.ndarray:
        inputs = np.atleast_2d(np.asarray(inputs))
        product = self.product(inputs, layer)
        check_bias(product, self.biases, layer)
        self.inputs = inputs
        self.output = product + self.biases.reshape(1, -1).astype(product.dtype, copy=False)
        return self.output
