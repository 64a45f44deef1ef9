"""The book's training code, written the way the book writes it: the project's one copy.

Separate classes, one array operation per formula, new arrays at every step, nothing
fused beyond the book's own Activation_Softmax_Loss_CategoricalCrossentropy. The chapter
10 loop (``book_epoch``) is the baseline of ``train_speed``; in the tests the classes are
an independent reference for the Trainer's numbers, chapter 10's and, with the later
chapters' classes below (L2 regularisation, dropout, sigmoid, linear, binary
cross-entropy, mean squared error), chapters 15 to 17's. The classes call NumPy through
``np.`` as the book's do, so a script that ran ``nnfs.init()`` before importing them gets
its patched NumPy. (The benchmark uses them in float64, without ``nnfs.init()``: it
compares like with like.)
"""

from __future__ import annotations

import numpy as np

# What ``from book_style import *`` gives a script: the book's classes, by the book's names.
__all__ = [
    "Activation_Linear", "Activation_ReLU", "Activation_Sigmoid", "Activation_Softmax",
    "Activation_Softmax_Loss_CategoricalCrossentropy", "Layer_Dense", "Layer_Dropout", "Loss",
    "Loss_BinaryCrossentropy", "Loss_CategoricalCrossentropy", "Loss_MeanSquaredError", "Optimizer_Adam",
    "Optimizer_SGD",
]


class Layer_Dense:
    """Chapter 14's, with L2 only; ``weight_scale``: chapter 17 draws its weights as 0.1 * randn."""

    def __init__(
        self, n_inputs: int, n_neurons: int, weight_regularizer_l2: float = 0, bias_regularizer_l2: float = 0,
        weight_scale: float = 0.01,
    ) -> None:
        self.weights = weight_scale * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))
        self.weight_regularizer_l2 = weight_regularizer_l2
        self.bias_regularizer_l2 = bias_regularizer_l2

    def forward(self, inputs: np.ndarray) -> None:
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues: np.ndarray) -> None:
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        if self.weight_regularizer_l2 > 0:
            self.dweights += 2 * self.weight_regularizer_l2 * self.weights
        if self.bias_regularizer_l2 > 0:
            self.dbiases += 2 * self.bias_regularizer_l2 * self.biases
        self.dinputs = np.dot(dvalues, self.weights.T)


class Layer_Dropout:
    def __init__(self, rate: float) -> None:
        self.rate = 1 - rate

    def forward(self, inputs: np.ndarray) -> None:
        self.inputs = inputs
        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate
        self.output = inputs * self.binary_mask

    def backward(self, dvalues: np.ndarray) -> None:
        self.dinputs = dvalues * self.binary_mask


class Activation_ReLU:
    def forward(self, inputs: np.ndarray) -> None:
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues: np.ndarray) -> None:
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Activation_Softmax:
    def forward(self, inputs: np.ndarray) -> None:
        self.inputs = inputs
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        probabilities = exp_values / np.sum(exp_values, axis=1, keepdims=True)
        self.output = probabilities


class Activation_Sigmoid:
    def forward(self, inputs: np.ndarray) -> None:
        self.inputs = inputs
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues: np.ndarray) -> None:
        self.dinputs = dvalues * (1 - self.output) * self.output


class Activation_Linear:
    def forward(self, inputs: np.ndarray) -> None:
        self.inputs = inputs
        self.output = inputs

    def backward(self, dvalues: np.ndarray) -> None:
        self.dinputs = dvalues.copy()


class Loss:
    def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def regularization_loss(self, layer: Layer_Dense) -> float:
        """Chapter 14's, L2 only (as ``Layer_Dense`` here)."""
        regularization_loss = 0
        if layer.weight_regularizer_l2 > 0:
            regularization_loss += layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)
        if layer.bias_regularizer_l2 > 0:
            regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)
        return regularization_loss

    def calculate(self, output: np.ndarray, y: np.ndarray) -> float:
        sample_losses = self.forward(output, y)
        data_loss = np.mean(sample_losses)
        return data_loss


class Loss_CategoricalCrossentropy(Loss):
    def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        samples = len(y_pred)
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        if len(y_true.shape) == 1:
            correct_confidences = y_pred_clipped[range(samples), y_true]
        elif len(y_true.shape) == 2:
            correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)
        negative_log_likelihoods = -np.log(correct_confidences)
        return negative_log_likelihoods


class Loss_BinaryCrossentropy(Loss):
    def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        sample_losses = -(y_true * np.log(y_pred_clipped) + (1 - y_true) * np.log(1 - y_pred_clipped))
        return np.mean(sample_losses, axis=-1)

    def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> None:
        samples, outputs = len(dvalues), len(dvalues[0])
        clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -(y_true / clipped_dvalues - (1 - y_true) / (1 - clipped_dvalues)) / outputs
        self.dinputs = self.dinputs / samples


class Loss_MeanSquaredError(Loss):
    def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> None:
        samples, outputs = len(dvalues), len(dvalues[0])
        self.dinputs = -2 * (y_true - dvalues) / outputs
        self.dinputs = self.dinputs / samples


class Activation_Softmax_Loss_CategoricalCrossentropy:
    def __init__(self) -> None:
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, inputs: np.ndarray, y_true: np.ndarray) -> float:
        self.activation.forward(inputs)
        self.output = self.activation.output
        return self.loss.calculate(self.output, y_true)

    def backward(self, dvalues: np.ndarray, y_true: np.ndarray) -> None:
        samples = len(dvalues)
        if len(y_true.shape) == 2:
            y_true = np.argmax(y_true, axis=1)
        self.dinputs = dvalues.copy()
        self.dinputs[range(samples), y_true] -= 1
        self.dinputs = self.dinputs / samples


