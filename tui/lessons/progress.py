"""Which tasks of which lessons the learner has done, kept across runs.

Kept under stable names, never places: a course's id, the lesson's key in it and the task's id
(``tui.lessons.courses``, ``Task.id``), so moving a course's folder or inserting a task (with
ids) keeps the ticks. A lesson file of no course is kept under its absolute path. Version 2::

    {"format": "nnwb-lessons", "version": 2,
     "courses": {"nnfs": {"01-neuron": ["1", "2"]}, "my-course": {"intro": ["bias"]}},
     "files": {"/home/me/lesson.toml": ["1"]}}

Version 1 (``"done": {lesson: [task indices]}``) is read and written back as version 2: a
built-in lesson's stem under ``nnfs``, a lesson file's absolute path under the course it is
in now, or under ``files``; index i is task id str(i + 1), a task's id when it has none.

One small JSON file, ``lessons.json`` in nnwb's state folder
(``tui.files.paths.state_folder``), written whole or not at all (``engine.atomic_file``). A damaged file (not
JSON, another format) never stops a lesson and is never overwritten: it is moved aside to
``lessons.json.damaged`` (or, if that is taken, a name with the date) and ``moved_aside``
says where, so the app and ``nnwb lessons`` tell the learner once; the lesson starts
from no progress. If it cannot be moved, saving refuses rather than lose it.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from engine.atomic_file import write_text_atomic
from tui.files.paths import state_folder
from tui.lessons.courses import BUILTIN_ID, course_of
from tui.lessons.model import Lesson, LessonKey

FORMAT = "nnwb-lessons"
VERSION = 2


def progress_path() -> Path:
    return state_folder() / "lessons.json"


@dataclass
class Progress:
    path: Path = field(default_factory=progress_path)
    tasks_done: dict[LessonKey, set[str]] = field(default_factory=dict)
    moved_aside: Path | None = None  # where load put a damaged file: to be said once
    kept_damaged: str = ""  # why a damaged file could not be moved: save refuses to overwrite it

    @classmethod
    def load(cls, path: Path | None = None) -> Progress:
        path = progress_path() if path is None else path
        progress = cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return progress
        except OSError as error:  # there but unreadable (permissions): keep it, do not write over it
            progress.kept_damaged = f"{path} cannot be read ({error.strerror or error}), so it is left as it is"
            return progress
        except ValueError:
            data = None
        version = data.get("version", 1) if isinstance(data, dict) else None
        readers = {1: progress._read_version_1, 2: progress._read_version_2}
        if not isinstance(data, dict) or data.get("format") != FORMAT or version not in readers:
            progress.move_aside()
            return progress
        if not readers[version](data):  # the right format, the wrong shape: kept aside, not half read
            progress.tasks_done.clear()
            progress.move_aside()
        return progress

    def _read_version_2(self, data: dict[str, object]) -> bool:
        courses, files = data.get("courses", {}), data.get("files", {})
        if not isinstance(courses, dict) or not isinstance(files, dict):
            return False
        for course, lessons in courses.items():
            if not isinstance(lessons, dict):
                return False
            for lesson, tasks in lessons.items():
                self._keep((str(course), str(lesson)), tasks)
        for path, tasks in files.items():
            self._keep(("", str(path)), tasks)
        return True

    def _read_version_1(self, data: dict[str, object]) -> bool:
        done = data.get("done")
        if not isinstance(done, dict):
            return False
        for lesson, tasks in done.items():
            if not isinstance(tasks, list):
                continue
            ids = [str(t + 1) for t in tasks if isinstance(t, int) and not isinstance(t, bool) and t >= 0]
            self._keep(_version_1_key(str(lesson)), ids)
        return True

    def _keep(self, key: LessonKey, tasks: object) -> None:
        if isinstance(tasks, list):
            self.tasks_done.setdefault(key, set()).update(t for t in tasks if isinstance(t, str) and t)

    def done(self, key: LessonKey) -> set[str]:
        """The ids of the lesson's tasks done; a copy."""
        return set(self.tasks_done.get(key, ()))

    def done_in(self, lesson: Lesson) -> set[int]:
        """The places (0-based) of ``lesson``'s tasks that are done: a task's tick follows its id."""
        done = self.tasks_done.get(lesson.progress_key, set())
        return {index for index, task in enumerate(lesson.tasks) if task.id in done}

    def mark(self, key: LessonKey, task_id: str) -> bool:
        """Record a task as done; True if it was not done before (then save)."""
        tasks = self.tasks_done.setdefault(key, set())
        if task_id in tasks:
            return False
        tasks.add(task_id)
        return True

    def forget(self, key: LessonKey) -> None:
        """Start a lesson's progress again."""
        self.tasks_done.pop(key, None)

    def move_aside(self) -> None:
        """Put the damaged file where the next save does not overwrite it."""
        target = self.path.with_name(self.path.name + ".damaged")
        if target.exists():
            stamp = time.strftime("%Y%m%d-%H%M%S")
            target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
            count = 1
            while target.exists():
                count += 1
                target = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{count}")
        try:
            os.replace(self.path, target)
        except OSError as error:
            self.kept_damaged = (f"{self.path} is damaged and could not be moved aside "
                                 f"({error.strerror or error}), so it is left as it is")
        else:
            self.moved_aside = target

    def damaged_message(self) -> str:
        """The one line to tell the learner about a damaged progress file, or ""."""
        if self.moved_aside is not None:
            return (f"Your lesson progress file was damaged; it was moved to {self.moved_aside} "
                    "and progress starts again from nothing.")
        if self.kept_damaged:
            return f"Your lesson progress is not saved: {self.kept_damaged}."
        return ""

    def save(self) -> None:
        if self.kept_damaged:
            raise OSError(self.kept_damaged)
        courses: dict[str, dict[str, list[str]]] = {}
        files: dict[str, list[str]] = {}
        for (course, lesson), tasks in sorted(self.tasks_done.items()):
            if course:
                courses.setdefault(course, {})[lesson] = sorted(tasks)
            else:
                files[lesson] = sorted(tasks)
        data = {"format": FORMAT, "version": VERSION, "courses": courses, "files": files}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(self.path, json.dumps(data, indent=1) + "\n")


def _version_1_key(lesson: str) -> LessonKey:
    """Where version 1's ``lesson`` (a built-in lesson's stem, or a lesson file's absolute path) is kept now."""
    if not os.path.isabs(lesson):
        return (BUILTIN_ID, lesson)
    place = course_of(Path(lesson))
    return (place[0].id, place[1]) if place is not None else ("", lesson)
