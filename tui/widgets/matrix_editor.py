"""A matrix whose cells are edited in place, with a note under it for what the edit needs.

The editor does not decide whether a value is acceptable: it posts CellEdited with the
text, the app asks the document, and the answer comes back through ``accept`` or
``refuse`` (a refusal appears right under the cell, with the typed text kept to fix).
Editing happens in the cell itself: no other widget takes focus, so committing costs one
redraw.

Keys are applied in the order they were typed, whatever the speed. A terminal delivers a
burst (``5 Enter 6 Enter``, a paste of keys) all at once, and Textual queues the keys in
this widget before the app has seen the first edit. So:

- on Enter the editor waits for the app's answer before it takes the next key (the keys
  typed meanwhile stay queued, in order), so a key typed after Enter never lands in the
  value just committed;
- the bindings of the other keys (the arrows, the panel's keys such as r and R, the app's
  such as Ctrl+Z) run here, in turn with the typing, not later when the key has bubbled up
  to the app, so ``Down 5 Enter`` edits the row below, not the row the cursor was on.

Keys handed to this editor after a key here moved the focus (Tab, a key that opens a
dialog) are passed on, in order, to the widget that has the focus now. (The app's key gate,
``KeyGate``, hands keys on one at a time already; this stays for keys sent otherwise.)

Only printable ASCII goes into a cell's text (a number is written in nothing else): any
other key (２, π, 👍, a skin tone, U+FE0F) is refused with a note and never drawn, since a
terminal draws such characters at widths rich measures otherwise. Text typed past
MAX_EDIT_CHARACTERS is kept whole and Enter refuses it, so no value is ever cut into another.

Enter commits and moves the cursor down one row (it stays on the last row), as a
spreadsheet does, so a column of numbers is typed as ``1 Enter 2 Enter 3 Enter``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from rich.text import Text
from textual import events

from tui.widgets.matrix_grid import CellMessage, MatrixGrid
from tui.widgets.typed_characters import allowed, refusal

EDIT_START_CHARACTERS = set("0123456789-.+")
IDLE_HINT = Text("Enter or a number edits a cell", style="dim")
# Far more than any number needs (a float64 written in full is 24 characters); a bound so
# that a paste of a whole file is refused with a word instead of drawn and parsed.
MAX_EDIT_CHARACTERS = 100
# Typing past MAX_EDIT_CHARACTERS keeps the text whole (Enter refuses it, so that no value
# is ever cut into another); past this, keys are not added, so a held key has a bound too.
MAX_TYPED_CHARACTERS = 10 * MAX_EDIT_CHARACTERS


def too_long(length: int) -> str:
    return f"a cell takes at most {MAX_EDIT_CHARACTERS} characters; {length:,} is too many"


def starts_an_edit(character: str) -> bool:
    """A number's first character."""
    return character in EDIT_START_CHARACTERS


def refused_key(event: events.Key) -> bool:
    """A printable key that cannot be part of a number (２, π, 👍, U+FE0F): no key is bound
    to one, so it is answered with a note rather than nothing (see typed_characters)."""
    return event.character is not None and len(event.character) == 1 and not event.character.isascii()


