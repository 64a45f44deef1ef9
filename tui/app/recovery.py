"""Autosave and recovery: a copy of the work is written soon after every change, and work a
session did not end cleanly with is offered at the next start.

The writing is ``tui.files.autosave``'s (a thread, a marker per running nnwb); this is the
App's side of it: when to write, what to say when writing fails, what the session leaves
when it ends, and the question "Restore your work?".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.app.file_commands import FileCommands
from tui.app.host import WorkbenchHost
from tui.app.lesson_commands import LessonCommands
from tui.files.autosave import Leftover, leftovers, snapshot
from tui.files.paths import shown_path

AUTOSAVE_EVERY_S = 0.4  # a change is written within this, plus the write: a kill loses under a second


@dataclass(frozen=True)
class Ending:
    """What is left to do when the session ends (``Recovery.ending``)."""

    keeps: bool  # unsaved work is written for the next start to offer (else nothing is kept)
    run: Callable[[], None]


class Recovery:
    """The App's (``host``'s) autosave and the offer of work left by a session."""

    def __init__(self, host: WorkbenchHost, files: FileCommands, lessons: LessonCommands) -> None:
        self.host = host
        self.files = files
        self.lessons = lessons
        saver = host.autosaver
        saver.written = self.autosave_key()  # as opened: nothing to write until a change
        self._error = ""
        # What the command line asked for: only work that belongs to it is offered.
        self.asked_file = host.file_path
        self.asked_lesson = host.lesson.lesson.id if host.lesson is not None else ""
        self.offer: Leftover | None = None  # the work offered, claimed by this session

    def start(self) -> None:
        """After the first frame: the session is marked as running, and the work left offered."""
        host = self.host
        saver = host.autosaver
        saver.open(host.file_path, host.document.lesson)
        host.set_interval(AUTOSAVE_EVERY_S, self.tick, name="autosave")
        self.offer = self._claim()
        saver.replaces = [self.offer] if self.offer is not None else []  # the others are offered another time
        if self.offer is not None:
            self._offer_recovery(self.offer)

    def _claim(self) -> Leftover | None:
        """The newest work left that belongs to what the command line asked for, claimed by
        this session (another nnwb started at once takes other work, or none)."""
        from tui.app.recovery_offer import belongs

        saver = self.host.autosaver
        for leftover in leftovers(saver.folder):
            if belongs(leftover, self.asked_file, self.asked_lesson):
                claimed = leftover.claim(saver.pid)
                if claimed is not None:
                    return claimed
        return None

    def autosave_key(self) -> tuple[int, Path | None]:
        """Which state an autosave holds: the document's version (every change bumps it,
        undo too) and the file it belongs to (named in the marker)."""
        return (self.host.document.version, self.host.file_path)

    def tick(self) -> None:
        """Every AUTOSAVE_EVERY_S: after a change, a copy of the document is written by a
        thread. Never while training runs: its thread changes the weights in place."""
        host = self.host
        saver = host.autosaver
        # A tick can still come while the app closes, its screens gone: the end's own
        # write (``ending``) covers that state.
        if saver.busy or not host.screen_stack:
            return
        if saver.error != self._error:  # said once per new failure, and when it works again
            self._error = saver.error
            if saver.error:
                host.notify(f"Autosave failed ({saver.error}); nnwb keeps trying.",
                            title="Autosave", severity="error", timeout=10, markup=False)
        if self.autosave_key() == saver.written or host.command_state().running:
            return
        saver.save_soon(host.document, host.training_settings(), self.autosave_key(), host.file_path)

    def ending(self, crashed: bool) -> Ending | None:
        """The session ends: what is left to do, which may wait until the terminal is back
        (None: autosave never started). Cleanly (Ctrl+Q, SIGTERM, SIGHUP): the marker goes,
        unless work never saved to a file is left for the next start to offer. After an
        error (``crashed``) the latest state is written and the marker stays, so the next
        start offers it."""
        host = self.host
        saver = host.autosaver
        if not saver.opened:
            return None
        # Unsaved changes to a named file reach here only by a signal (Ctrl+Q asks first).
        keep = crashed or self.files.unsaved()
        # The state as it is now; writing it can wait until the terminal is back.
        final = None
        if keep:
            try:
                final = (snapshot(host.document), host.training_settings(), self.autosave_key(), host.file_path)
            except Exception as error:  # after an error the document may be half changed: keep the last autosave
                saver.error = f"{type(error).__name__}: {error}"

        def finish() -> None:
            if final is not None:
                saver.save_now(*final)
            saver.stop()
            if not crashed:
                saver.close(keep=keep)

        return Ending(keep, finish)

    def _offer_recovery(self, leftover: Leftover) -> None:
        from tui.app.recovery_offer import offer_message
        from tui.files.autosave_sidecar import read_autosave
        from tui.files.session_file import SessionFileError
        from tui.screens.choice import Answer, ChoiceScreen

        host = self.host
        try:
            document, training = read_autosave(leftover.autosave)
        except (SessionFileError, OSError) as error:
            host.notify(f"Work autosaved by an earlier nnwb could not be read: {error}", title="Not restored",
                        severity="error", timeout=10, markup=False)
            host.autosaver.declined = True
            return
        if self.asked_file is not None and not self.asked_file.exists():  # nothing there to replace
            replaces = f"the new {shown_path(self.asked_file.name)} you asked for, which the restored work will be saved to"
        elif self.asked_file is not None:
            replaces = f"what {shown_path(self.asked_file.name)} holds, which you asked for"
        elif host.lesson is not None:
            replaces = f"the start of {host.lesson.heading}, which you asked for"
        else:
            replaces = "the fresh workbench"
        message = offer_message(leftover, document, training, replaces)
        answers = [Answer("enter", "Enter", "Restore it", "restore"), Answer("escape", "Escape", "Start fresh", "fresh")]

        def chosen(answer: str | None) -> None:
            if answer == "restore":
                self.restore(leftover)
            else:
                self.host.autosaver.declined = True

        self.host.push_screen(ChoiceScreen("Restore your work?", message, answers, "recover"), chosen)

    def restore(self, leftover: Leftover) -> None:
        """The autosaved work, as one edit (Ctrl+Z gives back the fresh start), not yet in
        any file: Ctrl+S or Ctrl+Q asks where."""
        from tui.files.autosave_sidecar import read_autosave
        from tui.files.session_file import SessionFileError

        host = self.host
        try:
            document, training = read_autosave(leftover.autosave)
        except (SessionFileError, OSError) as error:
            host.notify(f"The autosave could not be read: {error}", title="Not restored", severity="error",
                        timeout=10, markup=False)
            host.autosaver.declined = True
            return
        host.take(document)
        self.lessons.restore(leftover.lesson())  # the work comes back under its own lesson, or none
        self.files.start_file(leftover.named(), training, saved=False)
        host.render_document()
        host.notify("Restored the autosaved work.", timeout=4)
