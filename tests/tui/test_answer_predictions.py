"""``predict = true`` in the workbench (lesson 17, task 2): the dvalue typed before the label
changes counts; typed after, reading it off the screen, it does not, and = says so."""

from __future__ import annotations

import gc
import re

from tests.tui.conftest import region_text
from tests.tui.lesson_keys.part_14_17 import RELABEL, answer, typing
from tui.__main__ import make_app
from tui.app.workbench import WorkbenchApp


def lesson_17(tmp_path, monkeypatch) -> WorkbenchApp:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    try:
        return make_app(["--lesson", "17"])
    finally:
        gc.enable()


def task_two_ticked(app: WorkbenchApp) -> bool:
    panel = region_text(app, app.query_one("#lesson"))
    return re.search(r"✓ 2\.", panel) is not None


def notes(app: WorkbenchApp) -> str:
    return " ".join(str(note.message) for note in app._notifications)


async def test_an_answer_typed_after_the_label_changed_is_no_prediction(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = lesson_17(tmp_path, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await typing(RELABEL)(pilot, app)  # the dvalue is now on screen
        await answer(pilot, app, "-0.3067")
        assert not task_two_ticked(app)
        assert "it asks for a prediction" in notes(app)
        assert "your answer: -0.3067 · not a prediction" in region_text(app, app.query_one("#lesson"))
        assert app.document.answer_marks["relabel"] == (False, 1)


async def test_an_answer_typed_before_the_label_changed_ticks_once_it_changes(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = lesson_17(tmp_path, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer(pilot, app, "-0.5")  # a first try, wrong
        await answer(pilot, app, "-0.3067")
        assert not task_two_ticked(app)  # right, the label still to change
        await typing(RELABEL)(pilot, app)
        assert task_two_ticked(app)
        assert app.document.answer_marks["relabel"] == (True, 2)


async def test_an_answer_typed_after_reading_it_and_undoing_is_no_prediction(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The attacker's trick: relabel, read the dvalue, Ctrl+Z, answer, Ctrl+Y."""
    app = lesson_17(tmp_path, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await typing(RELABEL)(pilot, app)  # the dvalue is now on screen
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.document.labels is not None and int(app.document.labels[2]) == 1
        await answer(pilot, app, "-0.3067")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert not task_two_ticked(app)
        assert app.document.answer_marks["relabel"] == (False, 1)
