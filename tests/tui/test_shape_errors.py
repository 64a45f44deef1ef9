"""Making the notes' shape mistake on purpose, reading the error, and fixing it in one key."""

from __future__ import annotations

from tests.tui.conftest import focus, grid_rows, region_text, screen_text
from tui.app.workbench import WorkbenchApp


def errors_text(app: WorkbenchApp) -> str:
    return " ".join(region_text(app, app.query_one("#errors")).replace("┃", " ").split())


async def test_transpose_mistake_shows_both_shapes_and_the_fix_and_x_applies_it() -> None:
    app = WorkbenchApp(preset="transpose-mistake")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = errors_text(app)
        assert "inputs (3, 4) cannot meet weights (3, 4)" in text
        assert "4 columns but the weights have 3 rows" in text
        assert "transpose them to (4, 3)" in text
        assert "press x to transpose the weights" in text
        assert "NumPy says: shapes (3,4) and (3,4) not aligned" in text
        assert "X (3, 4) · W1 (3, 4) + b1 (1, 3) → ?" in region_text(app, app.query_one("#chain"))
        assert "not computed" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert not app.query_one("#errors").display
        assert grid_rows(app, "#z") == [["4.8", "1.21", "2.385"], ["8.9", "-1.81", "0.2"], ["1.41", "1.051", "0.026"]]
        assert "X (3, 4) · W1 (4, 3) + b1 (1, 3) → (3, 3)" in region_text(app, app.query_one("#chain"))


async def test_a_later_layer_that_disagrees_keeps_the_layers_before_it() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        # Give layer 1 a fourth neuron: layer 2 still expects 3 inputs.
        await focus(pilot, app, "#weights")  # layer 1's weights
        await pilot.press("c")
        await pilot.pause()
        text = errors_text(app)
        assert "layer 2: inputs (3, 4) cannot meet weights (3, 3)" in text
        assert "Give layer 2 4 inputs (layer 1 puts out 4 values per sample), or give layer 1 3 neurons" in text
        # Layer 1 still computes: its new neuron's weights are drawn by its init (seed 0, scale 0.01).
        assert grid_rows(app, "#z")[0] == ["4.8", "1.21", "2.385", "0.071352"]
        assert "→ ?" in region_text(app, app.query_one("#chain"))
        await pilot.press("x")  # resize layer 2's inputs
        await pilot.pause()
        assert not app.query_one("#errors").display
        assert app.document.network.steps[1].dense.weights.shape == (4, 3)
        # Layer 2's new input row is drawn too (seed 1, scale 0.01), so the new neuron counts a little.
        assert grid_rows(app, "#results")[0] == ["0.502922", "-1.04081", "-2.04022"]


async def test_removing_a_feature_breaks_layer_one_and_undo_repairs_it() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("C")  # remove the feature under the cursor (f0)
        await pilot.pause()
        assert grid_rows(app, "#inputs")[0] == ["2", "3", "2.5"]
        assert "inputs (3, 3) cannot meet weights (4, 3)" in errors_text(app)
        assert "give X 4 features" in errors_text(app)
        await pilot.press("ctrl+z")
        assert not app.query_one("#errors").display
        assert grid_rows(app, "#inputs")[0] == ["1", "2", "3", "2.5"]


async def test_a_refused_size_keeps_the_matrix() -> None:
    app = WorkbenchApp(preset="single-neuron")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("R")  # the only sample
        await pilot.pause()
        assert "a batch needs at least 1 sample" in errors_text(app)
        assert grid_rows(app, "#inputs") == [["1", "2", "3"]]
