"""Issue 8, section 9 (engine side): an overflow is reported, never scored, and the
explanation writes inf and nan as the grid does, with the grid's own values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import Dense, Linear, Network, ReLU, Softmax, Step
from engine.explain import neuron_sum_in_layer
from engine.numbers import format_number


def _one_layer(weights: np.ndarray, activation: object) -> Network:
    return Network([Step(Dense.from_arrays(weights, np.zeros((1, weights.shape[1]))), activation)])  # type: ignore[arg-type]


def test_1e308_inputs_times_1e308_weights_is_reported_and_not_scored() -> None:
    network = _one_layer(np.full((4, 3), 1e308), Softmax())
    trace = network.forward_trace(np.full((3, 4), 1e308), np.array([0, 1, 2]))
    assert not np.all(np.isfinite(trace.records[0].output))  # the softmax is nan
    assert not trace.ok
    assert trace.error is None  # not a shape mistake: a distinct report
    bad = trace.nonfinite
    assert bad is not None and (bad.layer, bad.matrix, bad.row, bad.column) == (1, "inputs · weights", 0, 0)
    assert "overflowed" in bad.message and "1.8e308" in bad.message and "layer 1" in bad.message
    assert math.isinf(bad.value)
    assert trace.loss is None and trace.accuracy is None and trace.predictions is None
    assert trace.sample_losses is None and trace.confidences is None and trace.error_rate is None
    assert trace.labels is None  # nothing pairs a label with an output to score it (the explain's loss line)


def test_labels_are_still_checked_when_the_pass_overflowed() -> None:
    network = _one_layer(np.full((4, 3), 1e308), Softmax())
    trace = network.forward_trace(np.full((3, 4), 1e308), np.array([0, 1, 7]))
    assert trace.nonfinite is not None
    assert trace.error is not None and "label 7 of sample 2" in trace.error.problem


def test_the_first_layer_to_overflow_is_named_not_a_later_one() -> None:
    network = Network(
        [
            Step(Dense.from_arrays(np.eye(2), np.zeros((1, 2))), ReLU()),
            Step(Dense.from_arrays(np.full((2, 2), 1e300), np.zeros((1, 2))), Linear()),
            Step(Dense.from_arrays(np.eye(2), np.zeros((1, 2))), Softmax()),
        ]
    )
    trace = network.forward_trace(np.array([[1e10, 1.0]]), np.array([0]))
    assert trace.nonfinite is not None and trace.nonfinite.layer == 2
    assert len(trace.records) == 3  # every layer is still shown


def test_a_bias_that_overflows_the_sum_is_blamed_on_the_bias() -> None:
    dense = Dense.from_arrays(np.array([[1.0]]), np.array([[1.7e308]]))
    trace = Network([Step(dense)]).forward_trace(np.array([[1.7e308]]))
    assert trace.nonfinite is not None and trace.nonfinite.matrix == "z"
    assert "adding the bias" in trace.nonfinite.message


def test_float32_overflow_names_float32s_limit() -> None:
    weights = np.full((2, 2), 1e30, dtype=np.float32)
    dense = Dense.from_arrays(weights, np.zeros((1, 2), dtype=np.float32))
    trace = Network([Step(dense)]).forward_trace(np.full((1, 2), 1e30, dtype=np.float32))
    assert trace.nonfinite is not None and "float32, about 3.4e38" in trace.nonfinite.message


def test_a_finite_pass_is_ok_and_scored() -> None:
    trace = _one_layer(np.eye(2), Softmax()).forward_trace(np.array([[2.0, 0.0]]), np.array([0]))
    assert trace.ok and trace.nonfinite is None and trace.accuracy == 1.0 and trace.loss is not None


@pytest.mark.parametrize("value, text", [(math.inf, "inf"), (-math.inf, "-inf"), (math.nan, "nan")])
def test_non_finite_numbers_are_written_as_the_grid_writes_them(value: float, text: str) -> None:
    assert format_number(value) == text
    assert format_number(value, point=True) == text  # not "inf.0"


def test_the_explanation_shows_the_grids_values_and_says_overflow() -> None:
    # Inputs 1e308, weights 10 and -10: the matrix product (BLAS) gives inf where a
    # left-to-right loop gives inf + -inf = nan. The explanation must show the grid's inf.
    weights = np.tile([[10.0], [-10.0]], (2, 3))
    trace = _one_layer(weights, Linear()).forward_trace(np.full((4, 4), 1e308))
    record = trace.records[0]
    z = float(record.z[0, 0])
    worked = neuron_sum_in_layer(
        record.inputs, record.weights, record.biases, 0, 0, product=record.product[0, 0], z=record.z[0, 0]
    )
    text = worked.text()
    assert text.split(" = ")[1].startswith(format_number(z))
    assert ".0 (" not in text and "inf.0" not in text and "nan.0" not in text
    assert "overflow" in text
    assert worked.products_text().split(" = ")[1].startswith(format_number(float(record.product[0, 0])))
    assert "overflow" in worked.products_text()


def test_a_finite_explanation_has_no_overflow_note() -> None:
    worked = neuron_sum_in_layer(np.array([[1.0, 2.0]]), np.array([[0.5], [0.25]]), np.array([[1.0]]), 0, 0)
    assert worked.text() == "1.0 x 0.5 + 2.0 x 0.25 + 1.0 = 2.0"
    assert worked.products_text() == "1.0 x 0.5 + 2.0 x 0.25 = 1.0"
