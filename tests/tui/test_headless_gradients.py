"""The backward pass without the UI: ``nnwb run --json``'s gradients, and ``nnwb export --backward``'s
script, which prints them with the book's class names. Both give the book's chapter 9 numbers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import Dense, Network, ReLU, Softmax, Step, nnfs_mode, spiral_data
from tui.cli.headless import main
from tui.document.state import Document
from tui.files import session_file

ROOT = Path(__file__).resolve().parents[2]
BOOK = Path("/work/.mirror/Sentdex+nnfs_book/repo")  # the book's own code, where this machine has it
EXPECTED = ROOT / "tests" / "book" / "expected" / "ch09.out"  # what the book's chapter 9 code prints


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)


def book_network_file(folder: Path) -> Path:
    """The book's chapter 9 network as a session file: nnfs.init(), spiral_data(100, 3), then
    Layer_Dense(2, 3) and Layer_Dense(3, 3) drawn in that order (0.01 * randn), ReLU and softmax."""
    dtype = nnfs_mode(0)
    X, y = spiral_data(samples=100, classes=3, dtype=dtype)
    first = Dense(2, 3, weight_scale=0.01, dtype=dtype)
    second = Dense(3, 3, weight_scale=0.01, dtype=dtype)
    document = Document(Network([Step(first, ReLU()), Step(second, Softmax())]), X, y.astype(np.int64), np.dtype(dtype))
    path = folder / "chapter9.json"
    session_file.save(document, path, None)
    return path


def run_json(source: str, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    assert main(["run", source, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def printed_arrays(text: str) -> list[str]:
    """Each NumPy array a script printed (the text from "[[" to "]]"), in order."""
    return re.findall(r"\[\[.*?\]\]", text, flags=re.DOTALL)


def test_run_json_gradients_are_the_books_chapter_9_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(str(book_network_file(tmp_path)), capsys)
    layers = report["gradients"]
    assert [np.shape(layer["dweights"]) for layer in layers] == [(2, 3), (3, 3)]  # stored: inputs × neurons
    assert [np.shape(layer["dinputs"]) for layer in layers] == [(300, 2), (300, 3)]
    assert np.shape(report["dvalues"]) == (300, 3)
    ours = [np.array(layer[key], dtype=np.float32) for layer in layers for key in ("dweights", "dbiases")]
    # The book prints dense1.dweights, dense1.dbiases, dense2.dweights, dense2.dbiases last.
    book = printed_arrays(EXPECTED.read_text(encoding="utf-8"))[-4:]
    assert [str(array) for array in ours] == book


@pytest.mark.skipif(not BOOK.exists(), reason="the book's own code is not on this machine")
def test_run_json_gradients_are_the_books_own_code_s_to_the_bit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(str(book_network_file(tmp_path)), capsys)
    source = subprocess.run(["git", f"--git-dir={BOOK}", "show", "HEAD:Chapter_9/Ch9_Final.py"],
                            capture_output=True, text=True, check=True).stdout
    # The book's code, run as it is; then its gradients, every bit, as hex.
    dump = "\nprint('|'.join(a.astype('float32').tobytes().hex() for a in (dense1.dweights, dense1.dbiases, " \
           "dense2.dweights, dense2.dbiases, loss_activation.dinputs)))\n"
    book = subprocess.run([sys.executable, "-c", source + dump], capture_output=True, text=True, check=True, timeout=60)
    theirs = book.stdout.strip().splitlines()[-1].split("|")
    layers = report["gradients"]
    ours = [np.array(layer[key], dtype=np.float32) for layer in layers for key in ("dweights", "dbiases")]
    ours.append(np.array(report["dvalues"], dtype=np.float32))
    assert [array.tobytes().hex() for array in ours] == theirs


def test_run_json_has_null_gradients_without_a_loss(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = Document.from_preset("spiral")
    document.set_activation(1, "relu")  # a ReLU output: no loss
    session_file.save(document, tmp_path / "relu.json", None)
    report = run_json(str(tmp_path / "relu.json"), capsys)
    assert report["gradients"] is None and report["dvalues"] is None


@pytest.mark.slow  # a subprocess
@pytest.mark.parametrize("source", ["book", "spiral", "ch16-binary", "ch17-regression", "l1"])
def test_the_exported_backward_script_prints_run_json_s_gradients(source: str, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    if source == "book":
        source = str(book_network_file(tmp_path))
    elif source == "l1":  # L1 too (ch16-binary has L2): the book's chapter 14 terms in Layer_Dense.backward
        document = Document.from_preset("spiral")
        document.network.steps[0].dense.set_regularizers(weight_l1=1e-3, weight_l2=5e-4, bias_l1=2e-3, bias_l2=5e-4)
        session_file.save(document, tmp_path / "l1.json", None)
        source = str(tmp_path / "l1.json")
    report = run_json(source, capsys)
    script = tmp_path / "backward.py"
    assert main(["export", source, "-o", str(script), "--backward"]) == 0
    text = script.read_text(encoding="utf-8")
    assert "dense1.backward(" in text and "def backward(self, dvalues" in text
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    printed = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=60,
                             env=environment).stdout
    # Each gradient in the dtype the engine holds it (a float32 network's dbiases are float64
    # when int64 labels widen its loss's gradient, as the book's arithmetic does).
    from tui.cli.headless import load_source

    backward = load_source(source)[0].backward
    assert backward is not None
    blocks = {name: printed.split(f"{name}:\n", 1)[1] for name in
              [f"dense{n}.{g}" for n in range(1, len(report["gradients"]) + 1) for g in ("dweights", "dbiases")]}
    for number, layer in enumerate(report["gradients"], start=1):
        for key in ("dweights", "dbiases"):
            held = np.atleast_2d(getattr(backward.layer(number), key))
            assert np.array_equal(np.array(layer[key], dtype=held.dtype), held)  # run --json: every bit
            shown = printed_arrays(blocks[f"dense{number}.{key}"])[0]
            assert shown == str(held), (number, key)  # the script: as NumPy prints it


def test_export_backward_is_refused_without_a_loss(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = Document.from_preset("spiral")
    document.toggle_labels()
    session_file.save(document, tmp_path / "nolabels.json", None)
    assert main(["export", str(tmp_path / "nolabels.json"), "-o", str(tmp_path / "x.py"), "--backward"]) == 1
    assert "--backward needs a loss to differentiate" in capsys.readouterr().err
    assert not (tmp_path / "x.py").exists()


def test_export_backward_is_for_a_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "spiral", "-o", str(tmp_path / "x.json"), "--backward"]) == 2
    assert "--backward is for a .py script" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()
