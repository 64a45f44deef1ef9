"""The backward pass as data: every gradient of one pass, layer by layer, for the workbench to show.

The book's chapter 9 runs the chain rule backwards through the network: the loss's gradient
(``dvalues``), then for each layer from the last, through its dropout (the mask), through its
activation (``dz``: ReLU's mask, sigmoid's ``s·(1 − s)``, softmax's Jacobian), then
``dweights = inputs.T @ dz``, ``dbiases = sum(dz, axis=0, keepdims=True)`` and
``dinputs = dz @ weights.T``, the layer before's ``dvalues``. ``backward_trace`` records every
one of those matrices, computed by the engine's own ``backward`` methods (the classes the
Trainer and ``engine.book`` use), so each equals what training computes, and in the nnfs
mode the book's chapter 9 digits.

Softmax followed by categorical cross-entropy is taken as the book's combined step: its
gradient with respect to z is ``(softmax − one_hot) / samples``, and the last layer's
``dvalues``, ``dactivation`` and ``dz`` are all that one matrix (``fused``).

A layer with dropout (chapter 15) drops values in a training pass only. The pass this module
differentiates is that training pass, with each mask drawn from a generator of its own seeded
with ``mask_seed`` (the explain panel's example mask): the same masks every time, so the
numbers hold still while the learner steps, and the numerical check nudges the same function.
Its loss then differs from the forward trace's (the network as it predicts): ``dropped`` says so.

``check_cell`` proves one number: the central difference ``(L(x + h) − L(x − h)) / 2h`` of the
loss for the weight, bias or activation the number is the gradient of, in float64, beside the
analytic value.
"""

from __future__ import annotations

import copy
from typing import NamedTuple

import numpy as np

from engine.activations import Activation, activation_named
from engine.column_losses import ColumnLoss
from engine.dropout import Dropout, dropout_mask
from engine.layers import l1_direction
from engine.loss_choice import BINARY, CATEGORICAL, loss_named
from engine.losses import CLIP, CategoricalCrossentropy, SoftmaxCategoricalCrossentropy, regularization_loss
from engine.network import Network, Trace
from engine.precision import matmul

MASK_SEED = 0  # the explain panel's example mask (engine.explain.DROPOUT_EXAMPLE_SEED)
CHECK_STEP = 1e-6

# The matrices of a layer's gradients a cell can be checked in, and the point of the forward
# pass each is the derivative of the loss with respect to.
CHECKABLE = ("dvalues", "dactivation", "dz", "dweights", "dweights_data", "dbiases", "dbiases_data", "dinputs")


class LayerGradients(NamedTuple):
    """One layer's part of the backward pass, in the order it is computed."""

    layer: int  # 1-based
    activation: str
    dvalues: np.ndarray  # d loss / d this layer's output, as the layer after (or the loss) sends it back
    mask: np.ndarray | None  # dropout's mask: 0 where dropped, 1 / (1 - rate) where kept; None without dropout
    dactivation: np.ndarray  # d loss / d the activation's output: dvalues * mask (dvalues itself without dropout)
    dz: np.ndarray  # d loss / d z, through the activation (the combined gradient when ``fused``)
    fused: bool  # dz is the combined softmax + cross-entropy gradient (p - y) / samples
    dweights_data: np.ndarray  # inputs.T @ dz
    dbiases_data: np.ndarray  # the column sums of dz
    dweights_regularization: np.ndarray | None  # l1 * sign(w) + 2 * l2 * w; None when both are off
    dbiases_regularization: np.ndarray | None  # the same for the biases
    dweights: np.ndarray  # data + regularisation: what Dense.backward sets
    dbiases: np.ndarray
    dinputs: np.ndarray  # dz @ weights.T: d loss / d this layer's inputs (the layer before's dvalues, or X's)
    inputs: np.ndarray  # this layer's inputs in the pass (the previous output after its dropout, or X)
    z: np.ndarray
    activated: np.ndarray  # the activation's output, before any dropout

    @property
    def regularized(self) -> bool:
        return self.dweights_regularization is not None or self.dbiases_regularization is not None

    @property
    def relu_mask(self) -> np.ndarray | None:
        """ReLU's derivative as 0/1: 1 where z > 0 (the gradient passes), 0 where z <= 0; None for other activations."""
        return (self.z > 0).astype(np.int8) if self.activation == "relu" else None


