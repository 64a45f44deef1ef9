"""Autosave: the current work, kept in the user's state folder, so that a kill or a crash
loses at most the last second of it.

Two files per session in ``state_folder()`` (``$XDG_STATE_HOME/nnwb``, else
``~/.local/state/nnwb``), named by the session's process id so that two nnwb running at
once never write over each other:

* ``running-<pid>``: the session is open. Removed when it ends cleanly with nothing left
  to offer (Ctrl+Q, SIGTERM, SIGHUP); a kill or a crash leaves it, and so does Ctrl+Q
  with work that was never saved to a file. Its lines: the pid, the file the work belongs
  to (or empty), the id of the lesson open (or empty), and "ended" once the session ended
  cleanly with work kept (so the next start does not call it a crash).
* ``autosave-<pid>.json``: its latest state, a session file (``tui.files.session_file``)
  whose arrays are in ``autosave-<pid>.<checksum>.npz`` beside it (``tui.files.autosave_sidecar``),
  written atomically by a thread so that an edit never waits for it, and at the end in well
  under a second whatever the network's size.

At start, a marker whose process is gone, with its autosave beside it, is work to offer
(``leftovers``): a directory listing and a few stats, nothing parsed before the first frame.
A session claims the work it offers by renaming its marker to ``claimed-<pid>-by-<own pid>``
(``Leftover.claim``): a rename succeeds once, so two nnwb started at once never both offer
(and restore) the same work. A claim whose session is gone too is work to offer again.
The offered files stay until this session's own first autosave replaces them, so Escape
at the offer loses nothing yet.
"""

from __future__ import annotations

import os
import queue
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import Network, Step, activation_named
from tui.document.changes import dense_with
from tui.document.state import Document
from tui.files.autosave_names import SIDECAR_SUFFIX, sidecars
from tui.files.paths import state_folder

__all__ = ["Autosaver", "Leftover", "leftovers", "snapshot", "state_folder"]

MARKER_PREFIX = "running-"
ENDED = "ended"  # the marker's last line after a clean end that kept unsaved work
AUTOSAVE_PREFIX = "autosave-"
CLAIM_PREFIX, CLAIMED_BY = "claimed-", "-by-"  # claimed-<pid>-by-<pid of the session that offers it>
# The marker names a file byte for byte, also one whose name is not UTF-8.
MARKER_ENCODING = {"encoding": "utf-8", "errors": "surrogateescape"}


def marker_path(folder: Path, pid: int) -> Path:
    return folder / f"{MARKER_PREFIX}{pid}"


