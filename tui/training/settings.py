"""The training settings as values: names, ranges and defaults, shared by the training
form (tui/screens/training.py, which holds them as the text typed in its fields) and the
session file (tui/files/session_file.py, which holds them as numbers).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from engine import MatrixValueError, parse_number
from engine.datasets import TrainingHints

DATA = ("current", "spiral", "vertical", "sine")
OPTIMIZER_NAMES = ("sgd", "adagrad", "rmsprop", "adam")
# The book's settings per optimizer (chapter 10): learning rate, decay.
BOOK = {"sgd": ("1", "1e-3"), "adagrad": ("1", "1e-4"), "rmsprop": ("0.02", "1e-5"), "adam": ("0.05", "5e-7")}


class Field(NamedTuple):
    """One number of the settings: its key in a file, its field in the form, its range."""

    key: str  # in the session file's "training" object
    form: str  # the form field's id without "train-"
    whole: bool
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    blank: bool = False  # may be null (the batch size: the whole batch)


FIELDS = (
    Field("samples", "samples", True, 1, 3000),
    Field("classes", "classes", True, 2, 6),
    Field("learning_rate", "lr", False, 0.0, 1e12, low_open=True),
    Field("decay", "decay", False, 0.0, 1e6),
    Field("momentum", "momentum", False, 0.0, 1.0, high_open=True),
    Field("epochs", "epochs", True, 1, 10_000_000),
    Field("batch_size", "batch", True, 1, 10_000, blank=True),
    Field("validation_split", "split", False, 0.0, 0.9),
    Field("seed", "seed", True, 0, 2**32 - 1),
)
BY_KEY = {field.key: field for field in FIELDS}
# The form's text when nothing was typed (the optimizer's own lr and decay: BOOK).
FORM_DEFAULTS = {
    "samples": "100",
    "classes": "3",
    "lr": "0.05",
    "decay": "5e-7",
    "momentum": "0.9",
    "epochs": "10001",
    "batch": "",
    "split": "0",
    "seed": "0",
}


def hint_settings(hints: TrainingHints) -> dict[str, str]:
    """The form's text for a preset's training hints (the book's settings for its network)."""
    return {
        "data": "current",  # the preset's own data
        "optimizer": hints.optimizer,
        "lr": number_text(hints.learning_rate),
        "decay": number_text(hints.decay),
        "epochs": str(int(hints.epochs)),
    }


def number_text(value: float) -> str:
    """A setting as a learner writes it: 0.005, 5e-7 (not 5e-07)."""
    return repr(float(value)).replace("e-0", "e-").replace("e+0", "e+")


def out_of_range(field: Field, value: float) -> str | None:
    """Why ``value`` does not fit ``field``, or None."""
    if not math.isfinite(value):
        return f"{value} is not a finite number"
    if field.whole and value != int(value):
        return f"{value} is not a whole number"
    if value < field.low or (field.low_open and value == field.low) or value > field.high or (
        field.high_open and value == field.high
    ):
        left, right = "(" if field.low_open else "[", ")" if field.high_open else "]"
        return f"{value:g} is not in {left}{field.low:g}, {field.high:g}{right}"
    return None


def defaults(optimizer: str = "adam", has_labels: bool = True) -> dict[str, object]:
    """The full settings a form shows before anything is typed."""
    values: dict[str, object] = {"data": "current" if has_labels else "spiral", "optimizer": optimizer}
    form = dict(FORM_DEFAULTS)
    form["lr"], form["decay"] = BOOK[optimizer]
    for field in FIELDS:
        text = form[field.form]
        values[field.key] = None if text == "" else (int(text) if field.whole else float(text))
    return values


def from_form(form: dict[str, str], has_labels: bool) -> dict[str, object]:
    """The settings the form's text says; a field that does not read as a number in its
    range keeps its default (the form shows why beside it)."""
    optimizer = form.get("optimizer", "adam")
    values = defaults(optimizer if optimizer in OPTIMIZER_NAMES else "adam", has_labels)
    if form.get("data") in DATA:
        values["data"] = form["data"]
    for field in FIELDS:
        text = form.get(field.form)
        if text is None:
            continue
        text = text.strip()
        if text == "" and field.blank:
            values[field.key] = None
            continue
        try:
            number = parse_number(text)  # as a learner writes it: "1_0" or "0x10" is no number
        except MatrixValueError:
            continue
        if out_of_range(field, number) is None:
            values[field.key] = int(number) if field.whole else number
    return values


def to_form(values: dict[str, object]) -> dict[str, str]:
    """The form's text for settings read from a file."""
    form = {"data": str(values["data"]), "optimizer": str(values["optimizer"])}
    for field in FIELDS:
        value = values.get(field.key)
        form[field.form] = "" if value is None else (str(int(value)) if field.whole else repr(float(value)))  # type: ignore[arg-type]
    return form
