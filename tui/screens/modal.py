"""A modal screen that closes once, however fast the keys come."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.screen import ModalScreen

Result = TypeVar("Result")


class OnceModal(ModalScreen[Result], Generic[Result]):
    """Keys queued behind the one that closed the screen (a double Enter, Escape twice)
    would dismiss it again and pop the screen under it; ``finish`` ignores them."""

    DEFAULT_CSS = """
    OnceModal {
        align: center middle;
    }
    """

    _finished = False

    def finish(self, result: Result) -> None:
        if self._finished:
            return
        self._finished = True
        self.dismiss(result)
