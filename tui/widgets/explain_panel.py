"""The arithmetic behind one output cell, with its own numbers; in step mode's backward pass,
behind one gradient cell, with its numerical check (tui.widgets.explain_backward_text)."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from engine.explain import (
    BINARY_CROSSENTROPY,
    MEAN_ABSOLUTE_ERROR,
    MEAN_SQUARED_ERROR,
    activation_step,
    dropout_example,
    neuron_sum_in_layer,
    output_loss,
    sample_loss,
    softmax_stages,
)
from engine.loss_choice import CATEGORICAL
from engine.network import StepRecord, Trace
from engine.numbers import exact_number, format_number, format_row
from tui.document.state import Document
from tui.widgets.explain_backward_text import CheckCache, backward_text
from tui.widgets.panel_text import update_text

MAX_TERMS = 8
DROPOUT_TERMS = 4  # values of a row shown under dropout: three rows of them must fit the panel
# A gradient's sum is written twice (names, then numbers) above its numerical check: with
# three terms each, the check still fits the panel at 120x40.
BACKWARD_TERMS = 3


def explain_text(
    document: Document,
    sample: int,
    neuron: int,
    cell: tuple[int, int] | None = None,
    checks: CheckCache | None = None,
) -> Text:
    """The arithmetic behind output cell (sample, neuron) of the selected layer; in a backward
    stage of step mode, behind ``cell`` of the stage's matrix (the cursor's: (input, neuron) of
    dW, (0, neuron) of db, (sample, column) of the others; None: (sample, neuron)), with its
    numerical check (``checks`` keeps those done, a few milliseconds each)."""
    if document.step is not None and document.step.backward:
        return backward_text(document, sample, neuron, cell, BACKWARD_TERMS, checks)
    trace = document.trace
    index = document.selected
    text = Text()
    if index >= len(trace.records):
        text.append(f"Layer {index + 1} did not compute: see the error below.", "italic")
        return text
    record = trace.records[index]
    sample = min(sample, record.z.shape[0] - 1)
    neuron = min(neuron, record.z.shape[1] - 1)
    text.append(f"Layer {record.layer} · sample {sample} · neuron {neuron}\n", "bold")
    if not document.computed(index, 1):
        text.append("inputs of this sample: ")
        text.append(format_row(record.inputs[sample][:MAX_TERMS]) + ("..." if record.inputs.shape[1] > MAX_TERMS else ""))
        text.append("\nnext: multiply by the weights", "dim")
        return text
    worked = neuron_sum_in_layer(
        record.inputs, record.weights, record.biases, sample, neuron,
        product=record.product[sample, neuron], z=record.z[sample, neuron],
    )
    if not document.computed(index, 2):
        text.append(f"inputs · weights = {worked.products_text(max_terms=MAX_TERMS)}\n")
        text.append("next: add the bias", "dim")
        return text
    text.append("z = ", "bold")
    text.append(worked.text(max_terms=MAX_TERMS) + "\n")
    if not document.computed(index, 3):
        text.append("next: the activation", "dim")
        return text
    name = record.activation
    if name == "softmax":
        stages = softmax_stages(record.z[sample])
        text.append(f"softmax of sample {sample}'s row:\n", "bold")
        text.append(f"  z           {format_row(stages.inputs, 4)}\n")
        text.append(f"  exp(z − {format_number(stages.maximum, 4)}) {format_row(stages.exponentiated, 4)}\n")
        text.append(f"  sum         {format_number(stages.total, 6)}\n")
        text.append(f"  exp / sum   {format_row(stages.normalised, 4)}\n")
        if index == len(document.network) - 1:
            append_categorical_loss(text, trace, record, sample)
    else:
        step = activation_step(name, float(record.z[sample, neuron]), float(record.output[sample, neuron]))
        text.append(step.text() + "\n")
    if index == len(document.network) - 1:
        append_output_loss(text, trace, record, sample, neuron)
    rate = document.network.steps[index].dropout
    if rate > 0:
        append_dropout(text, record, sample, rate)
    text.rstrip()  # each part ends its lines; no blank line under the last
    return text


def append_categorical_loss(text: Text, trace: Trace, record: StepRecord, sample: int) -> None:
    """One sample's categorical cross-entropy, under the last layer's softmax. Only when the
    trace is scored by it: a softmax elsewhere (a hidden layer, or ahead of a sigmoid's 0/1
    targets or a regression's numbers) has no label of its own to be confident in."""
    labels = trace.labels
    if trace.loss_name != CATEGORICAL or labels is None or labels.ndim != 1 or sample >= len(labels):
        return
    loss = sample_loss(record.output[sample], int(labels[sample]))
    text.append(f"loss of sample {sample}: ", "bold")
    text.append(
        f"label {loss.label}, confidence {format_number(loss.confidence, 4)} → "
        f"−log({format_number(loss.clipped, 4)}) = {format_number(loss.loss, 5)}\n"
    )


PER_OUTPUT_LOSSES = (BINARY_CROSSENTROPY, MEAN_SQUARED_ERROR, MEAN_ABSOLUTE_ERROR)


def append_output_loss(text: Text, trace: Trace, record: StepRecord, sample: int, neuron: int) -> None:
    """One sample's binary cross-entropy, squared or absolute error, with its numbers
    (categorical cross-entropy is worked out with the softmax above)."""
    kind = trace.loss_name
    if kind not in PER_OUTPUT_LOSSES or trace.labels is None or sample >= len(trace.labels):
        return
    targets = np.asarray(trace.labels, dtype=np.float64).reshape(len(trace.labels), -1)
    target = float(targets[sample, min(neuron, targets.shape[1] - 1)])
    worked = output_loss(kind, float(record.output[sample, neuron]), target)
    text.append(f"loss: {kind}\n", "bold")
    for line in worked.lines():
        text.append(f"{line}\n")
    if kind == BINARY_CROSSENTROPY:
        text.append("p is clipped to [1e-7, 1 − 1e-7] first, so that log(0) cannot happen.\n", "dim")
    outputs = record.output.shape[1]
    if outputs > 1 and trace.sample_losses is not None:
        text.append(f"  the mean over its {outputs} outputs = {format_number(float(trace.sample_losses[sample]), 5)}\n")


def append_dropout(text: Text, record: StepRecord, sample: int, rate: float) -> None:
    """What this layer's dropout would do to the sample's row, with an example mask."""
    example = dropout_example(record.output, sample, rate)
    more = "..." if len(example.values) > DROPOUT_TERMS else ""
    keep = format_number(1 - rate)
    text.append(f"dropout {exact_number(rate)} (training only):\n", "bold")
    text.append(f"  output  {format_row(example.values[:DROPOUT_TERMS], 4)}{more}\n")
    text.append(f"  mask    {format_row(example.mask[:DROPOUT_TERMS])}{more}\n")
    text.append(f"  output × mask / {keep} = {format_row(example.output[:DROPOUT_TERMS], 4)}{more}\n")
    text.append(
        f"The mask: np.random.seed({example.seed}), then np.random.binomial(1, {keep}, "
        f"size={tuple(record.output.shape)}); kept {example.kept} of {len(example.values)}. Training draws a new "
        "mask every pass. The workbench's pass shows the network without dropout, as the book's model does "
        "when not training.",
        "dim",
    )


class ExplainPanel(VerticalScroll):
    """Explains the output cell under the cursor of the outputs panel.

    A softmax's worked loss is longer than the panel at 120x40: the text scrolls (the
    wheel; ↑ ↓ PgUp PgDn Home End once Tab reaches it), and the border says when there is
    more above or below, and how to get there. Its lines wrap: nothing is to the side.
    """

    def compose(self) -> ComposeResult:
        yield Static(id="explain-text")

    @property
    def content(self) -> Text:
        """The explanation shown (all of it, scrolled out of view or not)."""
        content = self.query_one("#explain-text", Static).content
        return content if isinstance(content, Text) else Text(str(content))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._checks = CheckCache()

    def show(self, document: Document, sample: int, neuron: int, cell: tuple[int, int] | None = None) -> None:
        """The cell's explanation; ``cell`` is the cursor's in a backward stage (see explain_text)."""
        update_text(self.query_one("#explain-text", Static), explain_text(document, sample, neuron, cell, self._checks))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._say_more()

    def on_resize(self) -> None:  # the text's height changed, or the panel's
        self._say_more()

    def watch_has_focus(self, _has_focus: bool) -> None:
        super().watch_has_focus(_has_focus)  # the :focus border
        self._say_more()  # the keys it names work once it has focus

    def _say_more(self) -> None:
        """The border's subtitle: which way there is more, and the keys that get there."""
        line = round(self.scroll_y)  # a scroll animates through fractions of a line
        above, below = line > 0, line < self.max_scroll_y
        if not (above or below):
            said = ""
        else:
            arrows = ("↑" if above else "") + ("↓" if below else "")
            said = f"{arrows} more: {'↑ ↓ PgUp PgDn' if self.has_focus else 'wheel, or Tab here'}"
        if self.border_subtitle != said:
            self.border_subtitle = said
