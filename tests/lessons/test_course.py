"""The built-in course: every lesson loads; every task fails on the lesson's starting state
and passes after the edits that do it, made through the document's own methods (helper
tests in tests/tui drive the same edits with keys). Event tasks pass once their event is
recorded, as the app records it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lessons.course_starts import STARTS, text_of
from tests.lessons.doing import DOING
from tui.files.session_file import load, save
from tui.lessons import LessonContext, builtin_lessons, evaluate, load_lesson
from tui.lessons.context import Cursor
from tui.lessons.grader import grade
from tui.lessons.loader import COURSE


def test_the_course_lessons_are_numbered_in_order_and_each_is_done_here() -> None:
    lessons = builtin_lessons()

    assert [lesson.id for lesson in lessons] == list(DOING)
    assert [lesson.title.split(".")[0] for lesson in lessons] == [str(n) for n in range(1, len(lessons) + 1)]
    assert all(2 <= len(lesson.tasks) <= 4 and lesson.builtin for lesson in lessons)
    # "A short text, a few paragraphs at most": a side panel's worth.
    assert all(len(lesson.text) < 1200 and lesson.text.count("\n\n") <= 5 for lesson in lessons), [
        (lesson.id, len(lesson.text), lesson.text.count("\n\n")) for lesson in lessons]


@pytest.mark.parametrize("lesson_id", list(DOING))
def test_each_task_fails_at_the_start_and_passes_once_done(lesson_id: str) -> None:
    lesson = load_lesson(lesson_id)
    document = lesson.start_document()
    events: frozenset[str] = frozenset()
    start = LessonContext.of(document)
    for task in lesson.tasks:
        assert not evaluate(task, start).passed, task.text
    training = None
    for number, (task, edit) in enumerate(zip(lesson.tasks, DOING[lesson_id], strict=True), start=1):
        done = edit(document)
        if isinstance(done, tuple) and not isinstance(done, Cursor):  # a training run: its events, and the settings and run Save writes
            done, training = done
        cursor = done if isinstance(done, Cursor) else None
        if isinstance(done, frozenset):
            events |= done
        result = evaluate(task, LessonContext.of(document, events, cursor, training))
        assert result.passed, f"task {number}: {result.detail}"


@pytest.mark.parametrize("lesson_id", list(DOING))
def test_a_finished_lessons_saved_session_passes_the_grader(lesson_id: str, tmp_path: Path) -> None:
    """Tasks build on each other, but none undoes another: the state a learner ends a lesson
    with passes every task a file can grade (a task with a workbench check on the checks a
    file keeps), so a teacher can grade hand-ins."""
    lesson = load_lesson(lesson_id)
    document = lesson.start_document()
    training = None
    for edit in DOING[lesson_id]:
        done = edit(document)
        training = done[1] if isinstance(done, tuple) and not isinstance(done, Cursor) else training
    save(document, tmp_path / "hand-in.json", training)
    saved, saved_training = load(tmp_path / "hand-in.json")
    rows = grade(lesson, LessonContext.of(saved, training=saved_training))

    expected = ["not graded" if task.on_the_way or all(check.event for check in task.checks) else "passed"
                for task in lesson.tasks]
    assert [row["status"] for row in rows] == expected, rows


def test_a_lesson_is_found_by_its_name_its_number_or_its_file() -> None:
    assert load_lesson("softmax").id == load_lesson("8").id == load_lesson(str(COURSE / "08-softmax.toml")).id == "08-softmax"


@pytest.mark.parametrize("name", list(STARTS))
def test_the_shipped_start_files_are_what_the_notes_numbers_make(name: str) -> None:
    assert (COURSE / name).read_text(encoding="utf-8") == text_of(name)


def test_the_starting_states_hold_the_notes_numbers() -> None:
    assert load_lesson("softmax").start_document().trace.output.round(2).tolist() == [[0.09, 0.24, 0.67]]
    cross = load_lesson("cross-entropy").start_document().trace
    assert cross.sample_losses[0] == pytest.approx(0.35667494393873245)
    assert cross.confidences.tolist() == pytest.approx([0.7, 0.5, 0.9])
    assert load_lesson("accuracy").start_document().trace.predictions.tolist() == [0, 0, 1]

