"""The book's activations on nnwb's: ``forward(inputs[, training])`` and ``predictions``.

``predictions(outputs)`` is chapter 18's: what the model's output means as an answer
(a class index for softmax, 0/1 for sigmoid, the number itself otherwise).
"""

from __future__ import annotations

import numpy as np

from engine.activations import Linear, ReLU, Sigmoid, Softmax


class _BookActivation:
    """The book's calling convention over an nnwb activation's ``forward(inputs)``."""

    def forward(self, inputs: np.ndarray, training: bool | None = None) -> np.ndarray:
        return super().forward(inputs)  # type: ignore[misc]

    def predictions(self, outputs: np.ndarray) -> np.ndarray:
        return outputs


class Activation_ReLU(_BookActivation, ReLU):
    pass


class Activation_Linear(_BookActivation, Linear):
    pass


class Activation_Softmax(_BookActivation, Softmax):
    def predictions(self, outputs: np.ndarray) -> np.ndarray:
        return np.argmax(outputs, axis=1)


class Activation_Sigmoid(_BookActivation, Sigmoid):
    def predictions(self, outputs: np.ndarray) -> np.ndarray:
        return (outputs > 0.5) * 1
