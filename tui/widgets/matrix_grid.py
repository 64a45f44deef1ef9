"""A matrix on screen: headers that stay put, a cursor, and only the visible cells drawn.

Built on the Line API so that a 784 x 128 weight matrix costs no more to show than a
3 x 4 one: each frame renders the rows and columns in view and nothing else.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.format import fit_number

EDIT_START_CHARACTERS = set("0123456789-.+")


class CellMessage(Message):
    """Something happened at cell (row, column) of a grid."""

    def __init__(self, grid: MatrixGrid, row: int, column: int) -> None:
        super().__init__()
        self.grid = grid
        self.row = row
        self.column = column

    @property
    def control(self) -> MatrixGrid:
        return self.grid


class MatrixGrid(ScrollView, can_focus=True):
    """Shows a 2-D array with row and column headers; arrows move a cursor."""

    COMPONENT_CLASSES = {
        "matrix-grid--header",
        "matrix-grid--header-error",
        "matrix-grid--cursor",
        "matrix-grid--cursor-blur",
        "matrix-grid--highlight",
        "matrix-grid--placeholder",
        "matrix-grid--editing",
    }

    DEFAULT_CSS = """
    MatrixGrid {
        height: 1fr;
        scrollbar-size: 1 1;
    }
    MatrixGrid > .matrix-grid--header { color: $text-muted; text-style: bold; }
    MatrixGrid > .matrix-grid--header-error { color: $error; text-style: bold reverse; }
    MatrixGrid > .matrix-grid--cursor { background: $accent; color: $text; text-style: bold; }
    MatrixGrid > .matrix-grid--cursor-blur { background: $accent 30%; }
    MatrixGrid > .matrix-grid--highlight { background: $primary 30%; }
    MatrixGrid > .matrix-grid--placeholder { color: $text-muted; text-style: italic; }
    MatrixGrid > .matrix-grid--editing { background: $warning; color: $background; text-style: bold; }
    """

    BINDINGS = [
        Binding("up", "move(-1, 0)", "Up", show=False),
        Binding("down", "move(1, 0)", "Down", show=False),
        Binding("left", "move(0, -1)", "Left", show=False),
        Binding("right", "move(0, 1)", "Right", show=False),
        Binding("home", "move(0, -100000)", "First column", show=False),
        Binding("end", "move(0, 100000)", "Last column", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
    ]

    class CursorMoved(CellMessage):
        """The cursor is on a new cell."""

    class EditStarted(CellMessage):
        """The user began typing into cell (row, column)."""

    class EditCommitted(CellMessage):
        """Enter pressed on an edit: ``text`` is what the user typed for (row, column)."""

        def __init__(self, grid: MatrixGrid, row: int, column: int, text: str) -> None:
            super().__init__(grid, row, column)
            self.text = text

    class EditCancelled(Message):
        """Escape (or leaving the grid) gave up an edit; the cell keeps its value."""

        def __init__(self, grid: MatrixGrid) -> None:
            super().__init__()
            self.grid = grid

        @property
        def control(self) -> MatrixGrid:
            return self.grid

    def __init__(
        self,
        *,
        editable: bool = False,
        cell_width: int = 9,
        row_prefix: str = "",
        column_prefix: str = "",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.editable = editable
        self.cell_width = cell_width
        self.row_prefix = row_prefix
        self.column_prefix = column_prefix
        self.values: np.ndarray | None = None
        self.text_columns: list[tuple[str, Sequence[str]]] = []
        self.placeholder = ""
        self.cursor_row = 0
        self.cursor_column = 0
        self.error_axis: int | None = None
        self.highlight_rows: frozenset[int] = frozenset()
        self.highlight_columns: frozenset[int] = frozenset()
        # The text being typed into the cursor cell, or None. Editing happens in the cell
        # itself: no other widget takes focus, so committing costs one redraw.
        self.edit_text: str | None = None
        self._shown_values: np.ndarray | None = None
        self._shown_settings: tuple[object, ...] | None = None
        self._style_cache: dict[str, Style] = {}

    # ------------------------------------------------------------------ content
    def show(
        self,
        values: np.ndarray | None,
        *,
        text_columns: Sequence[tuple[str, Sequence[str]]] = (),
        placeholder: str = "",
        error_axis: int | None = None,
        highlight_rows: Sequence[int] = (),
        highlight_columns: Sequence[int] = (),
    ) -> None:
        """Show these values (None shows ``placeholder``); the cursor stays where it can.

        Nothing is redrawn when nothing changed: every edit re-shows every grid, and most
        of them show the same numbers as before.
        """
        new_values = None if values is None else np.atleast_2d(values)
        settings = (
            list(text_columns),
            placeholder,
            error_axis,
            frozenset(highlight_rows),
            frozenset(highlight_columns),
            self.row_prefix,
            self.column_prefix,
        )
        if settings == self._shown_settings and _same(new_values, self._shown_values):
            self.values = new_values
            return
        self._shown_settings = settings
        self._shown_values = None if new_values is None else new_values.copy()
        self.values = new_values
        self.text_columns = list(text_columns)
        self.placeholder = placeholder
        self.error_axis = error_axis
        self.highlight_rows = frozenset(highlight_rows)
        self.highlight_columns = frozenset(highlight_columns)
        self.cursor_row = min(self.cursor_row, max(self.rows - 1, 0))
        self.cursor_column = min(self.cursor_column, max(self.columns - 1, 0))
        self._update_virtual_size()
        self.refresh()

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self._gutter_width + self.columns * self.cw, self.rows + 1)

    def on_resize(self) -> None:
        self._update_virtual_size()

    @property
    def cw(self) -> int:
        """The cell width in use: one narrower when that shows every column without scrolling."""
        width = self.scrollable_content_region.width or self.size.width
        if self._gutter_width + self.columns * self.cell_width > width >= self._gutter_width + self.columns * (self.cell_width - 1):
            return self.cell_width - 1
        return self.cell_width

    @property
    def rows(self) -> int:
        return 0 if self.values is None else int(self.values.shape[0])

    @property
    def numeric_columns(self) -> int:
        return 0 if self.values is None else int(self.values.shape[1])

    @property
    def columns(self) -> int:
        return self.numeric_columns + (len(self.text_columns) if self.values is not None else 0)

    @property
    def _gutter_width(self) -> int:
        return len(self.row_prefix) + len(str(max(self.rows - 1, 0))) + 1

    def cell_text(self, row: int, column: int) -> str:
        """The text shown in a cell (what a test or a person reads)."""
        assert self.values is not None
        if column < self.numeric_columns:
            return fit_number(float(self.values[row, column]), self.cw - 1)
        return str(self.text_columns[column - self.numeric_columns][1][row])

    def column_header(self, column: int) -> str:
        if column < self.numeric_columns:
            return f"{self.column_prefix}{column}"
        return self.text_columns[column - self.numeric_columns][0]

    def row_text(self, row: int) -> list[str]:
        return [self.cell_text(row, column) for column in range(self.columns)]

    # ------------------------------------------------------------------ drawing
    def _style(self, name: str) -> Style:
        """A component style, looked up once per theme and focus (lookups cost more than drawing)."""
        style = self._style_cache.get(name)
        if style is None:
            base = self.rich_style
            style = self._style_cache[name] = base if name == "base" else base + self.get_component_rich_style(name)
        return style

    def notify_style_update(self) -> None:
        self._style_cache.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._style("base")
        if self.values is None:
            lines = textwrap.wrap(self.placeholder, max(10, width - 1))
            if 1 <= y <= len(lines):
                style = self._style("matrix-grid--placeholder")
                return Strip([Segment(f" {lines[y - 1]}", style)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        scroll_x, scroll_y = (int(v) for v in self.scroll_offset)
        gutter = self._gutter_width
        cw = self.cw
        # Whole cells only: a right-aligned number cut at the edge would read as another number.
        first = (scroll_x + cw - 1) // cw
        last = min(self.columns, first + max(1, (width - gutter) // cw))
        if y == 0:
            header_style = self._style("matrix-grid--header")
            error_style = self._style("matrix-grid--header-error")
            column_style = error_style if self.error_axis == 1 else header_style
            gutter_segment = Segment(" " * gutter, header_style)
            cells = [Segment(self.column_header(c).rjust(cw - 1)[: cw - 1] + " ", column_style) for c in range(first, last)]
            return self._assemble(gutter_segment, cells, width, base)
        row = scroll_y + y - 1
        if row >= self.rows:
            return Strip.blank(width, base)
        header_style = self._style("matrix-grid--header-error" if self.error_axis == 0 else "matrix-grid--header")
        gutter_segment = Segment(f"{self.row_prefix}{row}".rjust(gutter - 1) + " ", header_style)
        cursor_style = self._style("matrix-grid--cursor" if self.has_focus else "matrix-grid--cursor-blur")
        highlight_style = self._style("matrix-grid--highlight")
        editing_style = self._style("matrix-grid--editing")
        cells = []
        for column in range(first, last):
            at_cursor = row == self.cursor_row and column == self.cursor_column
            if at_cursor and self.edit_text is not None:
                cells.append(Segment((self.edit_text + "▏")[-(cw - 1) :].ljust(cw - 1) + " ", editing_style))
                continue
            text = self.cell_text(row, column).rjust(cw - 1)[-(cw - 1) :] + " "
            if at_cursor:
                style = cursor_style
            elif row in self.highlight_rows or column in self.highlight_columns:
                style = highlight_style
            else:
                style = base
            cells.append(Segment(text, style))
        return self._assemble(gutter_segment, cells, width, base)

    @staticmethod
    def _assemble(gutter: Segment, cells: list[Segment], width: int, base: Style) -> Strip:
        return Strip([gutter, *cells]).crop_extend(0, width, base)

    # ------------------------------------------------------------------ cursor
    def move_cursor(self, row: int, column: int) -> None:
        if self.values is None or self.edit_text is not None:
            return
        row = min(max(row, 0), self.rows - 1)
        column = min(max(column, 0), self.columns - 1)
        moved = (row, column) != (self.cursor_row, self.cursor_column)
        self.cursor_row, self.cursor_column = row, column
        self._scroll_cursor_into_view()
        self.refresh()
        if moved:
            self.post_message(self.CursorMoved(self, row, column))

    def action_move(self, rows: int, columns: int) -> None:
        self.move_cursor(self.cursor_row + rows, self.cursor_column + columns)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * max(1, self.scrollable_content_region.height - 1), self.cursor_column)

    def _scroll_cursor_into_view(self) -> None:
        region = self.scrollable_content_region
        cw = self.cw
        visible_columns = max(1, (region.width - self._gutter_width) // cw)
        visible_rows = max(1, region.height - 1)
        x, y = int(self.scroll_x), int(self.scroll_y)
        first = (x + cw - 1) // cw
        if self.cursor_column < first:
            first = self.cursor_column
        elif self.cursor_column >= first + visible_columns:
            first = self.cursor_column - visible_columns + 1
        x = first * cw
        if self.cursor_row < y:
            y = self.cursor_row
        elif self.cursor_row >= y + visible_rows:
            y = self.cursor_row - visible_rows + 1
        self.scroll_to(x, y, animate=False, immediate=True)

    # ------------------------------------------------------------------ input
    @property
    def editing(self) -> bool:
        return self.edit_text is not None

    def begin_edit(self, initial: str) -> None:
        if not self.editable or self.values is None or self.cursor_column >= self.numeric_columns:
            return
        self.edit_text = initial
        self.refresh()
        self.post_message(self.EditStarted(self, self.cursor_row, self.cursor_column))

    def end_edit(self) -> None:
        """Close the edit (the value was taken, or given up)."""
        if self.edit_text is not None:
            self.edit_text = None
            self.refresh()

    def _current_text(self, row: int, column: int) -> str:
        assert self.values is not None
        return str(self.values[row, column])

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        if self.edit_text is not None:
            self.end_edit()
            self.post_message(self.EditCancelled(self))
        self.refresh()

    def on_key(self, event: events.Key) -> None:
        if self.edit_text is not None:
            self._edit_key(event)
            return
        if not self.editable or self.values is None or self.cursor_column >= self.numeric_columns:
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
            self.post_message(self.EditCommitted(self, self.cursor_row, self.cursor_column, self.edit_text))
            return
        if key == "escape":
            self.end_edit()
            self.post_message(self.EditCancelled(self))
        elif key == "backspace":
            self.edit_text = self.edit_text[:-1]
        elif key == "ctrl+u":
            self.edit_text = ""
        elif key == "tab" or key == "shift+tab":
            return  # leaving the grid gives the edit up (see _on_blur)
        elif event.is_printable and event.character:
            self.edit_text += event.character
        event.stop()
        event.prevent_default()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self.values is None or offset.y == 0 or self.edit_text is not None:
            return
        row = int(self.scroll_y) + offset.y - 1
        x = offset.x - self._gutter_width
        if x < 0 or row >= self.rows:
            return
        cw = self.cw
        column = (int(self.scroll_x) + cw - 1) // cw + x // cw
        if column < self.columns:
            self.focus()
            self.move_cursor(row, column)
            if event.chain == 2:
                self.begin_edit(self._current_text(row, column))


def _same(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b))
