"""Lessons 8-13 in the workbench (#18): what a learner sees while doing them with keys."""

from __future__ import annotations

import gc

import pytest

from tests.tui.conftest import screen_text, wait_for
from tests.tui.lesson_keys.actions import diverge, form, keys, select_layer, ticked, type_cell
from tests.tui.test_training import choose_optimizer, figures, set_field, status, wait_until
from tui.__main__ import make_app
from tui.app.workbench import WorkbenchApp
from tui.lessons.answers import NOT_ANSWERED


def open_lesson(name: str) -> WorkbenchApp:
    try:
        return make_app(["--lesson", name])
    finally:
        gc.enable()


async def test_lesson_8_the_scores_plus_100_typed_leave_the_shift_task_open() -> None:
    """The old task 3 told the values to type (each score plus 100): typed, they no longer
    tick it; human at 100 with the differences of 6, 2, 3 kept does."""
    app = open_lesson("softmax")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for column, value in enumerate(["106", "102", "103"]):
            await type_cell(pilot, app, "#inputs", 0, column, value)
        assert ticked(app) == [False, True, False]
        for column, value in enumerate(["103", "99", "100"]):
            await type_cell(pilot, app, "#inputs", 0, column, value)
        assert ticked(app) == [False, True, True]


async def test_lesson_12s_way_from_softmax_to_relu_shows_no_label_error() -> None:
    """f goes softmax, linear, ReLU: the linear step on the way said "the labels have 1
    column and the output has 2" in a lesson about counting, which needs no labels."""
    app = open_lesson("parameters")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await select_layer(pilot, app, 3)
        await keys(pilot, "d")
        await select_layer(pilot, app, 3)
        await keys(pilot, "f")
        assert app.document.network.steps[2].activation.name == "linear"
        assert "labels have" not in screen_text(app)
        await keys(pilot, "f")
        assert app.lesson is not None and app.lesson.details[1] == NOT_ANSWERED  # all but the prediction holds


@pytest.mark.slow  # training in the UI for seconds
async def test_lesson_13_pausing_at_90_percent_ticks_the_training_task() -> None:
    """The divergence first (task 2), then Adam paused by hand once the accuracy passed 0.9,
    not run to DONE: back on the workbench, the training task (3) is ticked."""
    app = open_lesson("training")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await form(pilot, app, "e", "2", "64")
        await keys(pilot, "x")
        await diverge(pilot, app)
        assert ticked(app) == [True, True, False]
        await keys(pilot, "g")
        await choose_optimizer(pilot, app, "adam")
        await set_field(pilot, "lr", "0.05")
        await set_field(pilot, "epochs", "100000")
        await pilot.press("space")
        await wait_until(pilot, lambda: bool(app.training_session.epochs) and figures(app)[2] >= 0.92)
        await pilot.press("space")
        await wait_until(pilot, lambda: "PAUSED" in status(app))
        epochs, _, accuracy = figures(app)
        assert accuracy >= 0.9 and epochs < 100000 and "DONE" not in status(app)
        await keys(pilot, "g")
        await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")
        assert app.document.trace.accuracy >= 0.9
        assert ticked(app) == [True, True, True]
