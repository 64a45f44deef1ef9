"""Lessons 14-17: the cheap tricks that reach a task's numbers without its idea, each shown to
get close and then to leave the task open."""

from __future__ import annotations

import numpy as np

from tests.lessons.doing.part_14_17 import NUDGE, RELABEL, RISE, STEP, typed
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


# ------------------------------------------------------------------ lesson 15
def test_lesson_15_the_output_5985_by_the_bias_alone_does_not_tick_the_step() -> None:
    document = load_lesson("nudging").start_document()
    typed([(1, "biases", 0, 0, "0.985")])(document)
    assert document.trace.output[0, 0] == 5.985  # the number the task asks for

    passed, detail = task_result("nudging", "step", document)

    assert not passed
    assert detail == "layer 1's weights i0 n0 is -3; wanted -3.001"


def test_lesson_15_the_nudge_left_in_with_the_step_does_not_tick() -> None:
    document = load_lesson("nudging").start_document()
    typed(NUDGE)(document)
    typed([cell for cell in STEP if cell[2] != 1 or cell[1] != "weights"])(document)  # i1 stays nudged

    assert not task_result("nudging", "step", document)[0]


def test_lesson_15_the_input_for_the_slope_is_not_yet() -> None:
    """The slope of w1 is x1 = −2: typing x1's size without its sign (or w1 itself) is wrong."""
    document = load_lesson("nudging").start_document()
    for wrong in (2.0, -1.0, 5.998):
        document.set_answer("slope", wrong)
        assert task_result("nudging", "slope", document) == (False, f"your answer is {wrong:g}: not yet")
    document.set_answer("ten-times", 5.985)  # the step of 0.001's output, not ten times it
    assert not task_result("nudging", "ten-times", document)[0]


# ------------------------------------------------------------------ lesson 16
def test_lesson_16_dbiases_0_by_lowering_the_bias_does_not_tick() -> None:
    """The bias 3 lower: every output 3 lower, dvalues [−1, 0, 1], which add up to 0 too."""
    document = load_lesson("layer-backward").start_document()
    typed([(1, "biases", 0, 0, "-1")])(document)
    backward = document.backward
    assert backward is not None and abs(float(backward.layer(1).dbiases[0, 0])) < 1e-9

    passed, detail = task_result("layer-backward", "sum", document)

    assert not passed
    assert detail == "layer 1's biases n0 is -1; wanted 2 (within 1e-6)"


def test_lesson_16_dbiases_0_by_another_samples_target_does_not_tick() -> None:
    document = load_lesson("layer-backward").start_document()
    typed([(0, "labels", 0, 0, "12.3")])(document)  # s0's dvalue −5: −5 + 2 + 3 = 0
    backward = document.backward
    assert backward is not None and abs(float(backward.layer(1).dbiases[0, 0])) < 1e-6

    passed, detail = task_result("layer-backward", "sum", document)

    assert not passed
    assert detail.startswith("the labels s0 is 12.3")


def test_lesson_16_the_dweights_row_of_another_input_is_not_yet() -> None:
    document = load_lesson("layer-backward").start_document()
    backward = document.backward
    assert backward is not None
    for other in (0, 2, 3):  # 0.5, 10.9, 4.1: the rows of f0, f2, f3
        document.set_answer("dweights", float(backward.layer(1).dweights[other, 0]))
        assert not task_result("layer-backward", "dweights", document)[0]


# ------------------------------------------------------------------ lesson 17
def test_lesson_17_a_gradient_diluted_by_400_more_samples_does_not_tick() -> None:
    """dvalues = (ŷ − y) / n: with 403 samples every row is small, s0's −0.3 / 403 too."""
    document = load_lesson("softmax-gradient").start_document()
    for _ in range(400):
        document.add_sample()
    backward = document.backward
    assert backward is not None and np.abs(backward.dvalues[0]).max() < 0.001

    passed, detail = task_result("softmax-gradient", "vanish", document)

    assert not passed
    assert detail == "the inputs have shape (403, 3); wanted (3, 3)"


def test_lesson_17_the_old_dvalue_or_the_label_column_of_before_is_not_yet() -> None:
    document = load_lesson("softmax-gradient").start_document()
    typed(RELABEL)(document)
    for wrong in (0.02666667, (0.9 - 1) / 3, -0.92):  # n2 before; n1's old −1 moved; forgot the / 3
        document.set_answer("relabel", wrong)
        assert not task_result("softmax-gradient", "relabel", document)[0]
