"""Issue 8, section 10: nnwb's classes follow ``nnfs.init()`` when a learner has called it.

The book's scripts start with ``nnfs.init()``, which patches NumPy for the whole process
(float32 by default, its own np.dot). A learner who pastes one and swaps in nnwb's classes
must get the book's numbers. nnfs.init() is never called in the pytest process: each run is
a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

# Chapter 10's final script (nnfs.io, Ch10_Final.py), cut to its Adam run, with a switch:
# the book's Layer_Dense, ReLU and fused softmax/loss, or nnwb's.
CHAPTER_10 = r'''
import sys
import numpy as np
import nnfs
from nnfs.datasets import spiral_data

nnfs.init()
mode, out, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3])

# The book's classes, written once for the project (benchmarks/book_style.py); nnfs.init()
# has patched NumPy, which they call through ``np.``, as the book's own classes do.
sys.path.insert(0, "benchmarks")
from book_style import (  # noqa: E402
    Activation_ReLU,
    Activation_Softmax_Loss_CategoricalCrossentropy,
    Layer_Dense,
    Optimizer_Adam,
    book_epoch,
)

if mode == "nnwb":
    from engine import Dense as Layer_Dense  # noqa: F811
    from engine import ReLU as Activation_ReLU  # noqa: F811
    from engine import SoftmaxCategoricalCrossentropy as Activation_Softmax_Loss_CategoricalCrossentropy  # noqa: F811

X, y = spiral_data(samples=100, classes=3)
dense1 = Layer_Dense(2, 64)
activation1 = Activation_ReLU()
dense2 = Layer_Dense(64, 3)
loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
optimizer = Optimizer_Adam(learning_rate=0.05, decay=5e-7)
losses = []
for epoch in range(epochs):
    losses.append(book_epoch(X, y, dense1, activation1, dense2, loss_activation, optimizer)[0])
np.savez(out, losses=np.array(losses), w1=dense1.weights, b1=dense1.biases, w2=dense2.weights, b2=dense2.biases)
'''

EPOCHS = 301
ROOT = Path(__file__).resolve().parents[2]


def _run(mode: str, tmp_path: Path) -> dict[str, np.ndarray]:
    out = tmp_path / f"{mode}.npz"
    subprocess.run([sys.executable, "-c", CHAPTER_10, mode, str(out), str(EPOCHS)], check=True, cwd=ROOT)
    with np.load(out) as data:
        return {name: data[name] for name in data.files}


def test_the_books_chapter_10_script_with_nnwbs_classes_prints_the_books_numbers(tmp_path: Path) -> None:
    book, ours = _run("book", tmp_path), _run("nnwb", tmp_path)
    for name in ("w1", "b1", "w2", "b2"):
        assert book[name].dtype == np.float32, name
        assert ours[name].dtype == np.float32, name  # float32, as nnfs.init() made the book's
        assert np.array_equal(ours[name], book[name]), name  # to the last bit
    assert np.array_equal(ours["losses"], book["losses"])
    assert ours["losses"][-1] < ours["losses"][0]  # and it did train


FOLLOWS = r'''
import json
import numpy as np, nnfs
from engine import Dense, Network
from engine.precision import default_dtype, nnfs_initialised
before = (nnfs_initialised(), Dense(2, 3).weights.dtype.name)
nnfs.init()
after = (nnfs_initialised(), Dense(2, 3).weights.dtype.name, Dense(2, 3).biases.dtype.name,
         Network.from_sizes([2, 4, 3]).steps[1].dense.weights.dtype.name,
         Dense(2, 3, dtype=np.float64).weights.dtype.name)
print(json.dumps([before, after]))
'''


def test_the_classes_follow_nnfs_init_once_it_has_run() -> None:
    result = subprocess.run(
        [sys.executable, "-c", FOLLOWS], check=True, cwd=ROOT, capture_output=True, text=True
    )
    before, after = json.loads(result.stdout)
    assert before == [False, "float64"]
    # After nnfs.init(): float32 by default, as the book's layers; an explicit dtype still wins.
    assert after == [True, "float32", "float32", "float32", "float64"]
