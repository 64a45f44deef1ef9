"""Ctrl+Q and the question it asks: it asks whenever quitting would lose work (a named file
behind, or work never named that the autosave cannot keep), offers only what works now, and
what nnwb says on its way out matches what it did. Driven as a person would."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.tui.conftest import screen_text, wait_for
from tests.tui.terminal import Terminal
from tests.tui.test_autosave import type_into_first_input
from tests.tui.test_commands import toasts
from tests.tui.test_exit import FIRST_FRAME
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.files import session_file
from tui.screens.file_dialog import FileScreen


async def test_ctrl_q_asks_where_to_save_when_the_autosave_is_failing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the state folder would be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))  # as a full or read-only state folder
    monkeypatch.chdir(tmp_path)
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await type_into_first_input(pilot, app, "9")
        await wait_for(pilot, lambda: "Autosave failed" in toasts(app), "the warning")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.screen.id == "quit" and "Quit nnwb?" in screen_text(app), "the question")
        assert app.is_running and "the autosave cannot keep it" in screen_text(app)
        await pilot.press("s")  # Save as... and quit
        await wait_for(pilot, lambda: isinstance(app.screen, FileScreen), "the Save as dialog")
        await pilot.press(*"kept", "enter")
        await wait_for(pilot, lambda: not app.is_running, "the app ends once saved")
    assert session_file.load(tmp_path / "kept.json")[0].inputs[0, 0] == 9.0


async def test_ctrl_q_with_a_working_autosave_still_quits_at_once() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_into_first_input(pilot, app, "9")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, "the app ends")  # kept by the autosave


@pytest.mark.slow  # training in the UI
async def test_while_training_the_quit_question_offers_no_save_it_would_refuse(tmp_path: Path) -> None:
    path = tmp_path / "spiral.json"
    session_file.save(Document.from_preset("spiral"), path, {"epochs": 10_000_000})
    document, training = session_file.load(path)
    app = WorkbenchApp(document=document, path=path, training=training)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "space")
        await wait_for(pilot, lambda: bool(app.training_session.epochs), "training runs")  # type: ignore[union-attr]
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.screen.id == "quit" and "Quit nnwb?" in screen_text(app), "the question")
        shown = screen_text(app)
        assert "Save and quit" not in shown and "pause it (space)" in shown
        await pilot.press("s")  # not an answer now: nothing happens
        await pilot.pause()
        assert app.screen.id == "quit"
        await pilot.press("d")
        await wait_for(pilot, lambda: not app.is_running, "the app ends")
    assert session_file.load(path)[0].inputs.tolist() == document.inputs.tolist()


def large_session(path: Path) -> None:
    """A network of 600,000 weights."""
    text = json.loads(session_file.dumps(Document.from_preset("single-neuron")))
    text["inputs"] = [[1.0] * 1000]
    text["layers"][0].update(weights=[[0.0] * 600] * 1000, biases=[0.0] * 600)
    path.write_text(json.dumps(text))


@pytest.mark.slow  # nnwb in a real pseudo-terminal, on a large network
def test_discard_on_a_large_network_leaves_no_autosave(tmp_path: Path) -> None:
    path = tmp_path / "large.json"
    large_session(path)
    terminal = Terminal(f"from tui.__main__ import main; main([{str(path)!r}])", tmp_path)
    try:
        terminal.wait_for(FIRST_FRAME)
        os.write(terminal.master, b"5\r")  # an edit of X[0, 0]
        terminal.wait_for(b"large.json \xe2\x80\xa2")  # the title's unsaved mark
        os.write(terminal.master, b"\x11")
        terminal.wait_for(b"has unsaved changes")
        os.write(terminal.master, b"d")
        assert terminal.wait(timeout=60) == 0
    finally:
        terminal.close()
    assert list((tmp_path / "state" / "nnwb").glob("autosave-*")) == []
