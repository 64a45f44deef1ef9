"""What the screen shows: numbers that read right, labels that say what they are, notes that are true."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.tui.conftest import focus, grid_rows, region_text, screen_text
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document


def flat(text: str) -> str:
    """Screen text with runs of spaces and line breaks as one space (wrapped panels)."""
    return " ".join(text.replace("│", " ").split())


# ---------------------------------------------------------------- the decision boundary's legend
async def test_a_huge_label_gives_a_legend_of_the_classes_there_are_not_a_range_up_to_it() -> None:
    # The legend used to name every class from 0 to the largest label: with a label of 9e18
    # that loop never ended (and froze the app); with 100000 it named classes 3, 4, 5, ...
    doc = Document.from_preset("spiral")
    doc.labels[0] = 100_000
    doc.version += 1
    app = WorkbenchApp(document=doc)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        app.screen.query_one("#train-view").scroll_end(animate=False)  # the legend is the map's last line
        await pilot.pause()
        box = region_text(app, app.screen.query_one("#train-map-box")).splitlines()
        legend = next(flat(line) for line in box if "classes" in line)
        assert legend.split() == ["classes", "●", "0", "■", "1", "▲", "2", "✚", "100000"], legend


async def test_the_legend_counts_every_class_it_does_not_show() -> None:
    # Label 4095 and Fit: the network has 4,096 outputs. The legend listed at most 65 classes
    # and counted only those: "+63 more" where 4,092 (or so) were not shown.
    doc = Document.from_preset("spiral")
    doc.labels[0] = 4095
    doc.version += 1
    app = WorkbenchApp(document=doc)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "f")  # the training view's Fit: the last layer gets 4,096 neurons
        await pilot.pause()
        assert app.document.network.steps[-1].dense.n_neurons == 4096
        app.screen.query_one("#train-view").scroll_end(animate=False)
        await pilot.pause()
        box = region_text(app, app.screen.query_one("#train-map-box")).splitlines()
        legend = next(flat(line) for line in box if "classes" in line)
        listed = re.findall(r"(?<=[●■▲◆✚★] )\d+", legend)
        more = re.search(r"\+([\d,]+) more$", legend)
        assert listed and more, legend
        assert len(listed) + int(more.group(1).replace(",", "")) == 4096, legend


# ---------------------------------------------------------------- beside a toast
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_nothing_of_the_screen_under_a_toast_shows_beside_it(size: tuple[int, int]) -> None:
    # Textual's toast rack kept a hidden scrollbar's 2 columns at the right edge, and the
    # screen under it showed there beside every toast: a panel's border, a scrollbar's
    # thumb, or a letter ("e", "i") of the text underneath.
    from textual.widgets._toast import Toast

    from tests.tui.conftest import screen_lines, wait_for

    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("g")  # the training view: its box's border runs down the right edge
        await pilot.pause()
        app.notify("A note long enough to take several lines of a toast, to see its right edge", timeout=30)
        await wait_for(pilot, lambda: bool(app.screen.query(Toast)), "the toast shows")
        await pilot.pause()
        toast = app.screen.query(Toast).first()
        lines = screen_lines(app)
        beside = [line[toast.region.right :] for line in lines[toast.region.y : toast.region.bottom]]
        assert all(not text.strip() for text in beside), beside
        assert toast.region.right == size[0]


# ---------------------------------------------------------------- numbers in narrow cells
def confident_document() -> Document:
    """One sample scored with a confidence of 0.99363: its loss is 0.0063889 (nine characters)"""
    from engine import Dense, Network, Softmax, Step

    layer = Dense.from_arrays(np.array([[5.05, 0.0], [0.0, 0.0]]), np.zeros((1, 2)))
    return Document(Network([Step(layer, Softmax())]), np.array([[1.0, 0.0]]), np.array([0]))


async def test_a_small_loss_keeps_its_leading_zero_in_the_loss_column() -> None:
    app = WorkbenchApp(document=confident_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#results")
        await pilot.press("end")  # the last column: the sample's loss
        rows = grid_rows(app, "#results")
        loss = rows[0][-1]
        assert loss.startswith("0.00") and abs(float(loss) - 0.0063889) < 1e-5, rows


def test_a_number_that_does_not_fit_turns_scientific_or_says_it_does_not_fit() -> None:
    from tui.format import fit_number

    assert fit_number(0.0063906, 8) == "0.006391"
    assert fit_number(0.0063906, 4) == "6e-3"
    assert fit_number(-0.0063906, 5) == "-6e-3"
    assert fit_number(0.000123, 6) == "1.2e-4"
    for value in (0.0063906, -0.0063906, 123456789.0, 1e-300, float("-inf")):
        for width in range(1, 12):
            text = fit_number(value, width)
            assert len(text) <= width
            # What is shown is the value to the digits shown, or says it does not fit.
            assert text == "…" or float(text) == value or abs(float(text) - value) <= abs(value) * 0.5, (value, width, text)


# ---------------------------------------------------------------- row and column names
async def test_the_biases_row_is_named_b_not_numbered() -> None:
    app = WorkbenchApp(preset="two-layers")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        biases = app.query_one("#biases")
        region = biases.scrollable_content_region
        row = screen_text(app).splitlines()[region.y + 2][region.x : region.right].split()
        assert row == ["b", "2", "3", "0.5"], row


# ---------------------------------------------------------------- the network panel's counts
async def network_panel(preset: str) -> str:
    app = WorkbenchApp(preset=preset)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return flat(region_text(app, app.query_one("#network")))


async def test_one_bias_is_written_in_the_singular() -> None:
    text = await network_panel("single-neuron")
    assert "3 weights + 1 bias = 4 parameters" in text, text


async def test_the_notes_figure_note_is_shown_where_it_explains_something() -> None:
    # The notes' own example: a bias for each of the 10 input nodes makes 108 and 2,540.
    text = await network_panel("parameter-count")
    assert "The notes' figure would say 108 biases, 2,540 in all: it gives the 10 inputs a bias too" in text, text
    # A single neuron: the notes never count 4 biases for it.
    assert "notes' figure" not in await network_panel("single-neuron")
    # The transpose mistake: its one layer does not even fit X; no note on input biases.
    assert "notes' figure" not in await network_panel("transpose-mistake")


# ---------------------------------------------------------------- captions that agree
async def test_the_one_row_per_neuron_view_is_called_the_transpose() -> None:
    app = WorkbenchApp(preset="two-layers")
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#weights")
        await pilot.press("t")  # one row per neuron, as the notes write weights
        await pilot.pause()
        text = screen_text(app)
        assert "W1ᵀ (3, 4)" in text and "W1 (4, 3)" in text, text
        # Wherever the screen names W1 with a shape, the shape is W1's own.
        assert "W1 (3, 4)" not in text


async def test_step_mode_heads_the_inputs_columns_as_features_not_neurons() -> None:
    app = WorkbenchApp(preset="two-layers")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")  # step mode: layer 1, its inputs
        await pilot.pause()
        assert "STEP layer 1: inputs" in app.sub_title, app.sub_title
        panel = region_text(app, app.query_one("#z")).splitlines()
        assert "inputs (3, 4)  = X (columns: features)" in panel[1], panel[1]
        assert panel[2].strip("│").split() == ["f0", "f1", "f2", "f3"], panel[2]
        await pilot.press("n")  # the product: its columns are layer 1's neurons
        await pilot.pause()
        panel = region_text(app, app.query_one("#z")).splitlines()
        assert panel[2].strip("│").split() == ["n0", "n1", "n2"], panel[2]


# ---------------------------------------------------------------- the training charts
def chart_scale(app: WorkbenchApp) -> list[str]:
    """The chart's left column, line by line: the scale labels, or "rule" for a line between panes."""
    labels = []
    for line in region_text(app, app.screen.query_one("#train-chart")).splitlines()[1:]:
        if "└" in line:
            break  # the epochs' axis
        left, bar, _ = line.partition("│")
        left, rule, _ = left.partition("├") if not bar else (left, "", "")
        labels.append("rule" if rule else left.strip())
    return labels


