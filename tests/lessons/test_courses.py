"""A course of one's own, without the UI: ``nnwb lessons DIR`` lists it with progress, ``nnwb
check`` grades its lessons, progress follows the course's id and the tasks' ids (moving the
folder or inserting a task keeps the ticks), version 1 progress files are read, and a broken
``course.toml`` is refused with its file and line while nothing else changes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.lessons.teacher_course import SECOND, insert_a_task, make_course
from tui.__main__ import make_app
from tui.cli.headless import main
from tui.files.session_file import save
from tui.lessons import Progress, load_lesson
from tui.lessons.courses import builtin_course, load_course
from tui.lessons.loader import builtin_lessons, start_lesson
from tui.lessons.progress import progress_path


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return make_course(tmp_path / "class" / "my course")


def tick(lesson_file: Path, task_id: str) -> None:
    """A task done, as the workbench records it (``OpenLesson.evaluate``)."""
    progress = Progress.load()
    assert progress.mark(load_lesson(lesson_file).progress_key, task_id)
    progress.save()


def listed(capsys: pytest.CaptureFixture[str], folder: Path) -> list[str]:
    assert main(["lessons", str(folder)]) == 0
    return capsys.readouterr().out.splitlines()


# ------------------------------------------------------------------ listing
def test_nnwb_lessons_dir_lists_the_course_in_its_order_with_the_tasks_done(
        course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert listed(capsys, course) == [
        f"My course (nnwb --course {course} --lesson NAME opens a lesson; NAME or its number):",
        "   1. Teacher's neuron  first   0/2",
        "   2. Teacher's layer   second  0/1",
    ]
    tick(course / "first.toml", "zero")
    tick(course / "second.toml", "no-error")
    lines = listed(capsys, course)
    assert lines[1].endswith("first   1/2") and lines[2].endswith("second  1/1 done")
    assert main(["lessons"]) == 0  # the built-in course's progress is its own
    assert all(line.split()[-1].startswith("0/") for line in capsys.readouterr().out.splitlines()[1:])


def test_the_built_in_course_is_a_course_too() -> None:
    nnfs = builtin_course()
    assert nnfs.id == "nnfs" and [lesson.progress_key for lesson in builtin_lessons()] == [
        ("nnfs", path.stem) for path in nnfs.paths]
    assert load_lesson("neuron").progress_key == ("nnfs", "01-neuron")


# ------------------------------------------------------------------ progress keyed by ids
def test_moving_the_course_folder_keeps_the_progress(course: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    tick(course / "first.toml", "zero")
    moved = tmp_path / "elsewhere" / "renamed course"
    moved.parent.mkdir()
    shutil.move(course, moved)
    assert load_lesson(moved / "first.toml").progress_key == ("my-course", "first")
    assert Progress.load().done_in(load_lesson(moved / "first.toml")) == {0}
    assert listed(capsys, moved)[1].endswith("first   1/2")
    saved = json.loads(progress_path().read_text(encoding="utf-8"))
    assert saved["version"] == 2 and saved["courses"] == {"my-course": {"first": ["zero"]}}
    assert str(tmp_path) not in progress_path().read_text(encoding="utf-8")  # no path is kept for a course


def test_inserting_a_task_with_an_id_keeps_the_ticks_on_their_tasks(course: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    tick(course / "first.toml", "zero")
    insert_a_task(course)
    lesson = load_lesson(course / "first.toml")
    assert [task.id for task in lesson.tasks] == ["weights", "zero", "stage"]
    assert Progress.load().done_in(lesson) == {1}  # the bias task, now the second, not the new first
    assert listed(capsys, course)[1].endswith("first   1/3")


def test_a_version_1_progress_file_is_read_and_written_back_as_version_2(course: Path, tmp_path: Path) -> None:
    lone = tmp_path / "lone.toml"  # a lesson file of no course, its task without an id (as version 1 knew them)
    lone.write_text(SECOND.replace('id = "no-error"\n', ""), encoding="utf-8")
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": "nnwb-lessons", "version": 1, "done": {
        "01-neuron": [0, 2], str(lone.resolve()): [0], str((course / "first.toml").resolve()): [1]}}), encoding="utf-8")
    progress = Progress.load()
    assert progress.damaged_message() == ""
    assert progress.done(("nnfs", "01-neuron")) == {"1", "3"}  # index i is task id str(i + 1)
    assert progress.done(("my-course", "first")) == {"2"}  # a lesson file now in a course: under the course
    assert progress.done(("", str(lone.resolve()))) == {"1"}  # a lesson file of no course: kept as it was
    assert progress.done_in(load_lesson(lone)) == {0}
    progress.save()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved == {"format": "nnwb-lessons", "version": 2,
                     "courses": {"my-course": {"first": ["2"]}, "nnfs": {"01-neuron": ["1", "3"]}},
                     "files": {str(lone.resolve()): ["1"]}}


# ------------------------------------------------------------------ grading
def test_nnwb_check_grades_a_lesson_of_the_course_by_its_number_or_its_path(
        course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = load_lesson(course / "first.toml").start_document()
    document.set_cell("biases", 0, 0, "-0.3")
    hand_in = tmp_path / "hand-in.json"
    save(document, hand_in)

    assert main(["check", "--course", str(course), "1", str(hand_in)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Teacher's neuron") and "  1. passed: Make the neuron output exactly 0" in out
    assert main(["check", str(course / "first.toml"), str(hand_in)]) == 0
    assert capsys.readouterr().out == out
    # Lesson 2 of the course is the teacher's layer, not the built-in lesson 2.
    assert main(["check", "--course", str(course), "2", str(hand_in)]) == 0
    assert capsys.readouterr().out.startswith("Teacher's layer")
    assert main(["check", "--course", str(course), "third", str(hand_in)]) == 2
    assert capsys.readouterr().err == (f'nnwb check: {course}/course.toml: no lesson "third" in the course '
                                       '"my-course" (its lessons: first, second)\n')


# ------------------------------------------------------------------ refused
BROKEN = {
    "up and out": ('lessons = [\n  "first.toml",\n  "../other.toml",\n]', 5,
                   '"../other.toml": a lesson is named by its path in the course\'s folder, without .. or a leading /'),
    "absolute": ('lessons = ["/etc/passwd.toml"]', 3, '"/etc/passwd.toml": a lesson is named by its path'),
    "link out": ('lessons = [\n  "first.toml",\n  "link.toml",\n]', 5, '"link.toml" is a link to '),
    "missing": ('lessons = ["first.toml", "third.toml"]', 3, '"third.toml": no such lesson file in '),
    "twice": ('lessons = [\n  "first.toml",\n  "second.toml",\n  "first.toml",\n]', 6, '"first.toml" is named twice'),
    "not a lesson": ('lessons = ["course.toml"]', 3, '"course.toml": a lesson is a .toml lesson file'),
    "no lessons": ('lessons = []', 3, 'expected lessons = ["first.toml", "second.toml", ...]'),
    "not TOML": ('lessons = ["first.toml"\nlevel = 2', 4, "not TOML: "),
    "unknown key": ('lessons = ["first.toml"]\nlevel = 2', 4, "unknown a key level: a course has id, title, lessons"),
}


@pytest.mark.parametrize("problem", list(BROKEN))
def test_a_broken_course_file_is_refused_with_its_line_and_nothing_else_changes(
        problem: str, course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tick(course / "first.toml", "zero")
    kept = progress_path().read_bytes()
    lessons, line, said = BROKEN[problem]
    outside = tmp_path / "outside.toml"
    shutil.copy(course / "second.toml", outside)
    os.symlink(outside, course / "link.toml")
    (course / "course.toml").write_text(f'id = "my-course"\ntitle = "My course"\n{lessons}\n', encoding="utf-8")
    where = f"{course}/course.toml:{line}: "

    assert main(["lessons", str(course)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"nnwb lessons: {where}") and said in captured.err, captured.err
    assert main(["check", "--course", str(course), "1", "whatever.json"]) == 2
    assert capsys.readouterr().err.startswith(f"nnwb check: {where}")
    with pytest.raises(SystemExit) as refused:
        make_app(["--course", str(course)])
    assert refused.value.code == 2
    assert capsys.readouterr().err.startswith(f"nnwb: cannot open the course {where}")
    assert progress_path().read_bytes() == kept  # the learner's progress is as it was
    assert load_lesson(course / "first.toml").progress_key == ("", str((course / "first.toml").resolve()))


@pytest.mark.parametrize("head, line, said", [
    ('title = "My course"', 1, 'expected id = "<name>"'),
    ('id = "My Course"\ntitle = "My course"', 1, 'expected id = "<name>": a short name of a-z'),
    ('id = "nnfs"\ntitle = "Mine"', 1, 'id "nnfs" is the built-in course\'s'),
    ('id = "my-course"', 1, 'expected title = "..."'),
])
def test_a_course_needs_an_id_of_its_own_and_a_title(head: str, line: int, said: str, course: Path) -> None:
    (course / "course.toml").write_text(f'{head}\nlessons = ["first.toml"]\n', encoding="utf-8")
    with pytest.raises(ValueError) as refused:
        load_course(course)
    assert str(refused.value).startswith(f"{course}/course.toml:{line}: {said}"), str(refused.value)


def test_a_folder_without_a_course_file_says_what_a_course_is(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no course.toml in this folder"):
        start_lesson(None, tmp_path)
