"""Shortcuts through lessons 1-7 (#18, section 1): each document reaches the number a task
used to ask for without doing the task's idea, and the task must stay open on it. Each
shortcut is first shown to reach that number, so the test fails if the checks that pin the
idea are ever dropped from the lesson file."""

from __future__ import annotations

import numpy as np
import pytest

from tui.document.state import Document, StepPosition
from tui.lessons import LessonContext, evaluate, load_lesson, stage_event
from tui.lessons.context import Cursor, command_event


def task_result(lesson_name: str, number: int, document: Document, cursor: Cursor | None = None) -> tuple[bool, str]:
    task = load_lesson(lesson_name).tasks[number - 1]
    result = evaluate(task, LessonContext.of(document, frozenset(), cursor))
    return result.passed, result.detail


def layer_output(document: Document, layer: int) -> np.ndarray:
    return document.trace.records[layer - 1].output


# ------------------------------------------------------------------ lesson 2, task 1
def test_lesson_2_the_cursor_on_n2_of_the_z_grid_ticks_as_on_the_output_grid() -> None:
    document = load_lesson("layer").start_document()

    assert task_result("layer", 1, document, Cursor("z", 1, 0, 2))[0]
    assert task_result("layer", 1, document, Cursor("output", 1, 0, 2))[0]
    assert not task_result("layer", 1, document, Cursor("z", 1, 0, 1))[0]


def test_lesson_2_a_z_grid_that_is_not_the_output_does_not_count_for_it() -> None:
    """Under a ReLU, z is the sum before the activation: not the output the task names."""
    document = load_lesson("layer").start_document()
    document.set_activation(0, "relu")

    passed, detail = task_result("layer", 1, document, Cursor("z", 1, 0, 2))

    assert not passed
    assert detail == "the cursor is on z row 0, column 2 of layer 1; wanted output row 0, column 2 of layer 1"


# ------------------------------------------------------------------ lesson 3, task 1
def test_lesson_3_the_old_answer_1_0_0_0_does_not_tick_the_predict() -> None:
    document = load_lesson("batch").start_document()
    document.add_sample()
    document.set_cell("inputs", 3, 0, "1")
    assert layer_output(document, 1)[3].tolist() == [2.2, 3.5, 0.24]  # what the task used to ask for

    passed, detail = task_result("batch", 1, document)

    assert not passed
    assert detail == "the inputs s3 f0 is 1; wanted 0"


def test_lesson_3_moving_the_biases_to_reach_the_outputs_does_not_tick() -> None:
    """[3.0, 2.5, 1.37] made from f0 = 1 by changing the biases rather than finding f3."""
    document = load_lesson("batch").start_document()
    document.add_sample()
    document.set_cell("inputs", 3, 0, "1")
    for column, bias in enumerate(["2.8", "2.0", "1.63"]):  # f0's weights [0.2, 0.5, -0.26] + these
        document.set_cell("biases", 0, column, bias)
    np.testing.assert_allclose(layer_output(document, 1)[3], [3.0, 2.5, 1.37])

    passed, detail = task_result("batch", 1, document)

    assert not passed
    assert detail == "the inputs s3 f0 is 1; wanted 0"


def test_lesson_3_the_right_feature_with_the_biases_moved_does_not_tick() -> None:
    document = load_lesson("batch").start_document()
    document.add_sample()
    document.set_cell("inputs", 3, 3, "2")  # twice f3's weights ...
    for column, bias in enumerate(["1.0", "3.5", "-0.37"]):  # ... brought back by the biases
        document.set_cell("biases", 0, column, bias)
    np.testing.assert_allclose(layer_output(document, 1)[3], [3.0, 2.5, 1.37])

    passed, _detail = task_result("batch", 1, document)

    assert not passed


# ------------------------------------------------------------------ lesson 4, task 4
def test_lesson_4_is_not_finished_while_the_weights_are_transposed() -> None:
    """After task 3 the panel read 3/3 while the saved file failed `nnwb check 4`."""
    lesson = load_lesson("shapes")
    document = lesson.start_document()
    document.add_feature()
    document.resize_layer(0, 5, 3)
    document.transpose_weights(0)

    transposed = LessonContext.of(document, frozenset({command_event("transpose")}))
    assert [evaluate(task, transposed).passed for task in lesson.tasks[2:]] == [True, False]
    assert lesson.tasks[3].id == "transpose-back"
    document.transpose_weights(0)
    assert evaluate(lesson.tasks[3], LessonContext.of(document, transposed.events)).passed


