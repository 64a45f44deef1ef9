"""The second round of shortcuts (lessons 16, 18, 19, 20, 23, 24): a run mostly made with
other settings, scrambled labels, an added layer. Each is first shown to reach the number
the task asks for, so the test fails if the pinning checks are dropped."""

from __future__ import annotations

import numpy as np

from tests.lessons.doing.part_18_20 import TrainingView
from tests.lessons.test_course_shortcuts_18_20 import start, task_result
from tui.document.state import Document
from tui.lessons import LessonContext, evaluate, load_lesson, trained_event
from tui.training.last_run import LAST_RUN


def state_result(lesson: str, task_id: str, document: Document) -> tuple[bool, str]:
    task = next(task for task in load_lesson(lesson).tasks if task.id == task_id)
    result = evaluate(task, LessonContext.of(document, frozenset()))
    return result.passed, result.detail


def number_reached(lesson: str, task_id: str, document: Document) -> bool:
    """Whether the task's first check, the number it asks for, holds."""
    task = next(task for task in load_lesson(lesson).tasks if task.id == task_id)
    return task.checks[0].evaluate(LessonContext.of(document, frozenset()).for_task(task_id)).passed


def test_lesson_18_momentum_one_sgd_epoch_after_an_adam_run_does_not_tick() -> None:
    document = start("sgd")
    view = TrainingView()
    view.train(document, "adam", 2000)
    events, training = view.train(document, "sgd", 2001, learning_rate=1.0, decay=1e-3, momentum=0.9)
    assert document.trace.accuracy is not None and document.trace.accuracy >= 0.9
    assert training[LAST_RUN]["epochs"] == 2001 and training[LAST_RUN]["epochs_with_settings"] == 1

    assert task_result("sgd", "momentum", document, (events, training)) == (
        False, "its epochs with these settings is 1; wanted at least 3001")


def test_lesson_19_adam_one_adam_epoch_after_other_runs_does_not_tick() -> None:
    document = start("adaptive")
    view = TrainingView()
    view.train(document, "sgd", 1000, learning_rate=1.0, decay=1e-3, momentum=0.9)
    ran = view.train(document, "adam", 1001)

    assert task_result("adaptive", "adam", document, ran) == (False, "its epochs with these settings is 1; wanted 1001")


def test_lesson_20_gap_with_scrambled_labels_does_not_tick() -> None:
    document = start("overfitting")
    rng = np.random.default_rng(0)
    for row in range(document.labels.shape[0]):
        document.set_cell("labels", row, 0, str(int(rng.integers(0, 3))))
    events, training = TrainingView().train(document, "adam", 3001, validation_split=0.2)
    events |= {trained_event("adam")}
    assert training[LAST_RUN]["val_loss"] - training[LAST_RUN]["loss"] >= 0.8  # the gap is there

    passed, detail = task_result("overfitting", "gap", document, (events, training))
    assert not passed and "labels" in detail


def test_lesson_20_split_with_another_rate_does_not_tick() -> None:
    document = start("overfitting")
    ran = TrainingView().train(document, "adam", 1001, validation_split=0.2, learning_rate=0.02)

    assert task_result("overfitting", "split", document, ran) == (False, "its learning_rate is 0.02; wanted 0.05")


def test_lesson_16_sum_an_added_layer_that_zeroes_the_output_does_not_tick() -> None:
    document = load_lesson("layer-backward").start_document()
    document.add_layer()
    document.set_cell("weights", 0, 0, "0")  # layer 2 (1 to 1, linear): ŷ = 0
    assert number_reached("layer-backward", "sum", document)  # dbiases is 0

    assert state_result("layer-backward", "sum", document) == (False, "the network has 2 layers; wanted 1")


def test_lesson_23_wrong_an_added_sigmoid_layer_does_not_tick() -> None:
    document = load_lesson("binary").start_document()
    document.add_layer()
    document.set_activation(1, "sigmoid")
    document.set_cell("weights", 0, 0, "-100")
    assert number_reached("binary", "wrong", document)  # s2's loss is below 0.1

    assert state_result("binary", "wrong", document) == (False, "the network has 2 layers; wanted 1")
    assert state_result("binary", "confident", document)[0] is False

