"""Step mode past the loss: a learner walks the backward pass of the spiral preset stage by
stage and reads each matrix's name, shape and numbers off the screen, where they equal the
engine's own backward pass (engine.backward.backward_trace) of the document."""

from __future__ import annotations

import numpy as np
import pytest

from engine.backward import backward_trace
from engine.numbers import format_number
from tests.tui.conftest import focus, grid_rows, region_text, screen_lines
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.format import fit_number
from tui.widgets.explain_panel import ExplainPanel
from tui.widgets.matrix_grid import MatrixGrid

SIZES = [(120, 40), (80, 24)]


async def into_view(pilot, app: WorkbenchApp, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Scroll the body to the panel, as a person does on a short screen (the wheel)."""
    app.query_one(selector).scroll_visible(animate=False, immediate=True)
    await pilot.pause()


async def caption_of(pilot, app: WorkbenchApp, selector: str) -> str:  # type: ignore[no-untyped-def]
    """The caption line of a matrix panel, as on screen (the line under its top border)."""
    await into_view(pilot, app, selector)
    return region_text(app, app.query_one(selector)).splitlines()[1]


async def assert_shows(pilot, app: WorkbenchApp, selector: str, name: str, values: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    """The panel's caption names the matrix and its shape, and its visible cells are ``values``'."""
    shape = f"({values.shape[0]}, {values.shape[1]})"
    line = await caption_of(pilot, app, selector)
    assert f"{name} {shape}" in line, f"{selector}: {line!r} does not name {name} {shape}"
    grid = app.query_one(selector, MatrixGrid)
    rows = grid_rows(app, selector)
    assert rows, f"{selector} shows no rows"
    width = grid.cw - 1
    for row, cells in zip(values, rows):
        assert cells[: len(row)] == [fit_number(float(v), width) for v in row][: len(cells)]


def chain(app: WorkbenchApp) -> str:
    return " ".join(region_text(app, app.query_one("#chain")).split())


async def next_stage(pilot, app: WorkbenchApp, stage: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("n")
    assert f"STEP backward · {stage}" in app.sub_title


@pytest.mark.parametrize("size", SIZES)
async def test_a_learner_walks_the_backward_pass_to_dw1_and_back(size: tuple[int, int]) -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=size, notifications=True) as pilot:
        doc = app.document
        expected = backward_trace(doc.network, doc.trace)
        assert expected is not None
        layer1, layer2 = expected.layer(1), expected.layer(2)
        await pilot.press("s", *"n" * 7)
        assert "STEP layer 2: activation" in app.sub_title
        assert not app.query_one("#dweights").display  # no gradient before the loss

        await next_stage(pilot, app, "layer 2: loss")
        assert "final output (300, 3)  + each loss" in await caption_of(pilot, app, "#results")
        results = app.query_one("#results", MatrixGrid)
        assert results.column_header(3) == "loss"  # the loss beside the output it scores
        if size[0] < 100:  # a narrow screen: the → at the headers' end, and End, show the column
            await focus(pilot, app, "#results")
            await pilot.press("end")
        content = results.scrollable_content_region
        header = screen_lines(app)[content.y + 1][content.x : content.right].replace("←", " ").split()
        losses = [row[header.index("loss")] for row in grid_rows(app, "#results")]
        assert losses == [fit_number(float(v), results.cw - 1) for v in expected.sample_losses[: len(losses)]]
        await into_view(pilot, app, "#summary")
        summary = " ".join(region_text(app, app.query_one("#summary")).split())
        assert f"loss {format_number(expected.loss, 6)}" in summary and "the mean of the loss column" in summary
        assert "dW2 (3, 3)  not yet computed" in await caption_of(pilot, app, "#dweights")

        await next_stage(pilot, app, "layer 2: dvalues")
        await assert_shows(pilot, app, "#output", "dz2", expected.dvalues)
        assert "dz2 (300, 3)  = (p − y) / 300" in await caption_of(pilot, app, "#output")
        assert "dvalues = dz2 (300, 3) = (p (300, 3) − one-hot y (300, 3)) / 300 samples" in chain(app)
        assert "not yet computed" in await caption_of(pilot, app, "#dweights")

        await next_stage(pilot, app, "layer 2: dweights")
        await assert_shows(pilot, app, "#dweights", "dW2", layer2.dweights)
        await assert_shows(pilot, app, "#z", "a1", layer2.inputs)
        assert "dW2 (3, 3) = a1ᵀ (3, 300) · dz2 (300, 3)" in chain(app)
        assert "db2 (1, 3)  not yet computed" in await caption_of(pilot, app, "#dbiases")

        await next_stage(pilot, app, "layer 2: dbiases")
        await assert_shows(pilot, app, "#dbiases", "db2", layer2.dbiases)
        assert "db2 (1, 3) = Σ rows of dz2 (300, 3)" in chain(app)

        await next_stage(pilot, app, "layer 2: dinputs")
        await assert_shows(pilot, app, "#output", "dinputs", layer2.dinputs)
        assert "dinputs (300, 3) = dz2 (300, 3) · W2ᵀ (3, 3)" in chain(app)

        await next_stage(pilot, app, "layer 1: dz")
        await into_view(pilot, app, "#network")
        assert "◀1 Dense 2→3" in region_text(app, app.query_one("#network"))
        await assert_shows(pilot, app, "#z", "z1 > 0", layer1.relu_mask)  # type: ignore[arg-type]
        await assert_shows(pilot, app, "#output", "dz1 = dvalues ⊙ (z1 > 0)", layer1.dz)
        # ⊙, not the matrix product's ·: the line says what it means where it first appears.
        assert "dz1 (300, 3) = dvalues (300, 3) ⊙ (z1 > 0) (300, 3) ⊙: element by element" in chain(app)
        assert "dW1 (2, 3)  not yet computed" in await caption_of(pilot, app, "#dweights")

        await next_stage(pilot, app, "layer 1: dweights")
        await assert_shows(pilot, app, "#dweights", "dW1", layer1.dweights)
        await assert_shows(pilot, app, "#z", "X", doc.inputs)
        assert "dW1 (2, 3) = Xᵀ (2, 300) · dz1 (300, 3)" in chain(app)

        await next_stage(pilot, app, "layer 1: dbiases")
        await assert_shows(pilot, app, "#dbiases", "db1", layer1.dbiases)

        await next_stage(pilot, app, "layer 1: dinputs")
        await assert_shows(pilot, app, "#output", "dinputs", layer1.dinputs)
        assert "dinputs (300, 2) = dz1 (300, 3) · W1ᵀ (3, 2)" in chain(app)

        await pilot.press("n")
        assert "STEP backward · layer 1: dinputs" in app.sub_title
        assert [n.message for n in app._notifications][-1] == "The backward pass is complete: Escape leaves step mode."

        # b goes back through it all: dW1 is not computed again until the walk comes to it.
        await pilot.press("b")
        assert "STEP backward · layer 1: dbiases" in app.sub_title
        await assert_shows(pilot, app, "#dweights", "dW1", layer1.dweights)
        await pilot.press("b", "b")
        assert "STEP backward · layer 1: dz" in app.sub_title
        assert "dW1 (2, 3)  not yet computed" in await caption_of(pilot, app, "#dweights")
        await pilot.press(*"b" * 6)
        assert "STEP layer 2: activation" in app.sub_title
        assert not app.query_one("#dweights").display
        assert "W2 (3, 3)" in chain(app) and "backward" not in chain(app)


async def test_an_edit_at_a_backward_stage_changes_dw_and_keeps_the_stage() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", *"n" * 10)
        assert "STEP backward · layer 2: dweights" in app.sub_title
        before = app.document.backward
        assert before is not None
        await focus(pilot, app, "#weights")
        await pilot.press("0", ".", "5", "enter")
        assert float(app.document.network.steps[1].dense.weights[0, 0]) == 0.5
        assert "STEP backward · layer 2: dweights" in app.sub_title
        after = backward_trace(app.document.network, app.document.trace)
        assert after is not None and not np.array_equal(after.layer(2).dweights, before.layer(2).dweights)
        await assert_shows(pilot, app, "#dweights", "dW2", after.layer(2).dweights)


async def test_without_labels_the_walk_ends_with_the_forward_pass_and_says_why() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        assert app.document.labels is None
        stages = 4 * len(app.document.network)
        await pilot.press("s", *"n" * stages)
        assert "STEP layer" in app.sub_title and "backward" not in app.sub_title
        assert "without labels there is no loss" in [n.message for n in app._notifications][-1]
        assert "Escape leaves step mode" in [n.message for n in app._notifications][-1]
        assert not app.query_one("#dweights").display

    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("right_square_bracket", "f", "f")  # layer 2: softmax → none → ReLU
        assert app.document.network.steps[1].activation.name == "relu"
        await pilot.press("s", *"n" * 8)
        assert "STEP layer 2: activation" in app.sub_title
        assert "a ReLU output has no loss, so no backward pass" in [n.message for n in app._notifications][-1]


async def test_the_explain_panel_is_given_the_cell_under_the_gradient_grids_cursor(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cells: list[tuple[int, int] | None] = []
    show = ExplainPanel.show

    def recording(self, document, sample, neuron, cell=None):  # type: ignore[no-untyped-def]
        cells.append(cell)
        show(self, document, sample, neuron, cell=cell)

    monkeypatch.setattr(ExplainPanel, "show", recording)
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", *"n" * 7)
        assert cells[-1] is None  # the forward pass: no gradient cell
        await pilot.press("n", "n", "n")  # loss, dvalues, dweights
        await focus(pilot, app, "#dweights")
        await pilot.press("down", "right")
        assert cells[-1] == (1, 1)
        await pilot.press("t")  # one row per neuron: the grid shows dW2ᵀ, the cell stays (input, neuron)
        assert "dW2ᵀ (3, 3)" in await caption_of(pilot, app, "#dweights")
        await focus(pilot, app, "#dweights")
        await pilot.press("right")
        assert cells[-1] == (2, 1)


async def test_sigmoid_dropout_and_regularization_stages_show_their_own_matrices() -> None:
    app = WorkbenchApp(preset="ch16-binary")  # sigmoid + binary cross-entropy, L2 on layer 1
    async with app.run_test(size=(120, 40)) as pilot:
        doc = app.document
        expected = backward_trace(doc.network, doc.trace)
        assert expected is not None
        out, hidden = expected.layer(2), expected.layer(1)
        await pilot.press("s", *"n" * 9)
        assert "STEP backward · layer 2: dvalues" in app.sub_title
        await assert_shows(pilot, app, "#output", "dvalues", out.dvalues)
        assert "dvalues (200, 1)  = d loss / d output" in await caption_of(pilot, app, "#output")
        await next_stage(pilot, app, "layer 2: dz")
        await assert_shows(pilot, app, "#z", "s ⊙ (1 − s)", out.activated * (1 - out.activated))
        await assert_shows(pilot, app, "#output", "dz2 = dvalues ⊙ s ⊙ (1 − s)", out.dz)
        assert "dz2 (200, 1) = dvalues (200, 1) ⊙ s ⊙ (1 − s) (200, 1) ⊙: element by element" in chain(app)
        await pilot.press(*"n" * 6)
        assert "STEP backward · layer 1: dbiases" in app.sub_title
        assert hidden.dweights_regularization is not None
        await assert_shows(pilot, app, "#dweights", "dW1", hidden.dweights_data)  # the data's part first
        assert "(+ 2·λ·W1 next)" in await caption_of(pilot, app, "#dweights")
        await next_stage(pilot, app, "layer 1: regularization")
        await assert_shows(pilot, app, "#z", "2·λ·W1", hidden.dweights_regularization)
        await assert_shows(pilot, app, "#dweights", "dW1", hidden.dweights)
        assert "dW1 (2, 64) = Xᵀ · dz1 (2, 64) + 2·λ·W1 (2, 64)" in chain(app)

    app = WorkbenchApp(preset="ch15-dropout")  # dropout 0.1 after layer 1
    async with app.run_test(size=(120, 40)) as pilot:
        doc = app.document
        expected = backward_trace(doc.network, doc.trace)
        assert expected is not None and expected.layer(1).mask is not None
        await pilot.press("s", *"n" * 13)
        assert "STEP backward · layer 1: dropout" in app.sub_title
        await assert_shows(pilot, app, "#z", "mask", expected.layer(1).mask)
        await assert_shows(pilot, app, "#output", "dvalues ⊙ mask", expected.layer(1).dactivation)
        assert ("dvalues ⊙ mask (3000, 64) = dvalues (3000, 64) ⊙ mask (3000, 64) ⊙: element by element; "
                "the dropped values pass no gradient") in chain(app)
        assert "mask (3000, 64)  0 or 1/(1 − 0.1)" in await caption_of(pilot, app, "#z")


def test_moving_through_the_walk_keeps_both_passes_computed() -> None:
    """A step moves no number: the forward and backward passes are not computed again (a
    784-input network's stages would each pay for both)."""
    doc = Document.from_preset("spiral")
    doc.start_stepping()
    trace, backward = doc.trace, doc.backward
    for _ in range(10):
        assert doc.step_forward()
    assert doc.step is not None and doc.step.stage_name == "dweights"
    assert doc.trace is trace and doc.backward is backward
    doc.set_cell("weights", 0, 0, "0.5")
    assert doc.trace is not trace and doc.backward is not backward
