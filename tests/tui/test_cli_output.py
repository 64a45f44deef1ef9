"""Every command's standard output closed, full or cut off: exit status 3, one line on stderr
(none for a broken pipe), never a traceback. The real ``nnwb`` in a subprocess, as a shell runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from tui.document.state import Document
from tui.files import session_file

ROOT = Path(__file__).resolve().parents[2]  # this checkout, not an installed nnwb
COMMANDS = {  # what the message is prefixed with -> the arguments
    "nnwb run": ["run", "spiral"],
    "nnwb run --json": ["run", "spiral", "--json"],
    "nnwb check": ["check", "1", "hand-in.json"],
    "nnwb check --json": ["check", "1", "hand-in.json", "--json"],
    "nnwb lessons": ["lessons"],
    "nnwb lint": ["lint", "neuron"],
    "nnwb export": ["export", "spiral", "-o", "spiral.py"],
    "nnwb run --help": ["run", "--help"],
    "nnwb --help": ["--help"],
    "nnwb serve --help": ["serve", "--help"],
}


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    session_file.save(Document.from_preset("two-layers"), tmp_path / "hand-in.json")
    return tmp_path


def nnwb(args: list[str], folder: Path, shell_redirect: str = "",
         stdout: int | IO[str] | None = None) -> subprocess.CompletedProcess[str]:
    """``nnwb ARGS`` (as ``python -m tui``) with stderr captured; ``shell_redirect`` as a shell would apply it."""
    command = [sys.executable, "-m", "tui", *args]
    if shell_redirect:
        command = ["sh", "-c", f'exec "$@" {shell_redirect}', "sh", *command]
    return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, text=True, cwd=folder, timeout=60)


@pytest.fixture
def reader_gone() -> Iterator[int]:
    """A pipe whose reader has already gone: every write to it fails, as soon as ``| head -c 10``
    has its ten bytes (a real head races the writer: short output can fit in the pipe first)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    yield write_end
    os.close(write_end)


def command_name(said_as: str) -> str:
    return said_as.removesuffix(" --json").removesuffix(" --help")


@pytest.mark.slow  # a subprocess per command
@pytest.mark.parametrize("said_as", list(COMMANDS))
def test_a_closed_stdout_exits_3_with_one_line(said_as: str, here: Path) -> None:
    result = nnwb(COMMANDS[said_as], here, ">&-")

    assert result.returncode == 3
    assert result.stderr == f"{command_name(said_as)}: could not write to standard output: standard output is closed\n"


@pytest.mark.slow  # a subprocess per command
@pytest.mark.parametrize("said_as", list(COMMANDS))
def test_a_full_disk_exits_3_with_one_line(said_as: str, here: Path) -> None:
    with open("/dev/full", "w") as full:
        result = nnwb(COMMANDS[said_as], here, stdout=full)

    assert result.returncode == 3
    assert result.stderr == f"{command_name(said_as)}: could not write to standard output: No space left on device\n"


@pytest.mark.slow  # a subprocess per command
@pytest.mark.parametrize("said_as", list(COMMANDS))
def test_a_pipe_closed_early_exits_3_quietly(said_as: str, here: Path, reader_gone: int) -> None:
    result = nnwb(COMMANDS[said_as], here, stdout=reader_gone)

    assert (result.returncode, result.stderr) == (3, "")


@pytest.mark.slow  # a subprocess
def test_a_command_that_is_refused_keeps_its_status_when_stdout_is_closed(here: Path) -> None:
    result = nnwb(["run", "no-such-file.json"], here, ">&-")

    assert result.returncode == 2 and result.stderr.startswith("nnwb run: no-such-file.json: no such file")
    assert "standard output" not in result.stderr


@pytest.mark.slow  # a subprocess
def test_the_exported_file_is_written_when_only_the_report_cannot_be(here: Path) -> None:
    with open("/dev/full", "w") as full:
        result = nnwb(["export", "spiral", "-o", "spiral.py"], here, stdout=full)

    assert result.returncode == 3
    assert "class Layer_Dense:" in (here / "spiral.py").read_text()


@pytest.mark.slow  # a subprocess
def test_stdout_and_stderr_both_closed_exit_3_without_a_word(here: Path) -> None:
    result = nnwb(["run", "spiral"], here, ">&- 2>&-")

    assert result.returncode == 3


def test_help_documents_exit_status_3(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli.headless import main

    for command in ("run", "export", "check", "lessons", "lint"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "3 when standard output cannot be written" in " ".join(capsys.readouterr().out.split())
    from tui.cli.headless import EPILOG  # nnwb --help's

    assert "Every command exits 3 when standard output cannot be written" in EPILOG
