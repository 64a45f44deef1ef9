"""What a learner reads on the first screen, without pressing a key."""

from __future__ import annotations

from tests.tui.conftest import grid_rows, region_text, screen_text
from tui.app.workbench import WorkbenchApp


async def test_first_screen_shows_both_layers_outputs_and_shapes() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert grid_rows(app, "#z") == [["4.8", "1.21", "2.385"], ["8.9", "-1.81", "0.2"], ["1.41", "1.051", "0.026"]]
        assert grid_rows(app, "#results")[0] == ["0.5031", "-1.04185", "-2.03875"]
        chain = region_text(app, app.query_one("#chain"))
        assert "X (3, 4) · W1 (4, 3) + b1 (1, 3) → (3, 3) · W2 (3, 3) + b2 (1, 3) → (3, 3)" in chain
        text = screen_text(app)
        assert "W1 (4, 3)" in text and "b1 (1, 3)" in text and "X (3, 4)" in text
        explain = str(app.query_one("#explain").content)
        assert "z = 1.0 x 0.2 + 2.0 x 0.8 + 3.0 x -0.5 + 2.5 x 1.0 + 2.0 = 4.8" in explain


async def test_selecting_layer_two_shows_its_weights_and_outputs() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket")
        assert grid_rows(app, "#z")[0] == ["0.5031", "-1.04185", "-2.03875"]
        assert grid_rows(app, "#weights")[0] == ["0.1", "-0.5", "-0.44"]  # stored view: input 0's row
        assert "Layer 2 weights and biases" in screen_text(app)


async def test_network_panel_counts_parameters_of_the_notes_network() -> None:
    app = WorkbenchApp(preset="parameter-count")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        network = region_text(app, app.query_one("#network"))
        flat = " ".join(network.replace("│", " ").split())
        assert "2,432 weights + 98 biases" in flat
        assert "= 2,530 parameters" in flat
        assert "108 biases, 2,540 in all" in flat


async def test_it_fits_at_80x24_and_scrolls_to_the_rest() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        assert grid_rows(app, "#z")[0] == ["4.8", "1.21", "2.385"]
        # Tab reaches the final output, which scrolls into view.
        for _ in range(10):
            if app.focused is app.query_one("#results"):
                break
            await pilot.press("tab")
        await pilot.pause()
        assert app.focused is app.query_one("#results")
        assert grid_rows(app, "#results")[0] == ["0.5031", "-1.04185", "-2.03875"]


async def test_resizing_the_terminal_reflows_the_panels() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        network, explain = app.query_one("#network"), app.query_one("#explain")
        assert explain.region.x > 0 and explain.region.y == network.region.y  # side by side
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert explain.region.x == 0 and explain.region.y > network.region.y  # one column: under it
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert explain.region.x > 0 and explain.region.y == network.region.y


async def test_resizing_under_a_dialog_reflows_the_workbench() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        network, explain = app.query_one("#network"), app.query_one("#explain")
        assert explain.region.x > 0 and explain.region.y == network.region.y  # the narrow layout
