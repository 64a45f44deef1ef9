"""How big a document may grow: budgets that add up, checked in one place.

A cap on each dimension alone does not bound memory or time: 10,000 samples through 16
layers of 4,096 neurons is 655 M activation cells, ~15 GB of trace. So besides a few
per-dimension caps (which keep a class index, a grid and a loop small), three totals are
budgeted, and every path that makes or grows a layer or the batch asks ``refusal`` first:

* weights: all layers' weights together (the trainer keeps ~8 arrays of that size:
  gradients, two optimizer moments, the first weights for reset, copies for the charts);
* activation cells: samples x (features + every layer's neurons); the trace keeps 3 arrays
  per layer (x·W, z, output) and training ~5 more, so ~8 float64 arrays of this size;
* multiply-adds of one forward pass: samples x all weights, which is what an edit
  recomputes before the screen answers.

At the budgets below the app stays under 2 GB and an edit answers in well under a second
on a 2-core machine (the ``limits`` benchmark measures both).
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_SAMPLES = 10_000
MAX_WIDTH = 4_096  # a sample's features, a layer's inputs or neurons; a class index is below it
MAX_LAYERS = 16
MAX_WEIGHTS = 4_000_000  # all layers' weights together
MAX_ACTIVATIONS = 10_000_000  # samples x (features + every layer's neurons)
MAX_MULTIPLY_ADDS = 2_000_000_000  # samples x all weights: one forward pass
ARRAYS_PER_LAYER = 8  # activation-sized arrays alive at once: trace (3) + training (~5)


def refusal(samples: int, features: int, layers: Sequence[tuple[int, int]]) -> str | None:
    """Why a document of these sizes is not allowed, naming the budget; None if it is.

    ``layers`` holds each layer's weight shape (n_inputs, n_neurons).
    """
    if not 1 <= samples <= MAX_SAMPLES:
        return f"a batch holds 1 to {MAX_SAMPLES:,} samples here, not {samples:,}"
    if not 1 <= features <= MAX_WIDTH:
        return f"a sample has 1 to {MAX_WIDTH} features here, not {features:,}"
    if not 1 <= len(layers) <= MAX_LAYERS:
        return f"a network has 1 to {MAX_LAYERS} layers here, not {len(layers)}"
    for number, (n_inputs, n_neurons) in enumerate(layers, start=1):
        for name, size in (("inputs", n_inputs), ("neurons", n_neurons)):
            if not 1 <= size <= MAX_WIDTH:
                return f"a layer's {name} must be between 1 and {MAX_WIDTH}, not {size:,} (layer {number})"
    weights = sum(n_inputs * n_neurons for n_inputs, n_neurons in layers)
    if weights > MAX_WEIGHTS:
        return (
            f"the weights budget: all layers together may hold {MAX_WEIGHTS:,} weights here, "
            f"and this would make {weights:,}"
        )
    cells = samples * (features + sum(n_neurons for _, n_neurons in layers))
    if cells > MAX_ACTIVATIONS:
        return (
            f"the activations budget: samples x (features + all neurons) may be {MAX_ACTIVATIONS:,} here, "
            f"and this would make {samples:,} x {cells // samples:,} = {cells:,}"
        )
    work = samples * weights
    if work > MAX_MULTIPLY_ADDS:
        return (
            f"the compute budget: samples x all weights (the multiply-adds of one forward pass) may be "
            f"{MAX_MULTIPLY_ADDS:,} here, and this would make {samples:,} x {weights:,} = {work:,}"
        )
    return None


def largest_class() -> int:
    """The largest class index a label may hold: a network here has at most MAX_WIDTH outputs."""
    return MAX_WIDTH - 1
