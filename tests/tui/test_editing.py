"""Editing a number: every output follows; a bad value is refused and nothing is lost."""

from __future__ import annotations

import pytest

from tests.tui.bursts import type_fast
from tests.tui.conftest import focus, grid_rows, screen_text
from tui.app.workbench import WorkbenchApp
from tui.widgets.matrix_editor import MatrixEditor
from tui.widgets.matrix_grid import FIXED_ABOVE


async def test_editing_a_weight_changes_the_outputs_to_the_hand_computed_value() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#weights")
        # W1 in the stored view: row = input, column = neuron. Set input 0's weight for neuron 0.
        await pilot.press("1", "enter")
        # sample 0: 1.0*1 + 2.0*0.8 + 3.0*-0.5 + 2.5*1.0 + 2.0 = 5.6
        assert grid_rows(app, "#z")[0] == ["5.6", "1.21", "2.385"]
        assert grid_rows(app, "#weights")[0] == ["1", "0.5", "-0.26"]
        # layer 2 follows: 5.6*0.1 + 1.21*-0.14 + 2.385*0.5 - 1 = 0.5831
        assert grid_rows(app, "#results")[0][0] == "0.5831"
        assert "= 5.6" in str(app.query_one("#explain").content)


async def test_editing_an_input_in_the_rows_view_and_the_explanation_follows() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await pilot.press("right", "enter", "ctrl+u", "-", "2", "enter")  # X[0, 1] = -2
        # 1*0.2 + -2*0.8 + 3*-0.5 + 2.5*1 + 2 = 1.6
        assert grid_rows(app, "#inputs")[0] == ["1", "-2", "3", "2.5"]
        assert grid_rows(app, "#z")[0][0] == "1.6"
        assert "+ 2.0 x 0.8" not in str(app.query_one("#explain").content)
        assert "-2.0 x 0.8" in str(app.query_one("#explain").content)


@pytest.mark.parametrize("typed, said", [("abc", '"abc" is not a number'), ("nan", "NaN"), ("1e999", "infinite"), ("inf", "infinite")])
async def test_a_bad_value_is_refused_next_to_the_cell_and_the_old_value_stays(typed: str, said: str) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#weights")
        await pilot.press("enter", "ctrl+u", *typed, "enter")
        editor = app.query_one("#weights")
        assert said in editor.message
        assert said in screen_text(app)
        assert app.document.network.steps[0].dense.weights[0, 0] == 0.2
        assert grid_rows(app, "#z")[0] == ["4.8", "1.21", "2.385"]
        # The edit is still open in the cell with the text to fix; Escape gives up and shows the old value.
        assert editor.editing
        assert grid_rows(app, "#weights")[0][0].startswith(typed[:5])
        await pilot.press("escape")
        assert not editor.editing
        assert grid_rows(app, "#weights")[0] == ["0.2", "0.5", "-0.26"]


async def test_an_empty_value_is_refused() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#biases")
        await pilot.press("enter", "ctrl+u", "enter")
        assert "empty" in app.query_one("#biases").message
        assert app.document.network.steps[0].dense.biases[0, 0] == 2.0
        await pilot.press("escape")
        assert grid_rows(app, "#biases")[0] == ["2", "3", "0.5"]


async def test_escape_cancels_an_edit() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await pilot.press("9", "9", "escape")
        assert grid_rows(app, "#inputs")[0] == ["1", "2", "3", "2.5"]


async def test_undo_brings_back_the_old_value() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await pilot.press("5", "enter")
        assert grid_rows(app, "#inputs")[0][0] == "5"
        await pilot.press("ctrl+z")
        assert grid_rows(app, "#inputs")[0][0] == "1"
        assert grid_rows(app, "#z")[0][0] == "4.8"


async def test_clicking_a_cell_selects_it_and_double_click_edits() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        grid = app.query_one("#z")
        # Column n1 of row s1: past the border and the gutter, 9 characters a cell; below
        # the border, the caption, the headers and row s0.
        await pilot.click(grid, offset=(1 + grid._gutter_width + 9 + 4, 1 + FIXED_ABOVE + 1))
        assert (grid.cursor_row, grid.cursor_column) == (1, 1)
        assert "sample 1 · neuron 1" in str(app.query_one("#explain").content)
        assert "= -1.81" in str(app.query_one("#explain").content)
        weights = app.query_one("#weights")
        await pilot.click(weights, offset=(1 + weights._gutter_width + 4, 1 + FIXED_ABOVE), times=2)
        assert app.query_one("#weights").editing


async def test_a_label_must_be_a_class_index() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#labels")
        await pilot.press("1", ".", "5", "enter")
        assert "not a class index" in app.query_one("#labels").message
        await pilot.press("ctrl+u", "7", "enter")
        # 7 is a whole number, so it is taken, and the network says why it cannot be used.
        text = screen_text(app)
        assert "label 7 of sample 0 is outside the outputs" in text
        assert "classes are 0-2" in text


# ------------------------------------------------------------- typing faster than the app
async def test_a_column_typed_in_one_burst_holds_exactly_those_numbers() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await type_fast(pilot, "7 Enter 8 Enter 9 Enter")  # as tmux send-keys delivers it: all at once
        assert [row[0] for row in grid_rows(app, "#inputs")] == ["7", "8", "9"]
        assert app.document.inputs[:, 0].tolist() == [7.0, 8.0, 9.0]
        # Enter moved down each time and stays on the last row.
        assert app.query_one("#inputs", MatrixEditor).cursor_row == 2
        await type_fast(pilot, "Up 5 Enter 6 Enter")
        assert app.document.inputs[:, 0].tolist() == [7.0, 5.0, 6.0]


async def test_sixty_numbers_typed_at_once_are_the_sixty_numbers() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await type_fast(pilot, " ".join(f"{n} Enter" for n in range(301, 361)))
        assert app.document.inputs[:60, 0].tolist() == [float(n) for n in range(301, 361)]
        assert app.document.inputs[60, 0] != 361


async def test_keys_after_an_arrow_or_tab_in_a_burst_go_where_the_arrow_or_tab_took_the_cursor() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await type_fast(pilot, "Down Right 5 Enter")
        assert app.document.inputs[1, 1] == 5.0
        assert app.document.inputs[0, 0] == 1.0
        # Tab gives up the open edit (4) and takes the keys after it to the weights.
        await type_fast(pilot, "4 Tab 6 Enter")
        assert app.focused is app.query_one("#weights")
        assert app.document.network.steps[0].dense.weights[0, 0] == 6.0
        assert app.document.inputs.tolist()[2] == [-1.5, 2.7, 3.3, -0.8]
        assert grid_rows(app, "#inputs")[2] == ["-1.5", "2.7", "3.3", "-0.8"]


async def test_a_refused_value_typed_in_a_burst_keeps_the_keys_after_it_in_its_edit() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        # As if typed slowly: "5-" is refused and stays open; Backspace fixes it; 6 goes below.
        await type_fast(pilot, "5- Enter BSpace Enter 6 Enter")
        assert app.document.inputs[:2, 0].tolist() == [5.0, 6.0]
