"""Every number lessons 14-17 state, worked out again: by the engine (the numbers the workbench
shows) and by the book's formulas as NumPy (chapter 9: dweights = inputsᵀ · dvalues, dbiases
the column sums, dinputs = dvalues · Wᵀ; softmax with cross-entropy (ŷ − y) / n). The book's
own Ch9_Final.py classes, run outside the project on these inputs, print the same. The
lessons' start files are these documents (tests.lessons.test_course checks the shipped files)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.datasets import sine_data
from tests.lessons.course_starts import cross_entropy
from tests.lessons.course_starts_14_17 import FIRST_NEURON, NOTES_BATCH, layer_backward, one_neuron, sine_by_hand
from tests.lessons.doing.part_14_17 import STEP, TARGET, typed


def test_lesson_14_the_sine_samples_are_nnfs_sine_data_of_8() -> None:
    x, y = sine_data(8, np.float64)
    document = sine_by_hand()

    assert document.inputs.ravel().tolist() == x.ravel().tolist() == [i / 8 for i in range(8)]
    assert document.labels.tolist() == y.ravel().tolist()
    assert document.labels[:3] == pytest.approx([0.0, 0.707, 1.0], abs=5e-4)  # "(0, 0.707, 1)"


def test_lesson_15_the_neuron_its_slopes_and_the_books_step() -> None:
    document = one_neuron()
    assert document.trace.output[0, 0] == 6.0

    nudged = one_neuron()
    nudged.set_cell("weights", 1, 0, "-0.999")
    assert (nudged.trace.output[0, 0] - 6.0) / 0.001 == pytest.approx(-2.0)  # the slope the learner measures

    x, w, b = np.array([1.0, -2.0, 3.0]), np.array([-3.0, -1.0, 2.0]), 1.0
    dw, db = x * 1.0, 1.0  # ReLU's slope 1 (z = 6 > 0), z's slope for w[i] is x[i]
    assert dw.tolist() == [1.0, -2.0, 3.0]
    for rate, output in ((0.001, 5.985), (0.01, 5.85)):
        assert max(0.0, float(x @ (w - rate * dw) + (b - rate * db))) == pytest.approx(output)

    typed(STEP)(document)
    assert document.trace.output[0, 0] == pytest.approx(5.985, abs=1e-12)


def test_lesson_16_dvalues_dweights_dbiases_dinputs_as_the_book_computes_them() -> None:
    document = layer_backward()
    inputs, weights = np.array(NOTES_BATCH), np.array(FIRST_NEURON)
    assert document.trace.output.ravel() == pytest.approx([4.8, 8.9, 1.41])
    backward = document.backward
    assert backward is not None
    dvalues = backward.dvalues
    assert dvalues.ravel() == pytest.approx([1.0, 2.0, 3.0])  # 2 (ŷ − y) / 3
    layer = backward.layer(1)
    assert layer.dweights == pytest.approx(inputs.T @ dvalues)
    assert layer.dweights.ravel() == pytest.approx([0.5, 20.1, 10.9, 4.1])  # the book's first column
    assert layer.dbiases.ravel() == pytest.approx([6.0])

    typed(TARGET)(document)
    backward = document.backward
    assert backward is not None
    assert backward.dvalues.ravel() == pytest.approx([1.0, 2.0, -3.0])
    assert backward.layer(1).dbiases.ravel() == pytest.approx([0.0], abs=1e-12)
    assert backward.layer(1).dinputs == pytest.approx(backward.dvalues @ weights.T)
    assert backward.layer(1).dinputs[2, 3] == pytest.approx(-3.0)


def test_lesson_17_the_books_combined_gradient() -> None:
    document = cross_entropy()  # lesson 9's start file, lesson 17's too
    predictions, labels = np.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]]), [0, 1, 1]
    book = (predictions - np.eye(3)[labels]) / 3
    backward = document.backward
    assert backward is not None
    assert backward.dvalues == pytest.approx(book)
    assert backward.dvalues[0] == pytest.approx([-0.1, 0.0333, 0.0667], abs=5e-5)  # as the book prints it

    document.set_cell("labels", 2, 0, "2")
    backward = document.backward
    assert backward is not None
    assert backward.dvalues[2] == pytest.approx([0.02 / 3, 0.3, (0.08 - 1) / 3])
    assert (0.08 - 1) / 3 == pytest.approx(-0.30666667)
