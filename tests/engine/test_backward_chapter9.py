"""Issue 17: in the nnfs mode the backward stages are the book's chapter 9 code's numbers, to the bit.

The book's own Chapter_9/Ch9_Final.py (read from the book's repository, never copied here)
runs in a subprocess, as nnfs.init() patches NumPy for the whole process; then its classes
run again on the spiral preset's network. Every gradient comes back through np.savez, so the
comparison is of bits, not printed digits. Without the book's repository, the digits its
code printed (tests/book/expected) are the reference.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import Dense, Network, ReLU, Softmax, Step, spiral_data
from engine.precision import nnfs_mode
from tests.engine.test_backward_trace import same
from tui.document.label_values import label_array
from tui.document.state import Document

ROOT = Path(__file__).resolve().parents[2]
BOOK_REPO = Path("/work/.mirror/Sentdex+nnfs_book/repo")
BOOK_CHAPTER_9 = r'''
import contextlib, io, subprocess, sys
import numpy as np

git_dir, preset, out = sys.argv[1:4]
source = subprocess.run(["git", "--git-dir", git_dir, "show", "HEAD:Chapter_9/Ch9_Final.py"],
                        capture_output=True, text=True, check=True).stdout
book = {"__name__": "__main__"}
with contextlib.redirect_stdout(io.StringIO()):
    exec(compile(source, "Ch9_Final.py", "exec"), book)  # nnfs.init(), the data, the network, one backward pass


def saved(prefix, X, dense1, activation1, dense2, loss_activation, loss):
    return {f"{prefix}{name}": np.asarray(value) for name, value in dict(
        X=X, w1=dense1.weights, w2=dense2.weights, loss=loss, softmax=loss_activation.output,
        dz2=loss_activation.dinputs, dw2=dense2.dweights, db2=dense2.dbiases, dinputs2=dense2.dinputs,
        dz1=activation1.dinputs, dw1=dense1.dweights, db1=dense1.dbiases, dinputs1=dense1.dinputs).items()}


arrays = saved("chapter_", *(book[name] for name in ("X", "dense1", "activation1", "dense2", "loss_activation", "loss")))
with np.load(preset) as given:  # the spiral preset's network, through the same classes
    dense1, dense2 = book["Layer_Dense"](2, 3), book["Layer_Dense"](3, 3)
    dense1.weights, dense1.biases, dense2.weights, dense2.biases = (given[k] for k in ("w1", "b1", "w2", "b2"))
    X, y = given["X"], given["y"]
activation1, loss_activation = book["Activation_ReLU"](), book["Activation_Softmax_Loss_CategoricalCrossentropy"]()
dense1.forward(X)
activation1.forward(dense1.output)
dense2.forward(activation1.output)
loss = loss_activation.forward(dense2.output, y)
loss_activation.backward(loss_activation.output, y)
dense2.backward(loss_activation.dinputs)
activation1.backward(dense2.dinputs)
dense1.backward(activation1.dinputs)
arrays.update(saved("preset_", X, dense1, activation1, dense2, loss_activation, loss))
np.savez(out, **arrays)
'''


def chapter_9_document() -> Document:
    """The book's chapter 9 network (nnfs.init(), spiral_data(100, 3), Dense(2, 3) + ReLU,
    Dense(3, 3) + softmax, weights 0.01 * randn) as a workbench document."""
    dtype = nnfs_mode(0)
    X, y = spiral_data(100, 3, dtype=dtype)
    network = Network([Step(Dense(2, 3, dtype=dtype), ReLU()), Step(Dense(3, 3, dtype=dtype), Softmax())])
    return Document(network, X, label_array(y, dtype), dtype)


def assert_the_books_numbers(document: Document, book: dict[str, np.ndarray], prefix: str) -> None:
    backward = document.backward
    assert backward is not None and backward.fused
    first, second = backward.layers
    same(document.inputs, book[f"{prefix}X"], "X")
    same(document.network.steps[0].dense.weights, book[f"{prefix}w1"], "W1")
    same(document.network.steps[1].dense.weights, book[f"{prefix}w2"], "W2")
    assert np.float32(backward.loss) == book[f"{prefix}loss"] and backward.loss == float(book[f"{prefix}loss"])
    same(backward.output, book[f"{prefix}softmax"], "softmax")
    for ours, theirs in ((backward.dvalues, "dz2"), (second.dvalues, "dz2"), (second.dz, "dz2"), (second.dweights, "dw2"),
                         (second.dbiases, "db2"), (second.dinputs, "dinputs2"), (first.dvalues, "dinputs2"),
                         (first.dactivation, "dinputs2"), (first.dz, "dz1"), (first.dweights, "dw1"),
                         (first.dbiases, "db1"), (first.dinputs, "dinputs1")):
        same(ours, book[f"{prefix}{theirs}"], theirs)


@pytest.mark.slow  # the book's code in a subprocess (about a second)
def test_the_stages_are_the_books_chapter_9_code_to_the_bit(tmp_path: Path) -> None:
    if not BOOK_REPO.is_dir() or shutil.which("git") is None:
        pytest.skip("the book's repository (Sentdex/nnfs_book) is not on this machine")
    preset = Document.from_preset("spiral")
    steps = preset.network.steps
    assert preset.labels is not None
    np.savez(tmp_path / "preset.npz", X=preset.inputs, y=preset.labels, w1=steps[0].dense.weights, b1=steps[0].dense.biases,
             w2=steps[1].dense.weights, b2=steps[1].dense.biases)
    subprocess.run([sys.executable, "-c", BOOK_CHAPTER_9, str(BOOK_REPO), str(tmp_path / "preset.npz"), str(tmp_path / "book.npz")],
                   check=True, cwd=tmp_path, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"}, timeout=120)
    with np.load(tmp_path / "book.npz") as saved:
        book = {name: saved[name] for name in saved.files}
    assert book["chapter_dw1"].dtype == np.float32
    assert_the_books_numbers(chapter_9_document(), book, "chapter_")
    assert_the_books_numbers(preset, book, "preset_")


def test_the_chapter_9_gradients_print_as_the_books_code_printed_them() -> None:
    # tests/book/expected/ch09.out is what the book's Ch9_Final.py printed (tests/book/test_chapters.py).
    expected = (ROOT / "tests" / "book" / "expected" / "ch09.out").read_text().splitlines()
    backward = chapter_9_document().backward
    assert backward is not None
    first, second = backward.layers
    printed = [f"loss: {np.float32(backward.loss)!s}"] + "\n".join(
        str(matrix) for matrix in (first.dweights, first.dbiases, second.dweights, second.dbiases)).splitlines()
    assert printed[0] in expected
    assert printed[1:] == expected[-len(printed) + 1:]
