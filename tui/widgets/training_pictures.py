"""The training view's lower pictures: the decision map (or, for a one-input regression
network, the fitted curve) beside the gradients."""

from __future__ import annotations

import numpy as np
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from engine import Network
from tui.training.fit_problem import map_note
from tui.training.pictures import Frame, map_samples
from tui.widgets.decision_boundary import DecisionBoundary
from tui.widgets.fitted_curve import FittedCurve
from tui.widgets.gradients_panel import GradientsPanel


class TrainingPictures(Horizontal):
    """The map or the fitted curve, and the gradients panel."""

    def compose(self) -> ComposeResult:
        with Vertical(id="train-map-box") as box:
            box.border_title = "Decision boundary"
            yield DecisionBoundary(id="train-map")
            yield FittedCurve(id="train-curve")
        with Vertical(id="train-grad-box") as box:
            box.border_title = "Gradients"
            yield GradientsPanel(id="train-gradients")

    def sizes(self) -> tuple[tuple[int, int], int]:
        """(the map's grid (width, height), how many x the curve is computed at): the
        pictures' resolution at the panels' size now."""
        return self.query_one(DecisionBoundary).map_size(), self.query_one(FittedCurve).curve_count()

    def show_map(self, frame: Frame, grid: np.ndarray | None, curve: np.ndarray | None, network: Network,
                 inputs: np.ndarray, labels: np.ndarray | None, problem: str) -> None:
        """The map of ``grid`` with the samples on it, or the fitted ``curve`` over the data, as
        ``frame`` says; a blank map says why (``problem``: what the view found wrong, if anything)."""
        board, plot = self.query_one(DecisionBoundary), self.query_one(FittedCurve)
        curve_ranges, map_ranges = frame.curve_ranges, frame.map_ranges
        board.display, plot.display = curve_ranges is None, curve_ranges is not None
        self.query_one("#train-map-box").border_title = "Decision boundary" if curve_ranges is None else "Fitted curve"
        if curve_ranges is not None:
            assert labels is not None
            x_range, y_range = curve_ranges
            plot.show(inputs[:, 0], labels, curve, x_range, y_range)
            return
        if map_ranges is None or grid is None:
            features = inputs.shape[1] if inputs.ndim == 2 else 0
            board.show(None, note=map_note(network, features, problem))
            return
        # One output (sigmoid) still tells two classes apart: 0 and 1 (engine.boundary).
        board.show(grid, map_samples(inputs, labels, map_ranges, grid.shape), max(network.steps[-1].dense.n_neurons, 2))
