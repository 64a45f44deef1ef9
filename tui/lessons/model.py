"""A lesson and its tasks, as read from a lesson file (``tui.lessons.loader``).

Plain data: a lesson knows where it starts from (a preset, or a session file next to
the lesson file) and which tasks it sets; a task is a sentence for the learner and the
checks (``tui.lessons.checks``) that must all hold for it to be done.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.lessons.titles import short_name

if TYPE_CHECKING:
    from tui.document.state import Document
    from tui.lessons.checks import Check
    from tui.lessons.courses import Course

# What a lesson's progress is kept under: its course's id and its key in the course
# (``tui.lessons.courses``), or, for a lesson file of no course, "" and the file's absolute path.
LessonKey = tuple[str, str]


@dataclass(frozen=True)
class Task:
    text: str  # the sentence the learner reads
    checks: tuple[Check, ...]  # all must hold
    hint: str = ""  # shown on request; may be empty
    line: int = 0  # where the task starts in its file, for messages
    # A state passed through on the way, which a later task undoes (a shape error made, then
    # fixed): ticked in the workbench, never graded from a file, whose final state has moved on.
    on_the_way: bool = False
    # Its stable name in the lesson (``id = "..."`` in the file; without one, its place, 1-based):
    # what progress and answers are kept under.
    id: str = ""

    @property
    def is_event(self) -> bool:
        """A task that needs something done in the workbench (a stage reached in step mode,
        a command used, a training run): it cannot be graded from a saved session."""
        return any(check.event for check in self.checks)


@dataclass(frozen=True)
class Lesson:
    id: str  # the file's stem for a built-in lesson ("01-neuron"), else the file's absolute path
    title: str
    text: str  # Markdown
    tasks: tuple[Task, ...]
    path: Path
    preset: str = ""  # the start: a preset's name ...
    session: str = ""  # ... or a session file, relative to the lesson file's folder
    builtin: bool = False
    course: Course | None = None  # the course it is a lesson of (the built-in one, a teacher's), if any
    key: str = ""  # its name in that course: its path in the course's folder, without ".toml"

    @property
    def progress_key(self) -> LessonKey:
        """What its progress is kept under: moving a course's folder keeps it."""
        return (self.course.id, self.key) if self.course is not None else ("", self.id)

    @property
    def name(self) -> str:
        """The short name ``nnwb --lesson`` takes: the stem without its number ("neuron")."""
        return short_name(self.path)

    @property
    def start_path(self) -> Path | None:
        return self.path.parent / self.session if self.session else None

    def start_document(self) -> Document:
        """A fresh copy of the state the lesson starts from."""
        from tui.document.state import Document

        start = self.start_path
        if start is None:
            return Document.from_preset(self.preset)
        from tui.files.session_file import load

        document, _training = load(start)
        document.answers = {}  # a start asks; answers in it would tick the learner's tasks for them
        document.answer_marks = {}
        return document
