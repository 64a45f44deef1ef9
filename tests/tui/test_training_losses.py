"""The training view with the book's later networks: a sigmoid output and binary
cross-entropy (chapter 16), a linear output with MSE or MAE on sine data and its fitted
curve (chapter 17), dropout on while training (chapter 15), and each preset's training
hints in the form."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.tui.conftest import region_text, screen_text
from tests.tui.test_training import figures, set_field, status, wait_until
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.widgets.decision_boundary import DecisionBoundary
from tui.widgets.fitted_curve import FittedCurve


def settings_text(app: WorkbenchApp) -> str:
    """The settings panel's words, its border's side lines left out."""
    return " ".join(region_text(app, app.screen.query_one("#train-settings")).replace("│", " ").split())


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


@pytest.mark.slow  # training in the UI for seconds
async def test_ch16_binary_trains_with_binary_cross_entropy_and_shows_binary_accuracy() -> None:
    app = WorkbenchApp(preset="ch16-binary")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        assert "Loss binary cross-entropy" in settings_text(app)
        assert "output > 0.5 read as class 1 (the book's binary accuracy)" in flat(status(app))
        await set_field(pilot, "epochs", "400")
        await pilot.press("o")
        await wait_until(pilot, lambda: "PAUSED" in status(app))
        epoch, first_loss, first_accuracy = figures(app)
        assert epoch == 1 and abs(first_loss - np.log(2)) < 0.01  # a sigmoid of ~0 says 0.5: ln 2
        await pilot.press("space")
        await wait_until(pilot, lambda: "DONE" in status(app))
        epoch, loss, accuracy = figures(app)
        assert epoch == 400 and loss < first_loss - 0.02 and accuracy > 0.6
        # The figures are the workbench's binary accuracy: (output > 0.5) == label, all 200 samples.
        trace = app.document.trace
        assert trace.loss_name == "binary cross-entropy"
        assert abs(accuracy - trace.accuracy) < 1e-3
        # One sigmoid output still draws both classes on the map: class 1 where it says > 0.5.
        grid = app.screen.query_one(DecisionBoundary).grid
        assert grid is not None and set(np.unique(grid)) == {0, 1}


@pytest.mark.slow  # training in the UI for seconds
async def test_ch17_regression_shows_the_fitted_curve_and_its_loss_falls() -> None:
    app = WorkbenchApp(preset="ch17-regression")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        screen = app.screen
        curve, board = screen.query_one(FittedCurve), screen.query_one(DecisionBoundary)
        assert curve.display and not board.display
        assert screen.query_one("#train-map-box").border_title == "Fitted curve"
        assert "data ━ the network's output" in flat(region_text(app, curve))
        # The book's settings for this network (the preset's training hints).
        assert app.screen.query_one("#train-lr").value == "0.005"  # type: ignore[attr-defined]
        assert app.screen.query_one("#train-decay").value == "0.001"  # type: ignore[attr-defined]
        assert "|prediction - y| < std(y) / 250" in flat(status(app))
        before = None if curve.curve is None else curve.curve.copy()
        await set_field(pilot, "epochs", "300")
        await pilot.press("o")
        await wait_until(pilot, lambda: "PAUSED" in status(app))
        first_loss = figures(app)[1]
        await pilot.press("space")
        await wait_until(pilot, lambda: "DONE" in status(app))
        epoch, loss, _ = figures(app)
        assert epoch == 300 and loss < first_loss / 10
        assert app.document.trace.loss_name == "mean squared error"
        # The curve is the trained network's: near the sine at the data's x, where it was flat.
        assert before is not None and curve.curve is not None
        xs = np.linspace(*curve.x_range, len(curve.curve))
        assert np.mean(np.abs(curve.curve - np.sin(2 * np.pi * xs))) < np.mean(np.abs(before - np.sin(2 * np.pi * xs))) / 2


@pytest.mark.slow  # training in the UI for seconds
async def test_mae_chosen_by_keys_changes_the_loss_named_and_trained() -> None:
    app = WorkbenchApp(preset="ch17-regression")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "tab")  # the data
        await pilot.press("tab")  # the loss: shown for a linear output
        assert app.focused is not None and app.focused.id == "train-loss"
        await pilot.press("enter", "down", "enter")
        assert str(app.screen.query_one("#train-loss").value) == "mae"  # type: ignore[attr-defined]
        assert "mean absolute error" in settings_text(app)
        assert app.document.loss == "mae"  # the workbench scores it the same way
        await pilot.press("escape", "o")
        await wait_until(pilot, lambda: "PAUSED" in status(app))
        assert app.document.trace.loss_name == "mean absolute error"
        # MAE of a near-zero output against the sine: mean |sin| = 2/pi (not MSE's 1/2).
        assert abs(figures(app)[1] - 2 / np.pi) < 0.02
        await pilot.press("g")  # back to the workbench: its loss is the same
        assert "mean absolute error" in screen_text(app)


@pytest.mark.slow  # training in the UI for seconds
async def test_dropout_is_named_as_on_while_training_and_off_in_the_workbench() -> None:
    app = WorkbenchApp(preset="ch15-dropout")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        text = flat(status(app))
        assert "dropout 0.1 after layer 1: on while training; the workbench shows the pass without it" in text
        await set_field(pilot, "epochs", "3")
        await pilot.press("space")
        await wait_until(pilot, lambda: "DONE" in status(app))
        assert "dropout 0.1 after layer 1: on while training" in flat(status(app))
        # Training's own figures are of passes with dropout; the workbench's, without it,
        # are those the view shows once stopped: they differ.
        session = app.training_session
        trace = app.document.trace
        assert session.final is not None and abs(session.final[0] - trace.loss) < 1e-6
        assert session.loss[-1] != session.final[0]


@pytest.mark.slow  # training in the UI for seconds
async def test_sine_data_for_a_one_input_network_and_f_fits_a_linear_output() -> None:
    app = WorkbenchApp()  # the notes' two layers: 4 inputs, no labels
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", "tab", "enter", "down", "down", "enter")  # Data: spiral, ↓ vertical, ↓ sine
        assert str(app.screen.query_one("#train-data").value) == "sine"  # type: ignore[attr-defined]
        await pilot.press("escape", "space")
        assert "Sine data (100 samples of y = sin(2πx), 1 feature: 100 x 1)" in flat(screen_text(app))
        await pilot.press("enter")  # use the sine data
        assert "Press f to fit the network" in flat(status(app))
        await pilot.press("f", "o")
        await wait_until(pilot, lambda: "PAUSED" in status(app))
        doc = app.document
        assert doc.inputs.shape == (100, 1) and doc.labels is not None
        assert np.allclose(doc.labels, np.sin(2 * np.pi * doc.inputs[:, 0]), atol=1e-6)  # targets, not class indices
        assert doc.network.layer_sizes[0] == 1 and doc.network.layer_sizes[-1] == 1
        assert doc.network.steps[-1].activation.name == "linear"
        assert figures(app)[0] == 1 and app.screen.query_one(FittedCurve).display


@pytest.mark.slow  # training in the UI for seconds
async def test_a_rate_far_too_high_stops_binary_and_regression_runs_with_their_reason() -> None:
    for preset in ("ch16-binary", "ch17-regression"):
        app = WorkbenchApp(preset=preset)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("g")
            await set_field(pilot, "lr", "1e6")
            await pilot.press("space")
            await wait_until(pilot, lambda app=app: "STOPPED" in status(app))
            text = flat(status(app))
            assert re.search(r"Training stopped: the (weights exploded|loss climbed|loss became)", text), text
            assert "DONE" not in text
            for step in app.document.network.steps:  # put back to finite weights
                assert np.all(np.isfinite(step.dense.weights))


@pytest.mark.slow  # training in the UI for seconds
async def test_the_loss_choice_is_locked_while_training_runs() -> None:
    app = WorkbenchApp(preset="ch17-regression")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "space")
        assert app.screen.query_one("#train-loss").disabled
        await pilot.press("space")  # pause
        await wait_until(pilot, lambda: "PAUSED" in status(app))
        assert not app.screen.query_one("#train-loss").disabled


async def test_settings_typed_for_a_preset_stay_and_another_presets_hints_replace_them() -> None:
    app = WorkbenchApp(preset="ch17-regression")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await set_field(pilot, "lr", "0.01")
        await pilot.press("g", "g")  # back to the workbench and in again: what was typed stays
        assert app.screen.query_one("#train-lr").value == "0.01"  # type: ignore[attr-defined]
        await pilot.press("g")
        app.edits.load_preset("ch16-binary")
        await pilot.press("g")
        assert app.screen.query_one("#train-lr").value == "0.001"  # type: ignore[attr-defined]
        assert "Loss binary cross-entropy" in settings_text(app)


def test_a_document_with_a_sigmoid_and_three_classes_is_told_what_to_change() -> None:
    from tui.training.fit_problem import BINARY, fit_problem

    network = Document.from_preset("ch16-binary").network
    problem, fixable = fit_problem(network, "the spiral data", 300, 2, 3, BINARY)
    assert "a sigmoid output's labels are 0 or 1: choose 2 classes" in problem and fixable


async def test_the_fitted_curve_draws_the_data_low_left_to_high_right_with_its_scales() -> None:
    from textual.app import App, ComposeResult

    class CurveApp(App[None]):
        def compose(self) -> ComposeResult:
            yield FittedCurve(id="curve")

    app = CurveApp()
    async with app.run_test(size=(40, 12)) as pilot:
        curve = app.query_one(FittedCurve)
        x = np.linspace(0.0, 1.0, 200)
        curve.show(x, x, None, (0.0, 1.0), (0.0, 1.0))  # y = x: a diagonal of dots, no prediction yet
        await pilot.pause()
        lines = region_text(app, curve).splitlines()  # type: ignore[arg-type]
        assert "data" in lines[0] and "no output yet" in lines[0]
        plot = [line[8:] for line in lines[1:-1]]  # right of the y scale "    1.0│"
        assert lines[1].strip().startswith("1") and lines[-2].strip().startswith("0")
        top = [i for i, c in enumerate(plot[0]) if c.strip()]
        bottom = [i for i, c in enumerate(plot[-1]) if c.strip()]
        assert top and bottom and min(top) > max(bottom)  # high on the right, low on the left
        assert "x" in lines[-1] and lines[-1].rstrip().endswith("1")  # the x scale: 0 ... x ... 1


@pytest.mark.slow  # training in the UI for seconds
async def test_a_regularised_networks_loss_is_shown_in_the_books_two_parts() -> None:
    app = WorkbenchApp(preset="ch16-binary")  # L2 5e-4 on the first layer
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await set_field(pilot, "epochs", "3")
        await pilot.press("space")
        await wait_until(pilot, lambda: "DONE" in status(app))
        text = flat(status(app))
        session = app.screen.session  # type: ignore[attr-defined]
        assert session.regularization_loss > 0
        data_loss = re.search(r"epoch 3 of 3 data_loss ([\d.]+) accuracy", text)
        assert data_loss and abs(float(data_loss[1]) - app.document.trace.loss) < 1e-5, text
        parts = re.search(r"epoch 2 had loss ([\d.]+) \(data_loss ([\d.]+), reg_loss ([\d.e-]+)\) and accuracy", text)
        assert parts, text
        assert abs(float(parts[1]) - float(parts[2]) - float(parts[3])) < 2e-4
        assert " loss " not in text.split("data_loss")[0].split("epoch 3 of 3")[1]  # no bare "loss" beside it


@pytest.mark.slow  # training in the UI for seconds
async def test_ch17_diverging_suggests_its_own_book_rate_and_the_count_matches_the_weights() -> None:
    app = WorkbenchApp(preset="ch17-regression")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await set_field(pilot, "lr", "1e6")
        await pilot.press("space")
        await wait_until(pilot, lambda: "STOPPED" in status(app))
        text = flat(status(app))
        assert "the learning rate 1e6 is too high; try 0.005, the book's rate in Chapter 17" in text, text
        back = re.search(r"The weights are back to those of epoch (\d+)", text)
        assert back, text
        assert f"STOPPED epoch {back[1]} of 10001" in text, text


async def test_a_two_output_regression_network_is_told_the_loss_chosen_in_a_sentence() -> None:
    app = WorkbenchApp(preset="ch17-regression")
    async with app.run_test(size=(120, 40)) as pilot:
        app.document.set_loss("mae")
        app.document.resize_layer(2, 64, 2)  # two outputs for one target column
        await pilot.press("g", "o")
        await pilot.pause()
        text = flat(status(app))
        assert ("Each sample of the inputs has one target number: the last layer needs 1 output "
                "(mean absolute error compares it with the target) and has 2 neurons.") in text, text
        assert "The inputs has" not in text and "mean squared" not in text
