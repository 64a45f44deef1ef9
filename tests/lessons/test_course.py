"""The built-in course: every lesson loads; every task fails on the lesson's starting state
and passes after the edits that do it, made through the document's own methods (helper
tests in tests/tui drive the same edits with keys). Event tasks pass once their event is
recorded, as the app records it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from engine import Adam, Trainer
from tests.lessons.course_starts import STARTS, text_of
from tui.document.state import Document, StepPosition
from tui.files.session_file import load, save
from tui.lessons import LessonContext, builtin_lessons, evaluate, load_lesson, stage_event, trained_event
from tui.lessons.context import DIVERGED, Cursor
from tui.lessons.grader import grade
from tui.lessons.loader import COURSE

Edit = Callable[[Document], "frozenset[str] | Cursor | None"]


def stage(layer: int, stage: int) -> frozenset[str]:
    return frozenset({stage_event(StepPosition(layer - 1, stage))})


def set_cells(document: Document, matrix: str, layer: int, cells: dict[tuple[int, int], str]) -> None:
    document.select_layer(layer - 1)
    for (row, column), text in cells.items():
        document.set_cell(matrix, row, column, text)  # type: ignore[arg-type]


def divide_weights(document: Document) -> None:
    for index, step in enumerate(document.network.steps):
        weights = step.dense.weights.copy()
        set_cells(document, "weights", index + 1,
                  {(r, c): repr(float(weights[r, c] / np.float32(10))) for r in range(weights.shape[0]) for c in range(weights.shape[1])})


def train_to_90(document: Document) -> frozenset[str]:
    trainer = Trainer(document.network, document.inputs, document.labels, Adam(learning_rate=0.05, decay=5e-7))
    document.begin_training()
    for stats in trainer.train(10001):
        if stats.epoch % 100 == 0 and document.network.forward_trace(document.inputs, document.labels).accuracy >= 0.9:
            break
    document.training_changed()
    return frozenset({trained_event("adam")})


# Per lesson, per task: the edits that do it, applied in order on one document; an edit may
# return the events it recorded (or where it left the cursor).
DOING: dict[str, list[Edit]] = {
    "01-neuron": [
        lambda d: stage(1, 2),
        lambda d: d.set_cell("biases", 0, 0, "-0.3") and None,
        lambda d: (d.add_sample(), d.set_cell("inputs", 1, 0, "6.5")) and None,
    ],
    "02-layer": [
        lambda d: Cursor("output", 1, 0, 2),
        lambda d: d.set_cell("biases", 0, 1, "2.79") and None,
        lambda d: d.set_cell("weights", 3, 2, "0") and None,
    ],
    "03-batch": [
        lambda d: (d.add_sample(), d.set_cell("inputs", 3, 0, "1")) and None,
        lambda d: (d.add_sample(), [d.set_cell("inputs", 4, c, v) for c, v in enumerate(["1", "2", "3", "2.5"])]) and None,
        lambda d: d.set_cell("inputs", 1, 0, "10") and None,
    ],
    "04-shapes": [
        lambda d: d.add_feature() and None,
        lambda d: d.resize_layer(0, 5, 3) and None,
        lambda d: d.transpose_weights(0),
    ],
    "05-two-layers": [
        lambda d: stage(2, 0),
        lambda d: set_cells(d, "weights", 2, {(0, 1): "0.5"}),
        lambda d: set_cells(d, "biases", 2, {(0, 0): "-1.5031"}),
    ],
    "06-layer-dense": [
        lambda d: d.resize_layer(0, 4, 5) and None,
        lambda d: d.reinitialise(0, 0.01),
        lambda d: d.resize_layer(1, 5, 2) and None,
    ],
    "07-relu": [
        lambda d: stage(1, 3),
        lambda d: d.set_cell("biases", 0, 0, "-1") and None,
        lambda d: d.set_cell("biases", 0, 1, "1") and None,
    ],
    "08-softmax": [
        lambda d: stage(1, 3),
        lambda d: d.set_cell("inputs", 0, 0, "6") and None,
        lambda d: [d.set_cell("inputs", 0, c, v) for c, v in enumerate(["106", "102", "103"])] and None,
    ],
    "09-cross-entropy": [
        lambda d: d.set_cell("inputs", 0, 0, "2") and None,
        lambda d: d.set_cell("inputs", 1, 1, "-20") and None,
        lambda d: d.set_cell("labels", 2, 0, "2") and None,
    ],
    "10-accuracy": [
        lambda d: d.set_cell("inputs", 1, 1, "0") and None,
        lambda d: [d.set_cell("inputs", r, c, "3") for r, c in ((0, 0), (1, 1), (2, 1))] and None,
    ],
    "11-spiral": [
        lambda d: stage(2, 3),
        divide_weights,
    ],
    "12-parameters": [
        lambda d: (d.select_layer(2), d.remove_layer()) and None,
        lambda d: d.set_activation(2, "relu"),
    ],
    "13-training": [
        lambda d: (d.resize_layer(0, 2, 64), d.resize_layer(1, 64, 3)) and None,
        train_to_90,
        lambda d: frozenset({DIVERGED}),
    ],
}


def test_the_course_has_thirteen_lessons_in_the_notes_order() -> None:
    lessons = builtin_lessons()

    assert [lesson.id for lesson in lessons] == list(DOING)
    assert [lesson.title.split(".")[0] for lesson in lessons] == [str(n) for n in range(1, 14)]
    assert all(2 <= len(lesson.tasks) <= 3 and lesson.builtin for lesson in lessons)
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
    for number, (task, edit) in enumerate(zip(lesson.tasks, DOING[lesson_id], strict=True), start=1):
        done = edit(document)
        cursor = done if isinstance(done, Cursor) else None
        if isinstance(done, frozenset):
            events |= done
        result = evaluate(task, LessonContext.of(document, events, cursor))
        assert result.passed, f"task {number}: {result.detail}"


# What a learner does after the last task, as its text says: lesson 4's "T again puts them back".
AFTERWARDS = {"04-shapes": lambda d: d.transpose_weights(0)}


@pytest.mark.parametrize("lesson_id", list(DOING))
def test_a_finished_lessons_saved_session_passes_the_grader(lesson_id: str, tmp_path: Path) -> None:
    """Tasks build on each other, but none undoes another: the state a learner ends a lesson
    with passes every task a file can grade (a task with a workbench check on the checks a
    file keeps), so a teacher can grade hand-ins."""
    lesson = load_lesson(lesson_id)
    document = lesson.start_document()
    for edit in DOING[lesson_id]:
        edit(document)
    AFTERWARDS.get(lesson_id, lambda d: None)(document)
    save(document, tmp_path / "hand-in.json")
    rows = grade(lesson, LessonContext.of(load(tmp_path / "hand-in.json")[0]))

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

