"""A matrix on screen: a caption and headers that stay put, a cursor, and only the visible cells drawn.

Built on the Line API so that a 784 x 128 weight matrix costs no more to show than a
3 x 4 one: each frame renders the rows and columns in view and nothing else.

The caption (``X (3, 4)  rows: samples``) and the note under the cells are lines of the
grid itself, not widgets of their own: seven panels with a title and a note each would be
fourteen more widgets to style and lay out, which start-up pays for before the first frame.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.format import fit_number
from tui.widgets.cell_styles import cell_styles
from tui.widgets.text_strip import text_strip

FIXED_ABOVE = 2  # the caption and the column headers
SPARE_NOTE_ROWS = 3  # a hint under the cells leaves at least this many rows in view (or all)


@dataclass
class CellMessage(Message):
    """Something happened at cell (row, column) of a grid."""

    grid: MatrixGrid
    row: int
    column: int

    @property
    def control(self) -> MatrixGrid:
        return self.grid


class MatrixGrid(ScrollView, can_focus=True):
    """Shows a 2-D array under a caption, with row and column headers; arrows move a cursor."""

    DEFAULT_CSS = """
    MatrixGrid {
        height: 1fr;
        scrollbar-size: 1 1;
    }
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

    def __init__(
        self,
        *,
        cell_width: int = 9,
        row_prefix: str = "",
        column_prefix: str = "",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.cell_width = cell_width
        self.row_prefix = row_prefix
        # The header of a matrix's only row, if it has a name of its own: the biases' row is "b",
        # a "0" there read as one more value.
        self.one_row_label = ""
        self.column_prefix = column_prefix
        self.values: np.ndarray | None = None
        self.text_columns: list[tuple[str, Sequence[str | float]]] = []
        self.placeholder = ""
        self.caption = Text()
        # The line under the cells, or None for no such line (a read-only grid has one only to
        # say why nothing can be typed in it: tui.widgets.computed_grid).
        self.note: Text | None = None
        # A note that only helps (a hint): it gives its line to the numbers while the panel
        # would show fewer than SPARE_NOTE_ROWS of them, as beside the errors and a lesson.
        self.spare_note: Text | None = None
        self.cursor_row = 0
        self.cursor_column = 0
        self.error_axis: int | None = None
        self.highlight_rows: frozenset[int] = frozenset()
        self.highlight_columns: frozenset[int] = frozenset()
        # Text drawn in the cursor cell instead of its value while it is being edited.
        self.edit_text: str | None = None
        self._shown_values: np.ndarray | None = None
        self._shown_settings: tuple[object, ...] | None = None
        self._style_cache: dict[str, Style] = {}
        self._line_cache: dict[str, tuple[tuple[Text, str | Style, int, int, Style], Strip]] = {}

    # ------------------------------------------------------------------ content
    def show(
        self,
        values: np.ndarray | None,
        *,
        text_columns: Sequence[tuple[str, Sequence[str | float]]] = (),
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
            self.one_row_label,
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

    def set_caption(self, caption: Text) -> None:
        """The line above the headers: what this matrix is and its shape."""
        if caption != self.caption:
            self.caption = caption
            self.refresh()

    def set_note(self, note: Text | None) -> None:
        """The line under the cells (None: no line)."""
        if note == self.note:
            return
        below = self._fixed_below
        self.note = note
        if self._fixed_below != below:
            self._update_virtual_size()
            if self.values is not None:
                self._scroll_cursor_into_view()  # a note that takes a line may cover the cursor's row
        self.refresh()

    @property
    def _fixed_below(self) -> int:
        if self.note is None:
            return 0
        rows_beside_note = self.scrollable_content_region.height - FIXED_ABOVE - 1
        if self.note is self.spare_note and rows_beside_note < min(self.rows, SPARE_NOTE_ROWS):
            return 0
        return 1

    def _update_virtual_size(self) -> None:
        width = self._gutter_width + self.columns * self.cw
        size = Size(width, self.rows + FIXED_ABOVE + self._fixed_below)
        if size != self.virtual_size:
            if self.size:
                # Not the reactive's layout of the whole screen (a backward step's grids change
                # shape at most keys, issue #17): the grid's own size does not depend on its
                # cells. Its scroll bars follow; one shown or hidden still asks for a layout.
                self.set_reactive(MatrixGrid.virtual_size, size)
                self._scroll_update(size)
            else:
                self.virtual_size = size  # not laid out yet
        # "-wide": the columns do not fit, so a scroll bar takes a line; a panel sized to its
        # rows (the biases) needs that line more (app.tcss).
        self.set_class(width > self.content_region.width > 0, "-wide")

    def on_resize(self) -> None:
        self._update_virtual_size()

    @property
    def rows_in_view(self) -> int:
        """How many matrix rows fit between the headers and the note (0 when none does)."""
        return max(0, self.scrollable_content_region.height - FIXED_ABOVE - self._fixed_below)

    @property
    def visible_rows(self) -> int:
        """Rows in view, at least 1: the step for paging and for keeping the cursor in view."""
        return max(1, self.rows_in_view)

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
        return max(len(self.row_header(0)), len(self.row_header(max(self.rows - 1, 0)))) + 1

    def row_header(self, row: int) -> str:
        if self.one_row_label and self.rows == 1:
            return self.one_row_label
        return f"{self.row_prefix}{row}"

    def cell_text(self, row: int, column: int, cw: int | None = None) -> str:
        """The text shown in a cell (what a test or a person reads); ``cw``: the cell width, if known."""
        assert self.values is not None
        width = (cw or self.cw) - 1
        if column < self.numeric_columns:
            return fit_number(float(self.values[row, column]), width)
        value = self.text_columns[column - self.numeric_columns][1][row]
        if not isinstance(value, str):
            return fit_number(float(value), width)  # a number column beside the matrix (loss, confidence)
        # Cut at the end, marked: cut at the start, "0.0063906" would read ".0063906".
        return value if len(value) <= width else value[: max(width - 1, 0)] + "…"

    def column_header(self, column: int) -> str:
        if column < self.numeric_columns:
            return f"{self.column_prefix}{column}"
        return self.text_columns[column - self.numeric_columns][0]

    def row_text(self, row: int) -> list[str]:
        return [self.cell_text(row, column) for column in range(self.columns)]

    # ------------------------------------------------------------------ drawing
    def _style(self, name: str) -> Style:
        """A cell style (see ``cell_styles``), looked up once per theme and restyle."""
        if not self._style_cache:
            self._style_cache = cell_styles(self.app.theme_variables, self.rich_style)
        return self._style_cache[name]

    def notify_style_update(self) -> None:
        self._style_cache = {}
        super().notify_style_update()

    def _text_line(self, which: str, text: Text, width: int, base: Style) -> Strip:
        """The caption or the note: one line, cut with an ellipsis where the panel is too narrow."""
        cached = self._line_cache.get(which)
        visible = self.scrollable_content_region.width or width  # left of a vertical scroll bar
        # Text equality ignores the text's own style: compare it too.
        key = (text, text.style, width, visible, base)
        if cached is not None and cached[0] == key:
            return cached[1]
        strip = text_strip(text, width, base, self.app.console, cut_at=visible)
        self._line_cache[which] = (key, strip)
        return strip

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._style("base")
        if y == 0:
            return self._text_line("caption", self.caption, width, base)
        if self.note is not None and self._fixed_below and y == self.scrollable_content_region.height - 1:
            return self._text_line("note", self.note, width, base)
        y -= 1  # from here on, line 0 is the column headers
        if self.values is None:
            lines = textwrap.wrap(self.placeholder, max(10, width - 1))
            if 1 <= y <= len(lines):
                style = self._style("placeholder")
                return Strip([Segment(f" {lines[y - 1]}", style)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        scroll_x, scroll_y = (int(v) for v in self.scroll_offset)
        gutter = self._gutter_width
        cw = self.cw
        first = (scroll_x + cw - 1) // cw
        last = self._end_column(first)
        if y == 0:
            header_style = self._style("header")
            error_style = self._style("header-error")
            column_style = error_style if self.error_axis == 1 else header_style
            # Columns out of view are marked at the ends of the headers (a softmax's conf and
            # loss columns beside the output went unseen): ← in the gutter, → in the space that
            # ends the last header drawn, so the mark costs no column; where a scroll bar covers
            # that space, in the padding before that header ("o2    →pred").
            gutter_segment = Segment(("←" if first > 0 else " ").ljust(gutter), header_style)
            headers = [self.column_header(c).rjust(cw - 1)[: cw - 1] + " " for c in range(first, last)]
            if last < self.columns and headers:
                visible = self.scrollable_content_region.width or width
                if gutter + (last - first) * cw <= visible:
                    headers[-1] = headers[-1][:-1] + "→"
                else:
                    padding = len(headers[-1]) - len(headers[-1].lstrip(" "))
                    if padding:
                        headers[-1] = headers[-1][: padding - 1] + "→" + headers[-1][padding:]
            cells = [Segment(header, column_style) for header in headers]
            return self._assemble(gutter_segment, cells, width, base)
        row = scroll_y + y - 1
        if row >= self.rows:
            return Strip.blank(width, base)
        header_style = self._style("header-error" if self.error_axis == 0 else "header")
        gutter_segment = Segment(self.row_header(row).rjust(gutter - 1) + " ", header_style)
        cursor_style = self._style("cursor" if self.has_focus else "cursor-blur")
        highlight_style = self._style("highlight")
        editing_style = self._style("editing")
        cells = []
        for column in range(first, last):
            at_cursor = row == self.cursor_row and column == self.cursor_column
            if at_cursor and self.edit_text is not None:
                cells.append(Segment(edit_cell_text(self.edit_text, cw - 1) + " ", editing_style))
                continue
            text = self.cell_text(row, column, cw).rjust(cw - 1)[-(cw - 1) :] + " "
            if at_cursor:
                style = cursor_style
            elif row in self.highlight_rows or column in self.highlight_columns:
                style = highlight_style
            else:
                style = base
            cells.append(Segment(text, style))
        return self._assemble(gutter_segment, cells, width, base)

    def _end_column(self, first: int) -> int:
        """One past the last column drawn when ``first`` is the first: whole cells only (a
        right-aligned number cut at the edge would read as another number)."""
        return min(self.columns, first + max(1, (self.size.width - self._gutter_width) // self.cw))

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
        self.move_cursor(self.cursor_row + direction * self.visible_rows, self.cursor_column)

    def _scroll_cursor_into_view(self) -> None:
        cw = self.cw
        visible_rows = self.visible_rows
        x, y = int(self.scroll_x), int(self.scroll_y)
        first = (x + cw - 1) // cw
        if self.cursor_column < first:
            first = self.cursor_column
        while self.cursor_column >= self._end_column(first):  # as drawn: whole cells
            first += 1
        x = first * cw
        if self.cursor_row < y:
            y = self.cursor_row
        elif self.cursor_row >= y + visible_rows:
            y = self.cursor_row - visible_rows + 1
        self.scroll_to(x, y, animate=False, immediate=True)

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # ------------------------------------------------------------------ mouse
    def cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        """The (row, column) drawn at content offset (x, y), if a cell is drawn there."""
        if self.values is None or y < FIXED_ABOVE or y >= FIXED_ABOVE + self.rows_in_view:
            return None
        row = int(self.scroll_y) + y - FIXED_ABOVE
        x -= self._gutter_width
        if x < 0 or row >= self.rows:
            return None
        cw = self.cw
        first = (int(self.scroll_x) + cw - 1) // cw
        column = first + x // cw
        return (row, column) if column < self._end_column(first) else None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        cell = None if offset is None or self.edit_text is not None else self.cell_at(offset.x, offset.y)
        if cell is not None:
            self.focus()
            self.move_cursor(*cell)
            if event.chain == 2:
                self.cell_double_clicked(*cell)

    def cell_double_clicked(self, row: int, column: int) -> None:
        """A double click on a cell (an editor starts editing it)."""


def edit_cell_text(text: str, width: int) -> str:
    """The text being typed and a caret, exactly ``width`` terminal cells wide: its end shows,
    after a ``…`` when its start is cut (``1e19`` in a narrow cell reads ``…19▏``, not ``19▏``).

    Measured in cells, not characters: a wide character takes two, and padding by ``len``
    would push the rest of the row to the right.
    """
    shown = text + "▏"
    if cell_len(shown) <= width:
        return set_cell_size(shown, width)
    room = max(width - 1, 0)  # one cell for the "…"
    start = len(shown)
    while start > 0 and cell_len(shown[start - 1 :]) <= room:
        start -= 1
    return set_cell_size("…" + shown[start:], width)


def _same(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b))
