"""A course: lessons in an order, under a stable id that progress is kept by.

The built-in course is the lesson files of ``tui/lessons/course`` in the order of their names,
id ``nnfs``. A teacher's course is a folder with a ``course.toml`` beside its lesson files::

    id = "my-course"            # stable: the learners' progress is kept under it
    title = "My course"
    lessons = ["intro.toml", "part-2/layers.toml"]   # the order > and < follow

Each lesson is named by its path in the folder; an absolute path, ``..``, a link that leads
out of the folder, a file that is not there or named twice is refused with
``LessonFileError("FILE:LINE: ...")``, as the lesson loader refuses a lesson file. A lesson's
key in its course is that path without ``.toml``: progress is kept under the course's id, the
lesson's key and the task's id (``tui.lessons.progress``), so moving or copying the folder, or
inserting a task with an id, keeps the ticks.

Nothing here loads a lesson (``tui.lessons.loader`` does, and asks ``course_of`` which course
a lesson file belongs to).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from tui.files.safe_text import QUOTE_LIMIT, quoted, safe_text
from tui.lessons.key_lines import STABLE_ID, KeyLines, LessonFileError, parse_toml, read_small_text
from tui.lessons.titles import COURSE, builtin_paths, short_name

BUILTIN_ID = "nnfs"
BUILTIN_TITLE = "Neural Networks from Scratch"
COURSE_FILE = "course.toml"
COURSE_KEYS = ("id", "title", "lessons")
MAX_LESSONS = 100
MAX_COURSE_BYTES = 64 << 10


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    folder: Path  # absolute, links resolved
    paths: tuple[Path, ...]  # the lesson files, in the course's order, each inside ``folder``
    builtin: bool = False

    @property
    def source(self) -> Path:
        """The file the course is read from (its folder for the built-in course), for messages."""
        return self.folder if self.builtin else self.folder / COURSE_FILE

    @property
    def keys(self) -> tuple[str, ...]:
        """Each lesson's name in the course: its path in the folder without ``.toml``."""
        return tuple(self.key_of(path) for path in self.paths)

    def key_of(self, path: Path) -> str:
        return PurePosixPath(path.relative_to(self.folder).as_posix()).with_suffix("").as_posix()

    def find(self, name: str) -> Path | None:
        """A lesson by its key ("01-neuron", "part-2/layers"), short name ("neuron"), file
        name, the number its file name starts with or its place (1-based), or a path to it."""
        for path in self.paths:
            number = path.stem.partition("-")[0]
            if name in (self.key_of(path), short_name(path), path.relative_to(self.folder).as_posix()) or (
                    name.isdigit() and number.isdigit() and int(name) == int(number)):
                return path
        if name.isdigit() and 1 <= int(name) <= len(self.paths):
            return self.paths[int(name) - 1]
        key = self.key_for(Path(name).expanduser())
        return None if key is None else self.paths[self.keys.index(key)]

    def key_for(self, path: Path) -> str | None:
        """The key of the lesson file at ``path`` (written any way: a link, relative), if it is one of the course's."""
        try:
            wanted = os.path.realpath(path)
        except (OSError, ValueError):
            return None
        return next((self.key_of(mine) for mine in self.paths if os.path.realpath(mine) == wanted), None)


@cache
def builtin_course() -> Course:
    """The course nnwb comes with: its lesson files in the order of their names."""
    return Course(BUILTIN_ID, BUILTIN_TITLE, COURSE.resolve(), tuple(path.resolve() for path in builtin_paths()),
                  builtin=True)


def course_of(lesson_path: Path) -> tuple[Course, str] | None:
    """The course a lesson file belongs to and its key there: the built-in course for its
    files; else the ``course.toml`` nearest above the file, if it lists it. A course file
    that cannot be read makes the lesson one of no course (opening the course says why)."""
    try:
        resolved = lesson_path.resolve()
    except (OSError, RuntimeError):
        return None
    if resolved.parent == COURSE.resolve():
        course = builtin_course()
    else:
        folder = next((folder for folder in resolved.parents if (folder / COURSE_FILE).is_file()), None)
        if folder is None:
            return None
        try:
            course = load_course(folder)
        except LessonFileError:
            return None
    key = course.key_for(resolved)
    return (course, key) if key is not None else None


