"""The book's later pieces on the workbench: dropout on a layer, sigmoid, and the loss in use."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine import Dense, Network, Step, activation_named
from engine.numbers import format_number
from tests.tui.conftest import focus, region_text, run_in_palette, screen_text
from tests.tui.test_cell_text import paste
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
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
        assert "the dropout rate must be at least 0 and less than 1" in message and "not 1.5" in message
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
        assert "sigmoid: 1 / (1 + e^-z) = 1 / (1 + e^-(4.8)) = 1 / (1 + 0.00822975) = 0.991837" in explain_text(app)  # lines joined
        assert 1 / (1 + np.exp(-4.8)) == pytest.approx(0.991837, abs=5e-7)


def binary_document() -> Document:
    """Chapter 16's shape in small: ReLU, then one sigmoid output scored against 0/1 labels."""
    np.random.seed(0)
    steps = [Step(Dense(2, 3, weight_scale=1.0), activation_named("relu")),
             Step(Dense(3, 1, weight_scale=1.0), activation_named("sigmoid"))]
    inputs = np.array([[0.5, -1.0], [1.0, 2.0], [-0.5, 0.25]])
    return Document(Network(steps), inputs, np.array([1, 0, 1]))


async def test_the_loss_named_follows_the_last_activation_and_is_worked_out() -> None:
    document = binary_document()
    z = np.maximum(0, document.inputs @ document.network.steps[0].dense.weights) @ document.network.steps[1].dense.weights
    p = float(1 / (1 + np.exp(-z[0, 0])))  # sample 0's output, label 1
    app = WorkbenchApp(document=document)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "loss: binary cross-entropy" in network_text(app)
        await pilot.press("right_square_bracket")  # the output layer, where the loss is
        await pilot.pause()
        explained = explain_text(app)
        c = format_number(p, 4)
        assert (f"loss: binary cross-entropy −(y·log(p) + (1−y)·log(1−p)) y = 1, p = {c} "
                f"= −(1·log({c}) + 0·log({format_number(1 - p, 4)})) = {format_number(-np.log(p), 5)}") in explained

        await pilot.press("f", "f")  # softmax, then linear: mean squared error
        await pilot.pause()
        assert "loss: mean squared error" in network_text(app)
        assert f"(y − ŷ)² = (1 − {format_number(z[0, 0], 4)})² = {format_number((1 - z[0, 0]) ** 2, 5)}" in explain_text(app)

        await pilot.press("f")  # ReLU: accuracy only, no loss named
        await pilot.pause()
        assert "loss:" not in network_text(app)


async def test_dropout_from_the_palette_refuses_words_and_a_layer_removed_takes_its_dropout() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await run_in_palette(pilot, app, "Dropout rate")
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"a tenth", "enter")
        await pilot.pause()
        said = " ".join(str(app.screen.query_one("#form-message").content).split())
        assert 'the dropout rate must be a number: "a tenth" is not a number: type a value such as 0.1' == said
        assert "-1e-3" not in said  # a negative value is no rate
        await pilot.press("escape")
        await pilot.pause()
        assert app.document.network.steps[0].dropout == 0.0
        assert await set_dropout(pilot, app, "0.25") == ""
        await pilot.press("a")  # a new layer after layer 1: the dropout stays with layer 1
        await pilot.pause()
        text = network_text(app)
        assert text.index("1 Dense 4→3") < text.index("dropout 0.25") < text.index("2 Dense 3→3")
        await pilot.press("left_square_bracket", "d")  # layer 1 goes, and its dropout with it
        await pilot.pause()
        assert "dropout" not in network_text(app)


async def test_a_relu_output_says_which_activations_have_a_loss() -> None:
    document = binary_document()
    document.labels = np.zeros(3, dtype=np.int64)  # class 0: one a single ReLU output can be scored by
    app = WorkbenchApp(document=document)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket", "f", "f", "f")  # sigmoid → softmax → none → ReLU
        await pilot.pause()
        summary = " ".join(str(app.query_one("#summary").content).split())
        assert "accuracy" in summary and "loss " not in summary
        assert "A ReLU output has no loss: f gives the last layer softmax (classes), sigmoid (0 or 1) or none (numbers)." in summary


async def test_a_narrow_terminal_shows_the_selected_layers_dropout() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        assert await set_dropout(pilot, app, "0.1") == ""
        assert "1 Dense 4→3 none 15 dropout 0.1 · 1 more layer: ↑ ↓" in network_text(app)


