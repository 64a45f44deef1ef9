"""Activation functions: what a layer does to its sums before passing them on."""

from __future__ import annotations

from typing import ClassVar

import numpy as np


class Activation:
    """Base of the activations: ``forward(inputs)`` returns and stores ``.output``.

    ``backward(dvalues)`` turns d loss / d output into d loss / d inputs, sets and returns
    ``.dinputs``, as the book's activation classes do.
    """

    dinputs: np.ndarray | None = None

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""

    def __init__(self) -> None:
        self.inputs: np.ndarray | None = None
        self.output: np.ndarray | None = None

    def forward(self, inputs: np.ndarray) -> np.ndarray:
        self.inputs = inputs
        self.output = self.apply(inputs)
        return self.output

    def apply(self, inputs: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dvalues: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _forwarded(self, what: str) -> np.ndarray:
        value = self.inputs if what == "inputs" else self.output
        if value is None:
            raise RuntimeError(f"{type(self).__name__}.backward needs a forward pass first: call forward(inputs)")
        return value


class Linear(Activation):
    """No activation: the output is the sum itself."""

    name = "linear"
    label = "none"

    def apply(self, inputs: np.ndarray) -> np.ndarray:
        return inputs

    def backward(self, dvalues: np.ndarray) -> np.ndarray:
        """The identity's derivative is 1, so gradients pass through unchanged (a copy)."""
        self.dinputs = np.array(dvalues, copy=True)
        return self.dinputs


class ReLU(Activation):
    """Rectified linear: negatives become 0, ``np.maximum(0, inputs)``."""

    name = "relu"
    label = "ReLU"

    def apply(self, inputs: np.ndarray) -> np.ndarray:
        return np.maximum(0, inputs)

    def backward(self, dvalues: np.ndarray) -> np.ndarray:
        """Gradients pass where the input was positive and stop where it was <= 0.

        At exactly 0 the book takes the derivative as 0, and so do we.
        """
        inputs = self._forwarded("inputs")
        self.dinputs = np.array(dvalues, copy=True)
        self.dinputs[inputs <= 0] = 0
        return self.dinputs


class Softmax(Activation):
    """Exponentiate, then normalise each row to sum to 1: a probability per class.

    The row maximum is subtracted first, so ``exp`` never overflows; the result is the same
    because softmax does not change when a constant is added to a whole row.
    """

    name = "softmax"
    label = "softmax"

    def apply(self, inputs: np.ndarray) -> np.ndarray:
        # A logit more than ~1.8e308 below its row's maximum overflows the subtraction to
        # -inf, whose exp is exactly the 0 it should be: no warning for a right answer.
        with np.errstate(over="ignore"):
            shifted = inputs - np.max(inputs, axis=1, keepdims=True)
        exp_values = np.exp(shifted)
        return exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def backward(self, dvalues: np.ndarray) -> np.ndarray:
        """Each row times its Jacobian ``diag(s) - s s^T``, without building the Jacobians.

        The book loops over samples and builds each (classes x classes) Jacobian; the row
        ``dvalues @ (diag(s) - s s^T)`` equals ``s * (dvalues - dvalues . s)``, which gives
        the same numbers for a whole batch in three array operations.
        """
        output = self._forwarded("output")
        dvalues = np.asarray(dvalues)
        weighted = np.sum(dvalues * output, axis=1, keepdims=True)
        self.dinputs = output * (dvalues - weighted)
        return self.dinputs


class Sigmoid(Activation):
    """The logistic function ``1 / (1 + exp(-x))``: each output on its own, between 0 and 1.

    The book's chapter 16 uses it for binary outputs, each neuron a yes/no probability
    read against 0.5. Written as the book writes it, so the nnfs mode gives its digits.
    """

    name = "sigmoid"
    label = "sigmoid"

    def apply(self, inputs: np.ndarray) -> np.ndarray:
        # exp(-x) overflows to inf for x below about -709 (-88 in float32), and 1 / inf is
        # the 0 it should be: no warning for a right answer.
        with np.errstate(over="ignore"):
            return 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues: np.ndarray) -> np.ndarray:
        """``sigmoid' = s * (1 - s)``, written in the book's order: ``dvalues * (1 - s) * s``."""
        output = self._forwarded("output")
        self.dinputs = dvalues * (1 - output) * output
        return self.dinputs


ACTIVATIONS: dict[str, type[Activation]] = {cls.name: cls for cls in (Linear, ReLU, Sigmoid, Softmax)}


def activation_named(name: str) -> Activation:
    """A new activation from its name: "linear" (or "none"), "relu", "sigmoid", "softmax"."""
    key = "linear" if name.lower() in ("none", "") else name.lower()
    try:
        return ACTIVATIONS[key]()
    except KeyError:
        names = ", ".join(ACTIVATIONS)
        raise ValueError(f'no activation called "{name}": choose one of {names}') from None
