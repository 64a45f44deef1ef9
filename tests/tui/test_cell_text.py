"""What goes into a cell besides plain digits: wide characters, pastes, edge values."""

from __future__ import annotations

import numpy as np
import pytest
from rich.cells import cell_len
from textual import events

from tests.tui.bursts import settle, type_fast
from tests.tui.conftest import focus, grid_rows, screen_lines, screen_text
from tui.app.workbench import WorkbenchApp
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


def unsure_widths(line: str) -> set[str]:
    """Characters that a terminal may draw at another width than rich measures (zero-width
    joiners, variation selectors, skin tones, combining marks): none may be on screen."""
    return {c for c in line if cell_len(c) == 0}


# Keys as a terminal sends them: 👍🏽 is two keys, ❤️ is ❤ and U+FE0F, and a ZWJ sequence.
NOT_NUMBERS = ["👍", "\U0001F3FD", "❤", "\ufe0f", "\u200d", "漢", "２", "π", "\u0301"]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_characters_that_cannot_be_part_of_a_number_are_refused_at_the_key_and_the_row_stays_in_place(
    size: tuple[int, int],
) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=size, notifications=True) as pilot:
        await focus(pilot, app, "#inputs")
        editor = app.query_one("#inputs", MatrixEditor)
        before = screen_lines(app)
        await type_fast(pilot, "Enter C-u 5")
        await type_fast(pilot, [(c, c) for c in NOT_NUMBERS])
        assert editor.editing and editor.edit_text == "5"  # the edit is kept, without them
        # The note says the latest; the toast (once for the run) the first.
        assert editor.message == 'U+0301 is not part of a number: type digits, ".", "-", "e"'
        assert '"👍" (U+1F44D)' in screen_text(app)  # the toast, wrapped where narrow
        assert [n.message for n in app._notifications] == ['"👍" (U+1F44D) is not part of a number: type digits, ".", "-", "e"']
        lines = screen_lines(app)
        assert not set().union(*map(unsure_widths, lines))
        row = row_line(app, "#inputs", 0)
        assert cell_len(row) == size[0]
        cut = row.index("5▏") + 9  # past the edited cell: the cells and panels to its right
        assert row[cut:] == before[lines.index(row)][cut:]
        # Given up, the screen is the one before, every panel's border in place.
        await type_fast(pilot, "Escape")
        app.clear_notifications()
        await pilot.pause()
        assert [line for line in screen_lines(app)[1:-3]] == before[1:-3]
        assert app.document.inputs[0, 0] == 1.0


async def test_a_key_that_is_not_part_of_a_number_says_so_without_opening_an_edit() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await focus(pilot, app, "#inputs")
        editor = app.query_one("#inputs", MatrixEditor)
        await type_fast(pilot, [("π", "π"), ("\ufe0f", "\ufe0f")])
        assert not editor.editing
        assert editor.message == 'U+FE0F is not part of a number: type digits, ".", "-", "e"'
        assert '"π" (U+03C0) is not part of a number' in screen_text(app)  # its toast
        assert app.document.inputs[0, 0] == 1.0
        assert grid_rows(app, "#inputs")[0][0] == "1"


async def test_a_paste_with_a_character_that_is_not_part_of_a_number_is_refused() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        editor = app.query_one("#inputs", MatrixEditor)
        await paste(pilot, "１２")
        assert not editor.editing
        assert editor.message == 'the text pasted has "１" (U+FF11) is not part of a number: type digits, ".", "-", "e"'
        assert app.document.inputs[0, 0] == 1.0


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
