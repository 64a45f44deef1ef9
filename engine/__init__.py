"""nnwb's engine: the maths of Neural Networks from Scratch in plain NumPy.

Imports no UI (see ARCHITECTURE.md), so it can be read, tested and used
on its own.

Immutable records (a trace, a layer's record, a worked sum) are NamedTuples rather than
frozen dataclasses: they are defined at start-up, which nnwb measures, and a frozen
dataclass costs several times as much to define.
"""

from engine.activations import (
    ACTIVATIONS,
    Activation,
    Linear,
    ReLU,
    Sigmoid,
    Softmax,
    activation_named,
)
from engine.arrays import as_matrix, parse_number
from engine.column_losses import BinaryCrossentropy, MeanAbsoluteError, MeanSquaredError
from engine.datasets import (
    DEFAULT_PRESET,
    PRESETS,
    Example,
    load_preset,
    sine_data,
    spiral_data,
    vertical_data,
)
from engine.dropout import Dropout
from engine.errors import MatrixValueError, ShapeError, ShapeFacts
from engine.layers import Dense
from engine.losses import (
    CategoricalCrossentropy,
    SoftmaxCategoricalCrossentropy,
    regularization_loss,
)
from engine.metrics import (
    accuracy,
    binary_accuracy,
    error_rate,
    predictions,
    regression_accuracy,
)
from engine.network import Network, Step, StepRecord, Trace, parameter_counts
from engine.nonfinite import NonFinite
from engine.precision import DEFAULT_DTYPE, NNFS_DTYPE, nnfs_mode

# Training is imported when first asked for: the workbench starts without it, and start-up
# time is a figure the project measures.
_LAZY = {
    **dict.fromkeys(["OPTIMIZERS", "SGD", "Adagrad", "Adam", "Optimizer", "RMSprop", "optimizer_named"], "engine.optimizers"),
    **dict.fromkeys(["EpochStats", "Trainer", "TrainingDiverged"], "engine.training"),
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'engine' has no attribute {name!r}")

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "Adagrad",
    "Adam",
    "BinaryCrossentropy",
    "CategoricalCrossentropy",
    "DEFAULT_DTYPE",
    "DEFAULT_PRESET",
    "Dense",
    "Dropout",
    "EpochStats",
    "Example",
    "Linear",
    "MatrixValueError",
    "MeanAbsoluteError",
    "MeanSquaredError",
    "NNFS_DTYPE",
    "Network",
    "NonFinite",
    "OPTIMIZERS",
    "Optimizer",
    "PRESETS",
    "RMSprop",
    "ReLU",
    "SGD",
    "ShapeError",
    "ShapeFacts",
    "Sigmoid",
    "Softmax",
    "SoftmaxCategoricalCrossentropy",
    "Step",
    "StepRecord",
    "Trace",
    "Trainer",
    "TrainingDiverged",
    "accuracy",
    "activation_named",
    "as_matrix",
    "binary_accuracy",
    "error_rate",
    "load_preset",
    "nnfs_mode",
    "optimizer_named",
    "parameter_counts",
    "parse_number",
    "predictions",
    "regression_accuracy",
    "regularization_loss",
    "sine_data",
    "spiral_data",
    "vertical_data",
]
