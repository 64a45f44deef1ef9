"""Each kind of check on the engine's numbers: it holds when the document says so, and says
what it saw when it does not."""

from __future__ import annotations

from typing import Any

import pytest

from tui.document.state import Document, StepPosition
from tui.lessons import Cursor, LessonContext, command_event, stage_event, trained_event
from tui.lessons.checks import KINDS, CheckResult, make_check


def judge(table: dict[str, Any], document: Document, events: frozenset[str] = frozenset(),
          cursor: Cursor | None = None) -> CheckResult:
    return make_check(table).evaluate(LessonContext.of(document, events, cursor))


def test_a_cell_of_each_matrix_is_read_where_the_screen_shows_it() -> None:
    document = Document.from_preset("two-layers")  # layer 2's output s0: 0.5031 -1.04185 -2.03875

    assert judge({"check": "cell", "matrix": "output", "layer": 2, "row": 0, "column": 1, "equals": -1.04185}, document).passed
    assert judge({"check": "cell", "matrix": "output", "row": 0, "column": 2, "equals": -2.03875}, document).passed
    assert judge({"check": "cell", "matrix": "z", "layer": 1, "row": 0, "column": 0, "equals": 4.8}, document).passed
    assert judge({"check": "cell", "matrix": "inputs", "row": 1, "column": 1, "equals": 5.0}, document).passed
    # Weights as Layer_Dense stores them: row i0 (an input), column n1 (a neuron): 0.5.
    assert judge({"check": "cell", "matrix": "weights", "layer": 1, "row": 0, "column": 1, "equals": 0.5}, document).passed
    assert judge({"check": "cell", "matrix": "biases", "layer": 2, "column": 1, "equals": 2.0}, document).passed
    missed = judge({"check": "cell", "matrix": "output", "layer": 1, "row": 0, "column": 0, "equals": 4.0}, document)
    assert missed == CheckResult(False, "layer 1's output s0 n0 is 4.8; wanted 4 (within 1e-6)")


def test_a_cell_check_without_a_row_holds_for_every_sample() -> None:
    document = Document.from_preset("batch")
    every = {"check": "cell", "matrix": "output", "layer": 1, "column": 1, "at_most": 0.0}

    assert judge(every, document) == CheckResult(False, "layer 1's output s0 n1 is 1.21; wanted at most 0")
    for row in range(3):
        document.set_cell("inputs", row, 0, "0")
        document.set_cell("inputs", row, 1, "0")
        document.set_cell("inputs", row, 2, "0")
        document.set_cell("inputs", row, 3, "0")
    document.select_layer(0)
    document.set_cell("biases", 0, 1, "-1")
    assert judge(every, document) == CheckResult(True, "layer 1's output every sample n1: all 3 are at most 0")


def test_a_layer_that_did_not_compute_or_is_not_there_says_so() -> None:
    document = Document.from_preset("transpose-mistake")

    assert judge({"check": "cell", "matrix": "z", "layer": 1, "row": 0, "column": 0, "equals": 0}, document) == CheckResult(
        False, "layer 1 did not compute: there is a shape error before it")
    assert judge({"check": "cell", "matrix": "weights", "layer": 3, "row": 0, "column": 0, "equals": 0},
                 document).detail == "there is no layer 3: the network has 1"


def test_shapes_and_shape_errors() -> None:
    document = Document.from_preset("transpose-mistake")

    assert judge({"check": "shape", "matrix": "weights", "layer": 1, "equals": [3, 4]}, document).passed
    assert judge({"check": "shape_error", "operation": "dot", "layer": 1}, document).passed
    assert not judge({"check": "shape_error", "operation": "add bias"}, document).passed
    assert judge({"check": "no_shape_error"}, document).detail == "there is a shape error (dot) in layer 1"
    document.fix_error()
    assert judge({"check": "no_shape_error"}, document) == CheckResult(True, "every shape fits")
    assert judge({"check": "shape", "matrix": "output", "layer": 1, "equals": [3, 3]}, document).passed


