"""A hand-in with a training run, opened in the workbench with its lesson: the lesson panel
ticks what ``nnwb check`` passes (the run read from the file), and saving it again keeps the run."""

from __future__ import annotations

import gc
import json
from pathlib import Path

from tests.lessons.doing import DOING
from tests.tui.conftest import region_text
from tests.tui.lesson_keys.actions import keys, ticked
from tests.tui.lesson_keys.part_18_20 import train
from tui.__main__ import make_app
from tui.files.session_file import save
from tui.lessons import load_lesson
from tui.training.last_run import LAST_RUN


async def test_a_saved_run_ticks_the_lessons_file_tasks_and_is_saved_again(tmp_path: Path) -> None:
    lesson = load_lesson("overfitting")
    document = lesson.start_document()
    training = None
    for edit in DOING["20-overfitting"]:
        done = edit(document)
        training = done[1] if isinstance(done, tuple) else training  # type: ignore[index]
    assert training is not None
    save(document, tmp_path / "hand-in.json", training)
    try:
        app = make_app([str(tmp_path / "hand-in.json"), "--lesson", "overfitting"])
    finally:
        gc.enable()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # Task 1 also asks for a run in this workbench (trained: not in a file); the answer (2) and
        # the gap (3) are the file's.
        assert ticked(app) == [False, True, True]
        assert "2/3 done" in region_text(app, app.query_one("#lesson"))
        await keys(pilot, "ctrl+s")

    written = json.loads((tmp_path / "hand-in.json").read_text())["training"]
    assert written[LAST_RUN] == training[LAST_RUN]
    assert written[LAST_RUN]["val_loss"] - written[LAST_RUN]["loss"] >= 0.8


async def test_a_run_undone_is_no_longer_the_last_run_the_lesson_and_save_see(tmp_path: Path) -> None:
    """A run in the training view is in what Save writes (and what the lesson's checks read);
    Ctrl+Z (the weights before the run) takes the run out of it."""
    try:
        app = make_app([str(tmp_path / "work.json"), "--lesson", "sgd"])
    finally:
        gc.enable()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await train("sgd", 11, lr="1", decay="1e-3")(pilot, app)
        training = app.training_settings()
        assert training is not None and training[LAST_RUN]["epochs"] == 11
        assert training[LAST_RUN]["current_learning_rate"] == 1 / (1 + 1e-3 * 10)  # the 11th step's rate
        assert app.lesson is not None and app.lesson.details[0] == "its current_learning_rate is 0.99009901; wanted at most 0.5"

        await keys(pilot, "ctrl+z")
        assert app.document.trace.accuracy == 0.36  # the start's weights
        training = app.training_settings()
        assert training is not None and LAST_RUN not in training
        await keys(pilot, "ctrl+s")

    assert LAST_RUN not in json.loads((tmp_path / "work.json").read_text())["training"]
