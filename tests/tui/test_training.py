"""The training view: start, pause, one epoch, reset, a run that diverges, fitting the network."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import numpy as np
import pytest

from engine import EpochStats, Linear, Trainer
from engine.thinning import HISTORY_LIMIT
from tests.tui.conftest import focus, grid_rows, region_text, screen_text, wait_for
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.training.session import TrainingSession


def status(app: WorkbenchApp) -> str:
    return region_text(app, app.screen.query_one("#train-status"))


def figures(app: WorkbenchApp) -> tuple[int, float, float]:
    """(epochs done, loss, accuracy) as the status line shows them."""
    text = " ".join(status(app).split())
    # "data_loss" after a run of a regularised network; "loss X (data_loss Y, reg_loss Z)" during it
    found = re.search(r"epoch (\d+) of \d+ (?:data_)?loss ([-\d.e]+)(?: \(data_loss [^)]*\))? accuracy ([\d.]+)", text)
    assert found, text
    return int(found[1]), float(found[2]), float(found[3])


def training(app: WorkbenchApp) -> bool:
    """Whether a training worker is still at work."""
    return any(worker.group == "training" and not worker.is_finished for worker in app.workers)


async def wait_until(pilot, condition: Callable[[], bool]) -> None:  # type: ignore[no-untyped-def]
    """Until ``condition`` holds, however long training takes on this machine; fails
    once training has ended (and its last messages are handled) and it still does not."""
    while not condition():
        if not training(pilot.app):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.pause()
            assert condition(), status(pilot.app)
            return
        await pilot.pause(0.02)


async def set_field(pilot, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.click(f"#train-{name}")
    await pilot.press("end", "ctrl+u", *value, "enter")


@pytest.mark.slow  # training in the UI for seconds
async def test_training_on_the_spiral_lowers_the_loss_and_raises_the_accuracy() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        assert "READY" in status(app)
        await set_field(pilot, "epochs", "2000")
        await pilot.press("o")  # one epoch: the first figures
        await wait_until(pilot, lambda: "PAUSED" in status(app))
        epoch, first_loss, first_accuracy = figures(app)
        assert epoch == 1 and abs(first_loss - 1.0986) < 1e-3
        await pilot.press("space")
        await wait_until(pilot, lambda: "DONE" in status(app))
        epoch, loss, accuracy = figures(app)
        assert epoch == 2000
        assert loss < first_loss - 0.05 and accuracy > first_accuracy + 0.05
        # The chart's title line carries the last epoch and the same figures.
        assert "epoch 1999" in screen_text(app)


def workbench_figures(app: WorkbenchApp) -> tuple[str, str]:
    """(loss, accuracy) as the workbench's summary shows them."""
    found = re.search(r"loss (\S+)\s+accuracy (\S+)\s+error rate", screen_text(app))
    assert found, screen_text(app)
    return found[1], found[2]


@pytest.mark.slow  # training in the UI for seconds
async def test_after_training_the_view_and_the_workbench_show_the_same_loss_and_accuracy() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await set_field(pilot, "epochs", "300")
        await pilot.press("space")
        await wait_until(pilot, lambda: "DONE" in status(app))
        text = " ".join(status(app).split())
        shown = re.search(r"epoch 300 of 300 loss (\S+) accuracy (\S+)", text)
        assert shown, text
        assert "the weights now, as the workbench measures them (all 300 samples)" in text
        last_epoch = app.training_session.loss[-1]
        await pilot.press("g")
        assert workbench_figures(app) == (shown[1], shown[2])
        assert float(shown[1]) != pytest.approx(last_epoch, abs=1e-6)  # not the last epoch's pass


@pytest.mark.slow  # training in the UI for seconds
async def test_leaving_mid_run_and_coming_back_shows_the_workbenchs_figures_too() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await set_field(pilot, "epochs", "1000000")
        await pilot.press("space")
        await wait_until(pilot, lambda: len(app.training_session.epochs) > 100)
        await pilot.press("escape")  # leaves once the worker has stopped
        await wait_until(pilot, lambda: type(app.screen).__name__ != "TrainingScreen")
        on_the_workbench = workbench_figures(app)
        await pilot.press("g")
        text = " ".join(status(app).split())
        shown = re.search(r"PAUSED epoch \d+ of 1000000 loss (\S+) accuracy (\S+)", text)
        assert shown, text
        assert (shown[1], shown[2]) == on_the_workbench


