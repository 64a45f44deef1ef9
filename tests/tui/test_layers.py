"""Building the network: add, remove, resize, activation, re-initialise, the weights view."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.tui.conftest import focus, grid_rows, region_text, screen_text
from tui.app.workbench import WorkbenchApp


def network_text(app: WorkbenchApp) -> str:
    return " ".join(region_text(app, app.query_one("#network")).replace("│", " ").split())


async def focus_network(pilot, app: WorkbenchApp) -> None:  # type: ignore[no-untyped-def]
    for _ in range(12):
        if app.focused is app.query_one("#network"):
            return
        await pilot.press("tab")
    raise AssertionError("Tab never reached the network panel")


async def test_add_and_remove_a_layer_updates_counts() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        assert "21 weights + 6 biases = 27 parameters" in network_text(app)
        await focus_network(pilot, app)
        footer = region_text(app, app.query_one("Footer"))
        assert "a +layer" in footer and "d −layer" in footer and "f Activation" in footer
        await pilot.press("a")  # after layer 1: Dense 3 -> 3
        await pilot.pause()
        text = network_text(app)
        assert "2 Dense 3→3" in text and "3 Dense 3→3" in text
        assert "30 weights + 9 biases = 39 parameters" in text
        assert "4-3-3-3" in text
        assert not app.query_one("#errors").display
        await pilot.press("d")
        await pilot.pause()
        assert "21 weights + 6 biases = 27 parameters" in network_text(app)
        assert grid_rows(app, "#results")[0] == ["0.5031", "-1.04185", "-2.03875"]


async def test_the_last_layer_cannot_be_removed() -> None:
    app = WorkbenchApp(preset="layer")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert "a network needs at least 1 layer" in screen_text(app)
        assert "1 Dense 4→3" in network_text(app)


async def test_activation_cycles_relu_sigmoid_softmax_none_and_relu_zeroes_negatives() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        shown = []
        for _ in range(4):
            await pilot.press("f")
            await pilot.pause()
            shown.append(network_text(app).split("1 Dense 4→3 ")[1].split()[0])
            if len(shown) == 1:
                assert grid_rows(app, "#output")[1] == ["8.9", "0", "0.2"]  # -1.81 became 0
                assert "ReLU: max(0, 4.8) = 4.8" in str(app.query_one("#explain").content)
        assert shown == ["ReLU", "sigmoid", "softmax", "none"]


async def test_selecting_a_layer_in_the_network_panel() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus_network(pilot, app)
        await pilot.press("down")
        await pilot.pause()
        assert app.document.selected == 1
        assert "W2 (3, 3)" in screen_text(app)


async def test_clicking_a_layer_selects_it() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.click("#network", offset=(3, 2))  # border, then the second layer's line
        await pilot.pause()
        assert app.document.selected == 1
        assert app.focused is app.query_one("#network")
        assert "W2 (3, 3)" in screen_text(app)


def listed_layers(app: WorkbenchApp) -> tuple[int, int, list[int]]:
    """(hidden above, hidden below, layer numbers listed), as the network panel says them."""
    text = network_text(app)
    above = re.search(r"↑ (\d+) more", text)
    below = re.search(r"↓ (\d+) more", text)
    listed = [int(n) for n in re.findall(r"(\d+) Dense", text)]
    return int(above.group(1)) if above else 0, int(below.group(1)) if below else 0, listed


async def test_a_long_network_shows_the_layers_around_the_selection() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus_network(pilot, app)
        for _ in range(10):  # 12 layers: more than the panel lists at once
            await pilot.press("a")
        for key, selected in (("end", 11), ("home", 0), ("down", 1), ("down", 2), ("down", 3), ("down", 4), ("down", 5), ("down", 6)):
            await pilot.press(key)
            await pilot.pause()
            assert app.document.selected == selected
            above, below, listed = listed_layers(app)
            # Every layer is either listed or counted by a marker, and the selected one is listed.
            assert listed == list(range(above + 1, 13 - below)), (key, above, below, listed)
            assert selected + 1 in listed
            text = network_text(app)
            assert "4-3-3-3-3-3-3-3-3-3-3-3-3" in text and "no bias." in text  # the totals in full
        assert above > 0 and below > 0  # in the middle, both markers


@pytest.mark.parametrize("preset, adds", [("parameter-count", 0), ("two-layers", 1)])
async def test_a_narrow_terminal_lists_at_least_the_selected_layer(preset: str, adds: int) -> None:
    app = WorkbenchApp(preset=preset)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus_network(pilot, app)
        for _ in range(adds):
            await pilot.press("a")
        for _ in range(3):
            await pilot.pause()
            _, _, listed = listed_layers(app)
            assert app.document.selected + 1 in listed
            assert "more layers" in network_text(app)
            await pilot.press("down")


async def test_sizes_dialog_resizes_and_refuses_bad_sizes() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab")  # to neurons
        await pilot.press("0", "enter")
        await pilot.pause()
        assert "between 1 and 4096" in str(app.screen.query_one("#form-message").content)
        await pilot.press("backspace", "5", "enter")
        await pilot.pause()
        assert "1 Dense 4→5" in network_text(app)
        # Layer 2 still takes 3 inputs: the error says so.
        assert "layer 2: inputs (3, 5) cannot meet weights (3, 3)" in screen_text(app).replace("\n", " ")


async def test_reinitialise_is_reproducible_from_the_seed() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("7", "tab", *"0.1", "enter")
        await pilot.pause()
        first = app.document.network.steps[0].dense.weights.copy()
        np.random.seed(7)
        assert np.array_equal(first, 0.1 * np.random.randn(4, 3))
        assert grid_rows(app, "#weights")[0][0] == f"{first[0, 0]:.6g}"[:8]
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("x", "enter")
        await pilot.pause()
        assert "the seed must be a whole number" in str(app.screen.query_one("#form-message").content)
        await pilot.press("escape")
        assert np.array_equal(app.document.network.steps[0].dense.weights, first)


async def test_weights_view_toggle_and_transpose() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#weights")
        assert "W1 (4, 3)  as stored: (inputs, neurons)" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert "W1ᵀ (3, 4)  one row per neuron" in screen_text(app)
        assert grid_rows(app, "#weights")[0] == ["0.2", "0.8", "-0.5", "1"]  # the notes' neuron 1
        # Editing in this view changes the same weight: neuron 0, input 1.
        await pilot.press("right", "9", "enter")
        assert app.document.network.steps[0].dense.weights[1, 0] == 9.0
        await pilot.press("T")
        await pilot.pause()
        assert "W1ᵀ (4, 3)" in screen_text(app) and "W1 (3, 4)" in screen_text(app)  # rows view of stored (3, 4)
        assert "cannot meet weights (3, 4)" in screen_text(app).replace("\n", " ")


# ------------------------------------------------ one rule: under the cursor (issue 8, 8)
def toasts(app: WorkbenchApp) -> str:
    """The notifications the app is showing, as one line of text."""
    return " | ".join(notification.message for notification in app._notifications)


async def test_removing_a_feature_then_fix_removes_that_features_weight_row() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        weights = grid_rows(app, "#weights")
        await focus(pilot, app, "#inputs")  # the cursor is on f0
        await pilot.press("C")
        await pilot.pause()
        assert grid_rows(app, "#inputs")[0] == ["2", "3", "2.5"]
        await pilot.press("x")
        await pilot.pause()
        assert not app.query_one("#errors").display
        # f0's row (i0) went with it: f1 still meets 0.8, not f0's 0.2.
        assert grid_rows(app, "#weights") == weights[1:]
        assert grid_rows(app, "#z")[0][0] == "4.6"  # 2 x 0.8 + 3 x -0.5 + 2.5 x 1 + 2
        assert "removed weight row i0" in toasts(app)


async def test_R_and_C_in_the_weights_remove_the_row_and_column_under_the_cursor() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket")
        await pilot.pause()
        layer_2 = grid_rows(app, "#weights")
        await pilot.press("left_square_bracket")
        await pilot.pause()
        weights = grid_rows(app, "#weights")
        await focus(pilot, app, "#weights")
        await pilot.press("down", "R")  # input i1
        await pilot.pause()
        assert grid_rows(app, "#weights") == [weights[0], weights[2], weights[3]]
        await pilot.press("right", "C")  # neuron n1, and its bias
        await pilot.pause()
        assert grid_rows(app, "#weights") == [[row[0], row[2]] for row in (weights[0], weights[2], weights[3])]
        assert grid_rows(app, "#biases") == [["2", "0.5"]]
        # Layer 2 now gets 2 values: the fix drops its row i1, the one neuron n1 fed.
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        await pilot.press("home", "right", "C", "x")  # neuron n1 again
        await pilot.pause()
        assert app.document.selected == 1
        assert grid_rows(app, "#weights") == [layer_2[0], layer_2[2]]


async def test_in_the_one_row_per_neuron_view_the_cursor_picks_the_neuron_and_the_input() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#weights")
        await pilot.press("t")
        await pilot.pause()
        rows = grid_rows(app, "#weights")  # one row per neuron
        await pilot.press("down", "R")  # neuron n1
        await pilot.pause()
        assert grid_rows(app, "#weights") == [rows[0], rows[2]]
        await pilot.press("right", "right", "C")  # input i2
        await pilot.pause()
        assert grid_rows(app, "#weights") == [[v for i, v in enumerate(row) if i != 2] for row in (rows[0], rows[2])]
        assert app.document.layer.dense.weights.shape == (3, 2)


# ----------------------------------------------- new neurons are drawn (issue 8, 6)
async def test_new_neurons_are_drawn_by_the_layers_initialisation() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        before = grid_rows(app, "#weights")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "6", "4", "enter")
        await pilot.pause()
        assert "1 Dense 2→64" in network_text(app)
        shown = grid_rows(app, "#weights")
        init = app.document.inits[0]
        np.random.seed(init.seed)
        drawn = (init.scale * np.random.randn(2, 64)).astype(np.float32)
        for row, old, new in zip(shown, before, drawn):
            assert row[:3] == old[:3]  # what fitted is kept
            assert row[3] == f"{new[3]:.6g}"[: len(row[3])] and float(row[3]) != 0  # neuron 3 is alive


# ------------------------------------------------------------- redo (issue 8, 5)
async def test_redo_with_ctrl_y_and_ctrl_shift_z_and_the_end_of_history_is_said() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await pilot.press("5", "enter")
        await pilot.press("ctrl+z")
        assert grid_rows(app, "#inputs")[0][0] == "1"
        await pilot.press("ctrl+y")
        assert grid_rows(app, "#inputs")[0][0] == "5"
        await pilot.press("ctrl+z", "ctrl+shift+z")
        assert grid_rows(app, "#inputs")[0][0] == "5"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "Nothing to redo" in toasts(app)
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert grid_rows(app, "#inputs")[0][0] == "1"
        assert "Nothing more to undo: the history keeps the last 1,000 steps, up to 256 MB" in toasts(app)


@pytest.mark.parametrize("size", [(120, 40), (100, 40)])
async def test_a_large_layers_parameter_count_is_shown_whole(size: tuple[int, int]) -> None:
    # "2 Dense 1900→1900 ReLU 3,611…": the line was cut at the panel's edge, count and all.
    from engine import Dense, Network, ReLU, Softmax, Step
    from tui.document.state import Document

    network = Network([Step(Dense(2, 1900), ReLU()), Step(Dense(1900, 1900), ReLU()), Step(Dense(1900, 3), Softmax())])
    doc = Document(network, np.zeros((3, 2)))
    app = WorkbenchApp(document=doc)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = network_text(app)
        assert "…" not in text, text
        assert re.search(r"\b1 (Dense )?2→1900 +ReLU +5,700\b", text), text
        assert re.search(r"\b2 (Dense )?1900→1900 +ReLU +3,611,900\b", text), text
        assert re.search(r"\b3 (Dense )?1900→3 +softmax +5,703\b", text), text