class MatrixEditor(MatrixGrid):
    """A matrix grid whose numeric cells can be edited; its note line says how, or why not."""

    @dataclass
    class CellEdited(CellMessage):
        """The user committed ``text`` for cell (row, column): answer with ``accept`` or ``refuse``."""

        text: str

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
        self.note = self.spare_note = IDLE_HINT
        self._refusal = ""
        self._refusal_kind = ""
        # Set while a committed value waits for the app's answer; accept/refuse set it.
        self._answer: asyncio.Event | None = None
        self._accepted = False

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
        self._show_editing_note()
        self.refresh()

    def _show_editing_note(self) -> None:
        self._refusal = ""
        self.set_note(Text(f"{self.matrix}[{self.cursor_row}, {self.cursor_column}]: Enter commits, Escape cancels", style="bold"))

    def accept(self) -> None:
        """The document took the value: close the edit."""
        self._accepted = True
        self.close_editor()
        if self._answer is not None:
            self._answer.set()

    def refuse(self, message: str) -> None:
        """The document refused the value: say why under the cell and keep the text to fix."""
        self._refusal = message
        self.set_note(Text(message, style="bold red"))
        if self._answer is not None:
            self._answer.set()

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

    async def _commit(self) -> None:
        """Hand the text to the app and wait for its answer before the next key is taken."""
        assert self.edit_text is not None
        row, column = self.cursor_row, self.cursor_column
        self._answer, self._accepted = asyncio.Event(), False
        # To the parent, not to this widget's own queue: that queue waits behind this handler.
        if self.parent is not None and self.parent.post_message(self.CellEdited(self, row, column, self.edit_text)):
            await self._answer.wait()
        self._answer = None
        if self._accepted:
            self.move_cursor(row + 1, column)  # like a spreadsheet: the next value goes below

    def _refuse_text(self, message: str, *, kind: str | None = None, toast: bool = False) -> None:
        """Text that cannot go into the cell: say why; the text typed so far stays.

        The toast comes once for a run of refusals of one ``kind`` (a held key, the keys of
        an emoji), not once a key; the note under the cell always says the latest."""
        kind = message if kind is None else kind
        if toast or kind != self._refusal_kind or not self._refusal:
            self.notify(message, severity="warning", timeout=5)  # the note is cut where the panel is narrow
        self._refusal, self._refusal_kind = message, kind
        self.set_note(Text(message, style="bold red"))
        self.app.bell()

    def _add_text(self, text: str, *, typed: bool = False) -> None:
        """Typed or pasted text, added to the edit (which begins here when none is open).

        A paste that makes the text too long is refused whole. A typed key is kept (up to
        MAX_TYPED_CHARACTERS) with the message, and Enter refuses the text until it is
        short enough: cut at the bound, 1 and 100 zeros would be committed as 1e99.
        """
        current = "" if self.edit_text is None else self.edit_text
        length = len(current) + len(text)
        if length > (MAX_TYPED_CHARACTERS if typed else MAX_EDIT_CHARACTERS):
            self._refuse_text(too_long(length), kind="too long")
            return
        if self.edit_text is None:
            self.begin_edit(text)
        else:
            self.edit_text += text
            self.refresh()
        if length > MAX_EDIT_CHARACTERS:
            self._refuse_text(too_long(length), kind="too long")

    # ------------------------------------------------------------------ keys
    def on_blur(self) -> None:
        self.close_editor()  # leaving the cell gives the edit up

    def _handed_on(self, event: events.Key | events.Paste) -> bool:
        """Pass on an event queued here before a key moved the focus away (Tab, a dialog).

        The app hands each key to the widget focused when the key arrives; in a burst, the
        keys after Tab were handed here before this widget ran Tab. They belong to the
        widget focused now, in the order typed.
        """
        focused = self.app.focused
        if focused is self:
            return False
        event.stop()
        event.prevent_default()
        copy = events.Paste(event.text) if isinstance(event, events.Paste) else events.Key(event.key, event.character)
        (focused or self.app.screen)._forward_event(copy)
        return True

    async def on_key(self, event: events.Key) -> None:
        if self._handed_on(event):
            return
        if self.edit_text is not None:
            await self._edit_key(event)
            return
        if self.values is not None and self.cursor_column < self.numeric_columns:
            if refused_key(event):
                event.stop()
                event.prevent_default()
                self._refuse_text(refusal(event.character or ""), kind="not a number")
                return
            if event.key == "enter":
                event.stop()
                event.prevent_default()
                self.begin_edit(self._current_text(self.cursor_row, self.cursor_column))
                return
            if event.character is not None and starts_an_edit(event.character):
                event.stop()
                event.prevent_default()
                self.begin_edit(event.character)
                return
        # Any other key's binding (the arrows, this panel's keys, the app's) runs now, in turn
        # with the typing, rather than when the key has bubbled up to the app: by then the
        # keys typed after it would have been taken here (see the module's docstring).
        # _check_bindings is how Textual itself runs them for a key that reaches the app.
        if await self.app._check_bindings(event.key):
            event.stop()
            event.prevent_default()

    async def _edit_key(self, event: events.Key) -> None:
        """While editing, every key belongs to the edit: none reaches the app's bindings."""
        assert self.edit_text is not None
        key = event.key
        event.stop()
        event.prevent_default()
        if key == "tab" or key == "shift+tab":
            # Leaving the grid gives the edit up, now rather than when the focus event comes.
            self.close_editor()
            await self.app._check_bindings(key)
            return
        if key == "enter":
            if len(self.edit_text) > MAX_EDIT_CHARACTERS:
                self._refuse_text(too_long(len(self.edit_text)), kind="too long", toast=True)  # the old value stays
                return
            await self._commit()
            return
        if key == "escape":
            self.close_editor()
        elif key == "backspace" or key == "ctrl+u":
            self.edit_text = self.edit_text[:-1] if key == "backspace" else ""
            if self._refusal.startswith(too_long(0).partition(";")[0]):
                if len(self.edit_text) > MAX_EDIT_CHARACTERS:
                    self._refusal = too_long(len(self.edit_text))  # the count follows the text
                    self.set_note(Text(self._refusal, style="bold red"))
                else:
                    self._show_editing_note()  # short enough again
        elif refused_key(event):
            self._refuse_text(refusal(event.character or ""), kind="not a number")  # the edit stays as it was
            return
        elif event.is_printable and event.character:
            self._add_text(event.character, typed=True)
            return
        self.refresh()

    async def on_paste(self, event: events.Paste) -> None:
        """A paste is typed text: it begins an edit, or adds to the one open; one value at a time."""
        if self._handed_on(event):
            return
        event.stop()
        if self.values is None or self.cursor_column >= self.numeric_columns:
            return
        text = event.text.strip()  # a copied number often carries a line break
        if not text:
            return
        lines = len(text.splitlines())
        if lines > 1:
            self._refuse_text(f"paste one value into a cell: the text pasted has {lines} lines")
            return
        if not text.isascii():
            self._refuse_text(f"the text pasted has {refusal(text)}")
            return
        if not allowed(text):
            self._refuse_text("paste one value into a cell: the text pasted has tabs or control characters")
            return
        self._add_text(text)

    def cell_double_clicked(self, row: int, column: int) -> None:
        self.begin_edit(self._current_text(row, column))
