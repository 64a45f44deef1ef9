"""A non-zero value too small for the number type is refused as one too large is, never
stored as 0 (issue 8, round 2)."""

from __future__ import annotations

import pytest

from tests.tui.bursts import type_fast
from tests.tui.conftest import focus, screen_text
from tui.app.workbench import WorkbenchApp
from tui.widgets.matrix_editor import MatrixEditor


@pytest.mark.parametrize(("preset", "typed", "said"), [
    ("", "1e-400", "too small for float64"),
    ("spiral", "1e-50", "too small for float32"),
])
async def test_a_value_that_would_be_stored_as_0_is_refused(preset: str, typed: str, said: str) -> None:
    app = WorkbenchApp(preset=preset) if preset else WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await pilot.press("down")  # a non-zero value in both presets
        old = float(app.document.inputs[1, 0])
        await type_fast(pilot, f"{typed} Enter")
        assert said in app.query_one("#inputs", MatrixEditor).message
        assert said in screen_text(app).replace("\n", " ")
        await type_fast(pilot, "Escape")
        assert float(app.document.inputs[1, 0]) == old != 0


def test_a_session_file_value_that_would_be_read_as_0_in_float32_is_refused() -> None:
    from tests.tui.test_session_file import _with
    from tui.files import session_file
    from tui.files.session_file import SessionFileError

    text = _with("dtype", "float32").replace('4.0]], "biases"', '1e-50]], "biases"')
    with pytest.raises(SessionFileError) as refused:
        session_file.loads(text)
    assert "layers[0].weights row 1, column 1: 1e-50 is too small for float32" in str(refused.value)
    assert session_file.loads(text.replace("1e-50", "1e-40"))  # a float32 subnormal: kept
