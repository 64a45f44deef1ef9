"""Saving never writes one piece of work over another without asking: Save as replaces the
name it suggests, a lesson move leaves the previous lesson's file, and a file changed on disk
since it was opened or saved is not overwritten unasked. Driven as a person would."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import run_in_palette, screen_text, wait_for
from tests.tui.test_files import in_dialog, in_tmp, title
from tests.tui.test_lessons_ui import started
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.files import session_file

__all__ = ["in_tmp"]  # the autouse fixture: every test runs in its own folder


async def test_save_as_typing_a_name_replaces_the_suggested_one(tmp_path: Path) -> None:
    session_file.save(Document.from_preset(), tmp_path / "lesson1.json")
    app = WorkbenchApp(document=Document.from_preset(), path=tmp_path / "lesson1.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await run_in_palette(pilot, app, "Save as")
        await wait_for(pilot, lambda: in_dialog(app), "the Save as dialog")
        assert app.screen.query_one("#file-path").value == "lesson1.json"  # suggested...
        await pilot.press(*"lesson2", "enter")  # ...and replaced by what is typed
        await wait_for(pilot, lambda: not in_dialog(app), "the dialog closes")
        assert "nnwb · lesson2.json" in title(app)
    assert sorted(path.name for path in tmp_path.glob("*.json")) == ["lesson1.json", "lesson2.json"]


async def test_undo_back_across_a_lesson_move_brings_the_file_back(tmp_path: Path) -> None:
    """``>``, d (leave the changes), Ctrl+Z: lesson 1's work comes back, and with it its file
    and its unsaved mark; Ctrl+Y forward leaves the file again."""
    app = started(["--lesson", "1", "lesson1.json"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: (tmp_path / "lesson1.json").exists(), "lesson 1 saved")
        await pilot.press("9", "enter")
        await wait_for(pilot, lambda: "lesson1.json •" in title(app), "the unsaved mark")
        await pilot.press("greater_than_sign")
        await wait_for(pilot, lambda: app.screen.id == "leave-file", "asked")
        await pilot.press("d")  # leave the changes (Ctrl+Z brings them back)
        await wait_for(pilot, lambda: app.lesson is not None and app.lesson.position == 1, "lesson 2 opens")
        assert "lesson1.json" not in title(app)
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: app.lesson is not None and app.lesson.position == 0, "back in lesson 1")
        await wait_for(pilot, lambda: "lesson1.json •" in title(app), "the file and its mark back")
        assert app.document.inputs[0, 0] == 9.0
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: app.lesson is not None and app.lesson.position == 1, "lesson 2 again")
        await wait_for(pilot, lambda: "lesson1.json" not in title(app), "the file left again")


async def test_saving_over_a_file_changed_on_disk_asks_first(tmp_path: Path) -> None:
    """Two nnwb on one file: this one opened it, the other saved 8 since; this one's Ctrl+S
    asks before writing its 7 over that 8."""
    path = tmp_path / "shared.json"
    session_file.save(Document.from_preset(), path)
    document, _ = session_file.load(path)
    app = WorkbenchApp(document=document, path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        other = Document.from_preset()
        other.inputs[0, 0] = 8.0
        session_file.save(other, path)  # the other nnwb's save
        await pilot.press("7", "enter")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "changed on disk" in screen_text(app), "the question")
        assert session_file.load(path)[0].inputs[0, 0] == 8.0  # not written yet
        await pilot.press("escape")  # keep the other's save
        await wait_for(pilot, lambda: "changed on disk" not in screen_text(app), "the question closes")
        assert session_file.load(path)[0].inputs[0, 0] == 8.0 and "shared.json •" in title(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "changed on disk" in screen_text(app), "asked again")
        await pilot.press("enter")  # replace it, knowingly
        await wait_for(pilot, lambda: "shared.json •" not in title(app), "saved")
        assert session_file.load(path)[0].inputs[0, 0] == 7.0
        await pilot.press("8", "enter")
        await wait_for(pilot, lambda: "shared.json •" in title(app), "another change")
        await pilot.press("ctrl+s")  # our own save since: no question
        await wait_for(pilot, lambda: "shared.json •" not in title(app), "saved without asking")
        assert session_file.load(path)[0].inputs.tolist() == app.document.inputs.tolist()


async def test_the_next_lesson_leaves_the_previous_lessons_file(tmp_path: Path) -> None:
    app = started(["--lesson", "1", "lesson1.json"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: (tmp_path / "lesson1.json").exists(), "lesson 1 saved")
        await pilot.press("7", "enter")  # a change to lesson 1's work, not saved yet
        await wait_for(pilot, lambda: "lesson1.json •" in title(app), "the unsaved mark")
        await pilot.press("greater_than_sign")
        await wait_for(pilot, lambda: app.screen.id == "leave-file" and "has unsaved changes" in screen_text(app), "asked")
        await pilot.press("s")  # save lesson 1's work there, then move on
        await wait_for(pilot, lambda: app.lesson is not None and app.lesson.position == 1, "lesson 2 opens")
        await pilot.pause()
        assert "lesson1.json" not in title(app)  # lesson 2's work has no file yet
        lesson1 = (tmp_path / "lesson1.json").read_text()
        assert session_file.loads(lesson1)[0].inputs[0, 0] == 7.0
        await pilot.press("ctrl+s")  # asks where lesson 2's work goes
        await wait_for(pilot, lambda: in_dialog(app), "the Save as dialog")
        assert app.screen.query_one("#file-path").value == ""
        await pilot.press("escape")
        await pilot.press("less_than_sign")  # nothing unsaved now (lesson 2 as it starts): no question
        await wait_for(pilot, lambda: app.lesson is not None and app.lesson.position == 0, "back to lesson 1")
        assert app.screen.id != "leave-file"
    assert (tmp_path / "lesson1.json").read_text() == lesson1  # never written with another lesson's work
