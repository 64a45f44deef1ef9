"""Labels are checked by the final activation: a class index, 0 or 1 for a sigmoid, any
finite number (a target) for a linear output; the loss choice is an edit undo puts back."""

from __future__ import annotations

import numpy as np
import pytest

from tests.tui.conftest import focus, grid_rows, screen_text
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document, EditRefused


def _binary_document() -> Document:
    doc = Document.from_preset("batch")  # 3 samples, 3 outputs
    doc.resize_layer(0, 4, 1)
    doc.set_activation(0, "sigmoid")
    doc.toggle_labels()
    return doc


def test_a_sigmoid_label_is_0_or_1_and_a_refusal_keeps_the_old_value() -> None:
    doc = _binary_document()
    assert doc.set_cell("labels", 1, 0, "1") == 1.0
    for typed in ("2", "0.5", "-1"):
        with pytest.raises(EditRefused, match="a label for a sigmoid output is 0 or 1"):
            doc.set_cell("labels", 1, 0, typed)
    assert doc.labels is not None and doc.labels.tolist() == [0, 1, 0] and doc.labels.dtype == np.int64


def test_a_class_label_stays_a_whole_number() -> None:
    doc = Document.from_preset("spiral")  # softmax output
    with pytest.raises(EditRefused, match="not a class index"):
        doc.set_cell("labels", 0, 0, "0.5")
    assert doc.set_cell("labels", 0, 0, "2") == 2.0 and doc.labels is not None and doc.labels.dtype == np.int64


def test_a_linear_output_takes_any_finite_target_as_a_float_and_undo_gives_the_classes_back() -> None:
    doc = Document.from_preset("batch")
    doc.toggle_labels()
    assert doc.set_cell("labels", 2, 0, "-0.37") == -0.37
    assert doc.labels is not None and doc.labels.dtype == np.float64 and doc.labels.tolist() == [0.0, 0.0, -0.37]
    assert doc.set_cell("labels", 0, 0, "1e300") == 1e300
    doc.undo()
    doc.undo()
    assert doc.labels is not None and doc.labels.dtype == np.int64 and doc.labels.tolist() == [0, 0, 0]
    doc.redo()
    assert doc.labels is not None and doc.labels.tolist() == [0.0, 0.0, -0.37]


def test_a_target_too_large_for_the_nnfs_mode_is_refused() -> None:
    doc = Document.from_preset("ch17-regression")  # float32 targets
    before = doc.labels.copy() if doc.labels is not None else None
    with pytest.raises(EditRefused, match="too large for float32"):
        doc.set_cell("labels", 0, 0, "1e39")
    assert doc.labels is not None and before is not None and doc.labels.tobytes() == before.tobytes()
    assert doc.set_cell("labels", 0, 0, "0.25") == 0.25 and doc.labels.dtype == np.float32


def test_removing_a_sample_keeps_its_float_target_for_undo() -> None:
    doc = Document.from_preset("ch17-regression")
    assert doc.labels is not None
    target = doc.labels[5]
    doc.remove_sample(5)
    assert len(doc.labels) == 999
    doc.undo()
    assert doc.labels[5] == target and doc.labels.dtype == np.float32


def test_the_loss_choice_is_an_edit_that_undo_and_redo_put_back() -> None:
    doc = Document.from_preset("ch17-regression")
    assert doc.loss == "mse"  # the preset's training hint
    doc.set_loss("mae")
    assert doc.loss == "mae"
    doc.undo()
    assert doc.loss == "mse"
    doc.redo()
    assert doc.loss == "mae"
    with pytest.raises(EditRefused, match="no loss called 'xyz'"):
        doc.set_loss("xyz")
    assert doc.loss == "mae"
    doc.load_preset("two-layers")
    assert doc.loss is None
    doc.undo()
    assert doc.loss == "mae"


def test_edits_keep_a_layers_regularizers() -> None:
    doc = Document.from_preset("ch16-binary")
    first = doc.network.steps[0]
    doc.set_cell("weights", 0, 0, "0.5")
    doc.resize_layer(0, 2, 65)
    doc.transpose_weights(0)
    doc.transpose_weights(0)
    doc.reinitialise(3, 0.01)
    doc.undo()
    assert (first.dense.weight_regularizer_l2, first.dense.bias_regularizer_l2) == (5e-4, 5e-4)


async def test_a_sigmoid_label_typed_as_2_is_refused_where_the_user_looks() -> None:
    app = WorkbenchApp(preset="ch16-binary")
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#labels")
        await pilot.press("enter", "ctrl+u", "2", "enter")
        message = "a label for a sigmoid output is 0 or 1"
        assert message in app.query_one("#labels").message and message in screen_text(app).replace("\n", " ")
        assert app.document.labels is not None and app.document.labels[0] == 0
        await pilot.press("escape", "enter", "ctrl+u", "1", "enter")
        assert app.document.labels[0] == 1 and grid_rows(app, "#labels")[0] == ["1"]


async def test_a_regression_target_typed_into_the_labels_is_kept() -> None:
    app = WorkbenchApp(preset="ch17-regression")
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#labels")
        await pilot.press("enter", "ctrl+u", *"-0.375", "enter")
        assert app.document.labels is not None and app.document.labels[0] == np.float32(-0.375)
        assert grid_rows(app, "#labels")[0] == ["-0.375"]


def test_training_data_of_float_targets_is_kept_as_targets() -> None:
    from engine.datasets import sine_data

    doc = Document.from_preset("ch17-regression")
    X, y = sine_data(samples=50)  # float64 (samples, 1), as nnfs makes them
    doc.use_data(X, y)
    assert doc.labels is not None and doc.labels.dtype == np.float32 and doc.labels.shape == (50,)
    assert doc.labels[10] == np.float32(y[10, 0]) and doc.trace.loss_name == "mean squared error"
    doc.use_data(X[:3], np.array([0, 1, 1]))
    assert doc.labels.dtype == np.int64  # class indices stay whole numbers
