"""A grid of numbers the network computes (z, the outputs, dW, db): read-only.

A key that would start an edit in an editor (a digit, ``-``, ``.``, ``+``, Enter) did nothing
here, and the learner could not tell a refusal from a key not yet taken. It is answered with
a word: the grid asks the app why (``EditAsked``; the document knows what the numbers come
from) and shows the answer (``refuse``). Every other key (the arrows, Tab, n, b, G) goes on
as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events

from tui.widgets.matrix_editor import starts_an_edit
from tui.widgets.matrix_grid import CellMessage, MatrixGrid


class ComputedGrid(MatrixGrid):
    """A matrix grid whose numbers are computed, not typed: a typed number says what to edit instead."""

    @dataclass
    class EditAsked(CellMessage):
        """A key that would start an edit was typed here: answer with ``refuse``."""

        @property
        def computed(self) -> ComputedGrid:
            assert isinstance(self.grid, ComputedGrid)
            return self.grid

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter" or (event.character is not None and starts_an_edit(event.character)):
            event.stop()
            event.prevent_default()
            self.post_message(self.EditAsked(self, self.cursor_row, self.cursor_column))
        elif self.note is not None:
            self.set_note(None)  # a key of another kind: the learner has moved on

    def refuse(self, message: str) -> None:
        """Why nothing can be typed here: a toast (once for a run of such keys) and, where the
        grid has room beside its rows, the line under them."""
        if self.note is None or self.note.plain != message:
            self.notify(message, severity="warning", timeout=5)
        note = Text(message, style="bold red")
        self.spare_note = note  # never at the cost of the rows: squeezed, the toast says it alone
        self.set_note(note)
        self.app.bell()

    def on_blur(self) -> None:
        self.set_note(None)
