"""Which tasks of which lessons the learner has done, kept across runs.

One small JSON file, ``lessons.json`` in nnwb's state folder (tui/crash_report.py
``state_folder()``), written whole or not at all (tui/atomic_file.py). A file that cannot
be read (damaged, another format) is treated as no progress rather than stopping a
lesson: progress is a convenience, and the next save writes a good file again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tui.atomic_file import write_text_atomic
from tui.crash_report import state_folder

FORMAT = "nnwb-lessons"
VERSION = 1


def progress_path() -> Path:
    return state_folder() / "lessons.json"


@dataclass
class Progress:
    path: Path = field(default_factory=progress_path)
    tasks_done: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Progress:
        path = progress_path() if path is None else path
        progress = cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return progress
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("done"), dict):
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

    def save(self) -> None:
        data = {"format": FORMAT, "version": VERSION,
                "done": {lesson: sorted(tasks) for lesson, tasks in sorted(self.tasks_done.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(self.path, json.dumps(data, indent=1) + "\n")
