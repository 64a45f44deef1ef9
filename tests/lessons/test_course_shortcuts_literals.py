"""Tasks that once passed as soon as a literal value was typed (#18, the tester's item 12):
each now asks for the idea, so the literal alone leaves the task open and the idea ticks it."""

from __future__ import annotations

from tui.document.state import Document
from tui.lessons import LessonContext, evaluate, load_lesson


def passes(lesson_name: str, number: int, document: Document) -> bool:
    task = load_lesson(lesson_name).tasks[number - 1]
    return evaluate(task, LessonContext.of(document, frozenset())).passed


def test_lesson_2_task_3_the_weight_set_to_0_alone_does_not_tick() -> None:
    document = load_lesson("layer").start_document()
    document.set_cell("weights", 3, 2, "0")
    assert not passes("layer", 3, document)
    document.set_cell("biases", 0, 2, "2.675")  # 0.5 + 2.5 x 0.87: what f3 added
    assert passes("layer", 3, document)


def test_lesson_3_task_2_the_outputs_come_from_any_inputs_that_give_them() -> None:
    document = load_lesson("batch").start_document()
    for _ in range(2):
        document.add_sample()
    for column, value in enumerate(["1", "2", "3", "2.5"]):  # a copy of s0: its outputs, with no arithmetic
        document.set_cell("inputs", 4, column, value)
    assert passes("batch", 2, document)
    document.set_cell("inputs", 4, 3, "0")
    assert not passes("batch", 2, document)


def test_lesson_3_task_3_the_old_literal_f0_10_does_not_tick() -> None:
    document = load_lesson("batch").start_document()
    document.set_cell("inputs", 1, 0, "10")
    assert not passes("batch", 3, document)
    document.set_cell("inputs", 1, 0, "7.5")  # 8.9 + 5.5 x 0.2 = 10
    assert passes("batch", 3, document)


def test_lesson_9_task_3_any_label_with_a_big_loss_does_not_tick() -> None:
    assert "class 2" not in load_lesson("cross-entropy").tasks[2].text  # the learner finds the class
    document = load_lesson("cross-entropy").start_document()
    document.set_cell("labels", 2, 0, "0")  # -log(0.02) = 3.9: a big loss, the wrong class
    assert not passes("cross-entropy", 3, document)
    document.set_cell("labels", 2, 0, "2")  # -log(0.08) = 2.53
    assert passes("cross-entropy", 3, document)