@pytest.mark.slow  # training in the UI for seconds
async def test_pause_then_an_edited_weight_is_kept_when_training_continues() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await set_field(pilot, "epochs", "1000000")
        await pilot.press("space")
        await wait_until(pilot, lambda: app.training_session.epochs and app.training_session.epochs[-1] > 200)
        await pilot.press("space")
        await wait_until(pilot, lambda: "PAUSED" in status(app))
        done, _, _ = figures(app)
        await pilot.press("g")  # back to the workbench: it shows the trained weights
        trained = app.document.network.steps[0].dense.weights.copy()
        assert "TRAINING" not in screen_text(app)
        shown = [float(v) for v in grid_rows(app, "#weights")[0]]
        np.testing.assert_allclose(shown, trained[0], rtol=1e-3, atol=1e-5)
        await focus(pilot, app, "#weights")
        await pilot.press("5", "enter")  # W1[0, 0] = 5
        assert app.document.network.steps[0].dense.weights[0, 0] == 5
        await pilot.press("g", "o")
        await wait_until(pilot, lambda: "PAUSED" in status(app) and figures(app)[0] == done + 1)
        weights = app.document.network.steps[0].dense.weights
        assert abs(weights[0, 0] - 5) < 0.2  # one step from the edited value, not the old one
        np.testing.assert_allclose(weights[1], trained[1], atol=0.2)


@pytest.mark.slow  # training in the UI for seconds
async def test_a_learning_rate_far_too_high_stops_with_its_reason_and_finite_weights() -> None:
    document = Document.from_preset("spiral")
    document.network.steps[0].activation = Linear()
    app = WorkbenchApp(document=document)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await pilot.click("#train-optimizer")
        await pilot.press("up", "up", "up", "enter")  # Adam -> SGD
        await set_field(pilot, "lr", "1e6")
        await set_field(pilot, "decay", "0")
        await pilot.press("space")
        await wait_until(pilot, lambda: "STOPPED" in status(app))
        text = " ".join(status(app).split())
        assert re.search(r"Training stopped: the (loss|weights) (became|exploded|climbed)", text), text
        assert "the learning rate 1e6 is too high; try 1, the book's rate for SGD" in text
        for step in app.document.network.steps:
            assert np.all(np.isfinite(step.dense.weights)) and np.all(np.isfinite(step.dense.biases))
        # Still usable: a sensible rate carries on from the kept weights.
        await set_field(pilot, "lr", "0.01")
        await pilot.press("o")
        await wait_until(pilot, lambda: "PAUSED" in status(app))
        assert "Training stopped" not in status(app)


async def choose_optimizer(pilot, app: WorkbenchApp, name: str) -> None:  # type: ignore[no-untyped-def]
    order = ["sgd", "adagrad", "rmsprop", "adam"]  # as the list shows them
    select = app.screen.query_one("#train-optimizer")
    steps = order.index(name) - order.index(str(select.value))  # type: ignore[attr-defined]
    if steps:
        await pilot.click("#train-optimizer")  # the list opens on the current one
        await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    assert str(app.screen.query_one("#train-optimizer").value) == name  # type: ignore[attr-defined]


@pytest.mark.slow  # training in the UI for seconds
@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
async def test_a_rate_of_1e6_on_the_spiral_preset_stops_and_names_the_rate_to_try(optimizer: str) -> None:
    app = WorkbenchApp(preset="spiral")  # ReLU and softmax, as learners use it
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await choose_optimizer(pilot, app, optimizer)
        await set_field(pilot, "lr", "1e6")
        await pilot.press("space")
        await wait_until(pilot, lambda: "STOPPED" in status(app))
        text = " ".join(status(app).split())
        assert re.search(r"Training stopped: the (weights exploded|loss climbed)", text), text
        book = {"adam": "0.05, the book's rate for Adam", "sgd": "1, the book's rate for SGD"}[optimizer]
        assert f"the learning rate 1e6 is too high; try {book}" in text
        assert "DONE" not in text
        for step in app.document.network.steps:  # put back, not weights of 1e9
            assert np.max(np.abs(step.dense.weights)) < 1e3


@pytest.mark.slow  # training in the UI for seconds
async def test_a_rate_of_1e6_on_the_default_preset_fitted_with_softmax_stops_too() -> None:
    app = WorkbenchApp()  # the notes' two layers; f fits them to the spiral, softmax last
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "space", "enter")  # Enter: use spiral data
        await pilot.press("f")
        await choose_optimizer(pilot, app, "sgd")
        await set_field(pilot, "lr", "1e6")
        await pilot.press("space")
        await wait_until(pilot, lambda: "STOPPED" in status(app))
        assert "the learning rate 1e6 is too high; try 1, the book's rate for SGD" in " ".join(status(app).split())


