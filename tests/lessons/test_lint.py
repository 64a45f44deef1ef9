"""``nnwb lint``: a lesson file's mistakes a learner would meet, each as ``file:line: warning``;
a file the loader refuses as ``file:line: error``; exit 0 clean, 1 warnings, 2 broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli.headless import main
from tui.lessons.lint import CODE_WIDTH
from tui.lessons.titles import COURSE, builtin_paths

HEAD = '''\
title = "A neuron"
text = """
Its output is the dot product plus the bias.
"""
preset = "single-neuron"
'''
# The single neuron starts at inputs [1, 2, 3], weights [0.2, 0.8, -0.5], output 2.3.
CELL = '''
[[tasks]]
text = "{text}"
check = "cell"
matrix = "weights"
layer = 1
{where}
{compare}
'''
OPEN = '''
[[tasks]]
text = "Make the output 0."
check = "cell"
matrix = "output"
equals = 0.0
'''


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def write(folder: Path, text: str, name: str = "lesson.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def lint(target: Path | str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(["lint", str(target)])
    return status, capsys.readouterr().out.splitlines()


def line_of(path: Path, text: str, after: int = 0) -> int:
    """The 1-based line of the first line holding ``text`` after line ``after``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if number > after and text in line)


def cell(text: str, compare: str, where: str = "row = 0\ncolumn = 0") -> str:
    return CELL.format(text=text, where=where, compare=compare)


# ------------------------------------------------------------------ clean, and the course
def test_a_clean_lesson_exits_0_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + OPEN)

    assert lint(path, capsys) == (0, ["1 lesson file: no warnings"])


def test_the_built_in_course_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = lint(COURSE, capsys)

    lessons = len(builtin_paths())
    assert (status, out) == (0, [f"{lessons} lesson files: no warnings"])


# ------------------------------------------------------------------ a task done at the start
def test_a_task_that_holds_at_the_start_is_warned_at_its_line(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + OPEN + '''
[[tasks]]
text = "Keep every shape fitting."
check = "no_shape_error"
''')

    status, out = lint(path, capsys)

    task = line_of(path, "[[tasks]]", line_of(path, "[[tasks]]"))
    assert status == 1
    assert out == [f"{path}:{task}: warning: task 2 holds at the lesson's start (every shape fits): it is ticked "
                   "before the learner does anything", "1 lesson file: 1 warning"]


def test_a_task_done_at_the_start_is_named_by_its_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + '''
[[tasks]]
id = "bias"
text = "Leave the weight at 0.2."
check = "cell"
matrix = "weights"
layer = 1
row = 0
column = 0
equals = 0.2
''')

    status, out = lint(path, capsys)

    assert status == 1 and out[0].startswith(f'{path}:7: warning: task 1 ("bias") holds at the lesson\'s start '
                                             "(layer 1's weights i0 n0 is 0.2)")


# ------------------------------------------------------------------ a task that undoes another
def test_a_later_task_that_needs_another_value_at_the_same_cell_is_warned(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + cell("Make w0 1.0.", "equals = 1.0") + cell("Make w0 2.", "equals = 2.0"))

    status, out = lint(path, capsys)

    second = line_of(path, "[[tasks]]", line_of(path, "[[tasks]]"))
    assert status == 1
    assert out[0] == (f"{path}:{second}: warning: task 2 undoes task 1: it needs weights layer 1 row 0 column 0 = 2 "
                      "(within 1e-06) where task 1 needs weights layer 1 row 0 column 0 = 1 (within 1e-06), so a "
                      "session saved at the end fails task 1 in nnwb check (if a later task undoes it on purpose, say "
                      "on_the_way = true in task 1)")


@pytest.mark.parametrize(("first", "second"), [
    (cell("w0 near 1.", "equals = 1.0\ntolerance = 0.5"), cell("w0 near 1.4.", "equals = 1.4\ntolerance = 0.1")),
    (cell("w0 at least 1.", "at_least = 1.0"), cell("w0 is 3.", "equals = 3.0")),
    (cell("w0 is 1.", "equals = 1.0"), cell("w1 is 2.", "equals = 2.0", "row = 1\ncolumn = 0")),
    (cell("Make w0 1.", "equals = 1.0").replace("[[tasks]]", "[[tasks]]\non_the_way = true"),
     cell("Make w0 2.", "equals = 2.0")),
])
def test_tasks_that_can_hold_together_are_not_warned(first: str, second: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + first + second)

    assert lint(path, capsys) == (0, ["1 lesson file: no warnings"])


@pytest.mark.parametrize(("first", "second", "said"), [
    # every row of the weights' column 0 at least 1, then row 1 at most -1
    (cell("All of n0's weights at least 1.", "at_least = 1.0", "column = 0"),
     cell("w1 negative.", "at_most = -1.0", "row = 1\ncolumn = 0"), "weights layer 1 row 1 column 0 at most -1"),
    ('\n[[tasks]]\ntext = "Break it."\ncheck = "shape_error"\noperation = "dot"\n',
     '\n[[tasks]]\ntext = "Fix it."\ncheck = "no_shape_error"\n', "no shape error where task 1 needs a shape error (dot)"),
    ('\n[[tasks]]\ntext = "Shape."\ncheck = "shape"\nmatrix = "weights"\nlayer = 1\nequals = [4, 1]\n',
     '\n[[tasks]]\ntext = "All."\ncheck = "values"\nmatrix = "weights"\nlayer = 1\nequals = [[1.0], [2.0], [3.0]]\n',
     "weights layer 1 of shape (3, 1) where task 1 needs weights layer 1 of shape (4, 1)"),
    ('\n[[tasks]]\ntext = "ReLU."\ncheck = "activation"\nlayer = 1\nname = "relu"\n',
     '\n[[tasks]]\ntext = "Softmax."\ncheck = "activation"\nlayer = 1\nname = "softmax"\n',
     "layer 1's activation softmax where task 1 needs layer 1's activation relu"),
    ('\n[[tasks]]\ntext = "Two."\ncheck = "layer_count"\nequals = 2\n',
     '\n[[tasks]]\ntext = "Three."\ncheck = "layer_count"\nequals = 3\n', "3 layers where task 1 needs 2 layers"),
])
def test_a_task_that_undoes_another_is_warned(first: str, second: str, said: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + first + second)

    status, out = lint(path, capsys)

    assert status == 1 and any("warning: task 2 undoes task 1: it needs " + said in line for line in out), out


