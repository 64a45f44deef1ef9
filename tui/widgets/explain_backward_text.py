"""The explain panel's text in a backward stage: the cell under the cursor worked out with its
own numbers (engine.explain_backward), and its numerical check beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    # Loaded by the functions below, in a backward stage: the first frame never needs them.
    from engine.backward import BackwardTrace
    from engine.explain_backward import NumericalCheck
    from engine.network import Network
    from tui.document.state import Document

CHECKS_KEPT = 64


class CheckCache:
    """The numerical checks done on one backward pass: a check costs a few milliseconds on a
    large layer (784→128→10), so a redraw that did not move the cursor or change the network
    reuses it. Kept with the pass they were done on (``Document.backward``, a new one after
    every edit and for every document), so a check never outlives its network."""

    def __init__(self) -> None:
        self._of: BackwardTrace | None = None
        self._checks: dict[tuple[int, str, int, int], NumericalCheck | None] = {}

    def check(self, network: Network, backward: BackwardTrace, layer: int, stage: str, row: int, column: int) -> NumericalCheck | None:
        if backward is not self._of:
            self._of, self._checks = backward, {}
        key = (layer, stage, row, column)
        if key not in self._checks:
            if len(self._checks) >= CHECKS_KEPT:
                self._checks.clear()
            from engine.explain_backward import numerical_check

            self._checks[key] = numerical_check(network, backward, layer, stage, row, column)
        return self._checks[key]


# What each stage's matrix is, for the heading.
_WHAT = {
    "loss": "the loss",
    "dvalues": "the loss's gradient",
    "dropout": "through dropout",
    "dz": "through the activation",
    "dweights": "the weights' gradient",
    "dbiases": "the biases' gradient",
    "regularization": "regularisation's terms",
    "dinputs": "the inputs' gradient",
}


def backward_cell(document: Document, sample: int, neuron: int, cell: tuple[int, int] | None) -> tuple[int, int]:
    """The cell of the stage's matrix to explain: the cursor's, or (sample, neuron), kept inside the matrix."""
    from engine.explain_backward import stage_matrix

    backward, step = document.backward, document.step
    assert backward is not None and step is not None
    matrix = stage_matrix(backward, step.layer + 1, step.stage_name)
    row, column = cell if cell is not None else (sample, neuron)
    if step.stage_name == "dbiases":
        row = 0
    return min(max(row, 0), matrix.shape[0] - 1), min(max(column, 0), matrix.shape[1] - 1)


def backward_text(
    document: Document,
    sample: int,
    neuron: int,
    cell: tuple[int, int] | None,
    max_terms: int,
    checks: CheckCache | None = None,
) -> Text:
    """The explanation of a backward stage's cell; ``checks`` keeps the numerical checks done."""
    from engine.explain_backward import ActivationGradient, GradientSum, explain_cell, inputs_name

    text = Text()
    backward, step = document.backward, document.step
    if backward is None or step is None:
        text.append("There is no loss to differentiate: the backward pass needs labels and an output a loss scores.", "italic")
        return text
    layer, stage = step.layer + 1, step.stage_name
    row, column = backward_cell(document, sample, neuron, cell)
    text.append(f"Layer {layer} · {stage}: {_WHAT[stage]}\n", "bold")
    worked = explain_cell(document.network, backward, layer, stage, row, column)
    for record in worked if isinstance(worked, list) else [worked]:
        lines = record.lines(max_terms) if isinstance(record, (GradientSum, ActivationGradient)) else record.lines()
        for line in lines:
            text.append(f"{line}\n")
    if stage == "dweights" and backward.layer(layer).regularized:
        text.append("This is the data part: regularisation adds its terms in the next stage.\n", "dim")
    if stage == "dweights" and layer > 1 and backward.layer(layer - 1).mask is not None:
        text.append(f"{inputs_name(layer)} is layer {layer - 1}'s output after its dropout (the pass's mask).\n", "dim")
    check = (checks if checks is not None else CheckCache()).check(document.network, backward, layer, stage, row, column)
    if check is not None:
        head, *rest = check.lines()
        text.append(f"\n{head}\n", "bold")
        for line in rest:
            # The numbers plain, the verdict bold, the notes on why two can part dim.
            style = "bold" if line.startswith(("✓", "✗")) else "" if line.startswith(("(", "analytic", "relative")) else "dim"
            text.append(f"{line}\n", style)
    text.rstrip()
    return text

