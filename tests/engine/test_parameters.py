from __future__ import annotations

from engine import Network, parameter_counts


def test_notes_network_counts() -> None:
    assert parameter_counts([10, 32, 32, 32, 2]) == (2432, 98, 2530)


def test_counts_explain_the_notes_figure() -> None:
    assert "108" in (parameter_counts.__doc__ or "") and "2540" in (parameter_counts.__doc__ or "")


def test_network_from_sizes_has_those_parameters() -> None:
    network = Network.from_sizes([10, 32, 32, 32, 2])
    weights = sum(step.dense.weights.size for step in network.steps)
    biases = sum(step.dense.biases.size for step in network.steps)
    assert (weights, biases) == (2432, 98)
    assert network.layer_sizes == [10, 32, 32, 32, 2]
