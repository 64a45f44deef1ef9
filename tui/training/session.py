"""What a training session keeps between visits to the training screen.

The app holds one; the screen reads and writes it, so leaving the screen and coming
back carries on where training stopped (the same Trainer, its history and settings).
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine import PRESETS, Dense, Network
from engine.thinning import thin
from engine.training import EpochStats, Trainer
from tui.training.settings import hint_settings

RUN_STARTS_KEPT = 64


def fingerprint(array: np.ndarray | None) -> str:
    """A short digest of an array's values and shape ("" for None)."""
    if array is None:
        return ""
    return hashlib.blake2b(np.ascontiguousarray(array).tobytes(), digest_size=8).hexdigest() + str(array.shape)


def weights_fingerprint(network: Network) -> str:
    """A digest of every layer's weights and biases: equal digests, equal weights."""
    digest = hashlib.blake2b(digest_size=16)
    for step in network.steps:
        for array in (step.dense.weights, step.dense.biases):
            digest.update(str(array.shape).encode())
            digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


@dataclass
class TrainingSession:
    trainer: Trainer | None = None
    # What the trainer was built for: the layers (by identity), their shapes, the data and
    # the settings that need a new Trainer. Anything else different: build a new one.
    key: tuple[object, ...] = ()
    layers: tuple[Dense, ...] = ()
    optimizer_key: tuple[object, ...] = ()
    # The optimizer (its key) that trained the last epoch recorded: the status says when
    # the form's is another, which the next epoch will use.
    last_epoch_optimizer: tuple[object, ...] = ()
    # The first epoch that optimizer trained since it was set (or the history cleared):
    # the last run's epochs with its settings (``tui.training.last_run``) count from it.
    settings_from: int = 0
    # The figures of the epochs so far (NaN where there is no validation); past
    # HISTORY_LIMIT points the older ones are thinned (engine.thinning), so memory stays
    # bounded over millions of epochs while the chart still spans the whole run.
    epochs: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    learning_rate: float = 0.0
    # The last epoch's loss in the book's two parts (loss = data_loss + reg_loss): a
    # regularised network's "loss" is not the data loss the workbench measures.
    data_loss: float = math.nan
    regularization_loss: float = 0.0
    # The generated data set in use: (kind, samples, classes, seed).
    data_key: tuple[object, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)
    # The preset the settings were made for: another preset's training hints (the book's
    # optimizer, rate, decay and epochs for its network) replace them when it is loaded.
    settings_preset: str = ""
    # The weights' digests where training last stopped, and where each run began: how
    # the session tells whether the document still holds what it trained (see follows).
    left: str = ""
    starts: list[str] = field(default_factory=list)
    # After a run: (loss, accuracy) of the weights it left, as the workbench measures them
    # (its own forward pass, all the samples); None while training or before any run.
    final: tuple[float | None, float] | None = None
    diverged: str = ""  # why training stopped (TrainingDiverged's message), or ""
    diverged_blames_rate: bool = True  # False: the weights or inputs are too large, not the rate
    # The share of the samples the trainer holds out (its validation data), as it was made.
    validation_split: float = 0.0
    # The last run a session file recorded (``tui.training.last_run``): kept, and saved again,
    # until this session's own history replaces it.
    loaded_run: dict[str, Any] | None = None

    def take_hints(self, preset: str) -> None:
        """A preset with the book's training settings (engine.datasets TrainingHints) fills the
        form with them the first time the view opens on it; settings read from a session
        file, or typed for this preset, stay."""
        if self.settings_preset == preset:
            return
        from_file = self.settings_preset == "" and bool(self.settings)
        self.settings_preset = preset
        hints = PRESETS[preset].training if preset in PRESETS else None
        if hints is not None and not from_file:
            self.settings.update(hint_settings(hints))

    def series(self) -> tuple[list[int], list[float], list[float], list[float], list[float]]:
        return self.epochs, self.loss, self.accuracy, self.val_loss, self.val_accuracy

    def add(self, stats: Iterable[EpochStats]) -> None:
        """Record epochs' figures, keeping the history within its bound."""
        for s in stats:
            if not self.epochs or self.optimizer_key != self.last_epoch_optimizer:
                self.settings_from = s.epoch
            self.epochs.append(s.epoch)
            self.loss.append(s.loss)
            self.accuracy.append(s.accuracy)
            self.val_loss.append(math.nan if s.val_loss is None else s.val_loss)
            self.val_accuracy.append(math.nan if s.val_accuracy is None else s.val_accuracy)
            self.learning_rate = s.learning_rate
            self.data_loss, self.regularization_loss = s.data_loss, s.regularization_loss
            self.last_epoch_optimizer = self.optimizer_key
        thin(self.series())

    def rewind(self, epoch: int) -> None:
        """Forget the figures of ``epoch`` and later: a divergence put the weights back
        to those that epoch began with, and training goes on from it."""
        keep = bisect.bisect_left(self.epochs, epoch)
        for series in self.series():
            del series[keep:]

    def follows(self, network: Network, inputs: np.ndarray, labels: np.ndarray | None) -> bool:
        """Whether the trainer still trains this document: the same layers (the same
        objects), the same data, and weights where training left them or edited since.

        Weights back where a run began mean that run was undone (whatever undo does to
        the arrays), and layers or data that are not the trained ones mean another
        network: then the session must start afresh, not show or reset the old one.
        """
        if self.trainer is None:
            return True
        layers = tuple(step.dense for step in network.steps)
        if len(layers) != len(self.layers) or any(a is not b for a, b in zip(layers, self.layers)):
            return False
        if len(self.key) >= 3 and (self.key[1], self.key[2]) != (fingerprint(inputs), fingerprint(labels)):
            return False
        now = weights_fingerprint(network)
        return now == self.left or now not in self.starts

    def run_begins(self, network: Network) -> None:
        self.starts.append(weights_fingerprint(network))
        del self.starts[:-RUN_STARTS_KEPT]

    def run_ended(self, network: Network) -> None:
        self.left = weights_fingerprint(network)

    def forget(self) -> None:
        """Start afresh: no trainer, no history (the settings and data choice stay)."""
        self.trainer, self.key, self.layers, self.optimizer_key = None, (), (), ()
        self.left, self.starts = "", []
        self.learning_rate = 0.0
        self.clear_history()

    def clear_history(self) -> None:
        for series in self.series():
            series.clear()
        self.diverged = ""
        self.final = None
        self.loaded_run = None
        self.data_loss, self.regularization_loss = math.nan, 0.0
