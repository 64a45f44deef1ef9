"""The command palette: one Keys command, and a screenshot saved where the user can find it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._toast import Toast

from tests.tui.conftest import region_text, run_in_palette, wait_for
from tui.app.workbench import WorkbenchApp
from tui.screens.help import HelpScreen


def toasts(app: WorkbenchApp) -> str:
    return " ".join(" ".join(region_text(app, toast).replace("▌", " ").split()) for toast in app.screen.query(Toast))


async def test_the_palette_lists_one_keys_command_and_it_opens_the_help() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles.count("Keys") == 1 and titles.count("Screenshot") == 1, titles
        await run_in_palette(pilot, app, "Keys")
        assert isinstance(app.screen, HelpScreen)


async def screenshot(tmp_path: Path, monkeypatch, downloads: bool) -> tuple[list[Path], str]:  # type: ignore[no-untyped-def]
    home, here = tmp_path / "home", tmp_path / "here"
    home.mkdir()
    here.mkdir()
    if downloads:
        (home / "Downloads").mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(here)
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await run_in_palette(pilot, app, "Screenshot")
        await wait_for(pilot, lambda: "Saved the screen as" in toasts(app), "the screenshot is saved")
        saved = sorted(tmp_path.rglob("*.svg"))
        return saved, toasts(app)


async def test_a_screenshot_goes_to_the_current_directory_when_there_is_no_downloads_folder(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    saved, said = await screenshot(tmp_path, monkeypatch, downloads=False)
    assert len(saved) == 1 and saved[0].parent == tmp_path / "here"
    assert "<svg" in saved[0].read_text()
    assert str(saved[0]) in said.replace(" ", "") or saved[0].name in said.replace(" ", ""), said


async def test_a_screenshot_goes_to_downloads_when_it_exists(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    saved, said = await screenshot(tmp_path, monkeypatch, downloads=True)
    assert len(saved) == 1 and saved[0].parent == tmp_path / "home" / "Downloads"
    assert "Downloads" in said


async def test_a_screenshot_is_named_in_plain_ascii_after_the_file(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import re

    from tui.document.state import Document

    monkeypatch.chdir(tmp_path)
    # A new file, so the title reads "nnwb · lesson13.json •": none of that punctuation in the name.
    app = WorkbenchApp(document=Document.from_preset(), path=tmp_path / "lesson13.json", saved=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await run_in_palette(pilot, app, "Screenshot")
        await wait_for(pilot, lambda: "Saved the screen as" in toasts(app), "the screenshot is saved")
    (saved,) = tmp_path.glob("*.svg")
    assert re.fullmatch(r"nnwb_lesson13_\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.svg", saved.name), saved.name
