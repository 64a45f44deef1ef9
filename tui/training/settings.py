"""The training settings: the one field table and the one parser of a field's text, shared
by the training form (``TrainingForm``, whose fields hold them as typed text, kept in the
session's ``TrainingSession.settings``), the session file (``tui.files.session_file``, which
holds them as numbers) and Save (``from_form``, what it writes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from engine import MatrixValueError, parse_number
from engine.datasets import TrainingHints

# The data and optimizer choices: (what the form shows, the name files and settings use).
DATA_CHOICES = (
    ("current inputs and labels", "current"),
    ("spiral (nnfs)", "spiral"),
    ("vertical (nnfs)", "vertical"),
    ("sine (nnfs, 1 input)", "sine"),
)
OPTIMIZER_CHOICES = (("SGD", "sgd"), ("Adagrad", "adagrad"), ("RMSprop", "rmsprop"), ("Adam", "adam"))
DATA = tuple(name for _, name in DATA_CHOICES)
OPTIMIZER_NAMES = tuple(name for _, name in OPTIMIZER_CHOICES)
# The book's settings per optimizer (chapter 10): learning rate, decay.
BOOK = {"sgd": ("1", "1e-3"), "adagrad": ("1", "1e-4"), "rmsprop": ("0.02", "1e-5"), "adam": ("0.05", "5e-7")}
# Generated data of more samples than this in all is refused by the form (samples x classes).
MAX_GENERATED = 10_000


class Field(NamedTuple):
    """One number of the settings: its key in a file, its field and label in the form, its range."""

    key: str  # in the session file's "training" object
    form: str  # the form field's id without "train-"
    label: str  # beside the field in the form
    whole: bool
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    blank: bool = False  # may be null (the batch size: the whole batch)


FIELDS = (
    Field("samples", "samples", "samples/class", True, 1, 3000),
    Field("classes", "classes", "classes", True, 2, 6),
    Field("learning_rate", "lr", "learning rate", False, 0.0, 1e12, low_open=True),
    Field("decay", "decay", "decay", False, 0.0, 1e6),
    Field("momentum", "momentum", "momentum", False, 0.0, 1.0, high_open=True),
    Field("epochs", "epochs", "epochs", True, 1, 10_000_000),
    Field("batch_size", "batch", "batch size", True, 1, 10_000, blank=True),
    Field("validation_split", "split", "validation", False, 0.0, 0.9),
    Field("seed", "seed", "seed", True, 0, 2**32 - 1),
)
BY_KEY = {field.key: field for field in FIELDS}
BY_FORM = {field.form: field for field in FIELDS}
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


@dataclass(frozen=True)
class Settings:
    """Settings that train: the form's text read by ``read_form``, the names of a file's keys."""

    data: str
    samples: int
    classes: int
    optimizer: str
    learning_rate: float
    decay: float
    momentum: float
    epochs: int
    batch_size: int | None
    validation_split: float
    seed: int


class SettingRefused(ValueError):
    """A field's text that is not a setting: the message says why (shown beside the field)."""


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


def parse_setting(field: Field, text: str) -> int | float | None:
    """The value ``text`` says for ``field``, read as a learner writes numbers (no "1_0",
    no "0x10": ``engine.parse_number``) and checked against its range (``out_of_range``,
    the session file's check); SettingRefused says why not. None: a blank batch size."""
    text = text.strip()
    if text == "" and field.blank:
        return None
    if text == "":
        raise SettingRefused("a whole number is needed" if field.whole else "a number is needed")
    try:
        number = parse_number(text, FORM_DEFAULTS[field.form] or "32")
    except MatrixValueError as error:
        raise SettingRefused(str(error)) from None
    problem = out_of_range(field, number)
    if problem is not None:
        raise SettingRefused(problem)
    return int(number) if field.whole else number


def defaults(optimizer: str = "adam", has_labels: bool = True) -> dict[str, object]:
    """The full settings a form shows before anything is typed."""
    values: dict[str, object] = {"data": "current" if has_labels else "spiral", "optimizer": optimizer}
    form = dict(FORM_DEFAULTS)
    form["lr"], form["decay"] = BOOK[optimizer]
    for field in FIELDS:
        values[field.key] = parse_setting(field, form[field.form])
    return values


def read_form(form: dict[str, str], has_labels: bool) -> tuple[dict[str, object], dict[str, str]]:
    """The settings the form's text says and, by field id, why a field's text is refused
    (``parse_setting``); a refused field keeps its default value."""
    optimizer = form.get("optimizer", "adam")
    values = defaults(optimizer if optimizer in OPTIMIZER_NAMES else "adam", has_labels)
    errors: dict[str, str] = {}
    if form.get("data") in DATA:
        values["data"] = form["data"]
    for field in FIELDS:
        text = form.get(field.form)
        if text is None:
            continue
        try:
            values[field.key] = parse_setting(field, text)
        except SettingRefused as refusal:
            errors[field.form] = str(refusal)
    return values, errors


def from_form(form: dict[str, str], has_labels: bool) -> dict[str, object]:
    """The settings the form's text says (what Save writes); a field that does not read as
    a number in its range keeps its default (the form shows why beside it)."""
    return read_form(form, has_labels)[0]


def form_problems(values: dict[str, object], errors: dict[str, str]) -> dict[str, str]:
    """The refusals that stop training, by field id: the fields the settings use (samples and
    classes only for generated data, momentum only for SGD), and generated data of at most
    MAX_GENERATED samples in all."""
    problems = dict(errors)
    if values["data"] == "current":
        problems.pop("samples", None)
        problems.pop("classes", None)
    else:
        samples, classes = values["samples"], values["classes"]
        if "samples" not in errors and "classes" not in errors and isinstance(samples, int) and isinstance(classes, int):
            if samples * classes > MAX_GENERATED:
                problems["samples"] = f"at most {MAX_GENERATED} samples in all"
    if values["optimizer"] != "sgd":
        problems.pop("momentum", None)
    return problems


def settings_of(values: dict[str, object]) -> Settings:
    """``read_form``'s values as Settings."""
    return Settings(**values)  # type: ignore[arg-type]


def to_form(values: dict[str, object]) -> dict[str, str]:
    """The form's text for settings read from a file."""
    form = {"data": str(values["data"]), "optimizer": str(values["optimizer"])}
    for field in FIELDS:
        value = values.get(field.key)
        if isinstance(value, (int, float)):
            form[field.form] = str(int(value)) if field.whole else repr(float(value))
        else:
            form[field.form] = "" if value is None else str(value)
    return form
