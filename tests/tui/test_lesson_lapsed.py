"""A ticked task whose checks no longer hold keeps its tick, and the panel says which check
fails (without the value wanted), so the panel and ``nnwb check`` on a file saved now never
disagree silently."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import region_text
from tests.tui.test_lessons_ui import my_lesson, started, type_cell  # noqa: F401 (a fixture)
from tui.app.workbench import WorkbenchApp


def tasks(app: WorkbenchApp) -> str:
    """The tasks as drawn, their wrapped lines joined."""
    return " ".join(region_text(app, app.query_one("#lesson-tasks")).split())


async def test_a_ticked_task_undone_says_it_no_longer_holds_and_again_when_redone(my_lesson: Path) -> None:  # noqa: F811
    app = started(["--lesson", str(my_lesson)])
    async with app.run_test(size=(120, 40)) as pilot:
        await type_cell(pilot, app, "#biases", "-0.3")
        assert "✓ 1." in tasks(app) and "no longer holds" not in tasks(app)
        await type_cell(pilot, app, "#biases", "5")
        shown = tasks(app)
        assert "✓ 1." in shown  # the tick stays (sticky) ...
        assert "no longer holds: layer 1's output s0 n0 is not yet what the task asks" in shown  # ... and says why
        assert "wanted" not in shown
        await type_cell(pilot, app, "#biases", "-0.3")
        assert "no longer holds" not in tasks(app)


async def test_a_task_done_in_an_earlier_run_is_not_called_lapsed_on_a_fresh_start(my_lesson: Path) -> None:  # noqa: F811
    app = started(["--lesson", str(my_lesson)])
    async with app.run_test(size=(120, 40)) as pilot:
        await type_cell(pilot, app, "#biases", "-0.3")
    again = started(["--lesson", str(my_lesson)])
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "✓ 1." in tasks(again) and "no longer holds" not in tasks(again)  # the lesson starts afresh