async def test_the_chart_scale_never_repeats_a_label_and_a_rule_parts_loss_from_accuracy() -> None:
    from tests.tui.test_training import status, wait_until

    app = WorkbenchApp(preset="spiral")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "o")  # one epoch: the loss pane's top and bottom are the same value
        await wait_until(pilot, lambda: "PAUSED" in status(app))
        scale = chart_scale(app)
        numbers = [label for label in scale if label not in ("", "loss", "acc", "rule")]
        assert len(numbers) == len(set(numbers)), scale
        # loss pane, then a rule, then the accuracy pane: 1 at its top, 0 at its bottom.
        assert scale.index("loss") < scale.index("rule") < scale.index("acc"), scale
        assert scale[scale.index("rule") + 1] == "1", scale
        await pilot.press("o", "o")  # three epochs: a loss span of about 0.002
        await wait_until(pilot, lambda: "epoch 3 of" in status(app))
        scale = chart_scale(app)
        loss_labels = [label for label in scale[: scale.index("rule")] if label not in ("", "loss")]
        assert len(loss_labels) == 2 and len(set(loss_labels)) == 2, scale
        assert float(loss_labels[0]) > float(loss_labels[1]), scale


# ---------------------------------------------------------------- the fit message
async def test_the_fit_message_describes_the_real_data_and_the_fix_that_applies() -> None:
    from tests.tui.test_training import status

    app = WorkbenchApp(preset="two-layers")  # no labels: the training view offers spiral data
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        text = flat(status(app))
        assert "The spiral data, X (300, 2), has 2 features per sample, but layer 1 takes 4 inputs (W1 (4, 3))" in text, text
        assert "(1, 2)" not in text and "give X" not in text, text  # no probe shape, no change to generated data
        assert "Press f to fit the network to the data" in text
        await pilot.press("f")
        await pilot.pause()
        assert "space starts or continues" in flat(status(app))


