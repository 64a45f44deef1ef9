"""The decision boundary of a two-feature classifier: its predicted class over a grid.

A UI draws the returned class map as coloured cells and the samples over it. Pure NumPy:
it takes the layers as (weights, biases, activation) so that a thread can compute it on a
snapshot of the weights (``Trainer.weights()``) while training goes on with the live ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.activations import Activation

Layer = tuple[np.ndarray, np.ndarray, Activation]


def data_range(values: np.ndarray, margin: float = 0.1) -> tuple[float, float]:
    """(low, high) of ``values`` widened by ``margin`` of the span on each side; never empty."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return (-1.0, 1.0)
    low, high = float(values.min()), float(values.max())
    span = high - low if high > low else 1.0
    return (low - margin * span, high + margin * span)


def grid_points(x_range: tuple[float, float], y_range: tuple[float, float], width: int, height: int) -> np.ndarray:
    """The centres of a ``height`` x ``width`` grid of cells, row 0 at the top (largest y),
    as a (height * width, 2) batch of samples."""
    if width < 1 or height < 1:
        raise ValueError(f"a grid needs at least one cell, not {width} x {height}")
    x_step = (x_range[1] - x_range[0]) / width
    y_step = (y_range[1] - y_range[0]) / height
    xs = x_range[0] + (np.arange(width) + 0.5) * x_step
    ys = y_range[1] - (np.arange(height) + 0.5) * y_step
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def decision_grid(
    layers: Sequence[Layer],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    width: int,
    height: int,
) -> np.ndarray:
    """The predicted class (argmax of the output; output > 0.5 for a single output) of every
    grid cell, shape (height, width).

    Row 0 is the top of the picture (the largest y). The layers must take two inputs.
    """
    if not layers:
        raise ValueError("a network needs at least one layer to predict anything")
    if layers[0][0].shape[0] != 2:
        raise ValueError(f"a decision map needs two input features; the first layer takes {layers[0][0].shape[0]}")
    output = grid_points(x_range, y_range, width, height)
    with np.errstate(over="ignore", invalid="ignore"):
        for weights, biases, activation in layers:
            output = activation.apply(output @ weights + biases.reshape(1, -1))
    if output.shape[1] == 1:
        # One output (a sigmoid's, chapter 16): class 1 where it is above 0.5, as the book's
        # binary accuracy reads it; an argmax over one column would say class 0 everywhere.
        return (output[:, 0] > 0.5).astype(np.int64).reshape(height, width)
    return np.argmax(output, axis=1).reshape(height, width)


def cell_of(points: np.ndarray, x_range: tuple[float, float], y_range: tuple[float, float], width: int, height: int) -> np.ndarray:
    """The (row, column) grid cell of each 2-D point, clipped to the grid, shape (n, 2)."""
    points = np.asarray(points, dtype=np.float64)
    columns = np.floor((points[:, 0] - x_range[0]) / (x_range[1] - x_range[0]) * width)
    rows = np.floor((y_range[1] - points[:, 1]) / (y_range[1] - y_range[0]) * height)
    cells = np.column_stack([rows, columns]).astype(np.int64)
    np.clip(cells[:, 0], 0, height - 1, out=cells[:, 0])
    np.clip(cells[:, 1], 0, width - 1, out=cells[:, 1])
    return cells


__all__ = ["cell_of", "data_range", "decision_grid", "grid_points"]
