"""Issue 8, section 10: forward_trace never raises for a shape or label mistake, and
every label error names the label as the learner gave it."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Dense, Linear, Network, ReLU, ShapeError, Softmax, Step, accuracy


def _network() -> Network:
    np.random.seed(0)
    return Network([Step(Dense(2, 4)), Step(Dense(4, 3), Softmax())])


def _zero_neurons(network: Network, layer: int) -> None:
    """Weights with no columns, as a learner may assign them (Dense itself refuses 0 neurons)."""
    dense = network.steps[layer].dense
    dense.weights = np.zeros((dense.n_inputs, 0))
    dense.biases = np.zeros((1, 0))


@pytest.mark.parametrize("layer", [0, 1], ids=["hidden", "last, before softmax"])
@pytest.mark.parametrize("labels", [None, np.array([0, 1])], ids=["no labels", "labels"])
def test_a_layer_of_no_neurons_is_a_shape_error_in_the_trace(layer: int, labels: np.ndarray | None) -> None:
    network = _network()
    _zero_neurons(network, layer)
    trace = network.forward_trace(np.ones((2, 2)), labels)  # must not raise
    error = trace.error
    assert error is not None and error.layer == layer + 1
    assert f"layer {layer + 1} has no neurons" in error.problem
    assert f"Give layer {layer + 1} at least 1 neuron" in error.fix
    assert "0--1" not in str(error) and "give the last layer 1 neurons" not in str(error)
    assert len(trace.records) == layer and trace.accuracy is None


def test_no_classes_says_so_rather_than_classes_0_to_minus_1() -> None:
    with pytest.raises(ShapeError) as caught:
        accuracy(np.zeros((2, 0)), np.array([0, 1]))
    assert "no neurons" in caught.value.problem and "-1" not in str(caught.value)


def test_no_samples_is_not_scored_and_does_not_raise() -> None:
    trace = _network().forward_trace(np.zeros((0, 2)), np.zeros(0, dtype=np.int64))
    assert trace.error is None and trace.accuracy is None and trace.loss is None


@pytest.mark.parametrize(
    "label, shown",
    [
        (1e20, "label 1e20 of sample 1"),
        (float(2**63), "label 9.22337e18 of sample 1"),
        (np.uint64(2**64 - 1), "label 18446744073709551615 of sample 1"),
        (np.int64(2**63 - 1), "label 9223372036854775807 of sample 1"),
        (-3, "label -3 of sample 1"),
    ],
)
def test_a_huge_label_is_reported_as_itself(label: float, shown: str) -> None:
    dtype = np.asarray(label).dtype
    labels = np.array([0, label], dtype=dtype)
    trace = _network().forward_trace(np.ones((2, 2)), labels)
    assert trace.error is not None and trace.error.operation == "class index"
    assert shown in trace.error.problem, trace.error.problem
    assert "-9223372036854775808" not in str(trace.error) and "label -1 " not in str(trace.error)
    assert "classes are 0-2" in trace.error.problem
    # No "give the last layer 100000000000000000001 neurons" for what is surely a slip.
    assert "neurons" not in trace.error.fix


def test_a_label_just_past_the_classes_still_suggests_more_neurons() -> None:
    trace = _network().forward_trace(np.ones((2, 2)), np.array([0, 4]))
    assert trace.error is not None and "give the last layer 5 neurons" in trace.error.fix


@pytest.mark.parametrize(
    "labels, word",
    [
        (np.array([0, 1 + 2j]), "complex numbers"),
        (np.array([True, False]), "True/False values"),
        (np.array(["0", "1"]), "text"),
    ],
)
def test_labels_that_are_not_numbers_are_refused_not_truncated(labels: np.ndarray, word: str) -> None:
    trace = _network().forward_trace(np.ones((2, 2)), labels)
    assert trace.error is not None and trace.error.operation == "class index"
    assert f"the labels are {word}" in trace.error.problem
    assert trace.accuracy is None


@pytest.mark.parametrize(
    "row, shown",
    [
        ([0.2, 0.8, 0.0], "[0.2, 0.8, 0]"),
        ([1, 1, 0], "[1, 1, 0]"),
        ([0, 0, 0], "[0, 0, 0]"),
        ([2, 0, 0], "[2, 0, 0]"),
        ([np.nan, 1, 0], "[nan, 1, 0]"),
    ],
)
def test_one_hot_rows_must_be_one_1_and_zeros(row: list[float], shown: str) -> None:
    labels = np.array([[1.0, 0.0, 0.0], row])
    trace = _network().forward_trace(np.ones((2, 2)), labels)
    assert trace.error is not None and trace.error.operation == "class index"
    assert f"one-hot row 1 of the labels is {shown}" in trace.error.problem
    assert "a single 1" in trace.error.problem
    assert trace.accuracy is None and trace.loss is None


def test_good_one_hot_rows_are_read_as_their_classes() -> None:
    trace = _network().forward_trace(np.ones((2, 2)), np.array([[0, 0, 1], [0, 1, 0]]))
    assert trace.ok and trace.labels is not None and trace.labels.tolist() == [2, 1]


def test_a_relu_last_layer_still_scores_accuracy_only() -> None:
    trace = Network([Step(Dense.from_arrays(np.eye(2), np.zeros((1, 2))), ReLU())]).forward_trace(
        np.array([[1.0, 0.0]]), np.array([0])
    )
    assert trace.accuracy == 1.0 and trace.loss is None and trace.loss_name is None


def test_a_linear_last_layer_of_several_outputs_against_one_label_column_is_explained() -> None:
    # Since issue 11 a linear output is scored by mean squared error, one target per output.
    trace = Network([Step(Dense.from_arrays(np.eye(2), np.zeros((1, 2))), Linear())]).forward_trace(
        np.array([[1.0, 0.0]]), np.array([0])
    )
    assert trace.error is not None and trace.accuracy is None and trace.loss_name == "mean squared error"
    assert "the labels have 1 column and the output has 2" in trace.error.problem
    assert trace.error.operation == "labels"


def test_ragged_label_rows_are_a_shape_error_in_the_trace() -> None:
    trace = _network().forward_trace(np.ones((2, 2)), [[1, 0, 0], [0, 1]])  # type: ignore[arg-type]
    assert trace.error is not None and "rows have different lengths" in trace.error.problem
