"""Lessons in the workbench, driven as a learner does: a lesson opens from the command line,
the palette or the list; its tasks tick as keys make the edits; ticks stay, and are kept
across runs; next, previous and reset; a bad lesson on the command line starts nothing."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tui.conftest import focus, grid_rows, region_text, run_in_palette, screen_text, wait_for
from tests.tui.lesson_keys.actions import answer
from tui.__main__ import make_app
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.lessons import builtin_lessons
from tui.lessons.titles import plain_title
from tui.screens.confirm import ConfirmScreen
from tui.screens.lessons import LessonsScreen

ROOT = Path(__file__).resolve().parents[2]

# A lesson a teacher might write: the notes' single neuron, one state task, one event task.
MY_LESSON = '''
title = "My own neuron"
text = """
A neuron adds its inputs times its weights, then **adds its bias**.
"""
preset = "single-neuron"

[[tasks]]
text = "Make the neuron output exactly 0 by changing only its bias."
check = "cell"
matrix = "output"
layer = 1
row = 0
column = 0
equals = 0.0

[[tasks]]
text = "Walk the forward pass in step mode up to the activation."
check = "stage"
layer = 1
stage = "activation"
'''


@pytest.fixture
def my_lesson(tmp_path: Path) -> Path:
    path = tmp_path / "my-neuron.toml"
    path.write_text(MY_LESSON, encoding="utf-8")
    return path


def started(argv: list[str]) -> WorkbenchApp:
    """The app ``nnwb ARGV`` starts (the collector it pauses is turned back on)."""
    try:
        return make_app(argv)
    finally:
        gc.enable()


def panel(app: WorkbenchApp) -> str:
    """The lesson panel as the learner sees it (border, title and subtitle included)."""
    return region_text(app, app.query_one("#lesson"))


async def type_cell(pilot, app: WorkbenchApp, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Tab to a matrix and type a value into the cell under its cursor, then Enter."""
    await focus(pilot, app, selector)
    await pilot.press(*text, "enter")
    await pilot.pause()


# ------------------------------------------------------------------ opening
async def test_a_lesson_file_opens_from_the_command_line_with_its_text_and_tasks(my_lesson: Path) -> None:
    app = started(["--lesson", str(my_lesson)])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "A neuron adds its inputs" in panel(app), "the lesson's text shows")  # Markdown mounts its blocks
        shown = panel(app)
        assert "Lesson: My own neuron" in shown
        assert "○ 1. Make the neuron output exactly 0 by changing only" in shown
        assert "○ 2. Walk the forward pass" in shown
        assert "0/2 done" in shown
        assert grid_rows(app, "#z") == [["2.3"]]  # the lesson's start: the notes' single neuron


async def test_without_a_lesson_there_is_no_panel_and_the_lesson_commands_say_why() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        assert not app.query_one("#lesson").display
        await pilot.press("ctrl+r", "v", "greater_than_sign")
        await pilot.pause()
        assert not app.query_one("#lesson").display and app.lesson is None and app.document.preset == "two-layers"
        palette = {entry.title: entry.help for entry in app.get_system_commands(app.screen)}
        assert palette["Reset the lesson"] == "not now: only with a lesson open (L lists the lessons)."
        assert palette["Lessons"].startswith("the course: every lesson with its tasks done")


def test_a_bad_lesson_name_or_a_broken_lesson_file_exits_2_before_anything_starts(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('title = "Broken"\ntext = "x"\npreset = "single-neuron"\n\n[[tasks]]\ntext = "t"\ncheck = "nonsense"\n')
    env = {**os.environ, "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state")}
    for argument, said in (("no-such-lesson", "no such lesson file, and no built-in lesson of that name"),
                           (str(broken), f"{broken}:7")):
        done = subprocess.run([sys.executable, "-m", "tui", "--lesson", argument], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert done.returncode == 2, done
        assert done.stderr.startswith("nnwb: cannot open the lesson "), done.stderr
        assert said in done.stderr, done.stderr
        assert done.stdout == ""  # no screen was drawn


async def test_a_lesson_opens_from_the_palette_and_undo_puts_back_what_was_here() -> None:
    first = builtin_lessons()[0]
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        before = grid_rows(app, "#z")
        await run_in_palette(pilot, app, f"Lesson 1: {plain_title(first.title)}")
        assert app.lesson is not None and app.lesson.lesson.id == first.id
        assert f"Lesson 1/{len(builtin_lessons())}: {plain_title(first.title)}" in panel(app)
        assert app.document.preset == first.preset
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert grid_rows(app, "#z") == before  # the workbench's network is back; the lesson stays open
        assert app.query_one("#lesson").display


async def test_the_lesson_list_shows_progress_and_opens_the_chosen_lesson() -> None:
    course = builtin_lessons()
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonsScreen), "the lesson list opens")
        listed = screen_text(app)
        assert f" 1. {plain_title(course[0].title)} · 0/{len(course[0].tasks)} done" in listed
        assert f"Lessons: 0 of {len(course)} finished" in listed
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonsScreen), "the list closes")
        assert app.lesson is not None and app.lesson.lesson.id == course[0].id


