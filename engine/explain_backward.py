"""One cell of a backward stage worked out with its own numbers, and proved by a numerical check.

Data for the UI to lay out, as engine.explain is for the forward pass: each record keeps the
numbers its cell is computed from and the engine's own value of the cell (``value``, what the
grid shows), ``worked()`` does the arithmetic again by hand, and ``lines()`` says it in short
lines (the explain panel is about 30 columns wide). Stages are named as the document's step
mode names them (tui.document.core.BACKWARD_STAGES); ``layer`` is 1-based, as the panels number
layers. The matrix a stage shows is ``stage_matrix``; cells are (row, column) of it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from engine.backward import MASK_SEED, BackwardTrace, CellCheck, LayerGradients, check_cell
from engine.explain import OutputLoss, SampleLoss, output_loss, sample_loss, sum_terms
from engine.layers import l1_direction
from engine.loss_choice import BINARY, CATEGORICAL, SQUARED
from engine.losses import CLIP, one_hot_targets
from engine.network import Network
from engine.numbers import exact_number, format_number, format_row

DIGITS = 4  # a term's significant digits: a sum of them must wrap into few of the panel's lines
VALUE_DIGITS = 6  # a result's: what the grid shows
AGREE = 1e-6  # the relative difference under which a check agrees (float64)
AGREE_FLOAT32 = 1e-4  # float32 keeps about 7 digits: its analytic values agree to about 1e-5
# A float32 sum is rounded to about 1e-7 of the size of its terms, not of its result: where
# large terms cancel to a small cell, the difference is judged against the terms' size.
AGREE_FLOAT32_TERMS = 1e-5


def _n(value: float, digits: int = DIGITS) -> str:
    return format_number(value, digits)


def _factor(value: float, after: bool, point: bool = True) -> str:
    """A number in a product: a negative one after a ``·`` in brackets (``0.2·(-0.5)``)."""
    text = format_number(value, DIGITS, point=point)
    return f"({text})" if after and text.startswith("-") else text


def inputs_name(layer: int) -> str:
    """What layer ``layer``'s inputs are called: X's values, or the layer before's output a(L-1)."""
    return "x" if layer == 1 else f"a{layer - 1}"


def stage_matrix(backward: BackwardTrace, layer: int, stage: str) -> np.ndarray:
    """The matrix a backward stage shows (its cells are what ``explain_cell`` explains)."""
    gradients = backward.layer(layer)
    if stage == "loss":
        return np.atleast_2d(backward.output)
    if stage == "dvalues":
        return gradients.dvalues
    if stage == "dropout":
        return gradients.dactivation
    if stage == "dz":
        return gradients.dz
    if stage == "dweights":
        return gradients.dweights_data if gradients.regularized else gradients.dweights
    if stage == "dbiases":
        return np.atleast_2d(gradients.dbiases_data if gradients.regularized else gradients.dbiases)
    if stage == "regularization":
        return gradients.dweights
    if stage == "dinputs":
        return gradients.dinputs
    raise ValueError(f"no backward stage called {stage!r}")


def check_matrix(stage: str, gradients: LayerGradients) -> str | None:
    """The engine.backward.CHECKABLE matrix a stage's cell is checked in; None for the loss.
    A regularised layer's dweights and dbiases stages show the data part (the regularisation
    stage adds the rest), so they are checked against the data loss alone."""
    data = "_data" if gradients.regularized else ""
    return {
        "dvalues": "dvalues", "dropout": "dactivation", "dz": "dz", "dweights": "dweights" + data,
        "dbiases": "dbiases" + data, "regularization": "dweights", "dinputs": "dinputs",
    }.get(stage)


