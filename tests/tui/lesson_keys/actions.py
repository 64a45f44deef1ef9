"""What a learner does in a lesson, as keys: type a cell, Tab to a panel, fill a dialog, train."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import numpy as np

from tests.tui.conftest import focus, wait_for
from tests.tui.test_training import choose_optimizer, set_field, status, wait_until
from tui.app.workbench import WorkbenchApp
from tui.screens.dialogs import FormScreen
from tui.widgets.matrix_grid import MatrixGrid

Pilot = object  # textual.pilot.Pilot[None]
Doing = Callable[[Pilot, WorkbenchApp], Awaitable[None]]


def ticked(app: WorkbenchApp) -> list[bool]:
    """Each task's mark as the lesson panel shows it: ✓ done, ○ not yet."""
    lines = app.query_one("#lesson").tasks.splitlines()  # type: ignore[attr-defined]
    return [line.startswith("✓") for line in lines]


async def focus_panel(pilot, app: WorkbenchApp, selector: str) -> None:  # type: ignore[no-untyped-def]
    await focus(pilot, app, selector, tries=20)  # a lesson's panels lengthen the Tab order


async def select_layer(pilot, app: WorkbenchApp, layer: int) -> None:  # type: ignore[no-untyped-def]
    """[ or ] until the network panel's selected layer is ``layer`` (1-based)."""
    while app.document.selected + 1 != layer:
        await pilot.press("right_square_bracket" if app.document.selected + 1 < layer else "left_square_bracket")
        await pilot.pause()


async def type_cell(pilot, app: WorkbenchApp, selector: str, row: int, column: int, text: str,  # type: ignore[no-untyped-def]
                    layer: int | None = None) -> None:
    """Select the layer, Tab to the matrix, arrow keys to (row, column), type, Enter."""
    if layer is not None:
        await select_layer(pilot, app, layer)
    await focus_panel(pilot, app, selector)
    grid = app.query_one(selector, MatrixGrid)
    rows, columns = row - grid.cursor_row, column - grid.cursor_column
    await pilot.press(*(["down"] * rows if rows > 0 else ["up"] * -rows),
                      *(["right"] * columns if columns > 0 else ["left"] * -columns))
    assert (grid.cursor_row, grid.cursor_column) == (row, column)
    await pilot.press(*text, "enter")
    await pilot.pause()


async def keys(pilot, *pressed: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*pressed)
    await pilot.pause()


async def form(pilot, app: WorkbenchApp, key: str, *values: str) -> None:  # type: ignore[no-untyped-def]
    """A dialog of fields (e: sizes, i: seed and scale): each value replaces its field's text."""
    await pilot.press(key)
    await wait_for(pilot, lambda: len(app.screen_stack) > 1, f"{key} opens its dialog")
    for index, value in enumerate(values):
        if index:
            await pilot.press("tab")
        await pilot.press(*value)
    await pilot.press("enter")
    await wait_for(pilot, lambda: len(app.screen_stack) == 1, "the dialog closes")
    await pilot.pause()


async def cursor_on(pilot, app: WorkbenchApp, selector: str, row: int, column: int) -> None:  # type: ignore[no-untyped-def]
    await focus_panel(pilot, app, selector)
    grid = app.query_one(selector, MatrixGrid)
    await pilot.press(*["down"] * (row - grid.cursor_row), *["right"] * (column - grid.cursor_column))
    await pilot.pause()


async def divide_every_weight_by_10(pilot, app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    """Lesson 11: the 15 weights typed again, each a tenth of what the grid shows."""
    for layer, step in enumerate(app.document.network.steps, start=1):
        weights = step.dense.weights.copy()
        for (row, column), value in np.ndenumerate(weights):
            await type_cell(pilot, app, "#weights", row, column, repr(float(value / np.float32(10))), layer=layer)


async def train_with_adam(pilot, app: WorkbenchApp, rate: str = "0.05", epochs: str = "10001") -> None:  # type: ignore[no-untyped-def]
    """Adam in the training view until DONE, then back (lesson 13: the book's 0.05, decay 5e-7,
    after a run at 1e6 diverged)."""
    await keys(pilot, "g")
    await choose_optimizer(pilot, app, "adam")
    await set_field(pilot, "lr", rate)
    await set_field(pilot, "epochs", epochs)
    await pilot.press("space")
    await wait_until(pilot, lambda: "DONE" in status(app))
    await keys(pilot, "g")
    await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")


async def diverge(pilot, app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    await keys(pilot, "g")
    await choose_optimizer(pilot, app, "sgd")
    await set_field(pilot, "lr", "1e6")
    await pilot.press("space")
    await wait_until(pilot, lambda: "STOPPED" in status(app))
    await keys(pilot, "g")
    await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")


async def _all(pilot, app: WorkbenchApp, *steps: Callable[[], Awaitable[None]]) -> None:  # type: ignore[no-untyped-def]
    for step in steps:
        await step()




async def answer(pilot, app: WorkbenchApp, number: str) -> None:  # type: ignore[no-untyped-def]
    """= then the number and Enter: the answer to the first open task that asks for one."""
    await pilot.press("equals_sign")
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.focused is not None, "= opens the form")
    await pilot.press(*number, "enter")
    await wait_for(pilot, lambda: len(app.screen_stack) == 1, "the form closes")
    await pilot.pause()
