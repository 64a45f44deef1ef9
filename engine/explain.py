"""Worked arithmetic with the user's own numbers, as data for the UI to lay out.

The loops here are the point: they are the notes' loop-and-zip code, kept beside the
vectorised forward pass so a learner can see both give the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from engine.dropout import checked_rate, dropout_mask
from engine.loss_choice import ABSOLUTE, BINARY, SQUARED
from engine.losses import CLIP
from engine.numbers import format_number

OVERFLOW_NOTE = " (overflow: past the largest number a float holds, so the result is not a real sum)"


def sum_terms(count: int, term: Callable[[int], str], max_terms: int | None = None) -> list[str]:
    """The terms of a sum of ``count``, ``term(k)`` each: with ``max_terms``, a long sum's first
    terms and how many it skipped (only the terms shown are written: a sum may have thousands)."""
    shown = count if max_terms is None else min(count, max_terms)
    terms = [term(k) for k in range(shown)]
    if shown < count:
        terms.append(f"... ({count - shown} more terms)")
    return terms


class NeuronSum(NamedTuple):
    """One neuron's output before its activation: sum of input x weight, plus the bias.

    ``total`` (and ``product_total``, the sum before the bias) are the forward pass's own
    values when it gave them, so the explanation shows what the grid shows even where the
    sum overflowed (the matrix product and a loop can overflow to different infinities).
    """

    inputs: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    total: float
    product_total: float | None = None

    @property
    def products(self) -> tuple[float, ...]:
        return tuple(x * w for x, w in zip(self.inputs, self.weights))

    @property
    def partial(self) -> float:
        """inputs · weights, before the bias."""
        return self.total - self.bias if self.product_total is None else self.product_total

    @property
    def overflowed(self) -> bool:
        """Finite inputs, weights and bias that gave an infinite or nan sum."""
        given = (*self.inputs, *self.weights, self.bias)
        return all(math.isfinite(v) for v in given) and not (
            math.isfinite(self.total) and math.isfinite(self.partial)
        )

    def _terms(self, digits: int, max_terms: int | None) -> list[str]:
        xs, ws = self.inputs, self.weights
        return sum_terms(len(xs), lambda k: f"{format_number(xs[k], digits, point=True)} x {format_number(ws[k], digits, point=True)}",
                         max_terms)

    def _note(self, value: float) -> str:
        return OVERFLOW_NOTE if self.overflowed and not math.isfinite(value) else ""

    def text(self, digits: int = 6, max_terms: int | None = None) -> str:
        """``1.0 x 0.2 + 2.0 x 0.8 + 3.0 x -0.5 + 2.5 x 1.0 + 2.0 = 4.8``.

        With ``max_terms``, a long sum shows its first terms and says how many it skipped.
        """
        terms = [*self._terms(digits, max_terms), format_number(self.bias, digits, point=True)]
        return " + ".join(terms) + f" = {format_number(self.total, digits, point=True)}" + self._note(self.total)

    def products_text(self, digits: int = 6, max_terms: int | None = None) -> str:
        """The sum before the bias: ``1.0 x 0.2 + 2.0 x 0.8 = 1.8``."""
        terms = " + ".join(self._terms(digits, max_terms))
        return f"{terms} = {format_number(self.partial, digits, point=True)}" + self._note(self.partial)


def neuron_sum(inputs: Sequence[float] | np.ndarray, weights: Sequence[float] | np.ndarray, bias: float) -> NeuronSum:
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


def neuron_sum_in_layer(
    inputs: np.ndarray,
    weights: np.ndarray,
    biases: np.ndarray,
    sample: int,
    neuron: int,
    *,
    product: float | None = None,
    z: float | None = None,
) -> NeuronSum:
    """The sum behind output cell (sample, neuron) of a Dense layer (weights: n_inputs x n_neurons).

    ``product`` and ``z`` are the forward pass's values of that cell (a StepRecord's
    ``product`` and ``z``); given, they are the totals shown, so the words and the grid agree.
    """
    worked = neuron_sum(inputs[sample], weights[:, neuron], float(np.ravel(biases)[neuron]))
    return worked._replace(
        total=worked.total if z is None else float(z),
        product_total=None if product is None else float(product),
    )


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
    """What the activation did to one value (ReLU, sigmoid, none); softmax is a whole row: see softmax_stages."""

    name: str
    before: float
    after: float
    exp_negative: float | None = None  # sigmoid only: e^-z, the middle of 1 / (1 + e^-z)

    def text(self, digits: int = 6) -> str:
        b = format_number(self.before, digits)
        a = format_number(self.after, digits)
        if self.name == "relu":
            return f"ReLU: max(0, {b}) = {a}"
        if self.name == "sigmoid" and self.exp_negative is not None:
            # Three short lines: the explain panel is about 30 columns wide.
            e = format_number(self.exp_negative, digits)
            return f"sigmoid: 1 / (1 + e^-z)\n= 1 / (1 + e^-({b}))\n= 1 / (1 + {e}) = {a}"
        return f"no activation: output = {a}"


def activation_step(name: str, before: float, after: float | None = None) -> ActivationStep:
    """``after``: the forward pass's own output for this value, shown when given (so the
    words and the grid agree to the last digit, in float32 too)."""
    if name == "sigmoid":
        # e^-z overflows to inf for z below about -709: 1 / (1 + inf) is the 0 it should be.
        with np.errstate(over="ignore"):
            exp_negative = float(np.exp(-np.float64(before)))
        worked = 1.0 / (1.0 + exp_negative)
        return ActivationStep(name, float(before), worked if after is None else float(after), exp_negative)
    worked = max(0.0, before) if name == "relu" else before
    return ActivationStep(name, float(before), float(worked if after is None else after))


# The names Trace.loss_name gives them (engine.loss_choice).
BINARY_CROSSENTROPY, MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR = BINARY, SQUARED, ABSOLUTE


class OutputLoss(NamedTuple):
    """One output's share of a sample's loss, for the losses that score each output on its own.

    A sample's loss is the mean of its outputs' (the book's ``np.mean(..., axis=-1)``);
    with one output, as the book's chapters 16 and 17 have, it is this value.
    """

    kind: str  # BINARY_CROSSENTROPY, MEAN_SQUARED_ERROR or MEAN_ABSOLUTE_ERROR
    target: float  # y
    prediction: float  # the output, before any clipping
    clipped: float  # binary cross-entropy: clipped to [1e-7, 1 - 1e-7] so log(0) cannot happen
    loss: float

    def lines(self, digits: int = 4) -> list[str]:
        """The formula, then the same with the numbers, in lines of about 30 columns (the
        explain panel's): ``(y − ŷ)² = (0.5 − 0.3)² = 0.04``."""
        y = format_number(self.target, digits)
        p = format_number(self.prediction, digits)
        loss = format_number(self.loss, digits + 1)
        if self.kind == BINARY_CROSSENTROPY:
            # A clipped value is shown whole (0.9999999): rounded, it would read as the 1 it replaced.
            clip_digits = digits if self.clipped == self.prediction else 8
            c = format_number(self.clipped, clip_digits)
            q = format_number(1.0 - self.clipped, clip_digits)
            w = format_number(1.0 - self.target, digits)
            clipped = f" (clipped from {p})" if self.clipped != self.prediction else ""
            return [
                "−(y·log(p) + (1−y)·log(1−p))",
                f"y = {y}, p = {c}{clipped}",
                f"= −({y}·log({c}) + {w}·log({q}))",
                f"= {loss}",
            ]
        if self.kind == MEAN_SQUARED_ERROR:
            return [f"(y − ŷ)² = ({y} − {p})² = {loss}"]
        return [f"|y − ŷ| = |{y} − {p}| = {loss}"]


def output_loss(kind: str, prediction: float, target: float) -> OutputLoss:
    """Binary cross-entropy, squared error or absolute error of one output, term by term."""
    p, y = float(prediction), float(target)
    if kind == BINARY_CROSSENTROPY:
        clipped = min(max(p, CLIP), 1 - CLIP)
        return OutputLoss(kind, y, p, clipped, -(y * math.log(clipped) + (1 - y) * math.log(1 - clipped)))
    if kind == MEAN_SQUARED_ERROR:
        return OutputLoss(kind, y, p, p, (y - p) ** 2)
    if kind == MEAN_ABSOLUTE_ERROR:
        return OutputLoss(kind, y, p, p, abs(y - p))
    raise ValueError(f'no per-output loss called "{kind}": choose {BINARY_CROSSENTROPY}, '
                     f"{MEAN_SQUARED_ERROR} or {MEAN_ABSOLUTE_ERROR}")


DROPOUT_EXAMPLE_SEED = 0


class DropoutExample(NamedTuple):
    """What a Dropout of ``rate`` would do to one sample's row, with one example mask.

    The mask is drawn for the whole batch as the book's ``Layer_Dropout`` draws it,
    ``np.random.binomial(1, 1 - rate, size=inputs.shape)``, from a generator seeded with
    ``seed``: ``np.random.seed(seed)`` then that line gives the same mask. Kept values are
    divided by ``1 - rate`` (inverted dropout), so the sum's expected size is unchanged.
    """

    rate: float
    seed: int
    values: np.ndarray  # the sample's row, as the forward pass gives it
    mask: np.ndarray  # 0 or 1 per value: 1 keeps it
    output: np.ndarray  # values * mask / (1 - rate)

    @property
    def kept(self) -> int:
        return int(np.sum(self.mask))


def dropout_example(outputs: np.ndarray, sample: int, rate: float, seed: int = DROPOUT_EXAMPLE_SEED) -> DropoutExample:
    rate = checked_rate(rate)
    batch = np.atleast_2d(outputs)
    # A generator of its own: an explanation never moves NumPy's global one (training draws
    # from it). The draws fill the batch's mask row by row, so the rows up to ``sample`` are
    # the whole mask's first rows: drawing only those gives the same row, for less.
    scaled = dropout_mask((sample + 1, batch.shape[1]), rate, np.random.RandomState(seed))[sample]
    values = np.asarray(batch[sample], dtype=np.float64)
    # The book's ``inputs * binary_mask``, whose mask is already divided by 1 - rate.
    return DropoutExample(rate, seed, values, (scaled > 0).astype(np.int64), values * scaled)
