"""``nnwb lessons``: the built-in course, in order, with the tasks the learner has done."""

from __future__ import annotations

from typing import TextIO

from tui.lessons.loader import builtin_lessons
from tui.lessons.progress import Progress


def text(progress: Progress) -> str:
    lessons = builtin_lessons()
    titles = [_numbered(lesson.title) for lesson in lessons]
    width = max(len(title) for title in titles)
    names = max(len(lesson.name) for lesson in lessons)
    lines = ["The course (nnwb --lesson NAME opens a lesson; NAME or its number):"]
    for lesson, title in zip(lessons, titles):
        done = len(progress.done(lesson.id) & set(range(len(lesson.tasks))))
        mark = "done" if done == len(lesson.tasks) else ""
        lines.append(f"  {title:<{width}}  {lesson.name:<{names}}  {done}/{len(lesson.tasks)} {mark}".rstrip())
    return "\n".join(lines) + "\n"


def _numbered(title: str) -> str:
    """" 1. A neuron" beside "13. Training": the numbers of the course's titles aligned."""
    number, dot, rest = title.partition(". ")
    return f"{number:>2}{dot}{rest}" if number.isdigit() and dot else title


def main(out: TextIO, err: TextIO | None = None) -> int:
    progress = Progress.load()
    if progress.damaged_message() and err is not None:  # said once: the file is moved aside now
        print(f"nnwb lessons: {progress.damaged_message()}", file=err)
    out.write(text(progress))
    return 0