# ------------------------------------------------------------------ ticking
async def test_a_task_ticks_when_the_bias_is_typed_and_stays_ticked_after_undo(my_lesson: Path) -> None:
    app = started(["--lesson", str(my_lesson)])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await type_cell(pilot, app, "#biases", "0")
        assert "○ 1." in panel(app)  # 0.3 + 0: not yet
        await type_cell(pilot, app, "#biases", "-0.3")
        assert grid_rows(app, "#output") == [["5.55e-17"]]  # 0.3 - 0.3 in floating point: within the tolerance
        shown = panel(app)
        assert "✓ 1. Make the neuron output exactly 0" in shown and "1/2 done" in shown
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert grid_rows(app, "#output") == [["0.3"]]
        assert "✓ 1." in panel(app)  # sticky: the learner did it


async def test_step_mode_ticks_the_stage_task_when_the_stage_is_reached(my_lesson: Path) -> None:
    app = started(["--lesson", str(my_lesson)])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "n", "n")
        await pilot.pause()
        assert "○ 2." in panel(app)  # at "+ biases": the activation is one stage on
        await pilot.press("n")
        await pilot.pause()
        assert "✓ 2. Walk the forward pass" in panel(app)


async def test_progress_is_kept_across_two_runs(my_lesson: Path) -> None:
    app = started(["--lesson", str(my_lesson)])
    async with app.run_test(size=(120, 40)) as pilot:
        await type_cell(pilot, app, "#biases", "-0.3")
        assert "✓ 1." in panel(app)
    again = started(["--lesson", str(my_lesson)])  # the same state folder (XDG_STATE_HOME)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert grid_rows(again, "#output") == [["2.3"]]  # a fresh start ...
        shown = panel(again)
        assert "✓ 1." in shown and "○ 2." in shown and "1/2 done" in shown  # ... with the task done before


async def test_the_lesson_list_counts_tasks_done_in_an_earlier_run() -> None:
    first = builtin_lessons()[0]
    app = started(["--lesson", first.name])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "n", "n")  # lesson 1's first task: reach the stage where the bias is added ...
        await pilot.pause()
        await answer(pilot, app, "0.3")  # ... and type the sum it shows before the bias
        assert app.lesson is not None and app.lesson.done == {0}
    again = WorkbenchApp()
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(again.screen, LessonsScreen), "the lesson list opens")
        assert f" 1. {plain_title(first.title)} · 1/{len(first.tasks)} done" in screen_text(again)


# ------------------------------------------------------------- moving, reset
async def test_next_and_previous_lesson_follow_the_course() -> None:
    course = builtin_lessons()
    assert len(course) >= 2
    app = started(["--lesson", course[0].name])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert f"Lesson 2/{len(course)}: {plain_title(course[1].title)}" in panel(app)
        assert app.document.preset == course[1].preset or course[1].session
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert f"Lesson 1/{len(course)}: {plain_title(course[0].title)}" in panel(app)
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert "This is the first lesson of the course" in screen_text(app)
        assert f"Lesson 1/{len(course)}" in panel(app)


