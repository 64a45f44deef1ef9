"""A matrix whose cells are edited in place, with a note under it for what the edit needs.

The editor does not decide whether a value is acceptable: it posts CellEdited with the
text, the app asks the document, and a refusal comes back through ``refuse`` so the
message appears right under the cell, with the typed text kept to fix. Editing happens in
the cell itself: no other widget takes focus, so committing costs one redraw.
"""

from __future__ import annotations

from rich.text import Text
from textual import events

from tui.widgets.matrix_grid import CellMessage, MatrixGrid

EDIT_START_CHARACTERS = set("0123456789-.+")
IDLE_HINT = Text("Enter or a number edits a cell", style="dim")


class MatrixEditor(MatrixGrid):
    """A matrix grid whose numeric cells can be edited; its note line says how, or why not."""

    class CellEdited(CellMessage):
        """The user committed ``text`` for cell (row, column) of this editor's matrix."""

        def __init__(self, editor: MatrixEditor, row: int, column: int, text: str) -> None:
            super().__init__(editor, row, column)
            self.text = text

        @property
        def editor(self) -> MatrixEditor:
            assert isinstance(self.grid, MatrixEditor)
            return self.grid

    def __init__(
        self,
        matrix: str,
        *,
        cell_width: int = 9,
        row_prefix: str = "",
        column_prefix: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(cell_width=cell_width, row_prefix=row_prefix, column_prefix=column_prefix, id=id, classes=classes)
        self.matrix = matrix  # which matrix of the document this edits
        self.note = IDLE_HINT
        self._refusal = ""

    @property
    def editing(self) -> bool:
        return self.edit_text is not None

    @property
    def message(self) -> str:
        """The refusal message shown, or '' (for tests and the app)."""
        return self._refusal

    # ------------------------------------------------------------------ the edit
    def begin_edit(self, initial: str) -> None:
        if self.values is None or self.cursor_column >= self.numeric_columns:
            return
        self.edit_text = initial
        self._refusal = ""
        self.set_note(Text(f"{self.matrix}[{self.cursor_row}, {self.cursor_column}]: Enter commits, Escape cancels", style="bold"))
        self.refresh()

    def accept(self) -> None:
        """The document took the value: close the edit."""
        self.close_editor()

    def refuse(self, message: str) -> None:
        """The document refused the value: say why under the cell and keep the text to fix."""
        self._refusal = message
        self.set_note(Text(message, style="bold red"))

    def close_editor(self) -> None:
        """Close the edit (the value was taken, or given up); the cell shows its value."""
        self._refusal = ""
        if self.edit_text is not None:
            self.edit_text = None
            self.refresh()
        self.set_note(IDLE_HINT)

    def _current_text(self, row: int, column: int) -> str:
        assert self.values is not None
        return str(self.values[row, column])

    # ------------------------------------------------------------------ keys
    def on_blur(self) -> None:
        self.close_editor()  # leaving the cell gives the edit up

    def on_key(self, event: events.Key) -> None:
        if self.edit_text is not None:
            self._edit_key(event)
            return
        if self.values is None or self.cursor_column >= self.numeric_columns:
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.begin_edit(self._current_text(self.cursor_row, self.cursor_column))
        elif event.character is not None and event.character in EDIT_START_CHARACTERS:
            event.stop()
            event.prevent_default()
            self.begin_edit(event.character)

    def _edit_key(self, event: events.Key) -> None:
        """While editing, every key belongs to the edit: none reaches the app's bindings."""
        assert self.edit_text is not None
        key = event.key
        if key == "enter":
            # Nothing to redraw yet: the app's answer (new values, or a refusal) is the next frame.
            event.stop()
            event.prevent_default()
            self.post_message(self.CellEdited(self, self.cursor_row, self.cursor_column, self.edit_text))
            return
        if key == "escape":
            self.close_editor()
        elif key == "backspace":
            self.edit_text = self.edit_text[:-1]
        elif key == "ctrl+u":
            self.edit_text = ""
        elif key == "tab" or key == "shift+tab":
            return  # leaving the grid gives the edit up (see on_blur)
        elif event.is_printable and event.character:
            self.edit_text += event.character
        event.stop()
        event.prevent_default()
        self.refresh()

    def cell_double_clicked(self, row: int, column: int) -> None:
        self.begin_edit(self._current_text(row, column))
