"""Lessons in the workbench: open one, go to the next or previous, reset it, list the course,
and keep its tasks ticked as the learner works.

Opening a lesson replaces the document as loading a preset does: one edit, which Ctrl+Z
puts back, and with it the lesson that was open (``Document.lesson`` is in every undo
record; ``follow_document_lesson`` reopens it), so the panel always matches the network. Every redraw of the panels (``WorkbenchApp.render_document``, after every
change) ends in ``show_lesson``, which asks the open lesson's tasks on the trace the panels
were drawn from. The events the checks read (tui/lessons/context.py) are recorded here and
in ``WorkbenchApp.run_command``.

The lessons package (tui/lessons/) is imported only once a lesson is opened: its checks
cost tens of milliseconds, which a start without a lesson does not pay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.widgets.lesson_panel import LessonPanel

if TYPE_CHECKING:
    from tui.app.workbench import WorkbenchApp
    from tui.lessons.context import Cursor
    from tui.lessons.model import Lesson
    from tui.lessons.open_lesson import OpenLesson
    from tui.lessons.progress import Progress

# The matrices a task may point the cursor at (tui/lessons/context.py's Cursor).
CURSOR_MATRICES = ("inputs", "labels", "weights", "biases", "z", "output", "results")


class LessonCommands:
    """Mixed into WorkbenchApp: ``lesson`` is the lesson open now (None: the plain workbench)."""

    lesson: OpenLesson | None = None
    lesson_hidden = False  # v hides the panel (a small terminal needs the room); the tasks still tick
    lesson_hints = False  # h shows each open task's hint
    _progress: Progress | None = None
    _lessons_seen: dict[str, OpenLesson] | None = None  # by id: undo reopens one with its ticks and events

    # ------------------------------------------------------------------ state
    def lesson_progress(self: WorkbenchApp) -> Progress:
        """The learner's progress, read from the state folder the first time it is needed."""
        if self._progress is None:
            from tui.lessons.progress import Progress

            self._progress = Progress.load()
            damaged = self._progress.damaged_message()
            if damaged:  # said once: the next run finds the file moved aside (or is told again why not)
                self.notify(damaged, title="Lessons", severity="warning", timeout=12, markup=False)
        return self._progress

    def lesson_opened(self: WorkbenchApp, lesson: Lesson, at_start: bool = True) -> OpenLesson:
        """``lesson`` as open now; ``at_start``: the document is the lesson's starting state
        (not a session file of the learner's), which Ctrl+R compares against."""
        from tui.document.saved_content import SavedContent
        from tui.lessons.loader import builtin_lessons
        from tui.lessons.open_lesson import OpenLesson

        course = [known.id for known in builtin_lessons()]
        position = course.index(lesson.id) if lesson.id in course else None
        try:
            start = SavedContent.of(self.document if at_start else lesson.start_document(), None)
        except (OSError, ValueError):  # its start cannot be read now: Ctrl+R will say why
            start = None
        opened = OpenLesson(lesson, position, len(course), self.lesson_progress(), start)
        self.document.lesson = lesson.id  # every undo record from here on knows which lesson was open
        if self._lessons_seen is None:
            self._lessons_seen = {}
        self._lessons_seen[lesson.id] = opened
        return opened

    def follow_document_lesson(self: WorkbenchApp) -> None:
        """Keep the panel's lesson the one the network belongs to: an undo (or redo) that
        brings back another lesson's state brings back that lesson too, its ticks and what
        was done in it. A state from before any lesson was open keeps the lesson open now."""
        wanted = self.document.lesson
        current = self.lesson.lesson.id if self.lesson is not None else ""
        if wanted == current:
            return
        if not wanted:  # e.g. undoing the first lesson's opening: the lesson stays open
            self.document.lesson = current
            return
        seen = (self._lessons_seen or {}).get(wanted)
        if seen is None:
            from tui.lessons.loader import LessonFileError, load_lesson

            try:
                seen = self.lesson_opened(load_lesson(wanted), at_start=False)
            except LessonFileError as error:
                self.document.lesson = current
                self.notify(f"The lesson this state belongs to could not be opened again: {error}", title="Lessons",
                            severity="error", timeout=10, markup=False)
                return
        self.lesson = seen
        self.notify(f"Back to {seen.heading}: the lesson this network belongs to.", timeout=4, markup=False)

    def lesson_cursor(self: WorkbenchApp) -> Cursor | None:
        """Where the focused matrix's cursor is, as its headers number it."""
        from tui.lessons.context import Cursor
        from tui.widgets.matrix_grid import MatrixGrid

        focused = self.screen_stack[0].focused
        if not isinstance(focused, MatrixGrid) or focused.id not in CURSOR_MATRICES:
            return None
        return Cursor(focused.id, self.document.selected + 1, focused.cursor_row, focused.cursor_column)

    def restore_lesson(self: WorkbenchApp, lesson_id: str) -> None:
        """Restored autosaved work: under the lesson it was done in (the next redraw reopens
        it), or, done with no lesson open, under none."""
        self.document.lesson = lesson_id
        if not lesson_id:
            self.lesson = None

    def show_lesson(self: WorkbenchApp) -> None:
        """Tick the tasks whose checks hold now, and draw the panel (hidden with no lesson).
        Never while a training worker changes the weights: its end redraws the workbench."""
        self.follow_document_lesson()
        lesson = self.lesson
        if lesson is not None and not self.command_state().running:
            from tui.lessons.context import stage_event

            step = self.document.step
            if step is not None:
                lesson.record(stage_event(step))
            try:
                ticked = lesson.evaluate(self.document, self.lesson_cursor())
            except OSError as error:  # the ticks stay on screen; only the file is behind
                ticked = []
                self.notify(f"Your lesson progress could not be saved: {error}", title="Lessons",
                            severity="error", timeout=8, markup=False)
            for index in ticked if self.lesson_hidden else ():  # shown, the panel ticks it where it stands
                self.notify(f"✓ Task {index + 1} done: {lesson.lesson.tasks[index].text.strip()}",
                            title=lesson.heading, timeout=4, markup=False)
        self._panel(LessonPanel).show(None if self.lesson_hidden else lesson, self.lesson_hints)

    def on_descendant_focus(self: WorkbenchApp, event: Any) -> None:
        """Tab onto a matrix whose cursor is already on a task's cell: that may tick it."""
        if self.lesson is not None and getattr(event.widget, "id", None) in CURSOR_MATRICES:
            self.show_lesson()

    def on_training_screen_stopped(self: WorkbenchApp, message: Any) -> None:
        """A training run ended (the message bubbles up from the training view): what it did."""
        from tui.lessons.context import DIVERGED, trained_event

        lesson = self.lesson
        if lesson is None:
            return
        if message.diverged:
            lesson.record(DIVERGED)
        elif message.stats:
            session = getattr(self, "training_session", None)
            optimizer = session.optimizer_key[0] if session is not None and session.optimizer_key else ""
            if optimizer:
                lesson.record(trained_event(str(optimizer)))
        if not self.training_open():
            self.show_lesson()

    # ---------------------------------------------------------------- actions
    def open_lesson(self: WorkbenchApp, lesson: Lesson) -> None:
        """Open ``lesson`` on its starting state: one edit, which Ctrl+Z puts back. The lesson
        open already keeps the learner's work (Ctrl+R starts it again)."""
        if self.lesson is not None and self.lesson.lesson.id == lesson.id:
            self.lesson_hidden = False
            self.show_lesson()
            self.notify(f"{self.lesson.heading} is open. Ctrl+R starts it again.", timeout=4, markup=False)
            return
        try:
            fresh = lesson.start_document()
        except Exception as error:  # a broken session file next to a lesson of one's own
            self.notify(f"The lesson could not start: {error}", title="Lessons", severity="error",
                        timeout=10, markup=False)
            return
        self._take(fresh)
        self.lesson = self.lesson_opened(lesson)
        self.render_document()
        self.notify(f"{self.lesson.heading}. Ctrl+Z puts back what was here.", timeout=4, markup=False)

    def action_open_lesson(self: WorkbenchApp, name: str) -> None:
        from tui.lessons.loader import LessonFileError, load_lesson

        try:
            lesson = load_lesson(name)
        except LessonFileError as error:
            self.notify(str(error), title="Lessons", severity="error", timeout=10, markup=False)
            return
        self.open_lesson(lesson)

    def action_lessons(self: WorkbenchApp) -> None:
        from tui.lessons.loader import builtin_lessons
        from tui.screens.lessons import LessonsScreen

        def chosen(name: str | None) -> None:
            if name:
                self.action_open_lesson(name)

        current = self.lesson.lesson.name if self.lesson is not None else ""
        self.push_screen(LessonsScreen(builtin_lessons(), self.lesson_progress(), current), chosen)

    def action_next_lesson(self: WorkbenchApp) -> None:
        self._course_step(1)

    def action_previous_lesson(self: WorkbenchApp) -> None:
        self._course_step(-1)

    def _course_step(self: WorkbenchApp, delta: int) -> None:
        from tui.lessons.loader import builtin_lessons

        assert self.lesson is not None  # the table's "lesson" state
        course = builtin_lessons()
        position = self.lesson.position
        if position is None:  # a lesson of one's own: the course begins at its first lesson
            target = 0
        else:
            target = position + delta
        if not 0 <= target < len(course):
            where = "last" if delta > 0 else "first"
            self.notify(f"This is the {where} lesson of the course: L lists them all.", timeout=4)
            return
        self.open_lesson(course[target])

    def action_reset_lesson(self: WorkbenchApp) -> None:
        from tui.screens.confirm import ConfirmScreen

        lesson = self.lesson
        assert lesson is not None  # the table's "lesson" state
        if lesson.start is not None and lesson.start.holds(self.document, None):
            lesson.events.clear()  # nothing to lose: what was done in step mode, or which keys, starts again
            self.render_document()
            self.notify("The lesson is at its start.", timeout=3)
            return

        def answered(reset: bool | None) -> None:
            if reset and self.lesson is lesson:
                self._reset_lesson(lesson)

        message = (f"Your changes to the network and data go back to where {lesson.lesson.title!r} starts. "
                   "Ctrl+Z brings them back; the tasks you have done stay done.")
        self.push_screen(ConfirmScreen("Reset the lesson?", message, "reset"), answered)

    def _reset_lesson(self: WorkbenchApp, lesson: OpenLesson) -> None:
        try:
            fresh = lesson.lesson.start_document()
        except Exception as error:
            self.notify(f"The lesson could not start again: {error}", title="Lessons", severity="error",
                        timeout=10, markup=False)
            return
        self._take(fresh)
        lesson.events.clear()  # a fresh attempt: what was done in step mode, or which keys, starts again
        self.render_document()
        self.notify("The lesson is back at its start (Ctrl+Z undoes this).", timeout=4)

    def action_toggle_hints(self: WorkbenchApp) -> None:
        self.lesson_hints = not self.lesson_hints
        self.lesson_hidden = False  # a hint asked for is shown
        self.show_lesson()

    def action_toggle_lesson_panel(self: WorkbenchApp) -> None:
        self.lesson_hidden = not self.lesson_hidden
        self.show_lesson()

    def action_close_lesson(self: WorkbenchApp) -> None:
        self.lesson = None
        self.document.lesson = ""
        self.render_document()