def test_loss_accuracy_cost_and_a_samples_loss() -> None:
    document = Document.from_preset("spiral")  # the notes' loss 1.098445, accuracy 0.34

    assert judge({"check": "loss", "equals": 1.098445, "tolerance": 1e-6}, document).passed
    assert judge({"check": "accuracy", "at_least": 0.34}, document).passed
    assert not judge({"check": "accuracy", "at_least": 0.9}, document).passed
    assert judge({"check": "cost", "at_most": 0.66 + 1e-9}, document).passed
    assert judge({"check": "sample_loss", "row": 0, "at_least": 1.09, "at_most": 1.1}, document).passed
    unscored = judge({"check": "loss", "at_most": 1.0}, Document.from_preset("layer"))
    assert unscored.detail == "there is no loss: the batch has no labels (l in the inputs panel adds them)"


def test_layers_activations_and_parameter_counts() -> None:
    document = Document.from_preset("parameter-count")

    assert judge({"check": "layer_count", "equals": 4}, document).passed
    assert judge({"check": "activation", "layer": 4, "name": "softmax"}, document).passed
    assert judge({"check": "parameters", "equals": 2530}, document).passed
    assert judge({"check": "parameters", "part": "biases", "equals": 98}, document).passed
    assert judge({"check": "parameters", "equals": 2540}, document).detail == "the network holds 2,530 parameters; wanted 2,540"


def test_values_compares_a_whole_matrix() -> None:
    document = Document.from_preset("single-neuron")
    unchanged = {"check": "values", "matrix": "weights", "layer": 1, "equals": [[0.2], [0.8], [-0.5]]}

    assert judge(unchanged, document).passed
    document.set_cell("weights", 1, 0, "0.9")
    assert judge(unchanged, document) == CheckResult(False, "layer 1's weights i1 n0 is 0.9; wanted 0.8")


def test_the_cursor() -> None:
    document = Document.from_preset("layer")
    on = {"check": "cursor", "matrix": "output", "layer": 1, "row": 0, "column": 2}

    assert not judge(on, document).passed
    assert not judge(on, document, cursor=Cursor("output", 1, 0, 1)).passed
    assert judge(on, document, cursor=Cursor("output", 1, 0, 2)).passed


def test_event_checks_read_the_events_the_app_records() -> None:
    document = Document.from_preset("layer")
    events = frozenset({stage_event(StepPosition(0, 2)), command_event("fix"), trained_event("Adam"), "diverged"})

    assert events == {"stage:1:+ biases", "command:fix", "trained:adam", "diverged"}
    for table in ({"check": "stage", "layer": 1, "stage": "+ biases"}, {"check": "command_used", "command": "fix"},
                  {"check": "trained", "optimizer": "adam"}, {"check": "trained"}, {"check": "diverged"}):
        assert not judge(table, document).passed
        assert judge(table, document, events).passed
    assert judge({"check": "command_not_used", "command": "fix"}, document).passed
    assert not judge({"check": "command_not_used", "command": "fix"}, document, events).passed
    assert not judge({"check": "trained", "optimizer": "sgd"}, document, events).passed


def test_every_kind_is_documented_in_the_module() -> None:
    from tui.lessons import checks

    for kind in KINDS:
        assert f"``{kind}``" in (checks.__doc__ or ""), kind


@pytest.mark.parametrize("kind", ["stage", "command_used", "command_not_used", "trained", "diverged"])
def test_event_kinds_are_marked_as_events(kind: str) -> None:
    assert KINDS[kind].event


def test_the_stage_names_are_the_step_modes_forward_and_backward() -> None:
    from tui.document.core import ALL_STAGES
    from tui.lessons.workbench_checks import STAGE_NAMES

    assert STAGE_NAMES == ALL_STAGES
