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
