"""The decision map and the update sizes the training view draws."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Dense, Linear, Network, ReLU, Softmax, Step
from engine.boundary import cell_of, data_range, decision_grid, grid_points
from engine.updates import heat_levels, update_ratios


def test_the_grid_runs_top_to_bottom_and_left_to_right() -> None:
    points = grid_points((0, 4), (0, 2), 4, 2)
    assert points.shape == (8, 2)
    np.testing.assert_allclose(points[0], [0.5, 1.5])  # top left: smallest x, largest y
    np.testing.assert_allclose(points[3], [3.5, 1.5])
    np.testing.assert_allclose(points[4], [0.5, 0.5])


def test_a_network_that_splits_on_x_draws_a_vertical_boundary() -> None:
    # class 1 when x > 0: outputs (-x, x)
    layers = [(np.array([[-1.0, 1.0], [0.0, 0.0]]), np.zeros((1, 2)), Softmax())]
    grid = decision_grid(layers, (-1, 1), (-1, 1), 4, 3)
    assert grid.tolist() == [[0, 0, 1, 1]] * 3


def test_the_map_matches_the_networks_own_forward_pass() -> None:
    np.random.seed(0)
    network = Network([Step(Dense(2, 8, weight_scale=1.0), ReLU()), Step(Dense(8, 3, weight_scale=1.0), Softmax())])
    layers = [(s.dense.weights, s.dense.biases, s.activation) for s in network.steps]
    grid = decision_grid(layers, (-1, 1), (-2, 2), 7, 5)
    expected = np.argmax(network.forward(grid_points((-1, 1), (-2, 2), 7, 5)), axis=1).reshape(5, 7)
    np.testing.assert_array_equal(grid, expected)


def test_a_map_needs_two_features() -> None:
    with pytest.raises(ValueError, match="two input features"):
        decision_grid([(np.zeros((3, 2)), np.zeros((1, 2)), Linear())], (0, 1), (0, 1), 2, 2)


def test_samples_land_in_their_cells_and_the_range_has_a_margin() -> None:
    assert data_range(np.array([0.0, 10.0])) == (-1.0, 11.0)
    assert data_range(np.array([3.0, 3.0])) == (2.9, 3.1)
    cells = cell_of(np.array([[0.1, 0.9], [0.9, 0.1], [5.0, -5.0]]), (0, 1), (0, 1), 10, 10)
    assert cells.tolist() == [[0, 1], [9, 9], [9, 9]]


def test_update_ratio_is_the_step_over_the_weights() -> None:
    before = [(np.array([[3.0, 0.0]]), np.array([[0.0, 0.0]]))]
    after = [(np.array([[3.0, 4.0]]), np.array([[0.0, 0.0]]))]
    assert update_ratios(before, after) == [pytest.approx(4 / 5)]
    assert update_ratios(after, after) == [0.0]


def test_heat_levels_are_signed_and_scaled_to_the_largest() -> None:
    levels = heat_levels(np.array([[-2.0, 0.0, 1.0, 0.01, np.nan]]), 4)
    assert levels.tolist() == [[-4, 0, 2, 1, 0]]
    assert heat_levels(np.zeros((2, 2)), 4).tolist() == [[0, 0], [0, 0]]