class GradientSum(NamedTuple):
    """A gradient cell as a sum of products over samples or neurons:
    ``dW[i, n] = Σ_s x[s,i]·dz[s,n]``, ``db[0, n] = Σ_s dz[s,n]``, ``dinputs[s, i] = Σ_n dz[s,n]·Wᵀ[n,i]``."""

    cell: str  # "dW1[2, 0]"
    over: str  # what the sum runs over: "samples" or "neurons"
    symbols: tuple[str, ...]  # each factor's name, "{k}" where the summed index goes
    factors: tuple[np.ndarray, ...]  # each factor's numbers, one per k
    value: float  # the cell as the engine computed it

    @property
    def size(self) -> int:
        return len(self.factors[0])

    def magnitude(self) -> float:
        """Σ|term|: the size of what was summed (a float32 sum is rounded to about 1e-7 of it)."""
        products = np.prod(np.stack([np.asarray(f, dtype=np.float64) for f in self.factors]), axis=0)
        return float(np.sum(np.abs(products)))

    def worked(self) -> float:
        """The sum by a loop, term by term, in float64."""
        total = 0.0
        for k in range(self.size):
            term = 1.0
            for factor in self.factors:
                term *= float(factor[k])
            total += term
        return total

    def lines(self, max_terms: int | None = None) -> list[str]:
        """``dW1[2, 0] = x[0,2]·dz1[0,0] + …``, then the same with the numbers, then the cell."""
        symbolic = sum_terms(self.size, lambda k: "·".join(s.format(k=k) for s in self.symbols), max_terms)
        numbers = sum_terms(self.size, lambda k: "·".join(_factor(f[k], i > 0) for i, f in enumerate(self.factors)), max_terms)
        return [
            f"{self.cell} = Σ over the {self.size} {self.over}",
            "= " + " + ".join(symbolic),
            "= " + " + ".join(numbers),
            f"= {_n(self.value, VALUE_DIGITS)}",
        ]


def dweights_sum(backward: BackwardTrace, layer: int, row: int, column: int) -> GradientSum:
    """``dW[i, n] = Σ_s inputs[s, i] · dz[s, n]``: the column of the inputs against the column of dz."""
    g = backward.layer(layer)
    name = inputs_name(layer)
    value = stage_matrix(backward, layer, "dweights")[row, column]
    return GradientSum(f"dW{layer}[{row}, {column}]", "samples", (f"{name}[{{k}},{row}]", f"dz{layer}[{{k}},{column}]"),
                       (g.inputs[:, row], g.dz[:, column]), float(value))


def dbiases_sum(backward: BackwardTrace, layer: int, column: int) -> GradientSum:
    """``db[0, n] = Σ_s dz[s, n]``: the column sum of dz."""
    g = backward.layer(layer)
    value = stage_matrix(backward, layer, "dbiases")[0, column]
    return GradientSum(f"db{layer}[0, {column}]", "samples", (f"dz{layer}[{{k}},{column}]",), (g.dz[:, column],), float(value))


def dinputs_sum(network: Network, backward: BackwardTrace, layer: int, row: int, column: int) -> GradientSum:
    """``dinputs[s, i] = Σ_n dz[s, n] · Wᵀ[n, i]``: the row of dz against the column of Wᵀ."""
    g = backward.layer(layer)
    weights = network.steps[layer - 1].dense.weights
    return GradientSum(f"dinputs[{row}, {column}]", "neurons", (f"dz{layer}[{row},{{k}}]", f"W{layer}ᵀ[{{k}},{column}]"),
                       (g.dz[row], weights[column]), float(g.dinputs[row, column]))


class LossCell(NamedTuple):
    """One sample's loss worked out (engine.explain's own), and the batch's mean."""

    sample: int
    categorical: SampleLoss | None  # categorical cross-entropy with a label
    per_output: OutputLoss | None  # binary cross-entropy, squared or absolute error of the cell's output
    outputs: int
    sample_loss: float  # the engine's
    mean: float
    samples: int
    regularization: float

    def lines(self) -> list[str]:
        lines = [f"loss of sample {self.sample}:"]
        if self.categorical is not None:
            c = self.categorical
            lines.append(f"label {c.label}, confidence {_n(c.confidence)} → −log({_n(c.clipped)}) = {_n(c.loss, 5)}")
        if self.per_output is not None:
            lines += self.per_output.lines()
            if self.outputs > 1:
                lines.append(f"the mean over its {self.outputs} outputs = {_n(self.sample_loss, 5)}")
        lines.append(f"mean over the {self.samples} samples = {_n(self.mean, VALUE_DIGITS)}")
        if self.regularization:
            total = self.mean + self.regularization
            lines.append(f"+ regularisation {_n(self.regularization, 5)} = {_n(total, VALUE_DIGITS)}")
        return lines


