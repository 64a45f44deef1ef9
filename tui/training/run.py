"""A training run's decisions, without the UI: the loss the network trains with, what f fits
the network to, whether it can train, and the Trainer to go on with (the one the session
holds, or a new one when the network, data or settings that shape it changed)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from engine import PRESETS, Network
from engine.loss_choice import loss_for
from engine.optimizers import Optimizer, optimizer_named
from engine.training import Trainer
from tui.training.data import NO_LABELS, data_shape, label_classes
from tui.training.fit_problem import BINARY, REGRESSION, fit_problem, target_kind
from tui.training.session import TrainingSession
from tui.training.session import fingerprint as _fingerprint
from tui.training.settings import Settings


def final_activation(network: Network) -> str:
    steps = network.steps
    return steps[-1].activation.name if steps else ""


def loss_choice(network: Network, chosen: str | None) -> str | None:
    """The document's loss choice for a linear output (``Document.loss``: "mse", "mae" or
    None, its own: mean squared error); None for any other output, whose loss is its own."""
    return chosen if final_activation(network) == "linear" else None


def loss_name(network: Network, chosen: str | None) -> str | None:
    """The loss training uses ("binary cross-entropy"...), or None (a ReLU output has none)."""
    return loss_for(final_activation(network), loss_choice(network, chosen))


class Fit(NamedTuple):
    """What f makes of the network: its first layer's inputs, its last layer's outputs and activation."""

    features: int
    outputs: int
    last_activation: str


def fit_for(network: Network, settings: Settings, inputs: np.ndarray, labels: np.ndarray | None) -> Fit:
    """The fit of ``network`` to the data the settings name: one linear output for numbers,
    one sigmoid output for two classes with a sigmoid already there, else softmax with an
    output per class."""
    generated = settings.data != "current"
    features = data_shape(settings)[1] if generated else inputs.shape[1]
    classes = settings.classes if generated else max(label_classes(labels), 2)
    targets = target_kind(network, settings.data)
    if targets == REGRESSION:
        return Fit(features, 1, "linear")
    if targets == BINARY and classes <= 2:
        return Fit(features, 1, "sigmoid")
    return Fit(features, classes, "softmax")


def fit_check(network: Network, settings: Settings, inputs: np.ndarray, labels: np.ndarray | None,
              chosen: str | None) -> tuple[str, bool]:
    """("", False) if the network can train on the data the settings name; else what is
    wrong in the data's terms and whether f fixes it (``fit_problem``)."""
    targets = target_kind(network, settings.data)
    if settings.data != "current":
        data, (samples, features) = f"the {settings.data} data", data_shape(settings)
        classes = 0 if settings.data == "sine" else settings.classes
    else:
        data, (samples, features) = "the inputs", inputs.shape
        classes = 0 if targets == REGRESSION else label_classes(labels)
    regression_loss = loss_for("linear", chosen) or "mean squared error"  # the regression loss chosen
    return fit_problem(network, data, samples, features, classes, targets, regression_loss)


def book_rate(preset_name: str, optimizer: str) -> tuple[float, str] | None:
    """(rate, "Chapter 17"): the book's rate for the preset's network with this optimizer
    (its training hints), the rate a divergence suggests; None without hints."""
    preset = PRESETS.get(preset_name)
    hints = preset.training if preset is not None else None
    if preset is None or hints is None or hints.optimizer != optimizer:
        return None
    return hints.learning_rate, preset.title.partition(":")[0]


def optimizer_for(settings: Settings) -> Optimizer:
    """The optimizer the settings name; ValueError if its settings are refused."""
    options = {"learning_rate": settings.learning_rate, "decay": settings.decay}
    if settings.optimizer == "sgd":
        options["momentum"] = settings.momentum
    return optimizer_named(settings.optimizer, **options)


def optimizer_key(settings: Settings) -> tuple[object, ...]:
    """What makes the settings' optimizer another one: its name, rate, decay and momentum."""
    return (settings.optimizer, settings.learning_rate, settings.decay, settings.momentum)


def prepared_trainer(session: TrainingSession, network: Network, inputs: np.ndarray, labels: np.ndarray | None,
                     settings: Settings, choice: str | None) -> Trainer:
    """The session's Trainer to continue with, or a new one (kept in the session, its
    history cleared) if the layers, data or settings that shape it changed; a new optimizer
    alone for new optimizer settings. ValueError (ShapeError too) says why there is none."""
    new_optimizer = optimizer_key(settings)
    layers = tuple(step.dense for step in network.steps)
    key = (
        tuple(tuple(d.weights.shape) + tuple(d.biases.shape) for d in layers),
        _fingerprint(inputs),
        _fingerprint(labels),
        settings.batch_size,
        settings.validation_split,
        settings.seed,
        choice,
    )
    if labels is None:  # the screen generates data or stops before: kept for the type
        raise ValueError(NO_LABELS)
    optimizer = optimizer_for(settings)
    same_layers = len(layers) == len(session.layers) and all(a is b for a, b in zip(layers, session.layers))
    if session.trainer is None or key != session.key or not same_layers:
        trainer = Trainer(
            network, inputs, labels, optimizer, settings.batch_size, settings.validation_split, settings.seed, loss=choice
        )
        session.trainer, session.key, session.layers, session.optimizer_key = trainer, key, layers, new_optimizer
        session.validation_split = settings.validation_split
        session.clear_history()
    elif new_optimizer != session.optimizer_key:
        session.trainer.optimizer = optimizer
        session.optimizer_key = new_optimizer
    return session.trainer
