"""The workbench's fitted curve (tui.app.curve_panel): shown for a network of one input and one
output scored against number targets, its output over x with the samples under it, redrawn at
each edit; hidden for every other network, whose layout stays as it was."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

from tests.tui.conftest import grid_rows, region_text
from tests.tui.lesson_keys.actions import focus_panel, keys, type_cell
from tui.__main__ import make_app
from tui.app.workbench import WorkbenchApp
from tui.lessons.loader import COURSE
from tui.widgets.fitted_curve import CURVE_COLOUR, FittedCurve


def sine_samples(folder: Path) -> WorkbenchApp:
    """``nnwb FILE`` on lesson 14's start: the book's 8 sine samples (x, targets) and a 1-2-2-1
    network of zeros, ReLU, ReLU, linear (a copy, so nothing is written next to the course)."""
    copy = folder / "sine.json"
    shutil.copyfile(COURSE / "14-sine-by-hand.json", copy)
    try:
        return make_app([str(copy)])
    finally:
        gc.enable()


def curve_rows(app: WorkbenchApp) -> tuple[set[int], int]:
    """(the plot rows the orange curve is drawn on, the row the scale labels "y", 0 here),
    read from the panel as it renders: the legend's line is not a plot row."""
    plot = app.query_one("#curve", FittedCurve)
    lines = plot.render().split("\n")[1:-1]  # the legend above, the x axis below
    drawn = {number for number, line in enumerate(lines)
             if any(str(span.style) == CURVE_COLOUR and line.plain[span.start:span.end].strip() for span in line.spans)}
    labelled_y = next(number for number, line in enumerate(lines) if line.plain[:7].strip() == "y")
    return drawn, labelled_y


async def test_the_curve_follows_the_networks_output_over_the_sine_samples_at_each_edit(tmp_path: Path) -> None:
    app = sine_samples(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = app.query_one("#curve")
        text = region_text(app, panel)
        assert panel.display and "Fitted curve" in text and "the network's output" in text
        assert "0.875" in text  # the x scale: the samples' x, 0 to 0.875
        drawn, zero = curve_rows(app)
        assert drawn == {zero}  # every weight 0: the output is 0 for every x, a flat line at y = 0

        await type_cell(app=app, pilot=pilot, selector="#biases", row=0, column=0, text="1", layer=3)
        drawn, zero = curve_rows(app)
        assert drawn and max(drawn) < zero  # the output bias lifts the whole line to 1

        await type_cell(app=app, pilot=pilot, selector="#weights", row=0, column=0, text="6", layer=1)
        await type_cell(app=app, pilot=pilot, selector="#weights", row=0, column=0, text="1", layer=2)
        await type_cell(app=app, pilot=pilot, selector="#weights", row=0, column=0, text="-1", layer=3)
        drawn, zero = curve_rows(app)
        assert len(drawn) > 4  # 1 − 6x: a line falling across the rows, no longer flat


async def test_the_curve_is_hidden_once_the_inputs_have_two_features_and_back_on_undo(tmp_path: Path) -> None:
    app = sine_samples(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = app.query_one("#curve")
        assert panel.display and app.screen.has_class("-curve")
        await focus_panel(pilot, app, "#inputs")
        await keys(pilot, "c")  # a second feature: the curve has no single x to draw over
        assert not panel.display and not app.screen.has_class("-curve")
        assert "Fitted curve" not in region_text(app, app.screen)  # type: ignore[arg-type]
        await keys(pilot, "ctrl+z")
        assert panel.display


async def test_the_default_workbench_has_no_curve() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.query_one("#curve").display and not app.screen.has_class("-curve")


async def test_beside_lesson_14_the_output_grids_keep_rows_of_numbers_and_the_curve_its_plot() -> None:
    """At 120x40 four panels share the right column under a lesson: the lesson gives up rows."""
    try:
        app = make_app(["--lesson", "sine-by-hand"])
    finally:
        gc.enable()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.query_one("#curve").display
        for grid in ("#z", "#output", "#results"):
            assert any(grid_rows(app, grid)), f"{grid} shows no row of numbers"
        drawn, zero = curve_rows(app)
        assert drawn == {zero} and zero >= 2  # a plot of rows, the flat output at y = 0 in its middle
