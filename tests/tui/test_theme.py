"""The panels that draw their own lines follow a change of theme (command palette: Change theme)."""

from __future__ import annotations

from rich.color import Color

from tests.tui.conftest import grid_rows
from tui.app.workbench import WorkbenchApp


def background_at(app: WorkbenchApp, x: int, y: int) -> Color | None:
    """The background colour of the screen cell (x, y) as the terminal receives it."""
    column = 0
    for segment in app.screen._compositor.render_strips()[y]:
        if column <= x < column + len(segment.text):
            return segment.style.bgcolor if segment.style else None
        column += len(segment.text)
    return None


async def test_a_new_theme_recolours_the_selected_layer_and_the_cursor() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        network = app.query_one("#network").content_region
        inputs = app.query_one("#inputs")
        cursor = (inputs.content_region.x + inputs._gutter_width + 1, inputs.content_region.y + 2)
        selected_before = background_at(app, network.x + 3, network.y)
        cursor_before = background_at(app, *cursor)
        app.theme = "nord"
        await pilot.pause()
        assert background_at(app, network.x + 3, network.y) != selected_before
        assert background_at(app, *cursor) != cursor_before


async def test_every_theme_draws_the_workbench_with_a_cursor_that_shows() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        inputs = app.query_one("#inputs")
        x = inputs.content_region.x + inputs._gutter_width + 1
        y = inputs.content_region.y + 2
        cursor, plain = (x, y), (x, y + 2)  # s0 f0 under the cursor; s2 f0 a plain cell
        for theme in sorted(app.available_themes):  # the ANSI themes name colours ansi_default 50%
            app.theme = theme
            await pilot.pause()
            assert grid_rows(app, "#z")[0] == ["4.8", "1.21", "2.385"], theme
            # The theme reached the grids: the cursor cell stands out from the cells around it.
            assert background_at(app, *cursor) != background_at(app, *plain), theme
