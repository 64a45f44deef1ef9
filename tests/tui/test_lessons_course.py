"""Every lesson of the built-in course, done in the workbench with keys as a learner does it:
each task is open at the lesson's start and is ticked in the lesson panel once the keys
that do it are pressed (values typed into cells, step mode, the layer keys and dialogs,
the training view). tests/lessons/test_course.py makes the same edits through the document."""

from __future__ import annotations

import gc

import pytest

from tests.tui.conftest import region_text, wait_for
from tests.tui.lesson_keys import DOING
from tests.tui.lesson_keys.actions import form, keys, ticked, type_cell
from tests.tui.test_training import choose_optimizer, set_field, status, wait_until
from tui.__main__ import make_app
from tui.app.workbench import WorkbenchApp
from tui.lessons import builtin_lessons


def test_every_lesson_of_the_course_is_done_here() -> None:
    assert [lesson.id for lesson in builtin_lessons()] == list(DOING)


# Lessons that train in the training view for seconds (18-20: thousands of epochs, about 30 s each here).
TRAINS = {"11-spiral", "18-sgd", "19-adaptive", "20-overfitting"}


@pytest.mark.parametrize("lesson_id", [pytest.param(lesson_id, marks=pytest.mark.slow) if lesson_id in TRAINS else lesson_id
                                       for lesson_id in DOING if lesson_id != "13-training"])
async def test_each_task_of_the_lesson_ticks_once_its_keys_are_pressed(lesson_id: str) -> None:
    await do_lesson(lesson_id)


@pytest.mark.slow  # thousands of epochs of training
async def test_lesson_13_trains_to_90_percent_with_adam_then_diverges() -> None:
    """Thousands of epochs in the training view: the slowest lesson, apart."""
    await do_lesson("13-training")


async def do_lesson(lesson_id: str) -> None:
    name = lesson_id.partition("-")[2]
    try:
        app = make_app(["--lesson", name])  # as ``nnwb --lesson relu`` starts it
    finally:
        gc.enable()
    lesson = app.lesson
    assert lesson is not None and lesson.lesson.id == lesson_id
    count = len(lesson.lesson.tasks)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert ticked(app) == [False] * count, "every task is open at the lesson's start"
        for number, doing in enumerate(DOING[lesson_id], start=1):
            await doing(pilot, app)
            assert ticked(app) == [True] * number + [False] * (count - number), f"task {number}: {lesson.details}"
        assert f"{count}/{count} done" in region_text(app, app.query_one("#lesson"))


async def open_at_120(name: str) -> WorkbenchApp:
    try:
        return make_app(["--lesson", name])
    finally:
        gc.enable()


async def test_lesson_8_task_3_ticks_from_the_lessons_start_again_after_ctrl_r() -> None:
    """The tester's finding 5: the shifted scores tick task 3 on the lesson's own start, not
    only after task 2 (and, dog's confidence being 0.936, task 2 with it)."""
    app = await open_at_120("softmax")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_cell(pilot, app, "#inputs", 0, 0, "6")
        assert ticked(app) == [False, True, False]
        await keys(pilot, "ctrl+r")
        await wait_for(pilot, lambda: len(app.screen_stack) > 1, "Ctrl+R asks first")
        await keys(pilot, "enter")
        assert app.document.inputs.tolist() == [[1.0, 2.0, 3.0]]
        for column, value in enumerate(["103", "99", "100"]):
            await type_cell(pilot, app, "#inputs", 0, column, value)
        assert ticked(app) == [False, True, True]
        assert app.document.trace.output.round(3).tolist() == [[0.936, 0.017, 0.047]]  # those of 6, 2, 3


@pytest.mark.slow  # training in the UI for seconds
async def test_lesson_13_training_on_vertical_data_leaves_the_spiral_task_open() -> None:
    """The tester's finding 1c: the training view's data switched to vertical, Adam to an
    accuracy above 0.9: task 3 (the spiral; id 2) stays open, and says why."""
    app = await open_at_120("training")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await form(pilot, app, "e", "2", "64")
        await keys(pilot, "x")
        assert ticked(app) == [True, False, False]
        await keys(pilot, "g", "tab", "enter", "down", "down", "enter")  # Data: current, ↓ spiral, ↓ vertical
        assert str(app.screen.query_one("#train-data").value) == "vertical"  # type: ignore[attr-defined]
        await keys(pilot, "escape")
        await choose_optimizer(pilot, app, "adam")
        await set_field(pilot, "epochs", "300")
        await pilot.press("space")
        await wait_for(pilot, lambda: len(app.screen_stack) > 2, "Space asks before vertical data replaces the spiral")
        await pilot.press("enter")  # use the vertical data
        await wait_until(pilot, lambda: "DONE" in status(app))
        await keys(pilot, "g")
        await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")
        assert app.document.trace.accuracy >= 0.9
        assert ticked(app) == [True, False, False]
        assert app.lesson.details[2].startswith("the inputs s1 f0 is ")  # type: ignore[union-attr]


async def test_every_lessons_code_fits_its_panel_at_120_columns() -> None:
    """No code line is cut off (lesson 5 showed "np.array(weigh"): each code block's text is
    no wider than the block, in every lesson, at 120 columns."""
    from textual.widgets._markdown import MarkdownFence

    app = await open_at_120("1")
    seen: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        for lesson in builtin_lessons():
            await wait_for(pilot, lambda lesson=lesson: app.lesson.lesson.id == lesson.id,  # type: ignore[union-attr]
                           f"> reaches {lesson.id}")
            await pilot.pause()
            for fence in app.query(MarkdownFence):
                assert fence.virtual_size.width <= fence.size.width, (lesson.id, fence.code)
                seen.append(lesson.id)
            await keys(pilot, "greater_than_sign")
    assert len(set(seen)) == len(builtin_lessons())  # every lesson has a code block, and each was measured
