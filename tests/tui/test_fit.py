"""Document.fit: the first layer's inputs, the last layer's outputs and activation, all or nothing, one undo step."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from engine import Network
from tests.tui.test_state import same_state, state
from tui.document.state import Document, EditRefused


def near_the_weights_budget() -> Document:
    """2 -> 1000 -> 1000: widening the first layer to 2000 inputs fits the weights budget
    (3,000,000); then 2001 outputs would not (4,001,000 of 4,000,000)."""
    return Document(Network.from_sizes([2, 1000, 1000]), np.ones((1, 2)))


def refusal(edits: list) -> str:
    """The message the first refused edit of ``edits`` gives, made one by one as before Document.fit."""
    with pytest.raises(EditRefused) as refused:
        for edit in edits:
            edit()
    return str(refused.value)


def test_a_fit_whose_second_part_is_refused_leaves_everything_as_it_was() -> None:
    doc = near_the_weights_budget()
    doc.set_cell("weights", 0, 0, "0.5")  # some history to keep
    before, steps, version = state(doc), doc.history.steps, doc.version
    last = doc.network.steps[1].dense
    twin = copy.deepcopy(doc)
    said = refusal([lambda: twin.resize_layer(0, 2000, 1000), lambda: twin.resize_layer(1, 1000, 2001)])
    assert "weights budget" in said
    with pytest.raises(EditRefused) as refused:
        doc.fit(2000, 2001, "softmax")
    assert str(refused.value) == said  # the message of the refused part, as the edits one by one gave it
    assert same_state(state(doc), before)  # inputs, weights, activations: the first part is undone
    assert doc.history.steps == steps and not doc.history.can_redo
    assert doc.version == version
    assert doc.network.steps[1].dense is last  # the refused part's layer was never touched (a trainer may hold it)
    assert doc.undo() and doc.network.steps[0].dense.weights[0, 0] != 0.5  # the step before is still the last


def test_a_fit_whose_first_part_is_refused_says_what_the_resize_says() -> None:
    doc = near_the_weights_budget()
    before, layers = state(doc), [step.dense for step in doc.network.steps]
    said = refusal([lambda: copy.deepcopy(doc).resize_layer(0, 5000, 1000)])
    with pytest.raises(EditRefused, match="between 1 and 4096") as refused:
        doc.fit(5000, 3, "softmax")
    assert str(refused.value) == said
    assert same_state(state(doc), before) and doc.history.steps == 0
    assert all(step.dense is dense for step, dense in zip(doc.network.steps, layers))  # nothing was touched


def test_a_fit_refused_after_two_parts_puts_both_back() -> None:
    doc = Document.from_preset("spiral")
    before = state(doc)
    with pytest.raises(ValueError, match="no activation called"):
        doc.fit(4, 5, "no such activation")
    assert same_state(state(doc), before) and doc.history.steps == 0


@pytest.mark.parametrize("features, outputs, activation", [(4, 1, "linear"), (2, 5, "sigmoid"), (3, 3, "softmax")])
@pytest.mark.parametrize("removed_feature", [False, True])
def test_a_fit_is_one_undo_step(features: int, outputs: int, activation: str, removed_feature: bool) -> None:
    doc = Document.from_preset("spiral")
    if removed_feature:  # a weight row waits for its value: undo must bring that back too
        doc.remove_feature(0)
        assert doc.incoming_rows is not None
    before, steps = state(doc), doc.history.steps
    doc.fit(features, outputs, activation)
    after = state(doc)
    assert doc.network.steps[0].dense.weights.shape[0] == features
    assert doc.network.steps[-1].dense.weights.shape[1] == outputs
    assert doc.network.steps[-1].activation.name == activation
    assert doc.history.steps == steps + 1
    assert doc.undo()
    assert same_state(state(doc), before)  # one Ctrl+Z puts back all three
    assert doc.redo()
    assert same_state(state(doc), after)


def test_a_fit_does_what_the_edits_one_by_one_do() -> None:
    doc = Document.from_preset("spiral")
    doc.remove_feature(1)
    twin = copy.deepcopy(doc)
    doc.fit(1, 4, "sigmoid")
    twin.resize_layer(0, 1, 3)
    twin.resize_layer(1, 3, 4)
    twin.set_activation(1, "sigmoid")
    assert same_state(state(doc), state(twin))


def test_a_one_layer_network_fits_both_ends_of_its_one_layer() -> None:
    doc = Document.from_preset("spiral")
    doc.select_layer(1)
    doc.remove_layer()
    before, steps = state(doc), doc.history.steps
    doc.fit(5, 2, "sigmoid")
    assert doc.network.steps[0].dense.weights.shape == (5, 2) and doc.network.steps[0].activation.name == "sigmoid"
    assert doc.history.steps == steps + 1
    assert doc.undo() and same_state(state(doc), before)


def test_a_fit_that_changes_nothing_leaves_no_undo_step() -> None:
    doc = Document.from_preset("spiral")
    version = doc.version
    doc.fit(2, 3, "softmax")
    assert doc.history.steps == 0 and doc.version == version
