"""The book's losses on nnwb's: ``Loss`` and its subclasses, and the combined softmax/loss.

What the book's ``Loss`` adds to nnwb's losses is bookkeeping, in one class for every
chapter: ``calculate`` returns the mean as the NumPy scalar the book prints (chapter 5's
``loss: 1.0986104`` is an np.float32 in the nnfs mode, not a Python float), and with
``include_regularization=True`` the pair (data loss, regularisation loss) of chapter 18;
``regularization_loss(layer)`` (chapters 14-17) or ``regularization_loss()`` over the
layers given to ``remember_trainable_layers`` (chapter 18); the running sums of chapter 19
(``new_pass``, ``calculate_accumulated``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from engine.book.activations import Activation_Softmax
from engine.book.book_class import BookClass
from engine.column_losses import BinaryCrossentropy, MeanAbsoluteError, MeanSquaredError
from engine.losses import (
    CategoricalCrossentropy,
    SoftmaxCategoricalCrossentropy,
    layer_penalty,
)


class Loss(metaclass=BookClass):
    """The bookkeeping every book loss shares; the maths (``forward``, ``backward``) is nnwb's,
    from the loss class each subclass also derives from (so ``Loss`` defines no ``forward``)."""

    # Class-level starts, so that a loss that never had new_pass() (chapters 5-17) counts
    # from zero, as an int, which the book's float32 sums then follow.
    accumulated_sum: Any = 0
    accumulated_count: int = 0
    trainable_layers: Sequence[Any] = ()

    if TYPE_CHECKING:  # the subclass's other base, nnwb's loss, defines it (defining it here would hide that)

        def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray: ...

    def remember_trainable_layers(self, trainable_layers: Sequence[Any]) -> None:
        self.trainable_layers = trainable_layers

    def regularization_loss(self, layer: Any = None) -> Any:
        """One layer's L1/L2 penalty (chapters 14-17), or with no layer the sum over the
        remembered trainable layers (chapter 18 on)."""
        layers = self.trainable_layers if layer is None else (layer,)
        total: Any = 0
        for each in layers:
            total += layer_penalty(each)
        return total

    def calculate(self, output: np.ndarray, y: np.ndarray, *, include_regularization: bool = False) -> Any:
        sample_losses = self.forward(output, y)
        data_loss = np.mean(sample_losses)
        # The running sums of chapter 19; ``.sum()`` is ``np.sum`` without its dispatch.
        self.accumulated_sum += sample_losses.sum() if type(sample_losses) is np.ndarray else np.sum(sample_losses)
        self.accumulated_count += len(sample_losses)
        if not include_regularization:
            return data_loss
        return data_loss, self.regularization_loss()

    def calculate_accumulated(self, *, include_regularization: bool = False) -> Any:
        """The mean loss over every batch since ``new_pass()`` (chapter 19)."""
        if not self.accumulated_count:
            raise RuntimeError("no loss has been calculated since new_pass(): nothing to average")
        data_loss = self.accumulated_sum / self.accumulated_count
        if not include_regularization:
            return data_loss
        return data_loss, self.regularization_loss()

    def new_pass(self) -> None:
        self.accumulated_sum = 0
        self.accumulated_count = 0


class Loss_CategoricalCrossentropy(Loss, CategoricalCrossentropy):
    """Class indices or one-hot rows against softmax outputs: ``-log`` of the confidence in
    the true class, the predictions clipped to [1e-7, 1 - 1e-7].

    Its ``backward`` clips the predictions before dividing, where the book divides by them
    as they are: the same numbers for any softmax output inside [1e-7, 1 - 1e-7].
    """

    book_inherited: ClassVar[tuple[str, ...]] = ("forward",)

    def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> None:  # type: ignore[override]
        """Sets ``dinputs``, d mean loss / d ``dvalues`` (the predictions the loss scored)."""
        CategoricalCrossentropy.backward(self, dvalues, y_true)


class Loss_BinaryCrossentropy(Loss, BinaryCrossentropy):
    """Chapter 16: targets 0 or 1, one column per sigmoid output (``y.reshape(-1, 1)``)."""

    book_inherited: ClassVar[tuple[str, ...]] = ("forward",)

    def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> None:  # type: ignore[override]
        """Sets ``dinputs``, d mean loss / d ``dvalues`` (the predictions the loss scored)."""
        BinaryCrossentropy.backward(self, dvalues, y_true)


class Loss_MeanSquaredError(Loss, MeanSquaredError):
    """Chapter 17's regression loss: the mean of ``(y_true - y_pred) ** 2`` per sample."""

    book_inherited: ClassVar[tuple[str, ...]] = ("forward",)

    def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> None:  # type: ignore[override]
        """Sets ``dinputs``, d mean loss / d ``dvalues`` (the predictions the loss scored)."""
        MeanSquaredError.backward(self, dvalues, y_true)


class Loss_MeanAbsoluteError(Loss, MeanAbsoluteError):
    """Chapter 17's L1 loss. Its gradient is ``sign(prediction - target)``: the book prints
    ``np.sign(y_true - dvalues)``, a sign slip that would climb the loss; nnwb follows the
    maths, so a run with this loss parts from the book's."""

    book_inherited: ClassVar[tuple[str, ...]] = ("forward",)

    def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> None:  # type: ignore[override]
        """Sets ``dinputs``, d mean loss / d ``dvalues`` (the predictions the loss scored)."""
        MeanAbsoluteError.backward(self, dvalues, y_true)


class Activation_Softmax_Loss_CategoricalCrossentropy(SoftmaxCategoricalCrossentropy, metaclass=BookClass):
    """Softmax and cross-entropy in one step, both the book's versions: chapters 9-17 call
    ``forward(inputs, y_true)`` (softmax, then the mean loss, returned) and read ``.loss``
    for the regularisation; chapter 18's model calls only ``backward(dvalues, y_true)``,
    which sets ``dinputs = (softmax - one_hot) / samples`` and returns None."""

    def __init__(self) -> None:
        super().__init__()
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, inputs: np.ndarray, y_true: np.ndarray) -> Any:
        """Softmax of ``inputs`` (kept in ``output``), then the mean loss, returned (chapters 9-17)."""
        # The book's activation returns nothing: its output is read from the attribute.
        self.activation.forward(inputs)
        output: np.ndarray = self.activation.output  # type: ignore[assignment]  # just set
        self.output = output
        return self.loss.calculate(output, y_true)

    def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> None:  # type: ignore[override]
        """Sets ``dinputs``, d mean loss / d ``dvalues`` (the predictions the loss scored)."""
        before = getattr(self, "dinputs", None)
        try:
            SoftmaxCategoricalCrossentropy.backward(self, dvalues, y_true)
        except Exception:
            self.dinputs = before  # a refused label loses nothing: dinputs stay the last good pass's
            raise
