"""The folders of servers killed outright are cleared by the next server; ``nnwb --help`` names serve.

No textual-serve needed: the folders are plain files, and --help is argparse's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.serve.served import ROOT
from tui.serve.folders import make_server_folder, remove_stale_server_folders


def dead_pid() -> int:
    """The process id of a process that has ended (and been waited for)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_dead_servers_folder_goes_and_a_running_ones_stays(tmp_path: Path) -> None:
    dead = tmp_path / f"nnwb-serve-{dead_pid()}-abc123"
    (dead / "tab-xyz" / "nnwb").mkdir(parents=True)
    (dead / "tab-xyz" / "nnwb" / "autosave.json").write_text("{}")
    mine = tmp_path / f"nnwb-serve-{os.getpid()}-def456"  # this process: running
    mine.mkdir()
    older = tmp_path / "nnwb-serve-k2j3h4"  # an nnwb before the id was in the name: cannot tell
    older.mkdir()
    other = tmp_path / "unrelated"
    other.mkdir()

    assert remove_stale_server_folders(tmp_path) == [dead]

    assert not dead.exists()
    assert mine.is_dir() and older.is_dir() and other.is_dir()


def test_a_live_process_that_is_not_a_server_does_not_keep_a_folder(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        reused = tmp_path / f"nnwb-serve-{sleeper.pid}-abc123"  # the id taken by another program since
        reused.mkdir()
        assert remove_stale_server_folders(tmp_path) == [reused] if sys.platform.startswith("linux") else []
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_new_servers_folder_carries_its_process_id(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    folder = make_server_folder()
    assert folder.parent == tmp_path and folder.name.startswith(f"nnwb-serve-{os.getpid()}-")
    assert folder.stat().st_mode & 0o777 == 0o700
    assert remove_stale_server_folders(tmp_path) == []  # its server (this process) runs


def test_nnwb_help_lists_serve() -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "--help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert "nnwb serve [--host H] [--port P] [--lesson NAME]" in result.stdout
