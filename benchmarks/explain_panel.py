"""The explain panel's text for the cells that show the new pieces, timed headless (no terminal).

The explain panel is rebuilt on every edit and every cursor move: this measures
``explain_text`` (engine/explain.py's worked arithmetic plus the panel's layout as Rich
Text) for chapter 15's hidden layer (spiral 1000 x 2 -> Dense 2->64 ReLU, dropout 0.1,
whose example mask draws 64,000 values), a sigmoid output with binary cross-entropy, and
the notes' small network for comparison; and in step mode's backward pass, on 784 -> 128 -> 10
with 64 samples, a backward stage's cell with its numerical check (engine.backward.check_cell),
the first time (the check computed) and on a redraw (the panel's cached check). Medians of many
calls; not a test.

    python benchmarks/explain_panel.py [--repeats 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's engine and tui

from engine import Dense, Network, Step, activation_named, spiral_data  # noqa: E402
from tui.document.state import Document  # noqa: E402
from tui.widgets.explain_backward_text import CheckCache  # noqa: E402
from tui.widgets.explain_panel import explain_text  # noqa: E402


def chapter_15_hidden_layer() -> Document:
    np.random.seed(0)
    inputs, labels = spiral_data(samples=1000, classes=3)
    steps = [Step(Dense(2, 64), activation_named("relu"), dropout=0.1), Step(Dense(64, 3), activation_named("softmax"))]
    return Document(Network(steps), inputs, labels)


def sigmoid_output() -> Document:
    np.random.seed(0)
    inputs, labels = spiral_data(samples=100, classes=2)
    steps = [Step(Dense(2, 64), activation_named("relu")), Step(Dense(64, 1), activation_named("sigmoid"))]
    document = Document(Network(steps), inputs, labels)
    document.selected = 1
    return document


def median_ms(document: Document, repeats: int, sample: int) -> float:
    _ = document.trace  # computed once, as the app does per version: not what is timed here
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        explain_text(document, sample, 0)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def mnist_sized() -> Document:
    """784 -> 128 -> 10 on 64 pixel-like samples with labels, as benchmarks/edit_latency.py builds it."""
    np.random.seed(0)
    network = Network.from_sizes([784, 128, 10], activations=["relu", "softmax"])
    rng = np.random.default_rng(0)
    return Document(network, rng.random((64, 784)), rng.integers(0, 10, 64))


def backward_ms(document: Document, stage: str, layer: int, repeats: int) -> tuple[float, float]:
    """Median ms of the stage's explanation of a cell the first time (a new check each call)
    and on a redraw (the check kept, as the panel keeps it)."""
    document.start_stepping()
    while document.step is not None and (document.step.stage_name, document.step.layer) != (stage, layer - 1):
        if not document.step_forward():
            raise SystemExit(f"no {stage} stage in layer {layer}")
    _ = document.backward  # computed once per version, as the app does: not what is timed here
    cell = (3, 5) if stage != "dbiases" else (0, 5)
    first, again = [], []
    for _ in range(repeats):
        checks = CheckCache()
        start = time.perf_counter()
        explain_text(document, 0, 0, cell, checks)
        first.append(time.perf_counter() - start)
        start = time.perf_counter()
        explain_text(document, 0, 0, cell, checks)
        again.append(time.perf_counter() - start)
    return statistics.median(first) * 1000, statistics.median(again) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    cases = {
        "notes' network (two-layers), layer 1": Document.from_preset("two-layers"),
        "ch15 hidden layer 1000x64 with dropout 0.1": chapter_15_hidden_layer(),
        "ch16 sigmoid output with binary cross-entropy": sigmoid_output(),
    }
    print("median ms per explanation: the first sample's cell, the last sample's (the dropout mask is drawn up to its row)")
    for name, document in cases.items():
        last = len(document.inputs) - 1
        first_ms, last_ms = median_ms(document, args.repeats, 0), median_ms(document, args.repeats, last)
        print(f"{name:<48} {first_ms:7.3f} ms  {last_ms:7.3f} ms")
    print("median ms per backward explanation on 784 -> 128 -> 10, 64 samples: with its check computed, on a redraw (kept)")
    document = mnist_sized()
    for stage, layer in (("dvalues", 2), ("dweights", 2), ("dz", 1), ("dweights", 1), ("dbiases", 1), ("dinputs", 1)):
        first_ms, again_ms = backward_ms(document, stage, layer, max(args.repeats // 10, 5))
        print(f"{stage + ' of layer ' + str(layer):<48} {first_ms:7.3f} ms  {again_ms:7.3f} ms")


if __name__ == "__main__":
    main()
