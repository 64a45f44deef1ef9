"""A course (the built-in one, or a teacher's): every lesson with how many of its tasks are done; Enter opens one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.lessons.titles import plain_title
from tui.screens.picker import PickerScreen

if TYPE_CHECKING:
    from tui.lessons.model import Lesson
    from tui.lessons.progress import Progress


def lesson_line(number: int, lesson: Lesson, done: int) -> Text:
    """`` 3. A batch · 1/3 done``: in green when every task is."""
    total = len(lesson.tasks)
    line = Text()
    line.append(f"{number:>2}. ", "bold")
    line.append(plain_title(lesson.title), "bold")
    line.append(f" · {done}/{total} done", "bold green" if total and done == total else "dim")
    line.append(f"\n    --lesson {lesson.name}", "italic dim")
    return line


class LessonsScreen(PickerScreen):
    """A list of the course's lessons; Enter opens one (its id: a built-in lesson's stem, else its file's
    path), Escape keeps what is here. ``title``: the course's ("Lessons" for the built-in one)."""

    DEFAULT_CSS = """
    #lessons-body {
        width: 70;
    }
    """

    def __init__(self, lessons: list[Lesson], progress: Progress, current: str = "", title: str = "Lessons") -> None:
        super().__init__()
        self.lessons, self.progress, self.current, self.course_title = lessons, progress, current, title

    def compose(self) -> ComposeResult:
        options = []
        finished = 0
        for number, lesson in enumerate(self.lessons, start=1):
            done = len(self.progress.done_in(lesson))
            finished += bool(lesson.tasks) and done == len(lesson.tasks)
            options.append(Option(lesson_line(number, lesson, done), id=lesson.id))
        with Vertical(id="lessons-body", classes="dialog -picker") as body:
            body.border_title = f"{self.course_title}: {finished} of {len(self.lessons)} finished"
            body.border_subtitle = "Enter opens · Escape cancels"
            picker = OptionList(*options, id="lessons-list")
            ids = [lesson.id for lesson in self.lessons]
            if self.current in ids:
                picker.highlighted = ids.index(self.current)
            yield picker
