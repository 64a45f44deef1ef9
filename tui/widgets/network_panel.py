"""The layers in order, each with its shape, activation and parameters, and the totals.

One widget that draws its own lines: the first version was a container holding an
OptionList and a Static, three widgets (and an OptionList's five component classes) to
style before the first frame, for a list of at most 16 short lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from engine.losses import regularization_loss
from engine.numbers import exact_number, format_number, plural
from tui.document.changes import regularizers_of
from tui.document.state import Document
from tui.widgets.cell_styles import cell_styles
from tui.widgets.text_strip import text_strip

MAX_LINES = 9  # layer lines shown at once; more layers scroll with the selection


class LayerRow(NamedTuple):
    """One layer's line in parts, so that it can be laid out for the panel's width."""

    prefix: str  # the mark and the layer's number
    style: str  # the mark's and the shape's style ("" for the plain shape)
    shape: str  # "1900→1900"
    activation: str
    params: int
    dropout: float = 0.0  # the rate of a Dropout after the activation; 0: none
    regularizers: str = ""  # its L1/L2 strengths in use (regularizers_text); "": none

    def full(self) -> Text:
        """The usual line: ``1 Dense 4→3 none        15``."""
        line = Text()
        line.append(f"{self.prefix} ", self.style)
        line.append(f"Dense {self.shape}", self.style or "bold")
        line.append(f" {self.activation:<7}", "italic")
        line.append(f"{self.params:>7,}", "dim")
        return line

    def compact(self, shape_width: int, activation_width: int, params_width: int) -> Text:
        """Without the word "Dense" (every layer is one) and in aligned columns: the count whole."""
        line = Text()
        line.append(f"{self.prefix} ", self.style)
        line.append(f"{self.shape:<{shape_width}}", self.style or "bold")
        line.append(f" {self.activation:<{activation_width}} ", "italic")
        line.append(f"{self.params:>{params_width},}", "dim")
        return line


    def dropout_line(self) -> Text:
        """``   dropout 0.1``: a step of its own, as in the book's model, with no parameters."""
        line = Text(" " * len(self.prefix) + " ")
        line.append(f"dropout {exact_number(self.dropout)}", "italic")
        return line

    def extra_lines(self) -> list[Text]:
        """The lines under the layer's own: its regularizers (``L2 w 0.0005 b 0.0005``), then its dropout."""
        lines = []
        if self.regularizers:
            lines.append(Text(" " * len(self.prefix) + " ").append(self.regularizers, "italic"))
        if self.dropout > 0:
            lines.append(self.dropout_line())
        return lines


class ListedLine(NamedTuple):
    """A line of the list: the layer a click on it selects, and whether it is the selected
    layer's own (its line or its dropout's), drawn highlighted."""

    layer: int
    selected: bool


def fitted_lines(rows: list[LayerRow], width: int) -> list[Text]:
    """The layers' lines for a panel ``width`` columns wide (its content).

    The usual lines when all fit; else the compact ones, so that a count such as 3,611,900
    (Dense 1900→1900) is shown whole rather than cut to "3,611…".
    """
    full = [row.full() for row in rows]
    if all(line.cell_len <= width for line in full):
        return full
    shape = max((len(row.shape) for row in rows), default=0)
    activation = max((len(row.activation) for row in rows), default=0)
    params = max((len(f"{row.params:,}") for row in rows), default=0)
    return [row.compact(shape, activation, params) for row in rows]


def layer_window(heights: list[int], selected: int, room: int) -> tuple[int, int] | None:
    """Which layers [first, last) to list in ``room`` lines, around the selected one.

    A layer takes ``heights[i]`` lines (its line, and its dropout's); a marker line above
    and below says how many layers are out of sight. The window grows a layer at a time,
    above then below, while it fits. None when not even the selected layer fits with its
    markers.
    """
    count = len(heights)

    def needed(first: int, last: int) -> int:
        return sum(heights[first:last]) + (first > 0) + (last < count)

    first, last = selected, selected + 1
    if needed(first, last) > room:
        return None
    grew = True
    while grew:
        grew = False
        if first > 0 and needed(first - 1, last) <= room:
            first, grew = first - 1, True
        if last < count and needed(first, last + 1) <= room:
            last, grew = last + 1, True
    return first, last


