from __future__ import annotations

import numpy as np
import pytest

from engine import load_preset
from engine.explain import (
    activation_step,
    dropout_example,
    neuron_sum_in_layer,
    output_loss,
    sample_loss,
    softmax_stages,
)


def test_neuron_sum_of_an_output_cell_matches_the_trace() -> None:
    example = load_preset("two-layers")
    trace = example.network.forward_trace(example.inputs)
    record = trace.records[1]
    for sample in range(3):
        for neuron in range(3):
            worked = neuron_sum_in_layer(record.inputs, record.weights, record.biases, sample, neuron)
            assert worked.total == pytest.approx(record.z[sample, neuron])
    first = neuron_sum_in_layer(trace.records[0].inputs, trace.records[0].weights, trace.records[0].biases, 1, 1)
    assert first.text() == "2.0 x 0.5 + 5.0 x -0.91 + -1.0 x 0.26 + 2.0 x -0.5 + 3.0 = -1.81"


def test_softmax_stages_and_sample_loss() -> None:
    stages = softmax_stages([1e4, 0.0])
    assert stages.maximum == 1e4 and np.all(np.isfinite(stages.exponentiated))
    loss = sample_loss([0.0, 1.0], 0)
    assert loss.clipped == 1e-7 and loss.loss == pytest.approx(16.118095650958)
    with pytest.raises(ValueError):
        sample_loss([0.5, 0.5], 2)


def test_activation_step_text() -> None:
    assert activation_step("relu", -1.81).text() == "ReLU: max(0, -1.81) = 0"
    assert activation_step("linear", 4.8).after == 4.8


def test_sigmoid_step_shows_e_to_the_minus_z_and_matches_numpy() -> None:
    step = activation_step("sigmoid", 0.5)
    assert step.after == pytest.approx(1 / (1 + np.exp(-0.5)))
    assert step.text() == "sigmoid: 1 / (1 + e^-z)\n= 1 / (1 + e^-(0.5))\n= 1 / (1 + 0.606531) = 0.622459"
    # Far below 0, e^-z overflows to inf and the output is the 0 it should be, with no warning.
    with np.errstate(all="raise"):
        assert activation_step("sigmoid", -1000.0).after == 0.0
    # Given the forward pass's own output (float32 here), that is the number shown.
    assert activation_step("sigmoid", 0.5, float(np.float32(0.62245935))).text().endswith("= 0.622459")


@pytest.mark.parametrize(
    "kind, prediction, target, expected",
    [
        ("binary cross-entropy", 0.8, 1.0, -np.log(0.8)),
        ("binary cross-entropy", 0.8, 0.0, -np.log(0.2)),
        ("binary cross-entropy", 1.0, 0.0, -np.log(1e-7)),  # clipped: log(0) cannot happen
        ("mean squared error", 0.3, 0.5, 0.04),
        ("mean absolute error", 0.3, 0.5, 0.2),
    ],
)
def test_output_loss_is_the_books_formula(kind: str, prediction: float, target: float, expected: float) -> None:
    assert output_loss(kind, prediction, target).loss == pytest.approx(expected)


def test_output_loss_lines_show_the_numbers() -> None:
    bce = output_loss("binary cross-entropy", 1.0, 0.0).lines()
    assert bce[1] == "y = 0, p = 0.9999999 (clipped from 1)"  # clipped: shown whole, not rounded to 1
    assert bce[2:] == ["= −(0·log(0.9999999) + 1·log(1e-7))", "= 16.118"]
    assert output_loss("binary cross-entropy", 0.6224593, 1).lines() == [
        "−(y·log(p) + (1−y)·log(1−p))", "y = 1, p = 0.6225", "= −(1·log(0.6225) + 0·log(0.3775))", "= 0.47408"]
    assert output_loss("mean squared error", 0.3, 0.5).lines() == ["(y − ŷ)² = (0.5 − 0.3)² = 0.04"]
    assert output_loss("mean absolute error", 0.3, 0.5).lines() == ["|y − ŷ| = |0.5 − 0.3| = 0.2"]
    with pytest.raises(ValueError):
        output_loss("categorical cross-entropy", 0.3, 1)


def test_dropout_example_is_the_books_draw_after_the_seed_and_leaves_the_global_generator() -> None:
    outputs = np.arange(1.0, 13.0).reshape(3, 4)
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    example = dropout_example(outputs, 1, 0.5, seed=0)
    assert np.array_equal(np.random.get_state()[1], before)  # training's draws are not moved
    np.random.seed(0)
    mask = np.random.binomial(1, 0.5, size=(3, 4))[1]
    assert np.array_equal(example.mask, mask)
    assert np.array_equal(example.output, outputs[1] * mask / 0.5)
    assert example.kept == int(mask.sum())
    # A later sample's row is the same row of the whole batch's mask (drawn only up to it).
    np.random.seed(0)
    batch_mask = np.random.binomial(1, 0.9, size=(200, 4))
    assert np.array_equal(dropout_example(np.ones((200, 4)), 150, 0.1).mask, batch_mask[150])
    with pytest.raises(ValueError):
        dropout_example(outputs, 0, 1.0)
