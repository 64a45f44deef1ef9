"""The fitted curve of a one-input, one-output network (engine/curve.py)."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Linear, ReLU
from engine.curve import curve_points


def test_the_curve_is_the_networks_output_at_evenly_spaced_x() -> None:
    # y = relu(x) * 2 - 1 through two layers: w1 = 1, b1 = 0, relu; w2 = 2, b2 = -1, linear.
    layers = [
        (np.array([[1.0]]), np.array([[0.0]]), ReLU()),
        (np.array([[2.0]]), np.array([[-1.0]]), Linear()),
    ]
    xs, ys = curve_points(layers, (-1.0, 1.0), 5)
    assert xs.tolist() == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert ys.tolist() == [-1.0, -1.0, -1.0, 0.0, 1.0]


def test_a_network_of_two_inputs_or_outputs_has_no_curve() -> None:
    two_in = [(np.ones((2, 1)), np.zeros((1, 1)), Linear())]
    with pytest.raises(ValueError, match="one input; the first layer takes 2"):
        curve_points(two_in, (0.0, 1.0), 4)
    two_out = [(np.ones((1, 2)), np.zeros((1, 2)), Linear())]
    with pytest.raises(ValueError, match="one output; the last layer gives 2"):
        curve_points(two_out, (0.0, 1.0), 4)
