"""The session files some built-in lessons start from, made from the notes' numbers.

``python -m tests.lessons.course_starts`` writes them into tui/lessons/course/; a test
checks that the shipped files are what this makes, so the numbers have one source.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from engine import Dense, Network, Step, activation_named
from engine.datasets import NOTES_RANDOM_X, spiral_data
from engine.precision import nnfs_mode
from tests.lessons.course_starts_14_17 import STARTS_14_17
from tui.document.state import Document, LayerInit
from tui.files.session_file import dumps
from tui.lessons.loader import COURSE


def _layer(weights: np.ndarray, biases: list[float], activation: str = "linear") -> Step:
    return Step(Dense.from_arrays(np.asarray(weights, dtype=np.float64), np.array([biases], dtype=np.float64)),
                activation_named(activation))


def layer_dense() -> Document:
    """Lesson 6: the notes' X, and layers drawn as the notes' first Layer_Dense drew them:
    np.random.randn(n_inputs, n_neurons), no 0.01, and too few neurons."""
    np.random.seed(0)
    first = Dense(4, 3, weight_scale=1.0)
    second = Dense(3, 2, weight_scale=1.0)
    network = Network([Step(first), Step(second)])
    return Document(network, np.array(NOTES_RANDOM_X), inits=[LayerInit(0, 1.0), LayerInit(1, 1.0)])


def softmax() -> Document:
    """Lesson 8: the notes' dog, cat and human scores [1, 2, 3] into a softmax; the layer
    passes them on unchanged (identity weights, no biases)."""
    network = Network([_layer(np.eye(3), [0.0, 0.0, 0.0], "softmax")])
    return Document(network, np.array([[1.0, 2.0, 3.0]]))


NOTES_SOFTMAX_OUTPUTS = [[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]]


def _scores_of(probabilities: list[list[float]]) -> np.ndarray:
    """Inputs whose softmax is ``probabilities``: their logarithms (softmax(log p) = p)."""
    return np.log(np.array(probabilities))


def cross_entropy() -> Document:
    """Lesson 9: the notes' softmax_outputs as the network's output, class_targets [0, 1, 1]."""
    network = Network([_layer(np.eye(3), [0.0, 0.0, 0.0], "softmax")])
    return Document(network, _scores_of(NOTES_SOFTMAX_OUTPUTS), np.array([0, 1, 1]))


def accuracy() -> Document:
    """Lesson 10: the notes' predictions [0, 0, 1] against class_targets [0, 1, 1]."""
    network = Network([_layer(np.eye(3), [0.0, 0.0, 0.0], "softmax")])
    outputs = [[0.7, 0.1, 0.2], [0.5, 0.1, 0.4], [0.02, 0.9, 0.08]]
    return Document(network, _scores_of(outputs), np.array([0, 1, 1]))


def chapter_10() -> Document:
    """Lessons 18-20: the book's chapters 10-11 as Ch10_Final.py sets them up: nnfs.init()
    (float32, seed 0), spiral_data(samples=100, classes=3), then Layer_Dense(2, 64) + ReLU and
    Layer_Dense(64, 3) + softmax drawn in that order."""
    dtype = nnfs_mode(0)
    inputs, labels = spiral_data(samples=100, classes=3, dtype=dtype)
    network = Network([Step(Dense(2, 64, dtype=dtype), activation_named("relu")),
                       Step(Dense(64, 3, dtype=dtype), activation_named("softmax"))])
    return Document(network, inputs, labels.astype(np.int64), np.dtype(dtype), inits=[LayerInit(0), LayerInit(1)])


def _logits(probabilities: list[float]) -> np.ndarray:
    """Inputs whose sigmoid is ``probabilities``, one a row: their log-odds (σ(log(p / (1 − p))) = p)."""
    p = np.array(probabilities)
    return np.log(p / (1 - p)).reshape(-1, 1)


def binary() -> Document:
    """Lesson 23: three samples whose one sigmoid output is 0.7, 0.1 and 0.8, labels 1, 0, 0
    (the layer passes each input on: weight 1, bias 0)."""
    network = Network([_layer(np.eye(1), [0.0], "sigmoid")])
    return Document(network, _logits([0.7, 0.1, 0.8]), np.array([1, 0, 0]))


def parameters() -> Document:
    """Lesson 12: the notes' picture, 10-32-32-32-2, with no labels: counting needs none, and
    f's way from softmax to ReLU passes linear, which 2 outputs and 1 label column refuse."""
    preset = Document.from_preset("parameter-count")
    return Document(preset.network, preset.inputs, inits=preset.inits)


STARTS: dict[str, Callable[[], Document]] = {
    "06-layer-dense.json": layer_dense,
    "08-softmax.json": softmax,
    "09-cross-entropy.json": cross_entropy,
    "10-accuracy.json": accuracy,
    "12-parameters.json": parameters,
    "18-chapter-10.json": chapter_10,
    "23-binary.json": binary,
}
STARTS.update(STARTS_14_17)  # lessons 14-17's own (tests/lessons/course_starts_14_17.py)


def text_of(name: str) -> str:
    return dumps(STARTS[name]())


def main(folder: Path = COURSE) -> None:
    for name in STARTS:
        (folder / name).write_text(text_of(name), encoding="utf-8")
        print(f"wrote {folder / name}")


if __name__ == "__main__":
    main()
