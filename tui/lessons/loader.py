"""Lesson files: TOML read with the standard library, checked key by key, refused with a line.

A lesson file::

    title = "A neuron"
    text = '''
    Markdown: a few paragraphs.
    '''
    preset = "single-neuron"        # or: session = "start.json" (next to this file)

    [[tasks]]
    text = "Make the neuron output exactly 0 by changing only its bias."
    hint = "Which value is added after the dot product?"   # optional
    check = "cell"                  # one check: its kind and keys (tui.lessons.checks)
    matrix = "output"
    layer = 1
    row = 0
    column = 0
    equals = 0.0

    [[tasks]]
    text = "..."
    [[tasks.checks]]                # or several checks, all of which must hold
    check = "no_shape_error"
    [[tasks.checks]]
    check = "command_not_used"
    command = "fix"

Nothing in the file is run or evaluated. Anything that is not one of these keys, a key
missing, a value of the wrong type or out of range, an unknown preset or a session file
that does not open is refused with ``LessonFileError("FILE:LINE: what was expected")``.
tomllib reports no lines for keys, so the line is found by scanning the text for the
table and key (``KeyLines``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from tui.files.safe_text import QUOTE_LIMIT, quoted, safe_text
from tui.lessons.checks import Check, SpecError, make_check
from tui.lessons.courses import Course, builtin_course, course_of, load_course
from tui.lessons.key_lines import STABLE_ID, KeyLines, LessonFileError, TablePath, parse_toml, read_small_text
from tui.lessons.model import Lesson, Task
from tui.lessons.titles import COURSE, builtin_paths
from tui.lessons.vocabulary import shown

TOP_KEYS = ("title", "text", "preset", "session", "tasks")
TASK_KEYS = ("id", "text", "hint", "on_the_way", "checks")
# A task's id: what progress and answers are kept under, so moving or inserting tasks keeps them.
TASK_ID = STABLE_ID
MAX_TASKS = 20
MAX_LESSON_BYTES = 1 << 20


# ------------------------------------------------------------------ loading
def builtin_lessons() -> list[Lesson]:
    """The built-in course's lessons, in order (read once per process; a new list each call)."""
    return list(_builtin_lessons())


@cache
def _builtin_lessons() -> tuple[Lesson, ...]:
    return tuple(load_lesson(path) for path in builtin_course().paths)


def find_builtin(name: str) -> Path | None:
    """A built-in lesson by its file stem ("01-neuron"), short name ("neuron") or number ("1")."""
    return builtin_course().find(name)


def course_lessons(course: Course) -> list[Lesson]:
    """Every lesson of ``course``, in its order (the built-in course's read once per process)."""
    return builtin_lessons() if course.builtin else [load_lesson(path) for path in course.paths]


def course_lesson(course: Course, name: str) -> Lesson:
    """A lesson of ``course`` by its name, number or path (``Course.find``)."""
    path = course.find(name)
    if path is None:
        names = ", ".join(course.keys)
        raise LessonFileError(f"{course.source}: no lesson {quoted(name)} in the course {quoted(course.id)} (its lessons: {names})")
    return load_lesson(path)


def start_lesson(name: str | None, course_folder: str | Path | None = None) -> Lesson:
    """The lesson ``nnwb --lesson NAME`` or ``nnwb --course DIR [--lesson NAME]`` opens: with a
    course, its lesson of that name, else its first; LessonFileError if there is none."""
    if course_folder is None:
        if name is None:
            raise LessonFileError("no lesson named and no course given")
        return load_lesson(name)
    course = load_course(course_folder)
    return course_lesson(course, name if name is not None else "1")


def load_lesson(source: str | Path) -> Lesson:
    """A lesson from a file (``path/to/lesson.toml``) or a built-in lesson's name; raises
    LessonFileError saying what is wrong and where."""
    path = Path(source)
    builtin_path = find_builtin(str(source)) if isinstance(source, str) else None
    if builtin_path is not None and not (path.suffix == ".toml" and path.exists()):
        path = builtin_path
    elif not path.exists():
        names = ", ".join(p.stem for p in builtin_paths())
        raise LessonFileError(f'{source}: no such lesson file, and no built-in lesson of that name (the course: {names})')
    text = read_small_text(path, str(source), "a lesson file", MAX_LESSON_BYTES)
    resolved = path.resolve()
    builtin = resolved.parent == COURSE.resolve()
    lesson = parse_lesson(text, path, builtin)
    place = course_of(path)  # progress is kept under the course's id and the lesson's place in it
    return replace(lesson, course=place[0], key=place[1]) if place is not None else lesson


def parse_lesson(text: str, path: Path, builtin: bool = False) -> Lesson:
    """The lesson written in ``text`` (read from ``path``, used for messages and the start)."""
    return _Reader(text, path).lesson(builtin)


