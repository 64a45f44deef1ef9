"""The classroom's core: lessons as data, their checks, progress. No Textual here (a test checks).

- ``load_lesson(path_or_name)``, ``builtin_lessons()``: tui/lessons/loader.py
- ``Lesson.start_document()``: tui/lessons/model.py
- ``evaluate(task, context)``: all of a task's checks on a ``LessonContext``
- ``Progress``: tasks done, kept in the state folder (tui/lessons/progress.py)
"""

from __future__ import annotations

from tui.lessons.checks import KINDS, CheckResult, evaluate_all
from tui.lessons.context import Cursor, LessonContext, command_event, stage_event, trained_event, DIVERGED
from tui.lessons.loader import LessonFileError, builtin_lessons, find_builtin, load_lesson
from tui.lessons.model import Lesson, Task
from tui.lessons.progress import Progress


def evaluate(task: Task, context: LessonContext) -> CheckResult:
    """Whether ``task`` is done in ``context``, and what its checks saw."""
    return evaluate_all(task.checks, context)


__all__ = [
    "DIVERGED", "KINDS", "CheckResult", "Cursor", "Lesson", "LessonContext", "LessonFileError", "Progress", "Task",
    "builtin_lessons", "command_event", "evaluate", "find_builtin", "load_lesson", "stage_event", "trained_event",
]
