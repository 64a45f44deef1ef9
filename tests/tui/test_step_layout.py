"""The backward pass on screen beside a lesson: W, dW, b and db keep rows of numbers at 120x40
(the lesson panel squeezed W1 and dW1 to their captions and headers: a cursor task on dW1 could
be ticked without a number in view), and a read-only grid answers a typed number with a word."""

from __future__ import annotations

import gc
from pathlib import Path

import numpy as np
import pytest

from tests.tui.conftest import focus, grid_rows
from tests.tui.test_lessons_backward import LESSON
from tui.__main__ import make_app
from tui.app.workbench import WorkbenchApp
from tui.format import fit_number


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lesson's progress and the autosave go to tmp_path, never to the user's own."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def with_lesson(tmp_path: Path) -> WorkbenchApp:
    """``nnwb --lesson FILE`` on a spiral lesson, as a learner starts it."""
    path = tmp_path / "backprop.toml"
    path.write_text(LESSON, encoding="utf-8")
    try:
        return make_app(["--lesson", str(path)])
    finally:
        gc.enable()


def shown(app: WorkbenchApp, selector: str, values: np.ndarray) -> list[list[str]]:
    """What the grid's rows must read: each value as the grid fits it to its cells."""
    grid = app.query_one(selector)
    return [[fit_number(float(v), grid.cw - 1) for v in row] for row in np.atleast_2d(values)]


async def test_beside_a_lesson_w1_and_dw1_show_their_rows_at_120x40(tmp_path: Path) -> None:
    app = with_lesson(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", *"n" * 14)  # layer 1: dweights
        await pilot.pause()
        doc = app.document
        assert doc.step is not None and (doc.step.layer, doc.step.stage_name) == (0, "dweights")
        assert app.query_one("#lesson").display
        layer1 = doc.backward.layer(1)
        assert grid_rows(app, "#weights") == shown(app, "#weights", doc.network.steps[0].dense.weights)
        assert grid_rows(app, "#dweights") == shown(app, "#dweights", layer1.dweights)
        assert len(grid_rows(app, "#dweights")) == 2  # i0 and i1: the whole of dW1
        assert grid_rows(app, "#biases") == shown(app, "#biases", doc.network.steps[0].dense.biases)
        await pilot.press("n")  # dbiases
        await pilot.pause()
        assert grid_rows(app, "#dbiases") == shown(app, "#dbiases", layer1.dbiases)
        assert grid_rows(app, "#dweights") == shown(app, "#dweights", layer1.dweights)
        assert len(grid_rows(app, "#inputs")) >= 1  # X keeps a row too
