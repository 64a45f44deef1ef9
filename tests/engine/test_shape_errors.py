"""Every ShapeError names both operands, their shapes, the disagreeing dimension and the fix."""

from __future__ import annotations

import numpy as np
import pytest

from engine import CategoricalCrossentropy, Dense, Network, ShapeError, Softmax, Step, accuracy, load_preset


def test_notes_transpose_mistake_says_transpose() -> None:
    example = load_preset("transpose-mistake")
    trace = example.network.forward_trace(example.inputs)
    error = trace.error
    assert error is not None and trace.records == ()
    assert error.left_shape == (3, 4) and error.right_shape == (3, 4)
    assert (error.left_axis, error.right_axis) == (1, 0)
    assert "inputs (3, 4) cannot meet weights (3, 4)" in error.problem
    assert "4 columns but the weights have 3 rows" in error.problem
    assert "one row per neuron" in error.fix and "transpose them to (4, 3)" in error.fix
    assert error.fix_action == "transpose weights"
    assert "not aligned" in error.numpy_message
    assert "NumPy says: shapes (3,4) and (3,4) not aligned" in str(error)


def test_second_layer_mismatch_names_the_layer_before() -> None:
    network = Network([Step(Dense(4, 4)), Step(Dense(3, 3))])
    trace = network.forward_trace(np.ones((3, 4)))
    error = trace.error
    assert error is not None and error.layer == 2
    assert len(trace.records) == 1  # layer 1 still computed
    assert error.problem.startswith("layer 2: inputs (3, 4) cannot meet weights (3, 3)")
    assert "Give layer 2 4 inputs (layer 1 puts out 4 values per sample), or give layer 1 3 neurons" in error.fix
    assert error.fix_action == "resize inputs"
    assert trace.output is None


def test_first_layer_mismatch_names_x() -> None:
    with pytest.raises(ShapeError) as caught:
        Network([Step(Dense(3, 2))]).forward(np.ones((5, 4)))
    assert "each sample of X has 4 features" in caught.value.fix
    assert "give X 3 features" in caught.value.fix


def test_biases_that_do_not_match_neurons() -> None:
    layer = Dense.from_arrays(np.ones((4, 3)), np.zeros((1, 2)))
    with pytest.raises(ShapeError) as caught:
        layer.forward(np.ones((2, 4)), layer=1)
    error = caught.value
    assert error.operation == "add bias"
    assert error.right_shape == (1, 2) and error.left_shape == (2, 3)
    assert "3 neurons but 2 biases" in error.problem
    assert "shape (1, 3)" in error.fix
    assert "could not be broadcast" in error.numpy_message


def test_a_single_bias_that_numpy_would_broadcast_is_still_refused() -> None:
    layer = Dense.from_arrays(np.ones((4, 3)), np.zeros((1, 1)))
    with pytest.raises(ShapeError) as caught:
        layer.forward(np.ones((2, 4)))
    assert "broadcast" in caught.value.numpy_message
    assert "3 neurons but 1 bias." in caught.value.problem


def test_labels_versus_samples() -> None:
    with pytest.raises(ShapeError) as caught:
        CategoricalCrossentropy().calculate(np.full((3, 3), 1 / 3), np.array([0, 1, 2, 1]))
    error = caught.value
    assert (error.left_shape, error.right_shape) == ((4,), (3, 3))
    assert "3 samples but 4 labels" in error.problem
    assert "one label per sample" in error.fix


def test_class_index_outside_outputs() -> None:
    with pytest.raises(ShapeError) as caught:
        accuracy(np.full((2, 3), 1 / 3), np.array([0, 5]))
    error = caught.value
    assert error.operation == "class index"
    assert "label 5 of sample 1 is outside the outputs" in error.problem
    assert "classes are 0-2" in error.problem
    assert "give the last layer 6 neurons" in error.fix


def test_one_hot_with_wrong_classes() -> None:
    with pytest.raises(ShapeError) as caught:
        CategoricalCrossentropy().forward(np.full((2, 3), 1 / 3), np.array([[1, 0], [0, 1]]))
    assert "2 classes but the last layer has 3 neurons" in caught.value.problem


def test_trace_keeps_layers_and_carries_label_errors() -> None:
    network = Network([Step(Dense(2, 3), Softmax())])
    trace = network.forward_trace(np.ones((4, 2)), labels=np.array([0, 1, 2]))
    assert trace.error is not None and trace.error.operation == "labels"
    assert len(trace.records) == 1 and trace.output is not None
    assert trace.loss is None


def test_no_transpose_hint_when_the_biases_say_columns_are_neurons() -> None:
    # Weights (4, 3) with 3 biases: 3 neurons of 4 inputs. A batch of 3 features does not
    # fit, and transposing would only hide that a feature is missing.
    layer = Dense.from_arrays(np.ones((4, 3)), np.zeros((1, 3)))
    with pytest.raises(ShapeError) as caught:
        layer.forward(np.ones((2, 3)), layer=1)
    assert "transpose" not in caught.value.fix
    assert "give X 4 features" in caught.value.fix
    assert caught.value.fix_action == "resize inputs"


@pytest.mark.parametrize(
    "b_shape, axes",
    [((2, 3), (None, 0)), ((1, 2), (1, 1)), ((2,), (1, 0)), ((3, 2), (1, 1)), ((2, 1, 3), (None, 0))],
)
def test_the_bias_axis_named_is_the_one_that_disagrees(b_shape: tuple[int, ...], axes: tuple[int | None, int]) -> None:
    # Three neurons: biases (2, 3) have the right columns and one row too many, so axis 0.
    layer = Dense.from_arrays(np.ones((4, 3)), np.zeros((1, 3)))
    layer.biases = np.zeros(b_shape)  # set as a learner may, past from_arrays' checks
    with pytest.raises(ShapeError) as caught:
        layer.forward(np.ones((2, 4)), layer=1)
    assert (caught.value.left_axis, caught.value.right_axis) == axes
