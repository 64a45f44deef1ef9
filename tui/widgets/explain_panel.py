"""The arithmetic behind one output cell, with its own numbers."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from engine.explain import (
    activation_step,
    neuron_sum_in_layer,
    sample_loss,
    softmax_stages,
)
from engine.numbers import format_number, format_row
from tui.state import Document
from tui.widgets.panel_text import update_text

MAX_TERMS = 8


def explain_text(document: Document, sample: int, neuron: int) -> Text:
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
        labels = trace.labels
        if labels is not None and sample < len(labels):
            loss = sample_loss(record.output[sample], int(labels[sample]))
            text.append(f"loss of sample {sample}: ", "bold")
            text.append(
                f"label {loss.label}, confidence {format_number(loss.confidence, 4)} → "
                f"−log({format_number(loss.clipped, 4)}) = {format_number(loss.loss, 5)}"
            )
    else:
        text.append(activation_step(name, float(record.z[sample, neuron])).text())
    return text


class ExplainPanel(Static):
    """Explains the output cell under the cursor of the outputs panel."""

    def show(self, document: Document, sample: int, neuron: int) -> None:
        update_text(self, explain_text(document, sample, neuron), layout=False)
