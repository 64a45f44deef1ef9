"""``nnwb lint``'s CODE_WIDTH is the lesson panel's: at 120 columns, with the text long enough
to scroll (its scroll bar takes columns), a code line of CODE_WIDTH columns is shown whole and
one column more is cut off (as tests/tui/test_lessons_course.py measures the course's)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from tests.tui.conftest import wait_for
from tui.__main__ import make_app
from tui.lessons.lint import CODE_WIDTH

LESSON = '''\
title = "Wide code"
preset = "single-neuron"
text = """
{prose}

```python
{fits}
```

```python
{cut}
```
"""

[[tasks]]
text = "Make the output 0."
check = "cell"
matrix = "output"
equals = 0.0
'''


async def test_a_code_line_of_code_width_fits_the_panel_and_one_more_is_cut(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets._markdown import MarkdownFence

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    prose = "\n\n".join(f"Paragraph {number}: the panel scrolls." for number in range(20))
    path = tmp_path / "wide.toml"
    path.write_text(LESSON.format(prose=prose, fits="a" * CODE_WIDTH, cut="b" * (CODE_WIDTH + 1)), encoding="utf-8")
    try:
        app = make_app(["--lesson", str(path)])
    finally:
        gc.enable()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(app.query(MarkdownFence)) == 2, "the lesson's two code blocks are drawn")
        await pilot.pause()
        fits, cut = app.query(MarkdownFence)
        assert app.query_one("#lesson-scroll").scrollbars_enabled[0], "the text scrolls: its scroll bar is shown"
        assert fits.virtual_size.width <= fits.size.width, "a line of CODE_WIDTH is shown whole"
        assert cut.virtual_size.width > cut.size.width, "a line one column wider is cut off"
