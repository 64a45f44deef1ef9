"""Step mode: the forward pass one stage at a time, the next layer not yet computed."""

from __future__ import annotations

from tests.tui.conftest import grid_rows, region_text, screen_text
from tui.app.workbench import WorkbenchApp


async def test_stepping_walks_input_dot_bias_activation_layer_by_layer() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        assert "STEP layer 1: inputs" in app.sub_title
        assert "inputs (300, 2)  = X" in screen_text(app)
        assert "not yet computed" in region_text(app, app.query_one("#results"))
        network = region_text(app, app.query_one("#network"))
        assert "▶1 Dense 2→3" in network and "·2 Dense 3→3" in network

        await pilot.press("n")
        assert "STEP layer 1: inputs · weights" in app.sub_title
        assert "before the bias" in screen_text(app)
        assert "next: add the bias" in str(app.query_one("#explain").content)

        await pilot.press("n")
        assert "z = inputs · W1 + b1 (300, 3)" in screen_text(app)
        output_panel = " ".join(region_text(app, app.query_one("#output")).replace("│", " ").split())
        assert "not yet computed: the activation comes last (ReLU)" in output_panel

        await pilot.press("n")
        assert "output (300, 3)  after ReLU" in screen_text(app)
        assert "not yet computed" in region_text(app, app.query_one("#results"))

        await pilot.press("n")
        assert "STEP layer 2: inputs" in app.sub_title
        assert "inputs (300, 3)  = layer 1's output" in screen_text(app)

        await pilot.press("n", "n", "n")
        assert "STEP layer 2: activation" in app.sub_title
        assert grid_rows(app, "#results")[1][:3] == ["0.333317", "0.333318", "0.333364"]
        assert "loss 1.09845" in screen_text(app)

        await pilot.press("b")
        assert "STEP layer 2: + biases" in app.sub_title
        await pilot.press("escape")
        assert "STEP" not in app.sub_title
        assert "accuracy 0.34" in screen_text(app)


async def test_step_keys_show_in_the_footer_only_in_step_mode() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        footer = region_text(app, app.query_one("Footer"))
        assert "Next" not in footer
        await pilot.press("s")
        await pilot.pause()
        footer = region_text(app, app.query_one("Footer"))
        assert "n Next" in footer and "b Back" in footer
