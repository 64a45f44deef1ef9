"""What goes into a cell besides plain digits: wide characters, pastes, edge values."""

from __future__ import annotations

import numpy as np
import pytest
from rich.cells import cell_len
from textual import events

from tests.tui.bursts import settle, type_fast
from tests.tui.conftest import focus, grid_rows, screen_lines, screen_text
from tui.app import WorkbenchApp
from tui.widgets.matrix_editor import MAX_EDIT_CHARACTERS, MatrixEditor
from tui.widgets.matrix_grid import FIXED_ABOVE


async def paste(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """A bracketed paste, as the terminal delivers it."""
    event = events.Paste(text)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)
    await settle(pilot)


def row_line(app: WorkbenchApp, selector: str, row: int) -> str:
    grid = app.query_one(selector, MatrixEditor)
    return screen_lines(app)[grid.scrollable_content_region.y + FIXED_ABOVE + row]


async def test_wide_characters_typed_in_a_cell_leave_the_rest_of_the_row_in_place() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        before = row_line(app, "#inputs", 0)
        editor = app.query_one("#inputs", MatrixEditor)
        after_first_cell = before.index(" 1 ") + 3  # the row header and cell f0 ("1") are ASCII
        await type_fast(pilot, "Enter C-u")
        await type_fast(pilot, [("漢", "漢"), ("字", "字"), ("２", "２")])
        assert editor.edit_text == "漢字２"
        after = row_line(app, "#inputs", 0)
        assert "漢字２" in after
        assert cell_len(after) == cell_len(before) == 120
        assert after.endswith(before[after_first_cell:])  # cells f1-f3 and the panels to the right
        # A long wide text shows its end, still within the cell.
        await type_fast(pilot, [("漢", "漢")] * 10)
        assert row_line(app, "#inputs", 0).endswith(before[after_first_cell:])


async def test_unicode_that_is_not_a_number_is_refused_and_the_old_value_stays() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await type_fast(pilot, [("π", "π"), ("enter", "\r")])
        editor = app.query_one("#inputs", MatrixEditor)
        assert '"π" is not a number' in editor.message
        assert '"π" is not a number' in screen_text(app)
        await type_fast(pilot, "Escape")
        assert app.document.inputs[0, 0] == 1.0
        assert grid_rows(app, "#inputs")[0][0] == "1"


async def test_a_paste_into_a_cell_is_taken_as_typed_text() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        editor = app.query_one("#inputs", MatrixEditor)
        await paste(pilot, "0.25\n")  # copied with its line break
        assert editor.edit_text == "0.25"
        await paste(pilot, "5")  # into the open edit
        await type_fast(pilot, "Enter")
        assert app.document.inputs[0, 0] == 0.255
        assert grid_rows(app, "#inputs")[0][0] == "0.255"


async def test_a_paste_of_several_lines_is_refused_with_a_message() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus(pilot, app, "#inputs")
        editor = app.query_one("#inputs", MatrixEditor)
        await paste(pilot, "1\n2\n3")
        assert not editor.editing
        assert editor.message == "paste one value into a cell: the text pasted has 3 lines"
        assert "the text pasted has 3 lines" in screen_text(app)  # in full, not only in the cut note
        assert app.document.inputs[:, 0].tolist() == [1.0, 2.0, -1.5]


async def test_a_paste_of_five_thousand_characters_is_refused_at_once_and_nothing_changes() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus(pilot, app, "#weights")
        editor = app.query_one("#weights", MatrixEditor)
        await paste(pilot, "1" * 5000)
        assert not editor.editing
        assert editor.message == f"a cell takes at most {MAX_EDIT_CHARACTERS} characters; 5,000 is too many"
        assert "5,000 is too many" in screen_text(app)
        # Into an open edit: the text typed so far stays.
        await type_fast(pilot, "7")
        await paste(pilot, "2" * 5000)
        assert editor.edit_text == "7"
        await type_fast(pilot, "Enter")
        assert app.document.network.steps[0].dense.weights[0, 0] == 7.0


@pytest.mark.parametrize("typed", ["1" + "0" * MAX_EDIT_CHARACTERS, "2" * 150])
async def test_text_typed_past_the_bound_is_kept_whole_and_refused_never_cut_into_another_value(typed: str) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus(pilot, app, "#inputs")
        editor = app.query_one("#inputs", MatrixEditor)
        await type_fast(pilot, f"{typed} Enter")
        # Cut at 100 characters, 1 and 100 zeros would have been stored as 1e99.
        assert app.document.inputs[0, 0] == 1.0
        assert grid_rows(app, "#inputs")[0][0] != "1"  # the edit is still open, showing the text
        assert editor.editing and editor.edit_text == typed
        assert editor.message == f"a cell takes at most {MAX_EDIT_CHARACTERS} characters; {len(typed)} is too many"
        assert f"{len(typed)} is too many" in screen_text(app)
        assert len(app._notifications) == 2  # past the bound, and Enter: not one a key
        # Back within the bound, it is what the cell shows, and Enter takes it.
        await type_fast(pilot, " ".join(["BSpace"] * (len(typed) - MAX_EDIT_CHARACTERS)))
        assert editor.message == ""
        await type_fast(pilot, "Enter")
        assert app.document.inputs[0, 0] == float(typed[:MAX_EDIT_CHARACTERS])
        assert not editor.editing


@pytest.mark.parametrize(
    "panel, typed, stored",
    [
        ("#inputs", "1e19", 1e19),
        ("#inputs", "1e308", 1e308),
        # The outputs overflow to inf here: saying so is the explain panel's and trace's business.
        pytest.param("#weights", "1e308", 1e308, marks=pytest.mark.filterwarnings("ignore:overflow encountered")),
        ("#weights", "-1e19", -1e19),
        ("#biases", "1e308", 1e308),
    ],
)
async def test_large_finite_values_are_stored_as_typed(panel: str, typed: str, stored: float) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, panel)
        await type_fast(pilot, f"{typed} Enter")
        editor = app.query_one(panel, MatrixEditor)
        assert editor.message == ""
        assert not editor.editing
        assert editor.values is not None and editor.values[0, 0] == stored
        assert grid_rows(app, panel)[0][0] == typed  # shown as typed: 1e19, 1e308
        assert app.is_running


async def test_minus_zero_is_stored_as_zero_and_shown_as_0() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await type_fast(pilot, "-0.0 Enter")
        assert app.document.inputs[0, 0] == 0.0
        assert grid_rows(app, "#inputs")[0][0] == "0"
        # 0 x 0.2 + 2.0 x 0.8 + 3.0 x -0.5 + 2.5 x 1.0 + 2.0 = 4.6
        assert grid_rows(app, "#z")[0][0] == "4.6"


async def test_a_value_too_large_for_float32_is_refused_in_the_nnfs_mode() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.document.inputs.dtype == np.float32
        await focus(pilot, app, "#inputs")
        old = float(app.document.inputs[0, 0])
        await type_fast(pilot, "1e308 Enter")
        editor = app.query_one("#inputs", MatrixEditor)
        assert "too large for float32" in editor.message
        assert "too large for float32" in screen_text(app)
        await type_fast(pilot, "Escape")
        assert float(app.document.inputs[0, 0]) == old
        # 1e19 fits a float32 (up to about 3.4e38): taken.
        await type_fast(pilot, "1e19 Enter")
        assert float(app.document.inputs[0, 0]) == float(np.float32(1e19))
