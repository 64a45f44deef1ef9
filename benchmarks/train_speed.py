"""Training speed, side by side: nnwb's Trainer, the book's own loop, and PyTorch.

The network and run of the book's chapter 10: spiral_data(100, 3), Dense(2, 64) + ReLU,
Dense(64, 3) + softmax, Adam(learning_rate=0.05, decay=5e-7), full batch, float64, every
epoch reporting its loss and accuracy (as the book's loop computes them and as the
Trainer yields them). All start from the same weights.

Then the book's chapter 16 and 17 networks, nnwb's Trainer against the book's own classes
and loop (benchmarks/book_chapters.py): binary cross-entropy on a sigmoid output, and
mean squared error on sine_data through three layers. The book's classes are read at run
time from a clone of Sentdex/nnfs_book given by ``--book-repo`` (or NNFS_BOOK_REPO); without
one those rows are skipped.

The machine is shared and its speed wanders, so the contenders take turns: each round
runs a chunk of epochs of each, one after the other, and the ratios are the median of
the rounds' ratios. Run it as ``python benchmarks/train_speed.py [--epochs 10001]
[--rounds 10] [--book-repo DIR]``. PyTorch is measured when it is installed (it is not a dependency).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from book_style import (
    Activation_ReLU,
    Activation_Softmax_Loss_CategoricalCrossentropy,
    Layer_Dense,
    Optimizer_Adam,
    book_epoch,
)

from engine import Dense, Network, ReLU, Softmax, Step, spiral_data
from engine.optimizers import Adam
from engine.training import Trainer

LEARNING_RATE = 0.05
DECAY = 5e-7
HIDDEN = 64


def initial_weights() -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """The book's data and first weights: seed 0, the data, then each layer's draw."""
    np.random.seed(0)
    X, y = spiral_data(100, 3)
    first = [0.01 * np.random.randn(2, HIDDEN), np.zeros((1, HIDDEN)), 0.01 * np.random.randn(HIDDEN, 3), np.zeros((1, 3))]
    return X, y, first


class NnwbLoop:
    name = "nnwb Trainer"

    def __init__(self, X: np.ndarray, y: np.ndarray, first: list[np.ndarray]) -> None:
        network = Network(
            [
                Step(Dense.from_arrays(first[0].copy(), first[1].copy()), ReLU()),
                Step(Dense.from_arrays(first[2].copy(), first[3].copy()), Softmax()),
            ]
        )
        self.trainer = Trainer(network, X, y, Adam(learning_rate=LEARNING_RATE, decay=DECAY))
        self.loss = self.accuracy = float("nan")

    def run(self, epochs: int) -> None:
        for stats in self.trainer.train(epochs):
            self.loss, self.accuracy = stats.loss, stats.accuracy


class BookLoop:
    name = "book-style NumPy"

    def __init__(self, X: np.ndarray, y: np.ndarray, first: list[np.ndarray]) -> None:
        self.X, self.y = X, y
        self.dense1 = Layer_Dense(2, HIDDEN)
        self.dense2 = Layer_Dense(HIDDEN, 3)
        self.dense1.weights, self.dense1.biases = first[0].copy(), first[1].copy()
        self.dense2.weights, self.dense2.biases = first[2].copy(), first[3].copy()
        self.activation1 = Activation_ReLU()
        self.loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
        self.optimizer = Optimizer_Adam(learning_rate=LEARNING_RATE, decay=DECAY)
        self.loss = self.accuracy = float("nan")

    def run(self, epochs: int) -> None:
        for _epoch in range(epochs):
            self.loss, self.accuracy = book_epoch(
                self.X, self.y, self.dense1, self.activation1, self.dense2, self.loss_activation, self.optimizer
            )


def torch_loop(dtype_name: str) -> Callable[[np.ndarray, np.ndarray, list[np.ndarray]], object]:
    import torch

    dtype = getattr(torch, dtype_name)

    class TorchLoop:
        name = f"PyTorch {torch.__version__} ({dtype_name})"

        def __init__(self, X: np.ndarray, y: np.ndarray, first: list[np.ndarray]) -> None:
            self.X = torch.tensor(X, dtype=dtype)
            self.y = torch.tensor(y.astype(np.int64))
            self.model = torch.nn.Sequential(torch.nn.Linear(2, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 3))
            with torch.no_grad():
                # nn.Linear keeps weights as (out, in): the transpose of the book's.
                self.model[0].weight.copy_(torch.tensor(first[0].T))
                self.model[0].bias.copy_(torch.tensor(first[1][0]))
                self.model[2].weight.copy_(torch.tensor(first[2].T))
                self.model[2].bias.copy_(torch.tensor(first[3][0]))
            self.model.to(dtype)
            self.optimizer = torch.optim.Adam(self.model.parameters(), lr=LEARNING_RATE, eps=1e-7)
            self.iterations = 0
            self.loss = self.accuracy = float("nan")

        def run(self, epochs: int) -> None:
            model, optimizer, X, y = self.model, self.optimizer, self.X, self.y
            for _epoch in range(epochs):
                logits = model(X)
                loss = torch.nn.functional.cross_entropy(logits, y)
                accuracy = (logits.argmax(dim=1) == y).to(dtype).mean()
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                # The book's decay: lr / (1 + decay * iterations).
                optimizer.param_groups[0]["lr"] = LEARNING_RATE / (1.0 + DECAY * self.iterations)
                optimizer.step()
                self.iterations += 1
                self.loss, self.accuracy = loss.item(), accuracy.item()

    return TorchLoop


def environment() -> list[str]:
    lines = [
        (
            f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
            f"{os.cpu_count()} cores, {cpu_model()}"
        ),
    ]
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]  # type: ignore[index]
        lines.append(f"BLAS: {blas.get('name')} {blas.get('version')}")
    except (KeyError, TypeError, ValueError):
        lines.append("BLAS: unknown (numpy.show_config gave no details)")
    keys = ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    lines.append("environment: " + ", ".join(f"{key}={os.environ.get(key, '(unset)')}" for key in keys))
    try:
        load = os.getloadavg()
        lines.append(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    except OSError:
        pass
    return lines


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def measure(loops: list[object], epochs: int, rounds: int) -> tuple[list[list[float]], list[int]]:
    """Seconds per epoch of each loop in each round, and the rounds' epoch counts."""
    # Split the epochs into rounds; every contender runs each round's chunk in turn.
    chunks = [epochs // rounds] * rounds
    chunks[-1] += epochs - sum(chunks)
    seconds: list[list[float]] = [[] for _ in loops]
    for loop in loops:
        loop.run(20)  # type: ignore[attr-defined]  # warm-up: first allocations, imports, lazy initialisation
    for chunk in chunks:
        for index, loop in enumerate(loops):
            start = time.perf_counter()
            loop.run(chunk)  # type: ignore[attr-defined]
            seconds[index].append((time.perf_counter() - start) / chunk)
    return seconds, chunks


def print_table(loops: list[object], seconds: list[list[float]], chunks: list[int]) -> None:
    names = [loop.name for loop in loops]  # type: ignore[attr-defined]
    print(f"{'':26} {'s/epoch (median)':>17} {'total s':>8} {'final loss':>10} {'accuracy':>9}")
    for name, times, loop in zip(names, seconds, loops):
        total = sum(t * c for t, c in zip(times, chunks))
        print(
            f"{name:26} {statistics.median(times):17.3e} {total:8.2f} "
            f"{loop.loss:10.4g} {loop.accuracy:9.3f}"  # type: ignore[attr-defined]
        )
    print()
    nnwb = seconds[0]
    for name, times in zip(names[1:], seconds[1:]):
        ratios = [a / b for a, b in zip(nnwb, times)]
        print(
            f"nnwb / {name}: {statistics.median(ratios):.2f}x the time per epoch "
            f"(rounds {min(ratios):.2f}-{max(ratios):.2f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10001)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--book-repo",
        default=os.environ.get("NNFS_BOOK_REPO"),
        help="a clone of Sentdex/nnfs_book, for the chapter 16 and 17 rows (the book's own classes)",
    )
    args = parser.parse_args()

    X, y, first = initial_weights()
    contenders: list[Callable[[np.ndarray, np.ndarray, list[np.ndarray]], object]] = [NnwbLoop, BookLoop]
    torch_note = ""
    try:
        import torch

        torch.set_num_threads(1)  # faster than its default at this size: no threads to wake
        torch_note = f"PyTorch {torch.__version__}, 1 thread (its default of {os.cpu_count()} is slower here)"
        contenders += [torch_loop("float64"), torch_loop("float32")]
    except ImportError:
        torch_note = "PyTorch is not installed: skipped (pip install torch to compare)"

    loops = [make(X, y, first) for make in contenders]
    seconds, chunks = measure(loops, args.epochs, args.rounds)

    print(f"Training speed: spiral_data(100, 3), Dense(2, {HIDDEN}) + ReLU, Dense({HIDDEN}, 3) + softmax,")
    print(f"Adam(learning_rate={LEARNING_RATE}, decay={DECAY}), full batch, {args.epochs} epochs in {args.rounds} rounds")
    for line in environment():
        print("  " + line)
    print("  " + torch_note)
    print()
    print_table(loops, seconds, chunks)
    print("Targets: at most 0.60x the book-style loop; below 1.00x PyTorch.")

    if not args.book_repo:
        print("\nChapters 16 and 17: skipped (give --book-repo DIR, a clone of Sentdex/nnfs_book)")
        return
    from book_chapters import CHAPTERS

    for chapter in CHAPTERS:
        loops = chapter.contenders(args.book_repo)
        seconds, chunks = measure(loops, args.epochs, args.rounds)
        print(f"\nChapter {chapter.number}: {chapter.title}, {args.epochs} epochs in {args.rounds} rounds")
        print_table(loops, seconds, chunks)


if __name__ == "__main__":
    main()
