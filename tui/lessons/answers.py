"""The ``answer`` check: a number the learner types (``=`` in the workbench), graded with a
comparison, kept in the session file under the task's id.

The task asks for a number (predict an output before looking, the slope measured by
nudging a weight): the learner types it, the document keeps it (``Document.answers``, the
open lesson's answers by task id), a saved session writes it (``"answers"``) and ``nnwb
check`` grades it from there, as the panel does. A wrong answer says "not yet", never what
was wanted: the comparison's numbers stay in the lesson file.

``predict = true``: the answer counts only if it was typed while the task's other checks did
not hold yet: predicted before the learner did the thing that shows it (``Document.answer_marks``
keeps, at ``=``, whether it was; an answer from an older file is not known as one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol

from engine.numbers import exact_number
from tui.lessons.context import LessonContext
from tui.lessons.vocabulary import COMPARE_KEYS, Check, CheckResult, Compare, Key, SpecError

if TYPE_CHECKING:
    from tui.document.state import AnswerMark

LABEL_LIMIT = 40  # a word or two shown where the learner types ("slope"), not a sentence
NOT_ANSWERED = "not answered (= types your answer)"
NOT_PREDICTED = "typed once the task's result could be seen: not a prediction (Ctrl+R starts again)"


@dataclass(frozen=True)
class AnswerCheck(Compare, Check):
    kind: ClassVar[str] = "answer"
    KEYS: ClassVar[dict[str, Key]] = {**COMPARE_KEYS, "label": Key("text"), "predict": Key("flag")}
    label: str = ""  # what the number is ("slope"), shown where the learner types it
    predict: bool = False  # counts only if typed before the task's other checks held

    def validate(self) -> None:
        self.validate_compare()
        if len(self.label) > LABEL_LIMIT or not self.label.isprintable():
            raise SpecError("label", f"label must be a short name on one line (at most {LABEL_LIMIT} characters)")

    def evaluate(self, context: LessonContext) -> CheckResult:
        value = context.answers.get(context.task)
        if value is None:
            return CheckResult(False, NOT_ANSWERED)
        # What was wanted is not said: it would answer the question for the learner.
        if not self.holds(value):
            return CheckResult(False, f"your answer is {exact_number(value)}: not yet")
        if self.predict and not self.was_predicted(context.marks.get(context.task)):
            return CheckResult(False, f"your answer is {exact_number(value)}: {NOT_PREDICTED}")
        return CheckResult(True, f"your answer is {exact_number(value)}")

    def in_words(self) -> str:
        return f"the {self.label or 'answer'}"

    @staticmethod
    def was_predicted(mark: AnswerMark | None) -> bool:
        return mark is not None and mark.predicted


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


def answered_right(task: Task, answers: Mapping[str, float]) -> bool:
    """Whether ``answers`` hold a right answer to the task's answer check."""
    check = answer_check(task)
    value = answers.get(task.id)
    return check is not None and value is not None and check.holds(value)


def answer_tasks(tasks: Sequence[Task], answers: Mapping[str, float]) -> list[int]:
    """The places (0-based) of a lesson's answer tasks without a right answer in ``answers``,
    in order: ticked ones too (ticked in an earlier run, or before Ctrl+R forgot the answers),
    since a saved session is graded on its own answers; a right answer to a task with more
    to do needs no other."""
    return [index for index, task in enumerate(tasks)
            if answer_check(task) is not None and not answered_right(task, answers)]


def answer_note(task: Task, answers: Mapping[str, float], done: bool = False,
                marks: Mapping[str, AnswerMark] | None = None) -> str:
    """What the panel says beside an answer task: the learner's answer and, while it is not
    right, "not yet" (never the number wanted); "" for a task that asks no number. A task
    ``done`` with no answer here was ticked earlier: it is to answer again. A right answer
    to a ``predict`` task typed once the result showed: "not a prediction"."""
    check = answer_check(task)
    if check is None:
        return ""
    value = answers.get(task.id)
    if value is None:
        return f"= to answer{' again' if done else ''}{f' ({check.label})' if check.label else ''}"
    note = f"your answer: {exact_number(value)}"
    if not check.holds(value):
        return f"{note} · not yet"
    if check.predict and not check.was_predicted((marks or {}).get(task.id)):
        return f"{note} · not a prediction"
    return note