def load_course(source: str | Path) -> Course:
    """The course in folder ``source`` (or named by its ``course.toml``); LessonFileError
    ("FILE:LINE: what was expected") if it is not one."""
    given = Path(source).expanduser()
    folder = given.parent if given.name == COURSE_FILE and given.is_file() else given
    if not folder.is_dir():
        raise LessonFileError(f"{source}: not a folder (a course is a folder with a {COURSE_FILE} beside its lessons)")
    file = folder.absolute() / COURSE_FILE
    if not file.exists():
        raise LessonFileError(f"{source}: no {COURSE_FILE} in this folder (a course is a folder with a {COURSE_FILE} "
                              "that names its id, title and lessons)")
    text = read_small_text(file, str(file), "a course file", MAX_COURSE_BYTES)
    return _CourseReader(text, file).course()


class _CourseReader:
    def __init__(self, text: str, file: Path) -> None:
        self.text, self.file, self.lines = text, file, KeyLines(text)
        self.folder = file.parent.resolve()

    def refuse(self, key: str | None, message: str, line: int | None = None) -> LessonFileError:
        return LessonFileError(f"{self.file}:{line or self.lines.line((), key)}: {message}")

    def course(self) -> Course:
        data = parse_toml(self.text, self.file)
        for key, value in data.items():
            if key not in COURSE_KEYS:
                where = "a table" if isinstance(value, dict) else "a key"
                raise self.refuse(key, f"unknown {where} {safe_text(key, QUOTE_LIMIT)}: a course has {', '.join(COURSE_KEYS)}")
        course_id = data.get("id")
        if not isinstance(course_id, str) or not STABLE_ID.fullmatch(course_id):
            raise self.refuse("id" if "id" in data else None,
                              'expected id = "<name>": a short name of a-z, 0-9, - and _ (at most 40) that stays the same, '
                              "which the learners' progress is kept under")
        if course_id == BUILTIN_ID:
            raise self.refuse("id", f"id {quoted(BUILTIN_ID)} is the built-in course's: give the course a name of its own")
        title = data.get("title")
        if not isinstance(title, str) or not title.strip():
            raise self.refuse("title" if "title" in data else None, 'expected title = "..." (a string that says something)')
        return Course(course_id, safe_text(title), self.folder, self.lessons(data.get("lessons")))

    def lessons(self, value: Any) -> tuple[Path, ...]:
        if not isinstance(value, list) or not value:
            raise self.refuse("lessons" if value is not None else None,
                              'expected lessons = ["first.toml", "second.toml", ...]: the lesson files in this folder, in order')
        if len(value) > MAX_LESSONS:
            raise self.refuse("lessons", f"a course has at most {MAX_LESSONS} lessons, not {len(value)}")
        paths: list[Path] = []
        for name in value:
            path = self.lesson(name)
            if path in paths:
                raise self.refuse("lessons", f"{quoted(str(name))} is named twice: each lesson has one place",
                                  self.line_of(name, second=True))
            paths.append(path)
        return tuple(paths)

    def lesson(self, name: object) -> Path:
        if not isinstance(name, str) or not name.strip():
            raise self.refuse("lessons", f"each lesson is a file name in quotes, not {safe_text(repr(name), QUOTE_LIMIT)}")
        line = self.line_of(name)
        written = PurePosixPath(name.replace("\\", "/"))
        if written.is_absolute() or Path(name).is_absolute() or ".." in written.parts:
            raise self.refuse("lessons", f"{quoted(name)}: a lesson is named by its path in the course's folder, "
                                         "without .. or a leading /", line)
        if written.suffix != ".toml" or written.name == COURSE_FILE:
            raise self.refuse("lessons", f"{quoted(name)}: a lesson is a .toml lesson file (not {COURSE_FILE})", line)
        path = self.folder.joinpath(*written.parts)
        resolved = Path(os.path.realpath(path))
        if not resolved.is_relative_to(self.folder):
            raise self.refuse("lessons", f"{quoted(name)} is a link to {resolved}, outside the course's folder: "
                                         "a course's lessons are in its folder", line)
        if not resolved.is_file():
            raise self.refuse("lessons", f"{quoted(name)}: no such lesson file in {self.folder}", line)
        return path

    def line_of(self, name: object, second: bool = False) -> int:
        """The line the name is written on in ``lessons = [...]`` (its first or second time)."""
        start = self.lines.line((), "lessons")
        found = 0
        for number, line in enumerate(self.text.splitlines()[start - 1:], start=start):
            if isinstance(name, str) and (f'"{name}"' in line or f"'{name}'" in line):
                found += 1
                if found == 1 + second:
                    return number
        return start