class BackwardTrace(NamedTuple):
    """The backward pass of a whole network over one batch (see the module's docstring)."""

    loss_name: str
    labels: np.ndarray  # as the loss reads them: class indices, or a (samples, outputs) matrix of targets
    output: np.ndarray  # the network's output in the pass differentiated
    sample_losses: np.ndarray
    loss: float  # the mean data loss of this pass
    regularization: float  # what the layers' L1/L2 add to it
    fused: bool
    layers: tuple[LayerGradients, ...]  # layer 1 first
    dropped: bool  # dropout dropped values in this pass, so its loss is not the forward trace's

    @property
    def dvalues(self) -> np.ndarray:
        """The loss's gradient: d loss / d the network's output, or for ``fused`` d loss / d z of the last layer."""
        return self.layers[-1].dvalues

    @property
    def total_loss(self) -> float:
        return self.loss + self.regularization

    def layer(self, number: int) -> LayerGradients:
        """Layer ``number`` (1-based), as the panels number them."""
        return self.layers[number - 1]

    def squared_gradient(self) -> float:
        """``Σ dw² + Σ db²`` over every parameter: a step of ``lr`` lowers the loss by about ``lr`` times this."""
        return float(sum(np.sum(np.square(g.dweights, dtype=np.float64)) + np.sum(np.square(g.dbiases, dtype=np.float64))
                         for g in self.layers))

    def predicted_loss(self, learning_rate: float) -> float:
        """The loss after one step of gradient descent, to first order: ``L − lr · Σ dw²``."""
        return self.total_loss - learning_rate * self.squared_gradient()


class CellCheck(NamedTuple):
    """One gradient number beside its central difference."""

    analytic: float
    numerical: float
    relative: float  # |a − n| / max(|a|, |n|); 0 when both are 0, to within what the difference resolves (``_resolution``)
    h: float
    # Every kink the nudge crossed: ReLU inputs it moved across 0, where ReLU has no derivative
    # (the book takes 0), and an L1-regularised parameter it moved across 0 (``l1_kinks``)
    kinks: int
    clipped: int  # nudged samples whose prediction the loss clips to [1e-7, 1 − 1e-7]: flat there, so the two can part
    regularized: bool  # the loss nudged includes the layers' regularisation
    # Of ``kinks``, the L1 one (0 or 1): the parameter crossed 0, where |w| has no derivative
    # (the book takes +1); the text names which kink made the two part
    l1_kinks: int = 0


class _Pass(NamedTuple):
    inputs: list[np.ndarray]
    z: list[np.ndarray]
    activated: list[np.ndarray]
    output: list[np.ndarray]
    masks: list[np.ndarray | None]


def backward_trace(network: Network, trace: Trace, mask_seed: int = MASK_SEED) -> BackwardTrace | None:
    """Every gradient of ``trace``'s pass through ``network`` (its forward trace), or None when
    there is no loss to differentiate: no labels, an output no loss scores (ReLU), a shape
    mistake or an overflow. The network is not changed."""
    steps = network.steps
    if (trace.loss_name is None or trace.labels is None or trace.loss is None or not trace.ok
            or not steps or len(trace.records) != len(steps)):
        return None
    dropped = any(step.dropout for step in steps)
    forward = _training_pass(network, trace, mask_seed) if dropped else _Pass(
        [r.inputs for r in trace.records], [r.z for r in trace.records], [r.output for r in trace.records],
        [r.output for r in trace.records], [None] * len(steps))
    last = len(steps) - 1
    labels = trace.labels
    loss = loss_named(trace.loss_name)
    output = forward.output[-1]
    fused = trace.loss_name == CATEGORICAL and steps[-1].activation.name == "softmax" and not steps[-1].dropout
    if dropped:
        sample_losses = _sample_losses(loss, output, labels)
    else:
        assert trace.sample_losses is not None
        sample_losses = trace.sample_losses
    if fused:
        dvalues = SoftmaxCategoricalCrossentropy().backward(forward.activated[-1], labels)
    else:
        # 0/1 targets held as whole numbers meet the predictions as the book's uint8 ``y`` does, in
        # the predictions' dtype: int64 would make the nnfs mode's float32 gradient float64.
        targets = labels if labels.dtype.kind == "f" or isinstance(loss, CategoricalCrossentropy) else labels.astype(output.dtype)
        dvalues = loss.backward(output, targets)
    layers: list[LayerGradients] = []
    for index in range(last, -1, -1):
        step = steps[index]
        mask = forward.masks[index]
        if index == last and fused:
            dactivation = dz = dvalues
        else:
            dactivation = _through_dropout(step.dropout, forward.activated[index], mask, dvalues)
            dz = _activation_backward(step.activation, forward.z[index], forward.activated[index], dactivation)
        dense = copy.copy(step.dense)  # shares the arrays; only the copy is given this pass's inputs
        dense.inputs = forward.inputs[index]
        dinputs = dense.backward(dz)
        assert dense.dweights is not None and dense.dbiases is not None
        data_w = matmul(dense.inputs.T, dz)
        data_b = np.sum(dz, axis=0, keepdims=True)
        reg_w = _regularization_term(dense.weights, dense.weight_regularizer_l1, dense.weight_regularizer_l2)
        reg_b = _regularization_term(dense.biases.reshape(1, -1), dense.bias_regularizer_l1, dense.bias_regularizer_l2)
        layers.append(LayerGradients(
            index + 1, step.activation.name, dvalues, mask, dactivation, dz, index == last and fused,
            data_w, data_b, reg_w, reg_b, dense.dweights, dense.dbiases, dinputs,
            forward.inputs[index], forward.z[index], forward.activated[index]))
        dvalues = dinputs
    regularization = float(sum(regularization_loss(step.dense) for step in steps))
    return BackwardTrace(trace.loss_name, labels, output, sample_losses, float(np.mean(sample_losses)),
                         regularization, fused, tuple(reversed(layers)), dropped)


