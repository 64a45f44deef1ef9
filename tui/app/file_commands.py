"""Save, Save as and Open for the workbench, and the title that names the file.

The title reads ``nnwb · network.json`` and ends in ``•`` while the document has changes
that are not in the file (its version differs from the version last saved or opened). A
document never named keeps the plain title ``nnwb``.

Opening a file is one edit of the document (undo puts back what was there); a refused file
changes nothing and says why in the picker, which stays open.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.document.saved_content import SavedContent
from tui.training import settings as training_settings

if TYPE_CHECKING:
    from tui.app.workbench import WorkbenchApp
    from tui.document.state import Document

UNSAVED_MARK = "•"


class FileCommands:
    """Mixed into WorkbenchApp: ``file_path`` is the file the document is saved to (None
    until it has a name); ``saved_version`` the document version that file holds (None: the
    file does not hold this document yet, e.g. a new file named on the command line; for a
    document never named, the version it started with)."""

    file_path: Path | None = None
    saved_version: int | None = None
    # What the file holds (None: not known, the version alone decides), and the answer of
    # unsaved() for one version: a version bump that changed nothing the file holds (leaving
    # the training view, stepping) must not show the mark.
    saved_content: SavedContent | None = None
    _unsaved_at: tuple[int, bool] = (-1, False)

    def start_file(self: WorkbenchApp, path: Path | None, training: dict[str, Any] | None, saved: bool) -> None:
        self.file_path = path
        self.use_training(training)
        self.saved_version = self.document.version if saved else None
        self.saved_content = SavedContent.of(self.document, self.training_settings()) if saved else None

    def unsaved(self: WorkbenchApp) -> bool:
        """Would saving now write something other than the file holds (or has it no file yet)?"""
        version = self.document.version
        if self.saved_version == version:
            return False
        if self.saved_content is None or self.saved_version is None:
            return True
        if self._unsaved_at[0] != version:  # compared once per version: the title asks on every render
            same = self.saved_content.holds(self.document, self.training_settings())
            self._unsaved_at = (version, not same)
        return self._unsaved_at[1]

    def show_file_title(self: WorkbenchApp) -> None:
        if self.file_path is None:
            return
        title = f"nnwb · {self.file_path.name}" + (f" {UNSAVED_MARK}" if self.unsaved() else "")
        if self.title != title:
            self.title = title

    # ------------------------------------------------------------------ training
    def use_training(self: WorkbenchApp, training: dict[str, Any] | None) -> None:
        """A new training session, its form filled from the file's settings (if any)."""
        from tui.training.session import TrainingSession

        settings = training_settings.to_form(training) if training is not None else {}
        self.training_session = TrainingSession(settings=settings)

    def training_settings(self: WorkbenchApp) -> dict[str, Any] | None:
        """The training form's settings as numbers, once the training view has set any."""
        session = getattr(self, "training_session", None)
        if session is None or not session.settings:
            return None
        return training_settings.from_form(session.settings, self.document.labels is not None)

    # ---------------------------------------------------------------------- save
    def save_to(self: WorkbenchApp, path: Path) -> str:
        """Save the document to ``path`` (atomically); it becomes the document's file.
        Raises OSError when the file cannot be written; nothing changes then."""
        from tui.files import session_file  # loaded when first used: start-up time is measured

        training = self.training_settings()
        try:
            session_file.save(self.document, path, training)
        except OSError as error:  # its own words, not the temporary file's name
            raise OSError(f"Could not save {path}: {error.strerror or error}") from None
        self.file_path, self.saved_version = path, self.document.version
        self.saved_content = SavedContent.of(self.document, training)
        self.show_file_title()
        return f"Saved {path}"

    def action_save(self: WorkbenchApp) -> None:
        if self._file_dialog_open():
            return
        if self.file_path is None:
            self.action_save_as()
            return
        try:
            done = self.save_to(self.file_path)
        except OSError as error:
            self.notify(str(error), title="Save",
                        severity="error", timeout=10, markup=False)
            return
        self.notify(done, title="Save", timeout=4, markup=False)

    def action_save_as(self: WorkbenchApp) -> None:
        from tui.screens.file_dialog import FileScreen

        if self._file_dialog_open():
            return
        asked: list[Path] = []

        def apply(path: Path) -> str:
            if path.is_dir():
                raise OSError(f"{path} is a folder: type a file name in it, such as {path / 'network.json'}")
            if path.suffix.lower() != ".json":
                path = path.with_name(path.name + ".json")
            if path.exists() and path != self.file_path and asked != [path]:
                asked[:] = [path]
                raise OSError(f"{path.name} exists already: Enter again replaces it, or type another name")
            return self.save_to(path)

        self.push_screen(FileScreen("Save as", self._initial_path(), apply), self._file_done)

    # ---------------------------------------------------------------------- open
    def action_open(self: WorkbenchApp) -> None:
        from tui.screens.file_dialog import FileScreen

        if self._file_dialog_open():
            return

        def apply(path: Path) -> str:
            return self.open_file(path)

        self.push_screen(FileScreen("Open a session file", self._initial_path(), apply), self._file_done)

    def open_file(self: WorkbenchApp, path: Path) -> str:
        """Open ``path``: SessionFileError (the state untouched) if it is refused."""
        from tui.files import session_file

        fresh, training = session_file.load(path)
        self._take(fresh)
        self.start_file(path, training, saved=True)
        self.render_document()
        return f"Opened {path} (Ctrl+Z puts back what was here)"

    def _take(self: WorkbenchApp, fresh: Document) -> None:
        self.explain_cell = (0, 0)
        self.refused = ""
        self.document.replace_with(fresh)

    # ------------------------------------------------------------------ helpers
    def _initial_path(self: WorkbenchApp) -> str:
        if self.file_path is None:
            return ""
        try:
            return str(self.file_path.relative_to(Path.cwd()))
        except ValueError:
            return str(self.file_path)

    def _file_dialog_open(self: WorkbenchApp) -> bool:
        from tui.screens.file_dialog import FileScreen

        return any(isinstance(screen, FileScreen) for screen in self.screen_stack)

    def _file_done(self: WorkbenchApp, done: str | None) -> None:
        if done:
            self.notify(done, title="File", timeout=5, markup=False)
