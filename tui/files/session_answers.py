"""The session file's "answers": the learner's numbers for a lesson's ``answer`` tasks, by
task id. An answer is a bare number (files written before predictions were kept: not known
as a prediction) or ``{"value": 0.5, "predicted": true, "tries": 2}``: whether it was typed
before the task's other checks held, and after how many tries (``Document.answer_marks``)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from tui.document.state import AnswerMark
from tui.files.safe_text import QUOTE_LIMIT, quoted, safe_text
from tui.files.session_format import MAX_ANSWER_ID, MAX_ANSWERS, SessionFileError

MAX_TRIES = 10**9  # a count, not a number to compute with: any real learner's is far below


def answers_item(answers: Mapping[str, float], marks: Mapping[str, AnswerMark]) -> dict[str, Any]:
    """The file's "answers": a bare number where how it was given is not known."""
    item: dict[str, Any] = {}
    for task, value in answers.items():
        mark = marks.get(task)
        item[task] = value if mark is None else {"value": value, "predicted": mark.predicted, "tries": mark.tries}
    return item


def read_answers(value: object) -> tuple[dict[str, float], dict[str, AnswerMark]]:
    """The learner's answers and how each was given, by task id (none: an empty object, or no key)."""
    if value is None:
        return {}, {}
    if not isinstance(value, dict):
        raise SessionFileError(f"answers: an object of task ids and numbers {{\"slope\": 0.5}} is needed, not {_kind(value)}")
    if len(value) > MAX_ANSWERS:
        raise SessionFileError(f"answers: at most {MAX_ANSWERS} answers, not {len(value):,}")
    answers, marks = {}, {}
    for task, given in value.items():
        if not task or len(task) > MAX_ANSWER_ID:
            raise SessionFileError(f"answers: {_shown(task)} is not a task's id (1 to {MAX_ANSWER_ID} characters)")
        where = f"answers.{safe_text(task, QUOTE_LIMIT)}"
        if isinstance(given, dict):
            answers[task], marks[task] = _number(given.get("value"), f"{where}.value"), _mark(given, where)
        else:
            answers[task] = _number(given, where)
    return answers, marks


def _mark(given: dict[str, object], where: str) -> AnswerMark:
    unknown = sorted(set(given) - {"value", "predicted", "tries"})
    if unknown:
        raise SessionFileError(f"{where}: unknown key {_shown(unknown[0])}: an answer has value, predicted and tries")
    predicted, tries = given.get("predicted", False), given.get("tries", 1)
    if not isinstance(predicted, bool):
        raise SessionFileError(f"{where}.predicted: true or false is needed, not {_shown(predicted)}")
    if isinstance(tries, bool) or not isinstance(tries, int) or not 1 <= tries <= MAX_TRIES:
        raise SessionFileError(f"{where}.tries: a whole number from 1 to {MAX_TRIES:,} is needed, not {_shown(tries)}")
    return AnswerMark(predicted, tries)


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SessionFileError(f"{where}: a number is needed, not {_shown(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise SessionFileError(f"{where}: {safe_text(json.dumps(value), QUOTE_LIMIT)} is not a finite number")
    return number


def _kind(value: object) -> str:
    return "a list" if isinstance(value, list) else _shown(value)


def _shown(value: object) -> str:
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, (int, float, bool, type(None))):
        return safe_text(json.dumps(value), QUOTE_LIMIT)
    return f"a {type(value).__name__}"
