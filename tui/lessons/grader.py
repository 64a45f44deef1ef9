"""``nnwb check LESSON SESSION.json [--json] [--show-wanted] [--course DIR]``: a lesson's checks on
a learner's saved session. With ``--course``, LESSON is a lesson of that course (its name, number or path).
A failed check says which check fails, not the value it wants (a learner runs this on their own
file: the value would answer the task); ``--show-wanted`` (a teacher's) prints it.

Every check a file can grade is graded. A task whose checks are all workbench checks (a
stage reached in step mode, a command used, a training run: events a file does not keep)
is "not graded". A task with both kinds passes when its gradable checks pass, and says
which workbench part was not graded; it fails (exit 1) when one of them fails. Exit
status: 0 when every graded task passes, 1 when one fails, 2 when the lesson or the
session file cannot be read.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from tui.files.paths import shown_path
from tui.files.safe_text import safe_text
from tui.lessons.answers import answer_check
from tui.lessons.checks import CheckResult, evaluate_all
from tui.lessons.context import LessonContext
from tui.lessons.loader import LessonFileError, start_lesson
from tui.lessons.model import Lesson, Task
from tui.lessons.vocabulary import told

ALL_PASS, SOME_FAIL, BAD_FILE = 0, 1, 2
NOT_GRADED = "not graded: done in the workbench"
ON_THE_WAY = "not graded: a step on the way that a later task undoes (ticked in the workbench)"


class GradeError(Exception):
    """A lesson or session that cannot be read: the message says why (exit 2)."""


def grade(lesson: Lesson, context: LessonContext, show_wanted: bool = False) -> list[dict[str, Any]]:
    """One row per task: its number (1-based), text, status ("passed", "failed",
    "not graded") and what its checks saw (with what they wanted: ``show_wanted``)."""
    rows = []
    for number, task in enumerate(lesson.tasks, start=1):
        gradable = () if task.on_the_way else tuple(check for check in task.checks if not check.event)
        if task.on_the_way:
            result, status = CheckResult(False, ON_THE_WAY), "not graded"
        elif not gradable:
            result, status = CheckResult(False, NOT_GRADED), "not graded"
        else:
            result = evaluate_all(gradable, context.for_task(task.id))
            status = "passed" if result.passed else "failed"
        detail = result.detail if show_wanted or result.passed else told(result.detail)
        row = {"task": number, "text": task.text, "status": status, "detail": detail}
        mark = context.marks.get(task.id) if show_wanted and answer_check(task) is not None else None
        if mark is not None:  # the teacher's: how the answer came (the learner's report says nothing more)
            row["tries"], row["predicted"] = mark.tries, mark.predicted
            tries = f"{mark.tries} {'try' if mark.tries == 1 else 'tries'}"
            row["detail"] = f"{detail} ({'predicted, ' if mark.predicted else ''}after {tries})"
        if gradable and task.is_event:
            row["not_graded_part"] = workbench_part(task)
        rows.append(row)
    return rows


def workbench_part(task: Task) -> str:
    """What of a task was done in the workbench and so is not graded from a file,
    in the learner's words ("trained with adam")."""
    return "; ".join(check.in_words() for check in task.checks if check.event)


def load(lesson_name: str, session: str, course: str | None = None) -> tuple[Lesson, LessonContext]:
    from tui.files.session_file import SessionFileError
    from tui.files.session_file import load as load_session

    try:
        lesson = start_lesson(lesson_name, course)
    except LessonFileError as error:
        raise GradeError(str(error)) from None
    try:
        document, training = load_session(session)
    except SessionFileError as error:
        raise GradeError(str(error)) from None
    return lesson, LessonContext.of(document, training=training)


def main(lesson_name: str, session: str, as_json: bool, out: TextIO, err: TextIO, course: str | None = None,
         show_wanted: bool = False) -> int:
    try:
        lesson, context = load(lesson_name, session, course)
    except GradeError as problem:
        print(f"nnwb check: {shown_path(str(problem))}", file=err)
        return BAD_FILE
    rows = grade(lesson, context, show_wanted)
    failed = sum(row["status"] == "failed" for row in rows)
    status = SOME_FAIL if failed else ALL_PASS
    if as_json:
        json.dump(report(lesson, session, rows), out)
        out.write("\n")
    else:
        out.write(safe_text(text(lesson, session, rows), lines=True))  # a hand-in's name is the student's text
    return status


def report(lesson: Lesson, session: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {status: sum(row["status"] == status for row in rows) for status in ("passed", "failed", "not graded")}
    return {
        "lesson": shown_path(lesson.id),  # a lesson file's is its path
        "title": lesson.title,
        "session": shown_path(session),
        "tasks": rows,
        "passed": counts["passed"],
        "failed": counts["failed"],
        "not_graded": counts["not graded"],
        "all_passed": counts["failed"] == 0,
    }


MARKS = {"passed": "passed", "failed": "FAILED", "not graded": "not graded"}


def text(lesson: Lesson, session: str, rows: list[dict[str, Any]]) -> str:
    lines = [f"{lesson.title} ({shown_path(lesson.id)}) · {shown_path(session)}"]
    for row in rows:
        mark = MARKS[row["status"]]
        if row["status"] == "passed" and "not_graded_part" in row:
            mark += f" (the workbench part — {row['not_graded_part']} — not graded)"
        lines.append(f"  {row['task']}. {mark}: {row['text']}")
        if row["status"] != "not graded" or row["detail"] != NOT_GRADED:
            lines.append(f"       {row['detail']}")  # a step on the way says why it is not graded
    summary = report(lesson, session, rows)
    graded = summary["passed"] + summary["failed"]
    line = f"{summary['passed']} of {graded} graded task{'s' * (graded != 1)} passed"
    if summary["not_graded"]:
        line += f"; {summary['not_graded']} not graded (done in the workbench, not kept in a session file)"
    lines.append(line)
    return "\n".join(lines) + "\n"
