"""A titled matrix whose cells can be edited, with a line under it for what the edit needs.

The grid edits in the cell itself. The editor does not decide whether a value is
acceptable: it posts CellEdited with the text, the app asks the document, and a refusal
comes back through ``refuse`` so the message appears right under the cell, with the typed
text kept to fix.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from tui.widgets.matrix_grid import MatrixGrid
from tui.widgets.panel_text import update_text

IDLE_HINT = Text("Enter or a number edits a cell", style="dim")


class MatrixEditor(Vertical):
    """A titled matrix; editable ones have a message line under the grid."""

    DEFAULT_CSS = """
    MatrixEditor { height: 1fr; }
    MatrixEditor > .matrix-editor--title { height: 1; width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    MatrixEditor > .matrix-editor--message { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    class CellEdited(Message):
        """The user committed ``text`` for cell (row, column) of this editor's matrix."""

        def __init__(self, editor: MatrixEditor, row: int, column: int, text: str) -> None:
            super().__init__()
            self.editor = editor
            self.row = row
            self.column = column
            self.text = text

        @property
        def control(self) -> MatrixEditor:
            return self.editor

    def __init__(
        self,
        matrix: str,
        *,
        editable: bool = True,
        cell_width: int = 9,
        row_prefix: str = "",
        column_prefix: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.matrix = matrix  # which matrix of the document this edits
        self.editable = editable
        self._grid = MatrixGrid(
            editable=editable, cell_width=cell_width, row_prefix=row_prefix, column_prefix=column_prefix
        )
        self._refusal = ""

    def compose(self) -> ComposeResult:
        yield Static(classes="matrix-editor--title")
        yield self._grid
        if self.editable:
            yield Static(IDLE_HINT, classes="matrix-editor--message")

    @property
    def grid(self) -> MatrixGrid:
        return self._grid

    @property
    def editing(self) -> bool:
        return self._grid.editing

    @property
    def message(self) -> str:
        """The refusal message shown, or '' (for tests and the app)."""
        return self._refusal

    def set_title(self, title: Text | str) -> None:
        update_text(self.query_one(".matrix-editor--title", Static), title, layout=False)

    def _say(self, message: Text) -> None:
        if self.editable:
            update_text(self.query_one(".matrix-editor--message", Static), message, layout=False)

    # ------------------------------------------------------------------ editing
    @on(MatrixGrid.EditStarted)
    def _started(self, event: MatrixGrid.EditStarted) -> None:
        event.stop()
        self._refusal = ""
        self._say(Text(f"{self.matrix}[{event.row}, {event.column}]: Enter commits, Escape cancels", style="bold"))

    @on(MatrixGrid.EditCommitted)
    def _commit(self, event: MatrixGrid.EditCommitted) -> None:
        event.stop()
        self.post_message(self.CellEdited(self, event.row, event.column, event.text))

    @on(MatrixGrid.EditCancelled)
    def _cancelled(self, event: MatrixGrid.EditCancelled) -> None:
        event.stop()
        self.close_editor()

    def accept(self) -> None:
        """The document took the value: close the edit."""
        self.close_editor()

    def refuse(self, message: str) -> None:
        """The document refused the value: say why under the cell and keep the text to fix."""
        self._refusal = message
        self._say(Text(message, style="bold red"))

    def close_editor(self) -> None:
        self._refusal = ""
        self._grid.end_edit()
        self._say(IDLE_HINT)
