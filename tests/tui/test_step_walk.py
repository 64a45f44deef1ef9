"""The step walk as data: forward stages need no gradients, a shape mistake ends the walk where
the layers stop computing, and the backward stages follow the forward ones."""

from __future__ import annotations

import numpy as np
import pytest

import engine.backward
from tui.app.workbench import WorkbenchApp
from tui.document.core import STAGES, StepPosition


def test_n_inside_the_forward_pass_computes_no_gradients(monkeypatch: pytest.MonkeyPatch) -> None:
    """A backward pass of the largest documents costs a second or more: n through the forward
    stages must not pay for one; the first n past the last activation does."""
    calls: list[int] = []
    real = engine.backward.backward_trace
    monkeypatch.setattr("tui.document.core.backward_trace", lambda *args: calls.append(1) or real(*args))
    doc = WorkbenchApp(preset="spiral").document
    doc.start_stepping()
    for _ in range(2 * len(STAGES) - 1):
        assert doc.step_forward()
    assert doc.step == StepPosition(1, 3) and calls == []
    assert doc.step_back() and doc.step == StepPosition(1, 2) and calls == []
    doc.step_forward()
    assert doc.step_forward() and doc.step.stage_name == "loss"
    assert calls


def test_a_shape_mistake_ends_the_walk_at_the_last_layer_that_computed() -> None:
    doc = WorkbenchApp(preset="spiral").document
    doc.network.steps[1].dense.weights = np.zeros((4, 3))  # layer 2 expects 4 inputs, gets 3
    doc.version += 1
    assert doc.trace.error is not None and len(doc.trace.records) == 1
    doc.start_stepping()
    while doc.step_forward():
        pass
    assert doc.step == StepPosition(0, len(STAGES) - 1)
    assert doc.backward is None


def test_the_walk_forward_and_back_visits_the_same_stages() -> None:
    doc = WorkbenchApp(preset="spiral").document
    doc.start_stepping()
    seen = [doc.step]
    while doc.step_forward():
        seen.append(doc.step)
    back = [doc.step]
    while doc.step_back():
        back.append(doc.step)
    assert seen == doc.walk() == back[::-1]
    names = [(p.layer + 1, p.stage_name) for p in seen[2 * len(STAGES):]]
    assert names == [(2, "loss"), (2, "dvalues"), (2, "dweights"), (2, "dbiases"), (2, "dinputs"),
                     (1, "dz"), (1, "dweights"), (1, "dbiases"), (1, "dinputs")]


async def test_an_edit_outside_step_mode_computes_no_gradients(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every redraw asked for the backward pass (the shapes line), doubling an edit's cost on
    784 → 128 → 10; only the backward stages, a gradient lesson check or G need it."""
    calls: list[int] = []
    real = engine.backward.backward_trace
    monkeypatch.setattr("tui.document.core.backward_trace", lambda *args: calls.append(1) or real(*args))
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7", "enter")
        await pilot.pause()
        assert app.document.inputs[0, 0] == 7
        await pilot.press("s", "n")
        await pilot.pause()
        assert calls == []


def test_in_the_backward_pass_the_stage_follows_the_selected_layer() -> None:
    """] at layer 1's dweights showed layer 2's panels under layer 1's stage, and the explain
    panel worked out a dW1 cell while the cursor was on dW2."""
    doc = WorkbenchApp(preset="spiral").document
    doc.start_stepping()
    while (doc.step.layer, doc.step.stage_name) != (0, "dweights"):
        assert doc.step_forward()
    doc.select_layer(1)
    assert (doc.step.layer, doc.step.stage_name) == (1, "dweights")
    doc.select_layer(0)
    assert (doc.step.layer, doc.step.stage_name) == (0, "dweights")
    while doc.step.stage_name != "dz":
        assert doc.step_back()
    doc.select_layer(1)  # layer 2 (softmax + cross-entropy) has no dz stage: its first
    assert (doc.step.layer, doc.step.stage_name) == (1, "dweights")


def test_undo_at_a_backward_stage_keeps_step_mode() -> None:
    """G then Ctrl+Z at a backward stage left step mode without a word."""
    doc = WorkbenchApp(preset="spiral").document
    doc.start_stepping()
    while (doc.step.layer, doc.step.stage_name) != (0, "dweights"):
        assert doc.step_forward()
    before = doc.backward.layer(1).dweights.copy()
    doc.descend(1.0)
    assert not np.array_equal(doc.backward.layer(1).dweights, before)
    assert doc.undo()
    assert doc.step is not None and (doc.step.layer, doc.step.stage_name) == (0, "dweights")
    np.testing.assert_array_equal(doc.backward.layer(1).dweights, before)
    assert doc.redo()
    assert doc.step is not None and doc.step.stage_name == "dweights"


async def test_at_80x24_each_backward_stage_brings_its_matrix_into_view() -> None:
    """The dW, db and layer grids are below the fold at 80x24: no stage's result was on screen,
    and the header's end, the stage's name, was cut."""
    from tests.tui.conftest import screen_text

    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", *"n" * 10)  # layer 2: dweights
        await pilot.pause()
        assert app.document.step is not None and app.document.step.stage_name == "dweights"
        shown = screen_text(app)
        assert "dW2 (3, 3)" in shown, shown
        assert "STEP backward · layer 2: dweights" in shown.splitlines()[0]
        await pilot.press("n")  # dbiases
        await pilot.pause()
        assert "db2 (1, 3)" in screen_text(app)
        await pilot.press("n", "n")  # layer 1: dz, in the layer's lower panel
        await pilot.pause()
        assert "dz1 = dvalues" in screen_text(app)


async def test_stepping_through_a_saved_file_leaves_it_saved(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Step mode selects each layer it walks through; the file keeps the selected layer, and
    its title showed • (Ctrl+Q asked to save) after stepping alone."""
    from tui.document.state import Document
    from tui.files import session_file

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    path = tmp_path / "s2.json"
    session_file.save(Document.from_preset("spiral"), path)
    document, _ = session_file.load(path)
    app = WorkbenchApp(document=document, path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", *"n" * 10)  # layer 2: dweights
        await pilot.pause()
        assert app.document.step is not None and app.document.step.layer == 1
        assert app.title == "nnwb · s2.json"
        assert not app.files.unsaved()


async def test_an_edit_that_takes_the_loss_away_says_why_the_backward_pass_is_gone() -> None:
    """l (labels off) at a backward stage dropped step mode to the forward pass's end silently."""
    from tests.tui.conftest import focus
    from tests.tui.test_commands import toasts

    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("s", *"n" * 14)  # layer 1: dweights
        await pilot.pause()
        assert app.document.step is not None and app.document.step.stage_name == "dweights"
        await focus(pilot, app, "#inputs")
        await pilot.press("l")
        await pilot.pause()
        assert app.document.labels is None
        assert app.document.step is not None and not app.document.step.backward
        shown = toasts(app)
        assert "No backward pass" in shown and "there are no labels" in shown, shown
