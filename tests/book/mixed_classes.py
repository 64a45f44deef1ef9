"""Train one model on several mixtures of classes, and say where each differs from one reference.

``python tests/book/mixed_classes.py [--with-book]`` runs, in the nnfs mode, chapter 19's
spiral model (dense 2-64 with L2, ReLU, dropout 0.1, dense 64-3, softmax; categorical
cross-entropy, Adam, batches of 128, validation each epoch) on the book-style classes of
``book_layers`` throughout (nnwb's tests' own, the book's formulas), then on engine.book's
Model holding book-style layers or engine.book's, with a book-style or engine.book loss,
optimizer and accuracy. ``--with-book`` adds the book's own chapter 22 classes (read from a
clone of Sentdex/nnfs_book, ``NNFS_BOOK``, never copied in): throughout, and under
engine.book's Model. For each mixture it prints one line: how many of the layers' final
arrays (weights, gradients, optimizer state, the last pass's inputs, outputs and masks)
differ in any bit from the book-style run, and whether the training printed the same lines.
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
from tests.book import book_layers as style  # noqa: E402
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


def apart() -> SimpleNamespace:
    """The book-style classes with a softmax the book-style Model does not know as its own
    (its ``isinstance`` fails, as the book's Model's does for engine.book's): the Model then
    runs the loss's backward and the softmax's own, as it does holding engine.book's layers."""
    own = style.Activation_Softmax
    parent = own.__mro__[1]  # the book-style softmax it extends, which the Model does not check for
    def forward(self: Any, inputs: np.ndarray, training: bool = True) -> None:
        parent.forward(self, inputs)

    softmax = type("Activation_Softmax", (parent,), {"forward": forward, "backward": own.backward, "predictions": own.predictions})
    return SimpleNamespace(**{**vars(style), "Activation_Softmax": softmax})


def compared(label: str, reference: tuple[str, dict[str, np.ndarray]], sides: tuple[Any, Any, Any]) -> str:
    reference_printed, reference_arrays = reference
    printed, arrays = train(*sides)
    missing = sorted(set(reference_arrays) - set(arrays))
    differ = sorted(
        name for name in reference_arrays if name in arrays and not same_bits(reference_arrays[name], arrays[name])
    )
    lines = "the same lines" if printed == reference_printed else "other lines"
    return f"{label}: {len(differ)} of {len(reference_arrays)} arrays differ {differ}, {len(missing)} missing {missing}; printed {lines}"


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def main() -> None:
    nnfs.init()
    reference_printed, reference = train(style, style, style)
    mixtures: dict[str, tuple[Any, Any, Any]] = {
        "engine.book throughout": (ours, ours, ours),
        "engine.book's Model, book-style layers, engine.book's loss": (ours, style, ours),
        "engine.book's Model, book-style layers and loss": (ours, style, style),
        "engine.book's Model and layers, book-style loss": (ours, ours, style),
    }
    if "--with-book" in sys.argv[1:]:
        book = the_books()
        mixtures["the book's classes throughout"] = (book, book, book)
        mixtures["engine.book's Model, the book's layers and loss"] = (ours, book, book)
    for label, sides in mixtures.items():
        print(compared(label, (reference_printed, reference), sides))
    # The book-style Model holding engine.book's layers: no combined step (it knows only its
    # own softmax), so the reference is its own layers with the softmax apart.
    separate = train(style, apart(), style)
    print(compared("the book-style Model, engine.book's layers", separate, (style, ours, style)))


if __name__ == "__main__":
    main()