def _training_pass(network: Network, trace: Trace, mask_seed: int) -> _Pass:
    """The forward pass with each layer's dropout applied, every mask from ``mask_seed``."""
    result = _Pass([], [], [], [], [])
    current = trace.inputs
    for record, step in zip(trace.records, network.steps):
        result.inputs.append(current)
        if current is record.inputs:
            z = record.z
        else:
            z = matmul(current, step.dense.weights) + step.dense.biases.reshape(1, -1).astype(record.z.dtype, copy=False)
        activated = record.output if z is record.z else step.activation.apply(z)
        mask = dropout_mask(activated.shape, step.dropout, np.random.RandomState(mask_seed)) if step.dropout else None
        output = activated if mask is None else Dropout(step.dropout).forward_with_mask(activated, mask)
        result.z.append(z)
        result.activated.append(activated)
        result.masks.append(mask)
        result.output.append(output)
        current = output
    return result


def _sample_losses(loss: CategoricalCrossentropy | ColumnLoss, output: np.ndarray, labels: np.ndarray) -> np.ndarray:
    if isinstance(loss, ColumnLoss):
        return loss.sample_losses(output, labels)
    return loss.forward(output, labels)


def _through_dropout(rate: float, activated: np.ndarray, mask: np.ndarray | None, dvalues: np.ndarray) -> np.ndarray:
    if mask is None:
        return dvalues
    dropout = Dropout(rate)
    dropout.forward_with_mask(activated, mask)
    return dropout.backward(dvalues)


def _activation_backward(activation: Activation, z: np.ndarray, activated: np.ndarray, dvalues: np.ndarray) -> np.ndarray:
    fresh = activation_named(activation.name)  # the document's own is never given this pass's arrays
    fresh.inputs, fresh.output = z, activated
    return fresh.backward(dvalues)


def _regularization_term(values: np.ndarray, l1: float, l2: float) -> np.ndarray | None:
    """What Dense.backward adds to a gradient: ``l1 * sign(w) + 2 * l2 * w``; None when both are off."""
    if not (l1 > 0 or l2 > 0):
        return None
    term = np.zeros_like(values)
    if l1 > 0:
        term = term + l1 * l1_direction(values)
    if l2 > 0:
        term = term + 2 * l2 * values
    return term


