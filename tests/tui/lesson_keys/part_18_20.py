"""Lessons 18-20 (the book's chapters 10-11): the keys that do each task, in the training view."""

from __future__ import annotations

from tests.tui.conftest import wait_for
from tests.tui.lesson_keys.actions import Doing, keys
from tests.tui.test_training import choose_optimizer, set_field, status, wait_until
from tui.app.workbench import WorkbenchApp


def answer(typed: str) -> Doing:
    """= opens the answer form for the first answer task not done; the number, Enter."""

    async def doing(pilot, app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("equals_sign")
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "answer-value", "the answer form has the focus")
        await pilot.press(*typed)
        await wait_for(pilot, lambda: getattr(app.focused, "value", None) == typed, "the answer is typed")
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(app.screen_stack) == 1, "the answer form closes")

    return doing


def train(optimizer: str, epochs: int, reset: bool = False, **fields: str) -> Doing:
    """g; z first if ``reset``; the optimizer (its book settings fill the rate and decay), the
    fields (by their ids without "train-": lr, decay, momentum, split), the epochs; space until
    DONE; g back to the workbench, the trained weights kept."""

    async def doing(pilot, app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
        await keys(pilot, "g")
        await wait_for(pilot, lambda: len(app.screen_stack) == 2, "the training view opens")
        if reset:
            await keys(pilot, "z")
            assert "epoch 0 " in " ".join(status(app).split()) or "READY" in status(app), status(app)
        await choose_optimizer(pilot, app, optimizer)
        for name, value in fields.items():
            await set_field(pilot, name, value)
        await set_field(pilot, "epochs", str(epochs))
        await pilot.press("space")
        await wait_until(pilot, lambda: "DONE" in status(app))
        await keys(pilot, "g")
        await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")

    return doing


# Per lesson, per task: the keys that do it, in order, on one workbench.
DOING: dict[str, list[Doing]] = {
    "18-sgd": [
        train("sgd", 1001, lr="1", decay="1e-3", momentum="0"),
        answer("0.25"),
        train("sgd", 3001, reset=True, lr="1", decay="1e-3", momentum="0.9"),
    ],
    "19-adaptive": [
        train("adagrad", 1001),
        train("rmsprop", 1001, reset=True),
        train("adam", 1001, reset=True),
    ],
    "20-overfitting": [
        train("adam", 1001, split="0.2"),
        answer("240"),
        train("adam", 3001, split="0.2"),
    ],
}
