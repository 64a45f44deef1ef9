"""The "In your notes" boxes of lessons 1-7 (#18, section 3): each names the notes' line and
gives the right numbers, and the numbers are what the maths makes (computed here, not copied)."""

from __future__ import annotations

import numpy as np
import pytest

from tui.lessons import load_lesson

# The notes' first layer (their lines 80-114): inputs, three neurons' weights, their biases.
NOTES_INPUTS = [1, 2, 3, 4]
NOTES_WEIGHTS = [[0.2, 0.8, -0.5, 1.11], [0.3, 0.5, -0.91, 0.26], [0.44, 0.3, -0.4, 1.4]]
NOTES_BIASES = [3, 6.1, 5]  # bias, bias1, bias2


def shown(values: np.ndarray) -> str:
    return "[" + ", ".join(f"{value:.4g}" for value in values) + "]"


def box(name: str) -> str:
    text = load_lesson(name).text
    assert "> **In your notes**" in text, name
    return text[text.index("> **In your notes**"):]


@pytest.mark.parametrize(("name", "lines"), [
    ("neuron", ["line 72"]),
    ("layer", ["lines 110-114", "Line 188", "line 195", "Line 232"]),
    ("batch", ["line 263"]),
    ("layer-dense", ["line 341"]),
])
def test_each_box_names_the_notes_lines(name: str, lines: list[str]) -> None:
    assert all(line in box(name) for line in lines), box(name)


def test_lesson_1_the_bias_once_not_once_per_input() -> None:
    inputs, weights, bias = load_lesson("neuron").start_document().inputs[0], [0.2, 0.8, -0.5], 2.0
    inside = sum(x * w + bias for x, w in zip(inputs, weights, strict=True))
    after = float(np.dot(inputs, weights)) + bias
    assert f"= {inside:.2g}" in box("neuron") and f"= {after:.2g}" in box("neuron")


def test_lesson_2_one_bias_for_all_three_neurons_and_each_its_own() -> None:
    dots = np.dot(NOTES_WEIGHTS, NOTES_INPUTS)
    assert shown(dots + NOTES_BIASES[0]) == "[7.74, 2.61, 8.44]"
    assert shown(dots + NOTES_BIASES) == "[7.74, 5.71, 10.44]"
    assert "[7.74, 2.61, 8.44]" in box("layer") and "[7.74, 5.71, 10.44]" in box("layer")


def test_lesson_2_the_missing_comma_is_a_type_error() -> None:
    row = [0.2, 0.8, -0.5, 1.0]
    with pytest.raises(TypeError):
        row[0.5, -0.91, 0.26, -0.5]  # type: ignore[index]  # what Python reads without the comma
    assert "(TypeError)" in box("layer")


def test_lesson_3_the_rounded_product_exactly_and_with_the_biases() -> None:
    document = load_lesson("batch").start_document()
    weights, biases = document.network.steps[0].dense.weights, document.network.steps[0].dense.biases[0]
    product = document.inputs[0] @ weights
    assert shown(product) == "[2.8, -1.79, 1.885]"
    assert shown(product + biases) == "[4.8, 1.21, 2.385]"
    assert "[2.8, -1.79, 1.885]" in box("batch") and "[4.8, 1.21, 2.385]" in box("batch")


def test_lesson_6_a_draw_in_the_class_body_changes_layer_1s_numbers() -> None:
    np.random.seed(0)
    book = 0.01 * np.random.randn(4, 5)
    np.random.seed(0)
    np.random.randn(4, 3)  # the print in the class body: 12 draws
    copied = 0.01 * np.random.randn(4, 5)
    assert not np.allclose(book, copied)
    assert "12 draws" in box("layer-dense")
