"""The Trainer's forward and backward pass: the book's maths in preallocated buffers.

The classes in layers.py, activations.py and losses.py are the book's, one method per
formula, and allocate new arrays at every call: that is what a learner reads. A training
run repeats the same pass thousands of times on arrays of the same shapes, and on a
small network the time goes to NumPy's per-call overhead and to allocating, not to
arithmetic. So this pass computes the same formulas (tests check it against those
classes, and against numerical gradients) arranged for speed:

- Samples are columns, not rows: every layer's values are (neurons, samples). The
  softmax's maximum and sum then run along the long axis (several times faster than
  along a 3-wide one), and BLAS reads the transposes for free in the products.
- Each layer's biases are one more row of its weights, ``[[W], [b]]`` (they are
  stored that way in the flat array, ``FlatParameters``), and each layer's input has one
  more row of ones: ``W.T @ x + b`` is one product, and the gradient of weights and
  biases together is another (``dbiases`` = the sum over samples = the ones row's).
- Every intermediate has a buffer made once per batch size, written with ``out=``.
- Softmax and cross-entropy are fused: the loss gathers only the true class's
  probability, and the gradient ``(softmax - one_hot) / samples`` subtracts 1 at those
  same places.
- ReLU's backward multiplies by the mask ``z > 0`` instead of writing through it.
- The first layer's ``dinputs`` (d loss / d X) is never computed: nothing uses it.

In float32 (the nnfs mode) two of these shortcuts round differently from the book's
code, and over thousands of epochs the runs part; so there the pass adds the biases
after the product and sums the bias gradients in float32 on the book's (samples,
neurons) layout, as the book's ``np.dot(...) + biases`` and ``np.sum(dvalues, axis=0)``
do. A chapter 10 run then prints the book's numbers to the last bit, and so does
chapter 16's (sigmoid, binary cross-entropy). Where the book mixes float64 into its
float32 run, this pass mixes it in the same places: chapter 15's dropout mask is
float64, and so are the values it multiplies (the next layer's inputs), the gradient it
passes back and the bias gradient below it; chapter 17's float64 sine data stays
float64, and so its loss gradient and the last layer's bias gradient. Those float64
bias gradients are moved by the optimizer in float64 (``wide_gradients``,
``Optimizer.update_flat(..., wide)``), as the book's momentums widen. Chapters 15 and 17
then match the book's loops to the bit too (the tests ``test_book_chapters_15_17``).

ReLU and Linear steps run here; any other activation (Softmax inside the network, or a
Sigmoid) runs through its own ``forward``/``backward``. A last Softmax with
cross-entropy takes the fused path; any other last step chains the loss's gradient and
its activation's ``backward``, as the book does before it introduces the fused class.
The losses scored one output column at a time (binary cross-entropy, MSE, MAE,
``engine.column_losses``) take targets as a (samples, outputs) matrix instead of class
indices, and count accuracy the book's way for each (``engine.metrics``).

A step's dropout (``Step.dropout``, the book's chapter 15) is applied by ``run`` only,
after the step's activation: a fresh mask from NumPy's global generator every pass,
drawn in the book's (samples, neurons) layout so a seeded run draws the book's masks,
and the same mask multiplies the gradient on the way back. ``evaluate`` never drops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.activations import Activation, Linear, ReLU, Softmax
from engine.column_losses import ColumnLoss
from engine.flat import FlatParameters
from engine.layers import Dense, l1_direction
from engine.losses import (
    CLIP,
    CategoricalCrossentropy,
    layer_penalty,
    regularization_loss,
)
from engine.network import Network

Dot = Callable[[np.ndarray, np.ndarray, np.ndarray], None]


def dot_into(dtype: np.dtype) -> Dot:
    """``out[...] = a @ b``: straight into ``out`` in float64; through float64 in float32,
    as nnfs computes its dot products, so the nnfs mode trains as the book's code does."""
    if dtype == np.float64:

        def direct(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
            np.dot(a, b, out=out)

        return direct

    def via_float64(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
        out[...] = np.dot(a.astype(np.float64), b.astype(np.float64))

    return via_float64


def with_ones_row(X: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Samples as columns with a row of ones under them: the input the pass takes."""
    X = np.atleast_2d(X)
    prepared = np.empty((X.shape[1] + 1, X.shape[0]), dtype=dtype)
    prepared[:-1] = X.T
    prepared[-1] = 1
    return prepared


@dataclass
class BatchResult:
    """What one pass over a batch measured."""

    samples: int
    loss_sum: float  # sum of the per-sample data losses (mean = loss_sum / samples)
    # samples whose largest output is their class; for column losses the right outputs
    # over the outputs per sample (a fraction of a sample when a sample has several)
    correct: float
    regularization_loss: float


class _Layer:
    """One Dense and its activation: views of its parameters and gradients, and its kind."""

    def __init__(
        self, dense: Dense, activation: Activation, augmented: np.ndarray, daugmented: np.ndarray, dropout: float = 0.0
    ) -> None:
        self.dense = dense
        self.activation = activation
        self.dropout = dropout  # the rate of the Dropout after the activation, while training
        self.n_in = int(augmented.shape[0]) - 1
        self.n_out = int(augmented.shape[1])
        self.augmented_t = augmented.T  # (n_out, n_in + 1): [W.T | b]
        self.weights_t = self.augmented_t[:, :-1]  # W.T alone, and b as a column (the nnfs mode)
        self.bias_column = augmented[-1:].T
        self.daugmented = daugmented  # (n_in + 1, n_out): [[dW], [db]]
        self.weights = augmented[:-1]
        self.biases = augmented[-1:]
        self.dweights = daugmented[:-1]
        self.dbiases = daugmented[-1:]
        self.kind = "relu" if type(activation) is ReLU else "linear" if type(activation) is Linear else "other"
        self.tmp_w = np.empty_like(self.weights)
        self.tmp_b = np.empty_like(self.biases)
        # The nnfs mode only: the float64 bias gradient of a layer whose incoming gradient
        # the book keeps in float64 (below a dropout); None for every other layer.
        self.wide_dbiases: np.ndarray | None = None
        self.l1_w = self.l2_w = self.l1_b = self.l2_b = 0.0
        self.regularized = False
        self.refresh_regularizers()

    def refresh_regularizers(self) -> None:
        dense = self.dense
        self.l1_w, self.l2_w = dense.weight_regularizer_l1, dense.weight_regularizer_l2
        self.l1_b, self.l2_b = dense.bias_regularizer_l1, dense.bias_regularizer_l2
        self.regularized = bool(self.l1_w or self.l2_w or self.l1_b or self.l2_b)


class _Workspace:
    """Buffers for batches of exactly ``columns`` samples (exact sizes keep every buffer
    contiguous, which ``np.dot(..., out=)`` requires)."""

    def __init__(self, layers: list[_Layer], columns: int, dtype: np.dtype, wide_output: bool = False) -> None:
        self.columns = columns
        last = len(layers) - 1
        # Each hidden layer's output with the next layer's row of ones under it.
        self.outputs = []
        for index, layer in enumerate(layers):
            rows = layer.n_out if index == last else layer.n_out + 1
            output = np.empty((rows, columns), dtype=dtype)
            if index != last:
                output[-1] = 1
            self.outputs.append(output)
        self.sums = [out[: layer.n_out] for out, layer in zip(self.outputs, layers)]
        # Activations computed by their own classes need their sums kept apart.
        self.pre = [np.empty((layer.n_out, columns) if layer.kind == "other" else 0, dtype=dtype) for layer in layers]
        self.grads = [np.empty((layer.n_out, columns), dtype=dtype) for layer in layers]
        # ReLU's 0/1 mask as floats: multiplying by a float array is about twice as fast
        # as by a bool one (no conversion on the way), and it serves forward and backward.
        relu_shapes = [(layer.n_out, columns) if layer.kind == "relu" else 0 for layer in layers]
        self.masks = [np.empty(shape, dtype=dtype) for shape in relu_shapes]
        self.bool_masks = [np.empty(shape, dtype=bool) for shape in relu_shapes]
        # In the nnfs mode the book's dropout mask is float64 (``binomial(...) / rate``), and
        # so are the values it multiplies (the next layer's inputs) and the gradient it
        # passes back: kept so here, with the next layer's row of ones under the values.
        book = dtype == np.float32
        mask_dtype = np.float64 if book else dtype
        self.drop_masks = [np.empty((layer.n_out, columns) if layer.dropout else 0, dtype=mask_dtype) for layer in layers]
        self.dropped: list[np.ndarray | None] = [None] * len(layers)
        # The gradient each layer's backward starts from: float64 below a dropout in the nnfs
        # mode, and at the output when the targets are float64 (the book's chapter 17).
        self.backward_grads = list(self.grads)
        if wide_output:
            self.backward_grads[last] = np.empty((layers[last].n_out, columns), dtype=np.float64)
        for index, layer in enumerate(layers):
            if book and layer.dropout and index != last:
                dropped = np.empty((layer.n_out + 1, columns), dtype=np.float64)
                dropped[-1] = 1
                self.dropped[index] = dropped
                self.backward_grads[index] = np.empty((layer.n_out, columns), dtype=np.float64)
        self.one_hot = np.zeros((layers[-1].n_out, columns), dtype=dtype)
        self.labels: np.ndarray | None = None  # the labels flat_index and one_hot were made for
        self.column_max = np.empty((1, columns), dtype=dtype)
        self.column_sum = np.empty((1, columns), dtype=dtype)
        self.confidences = np.empty(columns, dtype=dtype)
        self.flat_index = np.empty(columns, dtype=np.intp)
        self.sample_numbers = np.arange(columns, dtype=np.intp)
        self.predicted = np.empty(columns, dtype=np.intp)
        self.hits = np.empty(columns, dtype=bool)
        # float32 (the nnfs mode) only: each layer's gradient in the book's layout, samples
        # as rows, for summing the bias gradients as the book's np.sum does (see run).
        self.rows = [
            np.empty((columns, layer.n_out), dtype=grad.dtype) if book else None
            for layer, grad in zip(layers, self.backward_grads)
        ]


class FusedPass:
    """Forward, loss, accuracy and backward of a Network, batch after batch.

    Inputs are prepared once with ``prepare(X)`` (samples as columns, a row of ones
    under them). ``run(inputs, y)`` leaves the gradients in ``flat.grads``, so in each
    Dense's ``dweights`` and ``dbiases``; ``evaluate(inputs, y)`` only measures. ``y``
    holds class indices (np.intp).
    """

    def __init__(
        self,
        network: Network,
        flat: FlatParameters,
        loss: CategoricalCrossentropy | ColumnLoss | None = None,
        fuse_softmax: bool = True,
        target_dtype: np.dtype | None = None,
        input_dtype: np.dtype | None = None,
    ) -> None:
        self.dtype = flat.dtype
        self.dot = dot_into(self.dtype)
        # float32 is the nnfs mode: follow the book's rounding steps, not only its formulas.
        self.book_arithmetic = self.dtype == np.float32
        self.loss = loss if loss is not None else CategoricalCrossentropy()
        self.layers = [
            _Layer(step.dense, step.activation, augmented, daugmented, step.dropout)
            for step, (augmented, daugmented) in zip(network.steps, flat.augmented_views())
        ]
        if self.layers[-1].dropout:
            raise ValueError(
                f"layer {len(self.layers)} is the last layer: dropout there would switch off the network's "
                f"outputs themselves; set its dropout to 0 (dropout goes between layers)"
            )
        # Whether a training pass draws dropout masks (from NumPy's global generator).
        self.drops = any(layer.dropout for layer in self.layers)
        # Targets one per output (a (samples, outputs) matrix) rather than class indices.
        self.column = isinstance(self.loss, ColumnLoss)
        # The book's float64 data beside float32 layers (chapter 17's sine_data): the inputs
        # stay float64 (its dot products read them so), and float64 targets make a float64
        # loss gradient, which the last layer passes on as the book's does.
        self.input_dtype = np.dtype(np.float64) if self.book_arithmetic and input_dtype == np.float64 else self.dtype
        self.wide_output = self.book_arithmetic and self.column and target_dtype == np.float64
        if self.book_arithmetic:
            for index, layer in enumerate(self.layers):
                if layer.dropout or (self.wide_output and index == len(self.layers) - 1):
                    layer.wide_dbiases = np.zeros((1, layer.n_out), dtype=np.float64)
        self._wide = [(layer.biases, layer.wide_dbiases) for layer in self.layers if layer.wide_dbiases is not None]
        # Regression accuracy's "close enough" (the book's std(y) / 250): the Trainer sets
        # it from the training targets; None measures each batch by its own targets.
        self.precision: float | None = None
        last = self.layers[-1]
        # The fused gradient is the derivative of softmax followed by cross-entropy, so it
        # applies only to exactly that pair (a subclass may compute something else).
        self.fused = fuse_softmax and type(last.activation) is Softmax and type(self.loss) is CategoricalCrossentropy
        if self.fused:
            last.kind = "softmax-loss"
        self.classes = last.n_out
        # The dtype of the latest pass's sample losses, and (the nnfs mode) its penalty as
        # the book's NumPy scalar: the Trainer reports the book's figures from them.
        self.loss_dtype = self.dtype
        self.book_regularization: Any = 0
        self._workspaces: dict[int, _Workspace] = {}

    def wide_gradients(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(biases, float64 bias gradient) of the layers whose bias gradient the book keeps
        in float64, from the latest ``run``: for ``Optimizer.update_flat(..., wide=)``."""
        return self._wide

    def prepare(self, X: np.ndarray) -> np.ndarray:
        return with_ones_row(X, self.input_dtype)

    def workspace(self, columns: int) -> _Workspace:
        space = self._workspaces.get(columns)
        if space is None:
            # A run uses at most three sizes (batch, last batch, validation); more means
            # someone is evaluating odd sizes, so keep memory bounded.
            if len(self._workspaces) >= 4:
                self._workspaces.clear()
            space = self._workspaces[columns] = _Workspace(self.layers, columns, self.dtype, self.wide_output)
        return space

    def refresh_regularizers(self) -> None:
        """Read the layers' regularisation strengths again (after an edit)."""
        for layer in self.layers:
            layer.refresh_regularizers()

    def regularization_loss(self) -> float:
        if self.book_arithmetic:
            self.book_regularization = self._book_regularization()
            return float(self.book_regularization)
        return sum(regularization_loss(layer.dense) for layer in self.layers if layer.regularized)

    def _book_regularization(self) -> Any:
        """The book's ``regularization_loss(dense1) + regularization_loss(dense2) + ...``:
        NumPy scalars in the layers' dtype (float32 in the nnfs mode), term after term."""
        total: Any = 0  # the book's penalty of a layer without regularisation is this 0
        for layer in self.layers:
            if layer.regularized:
                total = total + layer_penalty(layer.dense)
        return total

    def book_mean(self, loss_sum: float, samples: int) -> Any:
        """The book's ``np.mean(sample_losses)`` from their sum, in their dtype (float32
        in the nnfs mode, float64 for float64 targets) as NumPy's mean rounds it."""
        kind = self.loss_dtype.type
        return kind(kind(loss_sum) / np.intp(samples))

    def _forward(self, inputs: np.ndarray, space: _Workspace, training: bool = False) -> np.ndarray:
        """Every layer's output into ``space``; returns the last (for the fused pair, the
        probabilities), (classes, samples). ``training``: apply the steps' dropout."""
        current = inputs
        for index, layer in enumerate(self.layers):
            sums = space.sums[index]
            kind = layer.kind
            if kind == "other":
                pre = space.pre[index]
                self._sums(layer, current, pre)
                np.copyto(sums, np.asarray(layer.activation.forward(pre.T)).T)
            else:
                self._sums(layer, current, sums)
                if kind == "relu":
                    # max(z, 0) as z * (z > 0): the mask is needed for the backward pass
                    # anyway, and NumPy's maximum is slower than a comparison and a product.
                    mask = space.masks[index]
                    np.greater(sums, 0, out=space.bool_masks[index])
                    np.copyto(mask, space.bool_masks[index])
                    np.multiply(sums, mask, out=sums)
                elif kind == "softmax-loss":
                    # ufunc.reduce rather than np.max/np.sum: same result, less Python on the way.
                    np.maximum.reduce(sums, axis=0, keepdims=True, out=space.column_max)
                    np.subtract(sums, space.column_max, out=sums)
                    np.exp(sums, out=sums)
                    np.add.reduce(sums, axis=0, keepdims=True, out=space.column_sum)
                    np.divide(sums, space.column_sum, out=sums)
            current = space.outputs[index]
            if training and layer.dropout:
                dropped = space.dropped[index]
                if dropped is None:
                    self._drop(layer, sums, space.drop_masks[index], sums)
                else:
                    self._drop(layer, sums, space.drop_masks[index], dropped[:-1])
                    current = dropped
        return current

    @staticmethod
    def _drop(layer: _Layer, values: np.ndarray, mask: np.ndarray, out: np.ndarray) -> None:
        """The book's ``inputs * (np.random.binomial(1, 1 - rate, size=inputs.shape) / (1 - rate))``
        into ``out``; the draw is in the book's (samples, neurons) order, then turned."""
        keep = 1 - layer.dropout
        draw = np.random.binomial(1, keep, size=(values.shape[1], values.shape[0]))
        np.divide(draw.T, keep, out=mask)
        np.multiply(values, mask, out=out)

    def _sums(self, layer: _Layer, current: np.ndarray, out: np.ndarray) -> None:
        """``out = W.T @ x + b``: one product with the ones row, or in float32 (the nnfs
        mode) the book's two steps, ``np.dot(inputs, weights) + biases``, each rounded to
        float32, so that a run prints the book's numbers."""
        if not self.book_arithmetic:
            self.dot(layer.augmented_t, current, out)
            return
        self.dot(layer.weights_t, current[:-1], out)
        np.add(out, layer.bias_column, out=out)

    def _measure(self, output: np.ndarray, y: np.ndarray, space: _Workspace) -> tuple[float, float]:
        """(sum of the sample losses, how many are right: a fraction for column losses); also leaves ``space.flat_index``."""
        if self.column:
            return self._measure_columns(output, y)
        predicted, hits = space.predicted, space.hits
        np.argmax(output, axis=0, out=predicted)
        np.equal(predicted, y, out=hits)
        correct = int(np.count_nonzero(hits))
        if not self.fused:
            return float(np.sum(self.loss.forward(output.T, y))), correct
        flat_index, confidences = space.flat_index, space.confidences
        if space.labels is not y:
            # Sample i's true class sits at y[i] * samples + i of the flattened output. A
            # full-batch run passes the same labels every epoch, so this is done once.
            np.multiply(y, space.columns, out=flat_index)
            np.add(flat_index, space.sample_numbers, out=flat_index)
            one_hot = space.one_hot.reshape(-1)
            one_hot[...] = 0
            one_hot[flat_index] = 1
            space.labels = y
        # Only the true class's probability enters the loss: gather, clip and log just those.
        np.take(output.reshape(-1), flat_index, out=confidences)
        np.clip(confidences, CLIP, 1 - CLIP, out=confidences)
        np.log(confidences, out=confidences)
        return -float(np.add.reduce(confidences)), correct

    def _measure_columns(self, output: np.ndarray, targets: np.ndarray) -> tuple[float, float]:
        """Binary or regression: the sum of the sample losses and the right outputs (as
        samples' worth: a sample of 2 outputs with 1 right counts 0.5)."""
        loss = self.loss
        assert isinstance(loss, ColumnLoss)
        rows = output.T  # the book's (samples, outputs)
        losses = loss.sample_losses(rows, targets)
        self.loss_dtype = losses.dtype
        loss_sum = float(np.sum(losses))
        if loss.targets == "binary":
            hits = (rows > 0.5) == targets
        else:
            precision = self.precision if self.precision is not None else float(np.std(targets) / 250)
            hits = np.absolute(rows - targets) < precision
        return loss_sum, int(np.count_nonzero(hits)) / rows.shape[1]

    def evaluate(self, inputs: np.ndarray, y: np.ndarray) -> BatchResult:
        """Loss and accuracy of the current weights on prepared inputs, without gradients."""
        columns = inputs.shape[1]
        space = self.workspace(columns)
        output = self._forward(inputs, space)
        loss_sum, correct = self._measure(output, y, space)
        return BatchResult(columns, loss_sum, correct, self.regularization_loss())

    def run(self, inputs: np.ndarray, y: np.ndarray, of: int | None = None, regularize: bool = True) -> BatchResult:
        """Forward and backward over one batch of prepared inputs.

        ``of``: the inputs are a slice of a batch of ``of`` samples, and the gradients
        are this slice's share of the batch's mean (the slices' add up to it);
        ``regularize=False`` leaves the regularisation's gradient out (for all slices
        but one).
        """
        columns = inputs.shape[1]
        space = self.workspace(columns)
        layers = self.layers
        last = len(layers) - 1
        output = self._forward(inputs, space, training=True)
        loss_sum, correct = self._measure(output, y, space)
        regularization = self.regularization_loss() if any(layer.regularized for layer in layers) else 0.0

        grads = space.grads
        top = space.backward_grads[last]  # grads[last], or its float64 twin (float64 targets)
        if self.fused:
            np.subtract(output, space.one_hot, out=top)
            np.divide(top, columns if of is None else of, out=top)
        else:
            if self.column:
                assert isinstance(self.loss, ColumnLoss)
                np.copyto(top, self.loss.mean_gradient(output.T, y).T)
            else:
                np.copyto(top, self.loss.backward(output.T, y).T)
            if of is not None:
                np.multiply(top, columns / of, out=top)
            self._activation_backward(layers[last], last, space)

        dot = self.dot
        backward_grads = space.backward_grads
        for index in range(last, -1, -1):
            layer = layers[index]
            grad = backward_grads[index]
            if index == 0:
                below_output = inputs
            else:
                dropped = space.dropped[index - 1]
                below_output = space.outputs[index - 1] if dropped is None else dropped
            # [[dW], [db]] = [x; 1] @ grad.T: the ones row sums grad over the samples.
            dot(below_output, grad.T, layer.daugmented)
            rows = space.rows[index]
            if rows is not None:
                # The book's ``np.sum(dvalues, axis=0)``: added up in float32 (float64 below
                # a dropout), row after row, over a (samples, neurons) array. The product
                # above summed in float64; over thousands of epochs the two runs part, so
                # the nnfs mode sums as the book does, on the same layout, to the last bit.
                np.copyto(rows, grad.T)
                wide = layer.wide_dbiases
                np.add.reduce(rows, axis=0, out=layer.dbiases[0] if wide is None else wide[0])
            if layer.regularized and regularize:
                self._regularize(layer)
            if layer.wide_dbiases is not None:
                np.copyto(layer.dbiases, layer.wide_dbiases, casting="same_kind")
            if index == 0:
                break  # the first layer's dinputs would be d loss / d X: nothing uses it
            dot(layer.weights, grad, grads[index - 1])
            if layers[index - 1].dropout:
                # Dropout's backward: the gradient passes where the value was kept, scaled as it was.
                np.multiply(grads[index - 1], space.drop_masks[index - 1], out=backward_grads[index - 1])
            self._activation_backward(layers[index - 1], index - 1, space)
        return BatchResult(columns, loss_sum, correct, regularization)

    @staticmethod
    def _activation_backward(layer: _Layer, index: int, space: _Workspace) -> None:
        grad = space.backward_grads[index]
        if layer.kind == "relu":
            # The book's ``dinputs[inputs <= 0] = 0``, as a product with the forward's mask.
            np.multiply(grad, space.masks[index], out=grad)
        elif layer.kind == "other":
            np.copyto(grad, np.asarray(layer.activation.backward(grad.T)).T)

    @staticmethod
    def _regularize(layer: _Layer) -> None:
        if layer.l1_w > 0:
            layer.dweights += layer.l1_w * l1_direction(layer.weights)
        if layer.l2_w > 0:
            np.multiply(layer.weights, 2 * layer.l2_w, out=layer.tmp_w)
            np.add(layer.dweights, layer.tmp_w, out=layer.dweights)
        # The book adds the float32 penalty's gradient into a float64 bias gradient as is.
        dbiases = layer.dbiases if layer.wide_dbiases is None else layer.wide_dbiases
        if layer.l1_b > 0:
            dbiases += layer.l1_b * l1_direction(layer.biases)
        if layer.l2_b > 0:
            np.multiply(layer.biases, 2 * layer.l2_b, out=layer.tmp_b)
            np.add(dbiases, layer.tmp_b, out=dbiases)
