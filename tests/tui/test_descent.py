"""One step of gradient descent by hand (G): every weight and bias w ← w − lr · dw, one undo
step; the loss before, the first-order prediction and the loss after, in the summary.
Three steps by hand are the training view's first three full-batch SGD epochs."""

from __future__ import annotations

import numpy as np
import pytest
from textual.widgets import Input

from engine import Trainer
from engine.optimizers import SGD
from tests.tui.conftest import region_text, run_in_palette, wait_for
from tests.tui.test_commands import toasts
from tui.app.descent_command import notice
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document, EditRefused
from tui.screens.dialogs import FormScreen


def parameters(doc: Document) -> list[tuple[bytes, bytes]]:
    return [(s.dense.weights.tobytes(), s.dense.biases.tobytes()) for s in doc.network.steps]


def test_three_steps_by_hand_are_the_first_three_sgd_epochs_of_the_training_view() -> None:
    doc = Document.from_preset("spiral")  # the nnfs mode: float32, as the training view trains it
    steps = [doc.descend(1.0) for _ in range(3)]
    trained = Document.from_preset("spiral")
    trainer = Trainer(trained.network, trained.inputs, trained.labels, optimizer=SGD(1.0), batch_size=None)
    epochs = list(trainer.train(3))
    # An epoch reports the loss of the pass its step starts from: the loss before each step.
    assert [s.before for s in steps] == [e.loss for e in epochs]
    assert [s.number for s in steps] == [1, 2, 3]
    for mine, theirs in zip(doc.network.steps, trained.network.steps):
        assert np.array_equal(mine.dense.weights, theirs.dense.weights)
        assert np.array_equal(mine.dense.biases, theirs.dense.biases)
    for step in steps:
        lowered, predicted_drop = step.before - step.after, step.before - step.predicted
        assert lowered > 0 and predicted_drop > 0
        assert abs(lowered - predicted_drop) < 0.2 * predicted_drop, step  # first order: close for a small step
    assert [s.after for s in steps[:-1]] == [s.before for s in steps[1:]]  # each step starts where the last ended


def test_a_step_is_one_undo_step_and_its_line_goes_with_the_weights_it_made() -> None:
    doc = Document.from_preset("spiral")
    before = parameters(doc)
    first = doc.descend(0.5)
    stepped = parameters(doc)
    assert stepped != before and doc.last_descent() == first
    doc.descend(0.5)
    assert doc.undo() and parameters(doc) == stepped and doc.last_descent() == first
    assert doc.undo() and parameters(doc) == before and doc.last_descent() is None
    assert doc.redo() and doc.last_descent() == first
    doc.set_cell("weights", 0, 0, "0.5")  # an edit: these weights were not made by a step
    assert doc.last_descent() is None and doc.descend(0.5).number == 1


def test_no_loss_no_step_and_a_bad_rate_is_refused() -> None:
    doc = Document.from_preset("spiral")
    before = parameters(doc)
    for rate in (0.0, -1.0, float("inf"), float("nan")):
        with pytest.raises(EditRefused, match="learning rate must be a number above 0"):
            doc.descend(rate)
    doc.toggle_labels()
    with pytest.raises(EditRefused, match="no labels"):
        doc.descend(1.0)
    doc.toggle_labels()
    doc.set_activation(1, "relu")
    with pytest.raises(EditRefused, match="ReLU output has no loss"):
        doc.descend(1.0)
    doc.set_activation(1, "softmax")
    doc.set_cell("labels", 0, 0, "7")  # a class the 3 outputs do not have: a label error, not a shape mistake
    with pytest.raises(EditRefused, match="a label does not fit the outputs"):
        doc.descend(1.0)
    assert parameters(doc) == before


def test_with_dropout_the_step_says_it_used_the_fixed_masks() -> None:
    doc = Document.from_preset("spiral")
    doc.set_dropout(0.1, 0)
    done = doc.descend(1.0)
    assert done.dropped and done.after < done.before
    assert "the step used the pass's fixed masks" in notice(done)
    assert "fixed masks" not in notice(Document.from_preset("spiral").descend(1.0))


