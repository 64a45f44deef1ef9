"""The lesson the workbench has open: what the learner did, and which tasks are done.

The app records events here (a stage reached in step mode, a command run, a training run
applied, a divergence: ``tui.lessons.context`` spells them) and asks ``evaluate`` after every
change, with the document's trace as it is already computed. A task is ticked the first
time its checks hold and stays ticked (sticky): undoing the edit that did it does not take
the tick away, and the tick is written to the learner's progress at once. A ticked task whose
checks held in this session and no longer do is ``lapsed``, with which check fails: the panel
says so, as ``nnwb check`` would fail a file saved now.

The panel (``tui.widgets.lesson_panel``) draws what this holds. The lessons
package is imported only once a lesson is open: its checks cost start-up time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tui.lessons.titles import plain_title

if TYPE_CHECKING:
    from tui.document.saved_content import SavedContent
    from tui.document.state import AnswerMark, Document
    from tui.lessons.context import Cursor, LessonContext
    from tui.lessons.model import Lesson, Task
    from tui.lessons.progress import Progress


@dataclass
class OpenLesson:
    lesson: Lesson
    position: int | None  # 0-based place in its course; None for a lesson file of no course
    course_size: int
    progress: Progress
    start: SavedContent | None = None  # the document as the lesson started it: has the learner changed it?
    events: set[str] = field(default_factory=set)
    done: set[int] = field(default_factory=set)  # ticked tasks (sticky), from earlier sessions too
    details: dict[int, str] = field(default_factory=dict)  # the latest word of each task's check
    held: set[int] = field(default_factory=set)  # tasks whose checks held in this session
    lapsed: dict[int, str] = field(default_factory=dict)  # of those, ticked ones that no longer hold: which check
    # The answers typed for its answer tasks, by task id, as last asked (Document.answers):
    # kept here too, so an undo that comes back to this lesson brings them back.
    answers: dict[str, float] = field(default_factory=dict)
    marks: dict[str, AnswerMark] = field(default_factory=dict)  # how each came (Document.answer_marks)
    # Tasks with a ``predict`` answer whose other checks have held in this session, even if undone
    # since: the number was on screen, so an answer typed after is not a prediction.
    shown: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.done |= self.progress.done_in(self.lesson)

    @property
    def heading(self) -> str:
        """``Lesson 3/13: A batch``, or the title alone for a lesson of no course."""
        title = plain_title(self.lesson.title)
        if self.position is None:
            return f"Lesson: {title}"
        return f"Lesson {self.position + 1}/{self.course_size}: {title}"

    @property
    def tally(self) -> str:
        return f"{len(self.done)}/{len(self.lesson.tasks)} done"

    def open_answers(self) -> list[int]:
        """The tasks (0-based) that ask for a number not answered right yet, in order (ticked
        ones too: the answer a saved session is graded on may be missing)."""
        from tui.lessons.answers import answer_tasks

        return answer_tasks(self.lesson.tasks, self.answers)

    def record(self, event: str) -> bool:
        """Note what the learner did; True if it is new (the tasks are worth asking again)."""
        if event in self.events:
            return False
        self.events.add(event)
        return True

    def record_command(self, name: str) -> bool:
        from tui.lessons.context import command_event

        return self.record(command_event(name))

    def evaluate(self, document: Document, cursor: Cursor | None = None,
                 training: Mapping[str, Any] | None = None) -> list[int]:
        """Ask the checks of every task not yet done (``training``: the settings and last run
        Save would write); returns the tasks ticked just now (already saved in the progress file)."""
        from tui.lessons.checks import evaluate_all
        from tui.lessons.context import LessonContext

        context = LessonContext.of(document, frozenset(self.events), cursor, training)
        self.answers, self.marks = dict(document.answers), dict(document.answer_marks)
        ticked = []
        for index, task in enumerate(self.lesson.tasks):
            self._note_shown(index, task, context)
            if index in self.done:
                self._recheck(index, task, context)
                continue
            result = evaluate_all(task.checks, context.for_task(task.id))
            self.details[index] = result.detail
            if result.passed:
                self.held.add(index)
                self.done.add(index)
                ticked.append(index)
                self.progress.mark(self.lesson.progress_key, task.id)
        if ticked:
            self.progress.save()
        return ticked

    def predicting(self, index: int, document: Document, cursor: Cursor | None = None,
                   training: Mapping[str, Any] | None = None) -> bool:
        """Whether an answer to task ``index`` typed now is a prediction: the task's other
        checks (what the learner is to do, which shows the number) do not all hold yet."""
        from tui.lessons.answers import AnswerCheck
        from tui.lessons.checks import evaluate_all
        from tui.lessons.context import LessonContext

        task = self.lesson.tasks[index]
        others = tuple(check for check in task.checks if not isinstance(check, AnswerCheck))
        if not others or index in self.shown:
            return False
        context = LessonContext.of(document, frozenset(self.events), cursor, training)
        return not evaluate_all(others, context.for_task(task.id)).passed

    def _note_shown(self, index: int, task: Task, context: LessonContext) -> None:
        """Remember a ``predict`` task whose other checks hold now (``predicting``)."""
        from tui.lessons.answers import AnswerCheck
        from tui.lessons.checks import evaluate_all

        if index in self.shown or not any(isinstance(c, AnswerCheck) and c.predict for c in task.checks):
            return
        others = tuple(check for check in task.checks if not isinstance(check, AnswerCheck))
        if others and evaluate_all(others, context.for_task(task.id)).passed:
            self.shown.add(index)

    def _recheck(self, index: int, task: Task, context: LessonContext) -> None:
        """A ticked task's checks a saved file keeps, asked again: ``lapsed`` if they held in
        this session and no longer do (a step on the way is undone by design: never)."""
        from tui.lessons.checks import evaluate_all
        from tui.lessons.vocabulary import told

        kept = tuple(check for check in task.checks if not check.event)
        if task.on_the_way or not kept:
            return
        result = evaluate_all(kept, context.for_task(task.id))
        if result.passed:
            self.held.add(index)
            self.lapsed.pop(index, None)
        elif index in self.held:
            self.lapsed[index] = told(result.detail)  # the panel's rule is nnwb check's: no wanted value
