"""``nnwb lint``'s warnings on what a first reading missed: the app's cursor where a lesson
starts, an answer the start session carries, and needs of different kinds (the accuracy and
the cost, the layer count and a check on a later layer, the output and its last layer, one
task's two answers) that no state satisfies together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli.headless import main
from tui.document.state import Document
from tui.files.session_file import save

HEAD = 'title = "A layer"\ntext = "Three neurons."\npreset = "layer"\n'


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def task(text: str, *lines: str) -> str:
    return "\n[[tasks]]\n" + f'text = "{text}"\n' + "".join(line + "\n" for line in lines)


def lint(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(["lint", str(path)])
    return status, capsys.readouterr().out.splitlines()


def write(folder: Path, text: str) -> Path:
    path = folder / "lesson.toml"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ what holds at the start
def test_a_cursor_task_on_where_the_cursor_starts_holds_at_the_start(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + task("Put the cursor on s0 f0.", 'check = "cursor"', 'matrix = "inputs"', "row = 0",
                                       "column = 0"))

    status, out = lint(path, capsys)

    assert status == 1
    assert out[0] == (f"{path}:5: warning: task 1 holds at the lesson's start (the cursor is on inputs row 0, column 0 "
                      "of layer 1): it is ticked before the learner does anything")


def test_a_cursor_task_elsewhere_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + task("Put the cursor on s0 f1.", 'check = "cursor"', 'matrix = "inputs"', "row = 0",
                                       "column = 1"))

    assert lint(path, capsys) == (0, ["1 lesson file: no warnings"])


def test_an_answer_a_start_session_carries_is_dropped_so_the_task_is_open_at_the_start(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A lesson's start is the state before the learner did anything: answers saved in its
    start file are not the learner's (``Lesson.start_document`` drops them), so lint finds the
    answer task open, as the app does."""
    document = Document.from_preset("layer")
    document.set_answer("predict", 1.21)
    save(document, tmp_path / "start.json")
    assert json.loads((tmp_path / "start.json").read_text(encoding="utf-8"))["answers"]["predict"]["value"] == 1.21
    path = write(tmp_path, 'title = "A layer"\ntext = "x"\nsession = "start.json"\n' + task(
        "What does n1 output?", 'id = "predict"', 'check = "answer"', "equals = 1.21", "tolerance = 0.01"))

    assert lint(path, capsys) == (0, ["1 lesson file: no warnings"])


# ------------------------------------------------------------------ needs of different kinds
@pytest.mark.parametrize(("first", "second", "said"), [
    (task("Right.", 'check = "accuracy"', "at_least = 0.9"), task("Wrong.", 'check = "cost"', "at_least = 0.5"),
     "the cost at least 0.5 where task 1 needs the accuracy at least 0.9"),
    (task("Two.", 'check = "layer_count"', "equals = 2"),
     task("ReLU.", 'check = "activation"', "layer = 3", 'name = "relu"'),
     "layer 3's activation relu where task 1 needs 2 layers"),
    (task("Three.", 'check = "activation"', "layer = 3", 'name = "relu"'),
     task("Two.", 'check = "layer_count"', "equals = 2"),
     "2 layers where task 1 needs layer 3's activation relu"),
    (task("n1 to 1.", 'check = "cell"', 'matrix = "output"', "row = 0", "column = 1", "equals = 1.0"),
     task("n1 to 2.", 'check = "cell"', 'matrix = "output"', "layer = 1", "row = 0", "column = 1", "equals = 2.0"),
     "output layer 1 row 0 column 1 = 2 (within 1e-06) where task 1 needs output row 0 column 1 = 1 (within 1e-06)"),
])
def test_needs_of_different_kinds_that_no_state_meets_are_warned(first: str, second: str, said: str, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + first + second)

    status, out = lint(path, capsys)

    assert status == 1 and any("warning: task 2 undoes task 1: it needs " + said in line for line in out), out


@pytest.mark.parametrize(("first", "second"), [
    (task("Right.", 'check = "accuracy"', "at_least = 0.6"), task("Wrong.", 'check = "cost"', "at_least = 0.3")),
    (task("Two.", 'check = "layer_count"', "equals = 3"),
     task("ReLU.", 'check = "activation"', "layer = 3", 'name = "relu"')),
    # a layer added on the way: the output without a layer is layer 2's, which layer 1's need does not meet
    (task("n1 to 1.", 'check = "cell"', 'matrix = "output"', "row = 0", "column = 1", "equals = 1.0"),
     task("n1 to 2.", 'check = "cell"', 'matrix = "output"', "layer = 1", "row = 0", "column = 1", "equals = 2.0")
     + task("Two.", 'check = "layer_count"', "equals = 2")),
    # each task's answer is its own
    (task("One.", 'id = "one"', 'check = "answer"', "equals = 1"), task("Two.", 'id = "two"', 'check = "answer"',
                                                                       "equals = 2")),
])
def test_needs_of_different_kinds_that_a_state_meets_are_not_warned(first: str, second: str, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + first + second)

    assert lint(path, capsys) == (0, ["1 lesson file: no warnings"])


def test_one_task_with_two_answers_that_cannot_both_hold_is_warned(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, HEAD + task("Both.", 'id = "p"', "[[tasks.checks]]", 'check = "answer"', "equals = 1",
                                       "[[tasks.checks]]", 'check = "answer"', "equals = 2"))

    status, out = lint(path, capsys)

    assert status == 1
    assert out[0] == (f'{path}:5: warning: task 1 ("p") can never be done: it needs the answer = 1 (within 1e-06) and '
                      "the answer = 2 (within 1e-06)")
