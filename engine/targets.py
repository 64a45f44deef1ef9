"""Targets for outputs read one column at a time: binary (sigmoid) and regression (linear).

Categorical targets are class indices (``engine.labels``). A sigmoid or linear output has
one target per output value instead: a (samples, outputs) matrix. The book's chapters 16
and 17 have one output and reshape their labels with ``y.reshape(-1, 1)``; a 1-D list of
labels is reshaped the same way here. The targets keep their own dtype (the book's float64
sine targets against float32 outputs give the book's float64 losses); only True/False
become numbers.

Anything else is a ShapeError that says what was given, what the output is, and what to
change: a (samples,) list against an output of 3 columns would otherwise broadcast into
a (samples, samples) matrix without a word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, cast

import numpy as np

from engine.errors import ShapeError, ShapeFacts
from engine.last_checked import LastChecked
from engine.numbers import format_number, plural

if TYPE_CHECKING:  # numpy.typing costs milliseconds at import, and is only for the checker
    from numpy.typing import ArrayLike

TargetKind = Literal["binary", "regression"]


_last_checked = LastChecked()


def column_targets(labels: object, predictions: np.ndarray, kind: TargetKind) -> np.ndarray:
    """``labels`` as a (samples, outputs) matrix that fits ``predictions``, checked for ``kind``.

    ``binary``: every target a number from 0 to 1 (0 or 1 for a class; the book's are);
    ``regression``: every target a finite number. The same labels again get the same
    answer without a second check (``LastChecked``).
    """
    if type(predictions) is not np.ndarray or predictions.ndim != 2:
        predictions = np.atleast_2d(np.asarray(predictions))
    return _last_checked.checked(labels, predictions, lambda: _checked_targets(labels, predictions, kind), kind)


def _checked_targets(labels: object, predictions: np.ndarray, kind: TargetKind) -> np.ndarray:
    p_shape = tuple(predictions.shape)
    samples, outputs = p_shape
    try:
        y = np.asarray(labels)
    except (ValueError, TypeError):
        y = np.empty((0,), dtype=object)

    def refuse(operation: str, problem: str, fix: str, axes: tuple[int | None, int | None] = (None, None)) -> ShapeError:
        facts = ShapeFacts(operation, "labels", tuple(np.shape(y)), "predictions", p_shape, *axes)
        return ShapeError(facts, problem, fix, fix_action="resize labels" if operation == "labels" and axes[0] == 0 else None)

    if y.dtype.kind == "b":
        y = y.astype(predictions.dtype if predictions.dtype.kind == "f" else np.float64)
    if y.dtype.kind not in "iuf":
        raise refuse("labels", f"the labels are not numbers ({y.dtype}): a {_what(kind)} target is a number.",
                     f"Write each label as {_range_words(kind)}.")
    if y.ndim == 1 or y.ndim == 0:
        y = y.reshape(-1, 1)  # the book's y.reshape(-1, 1)
    if y.ndim != 2:
        # np.asarray took the labels above, so they are array-like.
        raise refuse("labels", f"labels {tuple(np.shape(cast('ArrayLike', labels)))} cannot meet predictions {p_shape}: targets are one "
                     f"column per output.", f"Give one target per sample, shape ({samples}, {outputs}).")
    if y.shape[0] != samples:
        raise refuse("labels", f"labels {tuple(y.shape)} cannot meet predictions {p_shape}: there are "
                     f"{plural(samples, 'sample')} but {plural(y.shape[0], 'label')}.",
                     f"Give one label per sample: {samples} in all.", (0, 0))
    if y.shape[1] != outputs:
        raise refuse("labels", f"the labels have {plural(y.shape[1], 'column')} and the output has {outputs}: a "
                     f"{_what(kind)} output is scored one column per output neuron, against one target each.",
                     f"Give the last layer {y.shape[1]} {'neuron' if y.shape[1] == 1 else 'neurons'}, or "
                     f"give {outputs} targets per sample.", (1, 1))
    bad = ~np.isfinite(y) if y.dtype.kind == "f" else np.zeros(y.shape, dtype=bool)
    if kind == "binary":
        bad |= (y < 0) | (y > 1)
    if np.any(bad):
        row, column = (int(i) for i in np.argwhere(bad)[0])
        where = f"sample {row}" if outputs == 1 else f"sample {row}, output {column}"
        raise refuse("class index" if kind == "binary" else "labels",
                     f"label {format_number(float(y[row, column]))} of {where} is not {_range_words(kind)}.",
                     "Write the sample's class there (a number between them also scores, as a probability)."
                     if kind == "binary" else f"Write it as {_range_words(kind)}.")
    return y


def _what(kind: TargetKind) -> str:
    return "sigmoid (binary)" if kind == "binary" else "linear (regression)"


def _range_words(kind: TargetKind) -> str:
    return "0 or 1" if kind == "binary" else "a finite number"
