"""``nnwb lint`` judges a cursor task at a lesson's start with the cursor where the app puts it
when it opens the lesson (``tui.lessons.lint.start_cursor``): the two must agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app.workbench import WorkbenchApp
from tui.lessons.lint import start_cursor
from tui.lessons.loader import load_lesson


@pytest.mark.parametrize("preset", ["layer", "two-layers"])
async def test_the_app_opens_a_lesson_with_the_cursor_where_lint_says(preset: str, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "lesson.toml"
    path.write_text(f'title = "x"\ntext = "x"\npreset = "{preset}"\n\n[[tasks]]\ntext = "Use fix."\n'
                    'check = "command_used"\ncommand = "fix"\n', encoding="utf-8")
    lesson = load_lesson(path)
    app = WorkbenchApp(lesson=lesson)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        seen = app.lessons.cursor()

    assert seen is not None and seen == start_cursor(lesson.start_document())
