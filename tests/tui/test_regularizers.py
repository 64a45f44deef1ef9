"""A layer's L1/L2 regularizers (the book's chapter 14): set with w, shown in the network
panel with the regularization loss they add, refused when not a strength, undone with Ctrl+Z."""

from __future__ import annotations

import pytest

from engine.losses import regularization_loss
from engine.numbers import format_number
from tests.tui.conftest import region_text
from tui.app.workbench import WorkbenchApp
from tui.screens.dialogs import FormScreen


def network_text(app: WorkbenchApp) -> str:
    return " ".join(region_text(app, app.query_one("#network")).replace("│", " ").split())


async def set_regularizers(pilot, app: WorkbenchApp, *typed: str) -> str:  # type: ignore[no-untyped-def]
    """w, each strength typed over its field's (weight L1, weight L2, bias L1, bias L2), Enter:
    the form's message if it stays open, else ""."""
    await pilot.press("w")
    await pilot.pause()
    assert isinstance(app.screen, FormScreen)
    for index, value in enumerate(typed):
        if index:
            await pilot.press("tab")
        await pilot.press(*value)
    await pilot.press("enter")
    await pilot.pause()
    if isinstance(app.screen, FormScreen):
        return " ".join(str(app.screen.query_one("#form-message").content).split())
    return ""


async def test_w_sets_a_layers_regularizers_the_panel_shows_them_and_their_loss_and_undo_takes_them_back() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        assert "L2" not in network_text(app) and "regularization loss" not in network_text(app)
        assert await set_regularizers(pilot, app, "0", "5e-4", "0", "5e-4") == ""
        text = network_text(app)
        # Its own line after layer 1, before layer 2: the book's Layer_Dense(..., weight_regularizer_l2=5e-4, ...).
        assert text.index("1 Dense 4→3") < text.index("L2 w 0.0005 b 0.0005") < text.index("2 Dense 3→3")
        # The notes' layer 1: 5e-4 · Σw² = 5e-4 · 4.252 (its biases' squares 4 + 9 + 0.25 add 5e-4 · 13.25).
        assert "regularization loss: 0.008751" in text
        dense = app.document.network.steps[0].dense
        assert (dense.weight_regularizer_l2, dense.bias_regularizer_l2) == (5e-4, 5e-4)

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "L2" not in network_text(app) and "regularization loss" not in network_text(app)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "L2 w 0.0005 b 0.0005" in network_text(app)


@pytest.mark.parametrize("typed", ["-1", "1e308"])
async def test_a_strength_below_0_or_past_1e6_is_refused_in_the_form_and_changes_nothing(typed: str) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        message = await set_regularizers(pilot, app, typed)
        assert "the weight L1 strength must be from 0 (off) to 1e6" in message and f"not {float(typed):g}" in message
        await pilot.press("escape")
        await pilot.pause()
        assert "L1" not in network_text(app)
        assert app.document.network.steps[0].dense.weight_regularizer_l1 == 0.0


async def test_the_books_chapter_15_layer_shows_its_l2_and_its_dropout_each_on_a_line() -> None:
    app = WorkbenchApp(preset="ch15-dropout")  # dense1: L2 5e-4 on weights and biases, then Layer_Dropout(0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = network_text(app)
        assert text.index("1 Dense 2→64") < text.index("L2 w 0.0005 b 0.0005") < text.index("dropout 0.1")
        assert text.index("dropout 0.1") < text.index("2 Dense 64→3")
        dense = app.document.network.steps[0].dense
        assert f"regularization loss: {format_number(regularization_loss(dense), 8)}" in text
        assert regularization_loss(dense) > 0
    app = WorkbenchApp(preset="ch15-dropout")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = network_text(app)  # a cramped panel: the selected layer and its first line under it
        assert text.index("1 Dense 2→64") < text.index("L2 w 0.0005 b 0.0005")
