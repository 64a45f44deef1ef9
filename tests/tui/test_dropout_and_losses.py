"""The book's later pieces on the workbench: dropout on a layer, sigmoid, and the loss in use."""

from __future__ import annotations

import numpy as np
import pytest

from tests.tui.conftest import region_text
from tui.app import WorkbenchApp
from tui.screens.dialogs import FormScreen


def network_text(app: WorkbenchApp) -> str:
    return " ".join(region_text(app, app.query_one("#network")).replace("│", " ").split())


def explain_text(app: WorkbenchApp) -> str:
    return " ".join(str(app.query_one("#explain").content).split())


async def set_dropout(pilot, app: WorkbenchApp, typed: str) -> str:  # type: ignore[no-untyped-def]
    """D, the rate typed over the old one, Enter: the form's message if it stays open, else ""."""
    await pilot.press("D")
    await pilot.pause()
    assert isinstance(app.screen, FormScreen)
    await pilot.press(*typed, "enter")
    await pilot.pause()
    if isinstance(app.screen, FormScreen):
        return " ".join(str(app.screen.query_one("#form-message").content).split())
    return ""


async def test_dropout_is_set_by_keys_shown_refused_out_of_range_and_undone() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        counts = "21 weights + 6 biases = 27 parameters"
        assert "dropout" not in network_text(app) and counts in network_text(app)
        assert await set_dropout(pilot, app, "0.1") == ""
        text = network_text(app)
        # Its own line after layer 1, before layer 2; no parameters, so the counts are the same.
        assert text.index("1 Dense 4→3") < text.index("dropout 0.1") < text.index("2 Dense 3→3")
        assert counts in text
        explained = explain_text(app)
        np.random.seed(0)  # the mask the explanation says it drew: the book's line after seed 0
        mask = np.random.binomial(1, 0.9, size=app.document.trace.records[0].output.shape)[0]
        assert f"mask [{', '.join(str(m) for m in mask)}]" in explained
        assert "shows the network without dropout" in explained

        message = await set_dropout(pilot, app, "1.5")
        assert "from 0 up to (not including) 1" in message and "not 1.5" in message
        await pilot.press("escape")
        await pilot.pause()
        assert "dropout 0.1" in network_text(app) and app.document.network.steps[0].dropout == 0.1

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "dropout" not in network_text(app) and "dropout" not in explain_text(app)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "dropout 0.1" in network_text(app)


async def test_dropout_on_the_last_layer_is_refused() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket")
        message = await set_dropout(pilot, app, "0.1")
        assert "layer 2 is the last layer" in message
        await pilot.press("escape")
        await pilot.pause()
        assert "dropout" not in network_text(app)


async def test_explain_works_out_a_sigmoid_neuron_with_its_own_numbers() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f", "f")  # ReLU, then sigmoid
        await pilot.pause()
        assert "1 Dense 4→3 sigmoid" in network_text(app)
        # Sample 0, neuron 0: z = 4.8 (the notes' first neuron); its sigmoid, worked out.
        assert "sigmoid: 1 / (1 + e^-z) = 1 / (1 + e^-(4.8)) = 1 / (1 + 0.00822975) = 0.991837" in explain_text(app)
        assert 1 / (1 + np.exp(-4.8)) == pytest.approx(0.991837, abs=5e-7)
