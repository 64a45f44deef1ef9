"""Keyboard-only use (over SSH): every control of the training view is reached with Tab and
changed with keys."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from tests.tui.conftest import region_text, wait_for
from tui.app.workbench import WorkbenchApp
from tui.screens.training import TrainingScreen

SETTINGS = {"train-data", "train-optimizer", "train-lr", "train-decay", "train-epochs", "train-batch", "train-split", "train-seed"}


async def tab_to(pilot, app: WorkbenchApp, widget_id: str, key: str = "tab") -> None:  # type: ignore[no-untyped-def]
    for _ in range(30):
        if app.focused is not None and app.focused.id == widget_id:
            return
        await pilot.press(key)
    raise AssertionError(f"{key} never reached #{widget_id}")


@pytest.mark.slow  # training in the UI for seconds
async def test_tab_reaches_every_setting_of_the_training_view_and_keys_change_them() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        view = app.screen
        assert isinstance(view, TrainingScreen)
        reached = set()
        for _ in range(25):
            await pilot.press("tab")
            if app.focused is not None and app.focused.id:
                reached.add(app.focused.id)
        assert SETTINGS <= reached, SETTINGS - reached
        backwards = set()
        for _ in range(25):
            await pilot.press("shift+tab")
            if app.focused is not None and app.focused.id:
                backwards.add(app.focused.id)
        assert SETTINGS <= backwards
        # The optimizer, from the keyboard: Enter opens the list, ↑ picks RMSprop, Enter takes it.
        await tab_to(pilot, app, "train-optimizer")
        await pilot.press("enter", "up", "enter")
        await pilot.pause()
        assert view.query_one("#train-optimizer", Select).value == "rmsprop"
        assert view.query_one("#train-lr", Input).value == "0.02"  # the book's rate for RMSprop
        # The learning rate and the epochs: typed, Enter applies and returns to the keys.
        await tab_to(pilot, app, "train-lr")
        await pilot.press(*"0.005", "enter")
        await tab_to(pilot, app, "train-epochs")
        await pilot.press("3", "enter")
        assert app.focused is view.query_one("#train-view")
        await pilot.press("space")
        status = lambda: " ".join(region_text(app, view.query_one("#train-status")).split())  # noqa: E731
        await wait_for(pilot, lambda: "DONE" in status(), "three epochs")
        assert "epoch 3 of 3" in status() and "lr 0.005" in status(), status()


async def test_escape_leaves_a_setting_then_the_training_view() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await tab_to(pilot, app, "train-seed")
        await pilot.press("escape")
        assert isinstance(app.screen, TrainingScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TrainingScreen)


async def test_data_and_optimizer_change_by_keys_typed_in_a_burst() -> None:
    # Typed quickly (or over SSH), Tab Enter ↓ Enter reached the Select before its list had
    # the focus: ↓ and Enter opened the list again, the list stayed open, nothing changed.
    # And the first Tab stopped on the settings' scroll box, where nothing shows the focus.
    from tests.tui.bursts import type_fast

    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")
        view = app.screen
        assert isinstance(view, TrainingScreen)
        data = view.query_one("#train-data", Select)
        assert data.value == "current"
        await type_fast(pilot, "Tab Enter Down Enter")  # Data: the next choice, the spiral
        assert data.value == "spiral" and app.focused is data and not data.expanded
        # The spiral shows samples/class and classes; then the optimizer: Adam, ↑ RMSprop.
        await type_fast(pilot, "Tab Tab Tab Enter Up Enter")
        optimizer = view.query_one("#train-optimizer", Select)
        assert optimizer.value == "rmsprop" and app.focused is optimizer and not optimizer.expanded
        assert view.query_one("#train-lr", Input).value == "0.02"  # the book's rate for RMSprop
        await type_fast(pilot, "Escape")  # back to the keys: space trains
        assert app.focused is view.query_one("#train-view")
