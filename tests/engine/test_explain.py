from __future__ import annotations

import numpy as np
import pytest

from engine import load_preset
from engine.explain import activation_step, neuron_sum_in_layer, sample_loss, softmax_stages


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