class _Reader:
    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path
        self.lines = KeyLines(text)

    def refuse(self, table: TablePath, key: str | None, message: str) -> LessonFileError:
        return LessonFileError(f"{self.path}:{self.lines.line(table, key)}: {message}")

    def lesson(self, builtin: bool) -> Lesson:
        data = parse_toml(self.text, self.path)
        for key in data:
            if key not in TOP_KEYS:
                raise self.refuse((), key, f"unknown key {safe_text(key, QUOTE_LIMIT)}: a lesson has {', '.join(TOP_KEYS)}")
        title = self.string(data, (), "title", required=True)
        body = self.string(data, (), "text", required=True)
        preset = self.string(data, (), "preset")
        session = self.string(data, (), "session")
        if bool(preset) == bool(session):
            raise self.refuse((), "session" if preset else None,
                              'expected where the lesson starts: preset = "<name>" or session = "<file>.json", one of them')
        if preset:
            self.check_preset(preset)
        if session:
            self.check_session(session)
        tasks = self.tasks(data.get("tasks"))
        lesson_id = self.path.stem if builtin else str(self.path.resolve())
        return Lesson(lesson_id, title, body, tasks, self.path, preset, session, builtin)

    def string(self, data: dict[str, Any], table: TablePath, key: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                raise self.refuse(table, None, f'expected {key} = "..." (a string)')
            return ""
        if not isinstance(value, str) or not value.strip():
            shown = "an empty string" if isinstance(value, str) else f"{type(value).__name__} {safe_text(repr(value), QUOTE_LIMIT)}"
            raise self.refuse(table, key, f"{key} must be a string that says something, not {shown}")
        # Plain text from now on, wherever it is shown or printed: a control character
        # (ESC ] 0 ; ... sets the terminal's title) as its escape; a title on one line.
        return safe_text(value, lines=key != "title")

    def check_preset(self, name: str) -> None:
        from engine import PRESETS

        if name not in PRESETS:
            raise self.refuse((), "preset", f'no preset called {quoted(name)}: expected one of {", ".join(PRESETS)}')

    def check_session(self, name: str) -> None:
        from tui.files.session_file import SessionFileError, load

        start = self.path.parent / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise self.refuse((), "session", f'session must name a file next to the lesson file, not {quoted(name)}')
        try:
            load(start)
        except SessionFileError as error:
            raise self.refuse((), "session", f"the session file it starts from cannot be opened: {error}") from None

    def tasks(self, value: object) -> tuple[Task, ...]:
        if value is None:
            raise self.refuse((), None, "expected at least one task: a [[tasks]] table with text and a check")
        if not isinstance(value, list) or not all(isinstance(task, dict) for task in value):
            raise self.refuse((), "tasks", "tasks must be [[tasks]] tables, each with text and a check")
        if not value:
            raise self.refuse((), "tasks", "expected at least one task")
        if len(value) > MAX_TASKS:
            raise self.refuse(("tasks", MAX_TASKS), None, f"a lesson has at most {MAX_TASKS} tasks")
        tasks = tuple(self.task(task, ("tasks", index)) for index, task in enumerate(value))
        seen: dict[str, int] = {}
        for index, task in enumerate(tasks):
            if task.id in seen:
                raise self.refuse(("tasks", index), "id", f"id {quoted(task.id)} is task {seen[task.id] + 1}'s too: "
                                                        "each task's id is its own")
            seen[task.id] = index
        return tasks

    def task(self, data: dict[str, Any], table: TablePath) -> Task:
        text = self.string(data, table, "text", required=True)
        place = table[-1]
        assert isinstance(place, int)
        task_id = data.get("id", str(place + 1))  # no id: its place, 1-based, as progress once kept it
        if not isinstance(task_id, str) or not TASK_ID.fullmatch(task_id):
            raise self.refuse(table, "id", f"id must be a short name of a-z, 0-9, - and _ (at most 40), not {shown(task_id)}")
        hint = self.string(data, table, "hint")
        on_the_way = data.get("on_the_way", False)
        if not isinstance(on_the_way, bool):
            raise self.refuse(table, "on_the_way", "on_the_way must be true or false")
        rest = {key: value for key, value in data.items() if key not in ("id", "text", "hint", "on_the_way")}
        if "checks" in rest:
            if "check" in rest:
                raise self.refuse(table, "check", "a task has one check (check = ...) or [[tasks.checks]], not both")
            extra = [key for key in rest if key != "checks"]
            if extra:
                raise self.refuse(table, extra[0], f"unknown key {safe_text(extra[0], QUOTE_LIMIT)}: with [[tasks.checks]], a task has "
                                                   "id, text, hint, on_the_way and its checks")
            checks = rest["checks"]
            if not isinstance(checks, list) or not checks or not all(isinstance(c, dict) for c in checks):
                raise self.refuse(table, "checks", "checks must be one or more [[tasks.checks]] tables")
            made = tuple(self.check(check, (*table, "checks", index), table) for index, check in enumerate(checks))
        else:
            if "check" not in rest:
                raise self.refuse(table, None, 'expected check = "<kind>" (or [[tasks.checks]] tables) in this task')
            made = (self.check(rest, table, table),)
        return Task(text, made, hint, self.lines.line(table), on_the_way, task_id)

    def check(self, data: dict[str, Any], table: TablePath, task: TablePath) -> Check:
        try:
            return make_check(data)
        except SpecError as error:
            if table in self.lines.tables:
                raise self.refuse(table, error.key, str(error)) from None
            # checks = [{...}] written inline: no line of its own; the line of ``checks``.
            raise self.refuse(task, "checks", str(error)) from None
