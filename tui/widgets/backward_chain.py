"""The shapes line during the backward pass: the chain of the stage shown, its sizes coloured
as the forward chain's are (the sizes that must agree share a colour).

``dW2 (3, 3) = a1ᵀ (3, 300) · dz2 (300, 3)``: the 300s meet in the product, the 3s on
either side are the result's. ``·`` is that matrix product; ``⊙`` multiplies two matrices of
one shape element by element (``dvalues ⊙ mask``), and the line says so where it appears.
The names here (``a1``, ``dz2``, the regularisation's terms) are the ones the panels'
captions use (tui.app.backward_panels), so the line and the panels read alike.
"""

from __future__ import annotations

from rich.text import Text

from engine.backward import BackwardTrace, LayerGradients
from engine.layers import Dense
from engine.loss_choice import CATEGORICAL
from tui.document.state import Document
from tui.widgets.shape_styles import append_shape, pair_style

LOSS_WORDS = {CATEGORICAL: "categorical cross-entropy"}
ELEMENTWISE = "⊙: element by element"  # the legend wherever ⊙ is shown (chapter 9's learners mistake it for ·)


def input_name(layer: int) -> str:
    """What layer ``layer`` (1-based) takes in: X, or the layer before's output ``a1``."""
    return "X" if layer == 1 else f"a{layer - 1}"


def regularization_terms(dense: Dense, parameter: str, layer: int) -> str:
    """``2·λ·W2 + λ·sign(W2)``: the terms L2 and L1 add to a gradient ("W" or "b"), those in use."""
    l1, l2 = ((dense.weight_regularizer_l1, dense.weight_regularizer_l2) if parameter == "W"
              else (dense.bias_regularizer_l1, dense.bias_regularizer_l2))
    name = f"{parameter}{layer}"
    terms = ([f"2·λ·{name}"] if l2 > 0 else []) + ([f"λ·sign({name})"] if l1 > 0 else [])
    return " + ".join(terms)


def lambdas(dense: Dense) -> str:
    """The regularisation strengths in use, as the layer's settings name them."""
    named = (("λ₁ weights", dense.weight_regularizer_l1), ("λ₂ weights", dense.weight_regularizer_l2),
             ("λ₁ biases", dense.bias_regularizer_l1), ("λ₂ biases", dense.bias_regularizer_l2))
    return ", ".join(f"{name} {value:g}" for name, value in named if value > 0)


class _Chain:
    """A line of names and shapes; each size's colour says which sizes must agree."""

    def __init__(self) -> None:
        self.text = Text(no_wrap=False)

    def name(self, name: str, shape: tuple[int, ...], colours: tuple[int | None, ...]) -> _Chain:
        self.text.append(f"{name} ", "bold")
        append_shape(self.text, shape, tuple(None if c is None else pair_style(c) for c in colours))
        return self

    def word(self, word: str, style: str = "") -> _Chain:
        self.text.append(word, style)
        return self


def backward_chain_text(document: Document) -> Text | None:
    """The chain of the backward stage step mode is at, or None outside the backward pass."""
    step = document.step
    if step is None or not step.backward:
        return None  # asked at every redraw: the gradients are computed only in the backward pass
    backward = document.backward
    if backward is None:
        return None
    gradients = backward.layers[step.layer]
    chain = _Chain()
    chain.word("backward ", "italic").word(f"layer {gradients.layer}: ", "bold")
    _STAGE_CHAINS[step.stage_name](chain, document, backward, gradients)
    return chain.text


def _loss(chain: _Chain, document: Document, backward: BackwardTrace, g: LayerGradients) -> None:
    samples = len(backward.sample_losses)
    chain.word("loss ", "bold").word(f"{backward.loss:.6g} = mean of ")
    chain.name("each sample's loss", (samples,), (0,)).word(" = ")
    chain.word(LOSS_WORDS.get(backward.loss_name, backward.loss_name) + "(", "italic")
    chain.name("output", tuple(backward.output.shape), (0, 1)).word(", ")
    chain.name("y", tuple(backward.labels.shape), (0,) + (1,) * (backward.labels.ndim - 1)).word(")")


