"""The book's layers, ``Layer_Dense``, ``Layer_Dropout`` and ``Layer_Input``, on nnwb's.

Each takes the book's arguments in the book's order and answers to ``forward(inputs)``
(chapters 2-17) as well as ``forward(inputs, training)`` (chapter 18 on); the maths is
nnwb's ``Dense`` and ``Dropout``.
"""

from __future__ import annotations

import numpy as np

from engine.dropout import Dropout
from engine.layers import Dense


class Layer_Dense(Dense):
    """``Layer_Dense(n_inputs, n_neurons, weight_regularizer_l1=0, weight_regularizer_l2=0,
    bias_regularizer_l1=0, bias_regularizer_l2=0, *, weight_scale=0.01)``.

    The four regularisation strengths are positional, as in the book (chapter 14 on);
    ``weight_scale`` is keyword-only: chapter 17's layers draw ``0.1 * randn``.
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
    ) -> None:
        super().__init__(
            n_inputs,
            n_neurons,
            weight_scale=weight_scale,
            weight_regularizer_l1=weight_regularizer_l1,
            weight_regularizer_l2=weight_regularizer_l2,
            bias_regularizer_l1=bias_regularizer_l1,
            bias_regularizer_l2=bias_regularizer_l2,
        )

    def forward(self, inputs: np.ndarray, training: bool | None = None) -> np.ndarray:  # type: ignore[override]
        # Dense.forward's second argument is a layer number for its error messages; the
        # book's is ``training``, which changes nothing in a dense layer.
        return super().forward(inputs)

    def get_parameters(self) -> tuple[np.ndarray, np.ndarray]:
        """The book's chapter 21: ``(weights, biases)``."""
        return self.weights, self.biases

    def set_parameters(self, weights: np.ndarray, biases: np.ndarray) -> None:
        self.weights = weights
        self.biases = biases


class Layer_Dropout(Dropout):
    """``Layer_Dropout(rate)``: ``rate`` is the share of values switched off while training.

    ``forward(inputs)`` always drops, as chapter 15's layer does; ``forward(inputs,
    training=False)`` passes the values through (chapter 18's model when it predicts).
    ``.rate`` is the share dropped, as given; the book's attribute holds the share kept
    (``1 - rate``), which nnwb's Dropout computes where it draws the mask.
    """


class Layer_Input:
    """Chapter 18's input "layer": its output is the model's input, for the first layer."""

    def __init__(self) -> None:
        self.output: np.ndarray | None = None

    def forward(self, inputs: np.ndarray, training: bool | None = None) -> None:
        self.output = inputs
