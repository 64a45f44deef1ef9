"""The training view's pictures as arrays: the decision map (two-feature inputs), the fitted
curve (a one-input, one-output regression network) and the gradients' scales. One function,
``pictures``, draws them from any weights: the document's (not training) or a copy of the
trainer's (in the worker, ``snapshot``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine import Network, loss_choice
from engine.boundary import Layer, cell_of, data_range, decision_grid
from engine.curve import curve_points
from engine.training import Trainer

Ranges = tuple[tuple[float, float], tuple[float, float]]  # (x range, y range)
Gradients = list[tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Frame:
    """Where the pictures are drawn: the map's ranges (None: no map) and the fitted
    curve's (None: the map shows instead)."""

    map_ranges: Ranges | None = None
    curve_ranges: Ranges | None = None


@dataclass(frozen=True)
class Snapshot:
    """What the pictures need, taken in the worker from a copy of the weights."""

    gradients: Gradients
    ratios: list[float]
    grid: np.ndarray | None
    scales: list[float | None]  # each layer's gradient_scale: a pass over millions of values
    curve: np.ndarray | None = None  # a regression network's output over x (the fitted curve)


def shows_curve(network: Network, inputs: np.ndarray, labels: np.ndarray | None, loss: str | None) -> bool:
    """Whether the lower left panel is the fitted curve: a network of one input and one
    output, a regression ``loss``, and one-feature inputs with targets to draw."""
    steps = network.steps
    return (
        bool(steps)
        and steps[0].dense.n_inputs == 1
        and steps[-1].dense.n_neurons == 1
        and loss in (loss_choice.SQUARED, loss_choice.ABSOLUTE)
        and inputs.ndim == 2
        and inputs.shape[1] == 1
        and labels is not None
        and len(labels) == len(inputs)
    )


def frame_for(network: Network, inputs: np.ndarray, labels: np.ndarray | None, loss: str | None) -> Frame:
    """The pictures' ranges for this network and data (``loss``: the one training uses)."""
    map_ranges = (data_range(inputs[:, 0]), data_range(inputs[:, 1])) if inputs.ndim == 2 and inputs.shape[1] == 2 else None
    curve_ranges = None
    if labels is not None and shows_curve(network, inputs, labels, loss):
        curve_ranges = (data_range(inputs[:, 0], 0.0), data_range(labels, 0.1))
    return Frame(map_ranges, curve_ranges)


def pictures(layers: Sequence[Layer], frame: Frame, map_size: tuple[int, int],
             curve_count: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(class map, fitted curve's outputs) of these weights, each None where the frame has
    no such picture or the network cannot run on it."""
    grid = curve = None
    if frame.map_ranges is not None:
        width, height = map_size
        try:
            grid = decision_grid(layers, frame.map_ranges[0], frame.map_ranges[1], width, height)
        except ValueError:  # ShapeError too
            grid = None
    if frame.curve_ranges is not None:
        try:
            curve = curve_points(layers, frame.curve_ranges[0], curve_count)[1]
        except ValueError:
            curve = None
    return grid, curve


def map_samples(inputs: np.ndarray, labels: np.ndarray | None, map_ranges: Ranges,
                grid_shape: tuple[int, ...]) -> list[tuple[int, int, int]]:
    """Each sample as the map marks it: (character row, column, class), on a grid of
    ``grid_shape`` (two grid rows a character); class 0 without labels."""
    height, width = grid_shape
    cells = cell_of(inputs, map_ranges[0], map_ranges[1], width, height)
    classes = labels if labels is not None else np.zeros(len(cells), dtype=np.int64)
    return [(int(r) // 2, int(c), int(k)) for (r, c), k in zip(cells, classes)]


def network_layers(network: Network) -> list[Layer]:
    """The network's own weights as ``pictures`` takes them (the UI thread's, not training)."""
    return [(step.dense.weights, step.dense.biases, step.activation) for step in network.steps]


def gradient_scale(dweights: np.ndarray) -> float | None:
    """The largest finite |dweights| (None if none): the heat map's full colour.

    A pass over the whole matrix (4 million values in the largest layer allowed):
    the training worker computes it for every layer with its snapshot, so that the UI
    thread never does while training runs (it made "]" take 100-300 ms).
    """
    values = np.asarray(dweights, dtype=np.float64)
    if not values.size:
        return None
    largest = float(np.max(np.abs(values)))  # NaN or inf if any is: then only the finite ones
    if not np.isfinite(largest):
        finite = np.abs(values[np.isfinite(values)])
        largest = float(finite.max()) if finite.size else 0.0
    return largest if largest > 0 else None


def snapshot(trainer: Trainer, frame: Frame, map_size: tuple[int, int], curve_count: int) -> Snapshot:
    """In the worker: the gradients and pictures of a copy of the trainer's current weights."""
    activations = [step.activation for step in trainer.network.steps]
    layers = [(w, b, a) for (w, b), a in zip(trainer.weights(), activations)]
    grid, curve = pictures(layers, frame, map_size, curve_count)
    ratios = trainer.last_update_ratios() if trainer.epoch > 0 else []
    gradients = trainer.layer_gradients()
    return Snapshot(gradients, ratios, grid, [gradient_scale(dweights) for dweights, _ in gradients], curve)
