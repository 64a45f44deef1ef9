"""What the workbench says stays short and true (issue 16, item 5): a notice names a long
run of rows by its ends and its count, and the header names a preset only while the
network is that preset's."""

from __future__ import annotations

from tests.tui.conftest import focus
from tests.tui.test_pairing import toasts
from tui.app.workbench import WorkbenchApp


async def test_the_fix_names_a_long_run_of_new_rows_by_its_ends_and_its_count() -> None:
    app = WorkbenchApp()  # the notes' batch: 4 features, layer 1 takes 4 inputs
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await pilot.press(*["c"] * 60)  # 64 features
        await pilot.pause()
        assert app.document.inputs.shape[1] == 64
        await pilot.press("x")
        await pilot.pause()
        said = toasts(app)
        assert "layer 1 now takes 64 inputs; new rows i4 … i63 (60 rows) drawn with seed" in said, said
        assert "i5" not in said


async def test_a_few_rows_are_still_named_one_by_one() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await pilot.press("c", "c")
        await pilot.press("x")
        await pilot.pause()
        assert "new rows i4, i5 drawn with seed" in toasts(app)


async def test_the_header_names_the_preset_only_while_the_network_is_that_presets() -> None:
    app = WorkbenchApp(preset="parameter-count")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.sub_title.startswith("10-32-32-32-2 · ")
        await pilot.press("right_square_bracket", "d")  # layer 2 selected, then removed: 10-32-32-2
        await pilot.pause()
        assert len(app.document.network) == 3
        assert "10-32-32-32-2" not in app.sub_title and app.sub_title.startswith("your network · ")
        await pilot.press("ctrl+z")  # the preset's network again, and its name
        await pilot.pause()
        assert app.sub_title.startswith("10-32-32-32-2 · ")
