"""The book's activations on nnwb's: ``forward(inputs[, training])``, ``backward(dvalues)``
and ``predictions``.

``forward`` sets ``inputs`` and ``output``, ``backward`` sets ``dinputs``; both return None,
as the book's do (nnwb's own activations return the array). ``predictions(outputs)`` is
chapter 18's: what the model's output means as an answer (a class index for softmax, 0/1
for sigmoid, the number itself otherwise).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from engine.activations import Linear, ReLU, Sigmoid, Softmax
from engine.book.backward_errors import explained
from engine.book.book_class import BookClass


class _BookActivation(metaclass=BookClass):
    """The book's calling convention over an nnwb activation's ``apply(inputs)``."""

    inputs: np.ndarray | None
    output: np.ndarray | None

    if TYPE_CHECKING:  # the nnwb activation's, after this class in the MRO (defined here it would hide it)

        def apply(self, inputs: np.ndarray) -> np.ndarray: ...

    def forward(self, inputs: np.ndarray, training: bool | None = None) -> None:
        """Sets ``inputs`` and ``output``."""
        self.inputs = inputs
        self.output = self.apply(inputs)

    def predictions(self, outputs: np.ndarray) -> np.ndarray:
        """What the outputs mean as answers (chapter 18): here the outputs themselves."""
        return outputs


class Activation_ReLU(_BookActivation, ReLU):  # type: ignore[misc]  # the book's forward returns None
    """``output = np.maximum(0, inputs)``; ``backward`` passes gradients where the input was > 0."""

    def backward(self, dvalues: np.ndarray) -> None:  # type: ignore[override]
        """Sets ``dinputs``, d loss / d inputs, from ``dvalues``, d loss / d output."""
        try:
            ReLU.backward(self, dvalues)
        except (ValueError, IndexError) as error:
            raise explained(self, dvalues, error) from None


class Activation_Linear(_BookActivation, Linear):  # type: ignore[misc]  # the book's forward returns None
    """``output = inputs``; ``backward`` passes the gradients on unchanged (a copy)."""

    def backward(self, dvalues: np.ndarray) -> None:  # type: ignore[override]
        """Sets ``dinputs``, d loss / d inputs, from ``dvalues``, d loss / d output."""
        Linear.backward(self, dvalues)


class Activation_Softmax(_BookActivation, Softmax):  # type: ignore[misc]  # the book's forward returns None
    """Each row exponentiated and normalised to sum to 1; ``predictions`` is the argmax."""

    def backward(self, dvalues: np.ndarray) -> None:  # type: ignore[override]
        """Sets ``dinputs``: each sample's ``dvalues`` row times its Jacobian ``diagflat(s) - s s^T``."""
        output = self._forwarded("output")
        dvalues = np.asarray(dvalues)
        if dvalues.shape != output.shape:
            raise explained(self, dvalues, ValueError(f"dvalues {dvalues.shape} and output {output.shape} differ"))
        # Sample by sample with NumPy's (or nnfs's) dot, as chapter 9 builds it, so a check
        # typed by hand and the book's Model gets its bits; engine's Softmax is vectorised,
        # equal in value, not in the last bit.
        dinputs = np.empty_like(dvalues)
        for row, (probabilities, gradient) in enumerate(zip(output, dvalues)):
            column = probabilities.reshape(-1, 1)
            jacobian = np.diagflat(column) - np.dot(column, column.T)
            dinputs[row] = np.dot(jacobian, gradient)
        self.dinputs = dinputs

    def predictions(self, outputs: np.ndarray) -> np.ndarray:
        """The class each row is most confident in."""
        return np.argmax(outputs, axis=1)


class Activation_Sigmoid(_BookActivation, Sigmoid):  # type: ignore[misc]  # the book's forward returns None
    """``output = 1 / (1 + np.exp(-inputs))``; ``predictions`` is ``(outputs > 0.5) * 1``."""

    def backward(self, dvalues: np.ndarray) -> None:  # type: ignore[override]
        """Sets ``dinputs``, d loss / d inputs, from ``dvalues``, d loss / d output."""
        try:
            Sigmoid.backward(self, dvalues)
        except (ValueError, IndexError) as error:
            raise explained(self, dvalues, error) from None

    def predictions(self, outputs: np.ndarray) -> np.ndarray:
        """1 where an output is above 0.5, else 0."""
        return (outputs > 0.5) * 1
