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

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from tui.files.safe_text import QUOTE_LIMIT, quoted, safe_text
from tui.lessons.checks import Check, SpecError, make_check
from tui.lessons.model import Lesson, Task
from tui.lessons.titles import COURSE, builtin_paths
from tui.lessons.vocabulary import shown

TOP_KEYS = ("title", "text", "preset", "session", "tasks")
TASK_KEYS = ("id", "text", "hint", "on_the_way", "checks")
# A task's id: what progress and answers are kept under, so moving or inserting tasks keeps them.
TASK_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
MAX_TASKS = 20
MAX_LESSON_BYTES = 1 << 20

TablePath = tuple[object, ...]


class LessonFileError(ValueError):
    """A lesson file that cannot be a lesson: ``FILE:LINE: what was expected``.

    Its message quotes the file and its name, and is printed (``nnwb check``, ``nnwb
    --lesson``, the server's log) and shown (a notice, a served tab): escaped here, once."""

    def __init__(self, message: str) -> None:
        super().__init__(safe_text(message))


# ------------------------------------------------------------------ lines of keys
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_\-]+)\s*=')


class KeyLines:
    """Where each table and key of a TOML text starts (1-based lines), for messages.

    Knows the shapes lesson files use: top-level keys, ``[[tasks]]`` and
    ``[[tasks.checks]]`` (each numbered in order), ``[name]`` tables. Lines inside
    multi-line strings are skipped.
    """

    def __init__(self, text: str) -> None:
        self.tables: dict[TablePath, int] = {(): 1}
        self.keys: dict[tuple[TablePath, str], int] = {}
        current: TablePath = ()
        counts: dict[TablePath, int] = {}
        inside: str | None = None  # the quotes of a multi-line string being read
        for number, line in enumerate(text.splitlines(), start=1):
            if inside is not None:
                if line.count(inside) % 2 == 1:
                    inside = None
                continue
            header = _HEADER.match(line)
            if header is not None:
                names = tuple(part.strip() for part in header.group(2).split("."))
                if header.group(1) == "[[":
                    parent = self._parent(current, names[:-1])
                    array = (*parent, names[-1])
                    index = counts.get(array, -1) + 1
                    counts[array] = index
                    current = (*array, index)
                else:
                    current = names
                self.tables[current] = number
                continue
            key = _KEY.match(line)
            if key is not None:
                self.keys[(current, key.group(1).strip("\"'"))] = number
                for quotes in ('"""', "'''"):
                    if line.count(quotes) % 2 == 1:
                        inside = quotes
                        break

    @staticmethod
    def _parent(current: TablePath, names: tuple[str, ...]) -> TablePath:
        """The table ``[[a.b]]`` belongs to: the latest element of array ``a``."""
        path: list[object] = []
        for name in names:
            path.append(name)
            if len(current) > len(path) and current[len(path) - 1] == name and isinstance(current[len(path)], int):
                path.append(current[len(path)])
        return tuple(path)

    def line(self, table: TablePath, key: str | None = None) -> int:
        """The key's line, else its table's, else the nearest enclosing table's."""
        if key is not None and (table, key) in self.keys:
            return self.keys[(table, key)]
        while table not in self.tables and table:
            table = table[:-1]
        return self.tables.get(table, 1)


# ------------------------------------------------------------------ loading
def builtin_lessons() -> list[Lesson]:
    """The built-in course, in order (read once per process; a new list each call)."""
    return list(_builtin_lessons())


@cache
def _builtin_lessons() -> tuple[Lesson, ...]:
    return tuple(load_lesson(path) for path in builtin_paths())


def find_builtin(name: str) -> Path | None:
    """A built-in lesson by its file stem ("01-neuron"), short name ("neuron") or number ("1")."""
    for path in builtin_paths():
        number, _, short = path.stem.partition("-")
        if name in (path.stem, short) or (name.isdigit() and number.isdigit() and int(name) == int(number)):
            return path
    return None


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
    try:
        raw = path.read_bytes() if path.is_file() else None
    except OSError as error:
        raise LessonFileError(f"{source}: cannot be read ({error.strerror or error})") from None
    if raw is None:
        raise LessonFileError(f"{source}: not a file")
    if len(raw) > MAX_LESSON_BYTES:
        raise LessonFileError(f"{source}: {len(raw):,} bytes is more than a lesson file may be ({MAX_LESSON_BYTES:,})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LessonFileError(f"{source}: byte {error.start} is not UTF-8 text") from None
    resolved = path.resolve()
    builtin = resolved.parent == COURSE.resolve()
    return parse_lesson(text, path, builtin)


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
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as error:
            found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
            where = found.group(1) if found else "1"
            raise LessonFileError(f"{self.path}:{where}: not TOML: {message}") from None
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
