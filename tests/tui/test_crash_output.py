"""After an error nnwb did not expect: what the terminal shows, and the report file, stay small.

Textual's traceback printed every frame's locals (the document, its trace, their arrays):
30 s of a frozen terminal after the explain panel's crash on ch17-regression, and pages of
numbers above the line that matters.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.tui.bursts import type_fast
from tui.app.workbench import WorkbenchApp
from tui.files.crash_report import crash_text, write_crash_report
from tui.widgets.explain_panel import ExplainPanel


def _big_error(self: ExplainPanel, *args: object, **keywords: object) -> None:
    weights = np.full((2_000, 500), 9876.5)  # a million values, in this frame's locals
    raise ValueError(f"the panel broke on a matrix of shape {weights.shape}: " + "x" * 100_000)


async def test_the_terminal_is_shown_the_error_without_the_locals(capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    app = WorkbenchApp(preset="ch17-regression")
    with pytest.raises(ValueError, match="the panel broke"):
        async with app.run_test(size=(120, 40)) as pilot:
            monkeypatch.setattr(ExplainPanel, "show", _big_error)
            await type_fast(pilot, "f")
    printed = capsys.readouterr()
    shown = printed.err + printed.out + "".join(
        segment.text for renderable in app._exit_renderables for segment in getattr(renderable, "segments", ()))
    assert "the panel broke on a matrix of shape (2000, 500)" in shown
    assert "_big_error" in shown  # the frame is named ...
    assert "array([[" not in shown and "─ locals ─" not in shown  # ... without its values
    assert len(shown) < 40_000, len(shown)


def _recurse(depth: int, weights: np.ndarray) -> None:
    if depth == 0:
        raise ValueError("deep down: " + "\x1b]0;pwned\x07" + repr(weights.tolist()))
    try:
        _recurse(depth - 1, weights)
    except ValueError as error:  # a chain of a thousand causes, each its own traceback
        raise ValueError(f"at depth {depth}") from error


def test_a_crash_report_of_a_long_chain_and_a_huge_message_is_small(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    try:
        _recurse(300, np.full((1_000, 100), 9876.5))
    except ValueError as error:
        path = write_crash_report(error, ["--preset", "ch17-regression"])
        text = crash_text(error, [])
    assert path is not None and path.parent == tmp_path / "nnwb"
    written = path.read_text(encoding="utf-8")
    assert written.startswith("nnwb stopped on an error at") and "command: nnwb --preset ch17-regression" in written
    assert written.rstrip().endswith("ValueError: at depth 300")  # the end of the traceback: where it stopped
    assert "more characters)" in text and "lines of the traceback are left out here" in text
    assert "\x1b" not in text and "\x07" not in text and "\\x1b]0;pwned\\x07" in text
    assert len(written) < 250_000 and len(text) < 250_000, (len(written), len(text))
