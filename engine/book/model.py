"""The book's ``Model`` (chapters 18-22): add layers, set the loss, optimizer and accuracy,
finalize, then ``train``, ``evaluate``, ``predict``; parameters and whole models saved.

The layers are engine.book's, or the book's own classes (a chapter's, typed into the same
notebook); the model only chains them, as the book's does: forward through every layer,
backward in reverse order from the loss (or from the combined softmax/cross-entropy step
when the last layer is a softmax and the loss is categorical cross-entropy, either side's,
known by class name as the book's ``isinstance`` knows its own), then one optimizer step
over the layers that have weights. Either side's classes train to the book's bits.

``train`` prints what the book prints. Without ``batch_size`` it is chapter 18's model:
one step per epoch, a line every ``print_every`` epochs, the validation after the last.
With ``batch_size`` it is chapter 19's: a line per epoch, one every ``print_every`` steps
and for the last step, the epoch's running means, the validation after every epoch.

Files are NumPy's ``.npz`` with a JSON description (``engine.book.saving``), never pickle.
"""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np

from engine.activations import Softmax
from engine.book.book_class import BookClass
from engine.book.layers import Layer_Input
from engine.book.losses import Activation_Softmax_Loss_CategoricalCrossentropy
from engine.losses import CategoricalCrossentropy


def steps_for(samples: int, batch_size: int | None) -> int:
    """How many batches cover ``samples`` (the last one may be short); 1 without batches."""
    if batch_size is None:
        return 1
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number >= 1 (or None for the whole set), not {batch_size!r}")
    return max(1, math.ceil(samples / int(batch_size)))


def batch(data: np.ndarray, step: int, batch_size: int | None) -> np.ndarray:
    if batch_size is None:
        return data
    return data[step * batch_size : (step + 1) * batch_size]


