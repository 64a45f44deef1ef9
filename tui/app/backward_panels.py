"""Drawing the backward pass's stages (step mode past the loss) in the panels the learner reads.

The right column's two layer panels show, for the layer the walk is at, what the stage uses
above and what it makes below: the loss's gradient under the output it is the gradient of,
dropout's mask over ``dvalues ⊙ mask`` (``⊙``: element by element), the activation's derivative over ``dz``, the
inputs over the ``dz`` that ``dW`` and ``db`` are made from, regularisation's terms, ``dz``
over ``dinputs``. ``dW`` and ``db`` have grids of their own under ``W`` and ``b``
(``#dweights``, ``#dbiases``, shown in the backward pass only). A matrix the walk has not
come to yet is a placeholder, never numbers. The names are the shapes line's
(tui.widgets.backward_chain).
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
from rich.text import Text

from engine.backward import BackwardTrace, LayerGradients
from engine.numbers import format_number
from tui.app.captions import caption
from tui.document.core import ALL_STAGES, StepPosition
from tui.document.state import Document
from tui.widgets.backward_chain import LOSS_WORDS, input_name, regularization_terms

_STAGE = {name: index for index, name in enumerate(ALL_STAGES)}
# The stages whose matrix is in the dW grid, or the db grid: the explain panel's cell is that grid's cursor.
DW_STAGES = ("dweights", "regularization")
DB_STAGES = ("dbiases",)


def stage_grid(stage_name: str) -> str:
    """The grid that shows a backward stage's result: dW's, db's, the scores' at the loss, else
    the layer's lower panel."""
    if stage_name in DW_STAGES:
        return "#dweights"
    if stage_name in DB_STAGES:
        return "#dbiases"
    return "#results" if stage_name == "loss" else "#output"


class Panels(Protocol):
    def panel(self, selector: str) -> Any: ...

    def set_border(self, selector: str, title: str, subtitle: str | None = None) -> None: ...


def at_backward(doc: Document) -> BackwardTrace | None:
    """The backward pass's record while step mode is at one of its stages, else None."""
    if doc.step is None or not doc.step.backward:
        return None
    return doc.backward


def _show(grid: Any, values: np.ndarray, text: Text, rows: str = "s", columns: str = "n") -> None:
    grid.row_prefix, grid.column_prefix = rows, columns
    grid.set_caption(text)
    grid.show(values)


def paint_stage(panels: Panels, doc: Document) -> bool:
    """The two layer panels (#z above, #output below) at a backward stage of the selected layer;
    False when the forward drawing applies (not in the backward pass, another layer, the loss)."""
    backward = at_backward(doc)
    step = doc.step
    if backward is None or step is None or step.layer != doc.selected or step.stage_name == "loss":
        return False
    g = backward.layers[step.layer]
    k = g.layer
    name = step.stage_name
    upper, lower = panels.panel("#z"), panels.panel("#output")
    panels.set_border("#z", f"Layer {k} backward: {name}")
    same = g.fused or g.activation == "linear"  # no activation to go through: dz is dvalues
    dz = caption(f"dz{k} = dvalues" if same else f"dz{k}", g.dz.shape, "d loss / d z: the gradient at the layer's z")
    if name == "dvalues":
        samples = g.dvalues.shape[0]
        if g.fused:
            _show(upper, backward.output, caption("p = output", backward.output.shape, "after softmax, the probabilities"))
            # Short enough to read whole in a narrow column; the shapes line says the rest.
            note = f"= (p − y) / {samples}: softmax + cross-entropy's gradient in one step"
            _show(lower, g.dvalues, caption(f"dz{k}", g.dvalues.shape, note))
        else:
            _show(upper, backward.output, caption("output", backward.output.shape, "what the loss scores"))
            loss = LOSS_WORDS.get(backward.loss_name, backward.loss_name)
            _show(lower, g.dvalues, caption("dvalues", g.dvalues.shape, f"= d loss / d output, by {loss}"))
    elif name == "dropout":
        assert g.mask is not None
        rate = doc.network.steps[step.layer].dropout
        note = f"0 or 1/(1 − {rate:g}): dropped or kept"  # the cells show 1/(1 − rate)'s value
        _show(upper, g.mask, caption("mask", g.mask.shape, note))
        _show(lower, g.dactivation, caption("dvalues ⊙ mask", g.dactivation.shape, "a dropped value passes no gradient"))
    elif name == "dz":
        _paint_dz(upper, lower, g)
    elif name in ("dweights", "dbiases"):
        source = "X, the data" if k == 1 else f"layer {k - 1}'s output" + (" after its dropout" if backward.dropped else "")
        _show(upper, g.inputs, caption(input_name(k), g.inputs.shape, f"this layer's inputs: {source}"),
              columns="f" if k == 1 else "n")
        _show(lower, g.dz, dz)
    elif name == "regularization":
        _paint_regularization(panels, doc, upper, g)
        _show(lower, g.dz, dz)
    else:  # dinputs
        _show(upper, g.dz, dz)
        went = "= dX: X is data, nothing to update" if k == 1 else f"= dz{k} · W{k}ᵀ: layer {k - 1}'s dvalues"
        _show(lower, g.dinputs, caption("dinputs", g.dinputs.shape, went), columns="f" if k == 1 else "n")
    return True