class Optimizer_SGD:
    def __init__(self, learning_rate: float = 1.0, decay: float = 0.0, momentum: float = 0.0) -> None:
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.momentum = momentum

    def pre_update_params(self) -> None:
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1.0 / (1.0 + self.decay * self.iterations))

    def update_params(self, layer: Layer_Dense) -> None:
        if self.momentum:
            if not hasattr(layer, "weight_momentums"):
                layer.weight_momentums = np.zeros_like(layer.weights)
                layer.bias_momentums = np.zeros_like(layer.biases)
            weight_updates = self.momentum * layer.weight_momentums - self.current_learning_rate * layer.dweights
            layer.weight_momentums = weight_updates
            bias_updates = self.momentum * layer.bias_momentums - self.current_learning_rate * layer.dbiases
            layer.bias_momentums = bias_updates
        else:
            weight_updates = -self.current_learning_rate * layer.dweights
            bias_updates = -self.current_learning_rate * layer.dbiases
        layer.weights += weight_updates
        layer.biases += bias_updates

    def post_update_params(self) -> None:
        self.iterations += 1


class Optimizer_Adam:
    def __init__(
        self, learning_rate: float = 0.001, decay: float = 0.0, epsilon: float = 1e-7, beta_1: float = 0.9,
        beta_2: float = 0.999,
    ) -> None:
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def pre_update_params(self) -> None:
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1.0 / (1.0 + self.decay * self.iterations))

    def update_params(self, layer: Layer_Dense) -> None:
        if not hasattr(layer, "weight_cache"):
            layer.weight_momentums = np.zeros_like(layer.weights)
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_momentums = np.zeros_like(layer.biases)
            layer.bias_cache = np.zeros_like(layer.biases)
        layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights
        layer.bias_momentums = self.beta_1 * layer.bias_momentums + (1 - self.beta_1) * layer.dbiases
        weight_momentums_corrected = layer.weight_momentums / (1 - self.beta_1 ** (self.iterations + 1))
        bias_momentums_corrected = layer.bias_momentums / (1 - self.beta_1 ** (self.iterations + 1))
        layer.weight_cache = self.beta_2 * layer.weight_cache + (1 - self.beta_2) * layer.dweights**2
        layer.bias_cache = self.beta_2 * layer.bias_cache + (1 - self.beta_2) * layer.dbiases**2
        weight_cache_corrected = layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))
        bias_cache_corrected = layer.bias_cache / (1 - self.beta_2 ** (self.iterations + 1))
        layer.weights += (
            -self.current_learning_rate * weight_momentums_corrected / (np.sqrt(weight_cache_corrected) + self.epsilon)
        )
        layer.biases += (
            -self.current_learning_rate * bias_momentums_corrected / (np.sqrt(bias_cache_corrected) + self.epsilon)
        )

    def post_update_params(self) -> None:
        self.iterations += 1


def book_epoch(
    X: np.ndarray,
    y: np.ndarray,
    dense1: Layer_Dense,
    activation1: Activation_ReLU,
    dense2: Layer_Dense,
    loss_activation: Activation_Softmax_Loss_CategoricalCrossentropy,
    optimizer: Optimizer_SGD | Optimizer_Adam,
) -> tuple[float, float]:
    """One epoch of the book's chapter 10 loop: forward, backward, update; (loss, accuracy)."""
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    loss = loss_activation.forward(dense2.output, y)
    predictions = np.argmax(loss_activation.output, axis=1)
    if len(y.shape) == 2:
        y = np.argmax(y, axis=1)
    accuracy = np.mean(predictions == y)
    loss_activation.backward(loss_activation.output, y)
    dense2.backward(loss_activation.dinputs)
    activation1.backward(dense2.dinputs)
    dense1.backward(activation1.dinputs)
    optimizer.pre_update_params()
    optimizer.update_params(dense1)
    optimizer.update_params(dense2)
    optimizer.post_update_params()
    return float(loss), float(accuracy)


def train_book_style(
    X: np.ndarray, y: np.ndarray, optimizer: Optimizer_SGD | Optimizer_Adam, epochs: int, hidden: int = 64,
    seed: int = 0,
) -> tuple[Layer_Dense, Layer_Dense, float, float]:
    """The book's chapter 10 loop: (dense1, dense2, last loss, last accuracy)."""
    np.random.seed(seed)
    dense1 = Layer_Dense(X.shape[1], hidden)
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(hidden, int(np.max(y)) + 1)
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    loss = accuracy = float("nan")
    for _epoch in range(epochs):
        loss, accuracy = book_epoch(X, y, dense1, activation1, dense2, loss_activation, optimizer)
    return dense1, dense2, float(loss), float(accuracy)


def book_chapter_classes(repo: str, chapter_file: str) -> dict[str, object]:
    """The class definitions of one of the book's own chapter scripts, run in a fresh namespace.

    ``repo`` is a clone of Sentdex/nnfs_book (a work tree, or a bare git directory read with
    ``git show HEAD:...``); the book's code stays out of this project and is read at run
    time. Everything before the script's ``# Create dataset`` is kept and its
    ``nnfs.init()`` dropped: float64, as the rest of this module, so the benchmark compares
    like with like.
    """
    import subprocess
    from pathlib import Path

    path = Path(repo) / chapter_file
    if path.is_file():
        source = path.read_text()
    else:
        source = subprocess.run(
            ["git", "-C", repo, "show", f"HEAD:{chapter_file}"], capture_output=True, text=True, check=True
        ).stdout
    definitions = source.split("\n# Create dataset")[0].replace("nnfs.init()", "")
    namespace: dict[str, object] = {"__name__": "nnfs_book_" + Path(chapter_file).stem}
    exec(compile(definitions, chapter_file, "exec"), namespace)  # noqa: S102  (the book's classes, read above)
    return namespace
