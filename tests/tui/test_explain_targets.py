"""The explain panel on networks scored against column targets (chapter 16's 0/1 per output,
chapter 17's numbers), whatever activation a layer is given: it explains, it never stops the app.

``f`` twice on ch16-binary's or ch17-regression's hidden layer made it a softmax, and the
panel read the (N, 1) targets as class indices: TypeError, and the app was gone.
"""

from __future__ import annotations

import pytest

from engine import PRESETS
from tests.tui.bursts import type_fast
from tests.tui.conftest import focus, region_text
from tui.app.workbench import WorkbenchApp
from tui.widgets.explain_panel import ExplainPanel


def explain_shown(app: WorkbenchApp) -> str:
    """The explain panel's text as on screen, its lines joined (the panel is narrow)."""
    return " ".join(line.strip(" │╭╮╰╯─") for line in region_text(app, app.query_one("#explain")).splitlines())


def still_running(app: WorkbenchApp) -> None:
    assert app._exception is None, repr(app._exception)
    assert app.is_running and app.return_code is None


@pytest.mark.parametrize("preset", ["ch16-binary", "ch17-regression"])
async def test_a_softmax_hidden_layer_on_column_targets_is_explained(preset: str) -> None:
    app = WorkbenchApp(preset=preset)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_fast(pilot, "f f")  # the first layer: ReLU → sigmoid → softmax
        assert app.document.network.steps[0].activation.name == "softmax"
        await focus(pilot, app, "#z")
        for keys in ("", "Down", "Right", "Down Down", "Right Right"):
            await type_fast(pilot, keys)
            still_running(app)
            shown = explain_shown(app)
            assert "softmax of sample" in shown, shown
            # A hidden layer's softmax has no label of its own to be scored against (the
            # whole text: the panel shows its top).
            assert "loss of sample" not in str(app.query_one("#explain", ExplainPanel).content)
        # The last layer is still scored by its own loss, per output, against its targets.
        await type_fast(pilot, "]" * len(app.document.network))
        shown = explain_shown(app)
        loss = "binary cross-entropy" if preset == "ch16-binary" else "mean squared error"
        assert f"loss: {loss}" in shown, shown
        still_running(app)


@pytest.mark.slow  # every preset x activation x layer, tens of seconds; the two that crashed stay in the quick loop above
@pytest.mark.parametrize("preset", list(PRESETS))
async def test_every_activation_on_every_layer_of_every_preset_is_explained(preset: str) -> None:
    """For each layer: ``f`` through the four activations, each explained; then step mode
    through its stages with ``n``. The explain panel always says something; nothing raises."""
    app = WorkbenchApp(preset=preset)
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#z")
        await type_fast(pilot, "Down Right")  # a cell past the first, where there is one
        for layer in range(len(app.document.network)):
            assert app.document.selected == layer
            for _ in range(4):
                await type_fast(pilot, "f")
                still_running(app)
                assert f"Layer {layer + 1}" in explain_shown(app), explain_shown(app)
            await type_fast(pilot, "]")
        await type_fast(pilot, "f s n n n n n n n n")
        still_running(app)
        assert app.document.step is not None and explain_shown(app).strip(), explain_shown(app)
