"""The layer-size and initialisation dialogs: any text typed there is refused or applied,
never a crash, never an allocation as large as the number typed (issue 8, round 2)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from tests.tui.conftest import screen_text
from tui.app.workbench import WorkbenchApp


def form_message(app: WorkbenchApp) -> str:
    return str(app.screen.query_one("#form-message").content)


def layer_arrays(app: WorkbenchApp) -> list[np.ndarray]:
    return [a.copy() for step in app.document.network.steps for a in (step.dense.weights, step.dense.biases)]


@pytest.mark.parametrize("field", [0, 1])  # Inputs, Neurons
@pytest.mark.parametrize("typed", ["99999999999999999999999999", "300000000"])
async def test_a_huge_size_is_refused_before_anything_is_allocated(field: int, typed: str) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        before = layer_arrays(app)
        await pilot.press("e")
        await pilot.pause()
        if field:
            await pilot.press("tab")
        await pilot.press(*typed)
        tracemalloc.start()
        try:
            await pilot.press("enter")
            await pilot.pause()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert app.is_running
        assert "between 1 and 4096" in form_message(app)
        # Nothing proportional to the size typed was built (the check comes first).
        assert peak < 20_000_000
        await pilot.press("escape")
        await pilot.pause()
        assert all(np.array_equal(a, b) for a, b in zip(layer_arrays(app), before, strict=True))
        assert "Dense 4→3" in screen_text(app)


@pytest.mark.parametrize("typed", ["1_0", "0x10", "1 0"])
async def test_the_sizes_dialog_reads_numbers_as_a_learner_writes_them(typed: str) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*typed, "enter")
        await pilot.pause()
        assert "the inputs must be a whole number" in form_message(app)
        assert "is not a number" in form_message(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.document.network.steps[0].dense.weights.shape == (4, 3)


@pytest.mark.parametrize(("seed", "scale", "said"), [
    ("1_0", "0.1", "the seed must be a whole number"),
    ("0x10", "0.1", "the seed must be a whole number"),
    ("7", "1_0", "the scale must be a number"),
    ("7", "0x1p-3", "the scale must be a number"),
])
async def test_the_initialisation_dialog_reads_numbers_as_a_learner_writes_them(seed: str, scale: str, said: str) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        before = layer_arrays(app)
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*seed, "tab", *scale, "enter")
        await pilot.pause()
        assert said in form_message(app) and "is not a number" in form_message(app)
        await pilot.press("escape")
        await pilot.pause()
        assert all(np.array_equal(a, b) for a, b in zip(layer_arrays(app), before, strict=True))


@pytest.mark.parametrize(("form", "typed"), [("epochs", "1_0"), ("seed", "1_0"), ("lr", "1_0"), ("batch", "0x10"), ("epochs", "٣")])
def test_the_training_settings_saved_from_the_form_read_numbers_as_a_learner_writes_them(form: str, typed: str) -> None:
    """The form's text becomes the settings a session file keeps: a slip keeps the default."""
    from tui.training.settings import FIELDS, defaults, from_form

    key = next(field.key for field in FIELDS if field.form == form)
    assert from_form({form: typed}, True)[key] == defaults("adam", True)[key]
    assert from_form({form: "12"}, True)[key] == 12  # a number as written is taken


@pytest.mark.parametrize("scale", ["1e308", "2e6"])
async def test_the_initialisation_dialog_states_the_largest_scale(scale: str) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        before = layer_arrays(app)
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("7", "tab", *scale, "enter")
        await pilot.pause()
        assert "no larger than 1e6" in form_message(app)
        await pilot.press("escape")
        await pilot.pause()
        assert all(np.array_equal(a, b) for a, b in zip(layer_arrays(app), before, strict=True))
