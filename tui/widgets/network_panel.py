"""The layers in order, each with its shape, activation and parameters, and the totals."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.state import Document
from tui.widgets.panel_text import update_text


class LayerList(OptionList):
    """One line per layer; the highlighted one is the selected layer."""


class NetworkPanel(Vertical):
    """Network: Dense n_in -> n_out, activation, parameters; totals and the notes' count."""

    class LayerSelected(Message):
        def __init__(self, panel: NetworkPanel, index: int) -> None:
            super().__init__()
            self.panel = panel
            self.index = index

        @property
        def control(self) -> NetworkPanel:
            return self.panel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Text] = []

    def compose(self) -> ComposeResult:
        yield LayerList(id="layer-list")
        yield Static(id="network-totals")

    def show(self, document: Document) -> None:
        layers = self.query_one(LayerList)
        trace = document.trace
        error_layer = trace.error.layer if trace.error is not None else None
        options = []
        for index, step in enumerate(document.network.steps):
            dense = step.dense
            n_in, n_out = dense.weights.shape
            params = dense.weights.size + dense.biases.size
            line = Text()
            if error_layer == index + 1:
                mark, style = "✗", "bold red"
            elif document.step is not None and document.step.layer == index:
                mark, style = "▶", "bold"
            elif document.step is not None and not document.computed(index, 0):
                mark, style = "·", "dim"
            else:
                mark, style = " ", ""
            line.append(f"{mark}{index + 1} ", style)
            line.append(f"Dense {n_in}→{n_out}", style or "bold")
            line.append(f" {step.activation.label:<7}", "italic")
            line.append(f"{params:>7,}", "dim")
            options.append(line)
        if options != self._lines:
            self._lines = options
            layers.set_options(Option(line, id=f"layer-{index}") for index, line in enumerate(options))
        if layers.highlighted != document.selected:
            layers.highlighted = document.selected
        update_text(self.query_one("#network-totals", Static), totals_text(document))

    @on(OptionList.OptionHighlighted, "#layer-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.LayerSelected(self, event.option_index))


def totals_text(document: Document) -> Text:
    weights, biases, total = document.counts()
    inputs = document.network.layer_sizes[0] if len(document.network) else 0
    sizes = "-".join(str(n) for n in document.network.layer_sizes)
    text = Text()
    text.append(f"{sizes}\n", "bold")
    text.append(f"{weights:,} weights + {biases:,} biases\n= {total:,} parameters\n")
    text.append(
        f"The notes' figure would say {biases + inputs:,} biases, {total + inputs:,} in all: "
        f"it gives the {inputs} inputs a bias too. Inputs are data, not neurons: no bias.",
        "dim",
    )
    return text
