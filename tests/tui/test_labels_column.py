"""The labels column shows a class index whole, and an edit cut at its start says so."""

from __future__ import annotations

import pytest

from tests.tui.bursts import type_fast
from tests.tui.conftest import focus, grid_rows, screen_lines
from tui.app.workbench import WorkbenchApp
from tui.document.limits import largest_class
from tui.widgets.matrix_editor import MatrixEditor
from tui.widgets.matrix_grid import FIXED_ABOVE


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_label_is_shown_whole_up_to_the_largest_class(size: tuple[int, int]) -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=size) as pilot:
        await focus(pilot, app, "#labels")
        # In three characters these read 4e3 and 1e3: other classes.
        await type_fast(pilot, f"{largest_class()} Enter 1234 Enter")
        assert app.document.labels is not None and app.document.labels[:2].tolist() == [largest_class(), 1234]
        assert [row[0] for row in grid_rows(app, "#labels")[:3]] == [str(largest_class()), "1234", "0"]


async def test_an_edit_longer_than_its_cell_shows_that_its_start_is_cut() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#labels")
        labels = app.query_one("#labels", MatrixEditor)
        await type_fast(pilot, "1e19")
        line = screen_lines(app)[labels.scrollable_content_region.y + FIXED_ABOVE]
        cell = line[labels.scrollable_content_region.x + labels._gutter_width :][: labels.cw]
        assert cell.rstrip() == "…19▏"
        # A text that fits is shown whole, without the mark.
        await type_fast(pilot, "C-u 12")
        line = screen_lines(app)[labels.scrollable_content_region.y + FIXED_ABOVE]
        assert line[labels.scrollable_content_region.x + labels._gutter_width :][: labels.cw].rstrip() == "12▏"
