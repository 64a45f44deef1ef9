"""Lessons 18-20's shortcuts: a run that reaches a task's number without doing its idea
(another optimizer, settings typed after the run, more epochs, no held-out data) leaves the
task open. Each shortcut is first shown to reach the number the task asks for."""

from __future__ import annotations

from typing import Any

from tests.lessons.doing.part_18_20 import TrainingView
from tui.document.state import Document
from tui.lessons import LessonContext, evaluate, load_lesson, trained_event
from tui.training.last_run import LAST_RUN


def task_result(lesson_name: str, task_id: str, document: Document, ran: tuple[frozenset[str], dict[str, Any]]) -> tuple[bool, str]:
    task = next(task for task in load_lesson(lesson_name).tasks if task.id == task_id)
    events, training = ran
    result = evaluate(task, LessonContext.of(document, events, training=training))
    return result.passed, result.detail


def start(lesson_name: str) -> Document:
    return load_lesson(lesson_name).start_document()


def test_lesson_18_decay_a_rate_of_0_5_typed_without_decay_does_not_tick() -> None:
    document = start("sgd")
    ran = TrainingView().train(document, "sgd", 11, learning_rate=0.5, decay=0.0)
    assert ran[1][LAST_RUN]["current_learning_rate"] == 0.5  # "the rate has halved"

    assert task_result("sgd", "decay", document, ran) == (False, "its learning_rate is 0.5; wanted 1")


def test_lesson_18_decay_too_few_epochs_leave_the_rate_above_half() -> None:
    document = start("sgd")
    ran = TrainingView().train(document, "sgd", 500, learning_rate=1.0, decay=1e-3)

    passed, detail = task_result("sgd", "decay", document, ran)
    assert not passed and detail.startswith("its current_learning_rate is 0.66") and detail.endswith("wanted at most 0.5")


def test_lesson_18_momentum_adam_reaches_0_9_but_is_not_sgd_with_momentum() -> None:
    document = start("sgd")
    events, training = TrainingView().train(document, "adam", 1001)
    assert document.trace.accuracy is not None and document.trace.accuracy >= 0.9
    events |= {trained_event("sgd")}  # task 1's SGD run came first

    assert task_result("sgd", "momentum", document, (events, training)) == (False, "the last run trained with adam; wanted sgd")


def test_lesson_18_momentum_momentum_typed_after_a_run_without_it_does_not_count() -> None:
    """The form says momentum 0.9 (what Save writes as the settings), the run had none:
    the check reads the run. Its accuracy also shows why momentum matters (under 0.5)."""
    document = start("sgd")
    events, training = TrainingView().train(document, "sgd", 3001, learning_rate=1.0, decay=1e-3, momentum=0.0)
    training = {**training, "momentum": 0.9}
    assert document.trace.accuracy is not None and document.trace.accuracy < 0.5

    assert task_result("sgd", "momentum", document, (events, training)) == (False, "its momentum is 0; wanted 0.9")


def test_lesson_19_adam_adam_with_more_epochs_than_the_others_does_not_tick() -> None:
    document = start("adaptive")
    ran = TrainingView().train(document, "adam", 3001)
    assert document.trace.accuracy is not None and document.trace.accuracy >= 0.93

    assert task_result("adaptive", "adam", document, ran) == (False, "its epochs with these settings is 3001; wanted 1001")


def test_lesson_20_a_run_without_held_out_data_has_no_validation_figures() -> None:
    document = start("overfitting")
    ran = TrainingView().train(document, "adam", 1001)
    assert document.trace.accuracy is not None and document.trace.accuracy >= 0.7

    passed, detail = task_result("overfitting", "split", document, ran)
    assert not passed and detail == "its validation_split is 0; wanted 0.2"
    ran = (ran[0], {**ran[1], "validation_split": 0.2})  # typed after the run: the run still held none out
    assert task_result("overfitting", "split", document, ran) == (False, "its validation_split is 0; wanted 0.2")


def test_lesson_20_gap_the_gap_after_1001_epochs_is_not_yet_0_8() -> None:
    document = start("overfitting")
    ran = TrainingView().train(document, "adam", 1001, validation_split=0.2)

    passed, detail = task_result("overfitting", "gap", document, ran)
    assert not passed and detail.startswith("the validation loss minus the training loss is 0.5")


def answered(lesson_name: str, task_id: str, value: float) -> bool:
    document = start(lesson_name)
    document.set_answer(task_id, value)
    task = next(task for task in load_lesson(lesson_name).tasks if task.id == task_id)
    return evaluate(task, LessonContext.of(document)).passed


def test_lesson_18_predict_the_rate_as_it_started_or_halved_is_not_it() -> None:
    assert answered("sgd", "predict", 1 / (1 + 1e-3 * 3000))  # the right one ticks
    assert not answered("sgd", "predict", 1.0)  # no decay
    assert not answered("sgd", "predict", 0.5)  # task 1's halved rate
    assert not answered("sgd", "predict", 1 / (1e-3 * 3000))  # the "1 +" forgotten: 0.333


def test_lesson_20_the_samples_trained_on_are_not_all_300_nor_the_60_held_out() -> None:
    assert answered("overfitting", "trained-on", 240)
    assert not answered("overfitting", "trained-on", 300)
    assert not answered("overfitting", "trained-on", 60)
