"""The explain panel scrolls, and panels say when there is more out of view (issue 16,
item 3): lesson 9's worked loss is longer than the panel at 120x40, and the final output's
per-sample confidence and loss columns sit to the right of what fits."""

from __future__ import annotations

import gc

from textual import events

from tests.tui.conftest import focus, region_text
from tui.__main__ import make_app
from tui.app.workbench import WorkbenchApp

THE_LOSS = "−log(0.7) = 0.35667"  # the explanation's last words: sample 0's loss, worked out


def lesson_nine() -> WorkbenchApp:
    try:
        return make_app(["--lesson", "9"])
    finally:
        gc.enable()


def explain(app: WorkbenchApp) -> str:
    """The explain panel as it is on screen, its lines joined (a wrapped line reads whole)."""
    return " ".join(line.strip("│ ╭╮╰╯─") for line in region_text(app, app.query_one("#explain")).splitlines())


def bottom_border(app: WorkbenchApp) -> str:
    return region_text(app, app.query_one("#explain")).splitlines()[-1]


async def test_the_explain_panel_says_there_is_more_below_and_the_wheel_scrolls_to_it() -> None:
    app = lesson_nine()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert THE_LOSS in str(app.query_one("#explain").content)  # it is there ...
        assert THE_LOSS not in explain(app)  # ... below what the panel shows
        assert "↓ more: wheel, or Tab here" in bottom_border(app)
        # No Pilot method for the wheel: the events a terminal sends, where Pilot sends a click's.
        for _ in range(5):
            await pilot._post_mouse_events([events.MouseScrollDown], "#explain", offset=(4, 4))
        await pilot.pause()
        assert THE_LOSS in explain(app)
        assert "↑ more" in bottom_border(app) and "↓" not in bottom_border(app)


async def test_keys_scroll_the_explain_panel_once_tab_reaches_it() -> None:
    app = lesson_nine()
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.query_one("#explain")
        border = panel.styles.border_top
        await focus(pilot, app, "#explain")
        await pilot.pause()
        assert panel.styles.border_top != border  # the focused panel's border, as every panel's
        assert "↓ more: ↑ ↓ PgUp PgDn" in bottom_border(app)
        await pilot.press("end")
        await pilot.pause()
        assert THE_LOSS in explain(app)
        await pilot.press("home")
        await pilot.pause()
        assert THE_LOSS not in explain(app) and "Layer 1 · sample 0 · neuron 0" in explain(app)


async def test_the_final_output_marks_columns_out_of_view_at_its_headers() -> None:
    app = lesson_nine()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        headers = region_text(app, app.query_one("#results")).splitlines()[2]
        assert "pred" in headers and "loss" not in headers
        assert headers.rstrip("│ ").endswith("→")  # conf and loss are to the right
        await focus(pilot, app, "#results")
        await pilot.press("end")  # the cursor to the last column: the loss
        await pilot.pause()
        headers = region_text(app, app.query_one("#results")).splitlines()[2]
        assert "conf" in headers and "loss" in headers and "→" not in headers
        assert headers.lstrip("│").startswith("←")  # o0 ... are to the left now


async def test_a_click_beside_the_last_column_drawn_picks_no_hidden_one() -> None:
    app = lesson_nine()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        results = app.query_one("#results")
        region = results.scrollable_content_region
        # Row s0, in the last character left of the scroll bar: under the →, past pred's cell.
        await pilot.click(results, offset=(1 + region.width - 1, 1 + 2))
        await pilot.pause()
        assert results.cursor_column == 0 and int(results.scroll_x) == 0
