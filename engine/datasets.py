"""Data: nnfs's spiral, vertical and sine sets, and the notes' worked examples as presets.

nnfs makes float32 data only by patching NumPy for the whole process (``nnfs.init()``).
In float64 the functions below call nnfs itself; in float32 they follow nnfs's code line
by line with the casts ``nnfs.init()`` would have made, so the numbers are the same to the
last bit without patching anything (a test checks both against nnfs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from engine.activations import Linear, ReLU, Sigmoid, Softmax
from engine.layers import Dense
from engine.network import Network, Step
from engine.precision import DEFAULT_DTYPE, nnfs_mode, randn


def spiral_data(samples: int, classes: int, dtype: np.dtype | type = DEFAULT_DTYPE) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms of ``samples`` points each; labels are the arm."""
    if np.dtype(dtype) == np.float64:
        from nnfs.datasets import spiral_data as nnfs_spiral  # on first use: no preset of the first frame draws data

        return nnfs_spiral(samples, classes)
    # Copyright (c) 2015 Andrej Karpathy, via nnfs: the same steps, with nnfs.init()'s casts.
    X = np.zeros((samples * classes, 2), dtype=dtype)
    y = np.zeros(samples * classes, dtype="uint8")
    for class_number in range(classes):
        ix = range(samples * class_number, samples * (class_number + 1))
        r = np.linspace(0.0, 1, samples)
        t = np.linspace(class_number * 4, (class_number + 1) * 4, samples) + randn(1, samples, dtype)[0] * 0.2
        X[ix] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[ix] = class_number
    return X, y


