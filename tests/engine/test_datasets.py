"""nnwb's datasets equal nnfs's, in float64 and in the nnfs mode, without patching NumPy."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from engine import PRESETS, load_preset, nnfs_mode
from engine.datasets import spiral_data, vertical_data

NNFS_REFERENCE = """
import numpy as np, nnfs, sys
from nnfs.datasets import {name}
nnfs.init()
X, y = {name}(50, 3)
np.save(sys.argv[1], X)
"""


@pytest.mark.parametrize("name, ours", [("spiral_data", spiral_data), ("vertical_data", vertical_data)])
def test_nnfs_mode_data_is_bit_identical_to_nnfs_init(tmp_path, name, ours) -> None:
    path = tmp_path / "x.npy"
    subprocess.run([sys.executable, "-c", NNFS_REFERENCE.format(name=name), str(path)], check=True)
    X, y = ours(50, 3, nnfs_mode(0))
    assert X.dtype == np.float32
    assert np.array_equal(X, np.load(path))
    assert y.tolist() == [0] * 50 + [1] * 50 + [2] * 50


def test_float64_data_comes_from_nnfs() -> None:
    np.random.seed(3)
    X, _ = spiral_data(10, 2)
    from nnfs.datasets import spiral_data as theirs

    np.random.seed(3)
    assert np.array_equal(X, theirs(10, 2)[0])
    assert X.dtype == np.float64


def test_nnfs_mode_does_not_patch_numpy() -> None:
    nnfs_mode(0)
    load_preset("spiral")
    assert np.zeros(2).dtype == np.float64
    assert np.random.randn(2).dtype == np.float64


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_loads_and_is_reproducible(name: str) -> None:
    first = load_preset(name)
    second = load_preset(name)
    for a, b in zip(first.network.steps, second.network.steps):
        assert np.array_equal(a.dense.weights, b.dense.weights)
    assert np.array_equal(first.inputs, second.inputs)


def test_unknown_preset_lists_the_names() -> None:
    with pytest.raises(ValueError, match="single-neuron"):
        load_preset("nope")
