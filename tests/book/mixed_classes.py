"""Train one model five ways, the book's classes and engine.book's mixed, and say what differs.

``python tests/book/mixed_classes.py`` (NNFS_BOOK: a clone of Sentdex/nnfs_book) runs, in
the nnfs mode, chapter 19's spiral model (dense 2-64 with L2, ReLU, dropout 0.1, dense 64-3,
softmax; categorical cross-entropy, Adam, batches of 128, validation each epoch) on the book's
own chapter 22 classes throughout, then on engine.book's Model holding the book's layers or
engine.book's, with the book's or engine.book's loss, optimizer and accuracy. For each
mixture it prints one line: how many of the layers' final arrays (weights, gradients,
optimizer state, the last pass's inputs, outputs and masks) differ from the book's run in any
bit, and whether the training printed the same lines.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import nnfs
import numpy as np
from nnfs.datasets import spiral_data

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import engine.book as ours  # noqa: E402
from tests.book.book_source import FINAL, book_classes  # noqa: E402


def the_books() -> SimpleNamespace:
    namespace: dict[str, Any] = {"__name__": "nnfs_book", "np": np}
    exec(compile(book_classes(), FINAL, "exec"), namespace)  # noqa: S102  (the book's classes, read at run time)
    return SimpleNamespace(**namespace)


def train(model_side: Any, layer_side: Any, rest_side: Any) -> tuple[str, dict[str, np.ndarray]]:
    np.random.seed(0)
    X, y = spiral_data(samples=200, classes=3)
    X_test, y_test = spiral_data(samples=50, classes=3)
    layers = [
        layer_side.Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4),
        layer_side.Activation_ReLU(),
        layer_side.Layer_Dropout(0.1),
        layer_side.Layer_Dense(64, 3),
        layer_side.Activation_Softmax(),
    ]
    model = model_side.Model()
    for layer in layers:
        model.add(layer)
    model.set(
        loss=rest_side.Loss_CategoricalCrossentropy(),
        optimizer=rest_side.Optimizer_Adam(learning_rate=0.05, decay=5e-5),
        accuracy=rest_side.Accuracy_Categorical(),
    )
    model.finalize()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        model.train(X, y, validation_data=(X_test, y_test), epochs=4, batch_size=128, print_every=2)
    arrays = {
        f"{index}.{type(layer).__name__}.{name}": value
        for index, layer in enumerate(layers)
        for name, value in vars(layer).items()
        if isinstance(value, np.ndarray)
    }
    return printed.getvalue(), arrays


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def main() -> None:
    nnfs.init()
    book = the_books()
    reference_printed, reference = train(book, book, book)
    mixtures = {
        "engine.book throughout": (ours, ours, ours),
        "engine.book's Model, the book's layers, engine.book's loss": (ours, book, ours),
        "engine.book's Model, the book's layers and loss": (ours, book, book),
        "engine.book's Model and layers, the book's loss": (ours, ours, book),
    }
    for label, sides in mixtures.items():
        printed, arrays = train(*sides)
        missing = sorted(set(reference) - set(arrays))
        differ = sorted(name for name in reference if name in arrays and not same_bits(reference[name], arrays[name]))
        lines = "the same lines" if printed == reference_printed else "other lines"
        print(f"{label}: {len(differ)} of {len(reference)} arrays differ {differ}, {len(missing)} missing {missing}; printed {lines}")


if __name__ == "__main__":
    main()