def vertical_data(samples: int, classes: int, dtype: np.dtype | type = DEFAULT_DTYPE) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` vertical blobs of ``samples`` points each, side by side."""
    if np.dtype(dtype) == np.float64:
        from nnfs.datasets import vertical_data as nnfs_vertical

        return nnfs_vertical(samples, classes)
    X = np.zeros((samples * classes, 2), dtype=dtype)
    y = np.zeros(samples * classes, dtype="uint8")
    for class_number in range(classes):
        ix = range(samples * class_number, samples * (class_number + 1))
        X[ix] = np.c_[
            randn(1, samples, dtype)[0] * 0.1 + class_number / 3,
            randn(1, samples, dtype)[0] * 0.1 + 0.5,
        ]
        y[ix] = class_number
    return X, y


def sine_data(samples: int = 1000, dtype: np.dtype | type = DEFAULT_DTYPE) -> tuple[np.ndarray, np.ndarray]:
    """The book's chapter 17 regression data: X evenly spaced in [0, 1), y = sin(2 pi X),
    both (samples, 1).

    nnfs makes these in float64 even after ``nnfs.init()`` (np.arange is not one of the
    functions it patches), and the book's chapter 17 feeds them, float64, into float32
    layers. So ``dtype`` float32 (the nnfs mode) gives the same float64 arrays: what the
    book's script has, which the nnfs mode's arithmetic then handles as nnfs's np.dot
    does. Any other dtype gets the values cast to it.
    """
    from nnfs.datasets import sine_data as nnfs_sine

    X, y = nnfs_sine(samples)
    if np.dtype(dtype) in (np.float64, np.float32):
        return X, y
    return X.astype(dtype), y.astype(dtype)


class TrainingHints(NamedTuple):
    """How the book trains a preset's network: what the training form starts with.

    The keys are the training form's own (its ``FIELDS``: ``optimizer``,
    ``learning_rate``, ``decay``, ``epochs``) plus ``loss``, the loss choice a linear
    output takes ("mse" or "mae"; None: the final activation's own, engine.loss_choice).
    """

    optimizer: str = "adam"
    learning_rate: float = 0.001
    decay: float = 0.0
    epochs: int = 10001
    loss: str | None = None


@dataclass
class Example:
    """A network with its batch (and labels), ready for ``forward_trace``.

    ``labels`` are class indices (int), or float targets for a linear output (chapter 17).
    ``training``: the book's training settings for this network (``TrainingHints``), or
    None; a preset's come from its row in PRESETS (``Preset.training``), its one place.
    """

    network: Network
    inputs: np.ndarray
    labels: np.ndarray | None = None
    dtype: np.dtype = DEFAULT_DTYPE
    seed: int | None = None  # the seed its random weights were drawn with, if any
    weight_scale: float | None = None
    training: TrainingHints | None = None


class Preset(NamedTuple):
    name: str
    title: str
    description: str
    build: Callable[[], Example]
    training: TrainingHints | None = None  # the book's training settings (Example.training)


def _layer(rows_per_neuron: list[list[float]], biases: list[float]) -> Dense:
    """A Dense from weights written as the notes write them: one row per neuron."""
    return Dense.from_arrays(np.array(rows_per_neuron, dtype=np.float64).T, np.array([biases], dtype=np.float64))


NOTES_INPUTS = [1.0, 2.0, 3.0, 2.5]
NOTES_WEIGHTS = [[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]
NOTES_BIASES = [2.0, 3.0, 0.5]
NOTES_BATCH = [[1.0, 2.0, 3.0, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]
NOTES_WEIGHTS2 = [[0.1, -0.14, 0.5], [-0.5, 0.12, -0.33], [-0.44, 0.73, -0.13]]
NOTES_BIASES2 = [-1.0, 2.0, -0.5]
NOTES_RANDOM_X = [[1.0, 2.0, 3.0, 2.5], [4.0, 5.0, 6.0, 1.2], [7.0, 8.0, 9.0, 1.45]]


def _single_neuron() -> Example:
    layer = _layer([[0.2, 0.8, -0.5]], [2.0])
    return Example(Network([Step(layer)]), np.array([[1.0, 2.0, 3.0]]))


def _layer_of_three() -> Example:
    return Example(Network([Step(_layer(NOTES_WEIGHTS, NOTES_BIASES))]), np.array([NOTES_INPUTS]))


def _batch() -> Example:
    return Example(Network([Step(_layer(NOTES_WEIGHTS, NOTES_BIASES))]), np.array(NOTES_BATCH))


def _transpose_mistake() -> Example:
    # Weights kept one row per neuron, (3, 4), and used without .T: the notes' shape error.
    layer = Dense.from_arrays(np.array(NOTES_WEIGHTS), np.array([NOTES_BIASES]))
    return Example(Network([Step(layer)]), np.array(NOTES_BATCH))


def _two_layers() -> Example:
    network = Network([Step(_layer(NOTES_WEIGHTS, NOTES_BIASES)), Step(_layer(NOTES_WEIGHTS2, NOTES_BIASES2))])
    return Example(network, np.array(NOTES_BATCH))


def _random_dense() -> Example:
    np.random.seed(0)
    network = Network([Step(Dense(4, 5)), Step(Dense(5, 2))])
    return Example(network, np.array(NOTES_RANDOM_X), seed=0, weight_scale=0.01)


def _spiral() -> Example:
    dtype = nnfs_mode(0)
    X, y = spiral_data(samples=100, classes=3, dtype=dtype)
    network = Network(
        [Step(Dense(2, 3, weight_scale=0.1, dtype=dtype), ReLU()), Step(Dense(3, 3, weight_scale=0.1, dtype=dtype), Softmax())]
    )
    return Example(network, X, y.astype(np.int64), dtype=dtype, seed=0, weight_scale=0.1)


def _parameter_count() -> Example:
    np.random.seed(0)
    inputs = np.round(np.random.randn(3, 10), 2)
    network = Network.from_sizes([10, 32, 32, 32, 2], ["relu", "relu", "relu", "softmax"], 0.01)
    return Example(network, inputs, np.array([0, 1, 0]), seed=0, weight_scale=0.01)


# The book's chapters 15-17, as their Ch*_Final.py scripts set them up: nnfs.init() (the
# nnfs mode, seed 0), the data drawn first, then each layer's weights in order.
BOOK_L2 = 5e-4  # chapters 15 and 16: weight_regularizer_l2 and bias_regularizer_l2 of the first layer


def _chapter15_dropout() -> Example:
    dtype = nnfs_mode(0)
    X, y = spiral_data(samples=1000, classes=3, dtype=dtype)
    first = Dense(2, 64, dtype=dtype, weight_regularizer_l2=BOOK_L2, bias_regularizer_l2=BOOK_L2)
    network = Network([Step(first, ReLU(), dropout=0.1), Step(Dense(64, 3, dtype=dtype), Softmax())])
    return Example(network, X, y.astype(np.int64), dtype=dtype, seed=0, weight_scale=0.01)


def _chapter16_binary() -> Example:
    dtype = nnfs_mode(0)
    X, y = spiral_data(samples=100, classes=2, dtype=dtype)  # labels 0 and 1: one sigmoid output
    first = Dense(2, 64, dtype=dtype, weight_regularizer_l2=BOOK_L2, bias_regularizer_l2=BOOK_L2)
    network = Network([Step(first, ReLU()), Step(Dense(64, 1, dtype=dtype), Sigmoid())])
    return Example(network, X, y.astype(np.int64), dtype=dtype, seed=0, weight_scale=0.01)


def _chapter17_regression() -> Example:
    dtype = nnfs_mode(0)
    # The book feeds sine_data's float64 arrays to float32 layers; the workbench holds one
    # number mode, so they are float32 here (targets too), as the nnfs mode's other data.
    X, y = sine_data(dtype=dtype)
    network = Network([
        Step(Dense(1, 64, weight_scale=0.1, dtype=dtype), ReLU()),
        Step(Dense(64, 64, weight_scale=0.1, dtype=dtype), ReLU()),
        Step(Dense(64, 1, weight_scale=0.1, dtype=dtype), Linear()),
    ])
    return Example(network, X.astype(dtype), y.astype(dtype).reshape(-1), dtype=dtype, seed=0, weight_scale=0.1)


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset("single-neuron", "A single neuron", "inputs [1, 2, 3] . weights [0.2, 0.8, -0.5] + bias 2 = 2.3", _single_neuron),
        Preset("layer", "A layer of 3 neurons", "4 inputs into 3 neurons: [4.8, 1.21, 2.385]", _layer_of_three),
        Preset("batch", "A batch of 3 samples", "3 samples x 4 features through one layer of 3 neurons", _batch),
        Preset(
            "transpose-mistake",
            "The transpose mistake",
            "weights (3, 4) written one row per neuron, used without .T: a shape error to fix",
            _transpose_mistake,
        ),
        Preset("two-layers", "Two layers", "the batch through layer 1 and layer 2: 0.5031 -1.04185 -2.03875", _two_layers),
        Preset(
            "random-dense",
            "Random Dense(4,5) -> Dense(5,2)",
            "np.random.seed(0), weights 0.01 * randn: the notes' printed outputs",
            _random_dense,
        ),
        Preset(
            "spiral",
            "Spiral data, ReLU and softmax",
            "the notes' last code: spiral_data(100, 3), Dense(2,3)+ReLU, Dense(3,3)+softmax, nnfs mode; loss 1.098, accuracy 0.34",
            _spiral,
        ),
        Preset(
            "parameter-count",
            "10-32-32-32-2",
            "the notes' picture: 2432 weights, 98 biases, 2530 parameters",
            _parameter_count,
        ),
        Preset(
            "ch15-dropout",
            "Chapter 15: dropout",
            "spiral 1000x3, 2-64-3, L2 5e-4, dropout 0.1 while training: loss 1.0986, accuracy 0.323",
            _chapter15_dropout,
            TrainingHints("adam", 0.05, 5e-5, 10001),
        ),
        Preset(
            "ch16-binary",
            "Chapter 16: binary logistic regression",
            "spiral 100x2, labels 0/1, 2-64-1 sigmoid: binary cross-entropy 0.693, accuracy 0.5",
            _chapter16_binary,
            TrainingHints("adam", 0.001, 5e-7, 10001),
        ),
        Preset(
            "ch17-regression",
            "Chapter 17: regression",
            "sine_data(), 1-64-64-1, linear output: mean squared error 0.496, accuracy 0.003",
            _chapter17_regression,
            TrainingHints("adam", 0.005, 1e-3, 10001, "mse"),
        ),
    )
}

DEFAULT_PRESET = "two-layers"


def load_preset(name: str) -> Example:
    """A fresh copy of a preset (its random weights redrawn from the same seed)."""
    try:
        preset = PRESETS[name]
    except KeyError:
        names = ", ".join(PRESETS)
        raise ValueError(f'no preset called "{name}": choose one of {names}') from None
    example = preset.build()
    example.training = preset.training
    return example

