"""An editable matrix: a title, the grid, and a one-line editor that opens on the cell.

The editor does not decide whether a value is acceptable: it posts CellEdited with the
text, the app asks the document, and a refusal comes back through ``refuse`` so the
message appears right under the cell being edited, with the typed text kept to fix.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from tui.widgets.matrix_grid import MatrixGrid
from tui.widgets.panel_text import update_text


class CellInput(Input):
    """The one-line editor; Escape gives up the edit."""

    BINDINGS = [Binding("escape", "cancel", "Cancel edit")]

    class Cancelled(Message):
        pass

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())


class MatrixEditor(Vertical):
    """A titled matrix whose cells can be edited (when ``editable``)."""

    DEFAULT_CSS = """
    MatrixEditor { height: 1fr; }
    MatrixEditor > .matrix-editor--title { height: 1; width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    MatrixEditor > CellInput { display: none; height: 1; }
    MatrixEditor.-editing > CellInput { display: block; }
    MatrixEditor > .matrix-editor--message { display: none; color: $text-muted; height: auto; }
    MatrixEditor.-editing > .matrix-editor--message { display: block; }
    MatrixEditor.-refused > .matrix-editor--message { color: $error; text-style: bold; }
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
        self._grid = MatrixGrid(
            editable=editable, cell_width=cell_width, row_prefix=row_prefix, column_prefix=column_prefix
        )
        self._editing: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="matrix-editor--title")
        yield self._grid
        yield CellInput(classes="cell-input", compact=True, select_on_focus=False)
        yield Static(classes="matrix-editor--message")

    @property
    def grid(self) -> MatrixGrid:
        return self._grid

    @property
    def editing(self) -> bool:
        return self._editing is not None

    def set_title(self, title: Text | str) -> None:
        update_text(self.query_one(".matrix-editor--title", Static), title, layout=False)

    # ------------------------------------------------------------------ editing
    @on(MatrixGrid.EditRequested)
    def _begin_edit(self, event: MatrixGrid.EditRequested) -> None:
        event.stop()
        self._editing = (event.row, event.column)
        editor = self.query_one(CellInput)
        editor.value = event.initial
        self._say(f"{self.matrix}[{event.row}, {event.column}]: Enter commits, Escape cancels")
        self.add_class("-editing")
        self.remove_class("-refused")
        editor.focus()
        editor.cursor_position = len(event.initial)

    @on(Input.Submitted)
    def _commit(self, event: Input.Submitted) -> None:
        event.stop()
        if self._editing is None:
            return
        row, column = self._editing
        self.post_message(self.CellEdited(self, row, column, event.value))

    @on(CellInput.Cancelled)
    def _cancel(self, event: CellInput.Cancelled) -> None:
        event.stop()
        self.close_editor()

    def accept(self) -> None:
        """The document took the value: close the editor and go back to the grid."""
        self.close_editor()

    def refuse(self, message: str) -> None:
        """The document refused the value: say why under the cell and keep the text to fix."""
        self._say(message)
        self.add_class("-refused")
        self.query_one(CellInput).focus()

    def close_editor(self) -> None:
        self._editing = None
        self.remove_class("-editing", "-refused")
        self._grid.focus()

    def _say(self, message: str) -> None:
        self.query_one(".matrix-editor--message", Static).update(Text(message))

    @property
    def message(self) -> str:
        """The refusal message shown, or '' (for tests and the app)."""
        if not self.has_class("-refused"):
            return ""
        return str(self.query_one(".matrix-editor--message", Static).content)