def stepped_parameters(network: Network, backward: BackwardTrace, learning_rate: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each layer's (weights, biases) after one step of plain gradient descent, ``w ← w − lr · dw``,
    in the layers' dtype and in the order the SGD optimizer computes it (``w + dw · −lr``): the
    optimizer's step on these gradients, to the bit. The network is not changed. The training
    view's first SGD epoch (no dropout) computes its gradients in its own fused pass: the same
    numbers for softmax with cross-entropy, equal to within rounding (1e-13 in float64) for others.

    A float64 gradient of float32 parameters (the nnfs mode's bias gradient behind a dropout
    mask) is added in float64 and rounded once, as the optimizer's ``np.add(w, step, out=w)``
    does: rounding the step to float32 first would part from it in the last bit now and then."""
    rate = -float(learning_rate)  # a Python float, as the optimizer's: a NumPy float64 would widen float32 steps
    stepped = []
    for step, gradients in zip(network.steps, backward.layers):
        weights, biases = step.dense.weights, step.dense.biases
        new_weights = weights + gradients.dweights.reshape(weights.shape) * rate
        new_biases = biases + gradients.dbiases.reshape(biases.shape) * rate
        stepped.append((new_weights.astype(weights.dtype, copy=False), new_biases.astype(biases.dtype, copy=False)))
    return stepped


def check_cell(
    network: Network,
    backward: BackwardTrace,
    layer: int,
    matrix: str,
    row: int,
    column: int,
    h: float = CHECK_STEP,
) -> CellCheck:
    """The central difference of the loss for the number ``backward.layer(layer).<matrix>[row, column]``
    is the gradient of, beside it.

    ``matrix`` is one of ``CHECKABLE``: "dweights" and "dbiases" are checked against the whole
    loss (data and regularisation), "dweights_data" and "dbiases_data" against the data loss
    alone, the rest against the data loss (regularisation does not depend on activations).
    Computed on copies, with the pass's own dropout masks, in extended precision where the
    machine has it (``np.longdouble``), and only from the nudged point on: a weight moves one
    column of its layer's z by ``h`` times an input column, an activation one sample's row. So
    the rounding of a loss near 1 does not drown a gradient of 1e-7, and a check on a
    784-input layer costs milliseconds. ``kinks`` counts the ReLU inputs the nudge moved
    across 0 and an L1-regularised parameter it moved across 0 (``l1_kinks``, that one
    alone); ``clipped`` the samples whose prediction the loss clips (flat there).
    """
    if matrix not in CHECKABLE:
        raise ValueError(f"no gradient matrix called {matrix!r}: choose one of {', '.join(CHECKABLE)}")
    index = layer - 1
    gradients = backward.layers[index]
    analytic = float(np.atleast_2d(getattr(gradients, matrix))[row, column])
    probe = _Probe(network, backward)
    regularized = matrix in ("dweights", "dbiases") and gradients.regularized
    samples = len(backward.output)
    if matrix.startswith(("dweights", "dbiases")):
        base_z = gradients.z.astype(np.longdouble)
        moved = (gradients.inputs[:, row].astype(np.longdouble) if matrix.startswith("dweights")
                 else np.ones(samples, dtype=np.longdouble))
        parameter = (network.steps[index].dense.weights if matrix.startswith("dweights")
                     else network.steps[index].dense.biases.reshape(1, -1))
        original = np.longdouble(parameter[row, column])
        rows = np.arange(samples)

        def nudged(step: float) -> np.ndarray:
            z = base_z.copy()
            z[:, column] += np.longdouble(step) * moved
            return z

        point = "z"
    else:
        point = {"dinputs": "inputs", "dz": "z", "dactivation": "activated", "dvalues": "output"}[matrix]
        if gradients.fused and point in ("activated", "output"):
            point = "z"  # the combined gradient is d loss / d z
        base = probe.point(index, point)[row:row + 1].astype(np.longdouble)
        original = np.longdouble(base[0, column])
        rows = np.array([row])

        def nudged(step: float) -> np.ndarray:
            value = base.copy()
            value[0, column] += np.longdouble(step)
            return value

    above, signs_above = probe.losses_from(index, point, nudged(h), rows)
    below, signs_below = probe.losses_from(index, point, nudged(-h), rows)
    numerical = np.sum(above - below) / samples / (2 * np.longdouble(h))
    losses = np.sum(np.abs(above) + np.abs(below)) / samples
    kinks = int(sum(np.count_nonzero(a != b) for a, b in zip(signs_above, signs_below)))
    l1_kinks = 0
    if regularized:
        penalties = probe.penalty(index, matrix, original + h), probe.penalty(index, matrix, original - h)
        numerical += (penalties[0] - penalties[1]) / (2 * np.longdouble(h))
        losses += abs(penalties[0]) + abs(penalties[1])
        l1_kinks = int(probe.l1_kink(index, matrix, original, h))
        kinks += l1_kinks
    numerical_value = float(numerical)
    scale = max(abs(analytic), abs(numerical_value))
    relative = 0.0 if scale == 0 else abs(analytic - numerical_value) / scale
    if scale <= _resolution(losses, h):
        relative = 0.0  # a gradient of 0 (MAE's signs cancelling, say) and the rounding of the losses' difference
    clipped = _clipped(backward.loss_name, backward.output[rows], probe.labels[rows])  # of the samples nudged
    return CellCheck(analytic, numerical_value, relative, h, kinks, clipped, regularized, l1_kinks)


class _Probe:
    """The pass from any point of it on, with new values there, in extended precision.

    The point a nudge starts from is the pass's own (the backward trace's arrays, in the
    document's dtype): both nudged passes start from the same rounding of it, so that rounding
    cancels in their difference. Nothing is copied until a check asks: a probe of the largest
    documents costs no memory beyond the rows and columns a check moves.
    """

    def __init__(self, network: Network, backward: BackwardTrace) -> None:
        self.steps = network.steps
        self.layers = backward.layers
        self.loss = loss_named(backward.loss_name)
        self.labels = backward.labels
        self.output = backward.output

    def point(self, index: int, point: str) -> np.ndarray:
        """Layer ``index``'s inputs, z, activation output or output (after its dropout) in the pass."""
        if point == "output":
            return self.layers[index + 1].inputs if index + 1 < len(self.layers) else self.output
        gradients = self.layers[index]
        return {"inputs": gradients.inputs, "z": gradients.z, "activated": gradients.activated}[point]

    def losses_from(self, index: int, point: str, value: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """The per-sample losses of ``rows`` with layer ``index``'s ``point`` replaced by ``value``
        (those rows), and each ReLU's z > 0 on the way."""
        order = ("inputs", "z", "activated", "output")
        signs = []
        current = value
        for layer in range(index, len(self.steps)):
            step = self.steps[layer]
            start = order.index(point) if layer == index else 0  # what ``current`` is at this layer
            if start == 0:
                dense = step.dense
                current = current @ dense.weights.astype(np.longdouble) + dense.biases.reshape(1, -1).astype(np.longdouble)
            if start <= 1:
                if step.activation.name == "relu":
                    signs.append(current > 0)
                current = step.activation.apply(current)
            mask = self.layers[layer].mask
            if start <= 2 and mask is not None:
                current = current * mask[rows].astype(np.longdouble)
        labels = self.labels[rows]
        return _sample_losses(self.loss, current, labels), signs

    def penalty(self, index: int, matrix: str, value: np.longdouble) -> np.longdouble:
        """The nudged number's own term of the regularisation loss at ``value``: every other
        term is the same on both sides of the difference, so it cancels."""
        dense = self.steps[index].dense
        if matrix.startswith("dweights"):
            l1, l2 = dense.weight_regularizer_l1, dense.weight_regularizer_l2
        else:
            l1, l2 = dense.bias_regularizer_l1, dense.bias_regularizer_l2
        return np.longdouble(l1) * abs(value) + np.longdouble(l2) * value * value

    def l1_kink(self, index: int, matrix: str, value: np.longdouble, h: float) -> bool:
        """Whether the nudge moved an L1-regularised number across 0 (biases start at 0): the
        difference then sees |w| flat or half-sloped, the analytic value the book's +1."""
        dense = self.steps[index].dense
        l1 = dense.weight_regularizer_l1 if matrix.startswith("dweights") else dense.bias_regularizer_l1
        return bool(l1 > 0 and abs(value) < h)


def _resolution(losses: np.longdouble, h: float) -> float:
    """The smallest gradient the central difference tells from 0: a few ulps of the losses it
    subtracts (``losses``: their sizes summed, per sample), over 2h: about 1e-12 for losses of 1
    (extended precision). Both sides below it are 0 as far as the check can say."""
    return float(8 * np.finfo(np.longdouble).eps * losses / (2 * np.longdouble(h)))


def _clipped(loss_name: str, output: np.ndarray, labels: np.ndarray) -> int:
    """How many samples' predictions the loss clips to [1e-7, 1 − 1e-7], where it is flat."""
    if loss_name == CATEGORICAL:
        confidences = output[np.arange(len(output)), np.asarray(labels, dtype=np.intp)]
        return int(np.count_nonzero((confidences < CLIP) | (confidences > 1 - CLIP)))
    if loss_name == BINARY:
        return int(np.count_nonzero(np.any((output < CLIP) | (output > 1 - CLIP), axis=1)))
    return 0
