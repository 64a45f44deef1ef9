"""A teacher's course in a folder, in the workbench, driven with keys: ``nnwb --course DIR`` opens
its first lesson (or ``--lesson NAME`` of it), ``>`` and ``<`` stay inside it, ``L`` lists its
lessons with their progress, and a tick made in it comes back after the folder has moved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.lessons.teacher_course import make_course
from tests.tui.conftest import screen_text, wait_for
from tests.tui.test_lessons_ui import panel, started, type_cell
from tui.lessons import builtin_lessons
from tui.lessons.titles import plain_title
from tui.screens.lessons import LessonsScreen


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return make_course(tmp_path / "my course")


async def test_a_course_opens_on_its_first_lesson_and_next_and_previous_stay_inside_it(course: Path) -> None:
    app = started(["--course", str(course)])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert "Lesson 1/2: Teacher's neuron" in panel(app)
        await pilot.press("greater_than_sign")
        await pilot.pause()
        shown = panel(app)
        assert "Lesson 2/2: Teacher's layer" in shown  # the course's lesson 2 ...
        assert plain_title(builtin_lessons()[1].title) not in shown  # ... not the built-in lesson 2
        assert app.document.preset == "layer"
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert "This is the last lesson of the course" in screen_text(app)
        assert "Lesson 2/2: Teacher's layer" in panel(app)
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert "Lesson 1/2: Teacher's neuron" in panel(app) and app.document.preset == "single-neuron"


async def test_l_lists_the_course_s_two_lessons_and_opens_the_chosen_one(course: Path) -> None:
    app = started(["--course", str(course)])
    async with app.run_test(size=(120, 40)) as pilot:
        await type_cell(pilot, app, "#biases", "-0.3")  # lesson 1's first task
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonsScreen), "the lesson list opens")
        listed = screen_text(app)
        assert "My course: 0 of 2 finished" in listed
        assert " 1. Teacher's neuron · 1/2 done" in listed and " 2. Teacher's layer · 0/1 done" in listed
        assert f"{plain_title(builtin_lessons()[1].title)} ·" not in listed  # none of the built-in course
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonsScreen), "the list closes")
        await pilot.pause()
        assert "Lesson 2/2: Teacher's layer" in panel(app)


async def test_lesson_names_a_lesson_of_the_course(course: Path) -> None:
    app = started(["--course", str(course), "--lesson", "second"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Lesson 2/2: Teacher's layer" in panel(app)


async def test_a_tick_comes_back_after_the_course_folder_has_moved(course: Path, tmp_path: Path) -> None:
    app = started(["--course", str(course)])
    async with app.run_test(size=(120, 40)) as pilot:
        await type_cell(pilot, app, "#biases", "-0.3")
        assert "✓ 1." in panel(app)
    moved = tmp_path / "moved" / "course"
    moved.parent.mkdir()
    shutil.move(course, moved)
    again = started(["--course", str(moved)])  # the same state folder (XDG_STATE_HOME)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = panel(again)
        assert "✓ 1. Make the neuron output exactly 0" in shown and "○ 2." in shown and "1/2 done" in shown
