"""The numbers lessons 18-20 state, from their start file (the book's Ch10_Final.py set-up):
what the book's own code prints when run (its SGD line changed as the book's chapter 10
changes it), reproduced by the engine's trainer from the shipped start file."""

from __future__ import annotations

import pytest

from engine import SGD, Optimizer, Trainer
from engine.epoch_stats import EpochStats
from tui.lessons import load_lesson
from tui.training.settings import BOOK


def epochs(optimizer: Optimizer, count: int) -> list[EpochStats]:
    document = load_lesson("sgd").start_document()
    return list(Trainer(document.network, document.inputs, document.labels, optimizer).train(count))


def test_the_start_is_the_books_chapter_10_network_loss_1_099_accuracy_0_36() -> None:
    trace = load_lesson("sgd").start_document().trace
    assert (round(float(trace.loss), 3), trace.accuracy) == (1.099, 0.36)  # the book's "epoch: 0, acc: 0.360, loss: 1.099"
    assert [lesson.session for lesson in map(load_lesson, ("sgd", "adaptive", "overfitting"))] == ["18-chapter-10.json"] * 3


def test_sgd_with_decay_reaches_0_923_with_momentum_and_stays_under_0_5_without() -> None:
    with_momentum = epochs(SGD(learning_rate=1.0, decay=1e-3, momentum=0.9), 3001)
    without = epochs(SGD(learning_rate=1.0, decay=1e-3), 3001)

    # The book's code prints "epoch: 1000, acc: 0.837, loss: 0.447" and "epoch: 3000, acc: 0.923, loss: 0.192";
    # with Optimizer_SGD(decay=1e-3): "epoch: 3000, acc: 0.487, loss: 0.977".
    assert (round(with_momentum[1000].accuracy, 3), round(with_momentum[1000].loss, 3)) == (0.837, 0.447)
    assert (round(with_momentum[3000].accuracy, 3), round(with_momentum[3000].loss, 3)) == (0.923, 0.192)
    assert (round(without[3000].accuracy, 3), round(without[3000].loss, 3)) == (0.487, 0.977)
    assert with_momentum[1000].learning_rate == 1 / (1 + 1e-3 * 1000) == 0.5  # lesson 18's halved rate


@pytest.mark.slow  # 10001 epochs
def test_sgd_with_momentum_reaches_the_books_0_957_at_epoch_10000() -> None:
    last = epochs(SGD(learning_rate=1.0, decay=1e-3, momentum=0.9), 10001)[-1]
    assert (last.epoch, round(last.accuracy, 3), round(last.loss, 3)) == (10000, 0.957, 0.121)


def test_lesson_19_states_the_books_settings_the_training_view_fills_in() -> None:
    text = " ".join(load_lesson("adaptive").text.split())
    assert BOOK == {"sgd": ("1", "1e-3"), "adagrad": ("1", "1e-4"), "rmsprop": ("0.02", "1e-5"), "adam": ("0.05", "5e-7")}
    assert "AdaGrad rate 1, decay 1e-4; RMSprop 0.02, 1e-5; Adam 0.05, 5e-7" in text
