"""Nothing lost: a real SIGKILL of a running nnwb loses at most the last second of edits, the
next start offers the work (Enter restores, Escape starts fresh), and a clean end offers
nothing. Each runs nnwb in a real pseudo-terminal, with its own HOME and state folder."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest

from tests.tui.terminal import Terminal
from tests.tui.test_exit import FIRST_FRAME, RUN_FAILING, RUN_NNWB
from tui.files.autosave_sidecar import read_autosave
from tui.files.session_file import SessionFileError

pytestmark = pytest.mark.slow  # nnwb in a real pseudo-terminal, started twice a test

OFFER = b"Restore your work?"
EDIT = b"12345"  # typed into X[0, 0]; the default preset shows no such number
# z[0, 0] once the edit is committed: 12345*0.2 + 2*0.8 + 3*-0.5 + 2.5*1.0 + 2
COMMITTED = b"2473.6"


def state(home: Path) -> Path:
    return home / "state" / "nnwb"  # Terminal sets XDG_STATE_HOME to home/state


def start(home: Path) -> Terminal:
    terminal = Terminal(RUN_NNWB, home)
    terminal.wait_for(FIRST_FRAME)
    return terminal


def wait_for_the_edit_autosaved(folder: Path) -> None:
    """Until an autosave holds the edit: a state, not a time (a loaded machine may be slower
    than the second promised)."""
    deadline = time.monotonic() + 30
    while not any(holds_the_edit(path) for path in folder.glob("autosave-*.json")):
        assert time.monotonic() < deadline, f"no autosave of the edit in {folder}"
        time.sleep(0.05)


def holds_the_edit(autosave: Path) -> bool:
    try:
        return bool(read_autosave(autosave)[0].inputs[0, 0] == float(EDIT))
    except SessionFileError:  # read while the running session replaced its arrays' file: read again
        return False


def edit_and_kill(home: Path) -> None:
    """Start nnwb, type 12345 into the first input, wait until it is autosaved, kill -9."""
    terminal = start(home)
    try:
        os.write(terminal.master, EDIT + b"\r")  # the inputs panel has focus at start
        terminal.wait_for(COMMITTED)
        wait_for_the_edit_autosaved(state(home))  # what is a second old is safe
        terminal.signal(signal.SIGKILL)
        assert terminal.wait() == -signal.SIGKILL
    finally:
        terminal.close()


def offered_and_restored(home: Path) -> None:
    """The next start offers the work, and Enter brings the edit back on screen."""
    terminal = start(home)
    try:
        terminal.wait_for(OFFER)
        os.write(terminal.master, b"\r")
        terminal.wait_for(EDIT)
    finally:
        terminal.close()


def test_after_a_kill_the_next_start_offers_the_work_and_enter_restores_it(tmp_path: Path) -> None:
    edit_and_kill(tmp_path)
    terminal = start(tmp_path)
    try:
        terminal.wait_for(OFFER)
        terminal.wait_for(b"File: none (never saved to a file).")
        assert EDIT not in terminal.output  # the fresh document, under the offer
        os.write(terminal.master, b"\r")  # Enter
        terminal.wait_for(EDIT)  # the cell shows the edit again
        os.write(terminal.master, b"\x11")  # Ctrl+Q: restored work is unsaved, so it is kept
        assert terminal.wait() == 0
    finally:
        terminal.close()
    # What the screen showed is what the document held: the kept autosave says so too.
    (autosave,) = state(tmp_path).glob("autosave-*.json")
    document, _ = read_autosave(autosave)
    assert document.inputs[0, 0] == 12345.0
    # The killed session's files were replaced by this session's.
    assert len(list(state(tmp_path).glob("running-*"))) == 1


def test_escape_starts_fresh_and_keeps_the_autosave_until_the_next_change(tmp_path: Path) -> None:
    edit_and_kill(tmp_path)
    (killed,) = state(tmp_path).glob("autosave-*.json")
    terminal = start(tmp_path)
    try:
        terminal.wait_for(OFFER)
        os.write(terminal.master, b"\x1b")  # Escape
        time.sleep(0.5)  # Escape alone is ambiguous in a terminal: let Textual decide it was a key
        assert killed.exists()  # nothing changed yet: the killed session's work is still on disk
        os.write(terminal.master, b"9\r")  # a change (X[0, 0] = 9): this session's autosave replaces it
        deadline = time.monotonic() + 10
        while killed.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not killed.exists()
        os.write(terminal.master, b"\x11")
        assert terminal.wait() == 0
    finally:
        terminal.close()


def test_a_clean_exit_offers_nothing_at_the_next_start(tmp_path: Path) -> None:
    terminal = start(tmp_path)
    try:
        os.write(terminal.master, b"\x11")  # Ctrl+Q, nothing changed
        assert terminal.wait() == 0
    finally:
        terminal.close()
    assert not state(tmp_path).exists() or list(state(tmp_path).iterdir()) == []  # no marker, no autosave
    terminal = start(tmp_path)
    try:
        os.write(terminal.master, b"\x11")
        assert terminal.wait() == 0
        assert OFFER not in terminal.output
    finally:
        terminal.close()


def test_sigterm_with_unsaved_work_keeps_it_for_the_next_start(tmp_path: Path) -> None:
    terminal = start(tmp_path)
    try:
        os.write(terminal.master, EDIT + b"\r")
        terminal.wait_for(COMMITTED)
        terminal.signal(signal.SIGTERM)  # a closed terminal: nobody to ask
        assert terminal.wait() == 128 + signal.SIGTERM
    finally:
        terminal.close()
    offered_and_restored(tmp_path)


def test_after_an_unexpected_error_the_next_start_offers_the_work(tmp_path: Path) -> None:
    terminal = Terminal(RUN_FAILING, tmp_path)
    try:
        terminal.wait_for(FIRST_FRAME)
        # The edit, then Help, which now fails, at once: before any periodic autosave, so
        # the work is kept only by the write on the way out.
        os.write(terminal.master, EDIT + b"\r?")
        assert terminal.wait() == 1
    finally:
        terminal.close()
    assert list(state(tmp_path).glob("crash-*.txt"))  # the report, beside the work
    offered_and_restored(tmp_path)


def test_two_nnwb_started_at_once_never_both_offer_the_same_work(tmp_path: Path) -> None:
    """One claims the work left (its marker renamed, which succeeds once) and offers it; the
    other starts fresh and takes keys at once."""
    edit_and_kill(tmp_path)
    first, second = Terminal(RUN_NNWB, tmp_path), Terminal(RUN_NNWB, tmp_path)
    terminals = [first, second]
    try:
        # Each writes its marker, then claims and offers, in one step after its first frame.
        deadline = time.monotonic() + 60
        pids = {str(terminal.process.pid) for terminal in terminals}
        while not pids <= {path.name.removeprefix("running-") for path in state(tmp_path).glob("running-*")}:
            assert time.monotonic() < deadline, "both sessions marked as running"
            time.sleep(0.05)
        while not any(OFFER in terminal.output for terminal in terminals):
            assert time.monotonic() < deadline, "one offers the work"
            time.sleep(0.05)
        offering = first if OFFER in first.output else second
        fresh = second if offering is first else first
        os.write(fresh.master, EDIT + b"\r")  # no dialog in front: the edit goes into the cell
        fresh.wait_for(COMMITTED, timeout=30)
        assert OFFER not in fresh.output
        os.write(offering.master, b"\r")  # the one that offers restores it
        offering.wait_for(EDIT)
        for terminal in terminals:
            os.write(terminal.master, b"\x11")
            assert terminal.wait() == 0
    finally:
        for terminal in terminals:
            terminal.close()


def words_shown(terminal: Terminal) -> bytes:
    """What the app wrote, with the terminal's escapes, the dialog's borders and all spaces
    taken out: a dialog's words read across its wrapped lines."""
    return re.sub(rb"\x1b\[[0-9;?$>]*[A-Za-z]|\xe2\x94\x82|\s", b"", terminal.output)


