"""The backward pass on screen beside a lesson: W, dW, b and db keep rows of numbers at 120x40
(the lesson panel squeezed W1 and dW1 to their captions and headers: a cursor task on dW1 could
be ticked without a number in view), and a read-only grid answers a typed number with a word."""

from __future__ import annotations

import gc
from pathlib import Path

import numpy as np

from tests.tui.conftest import focus, grid_rows, region_text
from tests.tui.test_lessons_backward import LESSON
from tui.__main__ import make_app
from tui.app.workbench import WorkbenchApp
from tui.format import fit_number
from tui.widgets.matrix_grid import MatrixGrid


def with_lesson(tmp_path: Path) -> WorkbenchApp:
    """``nnwb --lesson FILE`` on a spiral lesson, as a learner starts it."""
    path = tmp_path / "backprop.toml"
    path.write_text(LESSON, encoding="utf-8")
    try:
        return make_app(["--lesson", str(path)])
    finally:
        gc.enable()


def shown(app: WorkbenchApp, selector: str, values: np.ndarray) -> list[list[str]]:
    """What the grid's rows must read: each value as the grid fits it to its cells."""
    grid = app.query_one(selector)
    return [[fit_number(float(v), grid.cw - 1) for v in row] for row in np.atleast_2d(values)]


async def test_beside_a_lesson_w1_and_dw1_show_their_rows_at_120x40(tmp_path: Path) -> None:
    app = with_lesson(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", *"n" * 14)  # layer 1: dweights
        await pilot.pause()
        doc = app.document
        assert doc.step is not None and (doc.step.layer, doc.step.stage_name) == (0, "dweights")
        assert app.query_one("#lesson").display
        layer1 = doc.backward.layer(1)
        assert grid_rows(app, "#weights") == shown(app, "#weights", doc.network.steps[0].dense.weights)
        assert grid_rows(app, "#dweights") == shown(app, "#dweights", layer1.dweights)
        assert len(grid_rows(app, "#dweights")) == 2  # i0 and i1: the whole of dW1
        assert grid_rows(app, "#biases") == shown(app, "#biases", doc.network.steps[0].dense.biases)
        await pilot.press("n")  # dbiases
        await pilot.pause()
        assert grid_rows(app, "#dbiases") == shown(app, "#dbiases", layer1.dbiases)
        assert grid_rows(app, "#dweights") == shown(app, "#dweights", layer1.dweights)
        assert len(grid_rows(app, "#inputs")) >= 1  # X keeps a row too


async def test_a_number_typed_into_dw1_changes_nothing_and_says_what_to_edit() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("s", *"n" * 14)  # layer 1: dweights
        await pilot.pause()
        await focus(pilot, app, "#dweights")
        doc = app.document
        before = [m.copy() for m in (doc.inputs, doc.network.steps[0].dense.weights, doc.backward.layer(1).dweights)]
        rows = grid_rows(app, "#dweights")
        await pilot.press("7", "enter", "8", "enter")
        await pilot.pause()
        after = (doc.inputs, doc.network.steps[0].dense.weights, doc.backward.layer(1).dweights)
        assert all(np.array_equal(a, b) for a, b in zip(before, after))
        assert grid_rows(app, "#dweights") == rows  # no 7 or 8 in a cell
        said = "dW1 is computed from the inputs and weights: edit W1, X or the labels to change it"
        assert [n.message for n in app._notifications] == [said]  # once, not once a key
        assert "dW1 is computed from the inputs" in region_text(app, app.query_one("#dweights"))
        grid = app.query_one("#dweights", MatrixGrid)
        await pilot.press("right", "down")  # the arrows still move the cursor
        assert (grid.cursor_row, grid.cursor_column) == (1, 1)
        assert "dW1 is computed" not in region_text(app, grid)  # moved on: the note goes
        await pilot.press("n")  # and the commands still run
        await pilot.pause()
        assert doc.step is not None and doc.step.stage_name == "dbiases"


async def test_beside_a_lesson_the_word_comes_as_a_toast_and_dw1_keeps_its_rows(tmp_path: Path) -> None:
    app = with_lesson(tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("s", *"n" * 14)
        await pilot.pause()
        await focus(pilot, app, "#dweights")
        await pilot.press("-")
        await pilot.pause()
        assert [n.message for n in app._notifications] == [
            "dW1 is computed from the inputs and weights: edit W1, X or the labels to change it"]
        assert len(grid_rows(app, "#dweights")) == 2  # the note gives way to the numbers


async def test_a_number_typed_into_the_outputs_says_what_they_come_from() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus(pilot, app, "#z")
        z = app.document.trace.records[0].z.copy()
        await pilot.press("5")
        await pilot.pause()
        assert np.array_equal(app.document.trace.records[0].z, z)
        assert [n.message for n in app._notifications] == [
            "layer 1's outputs are computed from its inputs, W1 and b1: edit X, W1 or b1 to change them"]
        await pilot.press("tab")  # Tab still leaves the grid
        assert app.focused is not app.query_one("#z")
