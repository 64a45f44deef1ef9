"""The file picker of Open and Save as: a path typed from the keyboard, Tab completing it
from the folder's session files (.json) and subfolders, which are listed under it.

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

from tui import path_completion
from tui.screens.modal import OnceModal
from tui.state import EditRefused


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
        max-width: 95%;
        height: auto;
        border: round $accent;
        padding: 0 1;
        background: $surface;
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
    ]

    def __init__(self, title: str, initial: str, apply: Callable[[Path], str], cwd: Path | None = None) -> None:
        super().__init__()
        self.file_title = title
        self.initial = initial
        self.apply = apply
        self.cwd = cwd if cwd is not None else Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical(id="file-body") as body:
            body.border_title = self.file_title
            body.border_subtitle = "Enter · Tab completes · Escape cancels"
            yield Label(f"File (a .json session file; folder: {self.cwd})")
            yield Input(self.initial, id="file-path", suggester=PathSuggester(self.cwd), select_on_focus=False)
            yield Static(id="file-list", markup=False)
            yield Static(id="file-message", markup=False)

    def on_mount(self) -> None:
        self._list(self.initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._list(event.value)
        self.say("")

    def _list(self, text: str) -> None:
        found = path_completion.candidates(text, self.cwd)
        shown = found[: path_completion.SHOWN]
        more = f"\n… and {len(found) - len(shown)} more" if len(found) > len(shown) else ""
        listing = "\n".join(shown) + more if found else "(no session files or folders here)"
        self.query_one("#file-list", Static).update(listing)

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
        widget.update(Text(message, style="bold red") if message else "")

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
