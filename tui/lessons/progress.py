"""Which tasks of which lessons the learner has done, kept across runs.

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

FORMAT = "nnwb-lessons"
VERSION = 1


def progress_path() -> Path:
    return state_folder() / "lessons.json"


@dataclass
class Progress:
    path: Path = field(default_factory=progress_path)
    tasks_done: dict[str, set[int]] = field(default_factory=dict)
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
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("done"), dict):
            progress.move_aside()
            return progress
        for lesson, tasks in data["done"].items():
            if isinstance(tasks, list):
                progress.tasks_done[str(lesson)] = {t for t in tasks if isinstance(t, int) and not isinstance(t, bool) and t >= 0}
        return progress

    def done(self, lesson_id: str) -> set[int]:
        """The indices (0-based) of the lesson's tasks done; a copy."""
        return set(self.tasks_done.get(lesson_id, ()))

    def mark(self, lesson_id: str, task_index: int) -> bool:
        """Record a task as done; True if it was not done before (then save)."""
        tasks = self.tasks_done.setdefault(lesson_id, set())
        if task_index in tasks:
            return False
        tasks.add(task_index)
        return True

    def forget(self, lesson_id: str) -> None:
        """Start a lesson's progress again."""
        self.tasks_done.pop(lesson_id, None)

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
        data = {"format": FORMAT, "version": VERSION,
                "done": {lesson: sorted(tasks) for lesson, tasks in sorted(self.tasks_done.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(self.path, json.dumps(data, indent=1) + "\n")