async def test_a_long_network_lists_each_dropout_under_its_layer_around_the_selection() -> None:
    np.random.seed(0)
    steps = [Step(Dense(3, 3), activation_named("relu"), dropout=0.1 if i % 2 == 0 else 0.0) for i in range(11)]
    steps.append(Step(Dense(3, 3), activation_named("softmax")))
    app = WorkbenchApp(document=Document(Network(steps), np.ones((2, 3))))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(12):
            await pilot.press("tab")
            if app.focused is app.query_one("#network"):
                break
        cut = set()
        for key in ("end", "home", "down", "down", "down", "down", "down", "down"):
            await pilot.press(key)
            await pilot.pause()
            text = network_text(app)
            above = re.search(r"↑ (\d+) more", text)
            below = re.search(r"↓ (\d+) more", text)
            hidden_above, hidden_below = (int(m.group(1)) if m else 0 for m in (above, below))
            listed = [int(n) for n in re.findall(r"(\d+) Dense", text)]
            assert listed == list(range(hidden_above + 1, 13 - hidden_below)), (key, text)
            cut.update({"above"} if hidden_above else set(), {"below"} if hidden_below else set())
            assert app.document.selected + 1 in listed
            # Odd layers (1, 3, ...) have dropout: each listed one is followed by its line.
            parts = re.split(r"\d+ Dense", text)[1:]
            for number, after in zip(listed, parts):
                assert ("dropout 0.1" in after.split("Dense")[0]) == (number % 2 == 1), (number, text)
        assert cut == {"above", "below"}  # the list was cut on both sides at some point


async def test_deleting_the_last_layer_takes_the_dropout_off_the_new_last_layer_and_undo_puts_both_back() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await set_dropout(pilot, app, "0.1") == ""  # on layer 1 of the notes' two layers
        await pilot.press("right_square_bracket", "d")  # delete layer 2: layer 1 is the last now
        await pilot.pause()
        assert len(app.document.network) == 1
        assert app.document.network.steps[0].dropout == 0.0
        assert "dropout" not in network_text(app)
        assert any("its dropout 0.1 was removed" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(app.document.network) == 2 and app.document.network.steps[0].dropout == 0.1
        assert "dropout 0.1" in network_text(app)


async def test_without_labels_no_loss_is_named() -> None:
    app = WorkbenchApp()  # the notes' two layers, linear output, no labels: nothing is scored
    async with app.run_test(size=(120, 40)) as pilot:
        assert "loss:" not in network_text(app)
        await focus(pilot, app, "#inputs")
        await pilot.press("l")  # labels on: now a loss scores them
        await pilot.pause()
        assert app.document.labels is not None
        assert "loss: mean squared error" in network_text(app)


async def test_a_pasted_flood_in_the_dropout_dialog_is_quoted_short_and_the_keys_line_stays() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("D")
        await pilot.pause()
        await paste(pilot, "9" * 5000)  # over the selected 0: the field holds only the paste
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        said = " ".join(str(app.screen.query_one("#form-message").content).split())
        assert "(5,000 characters) is infinite" in said and len(said) < 250, said
        shown = screen_text(app)
        assert "Enter applies · Escape cancels" in shown and "is infinite" in " ".join(shown.split())
        await pilot.press("escape")
        await pilot.pause()
        assert app.document.network.steps[0].dropout == 0.0


@pytest.mark.parametrize(("typed", "shown"), [("0.999999", "dropout 0.999999"), ("0.9999999", "dropout 0.9999999"),
                                              ("1e-6", "dropout 1e-6")])
async def test_a_rate_shows_as_typed_in_the_network_panel(typed: str, shown: str) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        assert await set_dropout(pilot, app, typed) == ""
        assert shown in network_text(app) and shown in explain_text(app)
        await pilot.press("D")  # the dialog offers it back as written
        await pilot.pause()
        assert app.screen.query_one("#dropout-rate").value == typed
        await pilot.press("escape", "g")  # the training view names the rate the same way
        await pilot.pause()
        assert f"{shown} after layer 1" in " ".join(region_text(app, app.screen.query_one("#train-status")).split())


async def test_a_tiny_nonzero_rate_is_refused_with_a_message() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        message = await set_dropout(pilot, app, "1e-320")
        assert "a dropout rate below 1e-6 switches off less than one value in a million" in message, message
        assert app.document.network.steps[0].dropout == 0.0