def test_lesson_4_task_4_waits_for_the_transpose_after_the_fix() -> None:
    """Task 2's fix is task 4's state: task 4 ticks only once T has been used."""
    lesson = load_lesson("shapes")
    document = lesson.start_document()
    document.add_feature()
    document.resize_layer(0, 5, 3)

    passed, detail = task_result("shapes", 4, document)

    assert not passed
    assert detail == "transpose was not used"


# ------------------------------------------------------------------ lesson 6, task 3
def test_lesson_6_layer_2_drawn_at_scale_1_does_not_tick() -> None:
    document = load_lesson("layer-dense").start_document()
    document.resize_layer(0, 4, 5)
    document.reinitialise(0, 0.01)
    document.resize_layer(1, 5, 2)  # drawn with layer 2's own init: seed 1, scale 1.0
    assert document.trace.error is None and layer_output(document, 2).shape == (3, 2)

    passed, detail = task_result("layer-dense", 3, document)

    assert not passed
    assert detail.startswith("layer 2's weights ") and "wanted at least -0.1 and at most 0.1" in detail


# ------------------------------------------------------------------ lesson 7, tasks 2 and 3
def zero_weights(document: Document, neuron: int) -> None:
    for row in range(2):
        document.set_cell("weights", row, neuron, "0")


def test_lesson_7_zeroing_n0s_weights_does_not_make_a_dead_neuron() -> None:
    """z = 0 everywhere: the ReLU outputs 0, but it never clips anything."""
    document = load_lesson("relu").start_document()
    zero_weights(document, 0)
    assert not layer_output(document, 1)[:, 0].any()  # every output 0, as the task used to ask

    passed, detail = task_result("relu", 2, document)

    assert not passed
    assert detail.startswith("layer 1's z s0 n0 is 0")


def test_lesson_7_zeroing_n0s_weights_and_a_negative_bias_does_not_tick() -> None:
    document = load_lesson("relu").start_document()
    zero_weights(document, 0)
    document.set_cell("biases", 0, 0, "-1")
    assert (document.trace.records[0].z[:, 0] < 0).all()

    passed, detail = task_result("relu", 2, document)

    assert not passed
    assert detail.startswith("layer 1's weights i0 n0 is 0")


def test_lesson_7_zeroing_n1s_weights_does_not_tick_the_relu_that_changes_nothing() -> None:
    document = load_lesson("relu").start_document()
    zero_weights(document, 1)
    record = document.trace.records[0]
    assert (record.z[:, 1] >= 0).all()  # what the task used to ask

    passed, detail = task_result("relu", 3, document)

    assert not passed
    assert detail.startswith("layer 1's weights i0 n1 is 0")


# ------------------------------------------------------------------ lessons 1, 5, 7: task 1
# A stage reached in step mode teaches nothing alone: each is paired with a question the
# stage answers, and reaching the stage without the answer (or with a wrong one) stays open.
STAGE_QUESTIONS = [
    ("neuron", stage_event(StepPosition(0, 2)), 2.3, 0.3),  # the output, not the sum before the bias
    ("two-layers", stage_event(StepPosition(1, 0)), 4.8, 8.9),  # s0's first input, not s1's
    ("relu", stage_event(StepPosition(0, 3)), 1, 2),  # the positive one counted, not the zeros
]


@pytest.mark.parametrize(("name", "event", "wrong", "right"), STAGE_QUESTIONS)
def test_reaching_the_stage_without_the_right_answer_does_not_tick(name: str, event: str, wrong: float, right: float) -> None:
    document = load_lesson(name).start_document()
    task = load_lesson(name).tasks[0]
    reached = frozenset({event})

    assert not evaluate(task, LessonContext.of(document, reached)).passed
    document.set_answer(task.id, wrong)
    result = evaluate(task, LessonContext.of(document, reached))
    assert not result.passed and result.detail.endswith(": not yet")
    document.set_answer(task.id, right)
    assert not evaluate(task, LessonContext.of(document)).passed  # the answer without the stage
    assert evaluate(task, LessonContext.of(document, reached)).passed
