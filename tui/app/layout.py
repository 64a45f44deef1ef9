"""The workbench's panels and where they stand: the shapes line, three columns, the errors,
the lesson and the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Header, Static

from tui.commands import WORKBENCH
from tui.document.limits import largest_class
from tui.keys.bindings import bindings_for
from tui.widgets.computed_grid import ComputedGrid
from tui.widgets.error_panel import ErrorPanel
from tui.widgets.explain_panel import ExplainPanel
from tui.widgets.fitted_curve import FittedCurve
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.layout import Column, Columns
from tui.widgets.lesson_panel import LessonPanel
from tui.widgets.matrix_editor import MatrixEditor
from tui.widgets.network_panel import NetworkPanel
from tui.widgets.shape_chain import ShapeChain

# Wide enough for the largest class index whole: in 3 characters 4095 read "4e3", another class.
LABEL_CELL_WIDTH = len(str(largest_class())) + 1

# The border titles that never change (the layer's panels' are set as the layer is drawn).
FIXED_TITLES = (("#inputs", "Inputs"), ("#weights", "Weights"), ("#z", "Outputs"), ("#results", "Network output"))


class InputsEditor(MatrixEditor):
    BINDINGS = bindings_for(WORKBENCH, "inputs")


class WeightsEditor(MatrixEditor):
    BINDINGS = bindings_for(WORKBENCH, "weights")


class LayerActions(NetworkPanel):
    """The network panel; the layer keys are the workbench's, and the footer shows them
    while this panel has focus (``Command.footer_focus``)."""


def workbench_widgets() -> ComposeResult:
    yield Header()
    yield ShapeChain(id="chain")
    with Columns(id="body"):
        with Column(id="left"):
            network = LayerActions(id="network")
            network.border_title = "Network"
            yield network
            explain = ExplainPanel(id="explain")
            explain.border_title = "Explain"
            yield explain
        with Column(id="middle"):
            with Columns(id="inputs-row"):
                yield InputsEditor("inputs", id="inputs", row_prefix="s", column_prefix="f")
                yield MatrixEditor("labels", id="labels", cell_width=LABEL_CELL_WIDTH, row_prefix="s", column_prefix="y")
            yield WeightsEditor("weights", id="weights")
            # dW beside W, db beside b: shown in step mode's backward pass only (tui.app.backward_panels).
            yield ComputedGrid(id="dweights", row_prefix="i", column_prefix="n")
            yield MatrixEditor("biases", id="biases", column_prefix="n")
            yield ComputedGrid(id="dbiases", row_prefix="b", column_prefix="n")
        with Column(id="right"):
            yield ComputedGrid(id="z", row_prefix="s", column_prefix="n")
            yield ComputedGrid(id="output", row_prefix="s", column_prefix="n")
            yield ComputedGrid(id="results", row_prefix="s", column_prefix="o")
            # A one-input, one-output network fitting number targets: its curve (tui.app.curve_panel).
            curve = FittedCurve(id="curve")
            curve.border_title = "Fitted curve"
            yield curve
            yield Static(id="summary")
    yield ErrorPanel(id="errors")
    yield LessonPanel(id="lesson")
    yield KeysFooter()
