"""Answers that must not be lost, and answer tasks that can always be answered again: the
autosave keeps them; a task ticked in an earlier run (or before Ctrl+R) has no answer in this
session, so = offers it again and a saved session then passes ``nnwb check``; a right answer
to a task with more to do is said right and = goes on to the next; a lesson's start carries
no answers; going back into a lesson brings its answers back, and so does undo."""

from __future__ import annotations

import io
from pathlib import Path

from tests.tui.conftest import region_text, wait_for
from tests.tui.test_answers import LESSON, answer, panel
from tests.tui.test_lessons_ui import started
from tui.app.workbench import WorkbenchApp
from tui.files.autosave import autosave_path
from tui.files.autosave_sidecar import read_autosave
from tui.files.paths import state_folder
from tui.files.session_file import save
from tui.lessons import grader, load_lesson
from tui.lessons.lint import lint_file
from tui.screens.dialogs import FormScreen


def told(app: WorkbenchApp) -> list[str]:
    """The notes the app shows, as the learner reads them."""
    said: list[str] = []
    app.notify = lambda message, **_: said.append(message)  # type: ignore[method-assign,assignment]
    return said


async def test_an_answer_is_in_the_autosave(tmp_path: Path) -> None:
    path = tmp_path / "predict.toml"
    path.write_text(LESSON, encoding="utf-8")
    app = started(["--lesson", str(path)])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "= to answer" in panel(app), "the lesson is shown")
        await answer(pilot, app, *"5", "enter")
        await wait_for(pilot, lambda: "your answer: 5 · not yet" in panel(app), "answered")
        saved = autosave_path(state_folder(), app.autosaver.pid)
        await wait_for(pilot, lambda: saved.exists() and app.autosaver.written == app.recovery.autosave_key(), "the autosave")
    document, _ = read_autosave(saved)
    assert document.answers == {"predict": 5.0}


async def test_a_task_ticked_in_an_earlier_run_is_answered_again_for_the_saved_session(tmp_path: Path) -> None:
    path = tmp_path / "predict.toml"
    path.write_text(LESSON, encoding="utf-8")
    app = started(["--lesson", str(path)])
    async with app.run_test(size=(120, 40)) as pilot:
        await answer(pilot, app, *"2.3", "enter")
        await wait_for(pilot, lambda: "✓ 2." in panel(app), "ticked in the first run")
    hand_in = tmp_path / "hand-in.json"
    again = started(["--lesson", str(path), str(hand_in)])
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "✓ 2." in panel(again), "still ticked: the progress file")
        assert "= to answer again ([red]output[/red])" in panel(again)  # no answer in this session: one is needed
        assert "= answer" in panel(again)  # the subtitle (and the footer) offer =
        await answer(pilot, again, *"2.3", "enter")
        await wait_for(pilot, lambda: "your answer: 2.3" in panel(again), "answered again")
        assert "to answer" not in panel(again) and "= answer ·" not in panel(again)  # nothing left to answer
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: hand_in.exists(), "saved")
    out = io.StringIO()
    grader.main(str(path), str(hand_in), False, out, io.StringIO())
    assert "2. passed: Before you look" in out.getvalue(), out.getvalue()


BOTH = '''
title = "Both"
preset = "single-neuron"
text = "Predict, then make it so."

[[tasks]]
id = "predict-and-zero"
text = "Predict the output, then make it exactly 0."
[[tasks.checks]]
check = "answer"
equals = 2.3
tolerance = 0.01
[[tasks.checks]]
check = "cell"
matrix = "output"
row = 0
column = 0
equals = 0.0

[[tasks]]
id = "guess"
text = "Type 7."
check = "answer"
equals = 7
'''


async def test_a_right_answer_to_a_task_with_more_to_do_is_said_right_and_equals_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "both.toml"
    path.write_text(BOTH, encoding="utf-8")
    app = started(["--lesson", str(path)])
    said = told(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "= to answer" in panel(app), "the lesson is shown")
        await answer(pilot, app, *"2.3", "enter")
        await wait_for(pilot, lambda: "your answer: 2.3" in panel(app), "answered")
        assert not any("not right" in note for note in said), said
        assert any("Task 1: your answer 2.3 is right" in note for note in said), said
        await pilot.press("equals_sign")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form opens")
        assert "Task 2: your answer" in region_text(app, app.screen.query_one("#form-body"))