class Model(metaclass=BookClass):
    """The book's model: ``add`` layers, ``set(loss=, optimizer=, accuracy=)``, ``finalize()``,
    then ``train(X, y, epochs=, batch_size=, print_every=, validation_data=)``, ``evaluate``,
    ``predict``, ``save`` and ``Model.load``. It holds engine.book's layers or the book's own."""

    def __init__(self) -> None:
        self.layers: list[Any] = []
        self.loss: Any = None
        self.optimizer: Any = None
        self.accuracy: Any = None
        self.softmax_classifier_output: Activation_Softmax_Loss_CategoricalCrossentropy | None = None
        self.trainable_layers: list[Any] = []
        self.input_layer: Layer_Input | None = None
        self.output_layer_activation: Any = None

    def add(self, layer: Any) -> None:
        self.layers.append(layer)

    def set(self, *, loss: Any = None, optimizer: Any = None, accuracy: Any = None) -> None:
        """Set any of the three; chapter 21 loads a model for evaluation with no optimizer."""
        if loss is not None:
            self.loss = loss
        if optimizer is not None:
            self.optimizer = optimizer
        if accuracy is not None:
            self.accuracy = accuracy

    def finalize(self) -> None:
        if not self.layers:
            raise RuntimeError("the model has no layers: add() some before finalize()")
        self.input_layer = Layer_Input()
        self.output_layer_activation = self.layers[-1]
        # The book's chain, which a learner may print or follow: each layer's ``prev`` (the
        # input layer for the first) and ``next`` (the loss for the last).
        for layer, before, after in zip(self.layers, [self.input_layer, *self.layers], [*self.layers[1:], self.loss]):
            layer.prev = before
            layer.next = after
        self.trainable_layers = [layer for layer in self.layers if hasattr(layer, "weights")]
        if self.loss is not None:
            self.loss.remember_trainable_layers(self.trainable_layers)
        self.softmax_classifier_output = None
        if _is_softmax(self.layers[-1]) and _is_categorical_crossentropy(self.loss):
            self.softmax_classifier_output = Activation_Softmax_Loss_CategoricalCrossentropy()

    def _require(self, *names: str) -> None:
        if self.input_layer is None:
            raise RuntimeError("call finalize() after adding the layers and before using the model")
        missing = [name for name in names if getattr(self, name) is None]
        if missing:
            raise RuntimeError(f"the model has no {' or '.join(missing)}: give it with model.set({missing[0]}=...)")

    def train(
        self,
        X: np.ndarray,
        y: np.ndarray,
        *,
        epochs: int = 1,
        batch_size: int | None = None,
        print_every: int = 1,
        validation_data: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        self._require("loss", "optimizer", "accuracy")
        self.accuracy.init(y)
        if batch_size is None:
            self._train_whole(X, y, epochs, print_every)
            if validation_data is not None:
                self.evaluate(*validation_data)
            return
        train_steps = steps_for(len(X), batch_size)
        for epoch in range(1, epochs + 1):
            print(f"epoch: {epoch}")
            self.loss.new_pass()
            self.accuracy.new_pass()
            for step in range(train_steps):
                accuracy, loss, data_loss, regularization_loss = self._step(
                    batch(X, step, batch_size), batch(y, step, batch_size)
                )
                if not step % print_every or step == train_steps - 1:
                    print(f"step: {step}, " + _summary(accuracy, loss, data_loss, regularization_loss, self.optimizer))
            epoch_data_loss, epoch_regularization_loss = self.loss.calculate_accumulated(include_regularization=True)
            epoch_loss = epoch_data_loss + epoch_regularization_loss
            epoch_accuracy = self.accuracy.calculate_accumulated()
            print(
                "training, "
                + _summary(epoch_accuracy, epoch_loss, epoch_data_loss, epoch_regularization_loss, self.optimizer)
            )
            if validation_data is not None:
                self.evaluate(*validation_data, batch_size=batch_size)

    def _train_whole(self, X: np.ndarray, y: np.ndarray, epochs: int, print_every: int) -> None:
        """Chapter 18's loop: the whole set each epoch, a line every ``print_every`` epochs."""
        for epoch in range(1, epochs + 1):
            _new_pass(self.loss, self.accuracy)
            accuracy, loss, data_loss, regularization_loss = self._step(X, y)
            if not epoch % print_every:
                print(f"epoch: {epoch}, " + _summary(accuracy, loss, data_loss, regularization_loss, self.optimizer))

    def _step(self, X: np.ndarray, y: np.ndarray) -> tuple[Any, Any, Any, Any]:
        """Forward, loss, accuracy, backward, update: (accuracy, loss, data loss, regularisation)."""
        output = self.forward(X, training=True)
        data_loss, regularization_loss = self.loss.calculate(output, y, include_regularization=True)
        loss = data_loss + regularization_loss
        predictions = self.output_layer_activation.predictions(output)
        accuracy = self.accuracy.calculate(predictions, y)
        self.backward(output, y)
        self.optimizer.pre_update_params()
        for layer in self.trainable_layers:
            self.optimizer.update_params(layer)
        self.optimizer.post_update_params()
        return accuracy, loss, data_loss, regularization_loss

    def evaluate(self, X_val: np.ndarray, y_val: np.ndarray, *, batch_size: int | None = None) -> None:
        """Loss and accuracy on data the model does not learn from; prints the book's line."""
        self._require("loss", "accuracy")
        self.loss.new_pass()
        self.accuracy.new_pass()
        for step in range(steps_for(len(X_val), batch_size)):
            batch_X, batch_y = batch(X_val, step, batch_size), batch(y_val, step, batch_size)
            output = self.forward(batch_X, training=False)
            self.loss.calculate(output, batch_y)
            self.accuracy.calculate(self.output_layer_activation.predictions(output), batch_y)
        validation_loss = self.loss.calculate_accumulated()
        validation_accuracy = self.accuracy.calculate_accumulated()
        print(f"validation, acc: {validation_accuracy:.3f}, loss: {validation_loss:.3f}")

    def predict(self, X: np.ndarray, *, batch_size: int | None = None) -> np.ndarray:
        """The model's outputs for ``X`` (dropout off), batch by batch, stacked."""
        self._require()
        outputs = [
            self.forward(batch(X, step, batch_size), training=False) for step in range(steps_for(len(X), batch_size))
        ]
        return np.vstack(outputs)

    def forward(self, X: np.ndarray, training: bool) -> np.ndarray:
        self._require()
        assert self.input_layer is not None
        self.input_layer.forward(X, training)
        output = self.input_layer.output
        for layer in self.layers:
            layer.forward(output, training)
            output = layer.output
        return output  # type: ignore[return-value]

    def backward(self, output: np.ndarray, y: np.ndarray) -> None:
        layers = self.layers
        if self.softmax_classifier_output is not None:
            # The combined step gives d loss / d softmax inputs at once: the softmax
            # layer's own backward is skipped, its dinputs set from the combined step.
            self.softmax_classifier_output.backward(output, y)
            dinputs = self.softmax_classifier_output.dinputs
            self.layers[-1].dinputs = dinputs
            layers = self.layers[:-1]
        else:
            self.loss.backward(output, y)
            dinputs = self.loss.dinputs
        for layer in reversed(layers):
            layer.backward(dinputs)
            dinputs = layer.dinputs

    def get_parameters(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """``[(weights, biases), ...]``, one pair per trainable layer, in order."""
        self._require()
        return [layer.get_parameters() for layer in self.trainable_layers]

    def set_parameters(self, parameters: list[tuple[np.ndarray, np.ndarray]]) -> None:
        self._require()
        parameters = list(parameters)
        if len(parameters) != len(self.trainable_layers):
            raise ValueError(
                f"{len(parameters)} (weights, biases) pairs for a model of {len(self.trainable_layers)} dense layers"
            )
        # Every pair is checked before any is set: a refused set leaves the model as it was.
        for index, ((weights, biases), layer) in enumerate(zip(parameters, self.trainable_layers), start=1):
            if np.shape(weights) != layer.weights.shape or np.shape(biases) != layer.biases.shape:
                raise ValueError(
                    f"dense layer {index} has weights {layer.weights.shape} and biases {layer.biases.shape}; "
                    f"the parameters given are {np.shape(weights)} and {np.shape(biases)}"
                )
        for (weights, biases), layer in zip(parameters, self.trainable_layers):
            layer.set_parameters(weights, biases)

    def save_parameters(self, path: str | os.PathLike[str]) -> None:
        from engine.book import saving  # on first use: JSON and zip files are not a chapter's imports

        saving.save_parameters(self, path)

    def load_parameters(self, path: str | os.PathLike[str]) -> None:
        from engine.book import saving

        saving.load_parameters(self, path)

    def save(self, path: str | os.PathLike[str]) -> None:
        """The whole model: its layers, their parameters, the loss, accuracy and optimizer
        (with its state, so training can go on where it stopped)."""
        from engine.book import saving

        saving.save_model(self, path)

    @staticmethod
    def load(path: str | os.PathLike[str]) -> Model:
        from engine.book import saving

        return saving.load_model(path, Model)


def _is_softmax(layer: Any) -> bool:
    """The book's ``isinstance(layer, Activation_Softmax)`` for its classes and for ours: by
    name, as the book's own layers (a chapter's classes) are not engine.book's."""
    return isinstance(layer, Softmax) or any(cls.__name__ == "Activation_Softmax" for cls in type(layer).__mro__)


def _is_categorical_crossentropy(loss: Any) -> bool:
    return isinstance(loss, CategoricalCrossentropy) or any(
        cls.__name__ == "Loss_CategoricalCrossentropy" for cls in type(loss).__mro__
    )


def _new_pass(*counters: Any) -> None:
    """Start the running sums, as the book's chapter 19 model does every epoch; its chapter
    18 classes have none (their losses and accuracies count nothing between calls)."""
    for counter in counters:
        new_pass = getattr(counter, "new_pass", None)
        if new_pass is not None:
            new_pass()


def _summary(accuracy: Any, loss: Any, data_loss: Any, regularization_loss: Any, optimizer: Any) -> str:
    return (
        f"acc: {accuracy:.3f}, loss: {loss:.3f} (data_loss: {data_loss:.3f}, "
        f"reg_loss: {regularization_loss:.3f}), lr: {optimizer.current_learning_rate}"
    )
