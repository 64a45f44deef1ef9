"""A served tab's files stay in its own folder, and it may read the class folder (the issue #16,
item 1): every door of the app (open, its listing, save, save as, export, screenshot), driven
as a learner does, in an app confined as ``tui.serve.session`` confines a tab's. In a terminal
nothing is confined. The real server is in test_serve.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.tui.conftest import paste_then_type, run_in_palette, wait_for
from tests.tui.test_commands import toasts
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.files import confinement, session_file
from tui.screens.dialogs import FormScreen
from tui.screens.file_dialog import FileScreen
from tui.serve.folders import make_work_folder


class Room:
    """A serve folder with two tabs' folders (``own``, ``other``), a class folder, and a secret outside."""

    def __init__(self, root: Path) -> None:
        self.serve = root / "serve"
        self.serve.mkdir()
        self.shared = root / "class"
        self.shared.mkdir()
        session_file.save(Document.from_preset("spiral"), self.shared / "handout.json")
        self.other = make_work_folder(self.serve, None)
        session_file.save(Document.from_preset("spiral"), self.other / "theirs.json")
        self.own = make_work_folder(self.serve, self.shared)
        self.secret = root / "secret.json"
        session_file.save(Document.from_preset("spiral"), self.secret)
        (self.own / "out.json").symlink_to(self.secret)  # a link inside that leads out
        (self.own / "away").symlink_to(root, target_is_directory=True)


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Room]:
    made = Room(tmp_path)
    monkeypatch.chdir(made.own)  # as tui.serve.session does
    confinement.confine(made.own, made.shared, hidden=(made.own.parent,))
    yield made
    confinement.release()


def said(app: WorkbenchApp) -> str:
    return " ".join(str(app.screen.query_one("#file-message", Static).render()).split())


def listed(app: WorkbenchApp) -> str:
    return str(app.screen.query_one("#file-list", Static).render())


async def type_in_dialog(pilot, app: WorkbenchApp, text: str) -> None:  # type: ignore[no-untyped-def]
    await paste_then_type(pilot, app, "#file-path", text)


async def test_open_refuses_another_tabs_file_and_paths_out_and_reads_the_class_folder(room: Room) -> None:
    app = WorkbenchApp(preset="batch")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, FileScreen), "the Open dialog")
        theirs = f"../{room.other.name}/theirs.json"
        for typed in (theirs, str(room.other / "theirs.json"), str(room.secret), "out.json", "away/secret.json"):
            await type_in_dialog(pilot, app, typed)
            assert listed(app) == "(no session files or folders here)" or typed == "out.json", (typed, listed(app))
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, FileScreen), typed  # still asking
            assert "outside this tab's folder" in said(app) and "or the class folder" in said(app), (typed, said(app))
            assert app.document.preset == "batch"  # nothing opened
        assert "is a link that leads outside" in said(app)  # away/secret.json: through a link
        await type_in_dialog(pilot, app, "class/")
        assert "class/handout.json" in listed(app)  # the teacher's hand-outs are listed
        await type_in_dialog(pilot, app, "class/handout.json")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, FileScreen), "the hand-out opens")
        assert app.document.preset == "spiral"


async def test_save_as_writes_only_in_the_tabs_folder(room: Room) -> None:
    app = WorkbenchApp(preset="batch")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await run_in_palette(pilot, app, "Save as")
        await wait_for(pilot, lambda: isinstance(app.screen, FileScreen), "the Save as dialog")
        attempts = {
            "../escape.json": "outside this tab's folder",
            str(room.serve / "top.json"): "outside this tab's folder",
            f"../{room.other.name}/theirs.json": "outside this tab's folder",
            "out.json": "is a link that leads outside",
            "class/mine.json": "the class folder is read-only",
        }
        before = sorted(str(path) for path in room.serve.parent.rglob("*"))
        for typed, why in attempts.items():
            await type_in_dialog(pilot, app, typed)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, FileScreen) and why in said(app), (typed, said(app))
        assert sorted(str(path) for path in room.serve.parent.rglob("*")) == before  # nothing written anywhere
        assert session_file.load(room.secret)[0].preset == "spiral"  # the link's target untouched
        await type_in_dialog(pilot, app, "mine.json")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, FileScreen), "saved")
    assert (room.own / "mine.json").is_file()


