"""A real ``nnwb serve``: each tab's files stay in its own folder (one tab cannot open another's
work, nor anything outside), and a module a learner saves is never imported by a tab
(the issue #16, items 1 and 2). The app's doors one by one are in test_serve_files.py.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest

from tests.serve.served import NOTES_NUMBERS, ROOT, Server, Tab
from tui.document.state import Document
from tui.files import session_file

pytest.importorskip("textual_serve")

CTRL_A, CTRL_K, CTRL_O, CTRL_P, CTRL_S, ESCAPE, DOWN = "\x01", "\x0b", "\x0f", "\x10", "\x13", "\x1b", "\x1b[B"
PLANTED = "raise SystemExit('a planted numpy.py was imported')\n"


@contextmanager
def serving(home: Path, *arguments: str) -> Iterator[Server]:
    """``nnwb serve`` in ``home``, stopped by Ctrl+C at the end (status 0), or killed if a test failed."""
    server = Server(home, *arguments)
    try:
        yield server
        assert server.stop() == 0
    finally:
        if server.process.poll() is None:
            server.process.kill()


async def appears(pattern: str, folder: Path, timeout: float = 30.0) -> Path:
    """The one file matching ``pattern`` under ``folder``, once there is one."""
    deadline = time.monotonic() + timeout
    while not (found := sorted(folder.glob(pattern))):
        assert time.monotonic() < deadline, f"no {pattern} under {folder}"
        await asyncio.sleep(0.05)
    return found[0]


async def answer(tab: Tab, keys: str, *shown: str) -> str:
    """Press ``keys``; what the tab shows after them, once it holds ``shown``."""
    before = len(tab.received)
    await tab.press(keys)
    return await tab.read_until(shown, since=before)


async def palette(tab: Tab, title: str, *shown: str) -> str:
    """Run the command ``title`` from the palette, as a person does: Ctrl+P, its name, Down, Enter."""
    await answer(tab, CTRL_P, "Search for commands")
    await answer(tab, title, title)
    return await answer(tab, DOWN + "\r", *shown)


@pytest.mark.slow  # a real server and its tabs' apps, in subprocesses
async def test_a_tab_keeps_to_its_folder_and_cannot_open_another_tabs_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"  # the teacher's, beside the tabs' folders
    secret.write_text("{}")
    with serving(tmp_path) as server:
        async with aiohttp.ClientSession() as http:
            first = await Tab.open(http, server.port)
            await first.read_until((*NOTES_NUMBERS, "This tab's files go in its own folder"))
            await answer(first, "7\r", "4.21")  # x[0, 0] = 7
            await answer(first, CTRL_S, "Save as")
            await answer(first, "mine.json\r", "Saved")
            mine = await appears("nnwb-tabs/tab-*/mine.json", tmp_path)
            folder = mine.parent
            (folder / "link.json").symlink_to(secret)  # a link inside that leads out

            second = await Tab.open(http, server.port)
            await second.read_until(NOTES_NUMBERS)
            state = sorted(server.tmp.glob("nnwb-serve-*/tab-*"))[0]  # a tab's autosave folder
            await answer(second, CTRL_O, "Open a session file")
            for typed in (f"../{folder.name}/mine.json", str(mine), str(state / "nnwb" / "autosave.json"), str(secret)):
                await answer(second, CTRL_A + CTRL_K + typed, typed[-9:])
                await answer(second, "\r", "outside")
            await answer(second, ESCAPE, *NOTES_NUMBERS)
            assert "4.21" not in second.received.decode("utf-8", "replace")  # the first tab's 7 never came

            await answer(first, CTRL_O, "Open a session file")
            await answer(first, CTRL_A + CTRL_K + "link.json\r", "link that leads outside")
            await answer(first, ESCAPE, "4.21")

            await answer(second, CTRL_S, "Save as")
            await answer(second, "../escape.json\r", "outside")
            await answer(second, CTRL_A + CTRL_K + str(tmp_path / "top.json") + "\r", "outside")
            await answer(second, ESCAPE, *NOTES_NUMBERS)

            await palette(second, "Export as NumPy", "File (a .py script")
            await answer(second, CTRL_A + CTRL_K + "../numpy.py\r", "outside")
            await answer(second, ESCAPE, *NOTES_NUMBERS)

            await palette(first, "Screenshot", "Saved the screen as")
            shot = await appears("**/*.svg", tmp_path)
            await first.close()
            await second.close()
    assert shot.parent == folder and [path.parent for path in tmp_path.rglob("*.svg")] == [folder]
    assert not list(tmp_path.rglob("escape.json")) and not (tmp_path / "top.json").exists()
    assert not list(tmp_path.rglob("numpy.py"))
    assert secret.read_text() == "{}"
    assert mine.is_file()  # kept for the teacher after the tab ended
    assert [path.name for path in (tmp_path / "nnwb-tabs").iterdir()] == [folder.name]  # the second saved nothing


@pytest.mark.slow  # a real server and its tabs' apps, in subprocesses
async def test_a_numpy_py_in_the_serve_folder_or_a_tabs_folder_is_never_imported(tmp_path: Path) -> None:
    (tmp_path / "numpy.py").write_text(PLANTED)  # the serve folder: the server's working folder
    with serving(tmp_path) as server:
        async with aiohttp.ClientSession() as http:
            first = await Tab.open(http, server.port)
            await first.read_until(NOTES_NUMBERS)
            await palette(first, "Export as NumPy", "File (a .py script")
            await answer(first, CTRL_A + CTRL_K + "numpy.py\r", "Saved the network as")
            exported = await appears("nnwb-tabs/tab-*/numpy.py", tmp_path)
            exported.write_text(PLANTED)
            await answer(first, "5\r", "3.21")  # the tab works on

            second = await Tab.open(http, server.port)
            await second.read_until(NOTES_NUMBERS)  # the workbench, not "Application failed to start"
            await first.close()
            await second.close()
    assert "planted" not in server.output()


@pytest.mark.slow  # a real server and its tabs' apps, in subprocesses
async def test_the_class_folder_gives_lessons_and_hand_outs_and_takes_nothing(tmp_path: Path) -> None:
    shared = tmp_path / "class"
    shared.mkdir()
    (shared / "mine.toml").write_text((ROOT / "tui" / "lessons" / "course" / "01-neuron.toml").read_text())
    session_file.save(Document.from_preset("spiral"), shared / "handout.json")
    with serving(tmp_path, "--class-folder", str(shared), "--lesson", "mine.toml") as server:
        async with aiohttp.ClientSession() as http:
            tab = await Tab.open(http, server.port)
            await tab.read_until(("A neuron multiplies each input", "Your files"))
            await answer(tab, CTRL_O, "Open a session file")
            await answer(tab, "cla\t", "class/handout.json")  # Tab completes into the class folder and lists it
            await answer(tab, "handout.json\r", "Opened")
            await answer(tab, CTRL_S, "read-only")  # the hand-out is the teacher's: Ctrl+S does not replace it
            await palette(tab, "Save as", "Save as")
            await answer(tab, CTRL_A + CTRL_K + "class/mine.json\r", "read-only")
            await answer(tab, CTRL_A + CTRL_K + "mine.json\r", "Saved")
            await tab.close()
    assert sorted(path.name for path in shared.iterdir()) == ["handout.json", "mine.toml"]
    assert session_file.load(shared / "handout.json")[0].preset == "spiral"
    assert len(list(tmp_path.glob("nnwb-tabs/tab-*/mine.json"))) == 1


def test_a_class_folder_that_is_not_a_folder_is_refused_before_serving(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "serve", "--class-folder", str(tmp_path / "nope")],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"{tmp_path / 'nope'} is not a folder" in result.stderr and result.stdout == ""