def test_a_task_whose_own_checks_cannot_both_hold_is_warned(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + '''
[[tasks]]
text = "Break it and fix it at once."
[[tasks.checks]]
check = "shape_error"
[[tasks.checks]]
check = "no_shape_error"
''')

    status, out = lint(path, capsys)

    assert status == 1
    assert out[0] == f"{path}:7: warning: task 1 can never be done: it needs a shape error and no shape error"


# ------------------------------------------------------------------ code wider than the panel
def test_a_code_line_wider_than_the_panel_is_warned_at_its_line(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    fits, cut = "x" * CODE_WIDTH, "y" * (CODE_WIDTH + 1)
    text = HEAD.replace("Its output", f"Prose may be long: {'z' * 100}\n\n```python\n{fits}\n{cut}\n```\n\nIts output")
    path = write(tmp_path, text + OPEN)

    status, out = lint(path, capsys)

    assert status == 1
    assert out == [f"{path}:{line_of(path, cut)}: warning: a code line of {CODE_WIDTH + 1} columns is wider than the "
                   f"lesson panel shows ({CODE_WIDTH}, at 120 columns): its end is cut off; break it",
                   "1 lesson file: 1 warning"]


def test_wide_characters_count_twice_and_the_text_may_start_on_its_key_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wide = "Σ" * 2 + "表" * (CODE_WIDTH // 2)  # Σ is one column, 表 two
    text = f"title = \"T\"\npreset = \"single-neuron\"\ntext = '''Some text.\n\n~~~\n{wide}\n~~~\n'''\n"
    path = write(tmp_path, text + OPEN)

    status, out = lint(path, capsys)

    assert status == 1 and out[0].startswith(f"{path}:6: warning: a code line of {CODE_WIDTH + 2} columns")


# ------------------------------------------------------------------ broken files, folders
@pytest.mark.parametrize(("table", "said"), [
    ('check = "command_used"\ncommand = "fiks"', 'command must name a command of nnwb, such as "fix" or "step", not "fiks"'),
    ('check = "stage"\nlayer = 1\nstage = "activations"', 'stage must be one of "inputs",'),
])
def test_an_unknown_command_or_stage_is_the_loaders_error_exit_2(table: str, said: str, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + f'\n[[tasks]]\ntext = "Do it."\n{table}\n')

    status, out = lint(path, capsys)

    key = line_of(path, "command =" if "command" in table else "stage =")
    assert status == 2
    assert out[0].startswith(f"{path}:{key}: error: {said}") and out[1] == "1 lesson file: 1 that cannot be read as a lesson"


def test_a_folder_is_every_lesson_in_it_in_order_and_the_worst_status_wins(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, HEAD + OPEN, "01-clean.toml")
    warned = write(tmp_path, HEAD + OPEN + '\n[[tasks]]\ntext = "t"\ncheck = "no_shape_error"\n', "02-warned.toml")
    broken = write(tmp_path, "title = 'T'\ntext = 'x'\n", "03-broken.toml")

    status, out = lint(tmp_path, capsys)

    assert status == 2
    assert [line.split(": ")[0:2] for line in out[:-1]] == [[f"{warned}:13", "warning"], [f"{broken}:1", "error"]]
    assert out[-1] == "3 lesson files: 1 warning, 1 that cannot be read as a lesson"
    assert main(["lint", str(warned)]) == 1


def test_a_folder_without_lessons_or_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"nnwb lint: {tmp_path}: no lesson files (*.toml) in this folder\n"

    status, out = lint(tmp_path / "nothing.toml", capsys)
    assert status == 2 and out[0].startswith(f"{tmp_path / 'nothing.toml'}: error: no such lesson file")


def test_a_built_in_lesson_is_linted_by_its_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert lint("neuron", capsys) == (0, ["1 lesson file: no warnings"])


def test_a_course_folder_is_linted_in_its_order_with_its_unlisted_lessons_warned(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, HEAD + OPEN, "b-first.toml")
    write(tmp_path, HEAD + OPEN, "a-second.toml")
    stray = write(tmp_path, HEAD + OPEN, "c-stray.toml")
    write(tmp_path, 'id = "mine"\ntitle = "A course"\nlessons = ["b-first.toml", "a-second.toml"]\n', "course.toml")

    status, out = lint(tmp_path, capsys)

    assert status == 1
    assert out == [f"{stray}: warning: not in course.toml's lessons: the course never opens it",
                   "2 lesson files: 1 warning"]


def test_a_broken_course_file_is_an_error_with_its_line_and_its_lessons_are_still_linted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, HEAD + OPEN, "01-clean.toml")
    course = write(tmp_path, 'id = "mine"\ntitle = "A course"\nlessons = [\n  "../out.toml",\n]\n', "course.toml")

    status, out = lint(tmp_path, capsys)

    assert status == 2
    assert out[0].startswith(f"{course}:4: error: ") and "../out.toml" in out[0]
    assert out[-1] == "1 lesson file: 1 that cannot be read as a lesson"