async def test_ctrl_s_to_a_file_outside_the_tabs_folder_says_why_and_writes_nothing(room: Room) -> None:
    target = room.serve / "top.json"  # e.g. a session file named on nnwb's command line
    app = WorkbenchApp(document=Document.from_preset("batch"), path=target, saved=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "outside this tab's folder" in toasts(app), "the refusal")
    assert not target.exists()


async def test_export_writes_only_in_the_tabs_folder(room: Room) -> None:
    app = WorkbenchApp(preset="batch")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        for typed, why in (("../numpy.py", "outside this tab's folder"), (str(room.serve / "numpy.py"), "outside"),
                           ("class/numpy.py", "the class folder is read-only")):
            await run_in_palette(pilot, app, "Export as NumPy")
            assert isinstance(app.screen, FormScreen)
            field = app.screen.query_one("#export-path", Input)
            assert field.value == str(room.own / "batch.py")  # offered in the tab's folder
            await paste_then_type(pilot, app, "#export-path", typed)
            await pilot.press("enter")
            await pilot.pause()
            shown = " ".join(str(app.screen.query_one("#form-message", Static).render()).split())
            assert isinstance(app.screen, FormScreen) and why in shown, (typed, shown)
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), "the form closes")
    assert not (room.serve / "numpy.py").exists() and not (room.shared / "numpy.py").exists()


async def test_screenshots_go_in_the_tabs_folder_and_nowhere_else(room: Room) -> None:
    (Path.home() / "Downloads").mkdir()  # a terminal's nnwb would put it there
    app = WorkbenchApp(preset="batch")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.action_screenshot(path=str(room.serve))
        await wait_for(pilot, lambda: "Could not save the screenshot" in toasts(app), "the refusal")
        assert "outside this tab's folder" in toasts(app)
        app.clear_notifications()
        app.action_screenshot(filename="../shot.svg")
        await wait_for(pilot, lambda: "Could not save the screenshot" in toasts(app), "the refusal")
        app.clear_notifications()
        await run_in_palette(pilot, app, "Screenshot")
        await wait_for(pilot, lambda: "Saved the screen as" in toasts(app), "the screenshot")
    assert [path.parent for path in room.serve.parent.rglob("*.svg")] == [room.own]
    assert list((Path.home() / "Downloads").iterdir()) == []


async def test_in_a_terminal_files_go_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    app = WorkbenchApp(preset="batch")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await run_in_palette(pilot, app, "Save as")
        await wait_for(pilot, lambda: isinstance(app.screen, FileScreen), "the Save as dialog")
        await type_in_dialog(pilot, app, "../up.json")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, FileScreen), "saved")
    assert (tmp_path / "up.json").is_file()


async def test_a_class_folder_that_holds_the_tabs_folders_does_not_open_them(room: Room) -> None:
    confinement.confine(room.own, room.serve, hidden=(room.own.parent,))  # --class-folder . where nnwb serve runs
    session_file.save(Document.from_preset("spiral"), room.serve / "handout.json")
    app = WorkbenchApp(preset="batch")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, FileScreen), "the Open dialog")
        await type_in_dialog(pilot, app, "../")
        assert listed(app) == "(no session files or folders here)"  # nnwb-tabs/ is not listed for browsing
        for typed in (f"../{room.other.name}/theirs.json", f"{room.serve}/nnwb-tabs/{room.other.name}/theirs.json"):
            await type_in_dialog(pilot, app, typed)
            await pilot.press("enter")
            await pilot.pause()
            assert "outside this tab's folder" in said(app), (typed, said(app))
        await type_in_dialog(pilot, app, f"{room.serve}/handout.json")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, FileScreen), "the hand-out opens")
        assert app.document.preset == "spiral"
