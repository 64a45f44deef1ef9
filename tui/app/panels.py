"""Drawing the panels: every panel of the workbench from the document and its trace.

``WorkbenchApp.render_document`` is the one place the panels are updated; ``PanelPainter``
does the drawing for it, looking each panel up once (every edit redraws them all).
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

import numpy as np
from rich.text import Text
from textual.app import App
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

from engine import PRESETS, load_preset
from engine.loss_choice import ABSOLUTE, SQUARED
from engine.network import Network, Trace
from engine.numbers import format_number
from tui.app.backward_panels import loss_note, paint_gradient_grids, paint_stage, stage_cell, stage_grid
from tui.app.captions import caption
from tui.app.curve_panel import paint_curve
from tui.app.layout import LABEL_CELL_WIDTH
from tui.document.overflow import not_scored_reason
from tui.document.state import Document, StepPosition
from tui.widgets.error_panel import ErrorPanel
from tui.widgets.explain_panel import ExplainPanel
from tui.widgets.layout import moved_the_panels
from tui.widgets.network_panel import NetworkPanel
from tui.widgets.panel_text import update_text
from tui.widgets.shape_chain import ShapeChain

ACTIVATION_WORDS = {"linear": "no activation", "relu": "after ReLU", "sigmoid": "after sigmoid", "softmax": "after softmax"}


class PanelPainter:
    """Draws the workbench's panels, found under ``root`` (the App)."""

    def __init__(self, root: DOMNode) -> None:
        self.root = root
        self._panels: dict[str | type[Widget], Widget] = {}
        self._borders: dict[str, tuple[str, str | None]] = {}
        self._stage_in_view: StepPosition | None = None

    def panel(self, selector: str | type[Widget]) -> Any:
        """A panel of the main screen, looked up once (every edit redraws them all)."""
        widget = self._panels.get(selector)
        if widget is None:
            widget = self._panels[selector] = self.root.query_one(selector)
        return widget

    def on_screen(self) -> bool:
        """False once the app shuts down: a message queued behind the quit finds the panels gone."""
        try:
            self.root.query_one(ShapeChain)
        except NoMatches:
            return False
        return True

    def set_border(self, selector: str, title: str, subtitle: str | None = None) -> None:
        """Border texts, set only when they change: setting one repaints the whole panel."""
        key = (title, subtitle)
        if self._borders.get(selector) != key:
            self._borders[selector] = key
            panel = self.panel(selector)
            panel.border_title = title
            if subtitle is not None:
                panel.border_subtitle = subtitle

    def set_sub_title(self, app: App[Any], text: str) -> None:
        """The header's second line (a step changes it at every key). Set as ``App.sub_title``,
        Textual repaints the whole screen and lays it out: most of a step's time (issue #17).
        The header is one line whatever its text: its title is updated without either."""
        if app.sub_title == text:
            return
        app.set_reactive(App.sub_title, text)
        header = self.panel(Header)
        header.query_one(HeaderTitle).update(header.format_title(), layout=False)

    def paint(self, doc: Document, explain_cell: tuple[int, int], refused: str) -> None:
        """Every panel but the lesson's, from ``doc`` and its trace."""
        trace = doc.trace
        error = trace.error
        self.panel(ShapeChain).show(doc)
        self.panel(NetworkPanel).show(doc)
        sample, neuron = explain_cell

        inputs = self.panel("#inputs")
        x_axis = 1 if error is not None and error.operation == "dot" and error.layer == 1 else None
        inputs.set_caption(caption("X", doc.inputs.shape, "rows: samples, columns: features", x_axis is not None))
        inputs.show(doc.inputs, error_axis=x_axis, highlight_rows=[sample] if doc.selected == 0 else [])

        labels = self.panel("#labels")
        if labels.display != (doc.labels is not None):
            labels.display = doc.labels is not None
            moved_the_panels(labels)
        if doc.labels is not None:
            label_bad = error is not None and error.operation in ("labels", "class index")
            labels.set_caption(caption("y", doc.labels.shape, "", label_bad))
            # A linear output's targets are any numbers (-0.375): as wide as the inputs' cells.
            labels.cell_width = 9 if doc.labels.dtype.kind == "f" else LABEL_CELL_WIDTH
            labels.show(doc.labels.reshape(-1, 1).astype(float), error_axis=0 if label_bad else None)

        self._paint_layer(doc, sample, neuron)
        paint_gradient_grids(self, doc)
        self._paint_results(doc)
        paint_curve(self.panel("#curve"), doc)
        self.panel(ExplainPanel).show(doc, sample, neuron, cell=stage_cell(self, doc, explain_cell))
        self.show_errors(doc, refused)
        self._bring_the_stage_into_view(doc)

    def _bring_the_stage_into_view(self, doc: Document) -> None:
        """At a new backward stage, its matrix is scrolled into view: at 80x24 the dW, db and
        layer grids are below the fold, and a stage whose result is off screen shows nothing."""
        step = doc.step if doc.step is not None and doc.step.backward else None
        if step == self._stage_in_view:
            return
        self._stage_in_view = step
        if step is not None:
            self.panel(stage_grid(step.stage_name)).scroll_visible(animate=False)

    def show_errors(self, doc: Document, refused: str) -> None:
        """The errors panel alone: after a refused change nothing else changed."""
        errors = self.panel(ErrorPanel)
        errors.show(doc, refused)
        # The screen's layout makes room for it (app.tcss: the lesson gives up rows).
        errors.screen.set_class(errors.has_class("-shown"), "-errors")

    def _paint_layer(self, doc: Document, sample: int, neuron: int) -> None:
        index = doc.selected
        number = index + 1
        step = doc.network.steps[index]
        error = doc.trace.error
        here = error is not None and error.layer == number
        dot_bad = here and error is not None and error.operation == "dot"
        bias_bad = here and error is not None and error.operation == "add bias"

        weights = self.panel("#weights")
        init = doc.inits[index]
        self.set_border(
            "#weights",
            f"Layer {number} weights and biases",
            f"i: redraw with seed {init.seed}, scale {format_number(init.scale)}",
        )
        shown = doc.weights_shown()
        if doc.weights_view == "stored":
            name, note, prefix_rows, prefix_columns = f"W{number}", "as stored: (inputs, neurons)", "i", "n"
            w_axis = 0 if dot_bad else (1 if bias_bad else None)
            rows, columns = [], [neuron]
        else:
            # Named as what it is, W1ᵀ: "W1 (3, 4)" here contradicted "W1 (4, 3)" in the shapes line.
            note = f"one row per neuron (W{number} transposed, as the notes write it)"
            name, prefix_rows, prefix_columns = f"W{number}ᵀ", "n", "i"
            w_axis = 1 if dot_bad else (0 if bias_bad else None)
            rows, columns = [neuron], []
        weights.row_prefix, weights.column_prefix = prefix_rows, prefix_columns
        weights.set_caption(caption(name, shown.shape, note, dot_bad))
        weights.show(shown, error_axis=w_axis, highlight_rows=rows, highlight_columns=columns)

        biases = self.panel("#biases")
        # Its row is named, not numbered: a "0" there read as a value (a mistaken (2, 3) shows b0, b1).
        biases.one_row_label, biases.row_prefix = "b", "b"
        biases.set_caption(caption(f"b{number}", step.dense.biases.shape, "one bias per neuron", bias_bad))
        biases.show(step.dense.biases, error_axis=1 if bias_bad else None, highlight_columns=[neuron])

        if paint_stage(self, doc):
            return  # a stage of the backward pass (tui.app.backward_panels)
        z = self.panel("#z")
        output = self.panel("#output")
        z.row_prefix = output.row_prefix = "s"  # a backward stage may have shown a (inputs, neurons) matrix
        output.column_prefix = "n"
        self.set_border("#z", f"Layer {number} outputs")
        records = doc.trace.records
        if index >= len(records):
            z.set_caption(Text(f"z of layer {number}", "bold"))
            z.show(None, placeholder="not computed: the shapes do not fit")
            output.set_caption(Text("output", "bold"))
            output.show(None, placeholder="not computed")
            return
        record = records[index]
        if not doc.computed(index, 1):
            # The columns are X's features (f0, as in the inputs panel) or the previous layer's
            # neurons: headed n0 with no word, they read as this layer's neurons.
            if index == 0:
                z.column_prefix, source = "f", "X (columns: features)"
            else:
                z.column_prefix, source = "n", f"layer {index}'s output (columns: its neurons)"
            z.set_caption(caption("inputs", record.inputs.shape, f"= {source}"))
            z.show(record.inputs)
        elif not doc.computed(index, 2):
            z.column_prefix = "n"
            z.set_caption(caption(f"inputs · W{number}", record.product.shape, "before the bias"))
            z.show(record.product)
        else:
            z.column_prefix = "n"
            z.set_caption(caption(f"z = inputs · W{number} + b{number}", record.z.shape, "before the activation"))
            z.show(record.z)
        if doc.computed(index, 3):
            word = ACTIVATION_WORDS[record.activation]
            output.set_caption(caption("output", record.output.shape, word))
            output.show(record.output)
        else:
            output.set_caption(Text("output", "bold"))
            activation = "no activation here" if step.activation.name == "linear" else step.activation.label
            output.show(None, placeholder=f"not yet computed: the activation comes last ({activation})")

    def _paint_results(self, doc: Document) -> None:
        trace = doc.trace
        results = self.panel("#results")
        summary = self.panel("#summary")
        last = len(doc.network) - 1
        final = trace.output
        if final is None or not doc.computed(last, 3) or len(trace.records) < len(doc.network):
            results.set_caption(Text("final output", "bold"))
            results.show(None, placeholder="not yet computed" if doc.step is not None else "not computed")
            update_text(summary, "")
            return
        columns: list[tuple[str, list[str | float]]] = []
        if trace.predictions is not None and trace.labels is not None and not not_scored_reason(trace):
            columns = result_columns(trace)
        note = "one row per sample"
        if doc.step is not None and doc.step.stage_name == "loss":
            # The loss beside the output it scores: the other columns pushed it out of sight.
            columns = [column for column in columns if column[0] == "loss"]
            note = "+ each loss"
        results.set_caption(caption("final output", final.shape, note))
        results.show(final, text_columns=columns)
        summary_line = summary_text(doc)
        backward_note = loss_note(doc)
        if backward_note is not None:
            summary_line.append_text(backward_note)
        update_text(summary, summary_line)


