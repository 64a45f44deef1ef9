"""The autosave's incremental text reads back as exactly what a session file holds, for
every preset, and again after every kind of change with the row texts kept between writes."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine import PRESETS
from tui.document.state import Document
from tui.files.autosave_text import RowTexts, session_text
from tui.files.session_file import loads, to_dict

TRAINING = {"data": "spiral", "optimizer": "adam", "samples": 100, "classes": 3, "learning_rate": 0.05,
            "decay": 5e-7, "momentum": 0.9, "epochs": 10001, "batch_size": None, "validation_split": 0.0, "seed": 0}


def same_as_a_session_file(document: Document, rows: RowTexts, training: dict | None = None) -> None:  # type: ignore[type-arg]
    text = session_text(document, training, rows)
    assert json.loads(text) == to_dict(document, training)
    read, read_training = loads(text)
    assert read.dtype == document.dtype and read_training == training
    assert read.inputs.dtype == document.inputs.dtype and read.inputs.tobytes() == document.inputs.tobytes()
    for mine, theirs in zip(document.network.steps, read.network.steps):
        assert mine.dense.weights.tobytes() == theirs.dense.weights.tobytes()
        assert mine.dense.biases.tobytes() == theirs.dense.biases.tobytes()


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_reads_back_bit_identical(name: str) -> None:
    same_as_a_session_file(Document.from_preset(name), RowTexts())


def test_rows_kept_between_writes_never_hide_a_change() -> None:
    document = Document.from_preset()
    rows = RowTexts()
    same_as_a_session_file(document, rows, TRAINING)
    changes = [
        lambda: document.set_cell("inputs", 1, 2, "7.25"),
        lambda: document.set_cell("weights", 0, 1, "-0.125"),
        lambda: document.set_cell("biases", 0, 0, "3"),
        document.add_sample,
        lambda: document.remove_feature(0),
        document.add_layer,
        document.toggle_labels,
        lambda: document.load_preset("spiral"),  # float32: every row's bytes change length
        lambda: document.set_cell("inputs", 0, 0, "0.1"),  # a float32 value, not 0.1 as a double
        document.undo,
        document.undo,
        document.redo,
        lambda: document.load_preset("ch17-regression"),  # float32 targets, the loss choice "mse"
        lambda: document.set_cell("labels", 3, 0, "-0.5"),
        lambda: document.set_loss("mae"),
        lambda: document.load_preset("ch15-dropout"),  # a layer's dropout and L2
    ]
    for change in changes:
        change()
        same_as_a_session_file(document, rows)
    assert document.inputs.dtype == np.float32


@pytest.mark.parametrize("name", ["ch15-dropout", "ch17-regression"])
def test_the_autosave_snapshot_keeps_dropout_regularizers_and_the_loss_choice(name: str) -> None:
    from tui.files.autosave import snapshot

    document = Document.from_preset(name)
    document.set_loss("mae")
    copy = snapshot(document)
    assert to_dict(copy) == to_dict(document)
    assert copy.loss == "mae" and [s.dropout for s in copy.network.steps] == [s.dropout for s in document.network.steps]
