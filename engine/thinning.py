"""Keeping a long run's per-epoch figures in bounded memory.

A run of millions of epochs cannot keep every epoch's figures (each costs a few hundred
bytes), and a chart a hundred columns wide cannot show them anyway. ``thin`` keeps the
newest points at full resolution and halves the resolution of the older ones each time
the bound is reached, so the first epoch, the latest ones and the run's shape all stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

HISTORY_LIMIT = 4096  # points kept per series; a chart is at most a few hundred wide


def thin(series: Sequence[list[Any]], limit: int | None = None) -> None:
    """If the lists (all the same length) hold more than ``limit`` (by default
    ``HISTORY_LIMIT``, read at each call) points, drop every
    other one of the older half, in place. The first point always stays; so does the
    newest half, at full resolution. After a call they hold at most ``limit`` points."""
    if limit is None:
        limit = HISTORY_LIMIT
    if limit < 4:
        raise ValueError(f"limit must be at least 4, not {limit}")
    count = len(series[0]) if series else 0
    if count <= limit:
        return
    recent = limit // 2
    older = count - recent
    for values in series:
        # Even indices of the older part: 0 (the first epoch) is one of them.
        values[:older] = values[:older:2]
    if len(series[0]) > limit:  # a long batch added at once: thin again
        thin(series, limit)


__all__ = ["HISTORY_LIMIT", "thin"]
