"""Lessons 21-24: the cheap tricks that reach a task's number without its idea, and stay
open. Each shortcut is first shown to reach the number the task asks for, so the test fails
if the pinning checks are ever dropped from the lesson file. The lessons' numbers are checked
here against the book's own formulas, written out."""

from __future__ import annotations

import numpy as np
import pytest

from engine.datasets import NOTES_WEIGHTS
from engine.losses import regularization_loss as engine_regularization_loss
from tests.lessons.doing.part_21_24 import dropout_stage
from tui.document.state import Document
from tui.lessons import LessonContext, evaluate, load_lesson


def task_result(lesson: str, task_id: str, document: Document, events: frozenset[str] = frozenset()) -> tuple[bool, str]:
    task = next(task for task in load_lesson(lesson).tasks if task.id == task_id)
    result = evaluate(task, LessonContext.of(document, events))
    return result.passed, result.detail


def regularization_loss(document: Document) -> float:
    return sum(engine_regularization_loss(step.dense) for step in document.network.steps)


# ------------------------------------------------------------------ 21: L1 and L2
def test_lesson_21_numbers_are_the_books_reg_loss_of_the_notes_weights() -> None:
    weights = np.array(NOTES_WEIGHTS)
    # The book's Loss.regularization_loss, written out: l2 · Σw², then l1 · Σ|w| added.
    assert 5e-4 * np.sum(weights ** 2) == pytest.approx(0.002126)
    largest = np.unravel_index(np.argmax(weights ** 2), weights.shape)
    assert weights[largest] == 1.0  # neuron 0's fourth weight: stored (input 3, neuron 0)
    left = weights.copy()
    left[largest] = 0
    assert np.sum(np.abs(left)) == pytest.approx(5.24)
    assert 5e-4 * np.sum(left ** 2) + 5e-4 * np.sum(np.abs(left)) == pytest.approx(0.004246)


def test_lesson_21_l2_on_the_biases_instead_does_not_tick() -> None:
    document = load_lesson("21-regularization").start_document()
    document.set_regularizers((0.0, 5e-4, 0.0, 5e-4), 0)  # both, as the book's dense1 has them
    assert not task_result("21-regularization", "l2", document)[0]
    document.set_regularizers((0.0, 5e-4, 0.0, 0.0), 0)
    assert task_result("21-regularization", "l2", document)[0]


def test_lesson_21_lowering_lambda_instead_of_zeroing_the_largest_weight_does_not_tick() -> None:
    document = load_lesson("21-regularization").start_document()
    document.set_regularizers((0.0, 0.001626 / 4.252, 0.0, 0.0), 0)
    assert regularization_loss(document) == pytest.approx(0.001626)  # the loss the right weight gives
    passed, detail = task_result("21-regularization", "largest", document)
    assert not passed and "weight L2 strength" in detail


def test_lesson_21_zeroing_another_weight_does_not_tick() -> None:
    document = load_lesson("21-regularization").start_document()
    document.set_regularizers((0.0, 5e-4, 0.0, 0.0), 0)
    document.set_cell("weights", 1, 1, "0")  # -0.91: large, but not the largest
    passed, detail = task_result("21-regularization", "largest", document)
    assert not passed and "layer 1's weights" in detail


def test_lesson_21_the_right_loss_by_l1_on_the_biases_does_not_tick() -> None:
    document = load_lesson("21-regularization").start_document()
    document.set_cell("weights", 3, 0, "0")
    # The biases' L1 instead of the weights': λ chosen so that the loss is the task's number.
    document.set_regularizers((0.0, 5e-4, (0.004246 - 0.001626) / 5.5, 0.0), 0)
    assert regularization_loss(document) == pytest.approx(0.004246)
    document.set_answer("l1", 0.004246, predicted=True)  # predicted right: the strengths are what stays wrong
    passed, detail = task_result("21-regularization", "l1", document)
    assert not passed and "weight L1 strength" in detail


# ------------------------------------------------------------------ 22: dropout
def test_lesson_22_the_dropout_stage_with_another_rate_does_not_tick() -> None:
    document = load_lesson("22-dropout").start_document()
    document.set_dropout(0.5, 0)
    document.set_answer("mask", 1 / 0.9)  # the factor right for 0.1: only the rate is wrong
    events = dropout_stage(document)
    assert events == {"stage:1:dropout"}
    passed, detail = task_result("22-dropout", "mask", document, events)
    assert not passed and "dropout rate after layer 1 is 0.5" in detail
    assert not task_result("22-dropout", "rate", document)[0]


