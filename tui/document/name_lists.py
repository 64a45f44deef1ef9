"""Rows, inputs and neurons named in a sentence: a few one by one, a long run by its ends.

A notice that listed ``i4, i5, … i63`` in full took eight lines of a toast for what
``i4 … i63 (60 rows)`` says in one.
"""

from __future__ import annotations

from collections.abc import Sequence

MOST_NAMED = 4  # more than this are shortened


def named(prefix: str, indices: Sequence[int], noun: str) -> str:
    """``i4, i5`` for a few; for more, the ends and the count: ``i4 … i63 (60 rows)``, or
    ``i1, i3, … i63 (20 rows)`` when they are not one run (``noun``: what they are, plural)."""
    names = [f"{prefix}{index}" for index in indices]
    if len(names) <= MOST_NAMED:
        return ", ".join(names)
    one_run = indices[-1] - indices[0] + 1 == len(indices)
    start = names[0] if one_run else ", ".join(names[:2]) + ","
    return f"{start} … {names[-1]} ({len(names)} {noun})"
