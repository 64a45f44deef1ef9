"""Worked arithmetic with the user's own numbers, as data for the UI to lay out.

The loops here are the point: they are the notes' loop-and-zip code, kept beside the
vectorised forward pass so a learner can see both give the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from engine.losses import CLIP
from engine.numbers import format_number


class NeuronSum(NamedTuple):
    """One neuron's output before its activation: sum of input x weight, plus the bias."""

    inputs: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    total: float

    @property
    def products(self) -> tuple[float, ...]:
        return tuple(x * w for x, w in zip(self.inputs, self.weights))

    def text(self, digits: int = 6, max_terms: int | None = None) -> str:
        """``1.0 x 0.2 + 2.0 x 0.8 + 3.0 x -0.5 + 2.5 x 1.0 + 2.0 = 4.8``.

        With ``max_terms``, a long sum shows its first terms and says how many it skipped.
        """
        pairs = list(zip(self.inputs, self.weights))
        skipped = 0
        if max_terms is not None and len(pairs) > max_terms:
            skipped = len(pairs) - max_terms
            pairs = pairs[:max_terms]
        terms = [f"{format_number(x, digits, point=True)} x {format_number(w, digits, point=True)}" for x, w in pairs]
        if skipped:
            terms.append(f"... ({skipped} more terms)")
        terms.append(format_number(self.bias, digits, point=True))
        return " + ".join(terms) + f" = {format_number(self.total, digits, point=True)}"


def neuron_sum(inputs: Sequence[float], weights: Sequence[float], bias: float) -> NeuronSum:
    """The notes' first program: ``inputs[0]*weights[0] + ... + bias``, term by term."""
    xs = tuple(float(x) for x in np.ravel(inputs))
    ws = tuple(float(w) for w in np.ravel(weights))
    if len(xs) != len(ws):
        raise ValueError(f"{len(xs)} inputs cannot pair with {len(ws)} weights: a neuron needs one weight per input")
    total = 0.0
    for x, w in zip(xs, ws):
        total += x * w
    total += float(bias)
    return NeuronSum(xs, ws, float(bias), total)


def neuron_sum_in_layer(inputs: np.ndarray, weights: np.ndarray, biases: np.ndarray, sample: int, neuron: int) -> NeuronSum:
    """The sum behind output cell (sample, neuron) of a Dense layer (weights: n_inputs x n_neurons)."""
    return neuron_sum(inputs[sample], weights[:, neuron], float(np.ravel(biases)[neuron]))


def layer_by_loops(inputs: Sequence[float], weights_rows: Sequence[Sequence[float]], biases: Sequence[float]) -> list[float]:
    """The notes' loop-and-zip layer: weights written one row per neuron."""
    layer_outputs = []
    for neuron_weights, neuron_bias in zip(weights_rows, biases):
        output = 0.0
        for n_input, weight in zip(inputs, neuron_weights):
            output += n_input * weight
        output += neuron_bias
        layer_outputs.append(output)
    return layer_outputs


class SoftmaxStages(NamedTuple):
    """Input -> exponentiate -> normalise, for one row, as the notes draw it."""

    inputs: np.ndarray
    maximum: float  # subtracted first so exp cannot overflow; the result is unchanged
    exponentiated: np.ndarray  # exp(inputs - maximum)
    total: float
    normalised: np.ndarray


def softmax_stages(row: Sequence[float]) -> SoftmaxStages:
    values = np.asarray(row, dtype=np.float64).ravel()
    maximum = float(np.max(values))
    exponentiated = np.exp(values - maximum)
    total = float(np.sum(exponentiated))
    return SoftmaxStages(values, maximum, exponentiated, total, exponentiated / total)


class SampleLoss(NamedTuple):
    """One sample's categorical cross-entropy: -log of its confidence in the true class."""

    label: int
    confidence: float  # the predicted probability of the label, before clipping
    clipped: float  # clipped to [1e-7, 1 - 1e-7] so that log(0) cannot happen
    loss: float


def sample_loss(probabilities: Sequence[float], label: int) -> SampleLoss:
    values = np.asarray(probabilities, dtype=np.float64).ravel()
    if not 0 <= label < len(values):
        raise ValueError(f"label {label} is outside the {len(values)} outputs (classes 0-{len(values) - 1})")
    confidence = float(values[label])
    clipped = float(np.clip(confidence, CLIP, 1 - CLIP))
    return SampleLoss(label, confidence, clipped, -float(np.log(clipped)))


class ActivationStep(NamedTuple):
    """What the activation did to one value (ReLU, none); softmax is a whole row: see softmax_stages."""

    name: str
    before: float
    after: float

    def text(self, digits: int = 6) -> str:
        b = format_number(self.before, digits)
        a = format_number(self.after, digits)
        if self.name == "relu":
            return f"ReLU: max(0, {b}) = {a}"
        return f"no activation: output = {a}"


def activation_step(name: str, before: float) -> ActivationStep:
    after = max(0.0, before) if name == "relu" else before
    return ActivationStep(name, float(before), float(after))