async def test_reset_asks_first_when_there_are_edits_and_undo_brings_them_back(my_lesson: Path) -> None:
    app = started(["--lesson", str(my_lesson)])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+r")  # nothing changed yet: nothing to ask
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert "The lesson is at its start" in screen_text(app)
        await type_cell(pilot, app, "#inputs", "5")
        assert grid_rows(app, "#output") == [["3.1"]]
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "reset asks first")
        await pilot.press("escape")  # cancel: nothing changes
        await pilot.pause()
        assert grid_rows(app, "#output") == [["3.1"]]
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "reset asks again")
        await pilot.press("enter")
        await pilot.pause()
        assert grid_rows(app, "#output") == [["2.3"]]  # the lesson's start
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert grid_rows(app, "#output") == [["3.1"]]  # the learner's work is back


# ------------------------------------------------------------------ small screens
async def test_at_80x24_the_panel_fits_and_v_hides_it(my_lesson: Path) -> None:
    app = started(["--lesson", str(my_lesson)])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        lesson = app.query_one("#lesson")
        assert lesson.region.bottom <= 23 and lesson.region.right <= 80  # above the footer, whole
        shown = panel(app)
        assert "○ 1. Make the neuron output exactly 0 by changing only its bias." in shown
        assert "○ 2. Walk the forward pass in step mode up to the activation." in shown
        assert "0/2 done · < > lessons · h hints · Ctrl+R reset · L list · v hide" in shown
        body_before = app.query_one("#body").region.height
        await pilot.press("v")
        await pilot.pause()
        assert not lesson.display and app.query_one("#body").region.height > body_before
        await type_cell(pilot, app, "#biases", "-0.3")
        assert app.lesson is not None and app.lesson.done == {0}  # hidden, the tasks still tick ...
        assert "✓ Task 1 done" in screen_text(app)  # ... and say so
        await pilot.press("v")
        await pilot.pause()
        assert "✓ 1." in panel(app)


# ------------------------------------------------------------------ training
TRAINING_LESSON = '''
title = "Train it"
text = "Train the spiral, then make it diverge."
preset = "spiral"

[[tasks]]
text = "Train with Adam."
check = "trained"
optimizer = "adam"

[[tasks]]
text = "Make a run diverge."
check = "diverged"
'''


@pytest.mark.slow  # training in the UI for seconds
async def test_a_training_run_and_a_divergence_tick_their_tasks(tmp_path: Path) -> None:
    from tests.tui.test_training import set_field, status, wait_until

    path = tmp_path / "train.toml"
    path.write_text(TRAINING_LESSON, encoding="utf-8")
    app = started(["--lesson", str(path)])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await set_field(pilot, "epochs", "5")
        await pilot.press("space")
        await wait_until(pilot, lambda: "DONE" in status(app))
        await pilot.press("g")  # back to the workbench, with the trained weights
        await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")
        assert "✓ 1. Train with Adam." in panel(app) and "○ 2." in panel(app)
        await pilot.press("g")
        await set_field(pilot, "lr", "1e6")
        await set_field(pilot, "epochs", "1000")
        await pilot.press("space")
        await wait_until(pilot, lambda: "STOPPED" in status(app))
        await pilot.press("g")
        await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")
        assert "✓ 2. Make a run diverge." in panel(app)


