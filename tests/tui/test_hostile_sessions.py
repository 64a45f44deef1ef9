"""A session file is a student's hand-in: its values (an activation, a dtype, an optimizer, an
unknown key, a label) and its name reach the teacher's terminal through ``nnwb run``, ``check``,
``export`` and ``nnwb FILE``, and the workbench's Open dialog. A control character in them is
shown as its escape, never sent; a long value is quoted cut, never whole (a 5 MB activation
name froze the Open dialog for 11 s)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tui.conftest import region_text, screen_text, wait_for
from tests.tui.test_session_file import _with
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.files import session_file
from tui.screens.file_dialog import FileScreen

ROOT = Path(__file__).resolve().parents[2]
EVIL = "\x1b]0;pwned\x07\x1b[2J\x9b31m"
SHOWN = r"\x1b]0;pwned\x07\x1b[2J\x9b31m"

HOSTILE = {  # a value of the file, and what the refusal shows of it
    "activation": (_with("layers.0.activation", "relu" + EVIL), rf'no activation called "relu{SHOWN}"'),
    "dtype": (_with("dtype", EVIL), f'dtype: "{SHOWN}"'),
    "optimizer": (_with("training", {"optimizer": EVIL}), f'no optimizer called "{SHOWN}"'),
    "data": (_with("training", {"data": EVIL}), f'training.data: "{SHOWN}"'),
    "unknown key": (_with(f"layers.0.{EVIL}", 1), f'unknown key "{SHOWN}"'),
    "label": (_with("labels", [0, EVIL]), f'labels[1]: "{SHOWN}"'),
    "format": (_with("format", EVIL), f'format "{SHOWN}"'),
    "view": (_with("weights_view", EVIL), f'weights_view: "{SHOWN}"'),
    "lone surrogate": (_with("layers.0.activation", "relu\ud800\u202e"), r'no activation called "relu\ud800\u202e"'),
    "key twice": ("{" + f'{json.dumps(EVIL)}: 1, {json.dumps(EVIL)}: 2, "format": "nnwb"' + "}",
                  f'the key "{SHOWN}" is written more than once'),
}


def nnwb(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=tmp_path, env=env, capture_output=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def never_sent(done: subprocess.CompletedProcess[bytes]) -> str:
    """stderr as text, once it is sure neither stream holds a control character but newlines."""
    for stream in (done.stdout, done.stderr):
        assert not any(byte < 0x20 and byte not in b"\n\t" or byte == 0x7F for byte in stream), stream
        assert "\x9b" not in stream.decode("utf-8"), stream
    return done.stderr.decode("utf-8")


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_value_is_printed_escaped_by_every_command(tmp_path: Path, case: str) -> None:
    text, said = HOSTILE[case]
    (tmp_path / "hand-in.json").write_text(text, encoding="utf-8")
    for args in (["run", "hand-in.json"], ["check", "neuron", "hand-in.json"], ["export", "hand-in.json", "-o", "x.py"],
                 ["hand-in.json"]):
        done = nnwb(tmp_path, *args)
        assert done.returncode == 2, (args, done)
        assert said in never_sent(done), (args, done.stderr)


def test_a_hand_ins_name_is_printed_escaped(tmp_path: Path) -> None:
    name = f"evil{EVIL}.json"
    session_file.save(Document.from_preset("single-neuron"), tmp_path / name)
    done = nnwb(tmp_path, "run", name)
    assert done.returncode == 0 and never_sent(done) == ""
    assert done.stdout.decode().startswith(rf"evil{SHOWN}.json (float64): 1 samples")
    done = nnwb(tmp_path, "export", name, "-o", f"out{EVIL}.json")
    assert done.returncode == 0 and never_sent(done) == ""
    assert done.stdout.decode() == f"wrote {tmp_path}/out{SHOWN}.json\n"


def test_a_five_megabyte_value_is_quoted_cut(tmp_path: Path) -> None:
    (tmp_path / "big.json").write_text(_with("layers.0.activation", "s" * 5_000_000), encoding="utf-8")
    done = nnwb(tmp_path, "run", "big.json")
    said = never_sent(done)
    assert done.returncode == 2 and len(said) < 400, said[:1000]
    assert f'no activation called "{"s" * 80}… (4,999,920 more characters)"' in said


async def test_the_open_dialog_shows_a_hostile_files_refusal_escaped_and_keeps_the_state(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "evil.json").write_text(HOSTILE["activation"][0], encoding="utf-8")
    (tmp_path / "big.json").write_text(_with("layers.0.activation", "s" * 5_000_000), encoding="utf-8")
    app = WorkbenchApp(preset="two-layers")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before, version = session_file.dumps(app.document), app.document.version
        for name, said in (("evil.json", rf"relu{SHOWN}"), ("big.json", "… (4,999,920 more characters)")):
            await pilot.press("ctrl+o")
            await wait_for(pilot, lambda: isinstance(app.screen, FileScreen), "the Open dialog")
            await pilot.press(*name, "enter")
            await wait_for(pilot, lambda: "no activation called" in screen_text(app), "the refusal", tries=500)
            shown = screen_text(app)
            assert "\x1b" not in shown and "\x9b" not in shown
            message = "".join(region_text(app, app.screen.query_one("#file-message")).split()).replace("│", "")
            assert said.replace(" ", "") in message, message
            assert "s" * 81 not in message  # the 5 MB name is quoted at most 80 characters long
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, FileScreen), "the dialog closes")
        assert session_file.dumps(app.document) == before and app.document.version == version
