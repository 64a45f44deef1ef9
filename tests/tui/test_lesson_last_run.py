"""A hand-in with a training run, opened in the workbench with its lesson: the lesson panel
ticks what ``nnwb check`` passes (the run read from the file), and saving it again keeps the run."""

from __future__ import annotations

import gc
import json
from pathlib import Path

from tests.lessons.doing import DOING
from tests.tui.conftest import region_text
from tests.tui.lesson_keys.actions import keys, ticked
from tui.__main__ import make_app
from tui.files.session_file import save
from tui.lessons import load_lesson
from tui.training.last_run import LAST_RUN


async def test_a_saved_run_ticks_the_lessons_file_tasks_and_is_saved_again(tmp_path: Path) -> None:
    lesson = load_lesson("overfitting")
    document = lesson.start_document()
    training = None
    for edit in DOING["20-overfitting"]:
        _events, training = edit(document)  # type: ignore[misc]
    assert training is not None
    save(document, tmp_path / "hand-in.json", training)
    try:
        app = make_app([str(tmp_path / "hand-in.json"), "--lesson", "overfitting"])
    finally:
        gc.enable()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # Task 1 also asks for a run in this workbench (trained: not in a file); task 2 is the file's.
        assert ticked(app) == [False, True]
        assert "1/2 done" in region_text(app, app.query_one("#lesson"))
        await keys(pilot, "ctrl+s")

    written = json.loads((tmp_path / "hand-in.json").read_text())["training"]
    assert written[LAST_RUN] == training[LAST_RUN]
    assert written[LAST_RUN]["val_loss"] - written[LAST_RUN]["loss"] >= 0.8
