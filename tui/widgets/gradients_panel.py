"""The selected layer's gradients, as a heat map and as numbers, and each layer's update size.

Colour by magnitude (relative to the largest gradient of the matrix), hue by sign: red
for positive (the step will lower that weight), blue for negative. The numbers below are
the same matrix's first rows and columns. The levels and ratios come from engine.updates.
"""

from __future__ import annotations

from textwrap import wrap

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from engine.numbers import format_number, plural
from engine.updates import heat_levels
from tui.format import fit_number
from tui.training.pictures import gradient_scale

NO_GRADIENTS = "No gradients yet: they appear after the first training step."

LEVELS = 4
POSITIVE = ("#3a1c1c", "#7a2a2a", "#b83a3a", "#ff5f5f")
NEGATIVE = ("#1c243a", "#2a3f7a", "#3a5fb8", "#5f9fff")
ZERO = "#303030"
CELL = 9  # characters per number


def _make_heat_style(level: int) -> Style:
    if level == 0:
        return Style(color=ZERO)
    palette = POSITIVE if level > 0 else NEGATIVE
    return Style(color=palette[min(abs(level), LEVELS) - 1])


# Made once: the heat map asks for one per cell, hundreds per frame while training runs.
_HEAT_STYLES = {level: _make_heat_style(level) for level in range(-LEVELS, LEVELS + 1)}


def _heat_style(level: int) -> Style:
    return _HEAT_STYLES[max(-LEVELS, min(LEVELS, level))]


def ratio_word(ratio: float) -> str:
    if not np.isfinite(ratio):
        return "weights all 0"
    if ratio == 0:
        return "not moving"
    if ratio > 1e-1:
        return "large: lower the learning rate"
    if ratio < 1e-6:
        return "tiny: raise the learning rate"
    return "ok (about 1e-3 is typical)"


class GradientsPanel(Widget):
    """dweights and dbiases of one layer, plus |update| / |weights| for every layer."""

    DEFAULT_CSS = """
    GradientsPanel { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.layer_index = 0
        self.gradients: list[tuple[np.ndarray, np.ndarray]] = []
        self.ratios: list[float] = []
        self._scales: dict[int, float | None] = {}  # per layer: gradient_scale, given or found once per show()
        self._drawn: tuple[int, list[Text]] | None = None  # (width, lines) since the last show()

    def show(
        self,
        layer: int,
        gradients: list[tuple[np.ndarray, np.ndarray]],
        ratios: list[float],
        scales: list[float | None] | None = None,
    ) -> None:
        """``scales``: each layer's ``gradient_scale``, if already known (the worker's)."""
        shape_before = self._shape()
        if scales is not None:
            self._scales = dict(enumerate(scales))
        elif gradients is not self.gradients:
            self._scales = {}
        self.layer_index, self.gradients, self.ratios = layer, gradients, ratios
        self._drawn = None
        # A relayout of the screen is costly while training: only when the height may change.
        self.refresh(layout=self._shape() != shape_before)

    def _shape(self) -> tuple[object, ...]:
        index = min(self.layer_index, len(self.gradients) - 1)
        return (index, self.gradients[index][0].shape if self.gradients else None, len(self.ratios))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(self._lines(width))

    def render(self) -> Text:
        out = Text("\n").join(self._lines(self.size.width))
        out.no_wrap, out.overflow = True, "ellipsis"
        return out

    def _scale(self, index: int) -> float | None:
        """The layer's ``gradient_scale``: given with the gradients while training, else
        found once per show() (not at every layout and render)."""
        if index not in self._scales:
            self._scales[index] = gradient_scale(self.gradients[index][0])
        return self._scales[index]

    def _lines(self, width: int) -> list[Text]:
        """The panel's lines at this width; made once per show() (layout and render both ask)."""
        if self._drawn is None or self._drawn[0] != width:
            self._drawn = (width, self._make_lines(width))
        return self._drawn[1]

    def _make_lines(self, width: int) -> list[Text]:
        width = max(width, 20)
        lines: list[Text] = []
        if not self.gradients:
            return [Text(line, "dim") for line in wrap(NO_GRADIENTS, width)]  # a narrow panel: lines, not cut
        index = min(self.layer_index, len(self.gradients) - 1)
        dweights, dbiases = self.gradients[index]
        # The longer side runs across the screen.
        across = dweights.shape[1] >= dweights.shape[0]
        shown = dweights if across else dweights.T
        rows_are = "inputs" if across else "neurons"
        title = Text(f"Layer {index + 1} of {len(self.gradients)}  ", "bold")
        title.append(f"dweights {dweights.shape}", "bold")
        lines.append(title)
        lines.append(Text(f"rows: {rows_are} · [ ] layer", "dim"))
        columns = min(shown.shape[1], width - 4)
        # Only the cells on screen, coloured against the whole matrix's largest.
        scale = self._scale(index)
        part = shown[:12, :columns]
        levels = heat_levels(part, LEVELS, scale) if scale is not None else heat_levels(part, LEVELS)
        cell = max(1, min(4, (width - 4) // max(columns, 1)))
        for r in range(min(shown.shape[0], 12)):
            text = Text(f"{r:>3} ", "dim")
            for c in range(columns):
                text.append("█" * cell, _heat_style(int(levels[r, c])))
            if shown.shape[1] > columns:
                text.append("…", "dim")
            lines.append(text)
        if shown.shape[0] > 12:
            lines.append(Text(f"    … {plural(shown.shape[0] - 12, 'more row')}", "dim"))
        bias_levels = heat_levels(dbiases.reshape(1, -1), LEVELS, scale)
        text = Text("  b ", "dim")
        for c in range(min(bias_levels.shape[1], width - 4) if across else min(bias_levels.shape[1], 12)):
            text.append("█" * (cell if across else 1), _heat_style(int(bias_levels[0, c])))
        lines.append(text)
        key = Text("    ")
        key.append("█", _heat_style(LEVELS))
        key.append(" positive  ", "dim")
        key.append("█", _heat_style(-LEVELS))
        key.append(" negative", "dim")
        lines.append(key)
        # The numbers: as many as fit.
        lines.append(Text("dweights (stored: inputs × neurons)", "bold"))
        fit = max((width - 4) // CELL, 1)
        for r in range(min(dweights.shape[0], 6)):
            text = Text(f"{r:>3} ", "dim")
            for c in range(min(dweights.shape[1], fit)):
                text.append(fit_number(float(dweights[r, c]), CELL - 1, 3).rjust(CELL - 1) + " ")
            if dweights.shape[1] > fit:
                text.append("…", "dim")
            lines.append(text)
        if dweights.shape[0] > 6:
            lines.append(Text(f"    … {plural(dweights.shape[0] - 6, 'more row')}", "dim"))
        text = Text("  b ", "dim")
        for c in range(min(dbiases.size, fit)):
            text.append(fit_number(float(dbiases.ravel()[c]), CELL - 1, 3).rjust(CELL - 1) + " ")
        lines.append(text)
        lines.append(Text("|update| / |weights| per step", "bold"))
        for number, ratio in enumerate(self.ratios, start=1):
            text = Text(f"  layer {number}: ", "bold" if number == index + 1 else "")
            text.append(format_number(ratio, 3).strip() if np.isfinite(ratio) else "inf")
            text.append(f"  {ratio_word(ratio)}", "dim")
            lines.append(text)
        if not self.ratios:
            lines.append(Text("  measured while training runs", "dim"))
        return lines
