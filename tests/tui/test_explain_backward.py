"""The explain panel in step mode's backward stages: the cell worked out with the learner's own
numbers, and the numerical check beside it, read from the panel."""

from __future__ import annotations

import numpy as np
import pytest

from engine import explain_backward
from engine.numbers import format_number
from tests.tui.conftest import region_text
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.widgets.explain_panel import ExplainPanel, explain_text

# What each stage's worked cell says first, at cell (0, 0) of its matrix.
OPENING = {
    "loss": "loss of sample 0:",
    "dvalues": "dvalues[0, 0] = (p − y) / samples",
    "dropout": "dropout's dinputs = dvalues ⊙ mask, element by element:\ndropout's dinputs[0, 0] = ",
    "dweights": "dW{layer}[0, 0] = Σ over the {samples} samples",
    "dbiases": "db{layer}[0, 0] = Σ over the {samples} samples",
    "regularization": "dW{layer}[0, 0]: w = ",
    "dinputs": "dinputs[0, 0] = Σ over the {neurons} neurons",
}


def explained(app: WorkbenchApp) -> str:
    return str(app.query_one(ExplainPanel).content)


async def into_the_backward_pass(app: WorkbenchApp, pilot) -> Document:  # type: ignore[no-untyped-def]
    await pilot.press("s")
    document = app.document
    while document.step is not None and not document.step.backward:
        document.step_forward()
    app.render_document()
    await pilot.pause()
    return document


async def next_stage(app: WorkbenchApp, pilot) -> bool:  # type: ignore[no-untyped-def]
    moved = app.document.step_forward()
    app.render_document()
    await pilot.pause()
    return moved


@pytest.mark.parametrize("preset", ["spiral", "ch15-dropout"])
async def test_every_backward_stage_works_out_its_cell_and_checks_it(preset: str) -> None:
    app = WorkbenchApp(preset=preset)
    async with app.run_test(size=(120, 40)) as pilot:
        document = await into_the_backward_pass(app, pilot)
        seen = []
        while True:
            step = document.step
            assert step is not None
            layer, stage = step.layer + 1, step.stage_name
            backward = document.backward
            assert backward is not None
            g = backward.layer(layer)
            text = explained(app)
            assert text.startswith(f"Layer {layer} · {stage}: "), text
            samples, neurons = g.dz.shape
            opening = OPENING.get(stage, f"dz{layer}[0, 0]").format(layer=layer, samples=samples, neurons=neurons)
            assert opening in text, (stage, text)
            shown = {
                "dvalues": g.dvalues[0, 0], "dropout": g.dactivation[0, 0], "dz": g.dz[0, 0],
                "dweights": (g.dweights_data if g.regularized else g.dweights)[0, 0],
                "dbiases": (g.dbiases_data if g.regularized else g.dbiases)[0, 0],
                "regularization": g.dweights[0, 0], "dinputs": g.dinputs[0, 0],
            }
            if stage == "loss":
                assert f"mean over the {samples} samples = {format_number(backward.loss)}" in text
                assert "numerical check" not in text
            else:
                assert format_number(float(shown[stage])) in text, (stage, text)
                assert "numerical check: nudge" in text and "(L(" in text and f"analytic {format_number(float(shown[stage]), 8)}" in text
                assert "✓ they agree" in text or "kink" in text or "clips" in text, text
            if preset == "ch15-dropout" and (layer, stage) == (2, "dweights"):
                assert "a1 is layer 1's output after its dropout" in text
            else:
                assert "after its dropout" not in text
            seen.append(stage)
            if not await next_stage(app, pilot):
                break
        assert seen[:2] == ["loss", "dvalues"] and seen[-1] == "dinputs"
        expected = {"dz", "dweights", "dbiases", "dinputs"} | ({"dropout", "regularization"} if preset == "ch15-dropout" else set())
        assert expected <= set(seen)


