"""A file name that is not UTF-8 (``nnwb $'bad\\xffname.json'``, a name from an old archive):
nnwb runs, marks the session, and reports a crash, showing the bad byte escaped. Each runs
nnwb in a real pseudo-terminal."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.tui.terminal import Terminal
from tests.tui.test_exit import FIRST_FRAME, RUN_FAILING

pytestmark = pytest.mark.slow  # nnwb in a real pseudo-terminal

SHOWN = b"bad\\xffname.json"  # how the title and the messages write the name


def run_on_bad_name(folder: Path, failing: bool = False) -> str:
    """The code that starts nnwb on ``folder/bad\\xffname.json`` as a shell would pass it."""
    name = os.fsdecode(bytes(folder) + b"/bad\xffname.json")
    start = RUN_FAILING.replace("main([])", f"main([{name!r}])") if failing else f"from tui.__main__ import main; main([{name!r}])"
    assert start != RUN_FAILING
    return start


def test_a_non_utf8_file_name_runs_marks_the_session_and_shows_the_name_escaped(tmp_path: Path) -> None:
    terminal = Terminal(run_on_bad_name(tmp_path), tmp_path)
    try:
        terminal.wait_for(FIRST_FRAME)
        terminal.wait_for(SHOWN)  # the title
        markers = tmp_path / "state" / "nnwb"
        deadline = time.monotonic() + 30  # the marker is written after the first frame
        while not list(markers.glob("running-*")):
            assert time.monotonic() < deadline and terminal.process.poll() is None, terminal.output[-800:]
            time.sleep(0.05)
        (marker,) = markers.glob("running-*")
        assert marker.read_bytes().split(b"\n")[1] == bytes(tmp_path) + b"/bad\xffname.json"  # the name, byte for byte
        os.write(terminal.master, b"\x11")  # Ctrl+Q: a new file, never written, so it asks
        terminal.wait_for(b"has unsaved changes")
        os.write(terminal.master, b"d")
        assert terminal.wait() == 0
    finally:
        terminal.close()


def test_a_crash_with_a_non_utf8_file_name_writes_the_whole_report(tmp_path: Path) -> None:
    terminal = Terminal(run_on_bad_name(tmp_path, failing=True), tmp_path)
    try:
        terminal.wait_for(FIRST_FRAME)
        os.write(terminal.master, b"?")  # Help, which fails
        assert terminal.wait() == 1
        text = terminal.output.decode(errors="replace")
        found = re.search(r"The details are in (\S+crash-\S+\.txt)", text)
        assert found, text[-1000:]
        written = Path(found.group(1)).read_text(encoding="utf-8")
        assert "RuntimeError: a bug nobody expected" in written
        assert SHOWN.decode() in written  # the command line, its bad byte escaped
    finally:
        terminal.close()


async def test_the_picker_lists_and_opens_a_non_utf8_name_showing_it_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.tui.conftest import screen_text, wait_for
    from tui.app.workbench import WorkbenchApp
    from tui.document.state import Document
    from tui.files import session_file

    session_file.save(Document.from_preset("layer"), Path(os.fsdecode(bytes(tmp_path) + b"/odd\xfename.json")))
    monkeypatch.chdir(tmp_path)
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: "odd\\xfename.json" in screen_text(app), "the file listed, its byte escaped")
        await pilot.press("tab", "enter")
        await wait_for(pilot, lambda: "nnwb · odd\\xfename.json" in screen_text(app).splitlines()[0], "the title")
        assert app.document.inputs.shape == Document.from_preset("layer").inputs.shape
