"""The fitted curve of a one-input, one-output network: its output over a range of x.

The regression counterpart of ``engine.boundary``'s class map (the book's chapter 17 plots
``model.predict`` over the sine data's x). Pure NumPy, and it takes the layers as
(weights, biases, activation) so that a thread can compute it on a snapshot of the weights
while training goes on with the live ones. No dropout: this is the network's inference, as
the workbench shows it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.boundary import Layer


def curve_points(layers: Sequence[Layer], x_range: tuple[float, float], count: int) -> tuple[np.ndarray, np.ndarray]:
    """(xs, ys): ``count`` evenly spaced x over ``x_range`` and the network's output at each.

    The layers must take one input and the last must give one output.
    """
    if not layers:
        raise ValueError("a network needs at least one layer to predict anything")
    if count < 2:
        raise ValueError(f"a curve needs at least two points, not {count}")
    if layers[0][0].shape[0] != 1:
        raise ValueError(f"a fitted curve needs one input; the first layer takes {layers[0][0].shape[0]}")
    if layers[-1][0].shape[1] != 1:
        raise ValueError(f"a fitted curve needs one output; the last layer gives {layers[-1][0].shape[1]}")
    xs = np.linspace(x_range[0], x_range[1], count)
    output = xs.reshape(-1, 1).astype(layers[0][0].dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        for weights, biases, activation in layers:
            output = activation.apply(output @ weights + biases.reshape(1, -1))
    return xs, np.asarray(output[:, 0], dtype=np.float64)


__all__ = ["curve_points"]
