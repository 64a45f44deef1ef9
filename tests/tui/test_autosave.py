"""Autosave, the offer at start, and quitting with unsaved changes to a named file, driven
as a person would (keys in, the screen and the files out). Every test has its own state
folder (tests/conftest.py)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.tui.conftest import focus, grid_rows, region_text, screen_text, wait_for
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.files.autosave import autosave_path, marker_path
from tui.files.autosave_sidecar import read_autosave
from tui.files.paths import state_folder
from tui.files.session_file import load, save


def dead_pid() -> int:
    """The id of a process that has ended: a session that was killed."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def leave_work(value: float, named: Path | None = None, lesson: str = "") -> tuple[Path, Path]:
    """The files a killed session leaves: its marker and its autosave, X[0, 0] = value, the
    work done for the file ``named`` in the lesson ``lesson`` (ids as the marker keeps them)."""
    folder = state_folder()
    folder.mkdir(parents=True, exist_ok=True)
    pid = dead_pid()
    document = Document.from_preset()
    document.inputs[0, 0] = value
    save(document, autosave_path(folder, pid))
    marker_path(folder, pid).write_text(f"{pid}\n{named or ''}\n{lesson}\n")
    return autosave_path(folder, pid), marker_path(folder, pid)


async def type_into_first_input(pilot, app: WorkbenchApp, text: str) -> None:  # type: ignore[no-untyped-def]
    await focus(pilot, app, "#inputs")
    await pilot.press(*text, "enter")
    assert grid_rows(app, "#inputs")[0][0] == text


async def test_an_edit_is_autosaved_by_a_thread_soon_after() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        saved = autosave_path(state_folder(), app.autosaver.pid)
        await wait_for(pilot, lambda: app.autosaver.opened, "the session is marked as running")
        assert not saved.exists()  # nothing changed yet: nothing to write
        await type_into_first_input(pilot, app, "7")
        await wait_for(pilot, lambda: saved.exists() and app.autosaver.written == app.recovery.autosave_key(), "the autosave")
        document, _ = read_autosave(saved)
        assert document.inputs[0, 0] == 7.0


async def test_the_offer_names_the_file_and_enter_restores_the_work_unsaved() -> None:
    named = state_folder().parent / "lesson.json"
    autosave, marker = leave_work(42.0, named)
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        # The dialog is in front before it is drawn: wait for its words, not only its id.
        await wait_for(pilot, lambda: app.screen.id == "recover" and "Restore your work?" in screen_text(app), "the offer")
        text = screen_text(app)
        # The path wraps where the dialog is narrower than it (a long temporary folder): read
        # the dialog's words with its borders and line ends taken out.
        words = re.sub(r"[\s│]", "", region_text(app, app.screen.query_one("#choice-message")))
        assert "Restore your work?" in text and f"File:{named},whichdoesnotexist" in words
        assert app.document.inputs[0, 0] == 1.0  # not restored until asked
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.id != "recover", "the offer closes")
        assert grid_rows(app, "#inputs")[0][0] == "42"
        assert app.file_path == named and app.files.unsaved()
        # Restored: this session's autosave takes over, and the old files go.
        await wait_for(pilot, lambda: not autosave.exists() and not marker.exists(), "the old files replaced")


async def test_escape_starts_fresh_and_a_clean_end_does_not_offer_it_again() -> None:
    autosave, marker = leave_work(42.0)
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "recover", "the offer")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.id != "recover", "the offer closes")
        assert grid_rows(app, "#inputs")[0][0] == "1"
        await pilot.press("ctrl+q")
    assert autosave.exists()  # kept until a change replaces it
    assert not marker.exists()  # declined: not offered again
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.recovery.offer is None and app.screen.id != "recover"


async def test_ctrl_q_with_work_never_named_quits_at_once_and_keeps_it_for_the_next_start() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_into_first_input(pilot, app, "7")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, "the app ends")
    assert marker_path(state_folder(), app.autosaver.pid).exists()
    document, _ = read_autosave(autosave_path(state_folder(), app.autosaver.pid))
    assert document.inputs[0, 0] == 7.0


