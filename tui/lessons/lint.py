"""``nnwb lint FILE|DIR``: what a teacher should fix in a lesson file before a learner meets it.

The loader already refuses a file that cannot be a lesson (an unknown key, check kind,
command or stage name; a value of the wrong type): lint prints its refusal, ``file:line``,
as an error. A lesson that loads can still be wrong; lint warns, ``file:line: warning: ...``,
when

- a task holds at the lesson's start (it ticks before the learner does anything), or its own
  checks cannot all hold at once (it never ticks),
- two graded tasks need different values at the same place (``tui.lessons.lint_needs``):
  the state saved at the end fails the earlier one in ``nnwb check`` while the panel ticked
  it; a step that a later task undoes on purpose says ``on_the_way = true``,
- a line of a code block in the lesson's text is wider than the panel shows
  (``CODE_WIDTH``): it is cut off.

Exit status: 0 clean, 1 with warnings, 2 when a file cannot be read as a lesson (or there
is no lesson to lint). A folder is its course's lessons in ``course.toml``'s order (the
course file's own refusal an error), or, without one, every ``*.toml`` in it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple, TextIO

from tui.files.paths import shown_path
from tui.lessons.checks import evaluate_all
from tui.lessons.context import LessonContext
from tui.lessons.courses import COURSE_FILE, load_course
from tui.lessons.lint_needs import first_clash
from tui.lessons.loader import KeyLines, LessonFileError, load_lesson
from tui.lessons.model import Lesson, Task

CLEAN, WARNINGS, BROKEN = 0, 1, 2
# The widest code line the lesson panel shows whole at 120 columns, its scroll bar shown
# (tests.tui.test_lesson_code_width measures it): a wider line is cut off there.
CODE_WIDTH = 52
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


class Finding(NamedTuple):
    path: str
    line: int | None
    severity: str  # "warning" or "error"
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.message}"


# ------------------------------------------------------------------ the warnings
def _task_name(task: Task, number: int) -> str:
    return f"task {number}" if task.id == str(number) else f'task {number} ("{task.id}")'


def holds_at_start(lesson: Lesson) -> Iterator[tuple[int, str]]:
    """Each task whose checks all hold on the lesson's start: (its line, the warning)."""
    context = LessonContext.of(lesson.start_document())
    for number, task in enumerate(lesson.tasks, start=1):
        result = evaluate_all(task.checks, context)
        if result.passed:
            yield task.line, (f"{_task_name(task, number)} holds at the lesson's start ({result.detail}): "
                              "it is ticked before the learner does anything")


def impossible_tasks(lesson: Lesson) -> Iterator[tuple[int, str]]:
    """Each task whose own checks cannot all hold at once: it can never be ticked."""
    for number, task in enumerate(lesson.tasks, start=1):
        clash = first_clash(task.checks, task.checks)
        if clash is not None:
            found, other = clash[1], clash[0]  # the first check's need, then the one it meets
            yield task.line, f"{_task_name(task, number)} can never be done: it needs {found.said} and {other.said}"


def undone_tasks(lesson: Lesson) -> Iterator[tuple[int, str]]:
    """Each graded task that no state can satisfy together with an earlier graded one."""
    graded = [(number, task) for number, task in enumerate(lesson.tasks, start=1) if not task.on_the_way]
    for place, (number, task) in enumerate(graded):
        for earlier_number, earlier in graded[:place]:
            clash = first_clash(earlier.checks, task.checks)
            if clash is None:
                continue
            old, new = clash
            before = _task_name(earlier, earlier_number)
            yield task.line, (f"{_task_name(task, number)} undoes {before}: it needs {new.said} where {before} needs "
                              f"{old.said}, so a session saved at the end fails {before} in nnwb check (if a later "
                              f"task undoes it on purpose, say on_the_way = true in {before})")
            break


def cell_width(line: str) -> int:
    """Columns a terminal gives ``line``: wide characters two, combining marks none."""
    width = 0
    for char in line.expandtabs(8):
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def wide_code(lesson: Lesson, source: str) -> Iterator[tuple[int, str]]:
    """Each line of a fenced code block in the lesson's text wider than ``CODE_WIDTH``."""
    lines = source.splitlines()
    start = _text_start(lines, KeyLines(source).line((), "text"))
    fence: str | None = None
    for offset, line in enumerate(lesson.text.splitlines()):
        opened = _FENCE.match(line)
        if fence is None:
            fence = opened.group(1) if opened else None
            continue
        if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) \
                and not line.strip().strip(fence[0]):
            fence = None
            continue
        width = cell_width(line)
        if width > CODE_WIDTH:
            yield _line_of(lines, start + offset, line), (
                f"a code line of {width} columns is wider than the lesson panel shows ({CODE_WIDTH}, at 120 "
                "columns): its end is cut off; break it")