def _dvalues(chain: _Chain, document: Document, backward: BackwardTrace, g: LayerGradients) -> None:
    shape = tuple(g.dvalues.shape)
    if g.fused:
        chain.name(f"dvalues = dz{g.layer}", shape, (0, 1)).word(" = (")
        chain.name("p", shape, (0, 1)).word(" − ").name("one-hot y", shape, (0, 1))
        chain.word(f") / {shape[0]} samples", "")
        chain.word("   softmax and cross-entropy's gradient in one step", "dim")
    else:
        chain.name("dvalues", shape, (0, 1)).word(" = d loss / d ").name("output", tuple(backward.output.shape), (0, 1))
        chain.word(f"   {LOSS_WORDS.get(backward.loss_name, backward.loss_name)}'s backward", "dim")


def _dropout(chain: _Chain, document: Document, backward: BackwardTrace, g: LayerGradients) -> None:
    shape = tuple(g.dvalues.shape)
    chain.name("dvalues ⊙ mask", shape, (0, 1)).word(" = ").name("dvalues", shape, (0, 1))
    chain.word(" ⊙ ").name("mask", shape, (0, 1)).word(f"   {ELEMENTWISE}; the dropped values pass no gradient", "dim")


def _dz(chain: _Chain, document: Document, backward: BackwardTrace, g: LayerGradients) -> None:
    shape = tuple(g.dz.shape)
    chain.name(f"dz{g.layer}", shape, (0, 1)).word(" = ")
    if g.activation == "relu":
        chain.name("dvalues", shape, (0, 1)).word(" ⊙ ").name(f"(z{g.layer} > 0)", shape, (0, 1))
        chain.word(f"   {ELEMENTWISE}", "dim")
    elif g.activation == "sigmoid":
        chain.name("dvalues", shape, (0, 1)).word(" ⊙ ").name("s ⊙ (1 − s)", shape, (0, 1))
        chain.word(f"   {ELEMENTWISE}", "dim")
    else:  # softmax without categorical cross-entropy after it
        chain.word("for each sample: ").name("Jacobian", (shape[1], shape[1]), (1, 1))
        chain.word(" · ").name("its dvalues row", (shape[1],), (1,))


def _dweights(chain: _Chain, document: Document, backward: BackwardTrace, g: LayerGradients) -> None:
    samples, n_in = g.inputs.shape
    chain.name(f"dW{g.layer}", tuple(g.dweights.shape), (2, 1)).word(" = ")
    chain.name(f"{input_name(g.layer)}ᵀ", (n_in, samples), (2, 0)).word(" · ")
    chain.name(f"dz{g.layer}", tuple(g.dz.shape), (0, 1))


def _dbiases(chain: _Chain, document: Document, backward: BackwardTrace, g: LayerGradients) -> None:
    chain.name(f"db{g.layer}", tuple(g.dbiases.shape), (None, 1)).word(" = Σ rows of ")
    chain.name(f"dz{g.layer}", tuple(g.dz.shape), (0, 1))


def _regularization(chain: _Chain, document: Document, backward: BackwardTrace, g: LayerGradients) -> None:
    dense = document.network.steps[g.layer - 1].dense
    for parameter, gradient, data, term in (("W", g.dweights, "ᵀ · dz", g.dweights_regularization),
                                            ("b", g.dbiases, "Σ dz", g.dbiases_regularization)):
        if term is None or not regularization_terms(dense, parameter, g.layer):
            continue
        shape = tuple(gradient.shape)
        data_name = f"{input_name(g.layer)}{data}{g.layer}" if parameter == "W" else f"{data}{g.layer}"
        chain.name(f"d{parameter}{g.layer}", shape, (2, 1)).word(" = ").name(data_name, shape, (2, 1))
        chain.word(" + ").name(regularization_terms(dense, parameter, g.layer), shape, (2, 1)).word("   ")
    chain.word(lambdas(dense), "dim")


def _dinputs(chain: _Chain, document: Document, backward: BackwardTrace, g: LayerGradients) -> None:
    samples, n_out = g.dz.shape
    n_in = g.dinputs.shape[1]
    chain.name("dinputs", tuple(g.dinputs.shape), (0, 2)).word(" = ").name(f"dz{g.layer}", (samples, n_out), (0, 1))
    chain.word(" · ").name(f"W{g.layer}ᵀ", (n_out, n_in), (1, 2))
    chain.word("   = dX: X is data, nothing to update" if g.layer == 1 else f"   → layer {g.layer - 1}'s dvalues", "dim")


_STAGE_CHAINS = {
    "loss": _loss, "dvalues": _dvalues, "dropout": _dropout, "dz": _dz, "dweights": _dweights,
    "dbiases": _dbiases, "regularization": _regularization, "dinputs": _dinputs,
}
