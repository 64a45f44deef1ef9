"""The current shape error or refused edit, in full; empty and hidden when all is well."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.document.overflow import nonfinite_message
from tui.document.state import Document
from tui.widgets.layout import moved_the_panels
from tui.widgets.panel_text import update_text

FIX_LABELS = {
    "transpose weights": "transpose the weights",
    "resize inputs": "resize the layer's inputs",
    "resize biases": "give one bias per neuron",
    "resize labels": "give one label per sample",
}


class ErrorPanel(Static):
    """Says what is wrong and what to change; shows nothing when nothing is wrong."""

    def show(self, document: Document, refused: str = "") -> None:
        error = document.trace.error
        text = Text()
        if refused:
            text.append("Refused: ", "bold")
            text.append(refused + "\n")
        if error is not None:
            text.append(f" {error.kind} ", "bold reverse")
            text.append(" " + error.problem + "\n", "bold")
            text.append("Fix: ", "bold")
            text.append(error.fix)
            if error.fix_action in FIX_LABELS:
                text.append("  press ")
                text.append(" x ", "bold reverse")
                text.append(f" to {FIX_LABELS[error.fix_action]}")
            text.append("\n")
            if error.numpy_message:
                text.append(f"NumPy says: {error.numpy_message}", "dim")
        overflow = nonfinite_message(document.trace) if error is None else ""
        if overflow:
            text.append(" Overflow ", "bold reverse")
            text.append(" " + overflow, "bold")
        text.rstrip()
        update_text(self, text)
        shown = bool(refused or error or overflow)
        if shown != self.has_class("-shown"):
            self.set_class(shown, "-shown")
            moved_the_panels(self)

    @property
    def text(self) -> str:
        return str(self.content)
