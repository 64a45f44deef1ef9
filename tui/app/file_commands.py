"""Save, Save as and Open for the workbench, the title that names the file, and the
question Ctrl+Q asks when the file is behind.

The title reads ``nnwb · network.json`` and ends in ``•`` while the document has changes
that are not in the file (its version differs from the version last saved or opened). A
document never named keeps the plain title ``nnwb``.

Opening a file is one edit of the document (undo puts back what was there); a refused file
changes nothing and says why in the picker, which stays open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.app.host import WorkbenchHost
from tui.document.saved_content import SavedContent
from tui.files import confinement
from tui.training import settings as training_settings

UNSAVED_MARK = "•"


class FileCommands:
    """The document's file, for the App (``host``): ``host.file_path`` is the file the
    document is saved to (None until it has a name); ``saved_version`` the document version
    that file holds (None: the file does not hold this document yet, e.g. a new file named on
    the command line; for a document never named, the version it started with)."""

    def __init__(self, host: WorkbenchHost) -> None:
        self.host = host
        self.saved_version: int | None = None
        # What the file holds (None: not known, the version alone decides), and the answer of
        # unsaved() for one version: a version bump that changed nothing the file holds (leaving
        # the training view, stepping) must not show the mark.
        self.saved_content: SavedContent | None = None
        self._unsaved_at: tuple[int, bool] = (-1, False)

    def start_file(self, path: Path | None, training: dict[str, Any] | None, saved: bool) -> None:
        host = self.host
        host.file_path = path
        self.use_training(training)
        self.saved_version = host.document.version if saved else None
        self.saved_content = SavedContent.of(host.document, host.training_settings()) if saved else None

    def forget_changes(self) -> None:
        """The document as it is now has nothing to lose (e.g. its changes were discarded)."""
        self.saved_version = self.host.document.version

    def unsaved(self) -> bool:
        """Would saving now write something other than the file holds (or has it no file yet)?"""
        document = self.host.document
        version = document.version
        if self.saved_version == version:
            return False
        if self.saved_content is None or self.saved_version is None:
            return True
        if self._unsaved_at[0] != version:  # compared once per version: the title asks on every render
            same = self.saved_content.holds(document, self.host.training_settings())
            self._unsaved_at = (version, not same)
        return self._unsaved_at[1]

    def show_file_title(self) -> None:
        host = self.host
        if host.file_path is None:
            return
        title = f"nnwb · {host.file_path.name}" + (f" {UNSAVED_MARK}" if self.unsaved() else "")
        if host.title != title:
            host.title = title

    def use_training(self, training: dict[str, Any] | None) -> None:
        """A new training session, its form filled from the file's settings (if any)."""
        from tui.training.session import TrainingSession

        settings = training_settings.to_form(training) if training is not None else {}
        self.host.training_session = TrainingSession(settings=settings)

    # ---------------------------------------------------------------------- save
    def save_to(self, path: Path) -> str:
        """Save the document to ``path`` (atomically); it becomes the document's file.
        Raises OSError when the file cannot be written; nothing changes then."""
        from tui.files import session_file  # loaded when first used: start-up time is measured

        host = self.host
        training = host.training_settings()
        path = confinement.writable(path)  # a browser tab writes only in its own folder
        try:
            session_file.save(host.document, path, training)
        except OSError as error:  # its own words, not the temporary file's name
            raise OSError(f"Could not save {path}: {error.strerror or error}") from None
        host.file_path, self.saved_version = path, host.document.version
        self.saved_content = SavedContent.of(host.document, training)
        self.show_file_title()
        return f"Saved {path}"

    def save(self) -> None:
        """Ctrl+S: to the document's file, or Save as when it has none."""
        if self._file_dialog_open():
            return
        if self.host.file_path is None:
            self.save_as()
            return
        try:
            done = self.save_to(self.host.file_path)
        except OSError as error:
            self.host.notify(str(error), title="Save",
                             severity="error", timeout=10, markup=False)
            return
        self.host.notify(done, title="Save", timeout=4, markup=False)

    def save_document(self) -> bool:
        """Write the document to its file; False (and why, on screen) if it could not."""
        assert self.host.file_path is not None
        try:
            self.save_to(self.host.file_path)
        except OSError as error:
            self.host.notify(str(error), title="Not saved",
                             severity="error", timeout=10, markup=False)
            return False
        return True

    def save_as(self) -> None:
        from tui.screens.file_dialog import FileScreen

        if self._file_dialog_open():
            return
        asked: list[Path] = []

        def apply(path: Path) -> str:
            path = confinement.writable(path)  # before asking the disk anything about it
            if path.is_dir():
                raise OSError(f"{path} is a folder: type a file name in it, such as {path / 'network.json'}")
            if path.suffix.lower() != ".json":
                path = path.with_name(path.name + ".json")
            if path.exists() and path != self.host.file_path and asked != [path]:
                asked[:] = [path]
                raise OSError(f"{path.name} exists already: Enter again replaces it, or type another name")
            return self.save_to(path)

        self.host.push_screen(FileScreen("Save as", self._initial_path(), apply), self._file_done)

    # ---------------------------------------------------------------------- open
    def open(self) -> None:
        """Ctrl+O: the file picker."""
        from tui.screens.file_dialog import FileScreen

        if self._file_dialog_open():
            return

        def apply(path: Path) -> str:
            return self.open_file(path)

        self.host.push_screen(FileScreen("Open a session file", self._initial_path(), apply), self._file_done)

    def open_file(self, path: Path) -> str:
        """Open ``path``: SessionFileError (the state untouched) if it is refused."""
        from tui.files import session_file

        path = confinement.readable(path)  # a browser tab reads only its own folder and the class folder
        fresh, training = session_file.load(path)
        self.host.take(fresh)
        self.start_file(path, training, saved=True)
        self.host.render_document()
        return f"Opened {path} (Ctrl+Z puts back what was here)"

    # ---------------------------------------------------------------------- quit
    def quit(self) -> None:
        """Ctrl+Q. Unsaved changes to a named file: save, discard or cancel. Work never
        named needs no question: it stays in the autosave, offered at the next start."""
        host = self.host
        if host.file_path is None or not self.unsaved():
            host.exit()
            return
        if host.screen.id == "quit":
            return  # already asking
        from tui.screens.choice import Answer, ChoiceScreen

        answers = [Answer("s", "s", "Save and quit", "save"), Answer("d", "d", "Discard the changes and quit", "discard"),
                   Answer("escape", "Escape", "Cancel: back to the work", "cancel")]
        message = f"{host.file_path.name} has unsaved changes."

        def chosen(answer: str | None) -> None:
            if answer == "save":
                if host.command_state().running:  # its thread is changing the weights in place
                    host.notify("Training is running: pause it (space), then Ctrl+Q again to save.",
                                title="Not saved", severity="warning", timeout=8)
                elif self.save_document():
                    host.exit()
            elif answer == "discard":
                self.forget_changes()  # nothing left to keep
                host.exit()

        host.push_screen(ChoiceScreen("Quit nnwb?", message, answers, "quit"), chosen)

    # ------------------------------------------------------------------ helpers
    def _initial_path(self) -> str:
        file_path = self.host.file_path
        if file_path is None:
            return ""
        try:
            return str(file_path.relative_to(Path.cwd()))
        except ValueError:
            return str(file_path)

    def _file_dialog_open(self) -> bool:
        from tui.screens.file_dialog import FileScreen

        return any(isinstance(screen, FileScreen) for screen in self.host.screen_stack)

    def _file_done(self, done: str | None) -> None:
        if done:
            self.host.notify(done, title="File", timeout=5, markup=False)
