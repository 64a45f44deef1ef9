"""The file picker of Open and Save as: a path typed from the keyboard, Tab completing it
from the folder's session files (.json) and subfolders, which are listed under it; Up and
Down walk that list.

It opens or saves nothing itself: ``apply`` does, and raises (EditRefused, or the
SessionFileError of a refused file) to refuse; the message is shown in the dialog, which
stays open, and nothing else has changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from tui.document.state import EditRefused
from tui.files import path_completion
from tui.files.paths import shown_path, utf8_path
from tui.files.safe_text import safe_text
from tui.screens.modal import OnceModal


class PathSuggester(Suggester):
    """The first folder or session file the typed path can become, shown greyed after it."""

    def __init__(self, cwd: Path) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.cwd = cwd

    async def get_suggestion(self, value: str) -> str | None:
        found = path_completion.candidates(value, self.cwd)
        return found[0] if found else None


class FileScreen(OnceModal[str | None]):
    """A path input; Enter gives the path to ``apply``, Tab completes it, Escape cancels."""

    DEFAULT_CSS = """
    #file-body {
        width: 72;
    }
    #file-list {
        height: auto;
        color: $text-muted;
    }
    #file-message {
        height: auto;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("tab", "complete", "Complete", show=False),
        Binding("down", "pick(1)", "Next", show=False),
        Binding("up", "pick(-1)", "Previous", show=False),
    ]

    def __init__(self, title: str, initial: str, apply: Callable[[Path], str], cwd: Path | None = None) -> None:
        super().__init__()
        self.file_title = title
        self.initial = initial
        self.apply = apply
        self.cwd = cwd if cwd is not None else Path.cwd()
        self._typed = initial  # what the list is of: the text typed, not the entry picked
        self._picked = -1  # the entry of the list in the input (Up/Down), -1: none
        self._found: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="file-body", classes="dialog") as body:
            body.border_title = self.file_title
            body.border_subtitle = "Enter · Tab completes · Escape cancels"
            yield Label(f"File (a .json session file; folder: {self.cwd})")
            # The suggested name is selected, as in every form: typing a name replaces it.
            yield Input(self.initial, id="file-path", suggester=PathSuggester(self.cwd))
            yield Static(id="file-list", markup=False)
            yield Static(id="file-message", markup=False)

    def on_mount(self) -> None:
        self._list(self.initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.say("")
        if 0 <= self._picked < len(self._found) and event.value == self._found[self._picked]:
            return  # Up or Down put it there: the list stays
        self._picked = -1
        self._list(event.value)

    def _list(self, text: str) -> None:
        self._typed = text
        self._found = path_completion.candidates(text, self.cwd)
        self._show_list()

    def _show_list(self) -> None:
        found = self._found
        first = max(0, min(self._picked - path_completion.SHOWN + 1, len(found) - path_completion.SHOWN))
        shown = found[first : first + path_completion.SHOWN]
        lines = [("› " if first + i == self._picked else "  ") + shown_path(name) for i, name in enumerate(shown)]
        more = len(found) - len(shown)
        listing = "\n".join(lines) + (f"\n  … {more} more (Up/Down)" if more else "")
        self.query_one("#file-list", Static).update(listing if found else "(no session files or folders here)")

    def action_pick(self, delta: int) -> None:
        if not self._found:
            return
        self._picked = (self._picked + delta) % len(self._found)
        field = self.query_one("#file-path", Input)
        field.value = self._found[self._picked]
        field.cursor_position = len(field.value)
        self._show_list()

    def action_complete(self) -> None:
        field = self.query_one("#file-path", Input)
        completed = path_completion.complete(field.value, self.cwd)
        if completed != field.value:
            field.value = completed
            field.cursor_position = len(completed)

    def path(self) -> Path:
        text = self.query_one("#file-path", Input).value.strip()
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.cwd / path

    def say(self, message: str) -> None:
        widget = self.query_one("#file-message", Static)
        widget.update(Text(safe_text(utf8_path(message), lines=True), style="bold red") if message else "")  # it quotes the file

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.say("Type a file name, such as network.json")
            return
        try:
            done = self.apply(self.path())
        except (EditRefused, ValueError, OSError) as refusal:
            self.say(str(refusal).replace(f"{self.cwd}{os.sep}", ""))  # the name as typed, not the whole path
            return
        self.finish(done)

    def action_cancel(self) -> None:
        self.finish(None)