def test_after_a_kill_the_offer_names_the_lesson_and_says_the_file_does_not_exist(tmp_path: Path) -> None:
    """``nnwb --lesson 5 lesson5.json`` (a new file), an edit, kill -9: the next ``nnwb`` says
    which lesson the work was done in, and that lesson5.json was never written."""
    new_file = tmp_path / "lesson5.json"
    terminal = Terminal(f"from tui.__main__ import main; main(['--lesson', '5', {str(new_file)!r}])", tmp_path)
    try:
        # The lesson's panel, not the matrices' hint: at 80x24 beside a lesson that line gives way to numbers.
        terminal.wait_for(b"Lesson 5/")
        os.write(terminal.master, EDIT + b"\r")
        wait_for_the_edit_autosaved(state(tmp_path))
        terminal.signal(signal.SIGKILL)
        assert terminal.wait() == -signal.SIGKILL
    finally:
        terminal.close()
    terminal = start(tmp_path)
    try:
        terminal.wait_for(OFFER)
        terminal.wait_for(b"Lesson 5/")
        deadline = time.monotonic() + 30
        while b"lesson5.json,whichdoesnotexist" not in words_shown(terminal):
            assert time.monotonic() < deadline, words_shown(terminal)[-3000:]
            time.sleep(0.05)
        assert not new_file.exists()
    finally:
        terminal.close()
