"""The fitted curve: a regression network's output over x, with the data's points under it.

What the decision boundary is to a classifier, this is to a network of one input and one
output trained with a regression loss (the book's chapter 17 on sine data): the samples as
dots and the network's prediction as a line, in braille dots, the scale of y on the left and
of x below. The curve's values come from ``engine.curve``, computed by whoever owns the
weights (the training worker, on a snapshot).
"""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.widget import Widget

from tui.format import fit_number
from tui.widgets.loss_chart import AXIS, BrailleCanvas, scale_labels

DATA_COLOUR = "#5fafff"
CURVE_COLOUR = "#ff8700"


def _scaled(values: np.ndarray, low: float, high: float, pixels: int, flip: bool) -> np.ndarray:
    """Each value's pixel in [0, pixels); ``flip``: the high end at pixel 0 (a screen's top)."""
    span = high - low if high > low else 1.0
    fraction = (np.asarray(values, dtype=np.float64) - low) / span
    if flip:
        fraction = 1.0 - fraction
    with np.errstate(invalid="ignore"):
        scaled = np.round(fraction * (pixels - 1))
    return np.where(np.isfinite(scaled), scaled, -(10**9)).astype(np.int64)


def _resampled(curve: np.ndarray, count: int) -> np.ndarray:
    """``curve`` (values at evenly spaced x) at ``count`` evenly spaced x over the same range:
    a curve computed before the panel had its size is drawn at the size it has now."""
    if len(curve) == count or len(curve) < 2:
        return curve
    with np.errstate(invalid="ignore"):
        return np.interp(np.linspace(0.0, 1.0, count), np.linspace(0.0, 1.0, len(curve)), curve)


class FittedCurve(Widget):
    """Shows the data's (x, y) points and a curve over x, on one pair of scales."""

    DEFAULT_CSS = """
    FittedCurve { height: 1fr; min-height: 8; text-wrap: nowrap; text-overflow: clip; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.x: np.ndarray = np.zeros(0)
        self.y: np.ndarray = np.zeros(0)
        self.curve: np.ndarray | None = None  # the network's y at curve_count() evenly spaced x
        self.x_range = (0.0, 1.0)
        self.y_range = (0.0, 1.0)
        self.note = "No curve yet."

    def plot_size(self) -> tuple[int, int]:
        """(columns, rows) of the plot, without the scale, legend and x axis."""
        return max(self.size.width - AXIS - 1, 4), max(self.size.height - 2, 2)

    def curve_count(self) -> int:
        """How many x the curve needs: one per dot column of the plot."""
        return self.plot_size()[0] * 2

    def show(
        self,
        x: np.ndarray,
        y: np.ndarray,
        curve: np.ndarray | None,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        note: str = "",
    ) -> None:
        """``curve``: the network's output at evenly spaced x over ``x_range`` (None: none yet)."""
        self.x, self.y = np.asarray(x, dtype=np.float64).ravel(), np.asarray(y, dtype=np.float64).ravel()
        self.curve = None if curve is None else np.asarray(curve, dtype=np.float64).ravel()
        self.x_range, self.y_range, self.note = x_range, y_range, note
        self.refresh()

    def legend(self) -> Text:
        text = Text()
        text.append("· ", DATA_COLOUR)
        text.append("data")
        text.append("  ━ ", CURVE_COLOUR)
        text.append("the network's output" if self.curve is not None else (self.note or "no output yet"))
        return text

    def render(self) -> Text:
        columns, rows = self.plot_size()
        canvas = BrailleCanvas(columns, rows)
        (x_low, x_high), (y_low, y_high) = self.x_range, self.y_range
        if len(self.x):
            canvas.dots(
                _scaled(self.x, x_low, x_high, columns * 2, False),
                _scaled(self.y, y_low, y_high, rows * 4, True),
                DATA_COLOUR,
            )
        if self.curve is not None and len(self.curve):
            ys = _scaled(_resampled(self.curve, columns * 2), y_low, y_high, rows * 4, True)
            # Off the scale (a curve far from the data): not drawn there, rather than clipped.
            ys[(ys < 0) | (ys >= rows * 4)] = -1
            canvas.line(ys, CURVE_COLOUR)  # drawn last: where the two meet, the curve shows
        top, bottom = scale_labels(y_high, y_low)
        lines = [self.legend()]
        for row, body in enumerate(canvas.lines()):
            label = top if row == 0 else bottom if row == rows - 1 else "y" if row == rows // 2 else ""
            line = Text(label.rjust(AXIS)[:AXIS] + "│", "dim")
            line.append_text(body)
            lines.append(line)
        left, right = fit_number(x_low, AXIS, 3), fit_number(x_high, AXIS, 3)
        axis = " " * AXIS + "└" + left.strip().ljust(max(columns - len(right.strip()) - 3, 1)) + "x  " + right.strip()
        lines.append(Text(axis, "dim"))
        out = Text("\n").join(lines)
        out.no_wrap, out.overflow = True, "crop"
        return out