def subtitle(doc: Document) -> str:
    """The header's second line: the example, the step being shown, the number type."""
    preset = PRESETS[doc.preset].title if is_the_presets_network(doc) else "your network"
    mode = "nnfs mode, float32" if doc.dtype == np.float32 else "float64"
    if doc.step is not None:
        # The stage first: at 80 columns the header's end is cut, and it is what changes.
        direction = "backward · " if doc.step.backward else ""
        return f"STEP {direction}layer {doc.step.layer + 1}: {doc.step.stage_name} · {preset} · {mode}"
    return f"{preset} · {mode}"


def is_the_presets_network(doc: Document) -> bool:
    """Whether the network still has the layers of the preset it came from: with a layer
    removed, "10-32-32-32-2" in the header named a network it no longer was."""
    return doc.preset in PRESETS and layers_of(doc.network) == preset_layers(doc.preset)


def layers_of(network: Network) -> tuple[tuple[int, int, str], ...]:
    """Each layer's (inputs, neurons, activation): what makes a preset's network that one."""
    return tuple((step.dense.n_inputs, step.dense.n_neurons, step.activation.name) for step in network.steps)


@cache
def preset_layers(name: str) -> tuple[tuple[int, int, str], ...]:
    """A preset's layers, built once (a millisecond or so); NumPy's global generator, which
    the build may seed, is left as it was. The first frame asks for the default preset's,
    whose build draws nothing: NumPy's random module (tens of ms) is not loaded for it."""
    loaded = "numpy.random" in sys.modules
    state = np.random.get_state() if loaded else None
    try:
        return layers_of(load_preset(name).network)
    finally:
        if state is not None:
            np.random.set_state(state)
        elif "numpy.random" in sys.modules:
            np.random.seed()  # loaded and seeded by the build: fresh again, as before it


