"""The document: every edit applies whole or is refused and changes nothing."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from tui.state import MAX_UNITS, Document, EditRefused


def snapshot(doc: Document) -> tuple:
    return (
        doc.inputs.copy(),
        None if doc.labels is None else doc.labels.copy(),
        [copy.deepcopy((s.dense.weights, s.dense.biases, s.activation.name)) for s in doc.network.steps],
    )


def same(a: tuple, b: tuple) -> bool:
    if not np.array_equal(a[0], b[0]):
        return False
    if (a[1] is None) != (b[1] is None) or (a[1] is not None and not np.array_equal(a[1], b[1])):
        return False
    return all(
        np.array_equal(x[0], y[0]) and np.array_equal(x[1], y[1]) and x[2] == y[2] for x, y in zip(a[2], b[2])
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.set_cell("weights", 0, 0, "abc"),
        lambda d: d.set_cell("inputs", 9, 0, "1"),
        lambda d: d.set_cell("labels", 0, 0, "1"),  # no labels yet
        lambda d: d.resize_layer(0, 0, 3),
        lambda d: d.resize_layer(0, 3, MAX_UNITS + 1),
        lambda d: d.reinitialise(-1, 0.1),
        lambda d: d.reinitialise(0, float("nan")),
        lambda d: d.fix_error(),  # nothing to fix
    ],
)
def test_refused_changes_leave_the_document_as_it_was(change) -> None:  # type: ignore[no-untyped-def]
    doc = Document.from_preset()
    before = snapshot(doc)
    version = doc.version
    with pytest.raises(EditRefused):
        change(doc)
    assert same(before, snapshot(doc))
    assert doc.version == version


def test_float32_documents_refuse_values_beyond_float32() -> None:
    doc = Document.from_preset("spiral")
    with pytest.raises(EditRefused, match="float32"):
        doc.set_cell("weights", 0, 0, "1e39")
    assert doc.set_cell("weights", 0, 0, "0.5") == 0.5


def test_resize_keeps_what_fits_and_undo_restores() -> None:
    doc = Document.from_preset()
    old = doc.network.steps[0].dense.weights.copy()
    doc.resize_layer(0, 5, 2)
    new = doc.network.steps[0].dense.weights
    assert new.shape == (5, 2)
    assert np.array_equal(new[:4, :2], old[:, :2])
    init = doc.inits[0]
    np.random.seed(init.seed)
    assert np.array_equal(new[4], (init.scale * np.random.randn(5, 2))[4])  # drawn, not 0
    assert doc.undo()
    assert np.array_equal(doc.network.steps[0].dense.weights, old)


def test_reinitialise_same_seed_same_weights() -> None:
    doc = Document.from_preset()
    doc.reinitialise(3, 0.1)
    first = doc.network.steps[0].dense.weights.copy()
    doc.reinitialise(4, 0.1)
    doc.reinitialise(3, 0.1)
    assert np.array_equal(doc.network.steps[0].dense.weights, first)
    np.random.seed(3)
    assert np.array_equal(first, 0.1 * np.random.randn(4, 3))


def test_fix_resizes_labels_to_the_samples() -> None:
    doc = Document.from_preset("spiral")
    doc.remove_sample(0)
    assert doc.trace.error is None  # labels follow the samples
    doc.labels = np.append(doc.labels, 1)
    doc.version += 1
    assert doc.trace.error is not None and doc.trace.error.fix_action == "resize labels"
    doc.fix_error()
    assert doc.trace.error is None and len(doc.labels) == doc.inputs.shape[0]


def test_stepping_stops_at_the_end_and_at_the_start() -> None:
    doc = Document.from_preset("two-layers")
    doc.start_stepping()
    assert not doc.step_back()
    steps = 0
    while doc.step_forward():
        steps += 1
    assert steps == 7 and doc.step is not None and (doc.step.layer, doc.step.stage) == (1, 3)
    assert doc.computed(1, 3) and doc.computed(0, 3)
    doc.step_back()
    assert not doc.computed(1, 3)


def test_weights_rows_view_edits_the_transposed_cell() -> None:
    doc = Document.from_preset()
    doc.toggle_view()
    doc.set_cell("weights", 2, 0, "7")  # neuron 2, input 0
    assert doc.network.steps[0].dense.weights[0, 2] == 7