def loss_cell(backward: BackwardTrace, sample: int, column: int) -> LossCell:
    output = np.atleast_2d(backward.output)
    categorical = per_output = None
    if backward.loss_name == CATEGORICAL:
        targets = one_hot_targets(backward.labels, output)
        categorical = sample_loss(output[sample], int(np.argmax(targets[sample])))
    else:
        targets = np.asarray(backward.labels, dtype=np.float64).reshape(len(output), -1)
        per_output = output_loss(backward.loss_name, float(output[sample, column]), float(targets[sample, column]))
    return LossCell(sample, categorical, per_output, output.shape[1], float(backward.sample_losses[sample]),
                    backward.loss, len(output), backward.regularization)


class LossGradient(NamedTuple):
    """One cell of the loss's gradient ``dvalues``: d mean loss / d the output (or, combined
    with softmax, d mean loss / d z), divided by the samples (and outputs) as the book does."""

    kind: str  # CATEGORICAL, BINARY, SQUARED or ABSOLUTE (engine.loss_choice)
    fused: bool  # softmax + categorical cross-entropy as one step: (p − y) / samples
    sample: int
    column: int
    prediction: float  # p, or ŷ
    target: float  # y: the one-hot entry for a label
    label: int | None  # the sample's class, when the targets are labels
    targets: tuple[float, ...]  # the sample's row of y
    samples: int
    outputs: int
    value: float  # the engine's

    def worked(self) -> float:
        p, y, n, o = self.prediction, self.target, self.samples, self.outputs
        if self.fused:
            return (p - y) / n
        if self.kind == CATEGORICAL:
            return -y / min(max(p, CLIP), 1 - CLIP) / n
        if self.kind == BINARY:
            c = min(max(p, CLIP), 1 - CLIP)
            return -(y / c - (1 - y) / (1 - c)) / o / n
        if self.kind == SQUARED:
            return -2 * (y - p) / o / n
        return float(np.sign(p - y)) / o / n

    def lines(self) -> list[str]:
        # A number taken away or divided by is bracketed when negative: (0.5 − (-0.2)).
        p, y, n, o = _factor(self.prediction, True, False), _factor(self.target, True, False), self.samples, self.outputs
        cell = f"dvalues[{self.sample}, {self.column}]"
        value = _n(self.value, VALUE_DIGITS)
        if self.label is not None:
            said = [f"label {self.label}: y = {format_row(self.targets)} (one-hot)"]
        else:  # a row of targets given as such (one-hot or probabilities), or one output's
            said = [f"y = {format_row(self.targets)}"] if self.kind == CATEGORICAL else []
        if self.fused:
            return ["softmax + cross-entropy as one step:", f"{cell} = (p − y) / samples", *said,
                    f"= ({p} − {y}) / {n}", f"= {value}"]
        if self.kind == CATEGORICAL:
            return [f"{cell} = −y / p / samples", *said, f"= −{y} / {p} / {n}", f"= {value}"]
        if self.kind == BINARY:
            c = min(max(self.prediction, CLIP), 1 - CLIP)
            clipped = f" (clipped from {p})" if c != self.prediction else ""
            # A clipped value is shown whole (0.9999999): rounded, it would read as the 1 it replaced.
            return [f"{cell} = −(y/p − (1−y)/(1−p)) / outputs / samples", f"y = {y}, p = {_n(c, 8 if clipped else DIGITS)}{clipped}",
                    f"= −({y}/{_n(c)} − {_n(1 - self.target)}/{_n(1 - c)}) / {o} / {n}", f"= {value}"]
        if self.kind == SQUARED:
            return [f"{cell} = −2·(y − ŷ) / outputs / samples", f"= −2·({y} − {p}) / {o} / {n}", f"= {value}"]
        return [f"{cell} = sign(ŷ − y) / outputs / samples", f"= sign({p} − {y}) / {o} / {n}", f"= {value}"]


def loss_gradient(backward: BackwardTrace, sample: int, column: int) -> LossGradient:
    gradients = backward.layers[-1]
    output = np.atleast_2d(backward.output)
    if backward.loss_name == CATEGORICAL:
        targets = one_hot_targets(backward.labels, output)
        labels = np.asarray(backward.labels)
        label = int(labels[sample]) if labels.ndim == 1 else None
    else:
        targets = np.asarray(backward.labels, dtype=np.float64).reshape(len(output), -1)
        label = None
    row = tuple(float(t) for t in targets[sample])
    return LossGradient(backward.loss_name, gradients.fused, sample, column, float(output[sample, column]),
                        row[column], label, row, output.shape[0], output.shape[1],
                        float(gradients.dvalues[sample, column]))


