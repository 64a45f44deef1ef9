"""Editing the labels: class indices, or float targets under a linear output."""

from __future__ import annotations

import numpy as np

from tui.document.changes import Cell
from tui.document.core import DocumentCore, EditRefused
from tui.document.label_values import holds_targets, label_problem


class Labelling(DocumentCore):
    """Setting one label (checked by what the final activation makes of it), adding or removing them."""

    def _set_label(self, row: int, value: float) -> float:
        """A label, checked by what the final activation makes of it (tui.document.label_values):
        a class index, 0 or 1 for a sigmoid, any finite number for a linear output."""
        if self.labels is None:
            raise EditRefused("there are no labels: press l in the inputs panel to add them")
        final = self.network.steps[-1].activation.name
        problem = label_problem(final, value)
        if problem is not None:
            raise EditRefused(problem)
        if not 0 <= row < len(self.labels):
            raise EditRefused(f"there is no sample {row}")
        if final == "linear" and not holds_targets(self.labels):
            return self._set_first_target(row, value)
        stored = _label_value(value, self.labels.dtype)
        self._record(cells=(Cell("labels", 0, row, 0, self.labels[row].copy()),))
        self.labels[row] = stored
        self._changed()
        return float(stored)

    def _set_first_target(self, row: int, value: float) -> float:
        """The first edit of class-index labels under a linear output: they become float
        targets in the number mode, as the book's regression data is (one undo step)."""
        assert self.labels is not None
        stored = _label_value(value, self.dtype)
        targets = self.labels.astype(self.dtype)
        targets[row] = stored
        self._record(labels=self.labels)
        self.labels = targets
        self._changed()
        return float(stored)

    def toggle_labels(self) -> bool:
        """Add labels (all class 0) or remove them; returns whether there are labels now."""
        self._record(labels=self.labels)
        self.labels = None if self.labels is not None else np.zeros(self.inputs.shape[0], dtype=np.int64)
        self._changed()
        return self.labels is not None


def _label_value(value: float, dtype: np.dtype) -> np.generic:
    """A checked label in the labels' own type; refused if it would not be stored as itself."""
    if dtype.kind != "f":
        return dtype.type(int(value))  # a class index, checked whole by label_problem
    with np.errstate(over="ignore"):
        stored = dtype.type(value)
    if not np.isfinite(stored):
        raise EditRefused(f"{value:g} is too large for {dtype} (the nnfs mode uses float32)")
    if stored == 0 and value != 0:
        raise EditRefused(f"{value:g} is too small for {dtype}: it would be stored as 0")
    return stored
