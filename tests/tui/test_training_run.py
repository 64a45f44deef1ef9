"""tui.training.run without the UI: what f fits the network to, and the status pieces."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui.document.state import Document
from tui.training.run import Fit, fit_check, fit_for
from tui.training.session import TrainingSession
from tui.training.settings import Settings, defaults, settings_of
from tui.training.status import Situation, status_pieces


def settings(data: str, classes: int = 3) -> Settings:
    return replace(settings_of(defaults("adam", True)), data=data, classes=classes)


@pytest.mark.parametrize(
    ("preset", "data", "classes", "fit"),
    [
        ("spiral", "current", 3, Fit(2, 3, "softmax")),
        ("spiral", "vertical", 5, Fit(2, 5, "softmax")),
        ("spiral", "sine", 3, Fit(1, 1, "linear")),
        ("ch16-binary", "current", 3, Fit(2, 1, "sigmoid")),  # two classes: its sigmoid stays
        ("ch16-binary", "spiral", 4, Fit(2, 4, "softmax")),
        ("ch17-regression", "current", 3, Fit(1, 1, "linear")),
    ],
)
def test_the_fit_follows_the_data_and_the_targets(preset: str, data: str, classes: int, fit: Fit) -> None:
    doc = Document.from_preset(preset)
    assert fit_for(doc.network, settings(data, classes), doc.inputs, doc.labels) == fit


def test_a_network_that_fits_has_no_problem_and_one_that_does_not_says_f_fixes_it() -> None:
    doc = Document.from_preset("spiral")
    assert fit_check(doc.network, settings("current"), doc.inputs, doc.labels, doc.loss) == ("", False)
    problem, fixable = fit_check(doc.network, settings("sine"), doc.inputs, doc.labels, doc.loss)
    assert problem and fixable


def test_the_status_before_any_run_is_ready_with_the_keys() -> None:
    doc = Document.from_preset("spiral")
    now = Situation(running=False, pausing=False, planned=10, rate=0.0, problem="", fixable=False, samples=300)
    text = "".join(piece for piece, _ in status_pieces(TrainingSession(), doc.network, None, now))
    assert text.startswith(" READY   epoch 0 of 10")
    assert text.endswith("g back to edit the weights")


def test_the_status_past_the_epochs_set_says_so_not_2001_of_2000() -> None:
    """o steps one epoch on after a run has done the epochs set."""
    doc = Document.from_preset("spiral")
    session = TrainingSession()
    session.epochs, session.loss, session.accuracy = [1999, 2000], [0.5, 0.5], [0.8, 0.8]
    session.val_loss, session.val_accuracy = [float("nan")] * 2, [float("nan")] * 2
    now = Situation(running=False, pausing=False, planned=2000, rate=0.0, problem="", fixable=False, samples=300)
    text = "".join(piece for piece, _ in status_pieces(session, doc.network, None, now))
    assert "epoch 2001, past the 2000 set" in text and "of 2000" not in text
    session.epochs = [1998, 1999]
    assert "epoch 2000 of 2000" in "".join(piece for piece, _ in status_pieces(session, doc.network, None, now))
