"""The ``answer`` check: a number the learner types (``=`` in the workbench), graded with a
comparison, kept in the session file under the task's id.

The task asks for a number (predict an output before looking, the slope measured by
nudging a weight): the learner types it, the document keeps it (``Document.answers``, the
open lesson's answers by task id), a saved session writes it (``"answers"``) and ``nnwb
check`` grades it from there, as the panel does. A wrong answer says "not yet", never what
was wanted: the comparison's numbers stay in the lesson file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from engine.numbers import exact_number
from tui.lessons.context import LessonContext
from tui.lessons.vocabulary import COMPARE_KEYS, Check, CheckResult, Compare, Key, SpecError

LABEL_LIMIT = 40  # a word or two shown where the learner types ("slope"), not a sentence
NOT_ANSWERED = "not answered (= types your answer)"


@dataclass(frozen=True)
class AnswerCheck(Compare, Check):
    kind: ClassVar[str] = "answer"
    KEYS: ClassVar[dict[str, Key]] = {**COMPARE_KEYS, "label": Key("text")}
    label: str = ""  # what the number is ("slope"), shown where the learner types it

    def validate(self) -> None:
        self.validate_compare()
        if len(self.label) > LABEL_LIMIT or not self.label.isprintable():
            raise SpecError("label", f"label must be a short name on one line (at most {LABEL_LIMIT} characters)")

    def evaluate(self, context: LessonContext) -> CheckResult:
        value = context.answers.get(context.task)
        if value is None:
            return CheckResult(False, NOT_ANSWERED)
        # What was wanted is not said: it would answer the question for the learner.
        return CheckResult(self.holds(value), f"your answer is {exact_number(value)}" + (
            "" if self.holds(value) else ": not yet"))

    def in_words(self) -> str:
        return f"the {self.label or 'answer'}"


class Task(Protocol):
    """What of a task (``tui.lessons.model.Task``, which cannot be imported here: its module
    knows the checks, which know this one) these functions read."""

    @property
    def id(self) -> str: ...

    @property
    def checks(self) -> tuple[Check, ...]: ...


def answer_check(task: Task) -> AnswerCheck | None:
    """The task's answer check, if it asks for a number."""
    return next((check for check in task.checks if isinstance(check, AnswerCheck)), None)


def answer_tasks(tasks: Sequence[Task], done: set[int]) -> list[int]:
    """The places (0-based) of a lesson's answer tasks not done yet, in order."""
    return [index for index, task in enumerate(tasks) if index not in done and answer_check(task) is not None]


def answer_note(task: Task, answers: Mapping[str, float]) -> str:
    """What the panel says beside an answer task: the learner's answer and, while it is not
    right, "not yet" (never the number wanted); "" for a task that asks no number."""
    check = answer_check(task)
    if check is None:
        return ""
    value = answers.get(task.id)
    if value is None:
        return f"= to answer{f' ({check.label})' if check.label else ''}"
    note = f"your answer: {exact_number(value)}"
    return note if check.holds(value) else f"{note} · not yet"
