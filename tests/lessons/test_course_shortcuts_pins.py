"""The tasks that say "with the data as given" or "changing only ...": the shortcuts that
change the data instead (the cheat report's items 1-4 and 8), each first shown to reach the
number the task asks for, then to leave the task open on its ``unchanged`` (or
``settings``) check, so dropping the pin from the lesson file fails here."""

from __future__ import annotations

import numpy as np

from engine.datasets import vertical_data
from tests.lessons.doing.part_01_13 import train_to_90
from tests.lessons.doing.part_21_24 import train_mae
from tui.document.state import Document
from tui.lessons import LessonContext, evaluate, load_lesson
from tui.lessons.model import Task
from tui.lessons.unchanged_check import UnchangedCheck
from tui.training.last_run import LAST_RUN


def task_of(lesson: str, task_id: str) -> Task:
    return next(task for task in load_lesson(lesson).tasks if task.id == task_id)


def without_pins(task: Task, context: LessonContext) -> bool:
    """Whether the task's other checks hold: the shortcut reached what the task asks for."""
    return all(check.evaluate(context).passed for check in task.checks if not isinstance(check, UnchangedCheck))


def refused(lesson: str, task_id: str, document: Document, events: frozenset[str] = frozenset(),
            training: dict[str, object] | None = None) -> str:
    """The detail of the task's failing check, once its other checks are shown to hold."""
    task = task_of(lesson, task_id)
    context = LessonContext.of(document, events, training=training).for_task(task_id)
    assert without_pins(task, context)
    result = evaluate(task, context)
    assert not result.passed
    return result.detail


# ------------------------------------------------------------------ 14: the targets
def test_lesson_14_targets_typed_to_the_untrained_output_do_not_tick() -> None:
    document = load_lesson("sine-by-hand").start_document()
    for row in range(5):
        document.set_cell("labels", row, 0, "0")  # the untouched network outputs 0 everywhere
    assert refused("sine-by-hand", "rise", document).startswith("the labels s1 is 0; the lesson gave 0.70710678")
    assert refused("sine-by-hand", "fall", document).startswith("the labels s1 is 0")


# ------------------------------------------------------------------ 7: the 300 samples
def z_n0(document: Document) -> np.ndarray:
    return document.trace.records[0].z[:, 0]


def test_lesson_7_deleting_the_samples_where_n0_is_alive_does_not_tick() -> None:
    document = load_lesson("relu").start_document()
    alive = [int(row) for row in np.flatnonzero(z_n0(document) >= 0)]
    for row in reversed(alive):
        document.remove_sample(row)
    assert len(document.inputs) == 300 - len(alive) and (z_n0(document) < 0).all()
    task = load_lesson("relu").tasks[1]
    context = LessonContext.of(document)
    assert without_pins(task, context)
    detail = evaluate(task, context).detail
    assert detail == f"the inputs have shape ({300 - len(alive)}, 2); the lesson gave (300, 2): wanted them as given"


def test_lesson_7_six_samples_of_vertical_data_do_not_tick() -> None:
    """The training view's data swapped in (vertical, 2 samples a class): the biases untouched."""
    document = load_lesson("relu").start_document()
    document.use_data(*vertical_data(2, 3))
    for row in range(6):  # a draw on which n0 is dead and n1 alive: the task's numbers, reached
        document.set_cell("inputs", row, 0, "0.5")
        document.set_cell("inputs", row, 1, "0.5")
    task_2, task_3 = load_lesson("relu").tasks[1:3]
    context = LessonContext.of(document)
    assert (z_n0(document) < 0).all() and (document.trace.records[0].z[:, 1] >= 0).all()
    assert without_pins(task_2, context) and without_pins(task_3, context)
    assert not evaluate(task_2, context).passed
    assert evaluate(task_3, context).detail.startswith("the inputs have shape (6, 2)")


def test_lesson_7_a_weight_changed_with_the_bias_does_not_tick() -> None:
    document = load_lesson("relu").start_document()
    document.set_cell("biases", 0, 0, "-1")
    document.set_cell("weights", 0, 0, "-0.13")
    detail = evaluate(load_lesson("relu").tasks[1], LessonContext.of(document)).detail
    assert detail == "layer 1's weights i0 n0 is -0.13; the lesson gave -0.1306527: wanted them as given"


