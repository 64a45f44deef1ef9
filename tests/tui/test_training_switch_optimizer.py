"""The training view's optimizer switched after a run: the run goes on with the new one,
and a lesson counts only the epochs the new settings trained (the cheating round's finding:
one SGD epoch after 2000 of Adam ticked lesson 18's momentum task)."""

from __future__ import annotations

import gc

import pytest

from tests.tui.conftest import wait_for
from tests.tui.lesson_keys.actions import keys, ticked
from tests.tui.test_training import choose_optimizer, set_field, status, wait_until
from tui.__main__ import make_app


@pytest.mark.slow  # training in the UI for seconds
async def test_lesson_18_one_sgd_epoch_after_an_adam_run_does_not_tick_momentum() -> None:
    try:
        app = make_app(["--lesson", "sgd"])
    finally:
        gc.enable()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await keys(pilot, "g")
        await wait_for(pilot, lambda: len(app.screen_stack) == 2, "the training view opens")
        await choose_optimizer(pilot, app, "adam")
        await set_field(pilot, "epochs", "2000")
        await pilot.press("space")
        await wait_until(pilot, lambda: "DONE" in status(app))
        await choose_optimizer(pilot, app, "sgd")  # the book's rate 1, decay 1e-3, momentum 0.9
        await set_field(pilot, "momentum", "0.9")
        await keys(pilot, "o")
        await wait_until(pilot, lambda: "epoch 2001" in " ".join(status(app).split()))
        shown = " ".join(status(app).split())
        assert "epoch 2001, past the 2000 set" in shown and "2001 of 2000" not in shown
        await keys(pilot, "g")
        await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")
        assert app.document.trace.accuracy >= 0.9  # the number the task asks for is there
        assert ticked(app)[2] is False
        assert app.lesson is not None and "epochs with these settings is 1;" in app.lesson.details[2]