@pytest.mark.slow  # training in the UI for seconds
async def test_weights_too_large_to_compute_with_are_not_blamed_on_the_rate() -> None:
    document = Document.from_preset("spiral")
    document.network.steps[0].dense.weights[...] = 3.0e38  # near float32's top: sums overflow
    app = WorkbenchApp(document=document)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "space")
        await wait_until(pilot, lambda: "STOPPED" in status(app))
        text = " ".join(status(app).split())
        assert "this is not the learning rate" in text and "Make the weights (or inputs) smaller" in text
        assert "Change the learning rate" not in text


@pytest.mark.slow  # training in the UI for seconds
async def test_reset_brings_back_the_first_weights() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        first = [(s.dense.weights.copy(), s.dense.biases.copy()) for s in app.document.network.steps]
        await pilot.press("g", "space")
        await wait_until(pilot, lambda: app.training_session.epochs and app.training_session.epochs[-1] > 100)
        await pilot.press("z")  # while running: pauses, then resets
        await wait_until(pilot, lambda: "READY" in status(app))
        assert "epoch 0 of" in " ".join(status(app).split())
        for (w, b), step in zip(first, app.document.network.steps):
            np.testing.assert_array_equal(step.dense.weights, w)
            np.testing.assert_array_equal(step.dense.biases, b)


def chart_legend(app: WorkbenchApp) -> str:
    return region_text(app, app.screen.query_one("#train-chart"))


def weights_now(app: WorkbenchApp) -> list[np.ndarray]:
    return [a.copy() for s in app.document.network.steps for a in (s.dense.weights, s.dense.biases)]


async def train_then_leave(pilot, app: WorkbenchApp) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    """Train 30 epochs to DONE and go back to the workbench; the weights before training."""
    before = weights_now(app)
    await pilot.press("g")
    await set_field(pilot, "epochs", "30")
    await pilot.press("space")
    await wait_until(pilot, lambda: "DONE" in status(app))
    await pilot.press("g")
    assert not any(np.array_equal(a, b) for a, b in zip(before[:1], weights_now(app)[:1]))
    return before


async def assert_a_fresh_session(pilot, app: WorkbenchApp, weights: list[np.ndarray]) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("g")
    text = " ".join(status(app).split())
    assert "READY" in text and "epoch 0 of 30" in text and "DONE" not in text and "loss" not in text
    assert "no epochs yet" in chart_legend(app)
    await pilot.press("z")  # nothing of the undone run to go back to: the weights stay
    for ours, theirs in zip(weights_now(app), weights):
        np.testing.assert_array_equal(ours, theirs)
    await pilot.press("o")  # and training starts from them, at epoch 1
    await wait_until(pilot, lambda: "PAUSED" in status(app))
    assert figures(app)[0] == 1


@pytest.mark.slow  # training in the UI for seconds
async def test_after_undoing_a_training_run_the_view_starts_afresh_from_the_weights_present() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        before = await train_then_leave(pilot, app)
        await pilot.press("ctrl+z")
        for ours, theirs in zip(weights_now(app), before):
            np.testing.assert_array_equal(ours, theirs)
        await assert_a_fresh_session(pilot, app, before)


@pytest.mark.slow  # training in the UI for seconds
async def test_weights_put_back_in_place_where_the_run_began_are_an_undone_run_too() -> None:
    # As an undo that writes the old values back into the same arrays would.
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        before = await train_then_leave(pilot, app)
        arrays = [a for s in app.document.network.steps for a in (s.dense.weights, s.dense.biases)]
        for array, old in zip(arrays, before):
            array[...] = old
        app.document.training_changed()
        await assert_a_fresh_session(pilot, app, before)


@pytest.mark.slow  # training in the UI for seconds
async def test_generated_data_that_does_not_fit_says_why_and_f_fits_the_network() -> None:
    app = WorkbenchApp()  # the notes' two layers: 4 inputs, no labels
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", "space", "enter")  # Enter: use spiral data
        text = " ".join(status(app).split())
        assert "Press f to fit the network" in text
        await pilot.press("f", "o")
        await wait_until(pilot, lambda: "PAUSED" in status(app))
        assert app.document.inputs.shape == (300, 2)
        assert app.document.network.layer_sizes[0] == 2 and app.document.network.layer_sizes[-1] == 3
        assert figures(app)[0] == 1
        await pilot.press("escape")
        assert "PAUSED" not in screen_text(app)