def _text_start(lines: list[str], key_line: int) -> int:
    """The file's line of the lesson text's first line: ``text = '''`` starts it on the next."""
    if 0 < key_line <= len(lines):
        after = lines[key_line - 1].split("=", 1)[-1].strip()
        if after in ('"""', "'''"):  # TOML drops the newline right after the opening quotes
            return key_line + 1
    return key_line


def _line_of(lines: list[str], guess: int, text: str) -> int:
    """The line of the file that holds ``text``: ``guess``, unless an escape or a line ending
    in a backslash moved it; then the first line after the text's start that does."""
    stripped = text.strip()
    if 0 < guess <= len(lines) and stripped in lines[guess - 1]:
        return guess
    for number in range(max(guess - 50, 1), len(lines) + 1):
        if stripped and stripped in lines[number - 1]:
            return number
    return guess


# ------------------------------------------------------------------ files
def lesson_files(target: Path) -> tuple[list[Path], list[Finding]]:
    """What to lint in ``target``: a file itself; a course's lessons in its ``course.toml``'s order
    (its refusal an error; a lesson file it does not list a warning: no learner reaches it); a
    folder without a course, every ``*.toml`` in it."""
    if not target.is_dir():
        return [target], []
    loose = sorted(path for path in target.glob("*.toml") if path.name != COURSE_FILE)
    if not (target / COURSE_FILE).exists():
        return loose, []
    try:
        course = load_course(target)
    except LessonFileError as error:
        return loose, [_refusal(str(target / COURSE_FILE), str(error))]
    listed = {path.resolve() for path in course.paths}
    unlisted = [Finding(shown_path(str(path)), None, "warning",
                        f"not in {COURSE_FILE}'s lessons: the course never opens it") for path in loose
                if path.resolve() not in listed]
    return list(course.paths), unlisted


def lint_file(path: Path | str) -> list[Finding]:
    """The findings of one lesson file: its refusal (an error), else its warnings in line order."""
    try:
        lesson = load_lesson(path)
    except LessonFileError as error:
        return [_refusal(str(path), str(error))]
    shown = shown_path(str(path))
    source = lesson.path.read_text(encoding="utf-8-sig")
    found = [*holds_at_start(lesson), *impossible_tasks(lesson), *undone_tasks(lesson), *wide_code(lesson, source)]
    return [Finding(shown, line, "warning", message) for line, message in sorted(found, key=lambda item: item[0])]


def _refusal(path: str, message: str) -> Finding:
    """The loader's ``FILE:LINE: what`` as a finding of that file and line."""
    shown = shown_path(path)
    for prefix in (path, shown):
        if message.startswith(prefix + ":"):
            rest = message[len(prefix) + 1:]
            numbered = re.match(r"(\d+): ", rest)
            if numbered:
                return Finding(shown, int(numbered.group(1)), "error", rest[numbered.end():])
            return Finding(shown, None, "error", rest.strip())
    return Finding(shown, None, "error", message)


def main(target: str, out: TextIO, err: TextIO) -> int:
    path = Path(target)
    files: list[Path | str]
    found: list[Finding] = []
    if path.exists():
        listed, found = lesson_files(path)
        files = list(listed)
    else:
        files = [target]  # a built-in lesson's name
    if not files and not found:
        print(f"nnwb lint: {shown_path(target)}: no lesson files (*.toml) in this folder", file=err)
        return BROKEN
    for file in files:
        found += lint_file(file)
    warnings = sum(finding.severity == "warning" for finding in found)
    errors = sum(finding.severity == "error" for finding in found)
    for finding in found:
        out.write(f"{finding}\n")
    out.write(_summary(len(files), warnings, errors))
    return BROKEN if errors else WARNINGS if warnings else CLEAN


def _summary(files: int, warnings: int, errors: int) -> str:
    checked = f"{files} lesson file{'s' * (files != 1)}"
    if not warnings and not errors:
        return f"{checked}: no warnings\n"
    parts = [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
    if errors:
        parts.append(f"{errors} that cannot be read as a lesson")
    return f"{checked}: {', '.join(parts)}\n"