def _paint_dz(upper: Any, lower: Any, g: LayerGradients) -> None:
    k = g.layer
    if g.activation == "relu":
        assert g.relu_mask is not None
        _show(upper, g.relu_mask, caption(f"z{k} > 0", g.z.shape, f"ReLU's derivative: 0 where z{k} ≤ 0, 1 where it passes"))
        _show(lower, g.dz, caption(f"dz{k} = dvalues ⊙ (z{k} > 0)", g.dz.shape, f"0 wherever z{k} ≤ 0"))
    elif g.activation == "sigmoid":
        slope = g.activated * (1 - g.activated)
        _show(upper, slope, caption("s ⊙ (1 − s)", slope.shape, "sigmoid's derivative, s its output"))
        _show(lower, g.dz, caption(f"dz{k} = dvalues ⊙ s ⊙ (1 − s)", g.dz.shape, ""))
    else:  # softmax without categorical cross-entropy after it: a Jacobian per sample
        _show(upper, g.activated, caption("s = softmax output", g.activated.shape, "each row's Jacobian: diag(s) − s·sᵀ"))
        _show(lower, g.dz, caption(f"dz{k}", g.dz.shape, "each row: its Jacobian · its dvalues row"))


def _paint_regularization(panels: Panels, doc: Document, upper: Any, g: LayerGradients) -> None:
    """The term regularisation adds to dW (or, with only the biases regularised, to db)."""
    k = g.layer
    dense = doc.network.steps[k - 1].dense
    if g.dweights_regularization is not None:
        _show(upper, g.dweights_regularization,
              caption(regularization_terms(dense, "W", k), g.dweights_regularization.shape,
                      f"added to dW{k}, as stored: (inputs, neurons)"), rows="i")
    else:
        assert g.dbiases_regularization is not None
        _show(upper, g.dbiases_regularization,
              caption(regularization_terms(dense, "b", k), g.dbiases_regularization.shape, f"added to db{k}"), rows="b")


def paint_gradient_grids(panels: Panels, doc: Document) -> None:
    """dW beside W and db beside b (under them): shown in the backward pass only, with numbers
    once the walk has come to them; the screen's ``-backward`` class makes their room."""
    dweights, dbiases = panels.panel("#dweights"), panels.panel("#dbiases")
    backward = at_backward(doc)
    dweights.screen.set_class(backward is not None, "-backward")
    if backward is None:
        return
    index = doc.selected
    g = backward.layers[index]
    k = g.layer
    dense = doc.network.steps[index].dense
    transposed = doc.weights_view != "stored"
    name = f"dW{k}ᵀ" if transposed else f"dW{k}"
    dweights.row_prefix, dweights.column_prefix = ("n", "i") if transposed else ("i", "n")
    dbiases.one_row_label, dbiases.row_prefix, dbiases.column_prefix = "db", "b", "n"
    panels.set_border("#dweights", f"d loss / d W{k}")
    panels.set_border("#dbiases", f"d loss / d b{k}")
    if not doc.reached(StepPosition(index, _STAGE["dweights"])):
        shape = g.dweights.T.shape if transposed else g.dweights.shape
        dweights.set_caption(caption(name, shape, "not yet computed"))
        dweights.show(None, placeholder=f"the backward pass comes to dW{k} after dz{k}")
        dbiases.set_caption(caption(f"db{k}", g.dbiases.shape, "not yet computed"))
        dbiases.show(None, placeholder=f"comes after dW{k}")
        return
    regularized = doc.reached(StepPosition(index, _STAGE["regularization"]))
    with_terms = regularized and g.dweights_regularization is not None
    values = g.dweights if with_terms else g.dweights_data
    note = f"= {input_name(k)}ᵀ · dz{k}" + (f" + {regularization_terms(dense, 'W', k)}" if with_terms else "")
    if g.dweights_regularization is not None and not with_terms:
        note += f" (+ {regularization_terms(dense, 'W', k)} next)"
    shown = values.T if transposed else values
    dweights.set_caption(caption(name, shown.shape, note))
    dweights.show(shown)
    if not doc.reached(StepPosition(index, _STAGE["dbiases"])):
        dbiases.set_caption(caption(f"db{k}", g.dbiases.shape, "not yet computed"))
        dbiases.show(None, placeholder=f"next: the column sums of dz{k}")
        return
    with_terms = regularized and g.dbiases_regularization is not None
    note = f"= Σ rows of dz{k}" + (f" + {regularization_terms(dense, 'b', k)}" if with_terms else "")
    dbiases.set_caption(caption(f"db{k}", g.dbiases.shape, note))
    dbiases.show(g.dbiases if with_terms else g.dbiases_data)


def stage_cell(panels: Panels, doc: Document, explain_cell: tuple[int, int]) -> tuple[int, int] | None:
    """The cell of the current backward stage's matrix under the cursor, for the explain panel:
    the dW grid's (in the stored layout, inputs × neurons) at dweights and regularisation, the db
    grid's at dbiases, the layer panels' (sample, neuron) at the others; None outside the backward pass."""
    if at_backward(doc) is None or doc.step is None:
        return None
    name = doc.step.stage_name
    if name in DW_STAGES:
        grid = panels.panel("#dweights")
        row, column = grid.cursor_row, grid.cursor_column
        return (column, row) if doc.weights_view != "stored" else (row, column)
    if name in DB_STAGES:
        return (0, panels.panel("#dbiases").cursor_column)
    return explain_cell


def loss_note(doc: Document) -> Text | None:
    """Under the scores at the backward pass's loss stage: what the loss is the mean of; and when
    dropout drops values in the pass differentiated, that its loss is not the network's."""
    backward = at_backward(doc)
    if backward is None or doc.step is None:
        return None
    text = Text()
    if doc.step.stage_name == "loss":
        samples = len(backward.sample_losses)
        text.append(f"\nloss = the mean of the loss column: {samples} samples' losses; "
                    "n: its gradient, the backward pass", "dim")
    if backward.dropped:
        text.append(f"\nThe backward pass drops values (dropout, one fixed mask): its loss "
                    f"{format_number(backward.total_loss, 6)} is not the network's.", "dim")
    return text if text else None