def test_a_long_session_keeps_a_bounded_history_with_its_first_and_latest_epochs() -> None:
    session = TrainingSession()
    for start in range(0, 200_000, 1000):  # as the worker posts them, a batch at a time
        session.add(EpochStats(e, 1.0 / (e + 1), 1.0 / (e + 1), 0.0, 0.5, 0.01, e) for e in range(start, start + 1000))
        assert all(len(series) <= HISTORY_LIMIT for series in session.series())
    assert session.epochs[0] == 0 and session.epochs[-1] == 199_999
    assert session.loss[0] == 1.0 and session.loss[-1] == 1.0 / 200_000
    assert session.epochs == sorted(session.epochs)


@pytest.mark.slow  # training in the UI for seconds
async def test_without_labels_space_asks_before_spiral_data_replaces_the_inputs() -> None:
    app = WorkbenchApp()  # the notes' batch: 3 samples x 4 features, no labels
    async with app.run_test(size=(80, 24)) as pilot:
        mine = app.document.inputs.copy()
        await pilot.press("g", "space")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen", "space asks first")
        asked = " ".join(screen_text(app).split())
        assert "Train on spiral data?" in asked and "would replace the inputs X 3 x 4" in asked
        assert "Enter: use spiral data" in asked and "Escape: cancel" in asked
        np.testing.assert_array_equal(app.document.inputs, mine)  # nothing replaced while asking
        await pilot.press("escape")
        assert type(app.screen).__name__ == "TrainingScreen"
        np.testing.assert_array_equal(app.document.inputs, mine)
        assert app.document.labels is None
        assert "Not started: your inputs are kept" in " ".join(status(app).split())
        await pilot.press("space", "enter")
        assert app.document.inputs.shape == (300, 2) and app.document.labels is not None
        await pilot.press("g", "ctrl+z")  # and undo brings the learner's inputs back
        np.testing.assert_array_equal(app.document.inputs, mine)


@pytest.mark.slow  # training in the UI for seconds
async def test_quitting_mid_run_is_a_stop_the_worker_sees(monkeypatch: pytest.MonkeyPatch) -> None:
    # Heavy epochs are stopped between slices (tests/engine: the stop is consulted there);
    # here: quitting the app makes the worker's stop condition true, and the worker ends.
    import engine.training

    monkeypatch.setattr(engine.training, "SLICE_WORK", 1)
    monkeypatch.setattr(engine.training, "MIN_SLICE", 1)  # epochs of 300 one-sample slices
    stops: list[Callable[[], bool]] = []
    ended = threading.Event()
    train = Trainer.train

    def spy(self: Trainer, epochs: int, stop: Callable[[], bool] | None = None):  # type: ignore[no-untyped-def]
        assert stop is not None
        stops.append(stop)

        def run():  # type: ignore[no-untyped-def]
            try:
                yield from train(self, epochs, stop)
            finally:
                ended.set()

        return run()

    monkeypatch.setattr(Trainer, "train", spy)
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await set_field(pilot, "epochs", "10000000")
        await pilot.press("space")
        await wait_until(pilot, lambda: len(app.training_session.epochs) >= 2)
        assert stops and not stops[-1]()
        worker = next(w for w in app.workers if w.group == "training")
        await pilot.press("ctrl+q")
    assert worker.is_cancelled and stops[-1]()  # quitting is a stop the worker sees...
    # ... and its thread's training ends (at the next slice). The bound only guards
    # against a hang: ten million epochs would take hours.
    assert ended.wait(60)


@pytest.mark.slow  # training in the UI for seconds
async def test_while_training_the_ui_thread_never_scans_a_whole_gradient(monkeypatch: pytest.MonkeyPatch) -> None:
    # The heat map's scale (the largest |dweights|) is a pass over every gradient: 4 million
    # values in the largest layer allowed. The panel made it on the UI thread at every
    # progress message and at every "]", and keys waited behind it (72-198 ms).
    import tui.widgets.gradients_panel as panel_module
    from tui.widgets.gradients_panel import GradientsPanel

    scanned_on_ui: list[tuple[int, ...]] = []
    real = panel_module.gradient_scale

    def watched(dweights: np.ndarray) -> float | None:
        if threading.current_thread() is threading.main_thread():
            scanned_on_ui.append(dweights.shape)
        return real(dweights)

    monkeypatch.setattr(panel_module, "gradient_scale", watched)
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await set_field(pilot, "epochs", "10000000")  # runs until paused
        await pilot.press("space")
        panel = app.screen.query_one(GradientsPanel)
        await wait_until(pilot, lambda: len(panel.gradients) == 2 and "Layer 1 of 2" in region_text(app, panel))
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: "Layer 2 of 2" in region_text(app, panel))
        assert app.screen.running, status(app)  # type: ignore[attr-defined]
        assert scanned_on_ui == []
        await pilot.press("space")
        await wait_until(pilot, lambda: "PAUSED" in status(app))
