"""At 120x40 the texts are shown whole: the gradients panel's note before the
first step wraps instead of being cut, and the inputs caption is short enough."""

from __future__ import annotations

from tests.tui.conftest import region_text, wait_for
from tui.app.workbench import WorkbenchApp
from tui.widgets.gradients_panel import GradientsPanel


async def test_the_no_gradients_note_is_shown_whole_at_120x40() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await wait_for(pilot, lambda: bool(app.screen.query(GradientsPanel)), "the training view opens")
        await pilot.pause()
        shown = " ".join(region_text(app, app.screen.query_one(GradientsPanel)).split())
        assert "No gradients yet: they appear after the first training step." in shown


async def test_the_inputs_caption_is_shown_whole_at_120x40() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        caption = next(line for line in region_text(app, app.query_one("#inputs")).splitlines() if "X (3, 4)" in line)
        assert "X (3, 4)  samples × features" in caption and "…" not in caption
