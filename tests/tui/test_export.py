"""Export as NumPy from the app: a path asked for, the script written, the full path said."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from textual.widgets import Input, Static

from tests.tui.conftest import paste_then_type, run_in_palette, wait_for
from tests.tui.test_palette import toasts
from tui.app.workbench import WorkbenchApp
from tui.screens.dialogs import FormScreen


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


async def type_path(pilot, app: WorkbenchApp, path: str) -> None:  # type: ignore[no-untyped-def]
    field = app.screen.query_one("#export-path", Input)
    field.value = ""
    await pilot.press(*path)
    await pilot.press("enter")
    await pilot.pause()


def form_message(app: WorkbenchApp) -> str:
    return str(app.screen.query_one("#form-message", Static).render())


async def test_export_as_numpy_writes_the_script_and_says_where(here: Path) -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await run_in_palette(pilot, app, "Export as NumPy")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#export-path", Input).value == str(here / "spiral.py")  # offered where it will go

        await type_path(pilot, app, "lesson.py")

        script = here / "lesson.py"
        await wait_for(pilot, lambda: "Saved the network as" in toasts(app), "the export is announced")
        assert not isinstance(app.screen, FormScreen)
        assert str(script) in toasts(app).replace(" ", "")
        loss = app.document.trace.loss
    printed = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True).stdout
    assert "spiral_data(samples=100, classes=3)" in script.read_text()
    assert printed.endswith(f"loss: {np.float32(loss)!s}\nacc: 0.34\n")  # as the workbench shows them


async def test_an_existing_file_is_replaced_only_after_a_second_enter(here: Path) -> None:
    (here / "mine.py").write_text("# my own work\n")
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await run_in_palette(pilot, app, "Export as NumPy")
        await type_path(pilot, app, "mine.py")

        assert isinstance(app.screen, FormScreen) and "exists: Enter again replaces it" in form_message(app)
        assert (here / "mine.py").read_text() == "# my own work\n"

        await pilot.press("enter")
        await wait_for(pilot, lambda: "Saved the network as" in toasts(app), "the export is announced")
    assert "class Layer_Dense:" in (here / "mine.py").read_text()


async def test_a_shape_error_is_not_exported(here: Path) -> None:
    app = WorkbenchApp(preset="transpose-mistake")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await run_in_palette(pilot, app, "Export as NumPy")
        await wait_for(pilot, lambda: "Fix the shape error first" in toasts(app), "the refusal is said")

        assert not isinstance(app.screen, FormScreen)
    assert list(here.iterdir()) == []


async def test_a_regression_with_the_mae_choice_exports_the_loss_the_workbench_shows(here: Path) -> None:
    app = WorkbenchApp(preset="ch17-regression")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.document.set_loss("mae")  # the training form's loss choice sets it (helper C2)
        app.render_document()
        await pilot.pause()
        await run_in_palette(pilot, app, "Export as NumPy")
        await type_path(pilot, app, "sine.py")
        await wait_for(pilot, lambda: "Saved the network as" in toasts(app), "the export is announced")
        trace = app.document.trace
    script = (here / "sine.py").read_text()
    assert "loss_function = Loss_MeanAbsoluteError()" in script
    printed = subprocess.run([sys.executable, str(here / "sine.py")], capture_output=True, text=True, check=True).stdout
    assert trace.loss_name == "mean absolute error" and trace.accuracy is not None
    assert printed.endswith(f"loss: {np.float32(trace.loss)!s}\nacc: {trace.accuracy!r}\n")


async def test_a_name_too_long_for_the_system_is_refused_in_the_form(here: Path) -> None:
    """300 characters and .py: ``is_dir`` raised ENAMETOOLONG and ended the app (a served
    tab lost its work with it); the form says why and keeps asking."""
    app = WorkbenchApp(preset="batch")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await run_in_palette(pilot, app, "Export as NumPy")
        await paste_then_type(pilot, app, "#export-path", "x" * 300 + ".py")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # still asking, the app alive
        assert "File name too long" in " ".join(form_message(app).split())
