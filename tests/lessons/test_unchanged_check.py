"""The ``unchanged`` check: a matrix as the lesson's start gave it, whatever that start is
(a preset, a session file next to the lesson), in the workbench and from a hand-in."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tui.files.session_file import save
from tui.lessons import LessonContext, LessonFileError, evaluate, load_lesson
from tui.lessons.checks import make_check
from tui.lessons.grader import main as check_main

LESSON = '''title = "A lesson"
text = "Only the second sample's first input may change."
preset = "batch"

[[tasks]]
text = "Make s1 f0 7, and leave every other input and layer 1's n0 as they are."
[[tasks.checks]]
check = "cell"
matrix = "inputs"
row = 1
column = 0
equals = 7
[[tasks.checks]]
check = "unchanged"
matrix = "inputs"
row = 0
[[tasks.checks]]
check = "unchanged"
matrix = "inputs"
row = 2
[[tasks.checks]]
check = "unchanged"
matrix = "weights"
layer = 1
column = 0
'''


def lesson_file(tmp_path: Path, text: str = LESSON) -> Path:
    path = tmp_path / "lesson.toml"
    path.write_text(text)
    return path


def test_what_the_task_leaves_alone_passes_and_a_change_elsewhere_is_named(tmp_path: Path) -> None:
    lesson = load_lesson(lesson_file(tmp_path))
    task = lesson.tasks[0]
    document = lesson.start_document()
    document.set_cell("inputs", 1, 0, "7")
    document.set_cell("weights", 0, 1, "9")  # neuron n1's: not pinned

    assert evaluate(task, LessonContext.of(document)).passed
    document.set_cell("inputs", 2, 3, "0")
    assert evaluate(task, LessonContext.of(document)).detail == (
        "the inputs s2 f3 is 0; the lesson gave -0.8: wanted them as given")
    document.set_cell("inputs", 2, 3, "-0.8")
    document.set_cell("weights", 3, 0, "0")
    assert evaluate(task, LessonContext.of(document)).detail == (
        "layer 1's weights i3 n0 is 0; the lesson gave 1: wanted them as given")


def test_a_sample_added_changes_the_shape(tmp_path: Path) -> None:
    lesson = load_lesson(lesson_file(tmp_path))
    document = lesson.start_document()
    document.set_cell("inputs", 1, 0, "7")
    document.add_sample()

    assert evaluate(lesson.tasks[0], LessonContext.of(document)).detail == (
        "the inputs have shape (4, 4); the lesson gave (3, 4): wanted them as given")


def test_a_hand_in_is_graded_against_the_lesson_files_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = lesson_file(tmp_path)
    document = load_lesson(path).start_document()
    document.set_cell("inputs", 1, 0, "7")
    save(document, tmp_path / "good.json")
    document.set_cell("inputs", 0, 0, "5")
    save(document, tmp_path / "bad.json")

    out, err = io.StringIO(), io.StringIO()
    assert check_main(str(path), str(tmp_path / "good.json"), False, out, err) == 0
    out = io.StringIO()
    assert check_main(str(path), str(tmp_path / "bad.json"), False, out, err) == 1
    assert "the inputs s0 f0 is 5; the lesson gave 1: wanted them as given" in out.getvalue()


def test_a_check_made_outside_a_lesson_says_it_has_no_start() -> None:
    from tui.document.state import Document

    check = make_check({"check": "unchanged", "matrix": "inputs"})
    result = check.evaluate(LessonContext.of(Document.from_preset("batch")))

    assert not result.passed
    assert result.detail == "the lesson's start is not known: this check is graded within a lesson"


@pytest.mark.parametrize(("keys", "message"), [
    ('matrix = "z"\nlayer = 1', 'matrix must be one of "inputs", "labels", "weights", "biases", not "z"'),
    ('matrix = "weights"', "the weights of which layer? add layer = 1"),
    ('matrix = "inputs"\nlayer = 1', "the inputs belong to no layer: leave layer out"),
    ('matrix = "labels"\ncolumn = 1', "the labels have one column: leave column out"),
    ('matrix = "inputs"\nequals = 1', 'an "unchanged" check has no key equals'),
])
def test_a_mistake_is_refused_with_its_line(keys: str, message: str, tmp_path: Path) -> None:
    text = 'title = "A"\ntext = "B"\npreset = "batch"\n\n[[tasks]]\ntext = "C"\ncheck = "unchanged"\n' + keys + "\n"
    with pytest.raises(LessonFileError) as refused:
        load_lesson(lesson_file(tmp_path, text))
    assert "lesson.toml:" in str(refused.value) and message in str(refused.value)
