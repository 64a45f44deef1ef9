"""``nnwb lessons [DIR]``: a course (the built-in one, or a teacher's folder), in order, with
the tasks the learner has done."""

from __future__ import annotations

from typing import TextIO

from tui.files.paths import shown_path
from tui.lessons.courses import Course, builtin_course, load_course
from tui.lessons.key_lines import LessonFileError
from tui.lessons.loader import course_lessons
from tui.lessons.progress import Progress
from tui.lessons.titles import plain_title

BAD_COURSE = 2


def text(progress: Progress, course: Course | None = None) -> str:
    course = builtin_course() if course is None else course
    lessons = course_lessons(course)
    titles = [f"{number:>2}. {plain_title(lesson.title)}" for number, lesson in enumerate(lessons, start=1)]
    width = max(len(title) for title in titles)
    names = max(len(lesson.name) for lesson in lessons)
    if course.builtin:
        lines = ["The course (nnwb --lesson NAME opens a lesson; NAME or its number):"]
    else:
        folder = shown_path(str(course.folder))
        lines = [f"{course.title} (nnwb --course {folder} --lesson NAME opens a lesson; NAME or its number):"]
    for lesson, title in zip(lessons, titles):
        done = len(progress.done_in(lesson))
        mark = "done" if done == len(lesson.tasks) else ""
        lines.append(f"  {title:<{width}}  {lesson.name:<{names}}  {done}/{len(lesson.tasks)} {mark}".rstrip())
    return "\n".join(lines) + "\n"


def main(out: TextIO, err: TextIO | None = None, folder: str | None = None) -> int:
    try:
        course = None if folder is None else load_course(folder)
        progress = Progress.load()
        listed = text(progress, course)
    except LessonFileError as error:  # the course file, or one of its lessons
        if err is not None:
            print(f"nnwb lessons: {shown_path(str(error))}", file=err)
        return BAD_COURSE
    if progress.damaged_message() and err is not None:  # said once: the file is moved aside now
        print(f"nnwb lessons: {progress.damaged_message()}", file=err)
    out.write(listed)
    return 0
