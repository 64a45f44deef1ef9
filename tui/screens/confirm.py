"""A question before a change the user may not expect: Enter goes ahead, Escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from tui.screens.modal import OnceModal


class ConfirmScreen(OnceModal[bool]):
    """Says what will happen; dismisses with True (Enter) or False (Escape)."""

    DEFAULT_CSS = """
    #confirm-body {
        width: 70;
    }
    """

    BINDINGS = [Binding("enter", "answer(True)", "Yes"), Binding("escape", "answer(False)", "Cancel")]

    def __init__(self, title: str, message: str, yes: str) -> None:
        super().__init__()
        self.question_title, self.message, self.yes = title, message, yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body", classes="dialog -question") as body:
            body.border_title = self.question_title
            body.border_subtitle = f"Enter: {self.yes} · Escape: cancel"  # said once, as every dialog does
            yield Static(self.message, id="confirm-message", markup=False)  # it may quote a file's text

    def action_answer(self, answer: bool) -> None:
        self.finish(answer)
