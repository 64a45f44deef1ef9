"""The training view says what its keys do and which settings the next epoch uses (issue 16,
item 6): after a run, a new optimizer and rate showed the old run's rate; the hint under
the settings said Escape returns to the keys when Enter had already, so the next Escape left
the view; the question before spiral data replaces the inputs said its keys twice."""

from __future__ import annotations

from tests.tui.conftest import region_text, screen_text, wait_for
from tests.tui.test_keyboard import tab_to
from tui.app.workbench import WorkbenchApp
from tui.screens.training import TrainingScreen


def status(app: WorkbenchApp) -> str:
    return " ".join(region_text(app, app.screen.query_one("#train-status")).split())


def hint(app: WorkbenchApp) -> str:
    return " ".join(region_text(app, app.screen.query_one(".train-hint")).split())


async def test_after_a_run_a_new_optimizer_and_rate_show_in_the_status() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await tab_to(pilot, app, "train-epochs")
        await pilot.press("ctrl+u", "3", "enter", "space")
        await wait_for(pilot, lambda: "DONE" in status(app), "three epochs")
        assert "lr 0.05" in status(app)
        await tab_to(pilot, app, "train-optimizer")
        await pilot.press("enter", "up", "up", "up", "enter")  # Adam ↑ RMSprop ↑ Adagrad ↑ SGD
        await tab_to(pilot, app, "train-lr")
        await pilot.press("ctrl+u", *"1e6", "enter")
        await pilot.pause()
        assert "lr 0.05 · next epoch: SGD, lr 1e6" in status(app), status(app)
        await tab_to(pilot, app, "train-lr")
        await pilot.press("ctrl+u", *"0.5", "enter")
        await pilot.press("o")  # one epoch with them: they are the run's now
        await wait_for(pilot, lambda: "epoch 4" in status(app), "one more epoch")
        assert "next epoch" not in status(app) and "lr 0.5" in status(app), status(app)


async def test_the_hint_under_the_settings_says_what_enter_and_escape_do_where_the_focus_is() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert "Escape or g: back to the workbench" in hint(app)  # the keys have the focus
        await tab_to(pilot, app, "train-lr")
        await pilot.pause()
        assert "Enter or Escape: back to the keys" in hint(app)
        await pilot.press("enter")  # back to the keys, as the hint said ...
        await pilot.pause()
        assert "Escape or g: back to the workbench" in hint(app)  # ... and what Escape does now
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TrainingScreen)


async def test_the_question_before_spiral_data_says_its_keys_once() -> None:
    app = WorkbenchApp()  # the notes' batch: no labels
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "space")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert screen_text(app).count("Enter: use spiral data · Escape: cancel") == 1
