"""The checks on how a network is built to train: regularizer, regularization_loss, dropout,
loss_name. Each holds when the document says so, says what it saw when not, and is graded
from a saved session as the workbench grades it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.datasets import NOTES_WEIGHTS
from tui.document.state import Document
from tui.files.session_file import dumps, loads
from tui.lessons import LessonContext
from tui.lessons.checks import CheckResult, SpecError, make_check


def judge(table: dict[str, Any], document: Document) -> CheckResult:
    return make_check(table).evaluate(LessonContext.of(document))


def reread(document: Document, tmp_path: Path) -> Document:
    """The document as ``nnwb check`` reads it back from its session file."""
    path = tmp_path / "saved.json"
    path.write_text(dumps(document), encoding="utf-8")
    return loads(path.read_text(encoding="utf-8"))[0]


def test_a_regularizer_is_read_by_layer_and_which_and_survives_the_session_file(tmp_path: Path) -> None:
    document = Document.from_preset("two-layers")
    wanted = {"check": "regularizer", "layer": 1, "which": "weight_l2", "equals": 5e-4}
    assert judge(wanted, document) == CheckResult(False, "layer 1's weight L2 strength is 0; wanted 0.0005 (within 1e-6)")

    document.set_regularizers((0.0, 5e-4, 0.0, 0.0), 0)
    assert judge(wanted, document) == CheckResult(True, "layer 1's weight L2 strength is 0.0005")
    assert not judge({**wanted, "which": "bias_l2"}, document).passed
    assert not judge({**wanted, "layer": 2}, document).passed
    assert judge({**wanted, "layer": 3}, document).detail == "there is no layer 3: the network has 2"
    assert judge(wanted, reread(document, tmp_path)).passed


def test_the_regularization_loss_is_the_books_sum_of_lambda_times_the_weights_sizes(tmp_path: Path) -> None:
    document = Document.from_preset("two-layers")
    total = {"check": "regularization_loss", "equals": 0.0}
    assert judge(total, document).passed  # no regularizer: it adds nothing

    document.set_regularizers((1e-3, 5e-4, 0.0, 0.0), 0)
    weights = np.array(NOTES_WEIGHTS)  # the book's reg_loss, written out: λ1·Σ|w| + λ2·Σw²
    expected = 1e-3 * np.abs(weights).sum() + 5e-4 * (weights ** 2).sum()
    assert expected == pytest.approx(1e-3 * 6.24 + 5e-4 * 4.252)
    assert judge({**total, "equals": float(expected)}, document).passed
    assert judge({**total, "equals": float(expected), "layer": 1}, document).passed
    assert judge({**total, "equals": 0.0, "layer": 2}, document).passed
    assert judge({**total, "equals": float(expected)}, reread(document, tmp_path)).passed


def test_dropout_is_the_rate_after_a_layer(tmp_path: Path) -> None:
    document = Document.from_preset("two-layers")
    wanted = {"check": "dropout", "layer": 1, "equals": 0.1}
    assert judge(wanted, document) == CheckResult(False, "the dropout rate after layer 1 is 0; wanted 0.1 (within 1e-6)")
    document.set_dropout(0.1, 0)
    assert judge(wanted, document).passed
    assert judge(wanted, reread(document, tmp_path)).passed
    assert not judge({**wanted, "equals": 0.5}, document).passed


def test_the_loss_name_follows_the_output_and_the_chosen_regression_loss(tmp_path: Path) -> None:
    document = Document.from_preset("ch17-regression")
    mse = {"check": "loss_name", "name": "mean squared error"}
    assert judge(mse, document) == CheckResult(True, "the loss is mean squared error")
    document.set_loss("mae")
    assert judge(mse, document) == CheckResult(False, "the loss is mean absolute error; wanted mean squared error")
    assert judge({**mse, "name": "mean absolute error"}, reread(document, tmp_path)).passed
    assert judge({**mse, "name": "categorical cross-entropy"}, Document.from_preset("spiral")).passed
    assert judge({**mse, "name": "binary cross-entropy"}, Document.from_preset("ch16-binary")).passed
    assert "no labels" in judge(mse, Document.from_preset("two-layers")).detail


@pytest.mark.parametrize(("table", "key"), [
    ({"check": "regularizer", "layer": 1, "which": "l2", "equals": 1.0}, "which"),
    ({"check": "regularizer", "which": "weight_l2", "equals": 1.0}, None),
    ({"check": "dropout", "layer": 1}, None),
    ({"check": "loss_name", "name": "mse"}, "name"),
])
def test_a_table_that_cannot_be_one_of_these_checks_names_the_key(table: dict[str, Any], key: str | None) -> None:
    with pytest.raises(SpecError) as raised:
        make_check(table)
    assert raised.value.key == key