async def test_a_lessons_start_carries_no_answers(tmp_path: Path) -> None:
    start = tmp_path / "start.json"
    document = load_lesson_text(tmp_path, LESSON).start_document()
    document.set_answer("predict", 2.3)
    save(document, start)
    path = tmp_path / "started.toml"
    path.write_text(LESSON.replace('preset = "single-neuron"', 'session = "start.json"'), encoding="utf-8")
    assert load_lesson(path).start_document().answers == {}
    assert not [found for found in lint_file(path) if "holds at the lesson's start" in found.message]
    app = started(["--lesson", str(path)])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "= to answer" in panel(app), "the answer task is open, not ticked")
        assert "✓ 2." not in panel(app)


def load_lesson_text(folder: Path, text: str):  # type: ignore[no-untyped-def]
    path = folder / "plain.toml"
    path.write_text(text, encoding="utf-8")
    return load_lesson(path)


A = '''title = "A. predict"
preset = "single-neuron"
text = "Predict."

[[tasks]]
id = "predict"
text = "What does the neuron output?"
check = "answer"
equals = 2.3
tolerance = 0.01

[[tasks]]
id = "zero"
text = "Make it output 0."
check = "cell"
matrix = "output"
row = 0
column = 0
equals = 0.0
'''
B = '''title = "B. second"
preset = "single-neuron"
text = "Second."

[[tasks]]
id = "predict"
text = "Type 4.8."
check = "answer"
equals = 4.8
tolerance = 0.01
'''


async def test_back_into_a_lesson_and_undo_bring_its_answers_back(tmp_path: Path) -> None:
    course = tmp_path / "wk1"
    course.mkdir()
    (course / "a.toml").write_text(A, encoding="utf-8")
    (course / "b.toml").write_text(B, encoding="utf-8")
    (course / "course.toml").write_text('id = "wk1"\ntitle = "Week 1"\nlessons = ["a.toml", "b.toml"]\n', encoding="utf-8")
    app = started(["--course", str(course)])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "= to answer" in panel(app), "lesson A")
        await answer(pilot, app, *"2.3", "enter")
        await wait_for(pilot, lambda: "your answer: 2.3" in panel(app), "A answered")
        await pilot.press("greater_than_sign")
        await wait_for(pilot, lambda: "Type 4.8" in panel(app), "lesson B")
        await answer(pilot, app, *"4.8", "enter")
        await wait_for(pilot, lambda: "your answer: 4.8" in panel(app), "B answered")
        await pilot.press("less_than_sign")
        await wait_for(pilot, lambda: "What does the neuron" in panel(app), "back in A")
        assert "your answer: 2.3" in panel(app)  # its answer came back with it
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: "your answer: 4.8" in panel(app), "undo: B, with its answer")
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: "What does the neuron" in panel(app), "undo: A as first opened")
        assert "your answer: 2.3" in panel(app)
        assert app.document.answers == {"predict": 2.3}


async def test_after_ctrl_r_a_ticked_answer_task_is_offered_again(tmp_path: Path) -> None:
    path = tmp_path / "predict.toml"
    path.write_text(LESSON, encoding="utf-8")
    app = started(["--lesson", str(path)])
    async with app.run_test(size=(120, 40)) as pilot:
        await answer(pilot, app, *"2.3", "enter")
        await wait_for(pilot, lambda: "✓ 2." in panel(app) and "= answer ·" not in panel(app), "ticked, nothing to answer")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: len(app.screen_stack) > 1, "asked")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "= to answer again" in panel(app), "the answer forgotten, the tick kept")
        await answer(pilot, app, *"2.3", "enter")
        await wait_for(pilot, lambda: "your answer: 2.3" in panel(app), "answered again")
        assert app.document.answers == {"predict": 2.3}
