"""The book's layers, ``Layer_Dense``, ``Layer_Dropout`` and ``Layer_Input``, on nnwb's.

Each takes the book's arguments in the book's order and answers to ``forward(inputs)``
(chapters 2-17) as well as ``forward(inputs, training)`` (chapter 18 on); the maths is
nnwb's ``Dense`` and ``Dropout``. As the book's, ``forward`` and ``backward`` set
attributes (``output``, ``dinputs``...) and return None: typed into a REPL or a notebook
cell, ``dense1.forward(X)`` echoes nothing, as it does with the book's classes.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from engine.book.backward_errors import explained
from engine.book.book_class import BookClass
from engine.dropout import Dropout
from engine.layers import Dense
from engine.precision import matmul
from engine.shapes import check_bias, dense_fits


class LayerSizeError(TypeError, ValueError):
    """A layer size that is not a whole number: a TypeError, as NumPy's ``randn(2.0, 3)``
    raises in the book's ``Layer_Dense``, and the ValueError nnwb's ``Dense`` raises."""


class Layer_Dense(Dense, metaclass=BookClass):
    """The book's dense layer: ``output = inputs @ weights + biases``.

    Weights are drawn ``0.01 * np.random.randn(n_inputs, n_neurons)`` (keywords: ``weight_scale=0.1``
    for chapter 17's, ``max_weights=`` past nnwb's size limit), biases are zeros; the four
    L1/L2 strengths are 0 (off) unless given. ``forward`` sets ``output``; ``backward(dvalues)``
    sets ``dweights``, ``dbiases`` and ``dinputs``; both return None.
    """

    def __init__(
        self,
        n_inputs: int,
        n_neurons: int,
        weight_regularizer_l1: float = 0,
        weight_regularizer_l2: float = 0,
        bias_regularizer_l1: float = 0,
        bias_regularizer_l2: float = 0,
        *,
        weight_scale: float = 0.01,
        max_weights: int | None = None,
    ) -> None:
        try:
            Dense.__init__(
                self,
                n_inputs,
                n_neurons,
                weight_scale=weight_scale,
                max_weights=max_weights,
                weight_regularizer_l1=weight_regularizer_l1,
                weight_regularizer_l2=weight_regularizer_l2,
                bias_regularizer_l1=bias_regularizer_l1,
                bias_regularizer_l2=bias_regularizer_l2,
            )
        except ValueError as error:
            wrong = next((size for size in (n_inputs, n_neurons) if not _whole_number(size)), None)
            if wrong is None and " to Dense." in str(error):
                # Dense's size advice names itself; its keyword (max_weights=) works here too.
                raise ValueError(str(error).replace(" to Dense.", " to Layer_Dense.")) from None
            if wrong is None:
                raise
            raise LayerSizeError(
                f"{error} (the book's NumPy says: {type(wrong).__name__!r} object cannot be interpreted as an integer)"
            ) from None

    def set_regularizers(
        self, weight_l1: float = 0, weight_l2: float = 0, bias_l1: float = 0, bias_l2: float = 0
    ) -> None:
        """Dense's, keeping each strength as given (0, an int, by default), as the book does."""
        Dense.set_regularizers(self, weight_l1, weight_l2, bias_l1, bias_l2)  # checks them
        # The book keeps each strength as given: 0, an int, when not given; 5e-4 as typed;
        # np.float32(5e-4) or True as they are (their arithmetic is NumPy's, as in the book).
        given = (weight_l1, weight_l2, bias_l1, bias_l2)
        names = ("weight_regularizer_l1", "weight_regularizer_l2", "bias_regularizer_l1", "bias_regularizer_l2")
        for name, value in zip(names, given):
            setattr(self, name, value)

    def forward(self, inputs: np.ndarray, training: bool | None = None) -> None:  # type: ignore[override]
        """``output = inputs @ weights + biases``; a shape that cannot meet is explained."""
        # Dense.forward's second argument is a layer number for its error messages; the
        # book's is ``training``, which changes nothing in a dense layer.
        if dense_fits(inputs, self.weights, self.biases):
            product = matmul(inputs, self.weights)
        else:
            inputs = np.atleast_2d(np.asarray(inputs))
            product = self.product(inputs)
            check_bias(product, self.biases, None)
        self.inputs = inputs
        # The book's plain sum, not Dense's (which keeps the product's dtype): float64 biases
        # typed in by hand beside nnfs's float32 product make a float64 output, as the book's.
        self.output = product + self.biases

    def backward(self, dvalues: np.ndarray) -> None:  # type: ignore[override]
        """``dweights = inputs.T @ dvalues`` (+ regularisation), ``dbiases``, ``dinputs = dvalues @ weights.T``."""
        try:
            Dense.backward(self, dvalues)
        except (ValueError, IndexError) as error:
            raise explained(self, dvalues, error) from None

    engine_only: ClassVar[tuple[str, ...]] = ("set_regularizers",)  # Dense's, kept out of help()

    def get_parameters(self) -> tuple[np.ndarray, np.ndarray]:
        """The book's chapter 21: ``(weights, biases)``."""
        return self.weights, self.biases

    def set_parameters(self, weights: np.ndarray, biases: np.ndarray) -> None:
        """The book's chapter 21: take these weights and biases."""
        self.weights = weights
        self.biases = biases


def _whole_number(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


class Layer_Dropout(Dropout, metaclass=BookClass):
    """The book's dropout layer: ``Layer_Dropout(0.1)`` switches off 10% of the values while
    training, and keeps ``rate``, as the book does, as the share kept: 0.9.

    ``forward(inputs)`` draws a new ``binary_mask``, ``np.random.binomial(1, rate,
    size=inputs.shape) / rate``, and sets ``output = inputs * binary_mask``;
    ``forward(inputs, training=False)`` copies the inputs and leaves the last mask as it
    was. ``backward(dvalues)`` multiplies by the mask. Both return None.
    """

    def __init__(self, rate: float) -> None:
        Dropout.__init__(self, rate)  # checks it
        self.rate = 1 - rate

    def forward(self, inputs: np.ndarray, training: bool = True) -> None:  # type: ignore[override]
        """``output = inputs * binary_mask``, a new mask each call; with training=False a copy."""
        if not training:
            self.inputs = inputs
            self.output = np.array(inputs, copy=True)
            return
        keep = self.rate
        # Drawn from NumPy's global generator as engine.dropout draws it, from the share kept.
        Dropout.forward_with_mask(self, inputs, np.random.binomial(1, keep, size=np.shape(inputs)) / keep)

    def backward(self, dvalues: np.ndarray) -> None:  # type: ignore[override]
        """``dinputs = dvalues * binary_mask``."""
        try:
            Dropout.backward(self, dvalues)
        except (ValueError, IndexError) as error:
            raise explained(self, dvalues, error) from None


class Layer_Input(metaclass=BookClass):
    """Chapter 18's input "layer": its output is the model's input, for the first layer."""

    def __init__(self) -> None:
        self.output: np.ndarray | None = None

    def forward(self, inputs: np.ndarray, training: bool | None = None) -> None:
        self.output = inputs
