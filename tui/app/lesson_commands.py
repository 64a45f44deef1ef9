"""Lessons in the workbench: open one, go to the next or previous, reset it, list the course,
and keep its tasks ticked as the learner works.

Opening a lesson replaces the document as loading a preset does: one edit, which Ctrl+Z
puts back, and with it the lesson that was open (``Document.lesson`` is in every undo
record; ``LessonCommands.follow_document_lesson`` reopens it), so the panel always matches
the network. Every redraw of the panels (``WorkbenchApp.render_document``, after every
change) ends in ``LessonCommands.show``, which asks the open lesson's tasks on the trace the
panels were drawn from. The events the checks read (``tui.lessons.context``) are recorded
here and in ``CommandGate.run``.

The lessons package (``tui.lessons``) is imported only once a lesson is opened: its checks
cost tens of milliseconds, which a start without a lesson does not pay.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.widget import Widget

from tui.app.file_commands import FileCommands
from tui.app.host import WorkbenchHost
from tui.widgets.lesson_panel import LessonPanel

if TYPE_CHECKING:
    from tui.lessons.context import Cursor
    from tui.lessons.courses import Course
    from tui.lessons.model import Lesson
    from tui.lessons.open_lesson import OpenLesson
    from tui.lessons.progress import Progress

# The matrices a task may point the cursor at (``tui.lessons.context.Cursor``); the same as
# tui.lessons.workbench_checks.CURSOR_MATRICES (a test holds them together), kept here so
# start-up does not import the checks.
CURSOR_MATRICES = ("inputs", "labels", "weights", "biases", "z", "output", "dweights", "dbiases", "results")


class LessonCommands:
    """The lesson commands, for the App (``host``): ``host.lesson`` is the lesson open now
    (None: the plain workbench). ``files``: another lesson's work never goes into the file
    of the lesson left."""

    def __init__(self, host: WorkbenchHost, files: FileCommands) -> None:
        self.host = host
        self.files = files
        self.hidden = False  # v hides the panel (a small terminal needs the room); the tasks still tick
        self.hints = False  # h shows each open task's hint
        self._progress: Progress | None = None
        self._seen: dict[str, OpenLesson] = {}  # by id: undo reopens one with its ticks and events
        # The course L lists and > and < follow from a lesson of no course: the last course a lesson
        # was opened from (nnwb --course DIR), else the built-in one.
        self._course: Course | None = None

    # ------------------------------------------------------------------ state
    def progress(self) -> Progress:
        """The learner's progress, read from the state folder the first time it is needed."""
        if self._progress is None:
            from tui.lessons.progress import Progress

            self._progress = Progress.load()
            damaged = self._progress.damaged_message()
            if damaged:  # said once: the next run finds the file moved aside (or is told again why not)
                self.host.notify(damaged, title="Lessons", severity="warning", timeout=12, markup=False)
        return self._progress

    def opened(self, lesson: Lesson, at_start: bool = True) -> OpenLesson:
        """``lesson`` as open now; ``at_start``: the document is the lesson's starting state
        (not a session file of the learner's), which Ctrl+R compares against."""
        from tui.document.saved_content import SavedContent
        from tui.lessons.open_lesson import OpenLesson

        document = self.host.document
        course = lesson.course
        if course is not None:
            self._course = course
        position = course.keys.index(lesson.key) if course is not None else None
        try:
            start = SavedContent.of(document if at_start else lesson.start_document(), None)
        except (OSError, ValueError):  # its start cannot be read now: Ctrl+R will say why
            start = None
        opened = OpenLesson(lesson, position, len(course.paths) if course is not None else 0, self.progress(), start)
        document.lesson = lesson.id  # every undo record from here on knows which lesson was open
        self._seen[lesson.id] = opened
        return opened

    def follow_document_lesson(self) -> None:
        """Keep the panel's lesson the one the network belongs to: an undo (or redo) that
        brings back another lesson's state brings back that lesson too, its ticks and what
        was done in it. A state from before any lesson was open keeps the lesson open now."""
        host = self.host
        wanted = host.document.lesson
        current = host.lesson.lesson.id if host.lesson is not None else ""
        if wanted == current:
            return
        if not wanted:  # e.g. undoing the first lesson's opening: the lesson stays open
            host.document.lesson = current
            return
        seen = self._seen.get(wanted)
        if seen is not None:  # back to a lesson of this run: its answers went with it (OpenLesson.answers)
            host.document.answers, host.document.answer_marks = dict(seen.answers), dict(seen.marks)
        else:  # first seen now (restored work): the answers are the document's
            from tui.lessons.loader import LessonFileError, load_lesson

            try:
                seen = self.opened(load_lesson(wanted), at_start=False)
            except LessonFileError as error:
                host.document.lesson = current
                host.notify(f"The lesson this state belongs to could not be opened again: {error}", title="Lessons",
                            severity="error", timeout=10, markup=False)
                return
        self.files.detach(current)  # the file holds the lesson left's work, not this one's
        host.lesson = seen
        self.files.reattach(wanted)
        host.notify(f"Back to {seen.heading}: the lesson this network belongs to.", timeout=4, markup=False)

    def cursor(self) -> Cursor | None:
        """Where the focused matrix's cursor is, as its headers number it."""
        from tui.lessons.context import Cursor
        from tui.widgets.matrix_grid import MatrixGrid

        focused = self.host.screen_stack[0].focused
        if not isinstance(focused, MatrixGrid) or focused.id not in CURSOR_MATRICES:
            return None
        return Cursor(focused.id, self.host.document.selected + 1, focused.cursor_row, focused.cursor_column)

    def restore(self, lesson_id: str) -> None:
        """Restored autosaved work: under the lesson it was done in (the next redraw reopens
        it), or, done with no lesson open, under none."""
        self.host.document.lesson = lesson_id
        if not lesson_id:
            self.host.lesson = None

    def show(self) -> None:
        """Tick the tasks whose checks hold now, and draw the panel (hidden with no lesson).
        Never while a training worker changes the weights: its end redraws the workbench."""
        host = self.host
        self.follow_document_lesson()
        lesson = host.lesson
        if lesson is not None and not host.command_state().running:
            from tui.lessons.context import stage_event

            step = host.document.step
            if step is not None:
                lesson.record(stage_event(step))
            try:
                ticked = lesson.evaluate(host.document, self.cursor(), host.training_settings())
            except OSError as error:  # the ticks stay on screen; only the file is behind
                ticked = []
                host.notify(f"Your lesson progress could not be saved: {error}", title="Lessons",
                            severity="error", timeout=8, markup=False)
            for index in ticked if self.hidden else ():  # shown, the panel ticks it where it stands
                host.notify(f"✓ Task {index + 1} done: {lesson.lesson.tasks[index].text.strip()}",
                            title=lesson.heading, timeout=4, markup=False)
        panel = host.painter.panel(LessonPanel)
        was_shown = panel.display
        panel.show(None if self.hidden else lesson, self.hints)
        if panel.display and not was_shown:
            self.make_room_for_grids()

    def make_room_for_grids(self) -> None:
        """On a narrow screen the lesson leaves the body about 10 rows, and the network and
        explain row took them all: the grids the tasks point at (inputs, weights, outputs)
        showed only their top borders. The body scrolls down to them; the network stays a
        scroll (or a Tab) away."""
        screen = self.host.screen_stack[0]
        if screen.has_class("-narrow"):
            body, grids = screen.query_one("#body"), screen.query_one("#middle")
            screen.call_after_refresh(lambda: body.scroll_to_widget(grids, animate=False, top=True))

    def focus_moved(self, widget: Widget) -> None:
        """Tab onto a matrix whose cursor is already on a task's cell: that may tick it."""
        if self.host.lesson is not None and widget.id in CURSOR_MATRICES:
            self.show()

    def training_stopped(self, diverged: bool, trained: bool) -> None:
        """A training run ended (``TrainingScreen.Stopped``): what it did."""
        from tui.lessons.context import DIVERGED, trained_event

        host = self.host
        lesson = host.lesson
        if lesson is None:
            return
        if diverged:
            lesson.record(DIVERGED)
        elif trained:
            session = host.training_session
            optimizer = session.optimizer_key[0] if session is not None and session.optimizer_key else ""
            if optimizer:
                lesson.record(trained_event(str(optimizer)))
        if not host.training_open():
            self.show()

    # ---------------------------------------------------------------- actions
    def open(self, lesson: Lesson) -> None:
        """Open ``lesson`` on its starting state: one edit, which Ctrl+Z puts back. The lesson
        open already keeps the learner's work (Ctrl+R starts it again)."""
        host = self.host
        if host.lesson is not None and host.lesson.lesson.id == lesson.id:
            self.hidden = False
            self.show()
            host.notify(f"{host.lesson.heading} is open. Ctrl+R starts it again.", timeout=4, markup=False)
            return
        from tui.lessons.titles import plain_title

        self.files.before_leaving(lambda: self._open(lesson), f"open {plain_title(lesson.title)}")

    def _open(self, lesson: Lesson) -> None:
        host = self.host
        try:
            fresh = lesson.start_document()
        except Exception as error:  # a broken session file next to a lesson of one's own
            host.notify(f"The lesson could not start: {error}", title="Lessons", severity="error",
                        timeout=10, markup=False)
            return
        previous = host.document.lesson
        host.take(fresh)
        kept = self._seen.get(lesson.id)
        if kept is not None:  # back into a lesson of this run: its answers come back, as its ticks do
            host.document.answers, host.document.answer_marks = dict(kept.answers), dict(kept.marks)
        opened = host.lesson = self.opened(lesson)
        left = self.files.detach(previous)
        host.render_document()
        host.notify(f"{opened.heading}. Ctrl+Z puts back what was here. {left}".strip(), timeout=6, markup=False)

    def open_by_name(self, name: str | Path) -> None:
        """A lesson of the course by its name, or a lesson file (a Path: never a built-in name)."""
        from tui.lessons.loader import LessonFileError, load_lesson

        try:
            lesson = load_lesson(name)
        except LessonFileError as error:
            self.host.notify(str(error), title="Lessons", severity="error", timeout=10, markup=False)
            return
        self.open(lesson)

    def course(self) -> Course:
        """The course of the open lesson; for a lesson of no course (or none open), the last
        course a lesson was opened from, else the built-in one."""
        from tui.lessons.courses import builtin_course

        lesson = self.host.lesson
        if lesson is not None and lesson.lesson.course is not None:
            return lesson.lesson.course
        return self._course if self._course is not None else builtin_course()

    def list_course(self) -> None:
        """L: the course, to pick a lesson from."""
        from tui.lessons.loader import LessonFileError, course_lessons, load_lesson
        from tui.screens.lessons import LessonsScreen

        def chosen(lesson_id: str | None) -> None:
            if lesson_id:
                self.open_by_name(lesson_id)

        course = self.course()
        if course.builtin:
            numbered = list(enumerate(course_lessons(course), start=1))
        else:  # a teacher's lesson edited or deleted since: the others are still listed, it is said which
            numbered, refused = [], []
            for number, path in enumerate(course.paths, start=1):
                try:
                    numbered.append((number, load_lesson(path)))
                except LessonFileError as error:
                    refused.append(f"Lesson {number} cannot be opened: {error}")
            if refused:
                self.host.notify("\n".join(refused), title="Lessons", severity="error", timeout=10, markup=False)
            if not numbered:
                return
        current = self.host.lesson.lesson.id if self.host.lesson is not None else ""
        title = "Lessons" if course.builtin else course.title
        self.host.push_screen(LessonsScreen(numbered, self.progress(), current, title), chosen)

    def course_step(self, delta: int) -> None:
        """The next (``delta`` 1) or previous (-1) lesson of the course."""
        lesson = self.host.lesson
        assert lesson is not None  # the table's "lesson" state
        course = self.course()
        position = lesson.position
        # a lesson of no course: the course begins at its first lesson
        target = 0 if position is None else position + delta
        if not 0 <= target < len(course.paths):
            where = "last" if delta > 0 else "first"
            self.host.notify(f"This is the {where} lesson of the course: L lists them all.", timeout=4)
            return
        self.open_by_name(course.paths[target])

    def reset(self) -> None:
        """Ctrl+R: the lesson's network and data as it starts, after asking."""
        from tui.screens.confirm import ConfirmScreen

        host = self.host
        lesson = host.lesson
        assert lesson is not None  # the table's "lesson" state
        if lesson.start is not None and lesson.start.holds(host.document, None):
            lesson.events.clear()  # nothing to lose: what was done in step mode, or which keys, starts again
            host.render_document()
            host.notify("The lesson is at its start.", timeout=3)
            return

        def answered(reset: bool | None) -> None:
            if reset and host.lesson is lesson:
                self._reset(lesson)

        answers = " Your answers are forgotten." if host.document.answers else ""
        message = (f"Your changes to the network and data go back to where {lesson.lesson.title!r} starts. "
                   f"Ctrl+Z brings them back; the tasks you have done stay done.{answers}")
        host.push_screen(ConfirmScreen("Reset the lesson?", message, "reset"), answered)

    def _reset(self, lesson: OpenLesson) -> None:
        host = self.host
        try:
            fresh = lesson.lesson.start_document()
        except Exception as error:
            host.notify(f"The lesson could not start again: {error}", title="Lessons", severity="error",
                        timeout=10, markup=False)
            return
        host.take(fresh)
        lesson.events.clear()  # a fresh attempt: what was done in step mode, or which keys, starts again
        host.render_document()
        host.notify("The lesson is back at its start (Ctrl+Z undoes this).", timeout=4)

    def answer(self) -> None:
        """=: the learner's number for the first task that asks for one not answered right yet
        (``OpenLesson.open_answers``: a task ticked earlier with no answer here too), in the
        small form the other numbers are asked in; a refused entry stays in the form, saying
        why, and the answer given before stays."""
        from engine.numbers import exact_number
        from tui.lessons.answers import answer_check
        from tui.screens.dialogs import FormScreen, real_number

        host = self.host
        lesson = host.lesson
        assert lesson is not None  # the table's "answer" state
        index = lesson.open_answers()[0]
        task = lesson.lesson.tasks[index]
        check = answer_check(task)
        assert check is not None
        document = host.document

        # Asked as the form opens: what the screen showed when the learner chose the number.
        predicted = lesson.predicting(index, document, self.cursor(), host.training_settings())

        def apply(values: list[str]) -> str:
            value = real_number(values[0], "your answer", "0.5")
            document.set_answer(task.id, value, predicted)
            return exact_number(value)

        def done(shown: str | None) -> None:
            if shown is None or host.lesson is not lesson:
                return
            host.render_document()  # ticks the task if the answer is right (and the rest of it holds)
            value = document.answers.get(task.id)
            # Said where the learner looks, the panel shown or not; of the answer, not the tick:
            # a task may want more than its number.
            if value is not None and check.holds(value) and check.predict and not predicted:
                host.notify(f"Task {index + 1}: your answer {shown} came once the result could be seen: "
                            "it asks for a prediction. Ctrl+R starts the lesson again.",
                            title=lesson.heading, timeout=6, markup=False)
            elif value is None or not check.holds(value):
                host.notify(f"Task {index + 1}: your answer {shown} is not right yet. = answers again.",
                            title=lesson.heading, timeout=5, markup=False)
            elif index not in lesson.done:
                host.notify(f"Task {index + 1}: your answer {shown} is right; the rest of the task is still to do.",
                            title=lesson.heading, timeout=5, markup=False)

        given = document.answers.get(task.id)
        label = f"Task {index + 1}: your answer" + (f" ({check.label})" if check.label else "")
        fields = [("answer-value", label, "" if given is None else exact_number(given))]
        host.push_screen(FormScreen("Your answer", fields, apply), done)

    def toggle_hints(self) -> None:
        self.hints = not self.hints
        self.hidden = False  # a hint asked for is shown
        self.show()

    def toggle_panel(self) -> None:
        self.hidden = not self.hidden
        self.show()

    def close(self) -> None:
        self.host.lesson = None
        self.host.document.lesson = ""
        self.host.render_document()