class NetworkPanel(Widget, can_focus=True):
    """Network: Dense n_in -> n_out, activation, parameters; totals and the notes' count."""

    DEFAULT_CSS = """
    NetworkPanel {
        height: auto;
    }
    """

    BINDINGS = [
        Binding("up", "select(-1)", "Previous layer", show=False),
        Binding("down", "select(1)", "Next layer", show=False),
        Binding("home", "select(-100)", "First layer", show=False),
        Binding("end", "select(100)", "Last layer", show=False),
    ]

    @dataclass
    class LayerSelected(Message):
        """The user chose layer ``index`` (0-based)."""

        panel: NetworkPanel
        index: int

        @property
        def control(self) -> NetworkPanel:
            return self.panel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Text] = []  # one per layer, as shown when they fit
        self.rows: list[LayerRow] = []  # the same in parts, laid out for the width (fitted_lines)
        self.selected = 0
        self.totals = Text()
        self.loss = Text()  # "loss: binary cross-entropy", or empty: under the totals when there is room
        self._version = 0  # counts the changes of what is shown
        self._strips_key: tuple[int, bool, int] | None = None
        self._strips: list[Strip] = []

    def show(self, document: Document) -> None:
        trace = document.trace
        error_layer = trace.error.layer if trace.error is not None else None
        rows = []
        digits = len(str(len(document.network)))  # so that the columns line up past layer 9
        for index, step in enumerate(document.network.steps):
            dense = step.dense
            n_in, n_out = dense.weights.shape
            params = dense.weights.size + dense.biases.size
            if error_layer == index + 1:
                # Light on red, not red on the selection's background: readable in 16 colours and NO_COLOR's greys.
                mark, style = "✗", "bold bright_white on red"
            elif document.step is not None and document.step.layer == index:
                mark, style = ("◀" if document.step.backward else "▶"), "bold"  # the way the pass goes
            elif document.step is not None and not document.computed(index, 0):
                mark, style = "·", "dim"
            else:
                mark, style = " ", ""
            rows.append(LayerRow(
                f"{mark}{index + 1:<{digits}}", style, f"{n_in}→{n_out}", step.activation.label, params, step.dropout,
                regularizers_text(regularizers_of(dense)),
            ))
        totals, loss = totals_text(document), loss_text(document)
        if (rows, document.selected, totals, loss) != (self.rows, self.selected, self.totals, self.loss):
            # The height follows the lines: one per layer, and one for its dropout and its regularizers.
            layout = ([len(row.extra_lines()) for row in rows] != [len(row.extra_lines()) for row in self.rows]
                      or (totals, loss) != (self.totals, self.loss))
            self.rows, self.selected, self.totals, self.loss = rows, document.selected, totals, loss
            self.lines = [row.full() for row in rows]
            self._version += 1
            self.refresh(layout=layout)

    # ------------------------------------------------------------------ drawing
    def _lines(self, width: int) -> tuple[list[ListedLine], list[Text], list[Text]]:
        """What the panel shows at this width: what each listed line is, the list, the totals.

        The totals always show in full under the list, wrapped inside a margin of one column;
        the list gets the lines left over within the panel's max-height (at most MAX_LINES).
        The loss in use follows the totals, unless its line would leave a cut list without
        room to say how many layers are out of sight.
        A layer with dropout takes a second line. A cut list says so in its first and last
        lines ("↑ 3 more"), around the selected layer; with no room for that, it shows the
        selected layer and how many others there are.
        """
        wrap_width = max(width - 2, 8)
        totals = [Text(" ").append_text(line) for line in self.totals.wrap(self.app.console, wrap_width)]
        loss = [Text(" ").append_text(line) for line in self.loss.wrap(self.app.console, wrap_width)] if self.loss else []
        layers = fitted_lines(self.rows, width)
        count = len(layers)
        heights = [1 + len(row.extra_lines()) for row in self.rows]
        room = MAX_LINES
        max_height = self.styles.max_height
        if max_height is not None and max_height.is_cells:
            room = min(room, int(max_height.value) - self.styles.gutter.height - len(totals))
            if sum(heights) > room - len(loss) and room - len(loss) < 2:
                loss = []  # the list's "… 3 more layers" matters more on a small screen
            room -= len(loss)
        totals += loss
        room = max(room, 1)
        # Under 3 lines, markers would leave no room for a layer between them: the
        # selected layer alone, and how many others there are.
        fits = sum(heights) <= room
        window = (0, count) if fits else (layer_window(heights, self.selected, room) if room >= 3 else None)
        selected = self.selected
        if window is None:
            listed = [ListedLine(selected, True)]
            lines = [layers[selected]]
            more = Text(f" … {plural(count - 1, 'more layer')}: ↑ ↓", "dim")
            if room >= 2 and heights[selected] > 1:
                # Its dropout, and the others' count after it when both fit the width.
                dropout = self.rows[selected].extra_lines()[0]
                if room == 2 and dropout.cell_len + more.cell_len + 2 <= width:
                    dropout.append(" ·", "dim").append_text(more[2:])  # "dropout 0.1 · 1 more layer: ↑ ↓"
                listed.append(ListedLine(selected, True))
                lines.append(dropout)
            if len(lines) < room and count > 1:
                listed.append(ListedLine(min(selected + 1, count - 1), False))
                lines.append(more)
            return listed, lines, totals
        first, last = window
        listed, lines = [], []
        if first > 0:  # layers 1 to first are out of sight; a click shows the nearest of them
            listed.append(ListedLine(first - 1, False))
            lines.append(Text(f" ↑ {first} more", "dim"))
        for index in range(first, last):
            listed.append(ListedLine(index, index == selected))
            lines.append(layers[index])
            for extra in self.rows[index].extra_lines():
                listed.append(ListedLine(index, index == selected))
                lines.append(extra)
        if last < count:
            listed.append(ListedLine(last, False))
            lines.append(Text(f" ↓ {count - last} more", "dim"))
        return listed, lines, totals

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        _, listed, totals = self._lines(width)
        return len(listed) + len(totals)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        key = (width, self.has_focus, self._version)
        if self._strips_key != key:
            self._strips_key = key
            palette = cell_styles(self.app.theme_variables, self.rich_style)
            listed, lines, totals = self._lines(width)
            self._strips = []
            for number, line in enumerate(lines + totals):
                if number < len(listed) and listed[number].selected:
                    base = palette["cursor" if self.has_focus else "highlight"]
                else:
                    base = palette["base"]
                self._strips.append(text_strip(line, width, base, self.app.console))
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.rich_style)

    def notify_style_update(self) -> None:
        self._strips_key = None  # a new theme or restyle: draw the lines again
        super().notify_style_update()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # ------------------------------------------------------------------ selection
    def action_select(self, delta: int) -> None:
        self._select(min(max(self.selected + delta, 0), len(self.lines) - 1))

    def _select(self, index: int) -> None:
        if index != self.selected:
            self.selected = index
            self._version += 1
            self.refresh()
            self.post_message(self.LayerSelected(self, index))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        listed, _, _ = self._lines(self.size.width)
        if offset is not None and 0 <= offset.y < len(listed):
            # A marker line selects the layer it hides next to the list: the list moves by one.
            self._select(listed[offset.y].layer)


