"""The book's chapter 19 classes as its formulas give them, written for nnwb's tests: the
layers, loss, optimizer, accuracy and ``Model`` that engine.book's own are mixed with.

They are not engine.book's, nor the book's file (which is not copied into nnwb): the
chapter 10-17 formulas come from ``benchmarks/book_style.py`` (the project's one copy),
and this module adds what chapters 18 and 19 add to them: the ``training`` argument,
``predictions``, the softmax's own backward (taken when a model does not combine it with the
loss), the loss's running sums over a pass and its sum over the model's trainable layers,
the accuracy, and a model that trains in batches with a validation pass each epoch, printing
the book's lines. L2 regularisation only (L1 strengths stay 0), as book_style's layer has it.
``test_mixed_classes`` checks them against the book's own classes when a clone is at hand.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import book_style  # type: ignore[import-not-found]  # noqa: E402

Optimizer_Adam = book_style.Optimizer_Adam


class Layer_Dense(book_style.Layer_Dense):
    def __init__(
        self, n_inputs: int, n_neurons: int, weight_regularizer_l2: float = 0, bias_regularizer_l2: float = 0
    ) -> None:
        super().__init__(n_inputs, n_neurons, weight_regularizer_l2, bias_regularizer_l2)
        self.weight_regularizer_l1 = 0
        self.bias_regularizer_l1 = 0

    def forward(self, inputs: np.ndarray, training: bool = True) -> None:
        super().forward(inputs)


class Layer_Dropout(book_style.Layer_Dropout):
    def forward(self, inputs: np.ndarray, training: bool = True) -> None:
        if training:
            super().forward(inputs)
            return
        # Outside training nothing is dropped; the mask of the last training pass stays.
        self.inputs = inputs
        self.output = inputs.copy()


class Layer_Input:
    def forward(self, inputs: np.ndarray, training: bool = True) -> None:
        self.output = inputs


class Activation_ReLU(book_style.Activation_ReLU):
    def forward(self, inputs: np.ndarray, training: bool = True) -> None:
        super().forward(inputs)

    def predictions(self, outputs: np.ndarray) -> np.ndarray:
        return outputs


class Activation_Softmax(book_style.Activation_Softmax):
    def forward(self, inputs: np.ndarray, training: bool = True) -> None:
        super().forward(inputs)

    def backward(self, dvalues: np.ndarray) -> None:
        """Row by row: the softmax's Jacobian (diag(s) - s sᵀ) times the row's gradient."""
        self.dinputs = np.empty_like(dvalues)
        for row, (outputs, gradient) in enumerate(zip(self.output, dvalues)):
            column = outputs.reshape(-1, 1)
            jacobian = np.diagflat(column) - np.dot(column, column.T)
            self.dinputs[row] = np.dot(jacobian, gradient)

    def predictions(self, outputs: np.ndarray) -> np.ndarray:
        return np.argmax(outputs, axis=1)


class Loss_CategoricalCrossentropy(book_style.Loss_CategoricalCrossentropy):
    """Chapter 19's loss: the mean of a batch, running sums over a pass, the penalty summed
    over the trainable layers the model gave it, one term after another."""

    def remember_trainable_layers(self, trainable_layers: list[Any]) -> None:
        self.trainable_layers = trainable_layers

    def regularization_loss(self) -> Any:
        total: Any = 0
        for layer in self.trainable_layers:
            if layer.weight_regularizer_l2 > 0:
                total += layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)
            if layer.bias_regularizer_l2 > 0:
                total += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)
        return total

    def calculate(self, output: np.ndarray, y: np.ndarray, *, include_regularization: bool = False) -> Any:
        sample_losses = self.forward(output, y)
        data_loss = np.mean(sample_losses)
        self.accumulated_sum += np.sum(sample_losses)
        self.accumulated_count += len(sample_losses)
        return (data_loss, self.regularization_loss()) if include_regularization else data_loss

    def calculate_accumulated(self, *, include_regularization: bool = False) -> Any:
        data_loss = self.accumulated_sum / self.accumulated_count
        return (data_loss, self.regularization_loss()) if include_regularization else data_loss

    def new_pass(self) -> None:
        self.accumulated_sum: Any = 0
        self.accumulated_count = 0

    def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> None:
        """-y / ŷ over the batch, the labels as one-hot rows."""
        if len(y_true.shape) == 1:
            y_true = np.eye(len(dvalues[0]))[y_true]
        self.dinputs = -y_true / dvalues
        self.dinputs = self.dinputs / len(dvalues)


class Accuracy_Categorical:
    def init(self, y: np.ndarray) -> None:
        pass

    def calculate(self, predictions: np.ndarray, y: np.ndarray) -> Any:
        if len(y.shape) == 2:
            y = np.argmax(y, axis=1)
        comparisons = predictions == y
        self.accumulated_sum += np.sum(comparisons)
        self.accumulated_count += len(comparisons)
        return np.mean(comparisons)

    def calculate_accumulated(self) -> Any:
        return self.accumulated_sum / self.accumulated_count

    def new_pass(self) -> None:
        self.accumulated_sum: Any = 0
        self.accumulated_count = 0


class Model:
    """Chapter 19's model, for a softmax output under categorical cross-entropy (the combined
    backward) or any other pair (the loss's backward, then every layer's)."""

    def __init__(self) -> None:
        self.layers: list[Any] = []

    def add(self, layer: Any) -> None:
        self.layers.append(layer)

    def set(self, *, loss: Any, optimizer: Any, accuracy: Any) -> None:
        self.loss, self.optimizer, self.accuracy = loss, optimizer, accuracy

    def finalize(self) -> None:
        self.input_layer = Layer_Input()
        self.trainable_layers = [layer for layer in self.layers if hasattr(layer, "weights")]
        self.loss.remember_trainable_layers(self.trainable_layers)
        combined = isinstance(self.layers[-1], Activation_Softmax) and isinstance(self.loss, Loss_CategoricalCrossentropy)
        self.combined = book_style.Activation_Softmax_Loss_CategoricalCrossentropy() if combined else None

    def forward(self, X: np.ndarray, training: bool) -> np.ndarray:
        self.input_layer.forward(X, training)
        output = self.input_layer.output
        for layer in self.layers:
            layer.forward(output, training)
            output = layer.output
        return output

    def backward(self, output: np.ndarray, y: np.ndarray) -> None:
        if self.combined is not None:  # the softmax's own backward is skipped
            self.combined.backward(output, y)
            self.layers[-1].dinputs = self.combined.dinputs
        else:
            self.loss.backward(output, y)
            self.layers[-1].backward(self.loss.dinputs)
        for layer, following in zip(reversed(self.layers[:-1]), reversed(self.layers)):
            layer.backward(following.dinputs)

    def train(
        self, X: np.ndarray, y: np.ndarray, *, epochs: int, batch_size: int, print_every: int,
        validation_data: tuple[np.ndarray, np.ndarray],
    ) -> None:
        self.accuracy.init(y)
        steps = -(-len(X) // batch_size)
        for epoch in range(1, epochs + 1):
            print(f"epoch: {epoch}")
            self.loss.new_pass()
            self.accuracy.new_pass()
            for step in range(steps):
                batch_X, batch_y = X[step * batch_size : (step + 1) * batch_size], y[step * batch_size : (step + 1) * batch_size]
                output = self.forward(batch_X, training=True)
                data_loss, regularization_loss = self.loss.calculate(output, batch_y, include_regularization=True)
                accuracy = self.accuracy.calculate(self.layers[-1].predictions(output), batch_y)
                self.backward(output, batch_y)
                self.optimizer.pre_update_params()
                for layer in self.trainable_layers:
                    self.optimizer.update_params(layer)
                self.optimizer.post_update_params()
                if not step % print_every or step == steps - 1:
                    print(f"step: {step}, " + self.summary(accuracy, data_loss, regularization_loss))
            data_loss, regularization_loss = self.loss.calculate_accumulated(include_regularization=True)
            print("training, " + self.summary(self.accuracy.calculate_accumulated(), data_loss, regularization_loss))
            self.validate(*validation_data, batch_size)

    def validate(self, X: np.ndarray, y: np.ndarray, batch_size: int) -> None:
        self.loss.new_pass()
        self.accuracy.new_pass()
        for step in range(-(-len(X) // batch_size)):
            batch_X, batch_y = X[step * batch_size : (step + 1) * batch_size], y[step * batch_size : (step + 1) * batch_size]
            output = self.forward(batch_X, training=False)
            self.loss.calculate(output, batch_y)
            self.accuracy.calculate(self.layers[-1].predictions(output), batch_y)
        print(f"validation, acc: {self.accuracy.calculate_accumulated():.3f}, loss: {self.loss.calculate_accumulated():.3f}")

    def summary(self, accuracy: Any, data_loss: Any, regularization_loss: Any) -> str:
        return (
            f"acc: {accuracy:.3f}, loss: {data_loss + regularization_loss:.3f} (data_loss: {data_loss:.3f}, "
            f"reg_loss: {regularization_loss:.3f}), lr: {self.optimizer.current_learning_rate}"
        )
