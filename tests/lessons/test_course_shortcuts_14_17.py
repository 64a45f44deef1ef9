"""Lessons 14-17: the cheap tricks that reach a task's numbers without its idea, each shown to
get close and then to leave the task open."""

from __future__ import annotations

import numpy as np

from tests.lessons.doing.part_14_17 import RISE, typed
from tui.document.state import Document
from tui.lessons import LessonContext, evaluate, load_lesson


def task_result(lesson_name: str, task_id: str, document: Document, events: frozenset[str] = frozenset()) -> tuple[bool, str]:
    task = next(task for task in load_lesson(lesson_name).tasks if task.id == task_id)
    result = evaluate(task, LessonContext.of(document, events))
    return result.passed, result.detail


# ------------------------------------------------------------------ lesson 14
def test_lesson_14_the_best_straight_line_through_the_rise_does_not_tick() -> None:
    """No ReLU bends the output: layer 1 linear and the line through pair n0 as close to
    (0, 0), (0.125, 0.707), (0.25, 1) as a line gets: 0.1035 + 4x, off by 0.1035 at each."""
    document = load_lesson("sine-by-hand").start_document()
    document.set_activation(0, "linear")
    document.set_activation(1, "linear")
    typed([(1, "weights", 0, 0, "4"), (2, "weights", 0, 0, "1"), (3, "weights", 0, 0, "1"),
           (3, "biases", 0, 0, "0.10355339")])(document)
    errors = np.abs(document.trace.output[:3, 0] - document.labels[:3])
    assert np.allclose(errors, 0.10355339, atol=1e-6)  # the closest a line comes: the same miss at all three

    passed, detail = task_result("sine-by-hand", "rise", document)

    assert not passed
    assert detail.startswith("the largest |output − target| over s0–s2 is 0.1035")


def test_lesson_14_a_ramp_that_never_stops_rising_does_not_tick_the_rise() -> None:
    """Pair n0 alone, its second neuron not clipping (weight 1, bias 0): 6x keeps rising past the top."""
    document = load_lesson("sine-by-hand").start_document()
    typed([(1, "weights", 0, 0, "6"), (2, "weights", 0, 0, "1"), (3, "weights", 0, 0, "1")])(document)
    assert task_result("sine-by-hand", "rise", document)[0] is False  # 1.5 at s2

    typed(RISE)(document)
    assert task_result("sine-by-hand", "rise", document)[0]


def test_lesson_14_pair_n1_ramping_down_from_the_top_does_not_tick_the_fall() -> None:
    """The fall started where sin peaks (x = 0.25) with the slope that meets s3 (0.707): it
    cannot also reach 0 at s4, which is why the lesson asks where the ramp must start."""
    document = load_lesson("sine-by-hand").start_document()
    typed(RISE)(document)
    typed([(1, "weights", 0, 1, "2.3431458"), (1, "biases", 0, 1, "-0.58578645"), (2, "weights", 1, 1, "1"),
           (3, "weights", 1, 0, "-1")])(document)
    assert abs(document.trace.output[3, 0] - document.labels[3]) < 1e-6  # s3 met exactly

    passed, detail = task_result("sine-by-hand", "fall", document)

    assert not passed
    assert detail.startswith("the largest |output − target| over s0–s4 is 0.41")
