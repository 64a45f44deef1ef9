"""Memory and edit time at the size budgets (tui/document/limits.py), measured.

Each scenario builds, as a user would (through Document's edit methods), the largest
document one budget allows, then in the same process:

* computes the trace, then times cell edits (the document's edit plus the new trace),
  and the undo of one;
* runs the app headless (App.run_test) on that document and times a cell edit there:
  the document's edit plus ``render_document`` (every panel redrawn from the trace);
* trains 2 full-batch epochs with Adam (one undo step for the session), undoes and
  redoes the training, loads a preset and undoes that;
* prints the resident memory now and at its peak (VmRSS, VmHWM from /proc/self/status).

Every scenario runs in its own process, so each peak is that scenario's own.

    python benchmarks/limits.py            # all scenarios
    python benchmarks/limits.py weights    # one of: weights, layers, activations, compute
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from timing import median_seconds  # noqa: E402

from engine import Trainer, optimizer_named  # noqa: E402
from tui.document import limits  # noqa: E402
from tui.document.state import Document  # noqa: E402


def scored(doc: Document) -> Document:
    """A softmax last, so that the class labels are scored and trained on (the "layer" preset's
    output is linear, which takes number targets)."""
    doc.set_activation(len(doc.network) - 1, "softmax")
    return doc


def weights_corner() -> Document:
    """4 M weights (2000-1000-2000 on 2000 features), 500 samples: weights and compute at their budgets."""
    doc = Document.from_preset("layer")
    samples = limits.MAX_MULTIPLY_ADDS // limits.MAX_WEIGHTS
    doc.use_data(np.random.default_rng(0).standard_normal((samples, 2000)), np.arange(samples) % 3)
    doc.resize_layer(0, 2000, 1000)
    doc.add_layer()
    doc.resize_layer(1, 1000, 2000)
    return scored(doc)


def layers_corner() -> Document:
    """16 layers of 500 x 500 (4 M weights), 500 samples."""
    doc = Document.from_preset("layer")
    doc.use_data(np.random.default_rng(0).standard_normal((500, 500)), np.arange(500) % 3)
    doc.resize_layer(0, 500, 500)
    while len(doc.network) < limits.MAX_LAYERS:
        doc.add_layer()
    return scored(doc)


def activations_corner() -> Document:
    """10,000 samples x (2 + 995 + 3): the activations budget, full."""
    doc = Document.from_preset("spiral")
    doc.use_data(np.random.default_rng(0).standard_normal((limits.MAX_SAMPLES, 2)), np.arange(limits.MAX_SAMPLES) % 3)
    doc.resize_layer(0, 2, 995)
    doc.resize_layer(1, 995, 3)
    return doc


def compute_corner() -> Document:
    """10,000 samples x 200,000 weights (200-400-300-... ): compute full, activations at 9 M."""
    doc = Document.from_preset("spiral")
    doc.use_data(np.random.default_rng(0).standard_normal((limits.MAX_SAMPLES, 200)), np.arange(limits.MAX_SAMPLES) % 3)
    doc.resize_layer(0, 200, 400)
    doc.resize_layer(1, 400, 300)
    return doc


SCENARIOS: dict[str, Callable[[], Document]] = {
    "weights": weights_corner,
    "layers": layers_corner,
    "activations": activations_corner,
    "compute": compute_corner,
}


def memory() -> tuple[float, float]:
    """(resident now, resident at its peak), in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def timed(action: Callable[[], object], repeat: int = 5) -> float:
    """Median seconds of ``action`` over ``repeat`` runs."""
    return median_seconds(action, repeat)


def run(name: str) -> None:
    start = time.perf_counter()
    doc = SCENARIOS[name]()
    built = time.perf_counter() - start
    samples, features = doc.inputs.shape
    weights = doc.counts()[0]
    cells = samples * (features + sum(step.dense.n_neurons for step in doc.network.steps))
    print(f"{name}: {samples:,} samples x {features:,} features, layers {doc.network.layer_sizes}")
    print(f"  weights {weights:,} of {limits.MAX_WEIGHTS:,}; activation cells {cells:,} of {limits.MAX_ACTIVATIONS:,}; "
          f"multiply-adds {samples * weights:,} of {limits.MAX_MULTIPLY_ADDS:,}   (built in {built:.1f} s)")
    first = timed(lambda: (doc.training_changed(), doc.trace), 1)
    values = iter(range(10**6))
    edit = timed(lambda: (doc.set_cell("inputs", 0, 0, str(next(values))), doc.trace))
    undo = timed(lambda: (doc.undo(), doc.trace), 1)
    print(f"  trace {first:.3f} s; cell edit + trace {edit:.3f} s (median of 5); undo + trace {undo:.3f} s; "
          f"history {doc.history.nbytes / 2**20:.1f} MB")

    async def in_app() -> float:
        from tui.app.workbench import WorkbenchApp

        app = WorkbenchApp(document=doc)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            seconds = timed(lambda: (app.document.set_cell("inputs", 0, 0, str(next(values))), app.render_document()))
            await pilot.pause()
        return seconds

    app_edit = asyncio.run(in_app())
    print(f"  in the app: cell edit + every panel redrawn {app_edit:.3f} s (median of 5); RSS {memory()[0]:.0f} MB")

    doc.begin_training()
    trainer = Trainer(doc.network, doc.inputs, doc.labels, optimizer_named("adam", learning_rate=0.001))
    epoch = timed(lambda: next(iter(trainer.train(1))), 2)
    doc.training_changed()
    _ = doc.trace
    undo_training = timed(lambda: (doc.undo(), doc.trace), 1)
    redo_training = timed(lambda: (doc.redo(), doc.trace), 1)
    doc.load_preset("spiral")
    doc.undo()
    _ = doc.trace
    now, peak = memory()
    print(f"  training: {epoch:.2f} s an epoch (full batch, Adam); undo of it {undo_training:.3f} s, redo "
          f"{redo_training:.3f} s; history {doc.history.nbytes / 2**20:.1f} MB")
    print(f"  RSS now {now:.0f} MB, peak {peak:.0f} MB")


def main() -> None:
    names = sys.argv[1:] or list(SCENARIOS)
    if len(names) == 1:
        run(names[0])
        return
    for name in names:  # one process each: a peak is the scenario's own
        subprocess.run([sys.executable, __file__, name], check=True)


if __name__ == "__main__":
    from private_state import private_state

    with private_state():  # autosaves land in a folder of the run's own
        main()