async def test_db1_of_the_spiral_says_the_nudge_crossed_relus_kink() -> None:
    # Spiral sample 0 is at (0, 0): its z in layer 1 is the bias alone, and the preset's
    # biases are 0, so nudging b1 moves z across ReLU's kink.
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        document = await into_the_backward_pass(app, pilot)
        while document.step is not None and (document.step.layer, document.step.stage_name) != (0, "dbiases"):
            assert await next_stage(app, pilot)
        text = explained(app)
        assert text.startswith("Layer 1 · dbiases")
        assert "db1[0, 0] = Σ over the 300 samples" in text
        assert "= dz1[0,0] + dz1[1,0] + dz1[2,0]" in text and "(297 more terms)" in text
        assert "crossed ReLU's kink at z = 0" in text and "the book takes 0" in text
        # float32 (the nnfs mode): the analytic sum agrees to about 1e-5, and the panel says so.
        assert "as closely as float32 allows" in text


async def test_the_cursors_cell_is_the_one_explained() -> None:
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        document = await into_the_backward_pass(app, pilot)
        while document.step is not None and (document.step.layer, document.step.stage_name) != (1, "dweights"):
            assert await next_stage(app, pilot)
        backward = document.backward
        assert backward is not None
        panel = app.query_one(ExplainPanel)
        panel.show(document, 0, 0, cell=(2, 1))
        text = explained(app)
        assert "dW2[2, 1] = Σ over the 300 samples" in text
        assert "= a1[0,2]·dz2[0,1] + a1[1,2]·dz2[1,1]" in text
        assert format_number(float(backward.layer(2).dweights[2, 1])) in text
        # Without a cell: (sample, neuron), kept inside the matrix (dW2 is 3 x 3).
        panel.show(document, 250, 1)
        assert "dW2[2, 1] = " in explained(app)
        assert await next_stage(app, pilot)  # dbiases: the row is always 0
        panel.show(document, 0, 0, cell=(2, 2))
        assert "db2[0, 2] = Σ over the 300 samples" in explained(app)
        assert await next_stage(app, pilot)  # dinputs: (sample, input)
        panel.show(document, 0, 0, cell=(7, 1))
        text = explained(app)
        assert "dinputs[7, 1] = Σ over the 3 neurons" in text
        assert format_number(float(backward.layer(2).dinputs[7, 1])) in text


async def test_a_redraw_reuses_the_check_until_the_cell_or_the_network_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = explain_backward.numerical_check

    def counted(*args: object):  # type: ignore[no-untyped-def]
        calls.append(args[2:])
        return real(*args)  # type: ignore[arg-type]

    # Where the panel finds it when a check is first asked for (it is loaded then, not at start-up).
    monkeypatch.setattr(explain_backward, "numerical_check", counted)
    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        document = await into_the_backward_pass(app, pilot)
        assert await next_stage(app, pilot)  # dvalues
        panel = app.query_one(ExplainPanel)
        before = len(calls)
        for _ in range(3):
            panel.show(document, 0, 0, cell=(4, 2))
        assert len(calls) == before + 1
        panel.show(document, 0, 0, cell=(5, 2))
        assert len(calls) == before + 2
        document.version += 1  # an edit: the network the checks were of is gone
        panel.show(document, 0, 0, cell=(5, 2))
        assert len(calls) == before + 3
        # Another document (a file opened) at the same version and stage has its own checks.
        other = Document.from_preset("spiral")
        other.network.steps[1].dense.weights[2, 2] += 0.5
        other.step, other.version = document.step, document.version
        panel.show(other, 0, 0, cell=(5, 2))
        assert len(calls) == before + 4
        backward = other.backward
        assert backward is not None
        assert f"analytic {format_number(float(backward.dvalues[5, 2]), 8)}" in explained(app)