def test_lesson_22_the_rate_itself_as_the_factor_does_not_tick() -> None:
    document = load_lesson("22-dropout").start_document()
    document.set_dropout(0.1, 0)
    events = dropout_stage(document)
    for wrong in (0.1, 0.9):  # the rate dropped, the share kept: not what a kept gradient is multiplied by
        document.set_answer("mask", wrong)
        passed, detail = task_result("22-dropout", "mask", document, events)
        assert not passed and detail.endswith("not yet")
    document.set_answer("mask", 1 / 0.9)
    assert task_result("22-dropout", "mask", document, events)[0]


def test_lesson_22_the_factor_is_what_the_books_mask_keeps() -> None:
    np.random.seed(0)
    rate = 1 - 0.1  # the book's Layer_Dropout stores the share kept
    mask = np.random.binomial(1, rate, size=(1000,)) / rate
    assert set(np.unique(mask).round(7)) == {0.0, 1.1111111}


# ------------------------------------------------------------------ 23: binary
def test_lesson_23_flipping_the_label_does_not_tick() -> None:
    document = load_lesson("23-binary").start_document()
    document.set_cell("labels", 2, 0, "1")
    document.set_cell("inputs", 2, 0, "4")  # now confidently "right" about a label it changed
    assert document.trace.sample_losses[2] < 0.1
    passed, detail = task_result("23-binary", "wrong", document)
    assert not passed and "the labels" in detail


def test_lesson_23_a_linear_output_scored_by_squared_error_does_not_tick() -> None:
    document = load_lesson("23-binary").start_document()
    document.set_activation(0, "linear")
    document.set_cell("inputs", 2, 0, "0")  # (0 − 0)² = 0: no loss, and no sigmoid
    assert document.trace.sample_losses[2] < 0.1
    passed, detail = task_result("23-binary", "wrong", document)
    assert not passed and "mean squared error" in detail


def test_lesson_23_a_bias_that_pushes_every_output_down_does_not_tick() -> None:
    document = load_lesson("23-binary").start_document()
    document.set_cell("biases", 0, 0, "-5")
    assert document.trace.sample_losses[2] < 0.1
    assert not task_result("23-binary", "wrong", document)[0]


def test_lesson_23_the_label_1_formula_for_s2_is_not_yet() -> None:
    document = load_lesson("23-binary").start_document()
    document.set_answer("predict", float(-np.log(0.8)))  # −log(ŷ): as if its label were 1
    passed, detail = task_result("23-binary", "predict", document)
    assert not passed and detail.endswith("not yet")
    document.set_answer("predict", float(-np.log(1 - 0.8)))
    assert task_result("23-binary", "predict", document)[0]


def test_lesson_23_start_is_the_books_binary_cross_entropy() -> None:
    trace = load_lesson("23-binary").start_document().trace
    y, p = np.array([1, 0, 0]), np.array([0.7, 0.1, 0.8])
    book = -(y * np.log(p) + (1 - y) * np.log(1 - p))  # the book's BinaryCrossentropy.forward
    assert trace.sample_losses.tolist() == pytest.approx(book.tolist())
    assert book[2] == pytest.approx(1.609, abs=1e-3) and trace.loss == pytest.approx(book.mean())


# ------------------------------------------------------------------ 24: regression
def test_lesson_24_a_sigmoid_output_changes_the_loss_but_is_not_mae() -> None:
    document = load_lesson("24-regression").start_document()
    document.set_answer("mae", 0.637, predicted=True)
    document.set_activation(2, "sigmoid")
    assert document.trace.loss_name != "mean squared error"
    passed, detail = task_result("24-regression", "mae", document)
    assert not passed and "binary cross-entropy" in detail


def test_lesson_24_an_untrained_network_scored_by_mae_does_not_tick_and_its_mae_is_two_over_pi() -> None:
    document = load_lesson("24-regression").start_document()
    document.set_loss("mae")
    assert document.trace.loss == pytest.approx(2 / np.pi, abs=0.01)  # the lesson's 0.637
    document.set_answer("mae", 0.5)  # mean squared error's number: mean(sin²) = 1/2
    assert document.trace.loss_name == "mean absolute error"
    passed, detail = task_result("24-regression", "mae", document)
    assert not passed and detail.endswith("not yet")
    assert not task_result("24-regression", "train", document, frozenset({"trained:sgd"}))[0]
