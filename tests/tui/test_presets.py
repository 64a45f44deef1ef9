"""Every preset opens showing its number."""

from __future__ import annotations

import pytest

from engine import PRESETS
from tests.tui.conftest import grid_rows, region_text, run_in_palette, screen_text
from tui.app.workbench import WorkbenchApp

EXPECTED = {
    "single-neuron": ("results", ["2.3"]),
    "layer": ("results", ["4.8", "1.21", "2.385"]),
    "batch": ("results", ["4.8", "1.21", "2.385"]),
    "two-layers": ("results", ["0.5031", "-1.04185", "-2.03875"]),
    "random-dense": ("results", ["0.001483", "-0.00084"]),
    "spiral": ("results", ["0.333333", "0.333333", "0.333333", "0", "0", "✓", "0.333333", "1.09861"]),
}


@pytest.mark.parametrize("name", list(EXPECTED))
async def test_preset_shows_its_numbers(name: str) -> None:
    app = WorkbenchApp(preset=name)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel, row = EXPECTED[name]
        results = app.query_one("#results")
        cells = [results.cell_text(0, c) for c in range(results.columns)]
        assert cells[: len(row)] == row
        assert PRESETS[name].title in app.sub_title


async def test_spiral_preset_shows_loss_and_accuracy() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        summary = " ".join(region_text(app, app.query_one("#summary")).split())
        assert "loss 1.09845" in summary and "accuracy 0.34" in summary and "error rate 0.66" in summary
        assert "nnfs mode, float32" in app.sub_title
        assert grid_rows(app, "#results")[1][:3] == ["0.333317", "0.333318", "0.333364"]


async def test_transpose_and_parameter_presets() -> None:
    app = WorkbenchApp(preset="transpose-mistake")
    async with app.run_test(size=(120, 40)) as pilot:
        assert "transpose them to (4, 3)" in screen_text(app).replace("\n", " ")
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("home", *["down"] * list(PRESETS).index("parameter-count"), "enter")  # 10-32-32-32-2
        await pilot.pause()
        assert "2,432 weights + 98 biases" in " ".join(region_text(app, app.query_one("#network")).replace("│", " ").split())
        # 32 biases scroll sideways: the scroll bar takes a line, and the row still shows.
        assert grid_rows(app, "#biases") == [["0", "0", "0", "0"]]


async def test_preset_picker_lists_every_preset_and_escape_keeps_the_network() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        text = screen_text(app)
        for preset in PRESETS.values():
            assert preset.title in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.document.preset == "two-layers"


async def test_command_palette_loads_a_preset() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        # Waits for the palette to offer the preset, not for a time (pause(0.5) was both
        # slow and, on a slow machine, too short).
        await run_in_palette(pilot, app, "Preset: A single neuron")
        assert app.document.preset == "single-neuron"
        assert grid_rows(app, "#results")[0] == ["2.3"]


async def test_help_lists_the_keys() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "step mode on/off" in text and "transpose its weights" in text
        await pilot.press("end")  # the keyboard scrolls the help to its end
        await pilot.pause()
        assert "Reading the screen" in screen_text(app)
        await pilot.press("pageup")  # and back
        await pilot.pause()
        assert "Ctrl+Q" in screen_text(app) and "Reading the screen" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "step mode on/off" not in screen_text(app)


async def test_the_preset_picker_opens_on_the_current_preset() -> None:
    app = WorkbenchApp(preset="transpose-mistake")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        # The highlighted entry is the one shown now: Enter keeps it, ↓ Enter takes the next one.
        assert "The transpose mistake" in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.document.preset == "two-layers"


# The book's chapters 15-17 as the book's scripts start them (nnfs.init(), seed 0): the
# numbers of their first epoch before any training, as the book prints them (chapter 15's
# first epoch runs with dropout; the workbench shows the pass without it, so its own).
BOOK_PRESETS = {
    "ch15-dropout": (["0.333333", "0.333333", "0.333333"], "loss 1.09862 accuracy 0.323", "softmax"),
    "ch16-binary": (["0.5", "0", "0", "✓"], "loss 0.693149 accuracy 0.5", "sigmoid"),
    "ch17-regression": (["0", "0", "0"], "loss 0.496439 accuracy 0.003", "none"),
}


@pytest.mark.parametrize("name", list(BOOK_PRESETS))
async def test_a_book_chapter_preset_loads_from_the_picker_with_its_numbers(name: str) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("home", *["down"] * list(PRESETS).index(name), "enter")
        await pilot.pause()
        first_row, scores, last_activation = BOOK_PRESETS[name]
        assert app.document.preset == name and "nnfs mode, float32" in app.sub_title
        assert grid_rows(app, "#results")[0][: len(first_row)] == first_row
        assert scores in " ".join(region_text(app, app.query_one("#summary")).split())
        network = " ".join(region_text(app, app.query_one("#network")).replace("│", " ").split())
        assert last_activation in network.split(" parameters")[0]
        await pilot.press("ctrl+z")  # one undo step puts the example before it back
        await pilot.pause()
        assert app.document.preset == "two-layers" and grid_rows(app, "#results")[0] == ["0.5031", "-1.04185", "-2.03875"]


def test_the_book_presets_carry_the_books_training_settings() -> None:
    from engine.datasets import TrainingHints, load_preset

    assert load_preset("ch15-dropout").training == TrainingHints("adam", 0.05, 5e-5, 10001, None)
    assert load_preset("ch16-binary").training == TrainingHints("adam", 0.001, 5e-7, 10001, None)
    assert load_preset("ch17-regression").training == TrainingHints("adam", 0.005, 1e-3, 10001, "mse")
    assert load_preset("spiral").training is None
    dropout = load_preset("ch15-dropout").network.steps
    assert [step.dropout for step in dropout] == [0.1, 0.0]
    assert (dropout[0].dense.weight_regularizer_l2, dropout[0].dense.bias_regularizer_l2) == (5e-4, 5e-4)
