"""Training without a screen at rates no one should type, and some one will: whatever the
preset, optimizer, rate (1e12 down to 5e-324, the smallest float), decay and momentum, a run
either trains or stops with TrainingDiverged, and the weights it leaves are finite numbers."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from engine import PRESETS, SGD, Adagrad, Adam, RMSprop, Trainer
from engine.optimizers import Optimizer
from engine.training import TrainingDiverged

LABELLED = [name for name, preset in PRESETS.items() if preset.build().labels is not None]
RATES = [1e12, 1e6, 1.0, 1e-300, 5e-324]
DECAYS = [0.0, 1e6]
MOMENTUMS = [0.0, 0.999]  # SGD's only


def optimizer(name: str, rate: float, decay: float, momentum: float) -> Optimizer:
    if name == "sgd":
        return SGD(rate, decay, momentum)
    return {"adam": Adam, "adagrad": Adagrad, "rmsprop": RMSprop}[name](rate, decay)


# A seeded sample of the whole product (640 runs): different corners each, all of them fast.
CASES = random.Random(16).sample(
    list(itertools.product(LABELLED, ["sgd", "adam", "adagrad", "rmsprop"], RATES, DECAYS, MOMENTUMS)), 48)


@pytest.mark.parametrize("preset, name, rate, decay, momentum", CASES)
def test_any_rate_trains_or_stops_with_training_diverged_and_finite_weights(
        preset: str, name: str, rate: float, decay: float, momentum: float) -> None:
    example = PRESETS[preset].build()
    assert example.labels is not None
    inputs, labels = example.inputs[:200], example.labels[:200]  # the ch15 and ch17 sets, cut: seconds, not minutes
    trainer = Trainer(example.network, inputs, labels, optimizer(name, rate, decay, momentum), batch_size=64)
    try:
        for stats in trainer.train(20):
            assert np.isfinite(stats.loss)
    except TrainingDiverged as stopped:
        assert "learning rate" in str(stopped) or "weights" in str(stopped)
    for step in example.network.steps:
        assert np.all(np.isfinite(step.dense.weights)) and np.all(np.isfinite(step.dense.biases))