class ActivationGradient(NamedTuple):
    """One cell of dz: the gradient through the activation, ``d loss / d z``."""

    activation: str
    cell: str  # "dz1[0, 2]"
    column: int
    z: float
    dvalues: tuple[float, ...]  # the sample's row of d loss / d the activation's output
    outputs: tuple[float, ...]  # the sample's row of the activation's output (s)
    value: float  # the engine's

    def weighted(self) -> float:
        """Softmax's ``Σ_k dvalues_k · s_k`` over the sample's row."""
        return sum(d * s for d, s in zip(self.dvalues, self.outputs))

    def worked(self) -> float:
        d, s = self.dvalues[self.column], self.outputs[self.column]
        if self.activation == "relu":
            return d if self.z > 0 else 0.0
        if self.activation == "sigmoid":
            return d * s * (1 - s)
        if self.activation == "softmax":
            return s * (d - self.weighted())
        return d

    def lines(self, max_terms: int | None = None) -> list[str]:
        j = self.column
        d, s, value = _n(self.dvalues[j]), _n(self.outputs[j]), _n(self.value, VALUE_DIGITS)
        if self.activation == "relu":
            if self.z > 0:
                return [f"ReLU: z = {_n(self.z)} > 0, so the gradient passes as it came:", f"{self.cell} = dvalues = {value}"]
            return [f"z = {_n(self.z)} ≤ 0: ReLU passed nothing forward, so nothing comes back:",
                    f"{self.cell} = 0 (dvalues there: {d})"]
        if self.activation == "sigmoid":
            # The matrices multiply element by element (⊙), so the cell is a product of numbers (·).
            matrix = self.cell.split("[")[0]
            return [f"sigmoid: {matrix} = dvalues ⊙ s ⊙ (1 − s), element by element:",
                    f"{self.cell} = {d} · {s} · (1 − {s})", f"= {value}"]
        if self.activation == "softmax":
            terms = sum_terms(len(self.outputs), lambda k: f"{_n(self.dvalues[k])}·{_n(self.outputs[k])}", max_terms)
            weighted = _n(self.weighted())
            return [f"softmax's Jacobian row: {self.cell} = s_j · (dvalues_j − Σ_k dvalues_k·s_k)",
                    f"Σ_k = {' + '.join(terms)} = {weighted}", f"= {s} · ({d} − {weighted})", f"= {value}"]
        return [f"a linear activation passes the gradient on: {self.cell} = dvalues = {value}"]


def activation_gradient(backward: BackwardTrace, layer: int, sample: int, column: int) -> ActivationGradient:
    g = backward.layer(layer)
    return ActivationGradient(g.activation, f"dz{layer}[{sample}, {column}]", column, float(g.z[sample, column]),
                              tuple(float(v) for v in g.dactivation[sample]), tuple(float(v) for v in g.activated[sample]),
                              float(g.dz[sample, column]))


class DropoutGradient(NamedTuple):
    """One cell through dropout: ``dvalues ⊙ mask`` (element by element), the mask 0 or 1 / (1 − rate)."""

    cell: str
    dvalue: float
    mask: float
    rate: float
    value: float  # the engine's

    def worked(self) -> float:
        return self.dvalue * self.mask

    def lines(self) -> list[str]:
        kept = _n(1 / (1 - self.rate))
        return [
            f"{self.cell.split('[')[0]} = dvalues ⊙ mask, element by element:",
            f"{self.cell} = {_n(self.dvalue)} · {_n(self.mask)} = {_n(self.value, VALUE_DIGITS)}",
            f"mask: 0 where dropout {exact_number(self.rate)} dropped the value, 1 / (1 − {exact_number(self.rate)}) = {kept} "
            "where it kept it: a dropped value sent nothing on, so nothing comes back.",
            f"The mask is drawn once (seed {MASK_SEED}), so the numbers hold still while you step; "
            "training draws a new one every pass.",
        ]


def dropout_gradient(network: Network, backward: BackwardTrace, layer: int, sample: int, column: int) -> DropoutGradient:
    g = backward.layer(layer)
    mask = 1.0 if g.mask is None else float(g.mask[sample, column])
    return DropoutGradient(f"dropout's dinputs[{sample}, {column}]", float(g.dvalues[sample, column]), mask,
                           network.steps[layer - 1].dropout, float(g.dactivation[sample, column]))


