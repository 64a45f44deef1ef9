"""The training view's messages name what is really wrong (the tester's #10 report, item 8)."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Dense
from engine.network import Step
from tests.tui.conftest import region_text, screen_text
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document


def status(app: WorkbenchApp) -> str:
    return " ".join(region_text(app, app.screen.query_one("#train-status")).split())


def shown_map(app: WorkbenchApp) -> str:
    """The map box's text, its border and line breaks taken out (the note wraps)."""
    return " ".join(region_text(app, app.screen.query_one("#train-map-box")).replace("│", " ").split())


async def test_a_first_layer_of_64_inputs_on_two_features_is_named_under_the_map() -> None:
    document = Document.from_preset("spiral")  # X (300, 2) with labels
    rng = np.random.default_rng(0)
    document.network.steps[0] = Step(Dense.from_arrays(rng.normal(size=(64, 64)), np.zeros((1, 64))))
    app = WorkbenchApp(document=document)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        shown = shown_map(app)
        assert "the inputs have 2 features, but layer 1 takes 64 inputs (W1 (64, 64))" in shown, shown
        assert "needs two features" not in shown


async def test_inputs_of_three_features_still_say_the_map_needs_two() -> None:
    app = WorkbenchApp()  # the notes' batch: 4 features
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert "The map needs two features; the inputs have 4." in shown_map(app)


@pytest.mark.slow  # training in the UI for seconds
async def test_declining_other_data_on_labelled_inputs_does_not_say_they_need_labels() -> None:
    app = WorkbenchApp(preset="spiral")  # X (300, 2), y (300,)
    async with app.run_test(size=(160, 50)) as pilot:
        labels = app.document.labels.copy()
        await pilot.press("g")
        app.screen.query_one("#train-data").focus()  # the Data field, as Tab reaches it
        await pilot.press("enter", "down", "down", "enter")  # "vertical (nnfs)"
        await pilot.press("escape", "space")  # Escape leaves the field; Space starts
        assert type(app.screen).__name__ == "ConfirmScreen", screen_text(app)
        assert "Train on vertical data?" in " ".join(screen_text(app).split())
        await pilot.press("escape")
        text = status(app)
        assert "needs labels" not in text, text
        assert "Not started: your inputs and labels are kept" in text, text
        assert "current inputs and labels" in text, text
        np.testing.assert_array_equal(app.document.labels, labels)
