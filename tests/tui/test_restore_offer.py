"""The offer of autosaved work at start: only work that belongs to what the command line asked
for (a file, else a lesson, else the newest work), in words that say what it would restore
and what Enter replaces. Every test has its own state folder (tests/conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.tui.conftest import region_text, wait_for
from tests.tui.test_autosave import leave_work
from tests.tui.test_lessons_ui import started
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.files.session_file import save


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def offer_words(app: WorkbenchApp) -> str:
    """The offer's message as one line (the dialog wraps it)."""
    return " ".join(re.sub(r"[│]", " ", region_text(app, app.screen.query_one("#choice-message"))).split())


async def offered(app: WorkbenchApp, pilot) -> str | None:  # type: ignore[no-untyped-def]
    """The offer's words, or None once the session is running with no offer."""
    await wait_for(pilot, lambda: app.autosaver.opened, "the session is marked as running")
    await pilot.pause()
    if app.screen.id != "recover":
        return None
    await wait_for(pilot, lambda: bool(offer_words(app)), "the offer's words")
    return offer_words(app)


async def test_a_lesson_on_the_command_line_is_not_offered_another_lessons_work() -> None:
    leave_work(44.0, lesson="04-shapes")
    app = started(["--lesson", "1"])
    async with app.run_test(size=(120, 40)) as pilot:
        assert await offered(app, pilot) is None
        assert app.document.inputs[0, 0] != 44.0
        await pilot.press("ctrl+q")
    app = WorkbenchApp()  # a plain start: the newest work, saying which lesson it was done in
    async with app.run_test(size=(120, 40)) as pilot:
        words = await offered(app, pilot)
        assert words is not None and "samples. Lesson 4/" in words and "in place of the fresh workbench" in words


async def test_a_file_on_the_command_line_is_not_offered_unrelated_work(tmp_path: Path) -> None:
    leave_work(42.0)  # never named
    save(Document.from_preset(), tmp_path / "reopen1.json")
    app = started(["reopen1.json"])
    async with app.run_test(size=(120, 40)) as pilot:
        assert await offered(app, pilot) is None
        assert app.document.inputs[0, 0] == 1.0


async def test_work_for_the_file_asked_for_says_it_replaces_what_the_file_holds(tmp_path: Path) -> None:
    save(Document.from_preset(), tmp_path / "reopen1.json")
    leave_work(42.0, named=tmp_path / "reopen1.json")
    app = started(["reopen1.json"])
    async with app.run_test(size=(120, 40)) as pilot:
        words = await offered(app, pilot)
        assert words is not None
        assert "the autosave has changes not saved there" in words
        assert "inplaceofwhatreopen1.jsonholds,whichyouaskedfor" in words.replace(" ", "")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.document.inputs[0, 0] == 42.0, "restored")


async def test_an_autosaves_file_that_does_not_exist_is_said_as_such(tmp_path: Path) -> None:
    leave_work(45.0, named=tmp_path / "lesson5.json")  # a new file, killed before its first save
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        words = await offered(app, pilot)
        # The folder's path may wrap inside the name: read it with the spaces taken out.
        assert words is not None and "lesson5.json,whichdoesnotexist" in words.replace(" ", "")


async def test_work_for_a_file_asked_for_that_is_gone_never_says_it_replaces_what_it_holds(tmp_path: Path) -> None:
    """``nnwb w10.json``, an edit, kill -9, the file deleted, ``nnwb w10.json`` again: the offer
    says the file does not exist and does not then speak of what it holds."""
    leave_work(42.0, named=tmp_path / "w10.json")
    app = started(["w10.json"])
    async with app.run_test(size=(120, 40)) as pilot:
        words = await offered(app, pilot)
        assert words is not None
        flat = words.replace(" ", "")
        assert "w10.json,whichdoesnotexist" in flat and "holds" not in flat
        assert "inplaceoftheneww10.jsonyouaskedfor" in flat
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.document.inputs[0, 0] == 42.0, "restored")
