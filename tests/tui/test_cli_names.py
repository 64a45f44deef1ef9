"""File names that are not UTF-8, and names made to break out of a script, through ``nnwb run``,
``check`` and ``export``: what is printed is valid UTF-8 (the bad byte as ``\\xff``), and an
exported script runs no code of its name. The real ``nnwb`` in a subprocess, given the bytes."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tui.document.state import Document
from tui.files import session_file

ROOT = Path(__file__).resolve().parents[2]  # this checkout, not an installed nnwb


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    return tmp_path


def nnwb(*args: str | bytes, folder: Path) -> subprocess.CompletedProcess[bytes]:
    """``nnwb ARGS`` with the arguments' bytes as a shell passes them; output as bytes, undecoded."""
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, cwd=folder, timeout=60)


def utf8(output: bytes) -> str:
    return output.decode("utf-8")  # strict: a lone surrogate or a raw \xff byte fails here


def spiral_session(folder: Path, name: bytes) -> None:
    session_file.save(Document.from_preset("spiral"), Path(os.fsdecode(folder / os.fsdecode(name))))


@pytest.mark.slow  # subprocesses
def test_export_to_a_non_utf8_name_writes_the_script_and_says_its_name_escaped(here: Path) -> None:
    result = nnwb("export", "spiral", "-o", b"out\xffname.py", folder=here)

    assert result.returncode == 0, result.stderr
    assert utf8(result.stdout) == f"wrote {here}/out\\xffname.py\n"
    script = here / os.fsdecode(b"out\xffname.py")  # the name itself, byte for byte
    docstring = ast.get_docstring(ast.parse(script.read_bytes()))
    assert docstring is not None and "python out\\xffname.py" in docstring
    printed = subprocess.run([sys.executable, os.fsencode(script)], capture_output=True, text=True, check=True).stdout
    assert printed.endswith(f"loss: {np.float32(Document.from_preset('spiral').trace.loss)!s}\nacc: 0.34\n")


@pytest.mark.slow  # subprocesses
def test_export_of_a_session_file_to_a_non_utf8_name(here: Path) -> None:
    result = nnwb("export", "two-layers", "-o", b"lesson\xff.json", folder=here)

    assert result.returncode == 0 and utf8(result.stdout) == f"wrote {here}/lesson\\xff.json\n"
    document, _ = session_file.load(here / os.fsdecode(b"lesson\xff.json"))
    assert document.network.layer_sizes == Document.from_preset("two-layers").network.layer_sizes


@pytest.mark.slow  # subprocesses
def test_check_json_of_a_non_utf8_name_is_valid_utf8_json(here: Path) -> None:
    spiral_session(here, b"hand\xffin.json")

    result = nnwb("check", "1", b"hand\xffin.json", "--json", folder=here)

    assert result.returncode in (0, 1), result.stderr
    report = json.loads(utf8(result.stdout))
    assert report["session"] == "hand\\xffin.json"
    json.dumps(report, ensure_ascii=False).encode("utf-8")  # no lone surrogate anywhere in it


@pytest.mark.slow  # subprocesses
def test_check_and_run_print_a_non_utf8_name_escaped(here: Path) -> None:
    spiral_session(here, b"hand\xffin.json")

    checked = nnwb("check", "1", b"hand\xffin.json", folder=here)
    ran = nnwb("run", b"hand\xffin.json", folder=here)
    ran_json = nnwb("run", b"hand\xffin.json", "--json", folder=here)

    assert utf8(checked.stdout).splitlines()[0].endswith(" · hand\\xffin.json")
    assert utf8(ran.stdout).startswith("hand\\xffin.json (float32): 300 samples")
    assert json.loads(utf8(ran_json.stdout))["source"] == "hand\\xffin.json"


@pytest.mark.slow  # subprocesses
@pytest.mark.parametrize("command", [["run"], ["export", "spiral", "-o"], ["check", "1"]])
def test_a_missing_non_utf8_name_is_refused_in_one_line_with_the_byte_escaped(command: list[str], here: Path) -> None:
    result = nnwb(*command, b"gone\xff.json" if command != ["export", "spiral", "-o"] else b"no\xff/x.py", folder=here)

    assert result.returncode == 2 and result.stdout == b""
    said = utf8(result.stderr)
    assert said.count("\n") == 1 and "Traceback" not in said
    assert "gone\\xff.json" in said or "no\\xff/x.py" in said


HOSTILE_NAMES = [
    'a""".py',  # would close the docstring
    'b\n"""; open("PWNED", "w") #.py',  # closes it and writes a file
    'c\\"""; open("PWNED", "w") #.py',  # a backslash to escape the first quote
    'd"\\.py',  # a backslash before the docstring's own text
    'e".py',  # a quote with the template's text after it
    "$(touch PWNED).py",  # for the shell the docstring's command is pasted into
    "f\u2028\u2029\x85\r.py",  # Unicode's and old Macs' line ends
    "g\x1b]0;pwned\x07.py",  # a terminal escape, for whoever cats the script
    "h\\N{BULLET}\\x41.py",  # escapes that Python would read in a string
]


@pytest.mark.slow  # a script run per name
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_an_exported_script_runs_no_code_of_its_name(name: str, here: Path) -> None:
    before = set(os.listdir(here))
    result = nnwb("export", "spiral", "-o", name, folder=here)

    assert result.returncode == 0, result.stderr
    source = (here / name).read_text(encoding="utf-8")
    assert not any(ch in source for ch in "\x1b\x07\r\x85\u2028\u2029")  # each written as its escape
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring is not None and f"`python {name}`" in docstring  # it reads back as the name, exactly
    printed = subprocess.run([sys.executable, name], capture_output=True, text=True, cwd=here, timeout=60, check=True)
    assert printed.stdout.endswith("acc: 0.34\n") and printed.stderr == ""
    assert set(os.listdir(here)) - before == {name}  # and no PWNED


@pytest.mark.slow  # a script run
def test_a_session_files_preset_name_reaches_the_script_only_as_a_known_presets_title(here: Path) -> None:
    session_file.save(Document.from_preset("two-layers"), here / "hand-in.json")
    data = json.loads((here / "hand-in.json").read_text())
    data["preset"] = '"""\nopen("PWNED", "w")\n"""'  # the one free text a session file gives a script's header
    (here / "hand-in.json").write_text(json.dumps(data))

    assert nnwb("export", "hand-in.json", "-o", "out.py", folder=here).returncode == 0

    source = (here / "out.py").read_text()
    assert "PWNED" not in source and source.startswith('"""A network from nnwb\n')
    subprocess.run([sys.executable, "out.py"], capture_output=True, cwd=here, timeout=60, check=True)
    assert not (here / "PWNED").exists()
