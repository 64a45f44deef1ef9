"""A progress file that is not what this nnwb writes: half right is damaged (moved aside whole,
never half read and then written over), and a newer nnwb's file is left for it, not called
damaged, and never written over."""

from __future__ import annotations

import json

import pytest

from tui.cli.headless import main
from tui.lessons import Progress
from tui.lessons.progress import progress_path


@pytest.mark.parametrize("content", [
    {"format": "nnwb-lessons", "version": 2, "courses": {"wk1": {"a": [1, None, "predict"]}}},
    {"format": "nnwb-lessons", "version": 2, "courses": {}, "files": {"/x.toml": "1"}},
    {"format": "nnwb-lessons", "version": 1, "done": {"01-neuron": [0, "one"]}},
])
def test_a_progress_file_with_a_wrong_tick_is_moved_aside_whole_not_half_read(content: object) -> None:
    path = progress_path()
    path.parent.mkdir(parents=True)
    written = json.dumps(content)
    path.write_text(written, encoding="utf-8")
    progress = Progress.load()
    assert progress.tasks_done == {} and progress.moved_aside == path.with_name("lessons.json.damaged")
    assert progress.moved_aside.read_text(encoding="utf-8") == written
    progress.mark(("nnfs", "01-neuron"), "1")
    progress.save()
    assert path.with_name("lessons.json.damaged").read_text(encoding="utf-8") == written  # the save did not take it


def test_a_newer_progress_file_is_kept_where_it_is_said_to_be_newer_and_not_written_over(
        capsys: pytest.CaptureFixture[str]) -> None:
    path = progress_path()
    path.parent.mkdir(parents=True)
    written = json.dumps({"format": "nnwb-lessons", "version": 3, "progress": {"nnfs": {}}})
    path.write_text(written, encoding="utf-8")
    assert main(["lessons"]) == 0
    assert capsys.readouterr().err == (f"nnwb lessons: Your lesson progress is not saved: {path} was written by a "
                                       "newer nnwb (version 3; this one reads up to 2), so it is left as it is.\n")
    progress = Progress.load()
    assert progress.moved_aside is None and not path.with_name("lessons.json.damaged").exists()
    progress.mark(("nnfs", "01-neuron"), "1")
    with pytest.raises(OSError, match="newer nnwb"):
        progress.save()
    assert path.read_text(encoding="utf-8") == written
