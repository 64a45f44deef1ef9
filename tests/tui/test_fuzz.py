"""Thousands of seeded random keys across every panel: nothing raises, and what the screen
shows always equals a fresh forward pass of the document. Bursts of typing into a matrix
give exactly what a model of the keys (written apart from the app) says they mean."""

from __future__ import annotations

import copy
import math
import random

import numpy as np
import pytest

from tests.tui.bursts import type_fast
from tests.tui.conftest import focus
from tui.app.workbench import WorkbenchApp
from tui.widgets.matrix_editor import MatrixEditor

# (key, character) as a terminal sends them.
KEYS: list[tuple[str, str | None]] = [
    ("up", None), ("down", None), ("left", None), ("right", None), ("tab", "\t"), ("shift+tab", None),
    ("enter", "\r"), ("escape", "\x1b"), ("backspace", "\x7f"), ("ctrl+z", "\x1a"),
    ("minus", "-"), ("full_stop", "."), ("left_square_bracket", "["), ("right_square_bracket", "]"),
    ("question_mark", "?"),
    *[(c, c) for c in "1205e" "rRcClTadfxsnbip"],  # "e" makes 1e5 in a cell, or opens the sizes form
]

# The layer keys alone, on a preset they cannot leave (no p, no l): f on each layer of ch16's
# and ch17's column targets made a hidden layer softmax, and the explain panel read the
# targets as classes and stopped the app.
LAYER_KEYS: list[tuple[str, str | None]] = [
    ("up", None), ("down", None), ("left", None), ("right", None), ("tab", "\t"), ("shift+tab", None),
    ("escape", "\x1b"), ("ctrl+z", "\x1a"), ("left_square_bracket", "["), ("right_square_bracket", "]"),
    *[(c, c) for c in "fffsnbadtT"],
]


def assert_consistent(app: WorkbenchApp) -> None:
    doc = app.document
    fresh = copy.deepcopy(doc.network).forward_trace(doc.inputs.copy(), None if doc.labels is None else doc.labels.copy())
    trace = doc.trace
    assert len(fresh.records) == len(trace.records)
    assert (fresh.error is None) == (trace.error is None)
    for a, b in zip(fresh.records, trace.records):
        np.testing.assert_array_equal(a.output, b.output)
    if fresh.error is not None:
        assert str(fresh.error) == str(trace.error)
    # The outputs panel shows the selected layer's numbers when nothing hides them.
    z = app.query_one("#z")
    if doc.step is None and doc.selected < len(trace.records) and z.values is not None:
        np.testing.assert_array_equal(z.values, trace.records[doc.selected].z)


@pytest.mark.slow  # 1,500 random keys through the whole UI, for seconds
@pytest.mark.parametrize("seed, preset", [(0, None), (1, None), (2, "ch16-binary"), (3, "ch17-regression")])
async def test_random_keys_never_raise_and_the_screen_matches_the_engine(seed: int, preset: str | None) -> None:
    rng = random.Random(seed)
    app = WorkbenchApp(preset=preset or rng.choice(["two-layers", "spiral", "transpose-mistake", "single-neuron"]))
    keys, rounds = (LAYER_KEYS, 25) if preset else (KEYS, 75)
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(rounds):
            await type_fast(pilot, [rng.choice(keys) for _ in range(20)])
            if len(app.screen_stack) == 1:
                assert_consistent(app)
        # Close whatever dialog is open, then check once more.
        for _ in range(3):
            await pilot.press("escape")
        await pilot.pause()
        assert_consistent(app)


# ---------------------------------------------------------------- bursts against a model
class CellModel:
    """What keys typed into a matrix panel mean, written apart from the app: cursor, edit, commit.

    Enter on a cell opens it with its value; a number key opens it with that key; Enter
    commits a finite number and moves down a row (staying on the last); anything else is
    refused and stays open to fix; Escape gives up; arrows move only when nothing is open.
    """

    def __init__(self, values: list[list[float]]) -> None:
        self.values = [list(row) for row in values]
        self.row = self.column = 0
        self.text: str | None = None

    def press(self, key: str, character: str | None) -> None:
        rows, columns = len(self.values), len(self.values[0])
        if self.text is None:
            moves = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1), "home": (0, -columns), "end": (0, columns)}
            if key in moves:
                self.row = min(max(self.row + moves[key][0], 0), rows - 1)
                self.column = min(max(self.column + moves[key][1], 0), columns - 1)
            elif key == "enter":
                self.text = str(self.values[self.row][self.column])
            elif character is not None and character in "0123456789.-":
                self.text = character
            return
        if key == "enter":
            try:
                value = float(self.text)
            except ValueError:
                return
            underflow = value == 0 and any(c in "123456789" for c in self.text.lower().split("e")[0])
            if math.isfinite(value) and not underflow:  # 5e-999 is refused, not stored as 0
                self.values[self.row][self.column] = value
                self.text = None
                self.row = min(self.row + 1, rows - 1)
        elif key == "escape":
            self.text = None
        elif key == "backspace":
            self.text = self.text[:-1]
        elif key == "ctrl+u":
            self.text = ""
        elif character is not None and character.isprintable() and key not in ("up", "down", "left", "right", "home", "end"):
            self.text += character


TYPING = [(c, c) for c in "0123456789"] * 3 + [
    ("full_stop", "."), ("minus", "-"), ("enter", "\r"), ("enter", "\r"), ("enter", "\r"), ("escape", "\x1b"),
    ("backspace", "\x7f"), ("ctrl+u", "\x15"), ("up", None), ("down", None), ("left", None), ("right", None),
    ("home", None), ("end", None),
]


@pytest.mark.parametrize("panel, seed", [("#inputs", 0), ("#inputs", 1), ("#weights", 2)])
async def test_bursts_of_typing_give_exactly_the_numbers_typed(panel: str, seed: int) -> None:
    rng = random.Random(seed)
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, panel)
        editor = app.query_one(panel, MatrixEditor)
        assert editor.values is not None
        model = CellModel(editor.values.tolist())
        for _ in range(40):
            burst = []
            for _ in range(rng.randint(1, 30)):
                key, character = rng.choice(TYPING + ([("e", "e")] if model.text is not None else []))  # "e" alone opens a dialog
                model.press(key, character)
                burst.append((key, character))
            await type_fast(pilot, burst)
            assert app.focused is editor
            assert editor.values.tolist() == model.values, burst
            assert (editor.cursor_row, editor.cursor_column) == (model.row, model.column), burst
            assert editor.edit_text == model.text, burst
