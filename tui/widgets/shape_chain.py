"""The shapes of the whole network on one line, the dimensions that must agree in one colour."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.document.state import Document
from tui.format import shape_text
from tui.widgets.backward_chain import backward_chain_text
from tui.widgets.panel_text import update_text
from tui.widgets.shape_styles import ERROR_STYLE, append_shape, pair_style


def shape_chain_text(document: Document) -> Text:
    """``X (3, 4) · W1 (4, 3) + b1 (1, 3) → (3, 3) ...`` with agreeing sizes coloured alike."""
    trace = document.trace
    error = trace.error
    error_layer = error.layer if error is not None and error.operation in ("dot", "add bias") else None
    text = Text(no_wrap=False)
    text.append("X ", "bold")
    x_shape = tuple(document.inputs.shape)
    x_bad = error_layer == 1 and error is not None and error.operation == "dot"
    append_shape(text, x_shape, (None, ERROR_STYLE if x_bad else pair_style(0)))
    for index, step in enumerate(document.network.steps):
        number = index + 1
        w_shape = tuple(step.dense.weights.shape)
        b_shape = tuple(step.dense.biases.shape)
        reached = error_layer is None or number <= error_layer
        stepping = document.step is not None
        current = stepping and document.step is not None and document.step.layer == index
        pending = stepping and not document.computed(index, 0)
        segment_style = "dim" if (not reached and number > (error_layer or 0)) or pending else ""
        segment = Text(style=segment_style)
        segment.append(" · ")
        segment.append(f"W{number} ", "bold")
        dot_bad = error_layer == number and error is not None and error.operation == "dot"
        bias_bad = error_layer == number and error is not None and error.operation == "add bias"
        append_shape(segment, w_shape, (ERROR_STYLE if dot_bad else pair_style(index), pair_style(index + 1)))
        segment.append(" + ")
        segment.append(f"b{number} ", "bold")
        b_styles = (None,) * (len(b_shape) - 1) + (ERROR_STYLE if bias_bad else pair_style(index + 1),)
        append_shape(segment, b_shape, b_styles)
        segment.append(" → ")
        if number <= len(trace.records):
            out_shape = trace.records[index].output.shape
            append_shape(segment, tuple(out_shape), (None, pair_style(index + 1)))
        else:
            segment.append("?", "bold red" if error_layer == number else "")
        if step.activation.name != "linear":
            segment.append(f" {step.activation.label}", "italic")
        if current:
            segment.stylize("reverse")
        text.append_text(segment)
    if document.labels is not None:
        label_bad = error is not None and error.operation in ("labels", "class index")
        text.append("   y ", "bold")
        text.append(shape_text(tuple(document.labels.shape)), ERROR_STYLE if label_bad else "")
        text.append(" labels")
    return text


class ShapeChain(Static):
    """Every matrix's shape, the whole network at a glance."""

    def show(self, document: Document) -> None:
        """The forward chain; at a stage of the backward pass, that stage's chain instead."""
        backward = backward_chain_text(document)
        update_text(self, shape_chain_text(document) if backward is None else backward)