def totals_text(document: Document) -> Text:
    weights, biases, total = document.counts()
    inputs = document.network.layer_sizes[0] if len(document.network) else 0
    sizes = "-".join(str(n) for n in document.network.layer_sizes)
    text = Text()
    text.append(f"{sizes}\n", "bold")
    text.append(f"{plural(weights, 'weight')} + {plural(biases, 'bias')}\n= {plural(total, 'parameter')}")
    if notes_figure_applies(document):
        text.append(
            f"\nThe notes' figure would say {plural(biases + inputs, 'bias')}, {total + inputs:,} in all: "
            f"it gives the {plural(inputs, 'input')} a bias too. Inputs are data, not neurons: no bias.",
            "dim",
        )
    return text


def loss_text(document: Document) -> Text:
    """The loss that scores the labels (chosen by the last activation), or empty: none.

    Only with labels: without them nothing is scored, and a first lesson on one neuron would
    read "loss: mean squared error" about a network that has no loss yet.
    """
    text = Text()
    if document.labels is not None and document.trace.loss_name is not None:
        text.append("loss: ", "bold")
        text.append(document.trace.loss_name)
    steps = document.network.steps
    if any(step.dense.regularized for step in steps):
        # What the layers' L1/L2 add to the loss (the book's reg_loss), with or without labels.
        text.append("\n" if text else "")
        text.append("regularization loss: ", "bold")
        text.append(format_number(sum(regularization_loss(step.dense) for step in steps), 8))
    return text


def regularizers_text(strengths: tuple[float, ...]) -> str:
    """``L1 w 0.0005 · L2 w 0.0005 b 0.0005``: the strengths in use (weight L1, weight L2,
    bias L1, bias L2, as ``tui.document.changes.REGULARIZERS``); "" when all are 0."""
    weight_l1, weight_l2, bias_l1, bias_l2 = strengths
    parts = []
    for name, weights, biases in (("L1", weight_l1, bias_l1), ("L2", weight_l2, bias_l2)):
        if weights or biases:
            parts.append(" ".join([name] + [f"{which} {exact_number(value)}"
                                            for which, value in (("w", weights), ("b", biases)) if value]))
    return " · ".join(parts)


def notes_figure_applies(document: Document) -> bool:
    """Whether the notes' parameter count (a bias for the input nodes too) explains something here.

    The notes count the nodes of a layered picture (10-32-32-32-2): the note is about a network
    with hidden layers whose shapes agree, so that its sizes draw such a picture. For one layer
    (a single neuron) or layers that do not chain (the transpose mistake), it would be false.
    """
    steps = document.network.steps
    if len(steps) < 2:
        return False
    chained = all(a.dense.n_neurons == b.dense.n_inputs for a, b in zip(steps, steps[1:]))
    return chained and document.counts() == document.nominal_counts()
