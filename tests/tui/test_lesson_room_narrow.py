"""At 80x24 a lesson leaves the body about 10 rows: the grids its tasks point at (the inputs,
layer 1's outputs) must still show rows of numbers beside it, not only their top borders
(lesson 23's tasks 1-2 pointed at grids only `v` brought back)."""

from __future__ import annotations

import gc

import pytest

from tests.tui.conftest import grid_rows
from tui.__main__ import make_app
from tui.lessons.titles import builtin_paths, file_number


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


LESSONS = [str(file_number(path)) for path in builtin_paths()]


@pytest.mark.parametrize("lesson", LESSONS)
async def test_at_80x24_the_lesson_leaves_the_inputs_and_outputs_rows_of_numbers(
        lesson: str, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    try:
        app = make_app(["--lesson", lesson])
    finally:
        gc.enable()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.query_one("#lesson").display
        for grid in ("#inputs", "#z"):
            rows = [row for row in grid_rows(app, grid) if row and all(is_number(cell) for cell in row)]
            assert rows, f"lesson {lesson}: {grid} shows no row of numbers"