@pytest.mark.slow  # training in the UI for seconds
async def test_a_run_whose_every_epoch_came_in_progress_messages_still_ticks_trained(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CI on a loaded machine: the last epoch went out in a progress message, so the stop
    message carried no new epochs, and the run counted as not trained. Every epoch posted
    on its own forces that order here."""
    from tests.tui.test_training import set_field, status, wait_until
    from tui.screens import training

    monkeypatch.setattr(training, "POST_EVERY", 0.0)
    path = tmp_path / "train.toml"
    path.write_text(TRAINING_LESSON, encoding="utf-8")
    app = started(["--lesson", str(path)])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await set_field(pilot, "epochs", "3")
        await pilot.press("space")
        await wait_until(pilot, lambda: "DONE" in status(app))
        await pilot.press("g")
        await wait_for(pilot, lambda: len(app.screen_stack) == 1, "back on the workbench")
        assert "✓ 1. Train with Adam." in panel(app)


# ------------------------------------------------------------------ start-up
def test_a_start_without_a_lesson_loads_neither_the_lessons_nor_markdown() -> None:
    """The lessons' checks and Textual's Markdown cost tens of milliseconds of start-up:
    they are imported when a lesson opens, not before. Start-up reads only the course's titles
    (the palette's entries) and knows the open lesson's type: the package's lazy front, the
    titles and the open lesson, which load nothing of the checks."""
    light = ("tui.lessons", "tui.lessons.titles", "tui.lessons.open_lesson")
    code = ("import sys, tui.app.workbench, tui.commands\n"
            "print(sorted(m for m in sys.modules if m.startswith(('tui.lessons', 'markdown_it', 'textual.widgets._markdown'))"
            f" and m not in {light!r}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_palette_lists_every_lesson_of_the_course_in_order() -> None:
    from tui.commands import COMMANDS, COURSE_FOLDER
    from tui.lessons.loader import COURSE

    assert COURSE_FOLDER.resolve() == COURSE.resolve()  # the table reads the course the loader reads
    titles = [c.title for c in COMMANDS if c.action == "open_lesson"]
    assert titles == [f"Lesson {n}: {plain_title(lesson.title)}" for n, lesson in enumerate(builtin_lessons(), start=1)]


async def test_a_lesson_with_a_session_file_opens_on_the_file_or_on_the_lesson_for_a_new_file(tmp_path: Path) -> None:
    from tui.document.state import Document
    from tui.files.session_file import save

    work = tmp_path / "work.json"
    mine = Document.from_preset("layer")
    mine.set_cell("biases", 0, 0, "7")
    save(mine, work)
    app = started(["--lesson", "neuron", str(work)])  # the learner's saved work, with the lesson beside it
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert grid_rows(app, "#z")[0][0] == "9.8"  # 4.8 - 2 + 7: the bias 7 the file holds
        assert "Lesson 1/" in panel(app) and app.file_path == work
    new = tmp_path / "new.json"
    app = started(["--lesson", "neuron", str(new)])  # no such file yet: the lesson's start, saved there
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert grid_rows(app, "#z") == [["2.3"]] and app.file_path == new


async def test_a_cursor_task_ticks_when_tab_reaches_a_matrix_whose_cursor_is_on_the_cell() -> None:
    app = started(["--lesson", "layer"])  # task 1: the cursor on layer 1's output n2
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")  # a ReLU: z is no longer the output (on a linear layer it is, and ticks)
        await pilot.pause()
        assert app.document.network.steps[0].activation.name == "relu"
        await focus(pilot, app, "#z")
        await pilot.press("right", "right")  # z's cursor moves the output's along with it
        await pilot.pause()
        assert "○ 1." in panel(app)  # on z, not yet on the output
        await pilot.press("tab")  # to the output, whose cursor is already on n2
        await pilot.pause()
        assert app.focused is app.query_one("#output")
        assert "✓ 1." in panel(app)


async def test_the_fix_key_is_seen_and_a_reset_gives_a_fresh_attempt() -> None:
    app = started(["--lesson", "shapes"])  # task 2: fix the shape error without the fix key
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await pilot.press("c")  # a fifth feature: the shape error (task 1)
        await pilot.pause()
        await pilot.press("x")  # the fix key fixes it ...
        await pilot.pause()
        assert app.document.trace.error is None
        assert "✓ 1." in panel(app) and "○ 2." in panel(app)  # ... but the task wanted it done by hand
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "reset asks first")
        await pilot.press("enter")
        await pilot.pause()
        await focus(pilot, app, "#inputs")
        await pilot.press("c")
        await focus(pilot, app, "#weights")
        await pilot.press("r")  # a fifth input row of weights, by hand
        await pilot.pause()
        assert app.document.trace.error is None and "✓ 2." in panel(app)


async def test_choosing_the_open_lesson_again_keeps_the_work() -> None:
    app = started(["--lesson", "neuron"])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await type_cell(pilot, app, "#biases", "-0.3")
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonsScreen), "the lesson list opens")
        await pilot.press("enter")  # the list opens on the lesson open now
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonsScreen), "the list closes")
        assert grid_rows(app, "#biases") == [["-0.3"]]
        assert "is open. Ctrl+R starts it again." in " ".join(screen_text(app).split())


async def test_a_damaged_progress_file_is_moved_aside_and_the_learner_told(my_lesson: Path) -> None:
    from tui.lessons.progress import progress_path

    path = progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": "nnwb-lessons", "done": {"01-neu', encoding="utf-8")  # cut short
    app = started(["--lesson", str(my_lesson)])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        said = " ".join(screen_text(app).split())
        assert "Your lesson progress file was damaged; it was moved to" in said
        await type_cell(pilot, app, "#biases", "-0.3")
        assert "✓ 1." in panel(app)
    assert path.with_name("lessons.json.damaged").read_text(encoding="utf-8").endswith('"01-neu')
    assert '"01-neuron"' not in path.read_text(encoding="utf-8") and str(my_lesson) in path.read_text(encoding="utf-8")


def shapes(document: Document) -> list[tuple[int, ...]]:
    """The network's and the data's shapes: enough to tell the course's starts apart."""
    return [document.inputs.shape, *(step.dense.weights.shape for step in document.network.steps)]


async def test_undo_after_a_burst_of_next_and_previous_brings_back_the_lesson_with_its_network() -> None:
    course = builtin_lessons()
    app = started(["--lesson", course[0].name])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("greater_than_sign", "greater_than_sign", "less_than_sign")
        await pilot.pause()
        assert f"Lesson 2/{len(course)}" in panel(app)
        await pilot.press("ctrl+z")  # back to before "<": lesson 3's start, so lesson 3
        await pilot.pause()
        assert f"Lesson 3/{len(course)}: {plain_title(course[2].title)}" in panel(app)
        assert shapes(app.document) == shapes(course[2].start_document())
        assert shapes(course[2].start_document()) != shapes(course[1].start_document())  # the test can tell them apart
        assert "Back to Lesson 3/" in screen_text(app)
        await pilot.press("ctrl+z", "ctrl+z")  # lesson 2's start, then lesson 1's
        await pilot.pause()
        assert f"Lesson 1/{len(course)}" in panel(app)
        assert shapes(app.document) == shapes(course[0].start_document())  # the single neuron of lesson 1
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert f"Lesson 2/{len(course)}" in panel(app)


async def test_work_kept_by_ctrl_q_in_a_lesson_comes_back_under_that_lesson_without_a_crash_word() -> None:
    from tests.tui.test_autosave import dead_pid
    from tui.files.autosave import autosave_path, marker_path, state_folder

    course = builtin_lessons()
    app = started(["--lesson", course[-1].name])  # lesson 13, the spiral
    async with app.run_test(size=(120, 40)) as pilot:
        await type_cell(pilot, app, "#inputs", "7")
        await pilot.press("ctrl+q")  # work never named: kept for the next start, no question
        await wait_for(pilot, lambda: not app.is_running, "the app ends")
    folder, pid = state_folder(), dead_pid()  # as if it had been another process, now gone
    marker_path(folder, app.autosaver.pid).rename(marker_path(folder, pid))
    autosave_path(folder, app.autosaver.pid).rename(autosave_path(folder, pid))

    again = started([])  # a plain start (``--lesson 1`` is offered only lesson 1's work)
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: again.screen.id == "recover", "the offer")
        await pilot.pause()
        said = " ".join(screen_text(again).split())
        assert "Last time nnwb ended with unsaved work kept for you." in said, said
        assert f"Lesson {len(course)}/{len(course)}: " in said and "Lesson: Lesson" not in said and "File: none" in said
        assert "did not end cleanly" not in said
        await pilot.press("enter")
        await wait_for(pilot, lambda: again.screen.id != "recover", "the offer closes")
        await pilot.pause()
        assert f"Lesson {len(course)}/{len(course)}" in panel(again)  # its own lesson
        assert again.document.inputs[0, 0] == 7.0
        assert shapes(again.document) == shapes(course[-1].start_document())


async def test_a_killed_session_is_still_called_one_that_did_not_end_cleanly() -> None:
    from tests.tui.test_autosave import leave_work

    leave_work(42.0)  # a marker without the clean end's last line
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "recover", "the offer")
        await pilot.pause()
        assert "nnwb did not end cleanly last time (killed or crashed)" in " ".join(screen_text(app).split())
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.id != "recover", "the offer closes")
        assert app.lesson is None and app.document.inputs[0, 0] == 42.0
