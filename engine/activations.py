"""Activation functions: what a layer does to its sums before passing them on."""

from __future__ import annotations

from typing import ClassVar

import numpy as np


class Activation:
    """Base of the activations: ``forward(inputs)`` returns and stores ``.output``."""

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


class Linear(Activation):
    """No activation: the output is the sum itself."""

    name = "linear"
    label = "none"

    def apply(self, inputs: np.ndarray) -> np.ndarray:
        return inputs


class ReLU(Activation):
    """Rectified linear: negatives become 0, ``np.maximum(0, inputs)``."""

    name = "relu"
    label = "ReLU"

    def apply(self, inputs: np.ndarray) -> np.ndarray:
        return np.maximum(0, inputs)


class Softmax(Activation):
    """Exponentiate, then normalise each row to sum to 1: a probability per class.

    The row maximum is subtracted first, so ``exp`` never overflows; the result is the same
    because softmax does not change when a constant is added to a whole row.
    """

    name = "softmax"
    label = "softmax"

    def apply(self, inputs: np.ndarray) -> np.ndarray:
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        return exp_values / np.sum(exp_values, axis=1, keepdims=True)


ACTIVATIONS: dict[str, type[Activation]] = {cls.name: cls for cls in (Linear, ReLU, Softmax)}


def activation_named(name: str) -> Activation:
    """A new activation from its name: "linear" (or "none"), "relu", "softmax"."""
    key = "linear" if name.lower() in ("none", "") else name.lower()
    try:
        return ACTIVATIONS[key]()
    except KeyError:
        names = ", ".join(ACTIVATIONS)
        raise ValueError(f'no activation called "{name}": choose one of {names}') from None
