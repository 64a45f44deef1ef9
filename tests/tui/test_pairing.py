"""Each weight row keeps meeting its own value across removals and additions (issue 8,
item 8's mirror): removing a weight row then fixing, removing a feature then adding one,
removing a neuron then adding one. Checked against the notes' numbers by hand."""

from __future__ import annotations

import numpy as np

from tests.tui.conftest import focus, grid_rows, screen_text
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document


def explain(app: WorkbenchApp) -> str:
    return str(app.query_one("#explain").content)


def toasts(app: WorkbenchApp) -> str:
    return " | ".join(notification.message for notification in app._notifications)


def drawn_weights(layer: int = 0) -> np.ndarray:
    """What layer ``layer``'s own initialisation draws, as the document does (seed, scale)."""
    init = Document.from_preset().inits[layer]
    np.random.seed(init.seed)
    return init.scale * np.random.randn(4 if layer == 0 else 3, 3)


async def test_removing_a_weight_row_then_fix_draws_the_new_row_where_it_was() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        old = app.document.network.steps[0].dense.weights.copy()
        await focus(pilot, app, "#weights")
        await pilot.press("down", "R")  # W1 row i1, f1's weights
        await pilot.pause()
        assert app.query_one("#errors").display
        await pilot.press("x")
        await pilot.pause()
        assert not app.query_one("#errors").display
        weights = app.document.network.steps[0].dense.weights
        # f0, f2, f3 still meet their own rows; f1 meets a new row, drawn at i1.
        assert np.array_equal(weights[[0, 2, 3]], old[[0, 2, 3]])
        assert np.array_equal(weights[1], drawn_weights()[1])
        new = weights[1, 0]
        assert "\nz = 1.0 x 0.2 + 2.0 x " in explain(app)
        assert "+ 3.0 x -0.5 + 2.5 x 1.0 + 2.0 = " in explain(app)
        assert grid_rows(app, "#z")[0][0] == f"{1 * 0.2 + 2 * new + 3 * -0.5 + 2.5 * 1 + 2:.6g}"[:8]
        assert "new row i1 drawn" in toasts(app)


async def test_removing_a_weight_row_then_adding_one_puts_it_where_it_was() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        old = app.document.network.steps[0].dense.weights.copy()
        await focus(pilot, app, "#weights")
        await pilot.press("down", "R", "r")
        await pilot.pause()
        assert not app.query_one("#errors").display
        weights = app.document.network.steps[0].dense.weights
        assert np.array_equal(weights[[0, 2, 3]], old[[0, 2, 3]])
        assert "+ 3.0 x -0.5 + 2.5 x 1.0 + 2.0 = " in explain(app)
        assert "new weight row i1 put where the removed one was" in toasts(app)


async def test_removing_a_feature_then_adding_one_puts_it_where_the_removed_one_was() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await pilot.press("right", "C")  # f1 (2.0, 5.0, 2.7); its weight row i1 waits
        await pilot.pause()
        assert app.query_one("#errors").display
        await pilot.press("c")
        await pilot.pause()
        assert not app.query_one("#errors").display
        assert grid_rows(app, "#inputs")[0] == ["1", "0", "3", "2.5"]
        # The new f1 meets f1's row (0.8); f2 still meets -0.5, not 0.8.
        assert "z = 1.0 x 0.2 + 0.0 x 0.8 + 3.0 x -0.5 + 2.5 x 1.0 + 2.0 = 3.2" in explain(app)
        assert grid_rows(app, "#z")[0][0] == "3.2"  # 0.2 + 0 - 1.5 + 2.5 + 2
        assert "added feature f1 where the removed one was" in toasts(app)
        # Undo takes the new column away, from where it was put.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert grid_rows(app, "#inputs")[0] == ["1", "3", "2.5"]


async def test_adding_a_feature_with_nothing_waiting_puts_it_at_the_end() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await pilot.press("c")
        await pilot.pause()
        assert app.document.inputs[0].tolist() == [1, 2, 3, 2.5, 0]
        assert "where the removed" not in toasts(app)


async def test_removing_a_neuron_then_adding_one_puts_it_where_it_was() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        second = app.document.network.steps[1].dense.weights.copy()
        await focus(pilot, app, "#weights")
        await pilot.press("right", "C")  # neuron n1 of layer 1; layer 2's row i1 waits
        await pilot.pause()
        assert "layer 2" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert not app.query_one("#errors").display
        # n0 and n2 still feed layer 2's rows i0 and i2: their outputs are as before.
        assert grid_rows(app, "#z")[0][0] == "4.8" and grid_rows(app, "#z")[0][2] == "2.385"
        assert np.array_equal(app.document.network.steps[1].dense.weights, second)
        assert np.array_equal(app.document.network.steps[0].dense.weights[:, 1], drawn_weights()[:, 1])
        assert "new neuron n1 put where the removed one was: layer 2's weight row i1 meets it" in toasts(app)


async def test_the_sizes_dialog_fills_the_places_of_removed_neurons_first() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        second = app.document.network.steps[1].dense.weights.copy()
        await focus(pilot, app, "#weights")
        await pilot.press("C", "C")  # neurons n0, then (the old) n1: only n2 is left
        await pilot.pause()
        await pilot.press("e", "tab")
        await pilot.pause()
        await pilot.press("backspace", "4", "enter")  # 1 -> 4 neurons
        await pilot.pause()
        # n2 keeps its place and its row in layer 2; n0, n1 are new; n3 is extra, and the
        # shape error asks layer 2 for a row for it.
        assert app.document.network.steps[0].dense.weights.shape == (4, 4)
        assert grid_rows(app, "#z")[0][2] == "2.385"
        assert "layer 1 is now Dense 4 → 4; new neurons n0, n1 put where the removed ones were" in toasts(app)
        await pilot.press("x")
        await pilot.pause()
        assert np.array_equal(app.document.network.steps[1].dense.weights[:3], second)


async def test_a_weight_row_for_a_new_feature_is_not_said_to_replace_a_removed_one() -> None:
    """Issue 16, item 1: ``c`` in the inputs, then ``r`` in the weights: nothing was removed,
    and the new row i4 simply goes at the end, where the new feature f4 meets it."""
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        old = app.document.network.steps[0].dense.weights.copy()
        await focus(pilot, app, "#inputs")
        await pilot.press("c")  # f4, at the end; layer 1 has no row for it yet
        await pilot.pause()
        assert app.query_one("#errors").display
        await focus(pilot, app, "#weights")
        await pilot.press("r")
        await pilot.pause()
        assert not app.query_one("#errors").display
        assert np.array_equal(app.document.network.steps[0].dense.weights[:4], old)
        assert "removed" not in toasts(app)
