"""``nnwb check`` on a learner's own file says which check fails, never the value it wants
(that would answer the puzzle); a teacher's ``--show-wanted`` prints it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli.headless import main
from tui.files.session_file import save
from tui.lessons import load_lesson
from tui.lessons.vocabulary import told


def start_of(tmp_path: Path) -> Path:
    """Lesson 1 as it starts: its bias task fails (the output is 2.3, 0 is wanted)."""
    path = tmp_path / "hand-in.json"
    save(load_lesson("neuron").start_document(), path)
    return path


def test_a_learner_is_told_which_check_fails_without_the_wanted_value(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "neuron", str(start_of(tmp_path))]) == 1
    out = capsys.readouterr().out
    assert "       layer 1's output s0 n0 is not yet what the task asks" in out
    assert "wanted" not in out and "2.3" not in out


def test_the_json_report_hides_it_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "neuron", str(start_of(tmp_path)), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["tasks"][1]["detail"] == "layer 1's output s0 n0 is not yet what the task asks"


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_a_teacher_sees_the_wanted_value_with_show_wanted(
        extra: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "neuron", str(start_of(tmp_path)), "--show-wanted", *extra]) == 1
    assert "layer 1's output s0 n0 is 2.3; wanted 0 (within 1e-9)" in capsys.readouterr().out


@pytest.mark.parametrize("detail, shown", [
    ("sample s2's loss is 1.6094379; wanted at most 1", "sample s2's loss is not yet what the task asks"),
    ("the inputs s3 f3 is 0; wanted 1", "the inputs s3 f3 is not yet what the task asks"),
    ("the network holds 2,530 parameters; wanted 2,540", "the network holds 2,530 parameters; not yet what the task asks"),
    ("the last run trained with sgd; wanted adam", "the last run trained with sgd; not yet what the task asks"),
    ("layer 1's output has no row 1 (shape (1, 1))", "layer 1's output has no row 1 (shape (1, 1))"),
])
def test_told_keeps_what_failed_and_drops_the_numbers(detail: str, shown: str) -> None:
    assert told(detail) == shown
