"""Session files: the whole document as one versioned, human-readable JSON file.

Reading never executes anything from the file: it is ``json`` and nothing else (no pickle,
no eval, no import by name). Every value is checked, and a file that cannot be a document
is refused with a ``SessionFileError`` that says what and where (a key path such as
``layers[1].weights``, a row, a column), before anything of the caller's state changes.

Numbers are written as the shortest text that reads back to the same double; a float32
value is written as the double it equals exactly, so float32 comes back bit for bit too.

What is refused is what no document can be: not JSON, a key written twice in one object,
an integer too long to read or too large for float64, another format or version, ragged or
non-numeric matrices, NaN or infinities, labels that do not count the samples, biases in
more than one row, an unknown activation, optimizer or loss, a dropout rate outside [0, 1),
a negative regulariser, a training ``last_run`` (``tui.training.last_run``) with a key missing
or a number that is not one, sizes over the budgets of tui.document.limits, a file over
``MAX_FILE_BYTES`` (a UTF-8 byte order mark first is allowed).

Labels written as whole numbers are class indices; a list holding any other number is a
linear output's targets (floats, read in the number mode). Targets that do not suit the
final activation (0.5 for a softmax) load, as a shape mistake does: the workbench explains.
Shapes that do not fit from one layer to the next, or a layer's biases that do not count
its neurons, are mistakes a learner makes and the workbench explains (the
transpose-mistake example is one): they load.

The writer is here; the reader is tui.files.session_reading, and what both agree on (the
format's name, version, keys and limits) tui.files.session_format; every public name of
the three is read from here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import numpy as np

from engine import Dense, Step
from engine.atomic_file import write_text_atomic
from tui.document.state import Document
from tui.files.session_answers import answers_item
from tui.files.session_format import (
    DTYPES,
    FORMAT,
    INIT_KEYS,
    LAYER_KEYS,
    MAX_FILE_BYTES,
    MAX_SEED,
    READS,
    REGULARIZER_KEYS,
    TOP_KEYS,
    VERSION,
    SessionFileError,
)
from tui.files.session_reading import from_data, load, loads, parse, read_text

__all__ = [
    "DTYPES", "FORMAT", "INIT_KEYS", "LAYER_KEYS", "MAX_FILE_BYTES", "MAX_SEED", "READS", "REGULARIZER_KEYS",
    "TOP_KEYS", "VERSION", "SessionFileError", "dropout_value", "dumps", "from_data", "labels_value", "load", "loads",
    "parse", "read_text", "regularizers_item", "save", "to_dict",
]

# Stands for an array in ``to_dict``: given the array's name and the array, the value written in its place.
ArrayWriter = Callable[[str, np.ndarray], Any]


# ---------------------------------------------------------------------- writing
def to_dict(document: Document, training: dict[str, Any] | None = None, arrays: ArrayWriter | None = None) -> dict[str, Any]:
    """The document (and the training settings, if any) as plain JSON values; with ``arrays``,
    each array (inputs, labels, every layer's weights and biases) is what ``arrays`` returns
    for it instead (the autosave's sidecar, ``tui.files.autosave_sidecar``)."""
    array = _as_lists if arrays is None else arrays
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "dtype": _dtype_name(document.dtype),
        "preset": document.preset,
        "selected_layer": int(document.selected),
        "weights_view": document.weights_view,
        "loss": document.loss,
        "inputs": array("inputs", document.inputs),
        "labels": None if document.labels is None else array("labels", document.labels),
        "layers": [
            {
                "activation": step.activation.name,
                "dropout": dropout_value(step),
                "init": {"seed": int(init.seed), "scale": float(init.scale)},
                "weights": array(f"weights_{index}", step.dense.weights),
                "biases": array(f"biases_{index}", step.dense.biases),
                **regularizers_item(step.dense),
            }
            for index, (step, init) in enumerate(zip(document.network.steps, document.inits))
        ],
    }
    if training is not None:
        data["training"] = dict(training)
    if document.answers:  # only then: a file with none reads as it did before answers
        data["answers"] = answers_item(document.answers, document.answer_marks)
    return data


def _as_lists(name: str, array: np.ndarray) -> Any:
    """An array as the session file writes it: rows of numbers; biases and labels one flat list."""
    if name == "labels":
        return labels_value(array)
    return _flat(array) if name.startswith("biases") else _rows(array)


def dumps(document: Document, training: dict[str, Any] | None = None) -> str:
    """The session file's text: a matrix's rows one per line, for reading and editing by hand."""
    data = to_dict(document, training)
    lines = ["{"]
    items = list(data.items())
    for number, (key, value) in enumerate(items):
        comma = "," if number < len(items) - 1 else ""
        if key == "inputs":
            text = _matrix_text(value, "  ")
        elif key == "layers":
            text = _layers_text(value)
        else:
            text = json.dumps(value)
        lines.append(f"  {json.dumps(key)}: {text}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def save(document: Document, path: str | os.PathLike[str], training: dict[str, Any] | None = None) -> None:
    """Write the file atomically (``engine.atomic_file``): a crash at any moment leaves the old file whole."""
    write_text_atomic(path, dumps(document, training))


def labels_value(labels: np.ndarray | None) -> list[int] | list[float] | None:
    """Class indices as JSON integers; a linear output's targets as floats (a float32 as the
    double it equals exactly), so that reading tells the two apart."""
    if labels is None:
        return None
    if labels.dtype.kind == "f":
        return _flat(labels)
    return [int(v) for v in labels.tolist()]


def dropout_value(step: Step) -> float:
    return float(step.dropout)


def regularizers_item(dense: Dense) -> dict[str, dict[str, float]]:
    """``{"regularizers": {...}}`` when the layer has any (the book's chapter 14-16 layers), else nothing."""
    values = {key: float(getattr(dense, name)) for key, name in REGULARIZER_KEYS.items()}
    return {"regularizers": values} if any(values.values()) else {}


def _dtype_name(dtype: np.dtype) -> str:
    return "float32" if np.dtype(dtype) == np.float32 else "float64"


def _rows(array: np.ndarray) -> list[list[float]]:
    # A float32 becomes the double it equals exactly, which reads back to the same float32.
    return np.asarray(array, dtype=np.float64).tolist()


def _flat(array: np.ndarray) -> list[float]:
    return np.asarray(array, dtype=np.float64).reshape(-1).tolist()


def _matrix_text(rows: list[list[float]], indent: str) -> str:
    inner = indent + "  "
    body = f",\n{inner}".join("[" + ", ".join(map(repr, row)) + "]" for row in rows)
    return f"[\n{inner}{body}\n{indent}]"


def _layers_text(layers: list[dict[str, Any]]) -> str:
    parts = []
    for layer in layers:
        extra = f',\n      "regularizers": {json.dumps(layer["regularizers"])}' if "regularizers" in layer else ""
        parts.append(
            "    {\n"
            f'      "activation": {json.dumps(layer["activation"])},\n'
            f'      "dropout": {json.dumps(layer["dropout"])},\n'
            f'      "init": {json.dumps(layer["init"])},\n'
            f'      "weights": {_matrix_text(layer["weights"], "      ")},\n'
            f'      "biases": [{", ".join(map(repr, layer["biases"]))}]{extra}\n'
            "    }"
        )
    return "[\n" + ",\n".join(parts) + "\n  ]"
