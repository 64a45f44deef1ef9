"""A lesson's backward-pass tasks in the workbench: step mode walks on past the loss, and the
lesson panel ticks the stage tasks as the walk reaches them, and a gradient task as an edit
makes it hold."""

from __future__ import annotations

import gc
from pathlib import Path

from tests.tui.conftest import focus, region_text
from tui.__main__ import make_app
from tui.app.workbench import WorkbenchApp

LESSON = '''\
title = "Back through the spiral"
text = "The gradient flows back from the loss to layer 1's weights."
preset = "spiral"

[[tasks]]
text = "Step on to the loss."
check = "stage"
stage = "loss"

[[tasks]]
text = "Step back through the network to layer 1's dweights."
check = "stage"
layer = 1
stage = "dweights"

[[tasks]]
text = "Make layer 1's neuron 0 learn nothing from input 0."
check = "cell"
matrix = "dweights"
layer = 1
row = 0
column = 0
equals = 0.0
tolerance = 0.0
'''


def started(path: Path) -> WorkbenchApp:
    try:
        return make_app(["--lesson", str(path)])
    finally:
        gc.enable()


def panel(app: WorkbenchApp) -> str:
    return region_text(app, app.query_one("#lesson"))


async def test_stepping_to_layer_1s_dweights_ticks_the_stage_tasks(tmp_path: Path) -> None:
    path = tmp_path / "backprop.toml"
    path.write_text(LESSON, encoding="utf-8")
    app = started(path)
    async with app.run_test(size=(120, 40)) as pilot:
        # The spiral's walk: 8 forward stages; the loss, dvalues; layer 2's dweights, dbiases,
        # dinputs (the combined softmax step has no dz of its own); layer 1's dz, then dweights.
        await pilot.press("s", *["n"] * 7)
        await pilot.pause()
        assert "○ 1. Step on to the loss." in panel(app)
        await pilot.press("n")
        await pilot.pause()
        assert "✓ 1. Step on to the loss." in panel(app)
        await pilot.press(*["n"] * 5)
        await pilot.pause()
        assert app.document.step is not None and app.document.step.stage_name == "dz"
        assert "○ 2. Step back through the network" in panel(app)
        await pilot.press("n")
        await pilot.pause()
        shown = panel(app)
        assert "✓ 2. Step back through the network to layer 1's dweights." in shown
        assert "○ 3. Make layer 1's neuron 0" in shown and "2/3 done" in shown


async def test_a_gradient_task_ticks_when_an_edit_makes_it_hold(tmp_path: Path) -> None:
    path = tmp_path / "backprop.toml"
    path.write_text(LESSON, encoding="utf-8")
    app = started(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "○ 3. Make layer 1's neuron 0" in panel(app)
        # Layer 1's neuron 0 never fires with a bias of -100: no gradient reaches its weights.
        await focus(pilot, app, "#biases")
        await pilot.press("minus", "1", "0", "0", "enter")
        await pilot.pause()
        assert app.document.network.steps[0].dense.biases[0, 0] == -100
        assert "✓ 3. Make layer 1's neuron 0 learn nothing from input 0." in panel(app)


def test_the_app_and_the_lessons_know_the_same_cursor_matrices() -> None:
    """The app keeps its own list (importing the checks at start-up costs time); a grid a
    task may point at, dW and db of step mode's backward stages included, is in both."""
    from tui.app.lesson_commands import CURSOR_MATRICES as app_side
    from tui.lessons.workbench_checks import CURSOR_MATRICES as lessons_side

    assert set(app_side) == set(lessons_side)
