"""What a training session keeps between visits to the training screen.

The app holds one; the screen reads and writes it, so leaving the screen and coming
back carries on where training stopped (the same Trainer, its history and settings).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from engine import Dense, EpochStats, Trainer
from engine.thinning import thin


@dataclass
class TrainingSession:
    trainer: Trainer | None = None
    # What the trainer was built for: the layers (by identity), their shapes, the data and
    # the settings that need a new Trainer. Anything else different: build a new one.
    key: tuple[object, ...] = ()
    layers: tuple[Dense, ...] = ()
    optimizer_key: tuple[object, ...] = ()
    # The figures of the epochs so far (NaN where there is no validation); past
    # HISTORY_LIMIT points the older ones are thinned (engine/thinning.py), so memory stays
    # bounded over millions of epochs while the chart still spans the whole run.
    epochs: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    learning_rate: float = 0.0
    # The generated data set in use: (kind, samples, classes, seed).
    data_key: tuple[object, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)
    diverged: str = ""  # why training stopped (TrainingDiverged's message), or ""
    diverged_blames_rate: bool = True  # False: the weights or inputs are too large, not the rate

    def series(self) -> tuple[list[int], list[float], list[float], list[float], list[float]]:
        return self.epochs, self.loss, self.accuracy, self.val_loss, self.val_accuracy

    def add(self, stats: Iterable[EpochStats]) -> None:
        """Record epochs' figures, keeping the history within its bound."""
        for s in stats:
            self.epochs.append(s.epoch)
            self.loss.append(s.loss)
            self.accuracy.append(s.accuracy)
            self.val_loss.append(math.nan if s.val_loss is None else s.val_loss)
            self.val_accuracy.append(math.nan if s.val_accuracy is None else s.val_accuracy)
            self.learning_rate = s.learning_rate
        thin(self.series())

    def clear_history(self) -> None:
        for series in self.series():
            series.clear()
        self.diverged = ""
