"""The ``answer`` check in the workbench, driven as a learner does: = asks for the number
of the first open answer task; a wrong one shows "not yet" beside the task, a refused one
stays in the form saying why (the answer before stays), the right one ticks the task; the
saved session holds it and ``nnwb check`` grades it as the panel did."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.tui.bursts import type_fast
from tests.tui.conftest import region_text, wait_for
from tests.tui.test_lessons_ui import started
from tui.app.workbench import WorkbenchApp
from tui.lessons import grader
from tui.screens.dialogs import FormScreen

# The notes' single neuron outputs 2.3: the learner predicts it before looking.
LESSON = '''
title = "Predict"
text = "Work it out by hand first."
preset = "single-neuron"

[[tasks]]
text = "Make the neuron output exactly 0 by changing only its bias."
check = "cell"
matrix = "output"
row = 0
column = 0
equals = 0.0

[[tasks]]
id = "predict"
text = "Before you look: what does the neuron output at the start?"
check = "answer"
label = "[red]output[/red]"
equals = 2.3
tolerance = 0.01
'''


@pytest.fixture
def lesson(tmp_path: Path) -> Path:
    path = tmp_path / "predict.toml"
    path.write_text(LESSON, encoding="utf-8")
    return path


def panel(app: WorkbenchApp) -> str:
    return region_text(app, app.query_one("#lesson"))


def form_message(app: WorkbenchApp) -> str:
    return region_text(app, app.screen.query_one("#form-message"))


async def answer(pilot, app: WorkbenchApp, *keys: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("equals_sign")
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.focused is not None, "the form opens")
    await pilot.press(*keys)
    await pilot.pause()


async def test_a_wrong_a_refused_and_a_right_answer_then_the_grader_agrees(lesson: Path, tmp_path: Path) -> None:
    saved = tmp_path / "work.json"
    app = started(["--lesson", str(lesson), str(saved)])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "= to answer ([red]output[/red])" in panel(app), "the task says = answers it")
        await answer(pilot, app, *"1.5", "enter")
        await wait_for(pilot, lambda: "your answer: 1.5 · not yet" in panel(app), "not yet, beside the task")
        assert "2.3" not in panel(app).split("Before you look")[1]  # the number wanted is not given away
        assert app.lesson is not None and 1 not in app.lesson.done
        assert "Your answer (" not in panel(app)
        # A refused entry: the form stays, says why; Escape keeps the answer given before.
        await answer(pilot, app, *"abc", "enter")
        assert isinstance(app.screen, FormScreen)
        assert '"abc" is not a number' in form_message(app)
        assert "Task 2: your answer ([red]output[/red])" in region_text(app, app.screen.query_one("#form-body"))
        await pilot.press("ctrl+u", "enter")  # empty
        assert "an empty cell is not a number" in form_message(app) or "empty" in form_message(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), "the form closes")
        assert app.document.answers == {"predict": 1.5}
        assert "your answer: 1.5 · not yet" in panel(app)
        # The right one ticks it.
        await answer(pilot, app, *"2.305", "enter")
        await wait_for(pilot, lambda: "✓ 2." in panel(app), "the answer task is ticked")
        assert "your answer: 2.305" in panel(app) and "not yet" not in panel(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: saved.exists(), "saved")
    out, err = io.StringIO(), io.StringIO()
    status = grader.main(str(lesson), str(saved), False, out, err)
    assert "2. passed: Before you look" in out.getvalue(), out.getvalue()
    assert status == grader.SOME_FAIL  # task 1 was never done: the grader and the panel agree on both


async def test_a_burst_equals_seven_enter_keeps_exactly_seven(lesson: Path) -> None:
    app = started(["--lesson", str(lesson)])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "= to answer" in panel(app), "the lesson is shown")
        await type_fast(pilot, "= 7 Enter")
        await wait_for(pilot, lambda: "your answer: 7 · not yet" in panel(app), "the answer shown")
        assert app.document.answers == {"predict": 7.0}
        await type_fast(pilot, "= 2.3 Enter")  # the answer before is selected: typing replaces it
        await wait_for(pilot, lambda: "your answer: 2.3" in panel(app) and "not yet" not in panel(app), "ticked")
        assert app.document.answers == {"predict": 2.3}


async def test_markup_typed_as_an_answer_is_refused_as_written(lesson: Path) -> None:
    app = started(["--lesson", str(lesson)])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "= to answer" in panel(app), "the lesson is shown")
        await answer(pilot, app, "left_square_bracket", *"b", "right_square_bracket", *"x\\n", "enter")
        assert '"[b]x\\n" is not a number' in form_message(app)


async def test_ctrl_r_forgets_the_answers_and_with_none_open_equals_says_why(lesson: Path) -> None:
    app = started(["--lesson", str(lesson)])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "= to answer" in panel(app), "the lesson is shown")
        await answer(pilot, app, *"5", "enter")
        await wait_for(pilot, lambda: "your answer: 5" in panel(app), "answered")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: app.screen.id is not None or len(app.screen_stack) > 1, "asked")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "= to answer" in panel(app), "the answer is forgotten")
        assert app.document.answers == {}


async def test_undo_back_into_the_lesson_brings_its_answers_back(lesson: Path) -> None:
    """An answer is not an undo step, but it belongs to its lesson: ``>`` opens the course's
    first lesson (no answers there), Ctrl+Z comes back to this one with its answer."""
    app = started(["--lesson", str(lesson)])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "= to answer" in panel(app), "the lesson is shown")
        await answer(pilot, app, *"5", "enter")
        await wait_for(pilot, lambda: "your answer: 5 · not yet" in panel(app), "answered")
        await pilot.press("greater_than_sign")
        await wait_for(pilot, lambda: app.lesson is not None and app.lesson.position == 0, "lesson 1 opens")
        assert app.document.answers == {}
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: app.lesson is not None and app.lesson.position is None, "back in the lesson")
        await wait_for(pilot, lambda: "your answer: 5 · not yet" in panel(app), "its answer back")
        assert app.document.answers == {"predict": 5.0}


async def test_restored_work_comes_back_with_its_lessons_answers(lesson: Path, tmp_path: Path) -> None:
    """As the recovery restores an autosave (``Recovery``): the document, then its lesson."""
    from tui.files.autosave_sidecar import read_autosave, write_autosave
    from tui.lessons import load_lesson

    kept = load_lesson(lesson).start_document()
    kept.set_answer("predict", 7.0)
    write_autosave(tmp_path / "autosave-1.json", kept, None)
    app = started([])
    async with app.run_test(size=(120, 40)) as pilot:
        document, _ = read_autosave(tmp_path / "autosave-1.json")
        app.take(document)
        app.lessons.restore(str(lesson.resolve()))
        app.render_document()
        await wait_for(pilot, lambda: "your answer: 7 · not yet" in panel(app), "the lesson opens with its answer")