class RegularizationTerm(NamedTuple):
    """What L1/L2 add to one parameter's gradient: ``λ1·sign(p) + 2·λ2·p``, on top of the data part."""

    cell: str  # "dW1[0, 2]" or "db1[0, 2]"
    parameter: float  # w or b
    l1: float
    l2: float
    data: float  # the data part of the gradient
    value: float  # data + term, the engine's

    @property
    def symbol(self) -> str:
        return "w" if self.cell.startswith("dW") else "b"

    def term(self) -> float:
        sign = float(l1_direction(np.array([self.parameter]))[0])
        return (self.l1 * sign if self.l1 > 0 else 0.0) + (2 * self.l2 * self.parameter if self.l2 > 0 else 0.0)

    def worked(self) -> float:
        return self.data + self.term()

    def lines(self) -> list[str]:
        w = self.symbol
        lines = [f"{self.cell}: {w} = {_n(self.parameter)}"]
        if self.l1 == 0 and self.l2 == 0:
            return [*lines, f"no regularisation here: {self.cell} = the data part {_n(self.value, VALUE_DIGITS)}"]
        if self.l2 > 0:
            lines.append(f"L2: 2·λ·{w} = 2·{exact_number(self.l2)}·{_n(self.parameter)} = {_n(2 * self.l2 * self.parameter)}")
        if self.l1 > 0 and self.parameter == 0:
            # sign(0) is 0; the book's dL1 takes +1 there, and the cell must not read as sign(0) = 1.
            lines += [f"L1 at {w} = 0, where |{w}| has no derivative: the book takes +1 for sign({w})",
                      f"λ·(+1) = {exact_number(self.l1)}·1 = {_n(self.l1)}"]
        elif self.l1 > 0:
            sign = float(l1_direction(np.array([self.parameter]))[0])
            lines.append(f"L1: λ·sign({w}) = {exact_number(self.l1)}·{_factor(sign, True, False)} = {_n(self.l1 * sign)}")
        lines.append(f"data {_n(self.data)} + {_n(self.term())} = {_n(self.value, VALUE_DIGITS)}")
        return lines


def regularization_terms(network: Network, backward: BackwardTrace, layer: int, row: int, column: int) -> list[RegularizationTerm]:
    """The weight's term, and the bias of its neuron's when the biases are regularised too."""
    g = backward.layer(layer)
    dense = network.steps[layer - 1].dense
    terms = [RegularizationTerm(f"dW{layer}[{row}, {column}]", float(dense.weights[row, column]),
                                dense.weight_regularizer_l1, dense.weight_regularizer_l2,
                                float(g.dweights_data[row, column]), float(g.dweights[row, column]))]
    if g.dbiases_regularization is not None:
        terms.append(RegularizationTerm(f"db{layer}[0, {column}]", float(np.ravel(dense.biases)[column]),
                                        dense.bias_regularizer_l1, dense.bias_regularizer_l2,
                                        float(np.ravel(g.dbiases_data)[column]), float(np.ravel(g.dbiases)[column])))
    return terms


StageCell = GradientSum | LossCell | LossGradient | ActivationGradient | DropoutGradient | list[RegularizationTerm]


def explain_cell(network: Network, backward: BackwardTrace, layer: int, stage: str, row: int, column: int) -> StageCell:
    """The record that works out cell (row, column) of ``stage_matrix(backward, layer, stage)``."""
    if stage == "loss":
        return loss_cell(backward, row, column)
    if stage == "dvalues":
        return loss_gradient(backward, row, column)
    if stage == "dropout":
        return dropout_gradient(network, backward, layer, row, column)
    if stage == "dz":
        return activation_gradient(backward, layer, row, column)
    if stage == "dweights":
        return dweights_sum(backward, layer, row, column)
    if stage == "dbiases":
        return dbiases_sum(backward, layer, column)
    if stage == "regularization":
        return regularization_terms(network, backward, layer, row, column)
    if stage == "dinputs":
        return dinputs_sum(network, backward, layer, row, column)
    raise ValueError(f"no backward stage called {stage!r}")


# What the nudged number is called in the check's formula, per checked matrix.
_NUDGED = {"dweights": "w", "dweights_data": "w", "dbiases": "b", "dbiases_data": "b", "dz": "z",
           "dactivation": "a", "dvalues": "ŷ", "dinputs": "x"}