# ------------------------------------------------------------------ 13: the spiral's labels
def test_lesson_13_labels_set_to_the_untrained_predictions_do_not_tick() -> None:
    document = load_lesson("training").start_document()
    document.resize_layer(0, 2, 64)
    document.resize_layer(1, 64, 3)
    predictions = np.argmax(document.trace.output, axis=1)
    document.use_data(document.inputs.copy(), predictions)
    assert document.trace.accuracy == 1.0
    detail = refused("training", "2", document, frozenset({"trained:adam"}))
    assert detail.startswith("the labels s") and "the lesson gave" in detail


def test_lesson_13_training_on_the_first_100_samples_does_not_tick() -> None:
    document = load_lesson("training").start_document()
    document.resize_layer(0, 2, 64)
    document.resize_layer(1, 64, 3)
    for _ in range(200):
        document.remove_sample()
    events = train_to_90(document)
    assert refused("training", "2", document, events).startswith("the inputs have shape (100, 2)")


# ------------------------------------------------------------------ 16: only s2's target
def test_lesson_16_an_input_changed_instead_of_the_target_does_not_tick() -> None:
    document = load_lesson("layer-backward").start_document()
    document.set_cell("inputs", 2, 3, "-9.8")  # s2's output 1.41 - 9: its dvalue -3, with y left at 4.5
    task = task_of("layer-backward", "sum")
    context = LessonContext.of(document)
    assert without_pins(task, context)
    assert evaluate(task, context).detail == "the inputs s2 f3 is -9.8; the lesson gave -0.8: wanted them as given"


# ------------------------------------------------------------------ 24: the sine and the book's Adam
def test_lesson_24_fitting_two_samples_does_not_tick() -> None:
    document = load_lesson("regression").start_document()
    document.set_loss("mae")
    document.use_data(np.array([[0.25], [0.75]]), np.array([1.0, -1.0]))  # the sine's top and bottom alone
    events, training = train_mae(document)
    assert document.trace.loss < 0.1 and training[LAST_RUN]["learning_rate"] == 0.005
    assert refused("regression", "train", document, events, training).startswith("the inputs have shape (2, 1)")


def test_lesson_24_another_learning_rate_does_not_tick() -> None:
    document = load_lesson("regression").start_document()
    document.set_loss("mae")
    events, training = train_mae(document)
    task = task_of("regression", "train")
    assert evaluate(task, LessonContext.of(document, events, training=training)).passed  # the book's settings
    forged = {**training, LAST_RUN: {**training[LAST_RUN], "learning_rate": 0.05}}
    detail = evaluate(task, LessonContext.of(document, events, training=forged)).detail
    assert "learning_rate" in detail or "learning rate" in detail


# ------------------------------------------------------------------ 6: a draw, not typed numbers
def lesson_6_layer_2_sized() -> Document:
    """Tasks 1 and 2 done (layer 1 a Dense(4, 5) drawn at seed 0, 0.01), layer 2 made (5, 2)."""
    document = load_lesson("layer-dense").start_document()
    document.resize_layer(0, 4, 5)
    document.reinitialise(0, 0.01)
    document.resize_layer(1, 5, 2)
    document.select_layer(1)
    return document


def test_lesson_6_zeros_typed_into_layer_2_do_not_tick() -> None:
    document = lesson_6_layer_2_sized()
    for row in range(5):
        for column in range(2):
            document.set_cell("weights", row, column, "0")
    task = load_lesson("layer-dense").tasks[2]
    context = LessonContext.of(document)
    assert all(check.evaluate(context).passed for check in task.checks if check.kind != "drawn")
    assert evaluate(task, context).detail == ("layer 2's weights were last drawn at scale 1; wanted 0.01 (i)")


def test_lesson_6_a_draw_at_0_01_then_one_number_typed_does_not_tick() -> None:
    document = lesson_6_layer_2_sized()
    document.reinitialise(7, 0.01)
    task = load_lesson("layer-dense").tasks[2]
    assert evaluate(task, LessonContext.of(document)).passed  # any seed: drawn as the class draws it
    document.set_cell("weights", 0, 0, "0")

    assert evaluate(task, LessonContext.of(document)).detail == (
        "layer 2's weights are not the draw of seed 7, scale 0.01: numbers typed or changed since; i draws them")
