"""Issue 20: engine.book's Model is exact whichever side's classes it holds.

``mixed_classes.py`` trains chapter 19's spiral model on book-style classes throughout
(``book_layers``: the book's formulas, written for nnwb's tests, with a model of their own),
then on engine.book's Model with book-style layers or engine.book's, a book-style loss,
optimizer and accuracy or engine.book's. Every final array of every layer must equal the
book-style run to the bit, and the training print the same lines: the Model takes the
combined softmax/cross-entropy step for a foreign ``Activation_Softmax`` and
``Loss_CategoricalCrossentropy`` as the book's Model does for its own (by class name, for
either side's). The book-style Model holding engine.book's layers does not (its
``isinstance`` knows only its own softmax): it runs engine.book's ``Activation_Softmax.backward``,
which must give the book's sample-by-sample Jacobian bits. This needs no clone of the book. With one (``NNFS_BOOK``), the book's own
chapter 22 classes, throughout and under engine.book's Model, must give the same bits too.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.book import book_source

HERE = Path(__file__).resolve().parent


def mixtures(*arguments: str) -> dict[str, str]:
    """Each mixture's line of ``mixed_classes.py``, by its label."""
    environment = {**os.environ, "PYTHONPATH": str(HERE.parents[1]), "OPENBLAS_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, str(HERE / "mixed_classes.py"), *arguments],
        capture_output=True, text=True, env=environment, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split(": ", 1) for line in result.stdout.splitlines())


def assert_exact(label: str, line: str) -> None:
    match = re.fullmatch(r"(\d+) of (\d+) arrays differ \[\], (\d+) missing \[\]; printed the same lines", line)
    assert match, f"{label}: {line}"
    differ, total, missing = map(int, match.groups())
    assert (differ, missing, total) == (0, 0, 32), f"{label}: {line}"  # 2 dense x 11, ReLU 3, dropout 4, softmax 3


def test_mixing_book_style_classes_with_engine_books_model_is_bit_exact() -> None:
    lines = mixtures()
    assert list(lines) == [
        "engine.book throughout",
        "engine.book's Model, book-style layers, engine.book's loss",
        "engine.book's Model, book-style layers and loss",
        "engine.book's Model and layers, book-style loss",
        "the book-style Model, engine.book's layers",
    ]
    for label, line in lines.items():
        assert_exact(label, line)


@pytest.mark.skipif(not book_source.available(), reason=f"no clone of Sentdex/nnfs_book at {book_source.BOOK} (NNFS_BOOK)")
def test_the_books_own_classes_give_the_book_style_bits_alone_and_under_engine_books_model() -> None:
    lines = mixtures("--with-book")
    for label in ["the book's classes throughout", "engine.book's Model, the book's layers and loss"]:
        assert_exact(label, lines[label])
