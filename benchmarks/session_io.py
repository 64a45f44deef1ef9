"""Save and load of a session file, timed: 784 -> 128 -> 10 with a 64-sample batch.

The network of the MNIST chapter: 100,352 + 1,280 weights and 64 x 784 inputs, about
152,000 numbers, in float64 (the default) and in float32 (the nnfs mode). Each figure
is the median of several runs, each a whole ``session_file.save`` (text, temporary file,
fsync, rename) or ``session_file.load`` (read, parse, check, build the document). The
target is under 300 ms each.

    python benchmarks/session_io.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from timing import median_seconds  # noqa: E402

from engine import Dense, Network, Step, activation_named  # noqa: E402
from tui.document.state import Document  # noqa: E402
from tui.files import session_file  # noqa: E402

RUNS = 7
TARGET = 0.300


def mnist_sized(dtype: type) -> Document:
    rng = np.random.default_rng(0)
    inputs = rng.random((64, 784)).astype(dtype)
    layers = [
        Step(Dense.from_arrays((0.01 * rng.standard_normal((784, 128))).astype(dtype), np.zeros((1, 128), dtype)),
             activation_named("relu")),
        Step(Dense.from_arrays((0.01 * rng.standard_normal((128, 10))).astype(dtype), np.zeros((1, 10), dtype)),
             activation_named("softmax")),
    ]
    return Document(Network(layers), inputs, rng.integers(0, 10, 64), np.dtype(dtype))


def main() -> None:
    print(f"session file save and load, 784 -> 128 -> 10, 64 samples (median of {RUNS}; target < {TARGET * 1000:.0f} ms)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mnist.json"
        for dtype in (np.float64, np.float32):
            doc = mnist_sized(dtype)
            save = median_seconds(lambda doc=doc: session_file.save(doc, path), RUNS)
            load = median_seconds(lambda: session_file.load(path), RUNS)
            again, _ = session_file.load(path)
            same = all(
                a.tobytes() == b.tobytes()
                for a, b in [(doc.inputs, again.inputs)]
                + [(s.dense.weights, t.dense.weights) for s, t in zip(doc.network.steps, again.network.steps)]
            )
            size = path.stat().st_size / 1e6
            verdict = "ok" if max(save, load) < TARGET else "OVER TARGET"
            print(
                f"  {np.dtype(dtype).name}: save {save * 1000:6.1f} ms   load {load * 1000:6.1f} ms   "
                f"file {size:.2f} MB   bit-identical: {same}   {verdict}"
            )


if __name__ == "__main__":
    main()
