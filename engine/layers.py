"""The dense layer, as the notes' Layer_Dense writes it."""

from __future__ import annotations

import math

import numpy as np

from engine.layer_checks import (
    checked_count,
    checked_draw,
    checked_parameters,
    checked_scale,
    checked_size,
)
from engine.precision import default_dtype, matmul, randn
from engine.shapes import check_bias, check_dot, dense_fits


class Dense:
    """A fully connected layer: ``output = inputs @ weights + biases``.

    ``weights`` has shape (n_inputs, n_neurons), one column per neuron, so no transpose is
    needed in the forward pass; ``biases`` has shape (1, n_neurons). Both are plain
    attributes: set them to any arrays, and a shape that does not fit is explained by a
    ShapeError at the next ``forward``.

    Sizes are whole numbers >= 1, the weight scale a finite number, and a layer holds at
    most ``engine.layer_checks.MAX_WEIGHTS`` weights (4096 x 4096) unless ``max_weights``
    says otherwise: ``Dense(20000, 20000)`` would take 3.2 GB, and is refused with a message
    saying so rather than allocated. The dtype is float64, or float32 once ``nnfs.init()``
    has run in the process, as the book's own layers are then.

    ``backward(dvalues)`` sets ``dweights``, ``dbiases`` and ``dinputs`` as the book's
    Layer_Dense does. The four regularisation strengths (the book's keyword names, 0 by
    default, meaning off) add ``l1 * sum|w| + l2 * sum(w**2)`` to the loss (see
    ``engine.losses.regularization_loss``) and its derivative to the gradients.
    """

    # Class-level defaults, so a layer made by ``from_arrays`` (which skips __init__) or
    # unpickled from an older version still reads as "no regularisation".
    weight_regularizer_l1: float = 0.0
    weight_regularizer_l2: float = 0.0
    bias_regularizer_l1: float = 0.0
    bias_regularizer_l2: float = 0.0
    dweights: np.ndarray | None = None
    dbiases: np.ndarray | None = None
    dinputs: np.ndarray | None = None

    def __init__(
        self,
        n_inputs: int,
        n_neurons: int,
        *,
        weight_scale: float = 0.01,
        dtype: np.dtype | type | None = None,
        weight_regularizer_l1: float = 0.0,
        weight_regularizer_l2: float = 0.0,
        bias_regularizer_l1: float = 0.0,
        bias_regularizer_l2: float = 0.0,
        max_weights: int | None = None,
    ) -> None:
        n_inputs = checked_count("n_inputs", n_inputs, "input")
        n_neurons = checked_count("n_neurons", n_neurons, "neuron")
        weight_scale = checked_scale(weight_scale)
        dtype = default_dtype() if dtype is None else np.dtype(dtype)
        checked_size(n_inputs, n_neurons, dtype, max_weights)
        # Drawn from NumPy's global generator, as the book does, so that seeding it
        # reproduces the book's and the notes' printed numbers.
        self.weights: np.ndarray = checked_draw(lambda: weight_scale * randn(n_inputs, n_neurons, dtype), weight_scale, dtype)
        self.biases: np.ndarray = np.zeros((1, n_neurons), dtype=dtype)
        self.weight_scale = weight_scale
        self.inputs: np.ndarray | None = None
        self.output: np.ndarray | None = None
        self.set_regularizers(weight_regularizer_l1, weight_regularizer_l2, bias_regularizer_l1, bias_regularizer_l2)

    @classmethod
    def from_arrays(
        cls,
        weights: np.ndarray,
        biases: np.ndarray,
        *,
        weight_regularizer_l1: float = 0.0,
        weight_regularizer_l2: float = 0.0,
        bias_regularizer_l1: float = 0.0,
        bias_regularizer_l2: float = 0.0,
        max_weights: int | None = None,
    ) -> Dense:
        """A layer with the given weights (n_inputs, n_neurons) and biases, no random draw.

        Each must be real, finite numbers in at most two dimensions; whole numbers become
        floats. The biases' shape is checked against the weights at ``forward``, where a
        mismatch is explained as a ShapeError.
        """
        layer = cls.__new__(cls)
        layer.weights = checked_parameters("weights", weights)
        layer.biases = checked_parameters("biases", biases)
        checked_size(layer.weights.shape[0], layer.weights.shape[1], layer.weights.dtype, max_weights)
        layer.weight_scale = 0.0
        layer.inputs = None
        layer.output = None
        layer.set_regularizers(weight_regularizer_l1, weight_regularizer_l2, bias_regularizer_l1, bias_regularizer_l2)
        return layer

    def set_regularizers(
        self,
        weight_l1: float = 0.0,
        weight_l2: float = 0.0,
        bias_l1: float = 0.0,
        bias_l2: float = 0.0,
    ) -> None:
        """Set the four L1/L2 strengths at once; each must be a finite number >= 0."""
        names = ("weight_regularizer_l1", "weight_regularizer_l2", "bias_regularizer_l1", "bias_regularizer_l2")
        for name, value in zip(names, (weight_l1, weight_l2, bias_l1, bias_l2)):
            number = float(value)
            if not math.isfinite(number) or number < 0:
                raise ValueError(f"{name} must be a finite number >= 0 (0 turns it off), not {value}")
            setattr(self, name, number)

    @property
    def regularized(self) -> bool:
        """Whether any of the four regularisation strengths is on."""
        return bool(
            self.weight_regularizer_l1 or self.weight_regularizer_l2 or self.bias_regularizer_l1 or self.bias_regularizer_l2
        )

    @property
    def n_inputs(self) -> int:
        return int(self.weights.shape[0])

    @property
    def n_neurons(self) -> int:
        return int(self.weights.shape[1])

    def product(self, inputs: np.ndarray, layer: int | None = None) -> np.ndarray:
        """``inputs @ weights``, the sums before the bias; ShapeError if they cannot meet."""
        inputs = np.atleast_2d(np.asarray(inputs))
        check_dot(inputs, self.weights, layer, self.biases)
        return matmul(inputs, self.weights)

    def forward(self, inputs: np.ndarray, layer: int | None = None) -> np.ndarray:
        if dense_fits(inputs, self.weights, self.biases):
            product = matmul(inputs, self.weights)
        else:
            inputs = np.atleast_2d(np.asarray(inputs))
            product = self.product(inputs, layer)
            check_bias(product, self.biases, layer)
        self.inputs = inputs
        self.output = product + self.biases.reshape(1, -1).astype(product.dtype, copy=False)
        return self.output

    def backward(self, dvalues: np.ndarray) -> np.ndarray:
        """Gradients from ``dvalues`` (d loss / d output, one row per sample of the last forward).

        ``dweights = inputs.T @ dvalues`` (each weight's input times its neuron's gradient,
        summed over the batch), ``dbiases`` the column sums of ``dvalues`` (a bias moves its
        neuron's output one for one), ``dinputs = dvalues @ weights.T`` for the layer before.
        Regularisation adds ``l1 * sign(w)`` (+1 at w = 0, as the book's ``dL1`` does) and
        ``2 * l2 * w`` to ``dweights`` and ``dbiases``.
        """
        if self.inputs is None:
            raise RuntimeError("backward needs the inputs of a forward pass: call forward(inputs) first")
        if type(dvalues) is not np.ndarray or dvalues.ndim != 2:
            dvalues = np.atleast_2d(np.asarray(dvalues))
        self.dweights = matmul(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        if self.weight_regularizer_l1 > 0:
            self.dweights += self.weight_regularizer_l1 * l1_direction(self.weights)
        if self.weight_regularizer_l2 > 0:
            self.dweights += 2 * self.weight_regularizer_l2 * self.weights
        if self.bias_regularizer_l1 > 0:
            self.dbiases += self.bias_regularizer_l1 * l1_direction(self.biases.reshape(1, -1))
        if self.bias_regularizer_l2 > 0:
            self.dbiases += 2 * self.bias_regularizer_l2 * self.biases.reshape(1, -1)
        self.dinputs = matmul(dvalues, self.weights.T)
        return self.dinputs


def l1_direction(values: np.ndarray) -> np.ndarray:
    """The book's ``dL1``: +1 where a value is >= 0, -1 where it is negative.

    At exactly 0, |w| has no derivative; the book picks +1, and so do we, so a layer's
    gradients match the book's to the bit (biases start at 0, so this case is common).
    """
    return np.where(values < 0, -1.0, 1.0).astype(values.dtype, copy=False)
