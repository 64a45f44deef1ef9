"""The open lesson: its title, its text (Markdown) and its tasks, each ticked once done.

Hidden while no lesson is open (or the learner hid it with v), so the workbench looks as
it does without lessons. Wide
terminals show the text and the tasks side by side under the panels; narrow ones stack
them, the tasks on top (they stay in view) and the text under them, scrolling.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.lessons.open_lesson import OpenLesson
from tui.widgets.layout import moved_the_panels

DONE_MARK = "✓"
OPEN_MARK = "○"
KEYS_HINT = "< > lessons · h hints · Ctrl+R reset · L list · v hide"


class LessonPanel(Horizontal):
    """Shows an ``OpenLesson``; draws nothing new unless something it shows changed."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lesson_id: str | None = None
        self._tasks_key: tuple[object, ...] = ()
        self.tasks = ""  # the tasks as shown, one a line, each with its mark (for tests)

    def compose(self) -> ComposeResult:
        # The Markdown widget comes with the first lesson: its import (markdown-it) costs
        # start-up time that a workbench without a lesson does not need to pay.
        yield VerticalScroll(id="lesson-scroll")
        with VerticalScroll(id="lesson-tasks-scroll"):  # hints make the tasks long: they scroll too
            yield Static(id="lesson-tasks")

    def show(self, lesson: OpenLesson | None, hints: bool = False) -> None:
        """Draw ``lesson`` (None hides the panel); ``hints``: each open task's hint under it."""
        if lesson is None:
            if self.display:
                self.display = False
                moved_the_panels(self)
            return
        if not self.display:
            self.display = True
            moved_the_panels(self)
        if lesson.lesson.id != self._lesson_id:
            self._lesson_id = lesson.lesson.id
            self._show_text(lesson.lesson.text)
        heading = Content(lesson.heading)  # the file's title is plain text: "[b]" shows as written
        if self.border_title != heading.markup:
            self.border_title = heading
        answer = "= answer · " if lesson.open_answers() else ""  # a task asks for a number
        subtitle = f"{lesson.tally} · {answer}{KEYS_HINT}"
        if self.border_subtitle != subtitle:
            self.border_subtitle = subtitle
        key = (lesson.lesson.id, frozenset(lesson.done), hints, tuple(sorted(lesson.answers.items())))
        if key != self._tasks_key:  # redrawn only when a tick changes: every edit comes through here
            self._tasks_key = key
            self.query_one("#lesson-tasks", Static).update(tasks_view(lesson, hints))
            self.tasks = tasks_lines(lesson)

    def _show_text(self, markdown: str) -> None:
        from textual.widgets import Markdown

        scroll = self.query_one("#lesson-scroll", VerticalScroll)
        found = scroll.query(Markdown)
        if found:
            found.first().update(markdown)
        else:
            scroll.mount(Markdown(markdown, id="lesson-text", open_links=False))
        scroll.scroll_home(animate=False)


def tasks_lines(lesson: OpenLesson) -> str:
    from tui.lessons.answers import answer_note  # with the lesson: the checks are not a start-up cost

    lines = []
    for i, task in enumerate(lesson.lesson.tasks):
        note = answer_note(task, lesson.answers)
        lines.append(f"{DONE_MARK if i in lesson.done else OPEN_MARK} {i + 1}. {task.text.strip()}"
                     + (f" [{note}]" if note else ""))
    return "\n".join(lines)


def tasks_view(lesson: OpenLesson, hints: bool = False) -> Group:
    """The tasks, each a mark, its number and its sentence (wrapped under the sentence),
    and with ``hints`` the hint of each task not done yet."""
    from tui.lessons.answers import answer_note

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    tasks = lesson.lesson.tasks
    for index, task in enumerate(tasks):
        done = index in lesson.done
        mark = Text(f"{DONE_MARK if done else OPEN_MARK} {index + 1}.", "bold green" if done else "bold")
        grid.add_row(mark, Text(task.text.strip(), "green" if done else ""))
        note = answer_note(task, lesson.answers)
        if note:  # the learner's number, as typed text: plain, never markup
            grid.add_row("", Text(note, "green" if done else "bold yellow" if "not yet" in note else "dim"))
        if hints and not done and task.hint:
            grid.add_row("", Text(f"Hint: {task.hint.strip()}", "italic dim"))
    parts: list[Text | Table] = [grid]
    if tasks and len(lesson.done) == len(tasks):
        last = lesson.position is None or lesson.position + 1 >= lesson.course_size
        parts.append(Text.assemble(("All done. ", "bold green"), ("L lists the lessons." if last else "> opens the next lesson.", "dim")))
    return Group(*parts)
