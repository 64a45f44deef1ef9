"""The book's chapter 16 and 17 networks for train_speed.py: nnwb's Trainer against the
book's own classes (read from a clone of Sentdex/nnfs_book at run time) and loop.

Chapter 16: spiral_data(100, 2), labels as a column; Dense(2, 64, L2 5e-4 on weights and
biases) + ReLU, Dense(64, 1) + sigmoid; binary cross-entropy; Adam(decay=5e-7).
Chapter 17: sine_data() (1000 samples); Dense(1, 64) + ReLU, Dense(64, 64) + ReLU,
Dense(64, 1), weights 0.1 * randn; mean squared error; Adam(learning_rate=0.005, decay=1e-3).
Full batch, float64 (the book's classes without nnfs.init()), the same first weights for
both; each epoch computes the loss (data + regularisation) and the accuracy, as the
chapter's loop prints them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from book_style import book_chapter_classes
from nnfs.datasets import sine_data

from engine import Dense, Linear, Network, ReLU, Sigmoid, Step, spiral_data
from engine.optimizers import Adam
from engine.training import Trainer


class LayerSpec(NamedTuple):
    n_inputs: int
    n_neurons: int
    activation: str  # the book's class name
    scale: float = 0.01
    l2: float = 0.0  # on weights and biases, as the chapter sets it


class Chapter(NamedTuple):
    number: int
    title: str
    file: str
    data: Callable[[], tuple[np.ndarray, np.ndarray]]
    layers: list[LayerSpec]
    loss: str  # the book's class name
    adam: dict[str, float]

    def first_weights(self) -> tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        """The data and first weights, drawn in the book's order after seed 0."""
        np.random.seed(0)
        X, y = self.data()
        first = [(spec.scale * np.random.randn(spec.n_inputs, spec.n_neurons), np.zeros((1, spec.n_neurons))) for spec in self.layers]
        return X, y, first

    def contenders(self, repo: str) -> list[Any]:
        X, y, first = self.first_weights()
        return [NnwbChapter(self, X, y, first), BookChapter(self, X, y, first, book_chapter_classes(repo, self.file))]


def _accuracy(chapter: Chapter, output: np.ndarray, y: np.ndarray, precision: float) -> Any:
    if chapter.loss == "Loss_BinaryCrossentropy":
        return np.mean((output > 0.5) * 1 == y)
    return np.mean(np.absolute(output - y) < precision)


class NnwbChapter:
    name = "nnwb Trainer"

    def __init__(self, chapter: Chapter, X: np.ndarray, y: np.ndarray, first: list[tuple[np.ndarray, np.ndarray]]) -> None:
        activations = {"Activation_ReLU": ReLU, "Activation_Sigmoid": Sigmoid, "Activation_Linear": Linear}
        steps = [
            Step(
                Dense.from_arrays(w.copy(), b.copy(), weight_regularizer_l2=spec.l2, bias_regularizer_l2=spec.l2),
                activations[spec.activation](),
            )
            for spec, (w, b) in zip(chapter.layers, first)
        ]
        self.trainer = Trainer(Network(steps), X, y, Adam(**chapter.adam))
        self.loss = self.accuracy = float("nan")

    def run(self, epochs: int) -> None:
        for stats in self.trainer.train(epochs):
            self.loss, self.accuracy = stats.loss, stats.accuracy


class BookChapter:
    name = "book's own classes"

    def __init__(
        self, chapter: Chapter, X: np.ndarray, y: np.ndarray, first: list[tuple[np.ndarray, np.ndarray]],
        book: dict[str, Any],
    ) -> None:
        self.chapter, self.X, self.y = chapter, X, y
        self.denses, self.activations = [], []
        for spec, (w, b) in zip(chapter.layers, first):
            dense = book["Layer_Dense"](spec.n_inputs, spec.n_neurons, 0, spec.l2, 0, spec.l2)
            dense.weights, dense.biases = w.copy(), b.copy()
            self.denses.append(dense)
            self.activations.append(book[spec.activation]())
        self.loss_function = book[chapter.loss]()
        self.optimizer = book["Optimizer_Adam"](**chapter.adam)
        self.precision = float(np.std(y) / 250)
        self.loss = self.accuracy = float("nan")

    def run(self, epochs: int) -> None:
        pairs = list(zip(self.denses, self.activations))
        loss_function, optimizer, y = self.loss_function, self.optimizer, self.y
        for _epoch in range(epochs):
            output = self.X
            for dense, activation in pairs:
                dense.forward(output)
                activation.forward(dense.output)
                output = activation.output
            data_loss = loss_function.calculate(output, y)
            regularization_loss = sum(loss_function.regularization_loss(dense) for dense in self.denses)
            self.loss = float(data_loss + regularization_loss)
            self.accuracy = float(_accuracy(self.chapter, output, y, self.precision))
            loss_function.backward(output, y)
            dvalues = loss_function.dinputs
            for dense, activation in reversed(pairs):
                activation.backward(dvalues)
                dense.backward(activation.dinputs)
                dvalues = dense.dinputs
            optimizer.pre_update_params()
            for dense in self.denses:
                optimizer.update_params(dense)
            optimizer.post_update_params()


def _binary_spiral() -> tuple[np.ndarray, np.ndarray]:
    X, y = spiral_data(100, 2)
    return X, y.reshape(-1, 1)


CHAPTERS = [
    Chapter(
        16,
        "spiral_data(100, 2), Dense(2, 64, L2 5e-4) + ReLU, Dense(64, 1) + sigmoid, binary cross-entropy, Adam(decay=5e-7)",
        "Chapter_16/Ch16_Final.py",
        _binary_spiral,
        [LayerSpec(2, 64, "Activation_ReLU", l2=5e-4), LayerSpec(64, 1, "Activation_Sigmoid")],
        "Loss_BinaryCrossentropy",
        {"decay": 5e-7},
    ),
    Chapter(
        17,
        "sine_data(), Dense(1, 64) + ReLU, Dense(64, 64) + ReLU, Dense(64, 1) (0.1 * randn), MSE, Adam(0.005, decay=1e-3)",
        "Chapter_17/Ch17_Final.py",
        sine_data,
        [
            LayerSpec(1, 64, "Activation_ReLU", scale=0.1),
            LayerSpec(64, 64, "Activation_ReLU", scale=0.1),
            LayerSpec(64, 1, "Activation_Linear", scale=0.1),
        ],
        "Loss_MeanSquaredError",
        {"learning_rate": 0.005, "decay": 1e-3},
    ),
]
