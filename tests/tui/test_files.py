"""Save (Ctrl+S), Save as and Open (Ctrl+O) as a person uses them, read off the screen; and
``nnwb FILE`` on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tui.conftest import focus, run_in_palette, screen_lines, screen_text, wait_for
from tests.tui.test_commands import toasts
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.files import session_file
from tui.screens.file_dialog import FileScreen


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # HOME and the state folder are elsewhere (tests/conftest.py): the app's autosave
    # folder would otherwise be listed beside the files these tests pick.
    monkeypatch.chdir(tmp_path)
    return tmp_path


def title(app: WorkbenchApp) -> str:
    return screen_lines(app)[0]


def in_dialog(app: WorkbenchApp) -> bool:
    return isinstance(app.screen, FileScreen)


async def edit_first_input(pilot, value: str = "7") -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*value, "enter")  # the inputs panel has focus at start: typing edits its cell


async def test_ctrl_s_writes_the_named_file_and_the_mark_follows_the_changes(tmp_path: Path) -> None:
    path = tmp_path / "lesson.json"
    app = WorkbenchApp(document=Document.from_preset("batch"), path=path, saved=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "nnwb · lesson.json •" in title(app)  # named, not written yet
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.exists() and "lesson.json •" not in title(app) and "nnwb · lesson.json" in title(app)
        await edit_first_input(pilot)
        await pilot.pause()
        assert "lesson.json •" in title(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "lesson.json •" not in title(app)
    saved, _ = session_file.load(path)
    assert saved.inputs[0, 0] == 7.0


async def test_ctrl_s_on_a_new_document_asks_for_a_name(tmp_path: Path) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "nnwb" in title(app) and ".json" not in title(app)
        assert not app.files.unsaved()  # the contract quit and autosave read: nothing to lose yet
        await edit_first_input(pilot)
        await pilot.pause()
        assert app.files.unsaved() and "•" not in title(app)  # never named: no file to mark
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: in_dialog(app), "the Save as dialog")
        await pilot.press(*"mine", "enter")  # .json is added
        await wait_for(pilot, lambda: not in_dialog(app), "the dialog closes")
        assert "nnwb · mine.json" in title(app) and "•" not in title(app)
    assert (tmp_path / "mine.json").exists()


async def test_save_as_asks_before_replacing_a_file(tmp_path: Path) -> None:
    (tmp_path / "other.json").write_text("keep me")
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await run_in_palette(pilot, app, "Save as")
        await wait_for(pilot, lambda: in_dialog(app), "the Save as dialog")
        await pilot.press(*"other.json", "enter")
        await pilot.pause()
        assert "other.json exists already: Enter again replaces it" in screen_text(app)
        assert (tmp_path / "other.json").read_text() == "keep me"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not in_dialog(app), "the dialog closes")
    assert json.loads((tmp_path / "other.json").read_text())["format"] == "nnwb"


async def test_ctrl_o_opens_a_file_typed_with_tab_completion_and_undo_puts_back(tmp_path: Path) -> None:
    session_file.save(Document.from_preset("spiral"), tmp_path / "spiral-lesson.json")
    app = WorkbenchApp(preset="single-neuron")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: in_dialog(app), "the Open dialog")
        assert "spiral-lesson.json" in screen_text(app)  # listed under the path
        await pilot.press("s", "tab")
        assert app.screen.query_one("#file-path").value == "spiral-lesson.json"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not in_dialog(app), "the dialog closes")
        assert "nnwb · spiral-lesson.json" in title(app) and "•" not in title(app)
        assert "Spiral data" in title(app) and "float32" in title(app)
        assert app.document.inputs.shape == (300, 2)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.document.inputs.tolist() == [[1.0, 2.0, 3.0]]
        assert "spiral-lesson.json •" in title(app)


BAD_FILES = {
    "truncated.json": lambda: session_file.dumps(Document.from_preset("layer"))[:-30],
    "ragged.json": lambda: session_file.dumps(Document.from_preset("batch")).replace("[1.0, 2.0, 3.0, 2.5]", "[1.0, 2.0]"),
    "keras.json": lambda: json.dumps({"format": "keras", "version": 1}),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
async def test_a_refused_file_says_why_in_the_dialog_and_changes_nothing(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(BAD_FILES[name]())
    app = WorkbenchApp(preset="two-layers")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before, version = session_file.dumps(app.document), app.document.version
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: in_dialog(app), "the Open dialog")
        await pilot.press(*name, "enter")
        await pilot.pause()
        shown = screen_text(app)
        assert in_dialog(app) and name in shown
        assert any(word in shown for word in ("truncated", "row 0 has 2", "not an nnwb session file"))
        await pilot.press("escape")
        await pilot.pause()
        assert session_file.dumps(app.document) == before and app.document.version == version
        assert "nnwb" in title(app) and name not in title(app)


async def test_a_files_training_settings_fill_the_training_form_and_are_saved_back(tmp_path: Path) -> None:
    settings = {"data": "vertical", "optimizer": "sgd", "learning_rate": 0.5, "epochs": 42, "batch_size": 16}
    text = json.loads(session_file.dumps(Document.from_preset("spiral")))
    text["training"] = settings
    (tmp_path / "t.json").write_text(json.dumps(text))
    doc, training = session_file.load(tmp_path / "t.json")
    app = WorkbenchApp(document=doc, path=tmp_path / "t.json", training=training)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        form = {name: app.screen.query_one(f"#train-{name}").value for name in ("lr", "epochs", "batch", "optimizer", "data")}
        assert form == {"lr": "0.5", "epochs": "42", "batch": "16", "optimizer": "sgd", "data": "vertical"}
        await pilot.press("ctrl+s")
        await pilot.pause()
    _, again = session_file.load(tmp_path / "t.json")
    assert again is not None
    assert {key: again[key] for key in settings} == settings
    assert again["decay"] == 1e-3  # sgd's book value, as the form showed it


async def test_every_malformed_file_leaves_the_app_state_untouched(tmp_path: Path) -> None:
    from tests.tui.test_session_file import BAD

    (tmp_path / "folder.json").mkdir()
    app = WorkbenchApp(document=Document.from_preset("spiral"), path=tmp_path / "mine.json", saved=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before, version, shown = session_file.dumps(app.document), app.document.version, screen_text(app)
        undo_steps = app.document.history.steps
        for number, (_, text, _) in enumerate(BAD):
            path = tmp_path / f"bad{number}.json"
            path.write_text(text)
            with pytest.raises(session_file.SessionFileError):
                app.files.open_file(path)
        with pytest.raises(session_file.SessionFileError, match="is a folder"):
            app.files.open_file(tmp_path / "folder.json")
        await pilot.pause()
        assert session_file.dumps(app.document) == before and app.document.version == version
        assert app.file_path == tmp_path / "mine.json" and screen_text(app) == shown
        assert app.document.history.steps == undo_steps


def run_nnwb(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state")}
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = str(root)
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"format": "nnwb", "version": 1, "inputs": [[1, "x"]]', "truncated"),
        ('{"format": "nnwb", "version": 9}', "version 1"),
        ('{"format": "nnwb", "version": 1, "inputs": [[1, "x"]], "layers": []}', 'inputs row 0, column 1: "x" is not a number'),
    ],
)
def test_nnwb_file_refused_exits_2_with_the_message_on_stderr(tmp_path: Path, text: str, said: str) -> None:
    (tmp_path / "bad.json").write_text(text)
    done = run_nnwb(tmp_path, "bad.json")
    assert done.returncode == 2
    assert said in done.stderr and "bad.json" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_nnwb_file_in_a_missing_folder_exits_2(tmp_path: Path) -> None:
    done = run_nnwb(tmp_path, "nowhere/net.json")
    assert done.returncode == 2 and "does not exist" in done.stderr and "Traceback" not in done.stderr


def test_nnwb_file_arguments(tmp_path: Path) -> None:
    from tui.__main__ import make_app

    session_file.save(Document.from_preset("spiral"), tmp_path / "s.json")
    app = make_app(["s.json"])
    assert app.file_path == tmp_path / "s.json" and not app.files.unsaved()
    assert app.document.inputs.shape == (300, 2)
    new = make_app(["--preset", "layer", "new.json"])  # not there yet: a new document to save there
    assert new.file_path == tmp_path / "new.json" and new.files.unsaved() and new.document.preset == "layer"
    assert not (tmp_path / "new.json").exists()


@pytest.mark.slow  # training in the UI for seconds
async def test_save_waits_while_training_runs_and_works_once_paused(tmp_path: Path) -> None:
    path = tmp_path / "spiral.json"
    long = session_file.loads(session_file.dumps(Document.from_preset("spiral"), {"epochs": 10_000_000}))[1]
    app = WorkbenchApp(document=Document.from_preset("spiral"), path=path, training=long, saved=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("g", "space")
        await wait_for(pilot, lambda: bool(app.training_session.epochs), "training runs")
        assert app.screen.running
        await pilot.press("ctrl+s")  # the worker changes the weights in place: not now
        await pilot.pause()
        assert not path.exists()
        await wait_for(pilot, lambda: "Pause it first" in toasts(app), "the notification says why")
        await pilot.press("space")
        await wait_for(pilot, lambda: not app.screen.running, "training pauses")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.exists() and "•" not in title(app)
        trained = [step.dense.weights.copy() for step in app.document.network.steps]
    saved, training = session_file.load(path)
    assert [step.dense.weights.tobytes() for step in saved.network.steps] == [w.tobytes() for w in trained]
    assert training is not None and training["data"] == "current"


@pytest.mark.slow  # training in the UI for seconds
async def test_leaving_the_training_view_after_a_save_marks_nothing_unsaved(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    long = session_file.loads(session_file.dumps(Document.from_preset("spiral"), {"epochs": 10_000_000}))[1]
    app = WorkbenchApp(document=Document.from_preset("spiral"), path=path, training=long, saved=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("g", "space")
        await wait_for(pilot, lambda: bool(app.training_session.epochs), "training runs")
        await pilot.press("space")
        await wait_for(pilot, lambda: not app.screen.running, "training pauses")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "nnwb · t.json" in title(app) and "•" not in title(app)
        written = path.read_bytes()
        await pilot.press("g")  # back to the workbench: nothing changed since the save
        await pilot.pause()
        assert "nnwb · t.json" in title(app) and "•" not in title(app)
        await pilot.press("ctrl+s")  # and saving again writes the same file, as the title said
        await pilot.pause()
        assert path.read_bytes() == written
        await focus(pilot, app, "#inputs")
        await edit_first_input(pilot)  # a real change still shows the mark
        await pilot.pause()
        assert "t.json •" in title(app)


async def test_up_and_down_walk_the_listed_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "lessons").mkdir()
    session_file.save(Document.from_preset("layer"), tmp_path / "lessons" / "a.json")
    session_file.save(Document.from_preset("batch"), tmp_path / "lessons" / "b.json")
    (tmp_path / "lessons" / "notes.txt").write_text("not listed")
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: in_dialog(app), "the Open dialog")
        await pilot.press("l", "tab")  # the one folder
        field = app.screen.query_one("#file-path")
        assert field.value == "lessons/"
        await pilot.pause()
        assert "lessons/a.json" in screen_text(app) and "notes.txt" not in screen_text(app)
        await pilot.press("down", "down")
        assert field.value == "lessons/b.json"
        await pilot.pause()
        assert "› lessons/b.json" in screen_text(app)
        await pilot.press("up")
        assert field.value == "lessons/a.json"
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: not in_dialog(app), "the dialog closes")
        assert "nnwb · b.json" in title(app) and app.document.inputs.shape == (3, 4)


async def test_a_save_that_cannot_be_written_says_why_in_plain_words(tmp_path) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        target = tmp_path / "nope" / "z.json"
        with pytest.raises(OSError) as refused:
            app.files.save_to(target)
        message = str(refused.value)
        assert message == f"Could not save {target}: No such file or directory"  # no temporary file's name
        assert app.file_path is None
