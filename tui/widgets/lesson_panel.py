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
LAPSED = "no longer holds: "
KEYS_HINT = "< > lessons · h hints · Ctrl+R reset · L list · v hide"
# The bottom border holds the subtitle with its corners ("╰─ " and " ─╯"): the longest of
# these that fits is shown, so 80 columns never cut a key in half.
KEYS_HINTS = (KEYS_HINT, "< > · h hints · Ctrl+R reset · L list · v hide", "h hints · Ctrl+R reset · L list")
BORDER_ROOM = 6


class LessonPanel(Horizontal):
    """Shows an ``OpenLesson``; draws nothing new unless something it shows changed."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lesson_id: str | None = None
        self._tasks_key: tuple[object, ...] = ()
        self.tasks = ""  # the tasks as shown, one a line, each with its mark (for tests)
        self._subtitle_head = ""  # "1/3 done · = answer · ": the keys' hint follows, as it fits

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
        self._subtitle_head = f"{lesson.tally} · {answer}"
        self._fit_subtitle()
        key = (lesson.lesson.id, frozenset(lesson.done), hints, tuple(sorted(lesson.answers.items())),
               tuple(sorted(lesson.lapsed.items())))
        if key != self._tasks_key:  # redrawn only when a tick changes: every edit comes through here
            self._tasks_key = key
            self.query_one("#lesson-tasks", Static).update(tasks_view(lesson, hints))
            self.tasks = tasks_lines(lesson)

    def on_resize(self) -> None:
        self._fit_subtitle()

    def _fit_subtitle(self) -> None:
        if not self._subtitle_head:  # no lesson shown yet
            return
        room = self.size.width - BORDER_ROOM if self.size.width else None  # not laid out yet: the whole hint
        subtitle = next((self._subtitle_head + hint for hint in KEYS_HINTS
                         if room is None or len(self._subtitle_head + hint) <= room),
                        self._subtitle_head + KEYS_HINTS[-1])
        if self.border_subtitle != subtitle:
            self.border_subtitle = subtitle

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
        note = answer_note(task, lesson.answers, i in lesson.done, lesson.marks)
        lines.append(f"{DONE_MARK if i in lesson.done else OPEN_MARK} {i + 1}. {task.text.strip()}"
                     + (f" [{note}]" if note else "")
                     + (f" ({LAPSED}{lesson.lapsed[i]})" if i in lesson.lapsed else ""))
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
        style = "bold yellow" if index in lesson.lapsed else "bold green" if done else "bold"
        mark = Text(f"{DONE_MARK if done else OPEN_MARK} {index + 1}.", style)
        grid.add_row(mark, Text(task.text.strip(), "green" if done else ""))
        if index in lesson.lapsed:  # ticked, but a file saved now would fail it: say which check
            grid.add_row("", Text(f"{LAPSED}{lesson.lapsed[index]}", "bold yellow"))
        note = answer_note(task, lesson.answers, done, lesson.marks)
        if note:  # the learner's number, as typed text: plain, never markup
            style = "bold yellow" if "not yet" in note else "dim" if "to answer" in note else "green"
            grid.add_row("", Text(note, style))
        if hints and not done and task.hint:
            grid.add_row("", Text(f"Hint: {task.hint.strip()}", "italic dim"))
    parts: list[Text | Table] = [grid]
    if tasks and len(lesson.done) == len(tasks):
        last = lesson.position is None or lesson.position + 1 >= lesson.course_size
        parts.append(Text.assemble(("All done. ", "bold green"), ("L lists the lessons." if last else "> opens the next lesson.", "dim")))
    return Group(*parts)
