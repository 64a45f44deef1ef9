"""Every number the notes print, computed by the engine."""

from __future__ import annotations

import numpy as np
import pytest

from engine import CategoricalCrossentropy, Dense, Network, ReLU, Softmax, Step, accuracy, load_preset, nnfs_mode
from engine.datasets import spiral_data
from engine.explain import layer_by_loops, neuron_sum, softmax_stages
from engine.losses import correct_confidences

BATCH = [[1.0, 2.0, 3.0, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]
WEIGHTS = [[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]
BIASES = [2.0, 3.0, 0.5]


def test_single_neuron_is_2_3() -> None:
    result = neuron_sum([1.0, 2.0, 3.0], [0.2, 0.8, -0.5], 2.0)
    assert result.total == pytest.approx(2.3)
    assert result.text() == "1.0 x 0.2 + 2.0 x 0.8 + 3.0 x -0.5 + 2.0 = 2.3"


def test_four_input_neuron_is_4_8() -> None:
    result = neuron_sum([1.0, 2.0, 3.0, 2.5], [0.2, 0.8, -0.5, 1.0], 2.0)
    assert result.text() == "1.0 x 0.2 + 2.0 x 0.8 + 3.0 x -0.5 + 2.5 x 1.0 + 2.0 = 4.8"


def test_layer_of_three_by_loops_and_by_dot() -> None:
    loops = layer_by_loops([1.0, 2.0, 3.0, 2.5], WEIGHTS, BIASES)
    dot = np.dot(WEIGHTS, [1.0, 2.0, 3.0, 2.5]) + BIASES
    layer = Dense.from_arrays(np.array(WEIGHTS).T, np.array([BIASES]))
    assert loops == pytest.approx([4.8, 1.21, 2.385])
    assert dot == pytest.approx([4.8, 1.21, 2.385])
    assert layer.forward([1.0, 2.0, 3.0, 2.5])[0] == pytest.approx([4.8, 1.21, 2.385])


def test_batch_through_one_and_two_layers() -> None:
    example = load_preset("two-layers")
    trace = example.network.forward_trace(example.inputs)
    assert trace.ok
    np.testing.assert_allclose(
        trace.records[0].output, [[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026]], atol=1e-12
    )
    np.testing.assert_allclose(
        trace.records[1].output,
        [[0.5031, -1.04185, -2.03875], [0.2434, -2.7332, -5.7633], [-0.99314, 1.41254, -0.35655]],
        atol=1e-12,
    )


def test_random_dense_reproduces_the_notes_prints() -> None:
    np.random.seed(0)
    layer_1 = Dense(4, 5)
    layer_2 = Dense(5, 2)
    X = [[1, 2, 3, 2.5], [4, 5, 6, 1.2], [7, 8, 9, 1.45]]
    out1 = layer_1.forward(X)
    out2 = layer_2.forward(out1)
    with np.printoptions(precision=8):
        assert str(out1[0]) == "[0.01075813 0.10398352 0.02446241 0.0318215  0.01885105]"
        assert str(out1[2]) == "[0.06310363 0.25656684 0.12192168 0.16409525 0.19114024]"
        assert str(out2) == "[[ 0.00148296 -0.00083976]\n [ 0.00403334 -0.00065392]\n [ 0.006379   -0.0007635 ]]"
    assert layer_1.biases.shape == (1, 5) and not layer_1.biases.any()


def test_relu_on_spiral_matches_the_notes() -> None:
    dtype = nnfs_mode(0)
    X, _ = spiral_data(100, 3, dtype)
    layer = Dense(2, 5, weight_scale=0.01, dtype=dtype)
    z = layer.forward(X)
    out = ReLU().forward(z)
    assert z.dtype == np.float32
    assert z[1] == pytest.approx([-8.3581581e-05, -7.9040430e-05, -1.3345221e-04, 4.6550449e-05, 4.5684628e-06], rel=1e-6)
    assert out[-1] == pytest.approx([1.0781791e-02, 0, 0, 8.7256189e-03, 0], rel=1e-6)


def test_softmax_of_one_two_three() -> None:
    stages = softmax_stages([1, 2, 3])
    assert np.round(stages.normalised, 2) == pytest.approx([0.09, 0.24, 0.67])
    assert Softmax().forward(np.array([[1.0, 2.0, 3.0]]))[0] == pytest.approx(stages.normalised)


def test_loss_of_one_prediction() -> None:
    loss = CategoricalCrossentropy().forward(np.array([[0.7, 0.1, 0.2]]), np.array([0]))
    assert loss[0] == 0.35667494393873245
    one_hot = CategoricalCrossentropy().forward(np.array([[0.7, 0.1, 0.2]]), np.array([[1, 0, 0]]))
    assert one_hot[0] == 0.35667494393873245


def test_correct_confidences_sparse_and_one_hot() -> None:
    outputs = np.array([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]])
    assert correct_confidences(outputs, np.array([0, 1, 1])) == pytest.approx([0.7, 0.5, 0.9])
    one_hot = np.array([[1, 0, 0], [0, 1, 0], [0, 1, 0]])
    assert correct_confidences(outputs, one_hot) == pytest.approx([0.7, 0.5, 0.9])
    assert accuracy(outputs, np.array([0, 1, 1])) == 1.0
    assert accuracy(outputs, np.array([0, 1, 2])) == pytest.approx(2 / 3)


def test_notes_last_code_spiral_network() -> None:
    example = load_preset("spiral")
    trace = example.network.forward_trace(example.inputs, example.labels)
    out = trace.records[-1].output
    assert out.dtype == np.float32
    with np.printoptions(precision=8):
        assert str(out[0]) == "[0.33333334 0.33333334 0.33333334]"
        assert str(out[1]) == "[0.33331734 0.3333183  0.33336434]"
        assert str(out[4]) == "[0.33323312 0.33323926 0.33352762]"
    assert f"{trace.loss:.6f}" == "1.098445"
    assert trace.accuracy == pytest.approx(0.34)
    assert trace.error_rate == pytest.approx(0.66)


def test_spiral_network_written_as_the_notes_write_it() -> None:
    # The same network built by hand from classes, not from the preset.
    dtype = nnfs_mode(0)
    X, y = spiral_data(samples=100, classes=3, dtype=dtype)
    network = Network([Step(Dense(2, 3, weight_scale=0.1, dtype=dtype), ReLU()),
                       Step(Dense(3, 3, weight_scale=0.1, dtype=dtype), Softmax())])
    out = network.forward(X)
    loss = CategoricalCrossentropy().calculate(out, y)
    assert loss == pytest.approx(1.098445, abs=1e-6)
