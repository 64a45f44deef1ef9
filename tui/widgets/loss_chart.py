"""Loss and accuracy curves, train and validation, drawn in braille dots.

The chart only draws what it is given (the epochs' figures, as the Trainer reported them);
two panes, loss on top and accuracy (0 to 1) below, each with its scale on the left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from rich.text import Text
from textual.widget import Widget

from engine.numbers import format_number
from tui.format import fit_number

# Braille dots: bit of the dot at (column 0/1, row 0..3) of a character cell.
_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
AXIS = 7  # characters for a scale label
# Loss in amber, not orange: a 16-colour terminal made #ff8700 bright red, the error colour.
SERIES = (("loss", "train", "#ffaf00"), ("loss", "val", "#5fafff"), ("accuracy", "train", "#5fff5f"), ("accuracy", "val", "#d787ff"))


class BrailleCanvas:
    """A width x height character grid of 2 x 4 dots each, one colour per character."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.bits = np.zeros((height, width), dtype=np.int64)
        self.colours: list[list[str]] = [[""] * width for _ in range(height)]

    def line(self, ys: np.ndarray, colour: str) -> None:
        """Plot one y pixel (0 = top) per x pixel, joining neighbours vertically; -1 skips."""
        previous = -1
        for x, y in enumerate(ys.tolist()):
            if y < 0:
                previous = -1
                continue
            low, high = (min(previous, y), max(previous, y)) if previous >= 0 else (y, y)
            for py in range(low, high + 1):
                row, column = py // 4, x // 2
                if 0 <= row < self.height and 0 <= column < self.width:
                    self.bits[row, column] |= _DOTS[py % 4][x % 2]
                    self.colours[row][column] = colour
            previous = y

    def dots(self, xs: np.ndarray, ys: np.ndarray, colour: str) -> None:
        """Set the dot at each (x, y) pixel (0, 0 = top left); pixels off the canvas are skipped."""
        for x, y in zip(xs.tolist(), ys.tolist()):
            row, column = y // 4, x // 2
            if 0 <= row < self.height and 0 <= column < self.width:
                self.bits[row, column] |= _DOTS[y % 4][x % 2]
                self.colours[row][column] = colour

    def lines(self) -> list[Text]:
        out = []
        for row in range(self.height):
            text = Text()
            for column in range(self.width):
                bits = int(self.bits[row, column])
                text.append(chr(0x2800 + bits) if bits else " ", self.colours[row][column] or None)
            out.append(text)
        return out


def _pixels(values: np.ndarray, epochs: np.ndarray, last_epoch: int, columns: int, low: float, high: float, rows: int) -> np.ndarray:
    """Each x pixel's y pixel (0 = top): the value of the latest epoch at or before it."""
    xs = np.linspace(0, max(last_epoch, 1), columns)
    index = np.searchsorted(epochs, xs, side="right") - 1
    out = np.full(columns, -1, dtype=np.int64)
    have = (index >= 0) & (xs <= epochs[-1] + 1e-9)
    vals = values[np.clip(index, 0, None)]
    have &= np.isfinite(vals)
    span = high - low if high > low else 1.0
    scaled = np.round((high - vals) / span * (rows - 1))
    out[have] = np.clip(scaled[have], 0, rows - 1).astype(np.int64)
    return out


class LossChart(Widget):
    """Loss (top) and accuracy (bottom) per epoch; train and validation."""

    DEFAULT_CSS = """
    LossChart { height: 14; text-wrap: nowrap; text-overflow: clip; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.epochs = np.zeros(0)
        self.series: dict[tuple[str, str], np.ndarray] = {}
        self.planned = 0

    def show(self, epochs: Sequence[int], series: Mapping[tuple[str, str], Sequence[float | None]], planned: int) -> None:
        """``series`` maps ("loss" | "accuracy", "train" | "val") to one value (or None) per epoch."""
        self.epochs = np.asarray(epochs, dtype=np.float64)
        self.series = {key: np.array([np.nan if v is None else v for v in values], dtype=np.float64) for key, values in series.items()}
        self.planned = planned
        self.refresh()

    def _latest(self, key: tuple[str, str]) -> float | None:
        values = self.series.get(key)
        if values is None or not len(values) or not np.isfinite(values[-1]):
            return None
        return float(values[-1])

    def legend(self) -> Text:
        text = Text()
        if not len(self.epochs):
            text.append("no epochs yet: space starts training", "dim")
            return text
        text.append(f"epoch {int(self.epochs[-1])}", "bold")
        for metric, which, colour in SERIES:
            value = self._latest((metric, which))
            if value is None:
                continue
            name = ("loss" if metric == "loss" else "acc") + (" val" if which == "val" else "")
            text.append("  ")
            text.append("━ ", colour)
            text.append(f"{name} ")
            text.append(format_number(value, 4).strip(), "bold")
        return text

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        plot_width = max(width - AXIS - 1, 4)
        # The legend, two panes with a rule between them, the epoch axis.
        pane = max((height - 3) // 2, 2)
        lines: list[Text] = [self.legend()]
        if not len(self.epochs):
            return Text("\n").join(lines)
        last = max(int(self.epochs[-1]), self.planned - 1, 1)
        loss_values = [v for key, v in self.series.items() if key[0] == "loss"]
        finite = np.concatenate([v[np.isfinite(v)] for v in loss_values]) if loss_values else np.zeros(0)
        loss_high = float(finite.max()) if finite.size else 1.0
        loss_low = float(finite.min()) if finite.size else 0.0
        for metric, low, high in (("loss", loss_low, loss_high), ("accuracy", 0.0, 1.0)):
            if metric == "accuracy":
                # A rule between the panes: the loss pane's lowest line no longer runs into
                # the accuracy pane's top, as if the two curves were one.
                lines.append(Text(" " * AXIS + "├" + "╌" * plot_width, "dim"))
            canvas = BrailleCanvas(plot_width, pane)
            for m, which, colour in SERIES:
                values = self.series.get((m, which))
                if m != metric or values is None or not len(values):
                    continue
                canvas.line(_pixels(values, self.epochs, last, plot_width * 2, low, high, pane * 4), colour)
            top, bottom = scale_labels(high, low)
            name = "loss" if metric == "loss" else "acc"
            for row, body in enumerate(canvas.lines()):
                if row == 0:
                    label = top
                elif row == pane - 1:
                    label = bottom
                elif row == pane // 2:
                    label = name
                else:
                    label = ""
                # Only the scale is dim: a dim curve was drawn darker than its legend's swatch
                # (in 16 colours another colour: yellow beside a red legend).
                line = Text.styled(label.rjust(AXIS)[:AXIS] + "│", "dim")
                line.append_text(body)
                lines.append(line)
        axis = Text(" " * AXIS + "└" + "0".ljust(plot_width - len(str(last))) + str(last), "dim")
        lines.append(axis)
        out = Text("\n").join(lines[:height])
        out.no_wrap, out.overflow = True, "crop"
        return out


def scale_labels(high: float, low: float) -> tuple[str, str]:
    """The labels of a pane's top and bottom: with the digits that tell them apart (1.0986 and
    1.0983, not 1.1 and 1.1); one label, at the top, when the values are the same."""
    for digits in range(3, 7):
        top, bottom = fit_number(high, AXIS, digits), fit_number(low, AXIS, digits)
        if top != bottom:
            return top, bottom
    return fit_number(high, AXIS, 3), ""
