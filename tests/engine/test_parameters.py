from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Network, parameter_counts


def test_notes_network_counts() -> None:
    assert parameter_counts([10, 32, 32, 32, 2]) == (2432, 98, 2530)


def test_counts_layer_by_layer_and_the_notes_figure() -> None:
    sizes = [10, 32, 32, 32, 2]
    weights, biases, total = parameter_counts(sizes)
    # Each layer: inputs x neurons weights, one bias per neuron.
    assert weights == 10 * 32 + 32 * 32 + 32 * 32 + 32 * 2
    assert biases == 32 + 32 + 32 + 2
    assert total == weights + biases
    # The notes' figure (108 biases, 2540 in all) also gives each of the 10 input values
    # a bias: it is our count plus one per input, and nothing else.
    inputs = sizes[0]
    assert (biases + inputs, total + inputs) == (108, 2540)


def test_a_single_neuron() -> None:
    assert parameter_counts([3, 1]) == (3, 1, 4)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 12), min_size=2, max_size=5))
def test_counts_are_what_a_network_of_those_sizes_holds(sizes: list[int]) -> None:
    network = Network.from_sizes(sizes)
    weights = sum(step.dense.weights.size for step in network.steps)
    biases = sum(step.dense.biases.size for step in network.steps)
    assert parameter_counts(sizes) == (weights, biases, weights + biases)


def test_network_from_sizes_has_those_parameters() -> None:
    network = Network.from_sizes([10, 32, 32, 32, 2])
    weights = sum(step.dense.weights.size for step in network.steps)
    biases = sum(step.dense.biases.size for step in network.steps)
    assert (weights, biases) == (2432, 98)
    assert network.layer_sizes == [10, 32, 32, 32, 2]
    assert np.all([step.dense.biases.shape == (1, step.dense.n_neurons) for step in network.steps])