async def test_a_mismatch_inside_the_network_is_not_offered_to_f() -> None:
    from tests.tui.test_training import status

    doc = Document.from_preset("spiral")
    doc.resize_layer(1, 4, 3)  # layer 1 puts out 3 values, layer 2 now takes 4
    app = WorkbenchApp(document=doc)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        text = flat(status(app))
        assert "Layer 1 puts out 3 values per sample, but layer 2 takes 4 inputs (W2 (4, 3))" in text, text
        assert "(1, 3)" not in text and "Press f" not in text, text


# ---------------------------------------------------------------- numbers that overflowed
def overflowing_document() -> Document:
    """Inputs 1e308 times weights 1e308: every sum is inf, the softmax nan."""
    from engine import Dense, Network, Softmax, Step

    layer = Dense.from_arrays(np.full((2, 3), 1e308), np.zeros((1, 3)))
    return Document(Network([Step(layer, Softmax())]), np.full((2, 2), 1e308), np.array([0, 1]))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # NumPy's overflow warnings: the overflow is the point
async def test_an_overflowed_pass_is_shown_as_inf_and_nan_and_never_scored() -> None:
    app = WorkbenchApp(document=overflowing_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert grid_rows(app, "#z")[0] == ["inf", "inf", "inf"]
        assert grid_rows(app, "#results")[0][:3] == ["nan", "nan", "nan"]
        summary = flat(region_text(app, app.query_one("#summary")))
        assert "Not scored: the outputs overflowed to inf or nan" in summary, summary
        assert not re.search(r"accuracy [0-9]", summary), summary
        errors = flat(region_text(app, app.query_one("#errors")))
        assert "Overflow" in errors and "overflowed" in errors, errors
        # The explain panel writes the grid's inf the grid's way, never "inf.0".
        explain = flat(region_text(app, app.query_one("#explain")))
        assert "inf" in explain and "inf.0" not in explain and "nan.0" not in explain, explain
