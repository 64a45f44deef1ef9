"""Small forms: a layer's sizes, a layer's initialisation. They validate nothing themselves:
the document does, and a refusal is shown in the form, which stays open."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from engine import MatrixValueError, parse_number
from tui.document.state import EditRefused
from tui.screens.modal import OnceModal


class FormScreen(OnceModal[str | None]):
    """Labelled inputs; Enter submits to ``apply``, which raises EditRefused to refuse."""

    DEFAULT_CSS = """
    #form-body {
        width: 60;
    }
    #form-message {
        height: auto;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, fields: list[tuple[str, str, str]], apply: Callable[[list[str]], str]) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields  # (id, label, initial text)
        self.apply = apply

    def compose(self) -> ComposeResult:
        with Vertical(id="form-body", classes="dialog") as body:
            body.border_title = self.form_title
            body.border_subtitle = "Enter applies · Escape cancels"
            for field_id, label, value in self.fields:
                yield Label(label, markup=False)  # a lesson's label is the teacher's text
                yield Input(value, id=field_id, select_on_focus=True)
            yield Static(id="form-message")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        values = [self.query_one(f"#{field_id}", Input).value for field_id, _, _ in self.fields]
        try:
            done = self.apply(values)
        except EditRefused as refusal:
            self.query_one("#form-message", Static).update(Text(str(refusal), style="bold red"))
            return
        self.finish(done)

    def action_cancel(self) -> None:
        self.finish(None)


def whole_number(text: str, what: str) -> int:
    """A whole number as a learner writes it (the engine's parse_number: no 1_0, no 0x10)."""
    cleaned = text.strip()
    try:
        value = parse_number(cleaned)
    except MatrixValueError as error:
        raise EditRefused(f"{what} must be a whole number: {error}") from None
    if not value.is_integer():
        raise EditRefused(f'{what} must be a whole number, not "{cleaned}"')
    # Digits alone are read exactly (a float would round 99999999999999999999 in the message).
    return int(cleaned) if cleaned.lstrip("+-").isdigit() else int(value)


def real_number(text: str, what: str, example: str) -> float:
    """A number as a learner writes it (the engine's parse_number), or why not."""
    try:
        return parse_number(text, example)
    except MatrixValueError as error:
        raise EditRefused(f"{what} must be a number: {error}") from None