def autosave_path(folder: Path, pid: int) -> Path:
    return folder / f"{AUTOSAVE_PREFIX}{pid}.json"


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (signal 0 checks without sending anything)."""
    if pid == os.getpid():
        return True  # an app run earlier in this process (tests): not a session that died
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: not ours to judge
    return True


@dataclass(frozen=True)
class Leftover:
    """The files of a session that did not end cleanly."""

    pid: int
    autosave: Path
    marker: Path

    @property
    def modified(self) -> float:
        try:
            return self.autosave.stat().st_mtime
        except OSError:
            return 0.0

    def named(self) -> Path | None:
        """The file the session's work belongs to, if it had one: the marker's second line."""
        lines = self._lines()
        return Path(lines[1]) if len(lines) > 1 and lines[1] else None

    def _lines(self) -> list[str]:
        try:
            return self.marker.read_text(**MARKER_ENCODING).splitlines()
        except OSError:
            return []

    def lesson(self) -> str:
        """The id of the lesson the session had open ("": none): restoring reopens it."""
        lines = self._lines()
        return lines[2] if len(lines) > 2 else ""

    def ended_cleanly(self) -> bool:
        """The session ended as asked (Ctrl+Q, a closed terminal) and kept its unsaved work;
        False for a kill or a crash."""
        lines = self._lines()
        return len(lines) > 3 and lines[3] == ENDED

    def claim(self, by: int) -> Leftover | None:
        """This work, now offered by session ``by`` alone (None: another session took it
        first). The marker is renamed, which succeeds for one session only."""
        claimed = self.marker.with_name(f"{CLAIM_PREFIX}{self.pid}{CLAIMED_BY}{by}")
        if claimed == self.marker:
            return self
        try:
            os.rename(self.marker, claimed)
        except OSError:  # gone: renamed by another session a moment ago
            return None
        return Leftover(self.pid, self.autosave, claimed)

    def remove(self) -> None:
        for path in (self.autosave, self.marker, *sidecars(self.autosave)):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass


def leftovers(folder: Path | None = None) -> list[Leftover]:
    """Sessions that did not end cleanly and left work, newest first. Cheap: no file is read.

    A marker with no autosave (killed before its first change) has nothing to offer and
    is removed here."""
    folder = state_folder() if folder is None else folder
    found = []
    markers = [(pid, folder / name) for name, pid in _named_by_pid(folder, MARKER_PREFIX)]
    markers += [(pid, folder / name) for name, pid, claimer in _claims(folder) if not alive(claimer)]
    for pid, marker in markers:
        if alive(pid):
            continue
        leftover = Leftover(pid, autosave_path(folder, pid), marker)
        if leftover.autosave.exists():
            found.append(leftover)
        else:
            leftover.remove()
    return sorted(found, key=lambda item: item.modified, reverse=True)


def orphans(folder: Path) -> list[Path]:
    """Autosaves (with their arrays' files) whose session is gone and left no marker: it
    ended cleanly, or its work was offered and declined (Escape) without a change since;
    and arrays' files whose session is gone and left no autosave naming them."""
    found = []
    claimed = {pid for _, pid, _ in _claims(folder)}
    for name, pid in _named_by_pid(folder, AUTOSAVE_PREFIX, ".json"):
        if not alive(pid) and not marker_path(folder, pid).exists() and pid not in claimed:
            found += [folder / name, *sidecars(folder / name)]
    for name, pid in _named_by_pid(folder, AUTOSAVE_PREFIX, SIDECAR_SUFFIX, split="."):
        if not alive(pid) and not autosave_path(folder, pid).exists():
            found.append(folder / name)
    return found


def _claims(folder: Path) -> list[tuple[str, int, int]]:
    """The claimed markers of ``folder``: name, the pid of the session that left the work, and
    the pid of the session that claimed it."""
    found = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        left, by, claimer = name.removeprefix(CLAIM_PREFIX).partition(CLAIMED_BY)
        if name.startswith(CLAIM_PREFIX) and by and left.isdigit() and claimer.isdigit():
            found.append((name, int(left), int(claimer)))
    return found


def _named_by_pid(folder: Path, prefix: str, suffix: str = "", split: str = "") -> list[tuple[str, int]]:
    """The files of ``folder`` named ``<prefix><pid><suffix>`` (with ``split``:
    ``<prefix><pid><split>...<suffix>``), with their pid; none if it cannot be read."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        if name.startswith(prefix) and name.endswith(suffix):
            middle = name[len(prefix) : len(name) - len(suffix)]
            try:
                found.append((name, int(middle.partition(split)[0] if split else middle)))
            except ValueError:
                continue
    return found


def snapshot(doc: Document) -> Document:
    """A copy of what a session file holds, taken on the UI thread in well under a
    millisecond, so that a thread can write it while the user edits the original in place."""
    steps = [
        Step(dense_with(step.dense, step.dense.weights.copy(), step.dense.biases.copy()), activation_named(step.activation.name),
             step.dropout)
        for step in doc.network.steps
    ]
    labels = None if doc.labels is None else doc.labels.copy()
    return Document(
        Network(steps),
        doc.inputs.copy(),
        labels,
        doc.dtype,
        doc.preset,
        list(doc.inits),
        doc.selected,
        doc.weights_view,
        loss=doc.loss,
        lesson=doc.lesson,
        answers=dict(doc.answers),  # the learner's answers are work too
        answer_marks=dict(doc.answer_marks),
    )


Key = tuple[int, "Path | None"]  # (document version, its file): which state an autosave holds


@dataclass
class Autosaver:
    """One session's autosave: the marker, the file, and the one thread that writes it."""

    folder: Path = field(default_factory=state_folder)
    pid: int = field(default_factory=os.getpid)
    # The leftovers offered at start: removed once this session's own autosave exists.
    replaces: list[Leftover] = field(default_factory=list)
    written: Key | None = None  # the state last written
    error: str = ""  # the last write's failure, "" after a success
    declined: bool = False  # the user chose to start fresh over the offered work
    _thread: threading.Thread | None = None  # started at the first write, waits for the next
    _jobs: queue.Queue[tuple[Any, ...]] = field(default_factory=queue.Queue)
    _opened: bool = False
    _tidied: bool = False
    _named: Path | None = None  # the file named in the marker
    _lesson: str = ""  # the lesson named in the marker
    _sidecar: Any = None  # the arrays' file last written (``tui.files.autosave_sidecar.Sidecar``), for the thread only

    @property
    def path(self) -> Path:
        return autosave_path(self.folder, self.pid)

    @property
    def marker(self) -> Path:
        return marker_path(self.folder, self.pid)

    @property
    def opened(self) -> bool:
        return self._opened

    def open(self, named: Path | None = None, lesson: str = "", ended: bool = False) -> None:
        """Mark the session as running: the marker holds the pid, the file's name and the
        open lesson's id, if any (and, at a clean end that keeps the work, that it ended)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.marker.write_text(f"{self.pid}\n{named or ''}\n{lesson}\n{ENDED if ended else ''}\n", **MARKER_ENCODING)
            self._opened, self._named, self._lesson = True, named, lesson
        except OSError as error:
            self.error = f"cannot write in {self.folder}: {error.strerror or error}"

    @property
    def busy(self) -> bool:
        """A write is queued or under way."""
        return self._jobs.unfinished_tasks > 0

    def save_soon(self, document: Document, training: dict[str, Any] | None, key: Key, named: Path | None) -> None:
        """Write a snapshot of ``document`` in a thread (the caller checks ``busy`` first)."""
        copy = snapshot(document)
        args = (copy, training, key, named)
        # One thread for the session, fed by a queue: starting a thread per write would make
        # the UI thread wait until the new thread runs, which on a busy machine is milliseconds.
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name="nnwb-autosave", daemon=True)
            self._thread.start()
        self._jobs.put(args)

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if not job:  # ``stop``
                    return
                self._write(*job)
            finally:
                self._jobs.task_done()

    def stop(self) -> None:
        """End the thread once the queued write is done (the session is over)."""
        if self._thread is not None:
            self._jobs.put(())
            self._thread.join()
            self._thread = None

    def save_now(self, copy: Document, training: dict[str, Any] | None, key: Key, named: Path | None) -> None:
        """Write ``copy``, a ``snapshot`` of the document, before returning (the session is
        ending): not copied again, which for millions of weights is a good part of a second."""
        self.wait()
        if key == self.written:
            return
        self._write(copy, training, key, named)

    def wait(self) -> None:
        """Until the queued write, if any, is done."""
        self._jobs.join()

    def _write(self, document: Document, training: dict[str, Any] | None, key: Key, named: Path | None) -> None:
        try:
            if not self._opened or named != self._named or document.lesson != self._lesson:
                self.open(named, document.lesson)
            # Loaded here, in the thread, at the first change: not at start-up.
            from tui.files.autosave_sidecar import write_autosave

            self._sidecar = write_autosave(self.path, document, training, self._sidecar)
        except OSError as error:  # a full disk, a read-only folder: the next tick tries again
            self.error = f"cannot write in {self.folder}: {error.strerror or error}"
            return
        except Exception as error:  # the document cannot be written as a session file: a bug
            self.error = f"{type(error).__name__}: {error}"
            return
        self.error = ""
        self.written = key
        if not self._tidied:
            # This session's work is safe: what was offered at start, and any autosave no
            # session will offer again, can go.
            self._tidied = True
            for leftover in self.replaces:
                leftover.remove()
            for path in orphans(self.folder):
                path.unlink(missing_ok=True)

    def close(self, keep: bool) -> None:
        """The session ends cleanly: ``keep`` leaves the autosave and the marker for the
        next start to offer (work never saved to a file); otherwise both go."""
        self.wait()
        if self.declined and not self._tidied:
            # Offered and declined (Escape), with no change since: not offered again, but
            # its file stays until a session's first change (``orphans``).
            for leftover in self.replaces:
                Leftover(leftover.pid, leftover.marker, leftover.marker).remove()
        if not keep:
            Leftover(self.pid, self.path, self.marker).remove()
        elif self._opened:  # the work stays to be offered: the next start is told it was no crash
            self.open(self._named, self._lesson, ended=True)
