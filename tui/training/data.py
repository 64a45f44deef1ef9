"""The data a training run learns from: the document's own inputs and labels, or data the
book's nnfs package generates (spiral, vertical, sine) from the settings."""

from __future__ import annotations

import numpy as np

from engine import sine_data, spiral_data, vertical_data
from tui.training.settings import Settings

NO_LABELS = (
    "The current inputs have no labels, so there is nothing to learn. Choose spiral, "
    "vertical or sine data above, or add labels in the workbench (l in the inputs)."
)


def data_key(settings: Settings) -> tuple[object, ...]:
    """(kind, samples, classes, seed) of the generated data; sine data has 1 "class"."""
    classes = 1 if settings.data == "sine" else settings.classes
    return (settings.data, settings.samples, classes, settings.seed)


def data_shape(settings: Settings) -> tuple[int, int]:
    """The inputs' shape the generated data has: sine data is one x per sample."""
    if settings.data == "sine":
        return (settings.samples, 1)
    return (settings.samples * settings.classes, 2)


def data_in_place(settings: Settings, key_in_use: tuple[object, ...], inputs: np.ndarray) -> bool:
    """Whether the document's ``inputs`` are already the data the settings ask for
    (``key_in_use``: the data_key of the data generated last, TrainingSession.data_key)."""
    if settings.data == "current":
        return True
    return key_in_use == data_key(settings) and inputs.shape == data_shape(settings)


def generated_data(settings: Settings, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    """The inputs and labels (one column: sine's targets) the settings generate, seeded."""
    np.random.seed(settings.seed)
    if settings.data == "sine":
        X, targets = sine_data(settings.samples, dtype)
        return X, targets[:, 0]  # the document keeps one labels column
    make = spiral_data if settings.data == "spiral" else vertical_data
    return make(settings.samples, settings.classes, dtype)


def label_classes(labels: np.ndarray | None) -> int:
    """How many classes the labels name (the largest label + 1), 0 without labels."""
    return int(labels.max()) + 1 if labels is not None and labels.size else 0


def replace_question(settings: Settings, inputs: np.ndarray, has_labels: bool) -> str:
    """Why and what generated data would replace: the confirmation's message."""
    name = settings.data
    rows, features = data_shape(settings)
    if name == "sine":
        about = f"{settings.samples} samples of y = sin(2πx), 1 feature: {rows} x 1"
    else:
        about = f"{settings.samples} samples in each of {settings.classes} classes, 2 features: {rows} x {features}"
    why = "You chose generated data at the left." if has_labels else "The inputs have no labels, so there is nothing to learn from them."
    return (
        f"{why}\n\n{name.capitalize()} data ({about}) would replace the inputs X {inputs.shape[0]} x {inputs.shape[1]}"
        f"{' and their labels' if has_labels else ' and give them labels'}. "
        "Ctrl+Z in the workbench brings yours back."
    )


def declined(name: str, has_labels: bool) -> str:
    """What the status says when the learner keeps their data rather than ``name`` data."""
    if not has_labels:
        return (
            f"Not started: your inputs are kept. Training needs labels: choose {name} data and confirm "
            "with Enter, or add labels in the workbench (l in the inputs)."
        )
    # The inputs have labels: only the change of data was declined.
    return (
        f"Not started: your inputs and labels are kept. To train on them, choose \"current inputs "
        f"and labels\" as the data; to train on {name} data, press Space and confirm with Enter."
    )
