"""Issue 11: the book's chapter code on ``from engine.book import *`` prints the book's numbers.

Each script in chapters/ does what a chapter's user code does (the data, the loop, the
prints), with ``nnfs.init()`` as the book has it, against engine.book's classes. The
expected files in expected/ are what the book's own code prints (Sentdex/nnfs_book at
9cf2fc48, run with NumPy 2.4.6 and nnfs 0.5.1, epochs cut as the scripts cut them, and a
last line printing the final ``loss`` in full). The book's printed text (from an older
NumPy) differs from its own code run today in a few float32 last digits (chapter 4's
``0.33333316``, chapter 16's epochs 300-600), so the numbers its code prints now are the
reference. The comparison is line for line, every number, at every printed epoch: runs
that parted at any step would not print the same 3-decimal losses 10 times over.

Chapters 19-21 (ch21.py) train the Model in batches, save its parameters and the whole
model, load both and go on training; the book's code for them (taken from chapter 22's
file, which has every class) ran the same script on the spiral data, as Fashion-MNIST
cannot be fetched here, and pickled where engine.book writes .npz files.

Each script runs in its own process: nnfs.init() patches NumPy for the whole process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHAPTERS = sorted(path.stem for path in (HERE / "chapters").glob("ch*.py"))


def run_chapter(name: str, folder: Path) -> str:
    """The script's output; ``folder`` is where a script may write files (chapter 21's)."""
    # One BLAS thread: on a shared 2-core machine OpenBLAS's two threads mostly wait for
    # each other (chapter 17 took 20 s with two, 2 s with one), and the printed numbers
    # are the same either way (each output element is summed by one thread).
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, str(HERE / "chapters" / f"{name}.py"), str(folder)],
        capture_output=True, text=True, cwd=ROOT, env=environment, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_chapter_has_its_books_numbers() -> None:
    assert CHAPTERS == ["ch03", "ch04", "ch05", "ch09", "ch10", "ch14", "ch15", "ch16", "ch17", "ch18", "ch21"]
    assert {path.stem for path in (HERE / "expected").glob("*.out")} == set(CHAPTERS)


@pytest.mark.slow  # a subprocess per chapter, some training for seconds
@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_prints_what_the_books_code_prints(name: str, tmp_path: Path) -> None:
    expected = (HERE / "expected" / f"{name}.out").read_text().splitlines()
    printed = run_chapter(name, tmp_path).splitlines()
    for number, (ours, book) in enumerate(zip(printed, expected), start=1):
        assert ours == book, f"{name}.py line {number}"
    assert len(printed) == len(expected)
