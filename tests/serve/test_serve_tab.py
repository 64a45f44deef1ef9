"""A browser tab's own notes: lesson progress lasts as long as the tab, and a --lesson that
cannot be read any more opens the plain workbench with the reason (the tester's #10, item 7).

In-process apps (App.run_test) with the tab's notes turned on as ``tui.serve.session`` does;
the real server is in test_serve.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._toast import Toast

from tests.tui.conftest import region_text
from tui.app.workbench import WorkbenchApp
from tui.lessons.loader import builtin_lessons, load_lesson
from tui.serve import tab as serve_tab
from tui.serve.session import without_unreadable_lesson

BROKEN = 'title = "Mine"\n[[tasks\n'  # line 2: the array of tables is never closed


def toasts(app: WorkbenchApp) -> str:
    """The notifications on screen, as one line of words."""
    return " ".join(" ".join(region_text(app, toast).replace("▌", " ").split()) for toast in app.screen.query(Toast))


@pytest.fixture
def served_tab(monkeypatch: pytest.MonkeyPatch) -> serve_tab.TabNotes:
    notes = serve_tab.TabNotes()
    monkeypatch.setattr(serve_tab, "TAB", notes)
    return notes


def test_a_lesson_file_broken_after_the_server_started_is_dropped_with_its_line(tmp_path: Path) -> None:
    lesson = tmp_path / "mine.toml"
    lesson.write_text(BROKEN)
    arguments, problem = without_unreadable_lesson(["--lesson", str(lesson)])
    assert arguments == []
    assert problem.startswith(f"The lesson {lesson} could not be opened, so this tab has the workbench without it.")
    assert f"{lesson}:2:" in problem


def test_a_lesson_that_opens_is_kept() -> None:
    assert without_unreadable_lesson(["--lesson", "01-neuron"]) == (["--lesson", "01-neuron"], "")
    assert without_unreadable_lesson([]) == ([], "")


async def test_a_served_tab_says_why_its_lesson_did_not_open(served_tab: serve_tab.TabNotes) -> None:
    serve_tab.begin_served_tab("The lesson /srv/mine.toml could not be opened, so this tab has the workbench "
                               "without it. /srv/mine.toml:2: not TOML")
    app = WorkbenchApp()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        shown = toasts(app)
        assert "Lesson not opened" in shown and "/srv/mine.toml:2: not TOML" in shown, shown
        assert "lasts as long as the tab" not in shown  # no lesson open: nothing about progress


async def test_a_lesson_opened_in_a_served_tab_says_progress_lasts_as_long_as_the_tab(
    served_tab: serve_tab.TabNotes,
) -> None:
    serve_tab.begin_served_tab()
    app = WorkbenchApp(lesson=load_lesson("01-neuron"))
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        shown = toasts(app)
        assert "lesson progress lasts as long as the tab" in shown and "Ctrl+S saves your work" in shown, shown
        app.clear_notifications()
        await pilot.press("ctrl+r")  # the lesson, at its start, redrawn: the same lesson, no second note
        await pilot.pause()
        assert "lasts as long as the tab" not in toasts(app)
        await pilot.press("greater_than_sign")  # the next lesson opens: said again
        await pilot.pause()
        assert app.lesson is not None and app.lesson.lesson.id != "01-neuron"
        assert "lesson progress lasts as long as the tab" in toasts(app)


async def test_in_a_terminal_a_lesson_says_nothing_of_tabs(served_tab: serve_tab.TabNotes) -> None:
    app = WorkbenchApp(lesson=load_lesson("01-neuron"))
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        assert f"Lesson 1/{len(builtin_lessons())}" in " ".join(region_text(app, app.query_one("#lesson")).split())
        assert "as long as the tab" not in toasts(app)


async def test_a_served_tab_says_where_its_files_go_once(served_tab: serve_tab.TabNotes, tmp_path: Path) -> None:
    from tui.serve.folders import make_work_folder

    class_folder = tmp_path / "class"
    class_folder.mkdir()
    folder = make_work_folder(tmp_path, class_folder)
    serve_tab.begin_served_tab("", folder)
    app = WorkbenchApp()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        shown = toasts(app)
        assert f"This tab's files go in its own folder, nnwb-tabs/{folder.name}, on the server" in shown, shown
        assert "Your teacher's files are in class/" in shown
        app.clear_notifications()
        await pilot.press("7", "enter")  # a redraw: not said again
        await pilot.pause()
        assert "files go in" not in toasts(app)
