"""The tester's shortcuts (#10, findings 1a-1d and 5): each is a document that reaches a
task's number without doing the task's idea, and the task must stay open on it. Each
shortcut is first shown to reach the number the task asks for, so the test fails if the
pinning checks are ever dropped from the lesson file."""

from __future__ import annotations

import numpy as np

from engine import Adam, Trainer
from engine.datasets import vertical_data
from tui.document.state import Document
from tui.lessons import LessonContext, evaluate, load_lesson, trained_event


def task_result(lesson_name: str, number: int, document: Document, events: frozenset[str] = frozenset()) -> tuple[bool, str]:
    task = load_lesson(lesson_name).tasks[number - 1]
    result = evaluate(task, LessonContext.of(document, events))
    return result.passed, result.detail


def output_cell(document: Document, row: int, column: int, layer: int | None = None) -> float:
    trace = document.trace
    values = trace.output if layer is None else trace.records[layer - 1].output
    return float(values[row, column])


# ------------------------------------------------------------------ 1a: lesson 1, task 2
def test_lesson_1_output_0_by_relu_and_a_large_negative_bias_does_not_tick() -> None:
    document = load_lesson("neuron").start_document()
    document.set_activation(0, "relu")
    document.set_cell("biases", 0, 0, "-5")
    assert output_cell(document, 0, 0) == 0.0  # the number the task asks for

    passed, detail = task_result("neuron", 2, document)

    assert not passed
    assert detail == "layer 1's activation is relu; wanted linear"


def test_lesson_1_output_0_by_the_bias_alone_ticks() -> None:
    document = load_lesson("neuron").start_document()
    document.set_cell("biases", 0, 0, "-0.3")

    assert task_result("neuron", 2, document)[0]


# ------------------------------------------------------------------ 1b: lesson 5, task 3
def test_lesson_5_layer_2_on_relu_with_bias_minus_50_does_not_tick() -> None:
    document = load_lesson("two-layers").start_document()
    document.set_activation(1, "relu")
    document.select_layer(1)
    document.set_cell("biases", 0, 0, "-50")
    assert output_cell(document, 0, 0, layer=2) == 0.0

    passed, detail = task_result("two-layers", 3, document)

    assert not passed
    assert detail == "layer 2's activation is relu; wanted linear"


def test_lesson_5_layer_2s_weight_i0_n0_changed_instead_of_the_bias_does_not_tick() -> None:
    document = load_lesson("two-layers").start_document()
    document.select_layer(1)
    document.set_cell("weights", 0, 0, repr(0.1 - 0.5031 / 4.8))
    assert abs(output_cell(document, 0, 0, layer=2)) < 1e-9

    passed, detail = task_result("two-layers", 3, document)

    assert not passed
    assert detail.startswith("layer 2's weights i0 n0 is ")


def test_lesson_5_layer_1s_weights_changed_instead_of_layer_2s_bias_does_not_tick() -> None:
    document = load_lesson("two-layers").start_document()
    document.set_cell("weights", 0, 0, repr(0.2 - (0.5031 / 0.1) / 1.0))  # layer 1's output n0 falls by 5.031
    assert abs(output_cell(document, 0, 0, layer=2)) < 1e-9

    passed, detail = task_result("two-layers", 3, document)

    assert not passed
    assert detail == "layer 1's output s0 n0 is -0.231; wanted 4.8"


# ------------------------------------------------------------------ 1c: lesson 13, task 3 (id 2)
def test_lesson_13_trained_with_adam_on_vertical_data_does_not_tick() -> None:
    document = load_lesson("training").start_document()
    document.resize_layer(0, 2, 64)
    document.resize_layer(1, 64, 3)
    np.random.seed(0)
    document.use_data(*vertical_data(100, 3, document.dtype))  # the training view's "vertical (nnfs)"
    trainer = Trainer(document.network, document.inputs, document.labels, Adam(learning_rate=0.05, decay=5e-7))
    document.begin_training()
    for _ in trainer.train(300):
        pass
    document.training_changed()
    assert document.trace.accuracy >= 0.9  # what the task asks for, on the wrong data

    passed, detail = task_result("training", 3, document, frozenset({trained_event("adam")}))

    assert not passed
    assert detail.startswith("the inputs s1 f0 is ")


# ------------------------------------------------------------------ 1d: lesson 10, task 1
def test_lesson_10_relabelling_the_wrong_sample_does_not_tick() -> None:
    document = load_lesson("accuracy").start_document()
    document.set_cell("labels", 1, 0, "0")
    assert document.trace.accuracy == 1.0

    passed, detail = task_result("accuracy", 1, document)

    assert not passed
    assert detail.startswith("the labels ")


def test_lesson_10_deleting_the_wrong_sample_does_not_tick() -> None:
    document = load_lesson("accuracy").start_document()
    document.remove_sample(1)
    document.set_cell("labels", 1, 0, "1")  # the labels read [0, 1] again
    assert document.trace.accuracy == 1.0

    passed, detail = task_result("accuracy", 1, document)

    assert not passed
    assert detail.startswith("the labels have shape (2, 1)")


# ------------------------------------------------------------------ 5: lesson 8, task 3
def test_lesson_8_the_shift_ticks_from_the_lessons_start_and_keeps_the_confidences_of_6_2_3() -> None:
    document = load_lesson("softmax").start_document()
    for column, value in enumerate(["103", "99", "100"]):  # 6, 2, 3 shifted by 97
        document.set_cell("inputs", 0, column, value)

    assert task_result("softmax", 3, document)[0]
    assert task_result("softmax", 2, document)[0]  # dog's 0.936 is task 2's too: the file grades both
    np.testing.assert_allclose(document.trace.output, [[0.93624, 0.01715, 0.04661]], atol=1e-5)


def test_lesson_8_human_at_100_through_the_weights_does_not_tick() -> None:
    document = load_lesson("softmax").start_document()
    for column, value in enumerate(["6", "2", "100"]):
        document.set_cell("inputs", 0, column, value)
    document.set_cell("weights", 2, 2, "0.03")  # layer 1's n2 = 3 again
    np.testing.assert_allclose(document.trace.output, [[0.93624, 0.01715, 0.04661]], atol=1e-5)

    passed, detail = task_result("softmax", 3, document)

    assert not passed
    assert detail.startswith("layer 1's weights ")
