"""A modal screen that closes once, however fast the keys come."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.screen import ModalScreen

Result = TypeVar("Result")


class OnceModal(ModalScreen[Result], Generic[Result]):
    """Keys queued behind the one that closed the screen (a double Enter, Escape twice)
    would dismiss it again and pop the screen under it; ``finish`` ignores them."""

    # ``.dialog``: the frame of every dialog's body; each dialog sets its width by id.
    # ``-question``: the frame of a question asked before a change the user may not expect.
    DEFAULT_CSS = """
    OnceModal {
        align: center middle;
    }
    .dialog {
        max-width: 95%;
        height: auto;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    .dialog.-question {
        border: round $warning;
    }
    """

    _finished = False

    def finish(self, result: Result) -> None:
        if self._finished:
            return
        self._finished = True
        self.dismiss(result)
