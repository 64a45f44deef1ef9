"""Ctrl+Q, and the question it asks when work would be lost.

It asks when the document's named file is behind, and when work never named could not be
autosaved (a full or read-only state folder: the next start could not offer it). Otherwise
it quits at once: work never named stays in the autosave, offered at the next start.

The dialog offers only what works now: while training runs (its thread changes the weights
in place) nothing can be saved, so it says how to save instead of offering it.
"""

from __future__ import annotations

from tui.app.file_commands import FileCommands
from tui.app.host import WorkbenchHost
from tui.files.paths import shown_path


class QuitCommand:
    """Quitting, for the App (``host``); ``files`` saves and knows what is unsaved."""

    def __init__(self, host: WorkbenchHost, files: FileCommands) -> None:
        self.host = host
        self.files = files

    def at_risk(self) -> str:
        """Why quitting now would lose work ("" if it would not)."""
        host = self.host
        if not self.files.unsaved():
            return ""
        if host.file_path is not None:
            return f"{shown_path(host.file_path.name)} has unsaved changes."
        error = host.autosaver.error
        if error:
            return f"This work is in no file, and the autosave cannot keep it ({error})."
        return ""

    def quit(self) -> None:
        """Ctrl+Q: quit, or ask first (save, discard, cancel) when work would be lost."""
        host = self.host
        why = self.at_risk()
        if not why:
            host.exit()
            return
        if host.screen.id == "quit":
            return  # already asking
        from tui.screens.choice import Answer, ChoiceScreen

        answers = [Answer("d", "d", "Discard the changes and quit", "discard"),
                   Answer("escape", "Escape", "Cancel: back to the work", "cancel")]
        if host.command_state().running:
            why += " Training is running: to save, press Escape, pause it (space), then Ctrl+Q again."
        else:
            label = "Save and quit" if host.file_path is not None else "Save as… (choose a file) and quit"
            answers.insert(0, Answer("s", "s", label, "save"))

        def chosen(answer: str | None) -> None:
            if answer == "save":
                self.files.save(then=host.exit)
            elif answer == "discard":
                self.files.forget_changes()  # nothing left to keep
                host.exit()

        host.push_screen(ChoiceScreen("Quit nnwb?", why, answers, "quit"), chosen)
