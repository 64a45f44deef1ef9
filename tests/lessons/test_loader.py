"""Lesson files: what loads, and every kind of mistake refused with the file, the line and
what was expected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.lessons import LessonFileError, load_lesson
from tui.lessons.checks import CellCheck, CommandNotUsedCheck, NoShapeErrorCheck
from tui.lessons.loader import KeyLines

GOOD = '''\
title = "A neuron"
text = """
Some *Markdown*.

check = "not a key: inside a string"
"""
preset = "single-neuron"

[[tasks]]
text = "Make the neuron output exactly 0."
check = "cell"
matrix = "output"
layer = 1
row = 0
column = 0
equals = 0.0

[[tasks]]
text = "Fix it without the fix key."
[[tasks.checks]]
check = "no_shape_error"
[[tasks.checks]]
check = "command_not_used"
command = "fix"
'''


def write(tmp_path: Path, text: str, name: str = "lesson.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(LessonFileError) as refused:
        load_lesson(path)
    message = str(refused.value)
    assert message.startswith(f"{path}:")
    return message.removeprefix(f"{path}:")


def test_a_good_lesson_loads_with_its_tasks_and_checks(tmp_path: Path) -> None:
    lesson = load_lesson(write(tmp_path, GOOD))

    assert lesson.title == "A neuron" and "*Markdown*" in lesson.text and lesson.preset == "single-neuron"
    assert [task.line for task in lesson.tasks] == [9, 18]
    assert lesson.tasks[0].checks == (CellCheck(equals=0.0, matrix="output", layer=1, row=0, column=0),)
    assert lesson.tasks[1].checks == (NoShapeErrorCheck(), CommandNotUsedCheck(command="fix"))
    assert not lesson.tasks[0].is_event and lesson.tasks[1].is_event
    assert lesson.start_document().trace.output.tolist() == [[2.3]]


# (what is wrong: a replacement of GOOD's text, the line the message names, words it says)
MISTAKES = {
    "not TOML": ('matrix = "output"', 'matrix = "output', 12, "not TOML"),
    "unknown top key": ('preset = "single-neuron"', 'preset = "single-neuron"\nauthor = "me"', 8, "unknown key author"),
    "no title": ('title = "A neuron"\n', "", 1, 'expected title = "..."'),
    "title not a string": ('title = "A neuron"', "title = 3", 1, "title must be a string"),
    "empty text": ('text = """\nSome *Markdown*.\n\ncheck = "not a key: inside a string"\n"""', 'text = ""', 2,
                   "text must be a string that says something"),
    "no start": ('preset = "single-neuron"\n', "", 1, "preset = \"<name>\" or session"),
    "both starts": ('preset = "single-neuron"', 'preset = "single-neuron"\nsession = "x.json"', 8, "one of them"),
    "unknown preset": ('preset = "single-neuron"', 'preset = "singel-neuron"', 7, 'no preset called "singel-neuron"'),
    "missing session file": ('preset = "single-neuron"', 'session = "start.json"', 7, "start.json: no such file"),
    "session outside": ('preset = "single-neuron"', 'session = "../start.json"', 7, "next to the lesson file"),
    "unknown check kind": ('check = "cell"', 'check = "celll"', 11, 'unknown check kind "celll": expected one of cell'),
    "no check": ('check = "cell"\n', "", 9, 'expected check = "<kind>"'),
    "unknown key of a check": ("row = 0", "rows = 0", 14, 'a "cell" check has no key rows: expected matrix, layer, row'),
    "missing key": ('matrix = "output"\n', "", 9, 'a "cell" check needs matrix'),
    "wrong type": ("layer = 1", 'layer = "one"', 13, 'layer must be a layer number (1 or more), not "one"'),
    "bad value": ("layer = 1", "layer = 0", 13, "layer must be a layer number (1 or more), not 0"),
    "bad choice": ('matrix = "output"', 'matrix = "outputs"', 12, 'matrix must be one of "inputs", "labels"'),
    "a bool for a number": ("equals = 0.0", "equals = true", 16, "equals must be a number, not true"),
    "no comparison": ("equals = 0.0\n", "", 9, "expected a comparison"),
    "two comparisons": ("equals = 0.0", "equals = 0.0\nat_most = 1.0", 17, "at_most cannot go with equals"),
    "a layer for the inputs": ('matrix = "output"', 'matrix = "inputs"', 13, "belong to no layer"),
    "unknown command": ('command = "fix"', 'command = "fixx"', 24, 'command must name a command of nnwb'),
    "check and checks": ('text = "Fix it without the fix key."', 'text = "Fix it without the fix key."\ncheck = "diverged"',
                         20, "not both"),
    "task without text": ('text = "Fix it without the fix key."\n', "", 18, 'expected text = "..."'),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_kind_of_mistake_is_refused_with_its_line_and_what_was_expected(mistake: str, tmp_path: Path) -> None:
    old, new, line, said = MISTAKES[mistake]
    assert old in GOOD
    message = refusal(tmp_path, GOOD.replace(old, new, 1))

    assert message.startswith(f"{line}: "), message
    assert said in message, message


def test_no_tasks_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD.split("[[tasks]]")[0])

    assert message.startswith("1: expected at least one task")


def test_tasks_that_are_not_tables_are_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD.split("[[tasks]]")[0] + "tasks = [1, 2]\n")

    assert message.startswith("9: tasks must be [[tasks]] tables")


def test_a_check_written_inline_is_placed_at_its_checks_key(tmp_path: Path) -> None:
    text = GOOD.split("[[tasks]]\ntext = \"Fix")[0] + '[[tasks]]\ntext = "t"\nchecks = [{check = "shape", matrix = "z"}]\n'

    assert refusal(tmp_path, text) == '20: a "shape" check needs equals (a shape such as [3, 4] (whole numbers))'


def test_a_broken_session_file_is_refused_with_its_own_reason(tmp_path: Path) -> None:
    write(tmp_path, '{"format": "nnwb"', "start.json")
    message = refusal(tmp_path, GOOD.replace('preset = "single-neuron"', 'session = "start.json"'))

    assert message.startswith("7: the session file it starts from cannot be opened") and "start.json" in message


def test_an_unknown_name_lists_the_course(tmp_path: Path) -> None:
    with pytest.raises(LessonFileError, match=r"no such lesson file, and no built-in lesson of that name \(the course: 01-"):
        load_lesson("no-such-lesson")


def test_key_lines_skip_multiline_strings_and_number_the_tables() -> None:
    lines = KeyLines(GOOD)

    assert lines.line((), "preset") == 7
    assert lines.line((), "check") == 1  # the one inside the text is not a key
    assert lines.line(("tasks", 1, "checks", 1), "command") == 24
    assert lines.line(("tasks", 0), "equals") == 16


def test_the_lessons_core_imports_no_textual() -> None:
    code = (
        "import sys, tui.lessons\n"
        "from tui.lessons import builtin_lessons, evaluate, LessonContext\n"
        "for lesson in builtin_lessons():\n"
        "    context = LessonContext.of(lesson.start_document())\n"
        "    [evaluate(task, context) for task in lesson.tasks]\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "[]"


def test_a_task_without_an_id_is_named_by_its_place_and_one_with_an_id_keeps_it(tmp_path: Path) -> None:
    lesson = load_lesson(write(tmp_path, GOOD.replace('[[tasks]]\ntext = "Fix', '[[tasks]]\nid = "fix-by-hand"\ntext = "Fix')))
    assert [task.id for task in lesson.tasks] == ["1", "fix-by-hand"]


def test_a_task_id_that_is_not_a_short_name_or_is_taken_is_refused_with_its_line(tmp_path: Path) -> None:
    message = refusal(tmp_path, GOOD.replace('[[tasks]]\ntext = "Fix', '[[tasks]]\nid = "Fix It!"\ntext = "Fix'))
    assert message.startswith("19:") and 'id must be a short name of a-z, 0-9, - and _ (at most 40), not "Fix It!"' in message
    message = refusal(tmp_path, GOOD.replace('[[tasks]]\ntext = "Fix', '[[tasks]]\nid = "1"\ntext = "Fix'))
    assert message.startswith("19:") and "id \"1\" is task 1's too" in message
