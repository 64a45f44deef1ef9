"""How big a training step is: each layer's update relative to its weights, and gradient
matrices as signed levels for a heat map.

The book's rule of thumb (and Karpathy's): an update of about 1e-3 of the weights' size
per step is healthy; 1e-1 and more means the learning rate is too high, 1e-6 too low.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Pair = tuple[np.ndarray, np.ndarray]


def update_ratios(before: Sequence[Pair], after: Sequence[Pair]) -> list[float]:
    """Per layer, ||W_after - W_before|| / ||W_after|| over weights and biases together
    (Frobenius norms). 0 for a layer that did not move; inf if its weights are all 0 but moved."""
    if len(before) != len(after):
        raise ValueError(f"{len(before)} layers before but {len(after)} after")
    ratios = []
    # Squares of huge weights overflow to inf (a ratio of 0 or NaN then): a figure, not a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        for pair0, pair1 in zip(before, after):
            ratios.append(_ratio(*pair0, *pair1))
    return ratios


def _ratio(w0: np.ndarray, b0: np.ndarray, w1: np.ndarray, b1: np.ndarray) -> float:
    if w0.shape != w1.shape or np.size(b0) != np.size(b1):
        raise ValueError(f"a layer changed shape from {w0.shape} to {w1.shape}")
    step = float(np.sqrt(np.sum((w1 - w0) ** 2) + np.sum((np.ravel(b1) - np.ravel(b0)) ** 2)))
    size = float(np.sqrt(np.sum(w1**2) + np.sum(np.ravel(b1) ** 2)))
    return 0.0 if step == 0 else (step / size if size > 0 else float("inf"))


def heat_levels(matrix: np.ndarray, levels: int, scale: float | None = None) -> np.ndarray:
    """Each value as a signed whole level in [-levels, levels], by its magnitude relative to
    ``scale`` (the largest magnitude by default); 0 only for exact zeros. Infinities
    count as the largest, NaN as 0."""
    values = np.nan_to_num(np.asarray(matrix, dtype=np.float64), nan=0.0, posinf=np.inf, neginf=-np.inf)
    finite = np.isfinite(values)
    top = float(np.max(np.abs(values[finite]))) if scale is None and finite.any() else (scale or 0.0)
    if top <= 0 or not np.isfinite(top):
        return np.where(finite, 0, np.sign(values) * levels).astype(np.int64)
    magnitude = np.where(finite, np.abs(values) / top, 1.0)
    out = np.ceil(np.clip(magnitude, 0.0, 1.0) * levels).astype(np.int64)
    return (np.sign(values) * out).astype(np.int64)


__all__ = ["heat_levels", "update_ratios"]
