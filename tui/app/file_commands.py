"""Save, Save as and Open for the workbench, and the title that names the file.

The title reads ``nnwb · network.json`` and ends in ``•`` while the document has changes
that are not in the file (its version differs from the version last saved or opened). A
document never named keeps the plain title ``nnwb``.

Saving over the file asks first when someone else wrote it since it was opened or saved
here (its modification time, size or inode differ): two nnwb on one file never overwrite each
other unasked.

Opening a file is one edit of the document (undo puts back what was there); a refused file
changes nothing and says why in the picker, which stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.app.host import WorkbenchHost
from tui.document.saved_content import SavedContent
from tui.files import confinement
from tui.files.paths import shown_path
from tui.training import settings as training_settings
from tui.training.last_run import LAST_RUN

UNSAVED_MARK = "•"


def disk_stamp(path: Path) -> tuple[int, int, int] | None:
    """The file's modification time (ns), size and inode; None if it is not there. The inode
    tells apart two saves within one tick of the file system's clock: every save (nnwb's, an
    editor's) writes a new file and renames it over the old one."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


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
        # The file's modification time and size when opened or saved here (None: it was not
        # there): a save over a file someone else wrote since asks first.
        self.on_disk: tuple[int, int, int] | None = None
        # The files left by a move to another lesson, by the lesson whose work they hold: an
        # undo back to that lesson's work brings its file back too (reattach).
        self._left: dict[str, tuple[Path, int | None, SavedContent | None, tuple[int, int, int] | None]] = {}

    def start_file(self, path: Path | None, training: dict[str, Any] | None, saved: bool) -> None:
        host = self.host
        host.file_path = path
        self.use_training(training)
        self.saved_version = host.document.version if saved else None
        self.saved_content = SavedContent.of(host.document, host.training_settings()) if saved else None
        self.on_disk = disk_stamp(path) if path is not None else None

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
            if host.title != "nnwb":  # the file was left (another lesson's work came)
                host.title = "nnwb"
            return
        title = f"nnwb · {shown_path(host.file_path.name)}" + (f" {UNSAVED_MARK}" if self.unsaved() else "")
        if host.title != title:
            host.title = title

    def use_training(self, training: dict[str, Any] | None) -> None:
        """A new training session, its form filled from the file's settings (if any)."""
        from tui.training.session import TrainingSession

        settings = training_settings.to_form(training) if training is not None else {}
        run = training.get(LAST_RUN) if training is not None else None
        self.host.training_session = TrainingSession(settings=settings, loaded_run=run)

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
            raise OSError(f"Could not save {shown_path(path)}: {error.strerror or error}") from None
        host.file_path, self.saved_version = path, host.document.version
        self.saved_content = SavedContent.of(host.document, training)
        self.on_disk = disk_stamp(path)
        self.show_file_title()
        return f"Saved {shown_path(path)}"

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Ctrl+S: to the document's file, or Save as when it has none; ``then`` once saved.
        A file changed on disk since it was opened or saved here (another nnwb, an editor)
        is replaced only when the user says so."""
        if self._file_dialog_open():
            return
        path = self.host.file_path
        if path is None:
            self.save_as(then)
            return
        if not self.changed_on_disk():
            self._write(path, then)
            return
        from tui.screens.confirm import ConfirmScreen

        def answered(replace: bool | None) -> None:
            if replace and self.host.file_path == path:
                self._write(path, then)
            else:
                self.host.notify(f"Not saved: {shown_path(path.name)} keeps what is on disk. Save as "
                                 "(Ctrl+P) gives your work another name.", title="Save", timeout=8, markup=False)

        self.host.push_screen(ConfirmScreen("Replace the file?", self._changed_message(path), "replace it"), answered)

    def _write(self, path: Path, then: Callable[[], None] | None) -> None:
        try:
            done = self.save_to(path)
        except OSError as error:
            self.host.notify(str(error), title="Not saved", severity="error", timeout=10, markup=False)
            return
        self.host.notify(done, title="Save", timeout=4, markup=False)
        if then is not None:
            then()

    def changed_on_disk(self) -> bool:
        """Has someone else written the document's file since it was opened or saved here?
        (Its modification time, size and inode are compared; a file gone since has nothing to lose.)"""
        path = self.host.file_path
        if path is None:
            return False
        now = disk_stamp(path)
        return now is not None and now != self.on_disk

    def _changed_message(self, path: Path) -> str:
        return (f"{shown_path(path.name)} changed on disk since you opened or last saved it here (another nnwb "
                "or another program wrote it). Replacing it loses what that wrote.")

    def save_as(self, then: Callable[[], None] | None = None) -> None:
        from tui.screens.file_dialog import FileScreen

        if self._file_dialog_open():
            return
        asked: list[Path] = []

        def apply(path: Path) -> str:
            path = confinement.writable(path)  # before asking the disk anything about it
            if path.is_dir():
                raise OSError(f"{shown_path(path)} is a folder: type a file name in it, such as {shown_path(path / 'network.json')}")
            if path.suffix.lower() != ".json":
                path = path.with_name(path.name + ".json")
            ours = path == self.host.file_path and not self.changed_on_disk()
            if path.exists() and not ours and asked != [path]:
                asked[:] = [path]
                why = "changed on disk since you opened it" if path == self.host.file_path else "exists already"
                raise OSError(f"{shown_path(path.name)} {why}: Enter again replaces it, or type another name")
            return self.save_to(path)

        def done(said: str | None) -> None:
            self._file_done(said)
            if said and then is not None:
                then()

        self.host.push_screen(FileScreen("Save as", self._initial_path(), apply), done)

    # ------------------------------------------------------------- leave a file
    def before_leaving(self, then: Callable[[], None], going: str) -> None:
        """The document is about to become other work (another lesson's start): ``then``
        brings it, and calls ``detach``. The file's unsaved changes are asked about first:
        save them, leave them (undo brings them back), or stay."""
        host = self.host
        path = host.file_path
        if path is None or not self.unsaved():
            then()
            return
        from tui.screens.choice import Answer, ChoiceScreen

        name = shown_path(path.name)
        answers = [Answer("s", "s", f"Save them, then {going}", "save"),
                   Answer("d", "d", f"Do not save them (Ctrl+Z brings them back), {going}", "leave"),
                   Answer("escape", "Escape", f"Stay with {name}", "stay")]

        def chosen(answer: str | None) -> None:
            if answer == "save":
                self.save(then=then)
            elif answer == "leave":
                then()

        host.push_screen(ChoiceScreen(f"Leave {name}?", f"{name} has unsaved changes.", answers, "leave-file"), chosen)

    def detach(self, lesson: str = "") -> str:
        """Other work replaced the document: the file keeps what was saved in it, and Ctrl+S
        asks where the new work goes, so one lesson's work is never saved over another's.
        ``lesson``: the lesson whose work the file holds, which an undo may bring back (with
        the file). What to tell the user ("" if there was no file)."""
        host = self.host
        path = host.file_path
        if path is None:
            return ""
        if lesson:
            self._left[lesson] = (path, self.saved_version, self.saved_content, self.on_disk)
        host.file_path = None
        self.saved_version, self.saved_content, self.on_disk = host.document.version, None, None
        self.show_file_title()
        return f"{shown_path(path.name)} keeps what you saved there; Ctrl+S asks where this work goes."

    def reattach(self, lesson: str) -> None:
        """Undo (or redo) brought back the work of ``lesson``, whose file a lesson move left:
        the file comes back with it, its mark as the content decides."""
        host = self.host
        kept = self._left.pop(lesson, None) if host.file_path is None else None
        if kept is None:
            return
        host.file_path, self.saved_version, self.saved_content, self.on_disk = kept
        self._unsaved_at = (-1, False)
        self.show_file_title()

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
        return f"Opened {shown_path(path)} (Ctrl+Z puts back what was here)"

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
