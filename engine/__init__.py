"""nnwb's engine: the maths of Neural Networks from Scratch in plain NumPy.

Never imports textual, rich or tui (a test checks), so it can be read, tested and used
on its own.
"""

from engine.activations import ACTIVATIONS, Activation, Linear, ReLU, Softmax, activation_named
from engine.arrays import as_matrix, parse_number
from engine.datasets import DEFAULT_PRESET, PRESETS, Example, load_preset, spiral_data, vertical_data
from engine.errors import MatrixValueError, ShapeError, ShapeFacts
from engine.layers import Dense
from engine.losses import CategoricalCrossentropy
from engine.metrics import accuracy, error_rate, predictions
from engine.network import Network, Step, StepRecord, Trace, parameter_counts
from engine.precision import DEFAULT_DTYPE, NNFS_DTYPE, nnfs_mode

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "CategoricalCrossentropy",
    "DEFAULT_DTYPE",
    "DEFAULT_PRESET",
    "Dense",
    "Example",
    "Linear",
    "MatrixValueError",
    "NNFS_DTYPE",
    "Network",
    "PRESETS",
    "ReLU",
    "ShapeError",
    "ShapeFacts",
    "Softmax",
    "Step",
    "StepRecord",
    "Trace",
    "accuracy",
    "activation_named",
    "as_matrix",
    "error_rate",
    "load_preset",
    "nnfs_mode",
    "parameter_counts",
    "parse_number",
    "predictions",
    "spiral_data",
    "vertical_data",
]
