"""What a training session keeps between visits to the training screen.

The app holds one; the screen reads and writes it, so leaving the screen and coming
back carries on where training stopped (the same Trainer, its history and settings).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine import Dense, Trainer


@dataclass
class TrainingSession:
    trainer: Trainer | None = None
    # What the trainer was built for: the layers (by identity), their shapes, the data and
    # the settings that need a new Trainer. Anything else different: build a new one.
    key: tuple[object, ...] = ()
    layers: tuple[Dense, ...] = ()
    optimizer_key: tuple[object, ...] = ()
    # The figures of every epoch so far (NaN where there is no validation).
    epochs: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    learning_rate: float = 0.0
    # The generated data set in use: (kind, samples, classes, seed).
    data_key: tuple[object, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)
    diverged: str = ""

    def clear_history(self) -> None:
        for series in (self.epochs, self.loss, self.accuracy, self.val_loss, self.val_accuracy):
            series.clear()
        self.diverged = ""