class NumericalCheck(NamedTuple):
    """A cell's analytic value beside the central difference of the loss (engine.backward.check_cell)."""

    check: CellCheck
    nudged: str  # the number nudged: w, b, z, a, ŷ or x
    data_only: bool  # checked against the data loss alone (a regularised layer's data part)
    float32: bool  # the analytic values were computed in float32 (the nnfs mode)
    terms: float = 0.0  # Σ|term| when the cell is a sum (dW, db, dinputs), else 0

    @property
    def cancelled(self) -> bool:
        """A float32 sum whose terms cancelled: the difference is float32's rounding of the terms."""
        difference = abs(self.check.analytic - self.check.numerical)
        return self.float32 and difference < AGREE_FLOAT32_TERMS * self.terms

    @property
    def agrees(self) -> bool:
        return self.check.relative < (AGREE_FLOAT32 if self.float32 else AGREE) or self.cancelled

    def kinks(self) -> list[str]:
        """The kinks the nudge crossed, each with the derivative the book takes there."""
        c, v = self.check, self.nudged
        relu = c.kinks - c.l1_kinks
        said = [f"ReLU's kink at z = 0 ({relu} {'time' if relu == 1 else 'times'}), where ReLU has no derivative "
                "(the book takes 0)"] if relu else []
        if c.l1_kinks:
            said.append(f"L1's kink at {v} = 0, where |{v}| has no derivative (the book takes +1)")
        return said

    def lines(self) -> list[str]:
        c, v = self.check, self.nudged
        loss = "the data loss" if self.data_only else "the loss"
        lines = [
            f"numerical check: nudge {v} by h = {exact_number(c.h)} and watch {loss}:",
            f"(L({v} + h) − L({v} − h)) / 2h = {_n(c.numerical, 8)}",
            f"analytic {_n(c.analytic, 8)}",
            f"relative difference {c.relative:.1e}" if c.relative else "relative difference 0",
        ]
        if c.kinks:
            lines.append(f"The nudge crossed {' and '.join(self.kinks())}: there the two need not agree.")
        if c.clipped:
            lines.append(f"The loss clips {c.clipped} {'prediction' if c.clipped == 1 else 'predictions'} to 1e-7 "
                         "(or 1 − 1e-7), so it is flat there: the two can part.")
        if self.check.relative < AGREE:
            lines.append("✓ they agree.")
        elif self.float32 and self.check.relative < AGREE_FLOAT32:
            lines.append("✓ they agree as closely as float32 allows: the analytic values are float32 "
                         "(about 7 digits), so about 1e-5 is as close as they get.")
        elif self.cancelled:
            lines.append(f"✓ they agree as closely as float32 allows: the cell is a sum whose terms cancel "
                         f"(Σ|term| = {_n(self.terms)}), and float32 rounds the sum to about 7 digits of that.")
        elif not (c.kinks or c.clipped):
            lines.append("✗ they differ.")
        return lines


def numerical_check(network: Network, backward: BackwardTrace, layer: int, stage: str, row: int, column: int) -> NumericalCheck | None:
    """``check_cell`` for a stage's cell; None for the loss, which has no gradient cell."""
    gradients = backward.layer(layer)
    matrix = check_matrix(stage, gradients)
    if matrix is None:
        return None
    check = check_cell(network, backward, layer, matrix, row, column)
    # The pass ran in float32 when the network's numbers are (the nnfs mode), whatever dtype a
    # loss's gradient came out in (binary cross-entropy's is float64 from float32 outputs).
    float32 = any(step.dense.weights.dtype == np.float32 for step in network.steps) or gradients.inputs.dtype == np.float32
    nudged = "z" if gradients.fused and matrix in ("dvalues", "dactivation") else _NUDGED[matrix]  # the combined gradient's
    return NumericalCheck(check, nudged, matrix.endswith("_data"), float32, _terms_size(network, backward, layer, stage, row, column))


def _terms_size(network: Network, backward: BackwardTrace, layer: int, stage: str, row: int, column: int) -> float:
    """Σ|term| of a cell that is a sum (its float32 rounding is about 1e-7 of this); 0 for the others."""
    if stage in ("dweights", "regularization"):
        worked = dweights_sum(backward, layer, row, column)
    elif stage == "dbiases":
        worked = dbiases_sum(backward, layer, column)
    elif stage == "dinputs":
        worked = dinputs_sum(network, backward, layer, row, column)
    else:
        return 0.0
    return worked.magnitude()