def result_columns(trace: Trace) -> list[tuple[str, list[str | float]]]:
    """The columns beside the final output: what the loss in use compares, sample by sample.

    Classes (softmax, ReLU) and binary outputs: the prediction, the label, ✓ or ✗; a
    regression's prediction is the output itself, so only its target. Then each sample's
    loss (and, for softmax, the confidence in the label). Numbers stay numbers, not text:
    the grid fits them to the cell (a cut "0.0063906" read ".0063906").
    """
    assert trace.predictions is not None and trace.labels is not None
    columns: list[tuple[str, list[str | float]]] = []
    predictions, labels = np.asarray(trace.predictions), np.asarray(trace.labels)
    one_column = predictions.ndim == 1 or predictions.shape[1] == 1  # a label per sample
    if trace.loss_name in (SQUARED, ABSOLUTE):
        if one_column:
            columns.append(("y", [float(y) for y in labels.ravel()]))
    elif one_column:
        predicted, wanted = predictions.ravel().astype(int), labels.ravel().astype(int)
        columns.append(("pred", [str(p) for p in predicted]))
        columns.append(("y", [str(y) for y in wanted]))
        columns.append(("ok", ["✓" if p == y else "✗" for p, y in zip(predicted, wanted)]))
    if trace.confidences is not None:
        columns.append(("conf", [float(c) for c in trace.confidences]))
    if trace.sample_losses is not None:
        columns.append(("loss", [float(v) for v in trace.sample_losses]))
    return columns


def summary_text(doc: Document) -> Text:
    trace = doc.trace
    text = Text()
    unscored = not_scored_reason(trace)
    if unscored:
        # Never a score for numbers that overflowed: a NaN softmax once read "accuracy 1.0".
        text.append("Not scored: ", "bold red")
        text.append(f"{unscored}, so loss and accuracy would mean nothing. See the note below.")
        return text
    if trace.accuracy is None and doc.labels is not None:
        text.append("The labels do not fit the outputs: see the error below.", "dim")
        return text
    if trace.accuracy is None:
        text.append("Add labels (l in the inputs) to see predictions, loss and accuracy.", "dim")
        return text
    if trace.loss is not None:
        text.append("loss ", "bold")
        text.append(format_number(trace.loss, 6))
        text.append("  ")
    text.append("accuracy ", "bold")
    text.append(format_number(trace.accuracy, 4))
    text.append("  error rate ", "bold")
    text.append(format_number(trace.error_rate or 0.0, 4))
    text.append(" (errors / predictions)", "dim")
    if trace.loss is None:
        text.append("\nA ReLU output has no loss: f gives the last layer softmax (classes), "
                    "sigmoid (0 or 1) or none (numbers).", "dim")
    descent_line(doc, text)
    return text


def descent_line(doc: Document, text: Text) -> None:
    """The step by hand (G) these weights came from, if they did (tui.document.descent)."""
    done = doc.last_descent()
    if done is not None:
        text.append("\n" + done.line(), "bold")

