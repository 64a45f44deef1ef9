"""``nnwb check`` and ``nnwb lessons`` as a teacher and a learner use them, and progress
kept across runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli.headless import main
from tui.files.session_file import save
from tui.lessons import Progress, load_lesson
from tui.lessons.progress import progress_path

ROOT = Path(__file__).resolve().parents[2]


def hand_in(tmp_path: Path, bias: str, name: str = "hand-in.json") -> Path:
    """Lesson 1 done (bias -0.3) or not, saved as a learner saves it."""
    document = load_lesson("neuron").start_document()
    document.set_cell("biases", 0, 0, bias)
    path = tmp_path / name
    save(document, path)
    return path


def test_a_passing_session_exits_0_and_says_which_tasks_are_not_graded(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    done = tmp_path / "hand-in.json"
    document = load_lesson("neuron").start_document()  # task 3 too: a second sample, f0 = 6.5
    document.set_cell("biases", 0, 0, "-0.3")
    document.add_sample()
    document.set_cell("inputs", 1, 0, "6.5")
    document.set_answer("1", 0.3)  # task 1's question: the sum before the bias
    save(document, done)

    assert main(["check", "neuron", str(done)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"1. A neuron (01-neuron) · {done}"
    assert out[1].startswith("  1. passed (the workbench part — step mode showed layer 1: + biases — not graded): "
                             "Watch the neuron compute")
    assert out[3].startswith("  2. passed: Make the neuron output 0 by changing only its bias")
    assert out[-1] == "3 of 3 graded tasks passed"


def test_a_failing_session_exits_1_and_says_what_was_seen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    half = hand_in(tmp_path, "-0.3")

    assert main(["check", "1", str(half)]) == 1
    out = capsys.readouterr().out
    assert "  2. passed: Make the neuron output 0 by changing only its bias" in out
    assert "  3. FAILED: Keep that bias. Add a second sample" in out
    assert "       layer 1's output has no row 1 (shape (1, 1))" in out
    assert "  1. FAILED: Watch the neuron compute" in out and "       not answered (= types your answer)" in out
    assert out.splitlines()[-1].startswith("1 of 3 graded tasks passed")


def test_the_json_report_has_every_task_with_its_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    start = hand_in(tmp_path, "2")

    assert main(["check", "neuron", str(start), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [task["status"] for task in report["tasks"]] == ["failed", "failed", "failed"]
    assert report["tasks"][0]["not_graded_part"] == "step mode showed layer 1: + biases"
    assert report["tasks"][1]["detail"] == "layer 1's output s0 n0 is 2.3; wanted 0 (within 1e-9)"
    assert (report["lesson"], report["passed"], report["failed"], report["not_graded"], report["all_passed"]) == (
        "01-neuron", 0, 3, 0, False)


@pytest.mark.parametrize("problem, said", [
    ("no such session", "nnwb check: {tmp}/missing.json: no such file"),
    ("not a session", "nnwb check: {tmp}/broken.json: the file ends too early"),
    ("no such lesson", "nnwb check: nosuch: no such lesson file, and no built-in lesson of that name"),
    ("broken lesson", "nnwb check: {tmp}/broken.toml:1: expected title"),
])
def test_a_bad_file_exits_2_with_a_message(problem: str, said: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.json").write_text('{"format": "nnwb", "version": 1', encoding="utf-8")
    (tmp_path / "broken.toml").write_text('text = "no title"\n', encoding="utf-8")
    good = hand_in(tmp_path, "-0.3")
    lesson, session = {
        "no such session": ("neuron", tmp_path / "missing.json"),
        "not a session": ("neuron", tmp_path / "broken.json"),
        "no such lesson": ("nosuch", good),
        "broken lesson": (str(tmp_path / "broken.toml"), good),
    }[problem]

    assert main(["check", lesson, str(session)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(said.format(tmp=tmp_path)), captured.err
    assert "Traceback" not in captured.err


def test_progress_is_kept_across_runs_and_shown_in_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    progress = Progress.load()
    neuron, softmax = ("nnfs", "01-neuron"), ("nnfs", "08-softmax")
    assert progress.done(neuron) == set()
    assert progress.mark(neuron, "2") and progress.mark(neuron, "3") and not progress.mark(neuron, "3")
    progress.mark(softmax, "1")
    progress.mark(softmax, "2")
    progress.mark(softmax, "3")
    progress.save()

    again = Progress.load()  # a new run: read back from the state folder
    assert progress_path() == Path(os.environ["XDG_STATE_HOME"]) / "nnwb" / "lessons.json"
    assert again.done(neuron) == {"2", "3"} and again.done(softmax) == {"1", "2", "3"}
    assert main(["lessons"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[-1] == "2/3" and "neuron" in lines[1]
    assert lines[8].split()[-2:] == ["3/3", "done"] and "softmax" in lines[8]
    assert lines[13].split()[-1] == "0/3" and "Training" in lines[13]


def test_a_damaged_progress_file_is_moved_aside_said_once_and_never_overwritten(
        capsys: pytest.CaptureFixture[str]) -> None:
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"format": "nnwb-lessons", "done": {"01-neuron": [0, 1', encoding="utf-8")  # cut short

    assert main(["lessons"]) == 0
    aside = path.with_name("lessons.json.damaged")
    assert capsys.readouterr().err == (f"nnwb lessons: Your lesson progress file was damaged; it was moved to {aside} "
                                       "and progress starts again from nothing.\n")
    assert aside.read_text(encoding="utf-8").endswith("[0, 1") and not path.exists()  # kept, word for word
    assert main(["lessons"]) == 0 and capsys.readouterr().err == ""  # said once

    progress = Progress.load()
    progress.mark(("nnfs", "01-neuron"), "1")
    progress.save()
    assert Progress.load().done(("nnfs", "01-neuron")) == {"1"}

    path.write_text("[]", encoding="utf-8")  # damaged again: the first copy aside is kept too
    again = Progress.load()
    assert again.moved_aside is not None and again.moved_aside.name.startswith("lessons.json.damaged-")
    assert again.moved_aside.read_text(encoding="utf-8") == "[]" and aside.read_text(encoding="utf-8").endswith("[0, 1")


def test_a_damaged_progress_file_that_cannot_be_moved_is_not_written_over(monkeypatch: pytest.MonkeyPatch) -> None:
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")

    def refused(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tui.lessons.progress.os.replace", refused)  # a folder the learner may not write in
    progress = Progress.load()
    assert progress.damaged_message() == (f"Your lesson progress is not saved: {path} is damaged and could not be "
                                          "moved aside (Permission denied), so it is left as it is.")
    progress.mark(("nnfs", "01-neuron"), "1")
    with pytest.raises(OSError, match="could not be moved aside"):
        progress.save()
    assert path.read_text(encoding="utf-8") == "{not json"


def test_check_and_lessons_never_import_textual(tmp_path: Path) -> None:
    session = hand_in(tmp_path, "-0.3")
    code = (
        "import sys\n"
        "from tui.__main__ import main\n"
        "for argv in (['check', 'neuron', sys.argv[1], '--json'], ['lessons']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit as exit:\n"
        "        print('status', exit.code, file=sys.stderr)\n"
        "print('ui', sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(session)], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})

    assert "status 1" in result.stderr and "status 0" in result.stderr and "ui []" in result.stderr, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["passed"] == 1


def test_nnwb_check_help_says_event_tasks_are_not_graded() -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "check", "--help"], capture_output=True, text=True, cwd=ROOT)

    assert result.returncode == 0
    said = " ".join(result.stdout.split())
    assert 'not graded: done in the workbench" and leaves the exit status alone' in said
    assert "a task that also has checks a file keeps is graded on those" in said


def test_a_task_with_a_workbench_check_is_graded_on_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Lesson 13 resized to 2-64-3 but never trained: task 3's accuracy part is graded
    from the file (about 0.33, not 0.9), so the hand-in fails."""
    document = load_lesson("training").start_document()
    document.resize_layer(0, 2, 64)
    document.resize_layer(1, 64, 3)
    untrained = tmp_path / "l13_untrained.json"
    save(document, untrained)

    assert main(["check", "13", str(untrained)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("  1. passed: Give the hidden layer 64 neurons")
    assert out[3].startswith("  2. not graded: Before training, see a run fail")
    assert out[4].startswith("  3. FAILED: Now train it on the spiral with Adam")
    assert "accuracy" in out[5] and "0.9" in out[5], out[5]
    assert out[-1].startswith("1 of 2 graded tasks passed; 1 not graded")


def test_a_passing_mixed_task_says_its_workbench_part_was_not_graded(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Lesson 4 task 4 (T puts the weights back): the shapes are graded, the T is not; the
    text and the JSON both say so."""
    document = load_lesson("shapes").start_document()
    document.add_feature()  # task 1: inputs (3, 5), the shape error ...
    document.resize_layer(0, 5, 3)  # ... task 2: fixed by hand
    fixed = tmp_path / "fixed.json"
    save(document, fixed)

    main(["check", "shapes", str(fixed)])
    out = capsys.readouterr().out
    assert "  4. passed (the workbench part — used transpose — not graded): T again puts them back" in out
    main(["check", "shapes", str(fixed), "--json"])
    task = json.loads(capsys.readouterr().out)["tasks"][3]
    assert (task["status"], task["not_graded_part"]) == ("passed", "used transpose")

    start = tmp_path / "start.json"  # the start's inputs are (3, 4): task 4's shape part fails
    save(load_lesson("shapes").start_document(), start)
    main(["check", "shapes", str(start), "--json"])
    task = json.loads(capsys.readouterr().out)["tasks"][3]
    assert task["status"] == "failed" and "not_graded_part" in task, task


def test_lesson_4s_steps_on_the_way_are_not_graded_and_its_fixed_network_is(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Lesson 4 makes an error, fixes it, makes the notes' mistake and puts it back: a file
    shows only the end, so the steps on the way are not graded (the fix too: the notes'
    mistake undoes it) and the weights put back are."""
    document = load_lesson("shapes").start_document()
    document.add_feature()
    document.resize_layer(0, 5, 3)
    document.transpose_weights(0)
    document.transpose_weights(0)
    hand_in = tmp_path / "l4.json"
    save(document, hand_in)

    assert main(["check", "4", str(hand_in)]) == 0
    out = "\n".join(capsys.readouterr().out.splitlines())
    assert "1. not graded: Produce a shape error" in out
    assert "2. not graded: Fix it without the fix key" in out
    assert "3. not graded: Now make the notes' own mistake" in out
    assert "4. passed (the workbench part — used transpose — not graded): T again" in out
    assert "a step on the way that a later task undoes" in out

    document.resize_layer(0, 4, 3)  # the fix undone: task 4 fails from the file
    save(document, hand_in)
    assert main(["check", "4", str(hand_in)]) == 1
