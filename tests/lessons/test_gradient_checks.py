"""Lesson checks on the backward pass: ``cell``, ``values`` and ``shape`` name dweights,
dbiases, dinputs and dvalues of a layer, read where engine.backward computes them and laid out
as the layer stores its parameters; the ``stage`` check knows the backward stages. The numbers
are checked twice: to the bit against ``backward_trace``, and against the chain rule written
out here in float64 (the book's chapter 9 formulas), so a check that named the wrong matrix,
layer or layout would fail."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.backward import backward_trace
from tui.document.state import Document
from tui.lessons import LessonContext
from tui.lessons.checks import CheckResult, make_check

GRADIENTS = ("dweights", "dbiases", "dinputs", "dvalues")


def judge(table: dict[str, Any], document: Document, events: frozenset[str] = frozenset()) -> CheckResult:
    return make_check(table).evaluate(LessonContext.of(document, events))


def chain_rule(document: Document) -> dict[tuple[int, str], np.ndarray]:
    """Every layer's gradients by the book's formulas, in float64, from the forward trace:
    ReLU hidden layers, and a softmax + categorical cross-entropy or a sigmoid + binary
    cross-entropy output, with L1/L2 where a layer has them (chapter 16's network has L2).
    Keys (layer 1-based, matrix name)."""
    records = document.trace.records
    labels = np.asarray(document.labels).reshape(-1)
    output = records[-1].output.astype(np.float64)
    samples = len(output)
    last = document.network.steps[-1].activation.name
    if last == "softmax":  # the combined step: (p - y) / samples
        dz = output.copy()
        dz[np.arange(samples), labels.astype(int)] -= 1
        dvalues = dz = dz / samples
    else:
        assert last == "sigmoid"
        y = labels.reshape(-1, 1).astype(np.float64)
        p = np.clip(output, 1e-7, 1 - 1e-7)
        dvalues = -(y / p - (1 - y) / (1 - p)) / output.shape[1] / samples
        dz = dvalues * output * (1 - output)
    found: dict[tuple[int, str], np.ndarray] = {}
    for index in range(len(records) - 1, -1, -1):
        record, dense = records[index], document.network.steps[index].dense
        weights, biases = dense.weights.astype(np.float64), dense.biases.reshape(1, -1).astype(np.float64)
        if index < len(records) - 1:
            assert document.network.steps[index].activation.name == "relu"
            dz = dvalues * (record.z > 0)
        found[(index + 1, "dvalues")] = dvalues
        # Chapter 14's terms where the layer has them: λ1·sign(w) + 2·λ2·w.
        found[(index + 1, "dweights")] = (record.inputs.astype(np.float64).T @ dz + dense.weight_regularizer_l1
                                          * np.sign(weights) + 2 * dense.weight_regularizer_l2 * weights)
        found[(index + 1, "dbiases")] = (dz.sum(axis=0, keepdims=True) + dense.bias_regularizer_l1 * np.sign(biases)
                                         + 2 * dense.bias_regularizer_l2 * biases)
        found[(index + 1, "dinputs")] = dvalues = dz @ weights.T
    return found


@pytest.mark.parametrize("preset", ["spiral", "ch16-binary"])
def test_every_gradient_matrix_is_the_engines_and_the_chain_rules(preset: str) -> None:
    document = Document.from_preset(preset)
    backward = backward_trace(document.network, document.trace)
    assert backward is not None
    expected = chain_rule(document)
    for layer in (1, 2):
        for matrix in GRADIENTS:
            engine = np.atleast_2d(getattr(backward.layer(layer), matrix))
            mine = expected[(layer, matrix)]
            assert engine.shape == mine.shape
            assert judge({"check": "shape", "matrix": matrix, "layer": layer, "equals": list(mine.shape)}, document).passed
            # To the bit: the check reads the engine's backward pass.
            exact = {"check": "values", "matrix": matrix, "layer": layer, "equals": engine.tolist(), "tolerance": 0.0}
            assert judge(exact, document) == CheckResult(True, f"layer {layer}'s {matrix} are as wanted")
            # The book's formulas (float64 against the engine's float32): the matrix meant, laid out as stored.
            # float32 (the nnfs presets) sums hundreds of cancelling terms: db2 of ch16 is 2e-4 off, relatively.
            scale = float(np.abs(mine).max()) * (10 if engine.dtype == np.float32 else 1)
            near = {"check": "values", "matrix": matrix, "layer": layer, "equals": mine.tolist(), "tolerance": 1e-4 * scale}
            assert judge(near, document).passed, (layer, matrix)
            row, column = np.unravel_index(np.argmax(np.abs(mine)), mine.shape)
            cell = {"check": "cell", "matrix": matrix, "layer": layer, "row": int(row), "column": int(column),
                    "equals": float(mine[row, column]), "tolerance": 1e-4 * scale}
            if matrix == "dbiases":
                del cell["row"]
            assert judge(cell, document).passed, (layer, matrix)
            assert not judge({**cell, "equals": -float(mine[row, column])}, document).passed


def test_a_wrong_gradient_is_named_by_its_cell_as_the_grids_name_them() -> None:
    document = Document.from_preset("spiral")
    backward = document.backward
    assert backward is not None
    dweights = backward.layer(1).dweights  # (2 inputs, 3 neurons)
    wrong = dweights.astype(np.float64).tolist()
    wrong[1][2] += 0.5
    seen = judge({"check": "values", "matrix": "dweights", "layer": 1, "equals": wrong}, document)
    assert not seen.passed
    assert seen.detail.startswith("layer 1's dweights i1 n2 is ")
    assert judge({"check": "cell", "matrix": "dinputs", "layer": 2, "row": 4, "column": 1, "equals": 9.0},
                 document).detail.startswith("layer 2's dinputs s4 i1 is ")
    assert judge({"check": "cell", "matrix": "dbiases", "layer": 2, "column": 0, "equals": 9.0},
                 document).detail.startswith("layer 2's dbiases n0 is ")
    assert judge({"check": "values", "matrix": "dbiases", "layer": 1, "equals": [[0.0, 0.0]]}, document).detail == (
        "layer 1's dbiases have shape (1, 3); wanted (1, 2)")


def test_dvalues_without_a_layer_is_the_losss_gradient_p_minus_y_over_samples() -> None:
    document = Document.from_preset("spiral")  # 300 samples, the book's near-uniform 1/3 predictions
    output = document.trace.output
    assert output is not None and document.labels is not None
    label = int(document.labels[0])
    expected = (float(output[0, label]) - 1) / 300

    assert judge({"check": "cell", "matrix": "dvalues", "row": 0, "column": label, "equals": expected,
                  "tolerance": 1e-9}, document) == CheckResult(True, f"the loss's dvalues s0 n{label} is "
                                                                     f"{judge_value(document, label)}")
    # The layer before's dvalues is what the last layer sends back: its dinputs.
    backward = document.backward
    assert backward is not None
    assert judge({"check": "values", "matrix": "dvalues", "layer": 1, "tolerance": 0.0,
                  "equals": backward.layer(2).dinputs.tolist()}, document).passed


def judge_value(document: Document, label: int) -> str:
    from engine.numbers import format_number

    backward = document.backward
    assert backward is not None
    return format_number(float(backward.dvalues[0, label]), 8)


def test_without_a_loss_a_gradient_check_is_not_done_and_says_why() -> None:
    dweights = {"check": "cell", "matrix": "dweights", "layer": 1, "row": 0, "column": 0, "equals": 0.0}

    assert judge(dweights, Document.from_preset("two-layers")) == CheckResult(
        False, "no gradients: the batch has no labels (l in the inputs panel adds them)")
    relu_out = Document.from_preset("spiral")
    relu_out.set_activation(1, "relu")
    assert judge(dweights, relu_out) == CheckResult(
        False, "no gradients: the network has no loss (labels, and a softmax, sigmoid or linear output)")
    assert judge({**dweights, "layer": 3}, relu_out).detail == "there is no layer 3: the network has 2"
    assert judge(dweights, Document.from_preset("transpose-mistake")) == CheckResult(
        False, "no gradients: there is a shape error")
    assert not judge({"check": "values", "matrix": "dvalues", "equals": [[0.0]]}, relu_out).passed


def test_the_backward_stages_are_checked_from_the_events_step_mode_records() -> None:
    from tui.document.core import ALL_STAGES, StepPosition
    from tui.lessons import stage_event

    document = Document.from_preset("spiral")
    dweights_1 = stage_event(StepPosition(0, ALL_STAGES.index("dweights")))
    loss = stage_event(StepPosition(1, ALL_STAGES.index("loss")))
    assert (dweights_1, loss) == ("stage:1:dweights", "stage:2:loss")

    reached = frozenset({dweights_1, loss})
    assert judge({"check": "stage", "layer": 1, "stage": "dweights"}, document, reached) == CheckResult(
        True, "step mode showed layer 1: dweights")
    assert not judge({"check": "stage", "layer": 2, "stage": "dweights"}, document, reached).passed
    assert judge({"check": "stage", "stage": "loss"}, document, reached) == CheckResult(True, "step mode showed the loss")
    assert not judge({"check": "stage", "stage": "dvalues"}, document, reached).passed
    assert judge({"check": "stage", "layer": 1, "stage": "loss"}, document, reached) == CheckResult(
        False, "step mode has not shown layer 1: loss (the loss and its dvalues are the last layer's stages: layer 2)")
    assert make_check({"check": "stage", "stage": "loss"}).in_words() == "step mode showed the loss"


def test_the_cursor_may_be_on_step_modes_gradient_grids() -> None:
    from tui.lessons import Cursor

    on = {"check": "cursor", "matrix": "dweights", "layer": 1, "row": 1, "column": 2}
    document = Document.from_preset("spiral")
    assert make_check(on).evaluate(LessonContext.of(document, cursor=Cursor("dweights", 1, 1, 2))).passed
    assert not make_check(on).evaluate(LessonContext.of(document, cursor=Cursor("weights", 1, 1, 2))).passed
