"""A lesson file that checks the backward pass: it loads; a misspelt gradient matrix or stage is
refused with its line and the names that exist; ``nnwb check`` grades the gradients from a
saved session, recomputing them from the network and data the file holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.numbers import format_number
from tui.cli.headless import main
from tui.document.state import Document
from tui.files.session_file import save
from tui.lessons import LessonFileError, load_lesson
from tui.lessons.checks import CellCheck, StageCheck, ValuesCheck

# A teacher's lesson on chapter 9, on the book's spiral network (2 → 3 ReLU → 3 softmax).
BACKPROP = '''\
title = "Back through the spiral"
text = "The loss's gradient flows back: dW1 = X.T @ dz1."
preset = "spiral"

[[tasks]]
text = "Step back through the network to layer 1's dweights."
check = "stage"
layer = 1
stage = "dweights"

[[tasks]]
text = "Reach the loss."
check = "stage"
stage = "loss"

[[tasks]]
text = "Make layer 1's neuron 0 learn nothing from input 0: its dweights i0 n0 exactly 0."
hint = "A ReLU that never fires passes no gradient back."
check = "cell"
matrix = "dweights"
layer = 1
row = 0
column = 0
equals = 0.0
tolerance = 0.0

[[tasks]]
text = "Keep layer 2's dbiases as they are."
check = "values"
matrix = "dbiases"
layer = 2
equals = [[DBIASES]]
tolerance = 1e-9
'''


def lesson_text() -> str:
    backward = Document.from_preset("spiral").backward
    assert backward is not None
    return BACKPROP.replace("DBIASES", ", ".join(repr(float(x)) for x in backward.layer(2).dbiases.ravel()))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "backprop.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_lesson_on_the_backward_pass_loads(tmp_path: Path) -> None:
    lesson = load_lesson(write(tmp_path, lesson_text()))

    assert lesson.tasks[0].checks == (StageCheck(stage="dweights", layer=1),)
    assert lesson.tasks[1].checks == (StageCheck(stage="loss"),)
    assert lesson.tasks[2].checks == (CellCheck(matrix="dweights", layer=1, row=0, column=0, equals=0.0, tolerance=0.0),)
    assert isinstance(lesson.tasks[3].checks[0], ValuesCheck) and lesson.tasks[3].checks[0].matrix == "dbiases"
    assert lesson.tasks[0].is_event and not lesson.tasks[2].is_event


@pytest.mark.parametrize(("old", "new", "line", "said"), [
    ('stage = "dweights"', 'stage = "dW"', 9,
     'stage must be one of "inputs", "inputs · weights", "+ biases", "activation", "loss", "dvalues", "dropout", '
     '"dz", "dweights", "dbiases", "regularization", "dinputs", not "dW"'),
    ('matrix = "dweights"', 'matrix = "dweight"', 20,
     'matrix must be one of "inputs", "labels", "weights", "biases", "z", "output", "dweights", "dbiases", '
     '"dinputs", "dvalues", not "dweight"'),
    ('layer = 1\nstage = "dweights"', 'stage = "dweights"', 5,
     'the stage "dweights" of which layer? add layer = 1'),
    ('matrix = "dbiases"\nlayer = 2', 'matrix = "dbiases"', 27, "the dbiases of which layer? add layer = 1"),
    ('matrix = "dweights"\nlayer = 1\nrow = 0', 'matrix = "dbiases"\nlayer = 1\nrow = 1', 22,
     "the dbiases have one row: leave row out"),
])
def test_an_unknown_stage_or_matrix_is_refused_with_the_names_that_exist(tmp_path: Path, old: str, new: str, line: int,
                                                                         said: str) -> None:
    text = lesson_text()
    assert old in text
    path = write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(LessonFileError) as refused:
        load_lesson(path)
    assert str(refused.value).startswith(f"{path}:{line}: {said}"), str(refused.value)


def test_the_grader_grades_the_gradients_of_a_saved_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lesson = write(tmp_path, lesson_text())
    start = Document.from_preset("spiral")
    saved = tmp_path / "hand-in.json"
    save(start, saved)
    first = start.backward
    assert first is not None

    assert main(["check", str(lesson), str(saved), "--json", "--show-wanted"]) == 1
    rows = json.loads(capsys.readouterr().out)["tasks"]
    assert [row["status"] for row in rows] == ["not graded", "not graded", "failed", "passed"]
    assert rows[2]["detail"] == f"layer 1's dweights i0 n0 is {format_number(float(first.layer(1).dweights[0, 0]), 8)}; " \
                                "wanted 0 (within 0)"
    assert rows[3]["detail"] == "layer 2's dbiases are as wanted"

    # The hand-in: layer 1's neuron 0 never fires (bias -100), so no gradient reaches its weights;
    # its output, 0 everywhere, moves the softmax, and with it layer 2's dbiases.
    done = Document.from_preset("spiral")
    done.select_layer(0)
    done.set_cell("biases", 0, 0, "-100")
    save(done, saved)
    assert main(["check", str(lesson), str(saved)]) == 1
    out = capsys.readouterr().out
    assert "  3. passed: Make layer 1's neuron 0 learn nothing from input 0" in out
    assert "       layer 1's dweights i0 n0 is 0" in out
    assert "  4. FAILED: Keep layer 2's dbiases as they are." in out
    assert "       layer 2's dbiases n0 is " in out


def test_the_grader_says_why_a_session_without_labels_has_no_gradients(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    lesson = write(tmp_path, lesson_text())
    unlabelled = Document.from_preset("spiral")
    assert unlabelled.toggle_labels() is False and unlabelled.labels is None
    saved = tmp_path / "no-labels.json"
    save(unlabelled, saved)

    assert main(["check", str(lesson), str(saved)]) == 1
    out = capsys.readouterr().out
    assert "  3. FAILED: Make layer 1's neuron 0 learn nothing" in out
    assert "       no gradients: the batch has no labels (l in the inputs panel adds them)" in out


def test_the_readmes_backward_example_is_a_lesson_that_loads(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = [block.split("```")[0] for block in readme.split("```toml\n")[1:]]
    example = next(block for block in blocks if 'matrix = "dweights"' in block)
    lesson = load_lesson(write(tmp_path, 'title = "t"\ntext = "t"\npreset = "spiral"\n\n' + example))

    assert lesson.tasks[0].checks == (CellCheck(matrix="dweights", layer=1, row=0, column=0, equals=0.0, tolerance=0.0),)
    assert lesson.tasks[1].checks == (StageCheck(stage="dweights", layer=1),)