async def named_app_with_an_edit(pilot, app: WorkbenchApp, path: Path) -> None:  # type: ignore[no-untyped-def]
    await type_into_first_input(pilot, app, "7")
    await pilot.press("ctrl+q")
    await wait_for(pilot, lambda: app.screen.id == "quit", "the question")
    assert "lesson.json has unsaved changes" in screen_text(app)


def named_app(tmp_path: Path) -> tuple[WorkbenchApp, Path]:
    path = tmp_path / "lesson.json"
    save(Document.from_preset(), path)
    return WorkbenchApp(path=path), path


async def test_quit_with_unsaved_changes_to_a_file_s_saves_and_quits(tmp_path: Path) -> None:
    app, path = named_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await named_app_with_an_edit(pilot, app, path)
        await pilot.press("s")
        await wait_for(pilot, lambda: not app.is_running, "the app ends")
    assert load(path)[0].inputs[0, 0] == 7.0
    assert list(state_folder().iterdir()) == []  # saved: nothing to offer


async def test_quit_with_unsaved_changes_to_a_file_d_discards_and_quits(tmp_path: Path) -> None:
    app, path = named_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await named_app_with_an_edit(pilot, app, path)
        await pilot.press("d")
        await wait_for(pilot, lambda: not app.is_running, "the app ends")
    assert load(path)[0].inputs[0, 0] == 1.0
    assert list(state_folder().iterdir()) == []  # discarded: not offered either


async def test_quit_with_unsaved_changes_to_a_file_escape_cancels(tmp_path: Path) -> None:
    app, path = named_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await named_app_with_an_edit(pilot, app, path)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.id != "quit", "the question closes")
        assert app.is_running and app.files.unsaved()
        assert grid_rows(app, "#inputs")[0][0] == "7"
    assert load(path)[0].inputs[0, 0] == 1.0


async def test_an_autosave_that_cannot_be_written_says_so(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the state folder would be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    app = WorkbenchApp()
    told: list[str] = []
    app.notify = lambda message, **_: told.append(message)  # type: ignore[method-assign,assignment]
    async with app.run_test(size=(120, 40)) as pilot:
        await type_into_first_input(pilot, app, "7")
        await wait_for(pilot, lambda: any("Autosave failed" in m for m in told), "the failure, told")
        await pilot.pause(1)  # more ticks fail the same way...
        assert len(told) == 1 and "Not a directory" in told[0]  # ...and are not told again
        assert grid_rows(app, "#inputs")[0][0] == "7"  # the edit itself stands


async def test_work_left_by_two_sessions_is_offered_one_after_the_other_and_none_is_lost() -> None:
    older, older_marker = leave_work(42.0)
    newer, _ = leave_work(43.0)
    os.utime(older, (1, 1))  # the newest is offered first
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "recover", "the offer")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.id != "recover", "the offer closes")
        assert grid_rows(app, "#inputs")[0][0] == "43"
        await wait_for(pilot, lambda: not newer.exists(), "the restored work's old file replaced")
        assert older.exists() and older_marker.exists()  # the other session's work is kept
        await pilot.press("ctrl+q")
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "recover", "the offer of the other session's work")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.id != "recover", "the offer closes")
        assert grid_rows(app, "#inputs")[0][0] == "42"


async def test_an_autosave_tick_while_the_app_closes_its_screens_is_harmless(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The timer's last tick can come after the app has popped its screens (seen once under
    load: ScreenStackError from the tick, which asked which screen was in front)."""
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_into_first_input(pilot, app, "7")  # a change the tick would write
        monkeypatch.setattr(WorkbenchApp, "screen_stack", property(lambda self: []))
        app.recovery.tick()  # nothing to ask the screens: no error
        monkeypatch.undo()
