"""What a browser tab's nnwb says that a terminal's does not (``nnwb serve``).

A tab's state folder is its own and goes when the tab ends (``tui.serve.session``), so
lesson progress and autosaved work last as long as the tab: a reload starts afresh. The
learner is told so when a lesson opens, with what keeps the work (Ctrl+S). And a lesson
given to ``nnwb serve --lesson`` that cannot be read any more (the file was edited after
the server started) opens the tab on the plain workbench with the reason, rather than
ending the tab's app with it on the server's log and a blank page in the browser. When the
app first shows, the learner is told which folder their files go in (``tui.serve.folders``).

The app calls ``tell_tab`` after each redraw; in a terminal it returns at once. It is given
the app's ``notify`` and the open lesson's id, not the app: the app imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from textual.notifications import SeverityLevel

from tui.serve.folders import CLASS_LINK


class Notify(Protocol):
    """``App.notify``: a toast."""

    def __call__(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
                 timeout: float | None = None, markup: bool = True) -> None: ...

LESSON_NOTE = (
    "In a browser tab, lesson progress lasts as long as the tab: reloading or closing it starts "
    "afresh. Ctrl+S saves your work to a file in this tab's folder, which the machine that runs "
    "nnwb serve keeps."
)


def folder_note(folder: Path) -> str:
    """Where this tab's files go, said once when it starts."""
    shared = " Your teacher's files are in class/." if (folder / CLASS_LINK).is_symlink() else ""
    return (f"This tab's files go in its own folder, {folder.parent.name}/{folder.name}, on the server: "
            f"Ctrl+S saves there, Ctrl+O opens from there.{shared} It stays after the tab closes.")


@dataclass
class TabNotes:
    served: bool = False  # this process is a browser tab's nnwb
    start_problem: str = ""  # the --lesson that could not be read, said once the app shows
    noted_lesson: str | None = None  # the lesson the note was last given for
    folder: Path | None = None  # the tab's work folder, said once the app shows (then None)


TAB = TabNotes()


def begin_served_tab(start_problem: str = "", folder: Path | None = None) -> None:
    """Called by ``tui.serve.session`` before the app starts; ``folder``: the tab's work folder."""
    TAB.served, TAB.start_problem, TAB.noted_lesson, TAB.folder = True, start_problem, None, folder


def tell_tab(notify: Notify, lesson: str | None) -> None:
    """In a served tab: the start problem, once; the note, each time another lesson is open
    (``lesson``: the open lesson's id, None with none open)."""
    if not TAB.served:
        return
    if TAB.start_problem:
        notify(TAB.start_problem, title="Lesson not opened", severity="error", timeout=30, markup=False)
        TAB.start_problem = ""
    if TAB.folder is not None:
        notify(folder_note(TAB.folder), title="Your files", timeout=10, markup=False)
        TAB.folder = None
    if lesson != TAB.noted_lesson:
        TAB.noted_lesson = lesson
        if lesson is not None:
            notify(LESSON_NOTE, title="Lessons in a browser tab", timeout=12, markup=False)
