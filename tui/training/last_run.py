"""The last training run, as a session file keeps it (``"training": {..., "last_run": {...}}``).

What trained the weights in the file and what it measured, so that a saved session can be
graded on it (the lessons' ``settings`` and ``validation`` checks) as the workbench is:

- ``optimizer``, ``learning_rate``, ``decay``, ``momentum``: the settings its last epoch ran
  with (``learning_rate`` as set, before decay; momentum 0 for an optimizer other than SGD,
  which has none);
- ``epochs``: the epochs run (the epoch count the training view's status shows);
- ``epochs_with_settings``: of those, the epochs these settings trained: since they were last
  changed (or the weights reset), so a run mostly made with other settings is not taken for
  one of these (files from before it lack the key: then it is ``epochs``);
- ``validation_split``: the share of the samples it held out as validation data;
- ``current_learning_rate``: the rate the last update used, learning_rate / (1 + decay · steps);
- ``loss``, ``accuracy``: the last epoch's training figures (as the book prints them), null
  if not finite;
- ``val_loss``, ``val_accuracy``: its validation figures, or null without a validation split.

The training session (``TrainingSession``) makes it from its history; a session file read
back keeps it (``TrainingSession.loaded_run``) until the next run replaces it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.training.session import TrainingSession

# The keys of a "last_run" object: the numbers (None where null is allowed) and the optimizer's name.
NUMBERS = ("learning_rate", "decay", "momentum", "validation_split", "current_learning_rate")
WHOLE = ("epochs",)
MAY_BE_NULL = ("loss", "accuracy", "val_loss", "val_accuracy")
KEYS = ("optimizer", *WHOLE, *NUMBERS, *MAY_BE_NULL)
OPTIONAL = ("epochs_with_settings",)  # added later: a file may lack it
LAST_RUN = "last_run"  # its key in the "training" object


def last_run(session: TrainingSession) -> dict[str, Any] | None:
    """The run the session's history records (its last epoch), or the one its file held, or None."""
    if not session.epochs or len(session.last_epoch_optimizer) < 4:
        return session.loaded_run
    optimizer, learning_rate, decay, momentum = session.last_epoch_optimizer[:4]
    return {
        "optimizer": str(optimizer),
        "epochs": int(session.epochs[-1]) + 1,  # epochs are numbered from 0
        "learning_rate": float(learning_rate),  # type: ignore[arg-type]
        "decay": float(decay),  # type: ignore[arg-type]
        "momentum": float(momentum) if optimizer == "sgd" else 0.0,  # type: ignore[arg-type]
        "validation_split": float(session.validation_split),
        "current_learning_rate": float(session.learning_rate),
        "loss": _finite(session.loss[-1]),
        "accuracy": _finite(session.accuracy[-1]),
        "val_loss": _finite(session.val_loss[-1]),
        "val_accuracy": _finite(session.val_accuracy[-1]),
        "epochs_with_settings": max(0, int(session.epochs[-1]) + 1 - session.settings_from),
    }


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None
