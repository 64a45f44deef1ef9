"""Categorical cross-entropy: how wrong the predicted probabilities are."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from engine.activations import Softmax
from engine.labels import target_matrix
from engine.shapes import sparse_labels

if TYPE_CHECKING:
    from engine.layers import Dense

CLIP = 1e-7


class CategoricalCrossentropy:
    """``L_i = -sum_j t_ij log p_ij``: with a one-hot (or sparse) y, the notes'
    ``-log(confidence in the true class)``.

    Predictions are clipped to [1e-7, 1 - 1e-7] so that a confidence of exactly 0 gives a
    large but finite loss (-log(1e-7) = 16.1) instead of infinity.

    Soft targets (rows of probabilities, not one-hot) are scored by the whole sum, so that
    ``forward`` and ``backward`` (``-t / p``) are each other's derivative for every target;
    for one-hot rows the sum is exactly ``-log p[label]``, bit for bit.
    """

    name: ClassVar[str] = "categorical cross-entropy"

    def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """Per-sample losses; ``y_true`` sparse (class indices), one-hot or soft rows."""
        y_pred = np.atleast_2d(np.asarray(y_pred))
        if np.ndim(y_true) == 2 and np.shape(y_true)[1] > 1:
            targets = target_matrix(y_true, y_pred)
            return -np.sum(targets * np.log(np.clip(y_pred, CLIP, 1 - CLIP)), axis=1)
        return -np.log(correct_confidences(y_pred, y_true))

    dinputs: np.ndarray | None = None

    def calculate(self, y_pred: np.ndarray, y_true: np.ndarray) -> float:
        """The mean loss over the batch."""
        return float(np.mean(self.forward(y_pred, y_true)))

    def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """d mean loss / d predictions: ``-y_true / dvalues / samples`` (the book's formula).

        ``dvalues`` are the predictions the loss was computed from. They are clipped as in
        the forward pass before dividing, which changes nothing for probabilities inside
        [1e-7, 1 - 1e-7] and keeps a prediction of 0 (or a negative output of a layer
        that is not a softmax) from giving an infinite or wrong-signed gradient.
        """
        dvalues = np.atleast_2d(np.asarray(dvalues))
        targets = one_hot_targets(y_true, dvalues)
        samples = len(dvalues)
        self.dinputs = -targets / np.clip(dvalues, CLIP, 1 - CLIP)
        self.dinputs = self.dinputs / samples
        return self.dinputs

    def regularization_loss(self, layer: Dense) -> float:
        """The book's ``Loss.regularization_loss(layer)``; see ``regularization_loss``."""
        return regularization_loss(layer)


class SoftmaxCategoricalCrossentropy:
    """Softmax and categorical cross-entropy as one step, the book's
    ``Activation_Softmax_Loss_CategoricalCrossentropy``.

    Together their gradient with respect to the softmax's inputs is simply
    ``(softmax - one_hot) / samples``: no Jacobian and no division by a probability,
    so it is both faster and better conditioned than the two backward passes chained.
    """

    def __init__(self) -> None:
        self.activation = Softmax()
        self.loss = CategoricalCrossentropy()
        self.output: np.ndarray | None = None
        self.dinputs: np.ndarray | None = None

    def forward(self, inputs: np.ndarray, y_true: np.ndarray) -> float:
        """The softmax of ``inputs`` (kept in ``.output``) and its mean loss against ``y_true``."""
        self.output = self.activation.forward(inputs)
        return self.loss.calculate(self.output, y_true)

    def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """``dvalues`` are the softmax outputs; returns d mean loss / d softmax inputs."""
        dvalues = np.atleast_2d(np.asarray(dvalues))
        samples = len(dvalues)
        self.dinputs = dvalues.copy()
        if np.ndim(y_true) == 2 and np.shape(y_true)[1] > 1:
            # d/dz of -sum t log softmax(z) is softmax * sum(t) - t: p - t for one-hot and
            # probability rows (sum 1, exactly so for one-hot), and still right for others.
            targets = target_matrix(y_true, dvalues)
            self.dinputs = self.dinputs * np.sum(targets, axis=1, keepdims=True) - targets
        else:
            self.dinputs[np.arange(samples), sparse_labels(y_true, dvalues)] -= 1
        self.dinputs = self.dinputs / samples
        return self.dinputs

    def regularization_loss(self, layer: Dense) -> float:
        return regularization_loss(layer)


def regularization_loss(layer: Dense) -> float:
    """What a layer's L1/L2 regularisation adds to the loss.

    ``l1 * sum(|w|) + l2 * sum(w**2)`` for the weights, and the same for the biases with
    their own strengths; 0 when all four are 0. Large weights cost loss, so training
    prefers many small weights to a few large ones.
    """
    total = 0.0
    weights, biases = layer.weights, layer.biases
    if layer.weight_regularizer_l1 > 0:
        total += layer.weight_regularizer_l1 * float(np.sum(np.abs(weights)))
    if layer.weight_regularizer_l2 > 0:
        total += layer.weight_regularizer_l2 * float(np.sum(weights * weights))
    if layer.bias_regularizer_l1 > 0:
        total += layer.bias_regularizer_l1 * float(np.sum(np.abs(biases)))
    if layer.bias_regularizer_l2 > 0:
        total += layer.bias_regularizer_l2 * float(np.sum(biases * biases))
    return total


def layer_penalty(layer: Any) -> Any:
    """``l1 * sum|w| + l2 * sum(w*w)`` (and the same for biases), as NumPy scalars: the
    book's ``Loss.regularization_loss(layer)``, for engine.book and the nnfs mode's pass.

    ``regularization_loss`` (above) gives the same sum as a Python float; here each term
    stays in the layer's dtype, term after term in the book's order, so that a float32
    (nnfs) run prints the book's digits. ``layer`` is a Dense or a book layer.
    """
    total: Any = 0
    if layer.weight_regularizer_l1 > 0:
        total += layer.weight_regularizer_l1 * np.sum(np.abs(layer.weights))
    if layer.weight_regularizer_l2 > 0:
        total += layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)
    if layer.bias_regularizer_l1 > 0:
        total += layer.bias_regularizer_l1 * np.sum(np.abs(layer.biases))
    if layer.bias_regularizer_l2 > 0:
        total += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)
    return total


def one_hot_targets(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Targets as a (samples, classes) matrix: sparse labels become one-hot rows
    (the book's ``np.eye(labels)[y_true]``); one-hot or soft targets are kept as given."""
    return target_matrix(y_true, y_pred)


def correct_confidences(y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
    """The clipped probability each sample gives its true class: the notes' [0.7, 0.5, 0.9]."""
    y_pred = np.atleast_2d(np.asarray(y_pred))
    return confidences_at(y_pred, sparse_labels(y_true, y_pred))


def confidences_at(y_pred: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """The clipped probability in column ``indices[i]`` of each row i (labels already checked)."""
    clipped = np.clip(y_pred, CLIP, 1 - CLIP)
    return clipped[np.arange(len(clipped)), indices]
