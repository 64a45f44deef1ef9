"""Labels as class indices, or a ShapeError that says which label is wrong and why.

A label is a class index: a whole number from 0 to classes - 1, or a one-hot row (a
single 1, zeros elsewhere). Values are checked in the type they were given, before any
conversion, so that 1e20 or the largest uint64 is reported as itself and not as the
integer a cast would wrap it to.
"""

from __future__ import annotations

import numpy as np

from engine.errors import ShapeError, ShapeFacts
from engine.last_checked import LastChecked
from engine.numbers import format_number, format_row, plural

# A label this far past the classes is a slip, not a wish for that many neurons: the
# message stops suggesting "give the last layer N neurons" beyond it.
SUGGEST_NEURONS_UP_TO = 1000

_KINDS = {
    "b": "True/False values",
    "c": "complex numbers",
    "U": "text",
    "S": "text",
    "O": "Python objects",
}


_last_checked = LastChecked()


def sparse_labels(labels: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """Class indices (int64), one per sample, from sparse (1-D) or one-hot (2-D) labels.

    Raises ShapeError when labels and predictions disagree in samples or classes, when a
    label is not a whole number inside the outputs, or a one-hot row is not one 1 and zeros.
    The indices are read-only: the same array answers the same labels again (``LastChecked``).
    """
    return _last_checked.checked(labels, predictions, lambda: _read_only(_checked_labels(labels, predictions)))


def _read_only(indices: np.ndarray) -> np.ndarray:
    indices.setflags(write=False)
    return indices


def _checked_labels(labels: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    samples, classes = predictions.shape
    p_shape = tuple(predictions.shape)
    try:
        y = np.asarray(labels)
    except (ValueError, TypeError):
        # Rows of different lengths: NumPy cannot make an array of them at all.
        raise ShapeError(
            ShapeFacts("labels", "labels", (), "predictions", p_shape, None, None),
            f"the labels cannot meet predictions {p_shape}: their rows have different lengths.",
            f"Give one class index per sample, or one-hot rows of {classes} values each.",
        ) from None
    y_shape = tuple(y.shape)

    def refuse(operation: str, problem: str, fix: str, axes: tuple[int | None, int | None] = (None, None),
               action: str | None = None) -> ShapeError:
        return ShapeError(ShapeFacts(operation, "labels", y_shape, "predictions", p_shape, *axes), problem, fix,
                          fix_action=action)

    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim not in (1, 2):
        raise refuse("labels", f"labels {y_shape} cannot meet predictions {p_shape}: labels are a list of class "
                     f"indices or a one-hot matrix.", f"Give one class index per sample, shape ({samples},).")
    if y.shape[0] != samples:
        raise refuse("labels", f"labels {y_shape} cannot meet predictions {p_shape}: there are "
                     f"{plural(samples, 'sample')} but {plural(y.shape[0], 'label')}.",
                     f"Give one label per sample: {samples} in all.", (0, 0), "resize labels")
    if classes == 0:
        raise refuse("class index", f"predictions {p_shape} have no columns: the last layer has no neurons, "
                     f"so there are no classes for a label to name.",
                     "Give the last layer one neuron per class, at least 1.", (None, 1))
    if y.dtype.kind not in "iuf":
        kind = _KINDS.get(y.dtype.kind, f"{y.dtype} values")
        first = y.flat[0] if y.size else ""
        raise refuse("class index", f"the labels are {kind} (the first is {first!r}), not class indices: a label is "
                     f"a whole number 0-{classes - 1}.", f"Write each label as a class number between 0 and {classes - 1}.")
    if y.ndim == 2:
        return _one_hot_indices(y, classes, p_shape, refuse)
    return _class_indices(y, classes, refuse)


def _class_indices(y: np.ndarray, classes: int, refuse) -> np.ndarray:  # type: ignore[no-untyped-def]
    if y.dtype.kind == "f":
        whole = np.isfinite(y) & (y == np.round(y))
        if not np.all(whole):
            index = int(np.argmin(whole))
            raise refuse("class index", f"label {format_number(y[index])} of sample {index} is not a class index: "
                         f"classes are whole numbers 0-{classes - 1}.", f"Use a class between 0 and {classes - 1}.")
    # Compared in the labels' own type: a cast to int64 first would wrap 1e20 or 2**64 - 1.
    outside = (y < 0) | (y >= classes)
    if np.any(outside):
        index = int(np.argmax(outside))
        value = int(y[index])  # whole and finite here: a Python int holds it exactly
        more = f", or give the last layer {value + 1} neurons" if classes <= value < SUGGEST_NEURONS_UP_TO else ""
        raise refuse("class index", f"label {_label_text(y[index])} of sample {index} is outside the outputs: the last "
                     f"layer has {plural(classes, 'neuron')}, so classes are {_classes_text(classes)}.",
                     f"Use a class between 0 and {classes - 1}{more}.", (None, 1))
    return y.astype(np.int64)


def _one_hot_indices(y: np.ndarray, classes: int, p_shape: tuple[int, ...], refuse) -> np.ndarray:  # type: ignore[no-untyped-def]
    if y.shape[1] != classes:
        raise refuse("labels", f"one-hot labels {tuple(y.shape)} cannot meet predictions {p_shape}: the labels have "
                     f"{plural(y.shape[1], 'class')} but the last layer has {plural(classes, 'neuron')}.",
                     f"Give the last layer {y.shape[1]} neurons, or write the labels with {classes} columns.", (1, 1))
    ones = y == 1
    good = np.all(ones | (y == 0), axis=1) & (np.sum(ones, axis=1) == 1)
    if not np.all(good):
        row = int(np.argmin(good))
        shown = format_row(y[row][:8]) if classes <= 8 else format_row(y[row][:8])[:-1] + ", ...]"
        raise refuse("class index", f"one-hot row {row} of the labels is {shown}: a one-hot row has a single 1, in "
                     f"its class's column, and 0 everywhere else.",
                     f"Write row {row} as one 1 and {plural(classes - 1, 'zero')}, or give its class index instead.",
                     (None, None))
    return np.argmax(y, axis=1).astype(np.int64)


def _label_text(value: np.generic) -> str:
    """A label as the learner gave it: 1e20 for a float, every digit for an integer."""
    return format_number(float(value)) if isinstance(value, np.floating) else str(int(value))


def _classes_text(classes: int) -> str:
    return "only 0" if classes == 1 else f"0-{classes - 1}"


def target_matrix(labels: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """Targets as a (samples, classes) matrix in the predictions' dtype.

    Class indices become one-hot rows (the book's ``np.eye(classes)[y]``); a 2-D matrix is
    taken as given, one-hot or soft (each row a probability per class), as long as it fits
    the predictions and holds finite numbers >= 0.
    """
    y = np.asarray(labels)
    if not (y.ndim == 2 and y.shape[1] > 1):
        indices = sparse_labels(y, predictions)
        return np.eye(predictions.shape[1], dtype=predictions.dtype)[indices]
    if y.shape != predictions.shape or y.dtype.kind not in "iuf":
        sparse_labels(y, predictions)  # raises the explained ShapeError
    targets = y.astype(predictions.dtype, copy=False)
    good = np.isfinite(targets) & (targets >= 0)
    if not np.all(good):
        row, column = (int(i) for i in np.argwhere(~good)[0])
        raise ShapeError(
            ShapeFacts("class index", "labels", tuple(y.shape), "predictions", tuple(predictions.shape), None, None),
            f"target row {row} of the labels is {format_row(y[row][:8])}: a target is the probability of a class, "
            f"a finite number >= 0.",
            f"Write row {row} with numbers >= 0 (one 1 and zeros for its class, or probabilities).",
        )
    return targets
