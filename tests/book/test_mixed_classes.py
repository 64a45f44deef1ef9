"""Issue 20: engine.book's Model is exact whichever side's classes it holds.

``mixed_classes.py`` trains chapter 19's spiral model on the book's own chapter 22 classes
(read from a clone of Sentdex/nnfs_book, never copied in), then on engine.book's Model with
the book's layers or engine.book's, the book's loss, optimizer and accuracy or engine.book's.
Every final array of every layer must equal the book's run to the bit: the Model takes the
combined softmax/cross-entropy step for the book's ``Activation_Softmax`` and
``Loss_CategoricalCrossentropy`` as the book's Model does (by class, for either side's).
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


@pytest.mark.skipif(not book_source.available(), reason=f"no clone of Sentdex/nnfs_book at {book_source.BOOK} (NNFS_BOOK)")
def test_mixing_the_books_classes_with_engine_books_model_is_bit_exact() -> None:
    environment = {**os.environ, "PYTHONPATH": str(HERE.parents[1]), "OPENBLAS_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, str(HERE / "mixed_classes.py")], capture_output=True, text=True, env=environment, timeout=300
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "engine.book throughout",
        "engine.book's Model, the book's layers, engine.book's loss",
        "engine.book's Model, the book's layers and loss",
        "engine.book's Model and layers, the book's loss",
    ]
    for line in lines:
        match = re.search(r": (\d+) of (\d+) arrays differ \[\], (\d+) missing \[\]; printed the same lines$", line)
        assert match, line
        differ, total, missing = map(int, match.groups())
        assert (differ, missing) == (0, 0) and total == 32, line  # 2 dense x 11, ReLU 3, dropout 4, softmax 3
