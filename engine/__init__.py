"""nnwb's engine: the maths of Neural Networks from Scratch in plain NumPy.

Imports no UI (see ARCHITECTURE.md), so it can be read, tested and used
on its own.

Immutable records (a trace, a layer's record, a worked sum) are NamedTuples rather than
frozen dataclasses: they are defined at start-up, which nnwb measures, and a frozen
dataclass costs several times as much to define.
"""

from typing import TYPE_CHECKING

# Every name is imported when first asked for: ``from engine.book import *`` (a learner's
# chapter script) then loads only the modules the book's classes use, not the presets,
# the network or training, and the workbench loads training on first use. The imports
# below are for type checkers; ``_LAZY`` is what runs (a test checks they agree).
if TYPE_CHECKING:
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
    from engine.optimizers import OPTIMIZERS, SGD, Adagrad, Adam, Optimizer, RMSprop, optimizer_named
    from engine.precision import DEFAULT_DTYPE, NNFS_DTYPE, nnfs_mode
    from engine.training import EpochStats, Trainer, TrainingDiverged

_MODULES = {
    "engine.activations": ["ACTIVATIONS", "Activation", "Linear", "ReLU", "Sigmoid", "Softmax", "activation_named"],
    "engine.arrays": ["as_matrix", "parse_number"],
    "engine.column_losses": ["BinaryCrossentropy", "MeanAbsoluteError", "MeanSquaredError"],
    "engine.datasets": ["DEFAULT_PRESET", "PRESETS", "Example", "load_preset", "sine_data", "spiral_data", "vertical_data"],
    "engine.dropout": ["Dropout"],
    "engine.errors": ["MatrixValueError", "ShapeError", "ShapeFacts"],
    "engine.layers": ["Dense"],
    "engine.losses": ["CategoricalCrossentropy", "SoftmaxCategoricalCrossentropy", "regularization_loss"],
    "engine.metrics": ["accuracy", "binary_accuracy", "error_rate", "predictions", "regression_accuracy"],
    "engine.network": ["Network", "Step", "StepRecord", "Trace", "parameter_counts"],
    "engine.nonfinite": ["NonFinite"],
    "engine.precision": ["DEFAULT_DTYPE", "NNFS_DTYPE", "nnfs_mode"],
    "engine.optimizers": ["OPTIMIZERS", "SGD", "Adagrad", "Adam", "Optimizer", "RMSprop", "optimizer_named"],
    "engine.training": ["EpochStats", "Trainer", "TrainingDiverged"],
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> object:
    import importlib

    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # asked once: later reads are plain attribute reads
        return value
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
