"""The classroom's core: lessons as data, their checks, progress, the grader. UI-free (the
import contracts say so).

- ``load_lesson(path_or_name)``, ``builtin_lessons()``: ``tui.lessons.loader``
- ``Lesson.start_document()``: ``tui.lessons.model``
- ``evaluate(task, context)``: all of a task's checks on a ``LessonContext``
- ``Progress``: tasks done, kept in the state folder (``tui.lessons.progress``)
- ``load_course(folder)``, ``builtin_course()``: a course's lessons in order (``tui.lessons.courses``)

The names below are loaded when first asked for: ``tui.lessons.titles`` is read at every
start-up (the palette's lesson entries), and the checks are not worth their import time
until a lesson opens.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.lessons.checks import KINDS, CheckResult
    from tui.lessons.context import DIVERGED, Cursor, LessonContext, command_event, stage_event, trained_event
    from tui.lessons.courses import Course, builtin_course, load_course
    from tui.lessons.loader import LessonFileError, builtin_lessons, find_builtin, load_lesson
    from tui.lessons.model import Lesson, Task
    from tui.lessons.progress import Progress

_WHERE = {
    "KINDS": "checks", "CheckResult": "checks",
    "DIVERGED": "context", "Cursor": "context", "LessonContext": "context",
    "command_event": "context", "stage_event": "context", "trained_event": "context",
    "LessonFileError": "loader", "builtin_lessons": "loader", "find_builtin": "loader", "load_lesson": "loader",
    "Lesson": "model", "Task": "model",
    "Progress": "progress",
    "Course": "courses", "builtin_course": "courses", "load_course": "courses",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'tui.lessons' has no attribute {name!r}")
    return getattr(import_module(f"tui.lessons.{_WHERE[name]}"), name)


def evaluate(task: Task, context: LessonContext) -> CheckResult:
    """Whether ``task`` is done in ``context``, and what its checks saw."""
    from tui.lessons.checks import evaluate_all

    return evaluate_all(task.checks, context.for_task(task.id))


__all__ = [
    "DIVERGED", "KINDS", "CheckResult", "Course", "Cursor", "Lesson", "LessonContext", "LessonFileError", "Progress", "Task",
    "builtin_course", "builtin_lessons", "command_event", "evaluate", "find_builtin", "load_course", "load_lesson", "stage_event",
    "trained_event",
]
