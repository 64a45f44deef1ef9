"""Lessons 1-7 in the workbench (#18, section 1): what the grids show and what the tasks say
agree; the cursor on the z grid of a linear layer (titled "Layer 1 outputs") ticks lesson 2's
task as the output grid's does."""

from __future__ import annotations

import gc

from tests.tui.conftest import grid_rows, region_text
from tests.tui.lesson_keys.actions import cursor_on, ticked, type_cell
from tui.__main__ import make_app
from tui.app.workbench import WorkbenchApp


def open_lesson(name: str) -> WorkbenchApp:
    try:
        return make_app(["--lesson", name])
    finally:
        gc.enable()


async def test_lesson_1_the_output_the_grid_shows_is_the_one_the_task_names_0_up_to_rounding() -> None:
    app = open_lesson("neuron")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_cell(pilot, app, "#biases", 0, 0, "-0.3")
        shown = grid_rows(app, "#output")[0][0]

        assert shown == "5.55e-17"  # not 0: 0.2, 0.8 and 0.3 are not exact in binary
        assert ticked(app)[1]
        task = app.lesson.lesson.tasks[1].text  # type: ignore[union-attr]
        assert f"show {shown}: 0 up to floating-point rounding" in task
        assert "exactly" not in task


async def test_lesson_5_the_output_the_grid_shows_is_the_one_the_task_names_0_up_to_rounding() -> None:
    app = open_lesson("two-layers")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_cell(pilot, app, "#biases", 0, 0, "-1.5031", layer=2)
        shown = grid_rows(app, "#output")[0][0]

        assert shown == "-2.2e-16"
        assert ticked(app)[2]
        task = app.lesson.lesson.tasks[2].text  # type: ignore[union-attr]
        assert f"show {shown}: 0 up to floating-point rounding" in task
        assert "exactly" not in task


async def test_lesson_2_the_cursor_on_n2_under_layer_1_outputs_ticks_task_1() -> None:
    app = open_lesson("layer")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await cursor_on(pilot, app, "#z", 0, 1)
        assert ticked(app) == [False, False, False]  # n1: not neuron 3

        await cursor_on(pilot, app, "#z", 0, 2)

        assert "Layer 1 outputs" in region_text(app, app.query_one("#z"))
        assert ticked(app) == [True, False, False]
