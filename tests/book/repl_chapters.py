"""Chapters 2-19 as a learner types them into a REPL: what to run, with which of the book's classes.

nnwb's own statement scripts (repl/chNN.py, one per chapter 2-19, written for nnwb in each
chapter's spirit) run with ``from engine.book import *``; ``BOOK_CLASSES`` names the book file
whose classes stand in that line's place to make their expected transcripts (repl/chNN.output,
``make_repl_transcripts.py``). Chapters 2, 7 and 8 use no class (NumPy only: the book's
chapter 2 has none yet, 7 and 8 are about derivatives); 11-13 run on chapter 10's classes (the
book's chapter 11 file defines none, 12 and 13 have no file).

The book's own statements, for an extra test that needs its clone: ``chapter_input(name)``
reads the chapter's file from a clone of Sentdex/nnfs_book (never copied into nnwb) and
gives its imports and ``nnfs.init()``, a ``from engine.book import *`` line where its
classes stood, and the statements after them, cut as CHAPTERS lists (fewer epochs: 1,001 as
tests/book/chapters runs them, fewer for chapters 15 and 18; chapter 19 on stand-in
Fashion-MNIST data, as the images cannot be fetched here); with the chapter's own classes
for the book's side; their transcripts are repl/book_files/chNN.output. ``run_session`` runs such an input
through ``tests/book/repl.py`` in a process of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

from tests.book.book_source import COMMIT, book_file, chapter_parts
from tests.book.repl import MARKER

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCRIPTS = HERE / "repl"  # nnwb's statement scripts chNN.py and their transcripts chNN.output
BOOK_FILES = SCRIPTS / "book_files"  # transcripts of the book's own statements (CHAPTERS)

# The book file whose classes replace a script's star import (None: the script uses none).
BOOK_CLASSES: dict[str, str | None] = {
    "ch02": None,
    "ch03": "Chapter_3/Ch3_Final.py",
    "ch04": "Chapter_4/Ch4_Final.py",
    "ch05": "Chapter_5/Ch5_Final.py",
    "ch06": "Chapter_6/Ch6_final.py",
    "ch07": None,
    "ch08": None,
    "ch09": "Chapter_9/Ch9_Final.py",
    "ch10": "Chapter_10/Ch10_Final.py",
    "ch11": "Chapter_10/Ch10_Final.py",
    "ch12": "Chapter_10/Ch10_Final.py",
    "ch13": "Chapter_10/Ch10_Final.py",
    "ch14": "Chapter_14/Ch14_Final.py",
    "ch15": "Chapter_15/Ch15_Final.py",
    "ch16": "Chapter_16/Ch16_Final.py",
    "ch17": "Chapter_17/Ch17_Final.py",
    "ch18": "Chapter_18/Ch18_Final.py",
    "ch19": "Chapter_19/Ch19_Final.py",
}


def script_classes(name: str) -> str:
    """The book's classes for nnwb's script ``name`` (read from the clone), or nothing."""
    path = BOOK_CLASSES[name]
    return "" if path is None else chapter_parts(book_file(path)).classes

# Chapter 19's data: Fashion-MNIST's shapes and types (28 x 28 uint8 images, uint8 labels
# 0-9), 1,000 training and 200 test images: a pattern per class plus noise, from a seeded
# generator of its own (the global one, which the chapter shuffles with, is not touched).
STAND_IN = '''def stand_in_fashion_mnist():
    random = np.random.RandomState(19)
    labels = random.randint(0, 10, 1200).astype('uint8')
    patterns = random.randint(0, 256, (10, 28, 28))
    noise = random.randint(-60, 61, (1200, 28, 28))
    images = np.clip(patterns[labels] + noise, 0, 255).astype('uint8')
    return images[:1000], labels[:1000], images[1000:], labels[1000:]
'''


class Chapter(NamedTuple):
    files: tuple[str, ...]
    cuts: tuple[tuple[str, str], ...] = ()  # (the book's text, what runs instead), each found once


EPOCHS_1001 = (("for epoch in range(10001):", "for epoch in range(1001):"),)
CHAPTERS: dict[str, Chapter] = {
    "ch02": Chapter(("Chapter_2/Ch2_Final.py",)),
    "ch03": Chapter(("Chapter_3/Ch3_Final.py",)),
    "ch04": Chapter(("Chapter_4/Ch4_Final.py",)),
    "ch05": Chapter(("Chapter_5/Ch5_Final.py",)),
    # The book's file uses vertical_data without importing it (its text imports it).
    "ch06": Chapter(("Chapter_6/Ch6_final.py",), (
        ("from nnfs.datasets import spiral_data\n", "from nnfs.datasets import spiral_data, vertical_data\n"),
        ("for iteration in range(10000):", "for iteration in range(1000):"),
    )),
    "ch09": Chapter(("Chapter_9/Ch9_Final.py",)),
    "ch10": Chapter(("Chapter_10/Ch10_Final.py", "Chapter_11/Ch11_Final.py"), EPOCHS_1001),
    "ch14": Chapter(("Chapter_14/Ch14_Final.py",), EPOCHS_1001),
    # 3,000 samples through 64 neurons: 201 epochs, to keep the test's run short.
    "ch15": Chapter(("Chapter_15/Ch15_Final.py",), (("for epoch in range(10001):", "for epoch in range(201):"),)),
    "ch16": Chapter(("Chapter_16/Ch16_Final.py",), EPOCHS_1001),
    # The plot is left out: matplotlib echoes objects whose addresses differ run to run.
    "ch17": Chapter(("Chapter_17/Ch17_Final.py",), EPOCHS_1001 + (
        ("import matplotlib.pyplot as plt\n", ""),
        ("plt.plot(X_test, y_test)\n", ""),
        ("plt.plot(X_test, activation3.output)\n", ""),
        ("plt.show()\n", ""),
    )),
    # 3,000 samples through 512 neurons: 100 epochs, one line and the validation.
    "ch18": Chapter(("Chapter_18/Ch18_Final.py",), (("epochs=10000, print_every=100)", "epochs=100, print_every=100)"),)),
    "ch19": Chapter(("Chapter_19/Ch19_Final.py",), (
        ("import cv2\n", ""),
        ("X, y, X_test, y_test = create_data_mnist('fashion_mnist_images')\n",
         STAND_IN + "X, y, X_test, y_test = stand_in_fashion_mnist()\n"),
    )),
}

def chapter_input(name: str) -> tuple[str, str]:
    """(the input's text, the book's classes for it): read from the clone of the book."""
    chapter = CHAPTERS[name]
    first = chapter_parts(book_file(chapter.files[0]))
    statements = first.statements + "".join(chapter_parts(book_file(path)).statements for path in chapter.files[1:])
    text = first.header + MARKER + "\n" + statements
    for old, new in chapter.cuts:
        if text.count(old) != 1:
            raise SystemExit(f"{name}: {old!r} is in the book's text {text.count(old)} times, not once")
        text = text.replace(old, new)
    sources = " and ".join(chapter.files)
    cuts = "; ".join(f"{old.strip()!r} -> {new.strip()[:60]!r}" for old, new in chapter.cuts) or "none"
    heading = (
        f"# {sources} of Sentdex/nnfs_book at {COMMIT}: its statements after its classes, made by\n"
        f"# tests/book/repl_chapters.py. Cuts: {cuts}\n"
    )
    return heading + text, first.classes


def run_session(input_path: Path, classes: str | None = None) -> subprocess.CompletedProcess[str]:
    """What the REPL shows running ``input_path`` (with ``classes`` at its marker):
    ``tests/book/repl.py`` in a process of its own, on one BLAS thread as test_chapters runs."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, str(HERE / "repl.py"), str(input_path), *([] if classes is None else [classes])],
        capture_output=True, text=True, cwd=ROOT, env=environment, timeout=600,
    )
