"""How nnwb ends: SIGTERM and SIGHUP restore the terminal as Ctrl+Q does; an unexpected error
exits non-zero and says where its report went. Each runs nnwb in a real pseudo-terminal."""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

import pytest

from tests.tui.terminal import (
    ENTER_ALTERNATE_SCREEN,
    HIDE_CURSOR,
    LEAVE_ALTERNATE_SCREEN,
    MOUSE_OFF,
    MOUSE_ON,
    SHOW_CURSOR,
    Terminal,
)

pytestmark = pytest.mark.slow  # nnwb in a real pseudo-terminal

RUN_NNWB = "from tui.__main__ import main; main([])"
FIRST_FRAME = b"Enter or a number edits a cell"


def assert_restored(terminal: Terminal) -> None:
    output = terminal.output
    after_the_app = output[output.rindex(ENTER_ALTERNATE_SCREEN) :]
    for sequence in (LEAVE_ALTERNATE_SCREEN, SHOW_CURSOR, MOUSE_OFF):
        assert sequence in after_the_app, sequence
    after_leaving = output[output.rindex(LEAVE_ALTERNATE_SCREEN) :]
    for sequence in (ENTER_ALTERNATE_SCREEN, HIDE_CURSOR, MOUSE_ON):
        assert sequence not in after_leaving, sequence
    # Raw mode undone: line editing, echo and signals from keys are back.
    assert terminal.modes() == terminal.modes_before


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_restores_the_terminal_and_exits(signum: signal.Signals, tmp_path: Path) -> None:
    terminal = Terminal(RUN_NNWB, tmp_path)
    try:
        terminal.wait_for(FIRST_FRAME)
        assert terminal.modes() != terminal.modes_before  # the app has the terminal in raw mode
        terminal.signal(signum)
        assert terminal.wait() == 128 + signum
        assert_restored(terminal)
        assert not list((tmp_path / "state").glob("nnwb/crash-*"))  # not an error: no crash report
    finally:
        terminal.close()


def test_ctrl_q_exits_with_status_0(tmp_path: Path) -> None:
    terminal = Terminal(RUN_NNWB, tmp_path)
    try:
        terminal.wait_for(FIRST_FRAME)
        os.write(terminal.master, b"\x11")  # Ctrl+Q
        assert terminal.wait() == 0
        assert_restored(terminal)
    finally:
        terminal.close()


# The app with one handler that fails, as an unexpected bug would: a key that raises.
RUN_FAILING = """
from tui.app.workbench import WorkbenchApp
def broken(self):
    raise RuntimeError("a bug nobody expected")
WorkbenchApp.action_help = broken
from tui.__main__ import main
main([])
"""


def test_an_unexpected_error_exits_1_and_says_where_the_report_is(tmp_path: Path) -> None:
    terminal = Terminal(RUN_FAILING, tmp_path)
    try:
        terminal.wait_for(FIRST_FRAME)
        os.write(terminal.master, b"?")  # Help, which now fails
        assert terminal.wait() == 1
        assert_restored(terminal)
        text = terminal.output.decode(errors="replace")
        found = re.search(r"The details are in (\S+crash-\S+\.txt)", text)
        assert found, text[-1000:]
        report = Path(found.group(1))
        assert report.parent == tmp_path / "state" / "nnwb"
        written = report.read_text()
        assert "RuntimeError: a bug nobody expected" in written
        assert "in broken" in written
        # The message comes after the terminal was restored, so the user sees it.
        assert text.rindex("The details are in") > text.rindex(LEAVE_ALTERNATE_SCREEN.decode())
    finally:
        terminal.close()
