"""Lessons 21-24 (the book's chapters 14-17): the keys that do each task."""

from __future__ import annotations

from tests.tui.conftest import wait_for
from tests.tui.lesson_keys.actions import Doing, _all, form, keys, train_with_adam, type_cell
from tui.app.workbench import WorkbenchApp


async def walk_to_dropout(pilot, app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    """s, then n until step mode shows layer 1's dropout stage (the backward pass), then Escape."""
    await keys(pilot, "s")
    for _ in range(30):
        step = app.document.step
        if step is not None and (step.layer, step.stage_name) == (0, "dropout"):
            break
        await keys(pilot, "n")
    await keys(pilot, "escape")


async def answer(pilot, app: WorkbenchApp, typed: str) -> None:  # type: ignore[no-untyped-def]
    """=, the number, Enter: the lesson's first open answer task's form."""
    await keys(pilot, "equals_sign")
    await wait_for(pilot, lambda: len(app.screen_stack) > 1 and app.focused is not None, "= opens the answer's form")
    await pilot.press(*typed, "enter")
    await wait_for(pilot, lambda: len(app.screen_stack) == 1, "the form closes")
    await pilot.pause()


async def choose_mae(pilot, app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    """g, Tab past the data to the loss, mae (below mse), Escape to the keys, g back."""
    await keys(pilot, "g", "tab", "tab")
    assert app.focused is not None and app.focused.id == "train-loss"
    await keys(pilot, "enter", "down", "enter", "escape", "g")
    await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")


async def train_sine(pilot, app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    """The book's Adam (the preset's settings: 0.005, decay 1e-3), 250 epochs: MAE about 0.07."""
    await train_with_adam(pilot, app, rate="0.005", epochs="250")


DOING: dict[str, list[Doing]] = {
    "21-regularization": [
        lambda p, a: form(p, a, "w", "0", "5e-4", "0", "0"),
        lambda p, a: type_cell(p, a, "#weights", 3, 0, "0", layer=1),  # 1.0: input 3 of neuron 0, as stored
        lambda p, a: _all(p, a, lambda: answer(p, a, "0.004246"), lambda: form(p, a, "w", "5e-4", "5e-4", "0", "0")),
    ],
    "22-dropout": [
        lambda p, a: form(p, a, "D", "0.1"),
        lambda p, a: _all(p, a, lambda: walk_to_dropout(p, a), lambda: answer(p, a, "1.1111")),
    ],
    "23-binary": [
        lambda p, a: answer(p, a, "1.609"),
        lambda p, a: type_cell(p, a, "#inputs", 2, 0, "-3"),
        lambda p, a: _all(p, a, lambda: type_cell(p, a, "#inputs", 0, 0, "4"),
                          lambda: type_cell(p, a, "#inputs", 1, 0, "-4")),
    ],
    "24-regression": [
        lambda p, a: _all(p, a, lambda: answer(p, a, "0.637"), lambda: choose_mae(p, a)),
        train_sine,
    ],
}