async def test_a_sigmoid_output_works_out_binary_cross_entropys_gradient_on_screen() -> None:
    app = WorkbenchApp(preset="ch16-binary")
    async with app.run_test(size=(80, 24)) as pilot:
        document = await into_the_backward_pass(app, pilot)
        assert await next_stage(app, pilot)
        step = document.step
        assert step is not None and step.stage_name == "dvalues"
        text = explained(app)
        assert "dvalues[0, 0] = −(y/p − (1−y)/(1−p)) / outputs / samples" in text
        backward = document.backward
        assert backward is not None
        assert f"= {format_number(float(backward.dvalues[0, 0]))}" in text
        assert await next_stage(app, pilot)  # dz: sigmoid's s · (1 − s)
        assert "sigmoid: dz2 = dvalues ⊙ s ⊙ (1 − s), element by element:\ndz2[0, 0] = " in explained(app)
        # The stage scrolls its matrix into view at 80x24: the learner scrolls to the explain panel.
        app.query_one("#explain").scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        on_screen = " ".join(region_text(app, app.query_one("#explain")).split())
        assert "sigmoid: dz2 = dvalues ⊙ s ⊙" in on_screen, on_screen


async def test_a_regression_network_explains_mean_squared_errors_gradient() -> None:
    app = WorkbenchApp(preset="ch17-regression")
    async with app.run_test(size=(120, 40)) as pilot:
        document = await into_the_backward_pass(app, pilot)
        assert await next_stage(app, pilot)
        text = explained(app)
        backward = document.backward
        assert backward is not None
        y, p = float(np.ravel(backward.labels)[0]), float(backward.output[0, 0])
        assert "dvalues[0, 0] = −2·(y − ŷ) / outputs / samples" in text
        assert f"= −2·({format_number(y, 4)} − {format_number(p, 4)}) / 1 / {len(backward.output)}" in text


@pytest.mark.parametrize(("preset", "cell", "why"), [
    # 3,000 samples' dz of about ±1e-4 cancel to -7.4e-6: float32's sum is 0.4% off it.
    ("ch15-dropout", (0, 1), "the cell is a sum whose terms cancel"),
    # Binary cross-entropy's gradient, float32 as the book's (0/1 targets no longer widen it):
    # 200 samples' dz cancel too.
    ("ch16-binary", (0, 0), "the cell is a sum whose terms cancel"),
])
def test_float32_gradients_are_said_to_agree_as_closely_as_float32_allows(preset: str, cell: tuple[int, int], why: str) -> None:
    document = Document.from_preset(preset)
    document.start_stepping()
    while document.step is not None and (document.step.layer, document.step.stage_name) != (1, "dbiases"):
        assert document.step_forward()
    text = str(explain_text(document, 0, 0, cell))
    assert "✓ they agree as closely as float32 allows" in text and why in text, text
    assert "✗" not in text



def l1_spiral() -> Document:
    """The spiral preset with L1 0.01 on layer 1's weights and biases, and W1[0][0] = 0."""
    document = Document.from_preset("spiral")
    dense = document.network.steps[0].dense
    dense.weight_regularizer_l1 = dense.bias_regularizer_l1 = 0.01
    dense.weights[0, 0] = 0
    return document


async def test_l1_at_zero_says_the_book_takes_plus_one_and_the_check_names_l1s_kink() -> None:
    app = WorkbenchApp(document=l1_spiral())
    async with app.run_test(size=(120, 40)) as pilot:
        document = await into_the_backward_pass(app, pilot)
        while document.step is not None and (document.step.layer, document.step.stage_name) != (0, "regularization"):
            assert await next_stage(app, pilot)
        assert "STEP backward · layer 1: regularization" in app.sub_title
        text = explained(app)
        assert "dW1[0, 0]: w = 0\n" in text
        # sign(0) is 0: the 1 is the book's choice where |w| has no derivative, and the text says so.
        assert "L1 at w = 0, where |w| has no derivative: the book takes +1 for sign(w)\nλ·(+1) = 0.01·1 = 0.01" in text
        assert "sign(w) = 0.01·1" not in text
        # The check parts by λ (the central difference sees |w| flat at 0): L1's kink, not ReLU's.
        assert "The nudge crossed L1's kink at w = 0, where |w| has no derivative (the book takes +1)" in text
        assert "ReLU" not in text and "✗" not in text