def test_in_step_mode_a_step_keeps_the_stage_and_shows_the_new_gradients() -> None:
    doc = Document.from_preset("spiral")
    while doc.step is None or doc.step.stage_name != "dweights":
        assert doc.step_forward()
    where, before = doc.step, doc.backward
    assert before is not None
    doc.descend(1.0)
    after = doc.backward
    assert doc.step == where and after is not None
    assert not np.array_equal(after.layers[-1].dweights, before.layers[-1].dweights)


def summary(app: WorkbenchApp) -> str:
    """The summary under the network output, as drawn (a notification may cover it on screen)."""
    return " ".join(str(app.query_one("#summary").content).split())


def summary_on_screen(app: WorkbenchApp) -> str:
    return " ".join(region_text(app, app.query_one("#summary")).split())


async def type_rate(pilot, app: WorkbenchApp, text: str) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the learning rate dialog")
    field = app.screen.query_one("#descent-rate", Input)
    assert field.value == "1"  # the book's SGD rate, selected: typing replaces it
    await pilot.press(*text, "enter")  # replaces the selected text


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_pressing_G_three_times_lowers_the_loss_as_predicted_and_ctrl_z_undoes_a_step(tmp_path, monkeypatch, size) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=size, notifications=True) as pilot:
        doc = app.document
        start = parameters(doc)
        await pilot.press("G")
        await type_rate(pilot, app, "1")
        await wait_for(pilot, lambda: "step 1 by hand" in summary(app), "the first step's line")
        assert "step 1 by hand, lr 1: loss 1.098445 → predicted 1.098413 → 1.098415" in summary(app)
        await wait_for(pilot, lambda: "predicted 1.098413" in toasts(app), "the step's notification")
        after_two = None
        for count in (2, 3):
            await pilot.press("G")  # the rate is remembered: no dialog
            await pilot.pause()
            assert not isinstance(app.screen, FormScreen)
            if count == 2:
                after_two = parameters(doc)
        line = "step 3 by hand, lr 1: loss 1.098388 → predicted 1.098361 → 1.098357"
        assert line in summary(app), summary(app)
        app.clear_notifications()
        await pilot.pause()
        assert line in summary_on_screen(app)  # on screen, also at 80x24 (brought into view)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert parameters(doc) == after_two
        assert "step 2 by hand, lr 1: loss 1.098415 → predicted 1.09839 → 1.098388" in summary(app)
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert parameters(doc) == start and "by hand" not in summary(app)


async def test_a_refused_rate_keeps_the_dialog_and_the_old_rate(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("G")
        await type_rate(pilot, app, "0.5")
        await wait_for(pilot, lambda: "step 1 by hand, lr 0.5" in summary(app), "a step at 0.5")
        await run_in_palette(pilot, app, "Gradient descent rate")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the learning rate dialog")
        field = app.screen.query_one("#descent-rate", Input)
        assert field.value == "0.5"  # the rate in use, to change
        await pilot.press("-", "1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # the dialog stays, saying why
        assert "a negative rate steps up the gradient" in " ".join(region_text(app, app.screen.query_one("#form-message")).split())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("G")
        await wait_for(pilot, lambda: "step 2 by hand, lr 0.5" in summary(app), "a second step, still at 0.5")


async def test_without_a_loss_G_says_why_nothing_happened(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.document.set_activation(1, "relu")
        app.render_document()
        before = parameters(app.document)
        await pilot.press("G")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)  # no rate asked for a step that cannot be taken
        await wait_for(pilot, lambda: "No step taken: a ReLU output has no loss to lower" in toasts(app), "why not")
        assert parameters(app.document) == before


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_rate_dialog_says_the_rule_and_the_books_rate_in_full(tmp_path, monkeypatch, size) -> None:  # type: ignore[no-untyped-def]
    """Its label was cut at the dialog's edge: "… lr · dw (the book" and no rate."""
    from textual.widgets import Label

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=size) as pilot:
        await pilot.press("G")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the learning rate dialog")
        shown = " ".join(region_text(app, app.screen.query_one(Label)).split())
        assert "w ← w − lr · dw" in shown and "(the book's SGD: 1)" in shown, shown
