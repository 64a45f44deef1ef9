"""The autosave's text: a session file (``tui.files.session_file``), written again after every
change without writing every number again.

Writing a 784 -> 128 -> 10 network with 64 samples as text is about 150,000 float reprs,
some 75 ms of Python; in a thread, that holds the interpreter's lock against the UI
thread, and an edit made meanwhile waits. An edit changes a few rows, so the text of
each matrix row is kept with the row's bytes, and a row whose bytes did not change
reuses its text: a write after one edit formats one row.

The text is compact JSON, not the hand-readable layout of ``session_file.dumps``: only
``session_file.load`` reads it back, and it reads the same values (tests compare it with
``session_file.to_dict``).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from tui.document.state import Document
from tui.files.session_file import DTYPES, FORMAT, VERSION, dropout_value, labels_value, regularizers_item


class RowTexts:
    """The text of every matrix row last written, by matrix, with the bytes it was made from."""

    def __init__(self) -> None:
        self._rows: dict[str, list[tuple[bytes, str]]] = {}

    def matrix(self, name: str, array: np.ndarray) -> str:
        """``array`` (2-D) as a JSON list of rows; unchanged rows' text is reused."""
        old = self._rows.get(name, [])
        new: list[tuple[bytes, str]] = []
        for index, row in enumerate(array):
            raw = row.tobytes()  # the dtype and length are in the bytes' length and values
            if index < len(old) and old[index][0] == raw:
                new.append(old[index])
            else:
                # A float32 becomes the double it equals exactly, as session_file writes it.
                values = np.asarray(row, dtype=np.float64).tolist()
                new.append((raw, "[" + ", ".join(map(repr, values)) + "]"))
        self._rows[name] = new
        return "[" + ",\n".join(text for _, text in new) + "]"


def session_text(document: Document, training: dict[str, Any] | None, rows: RowTexts) -> str:
    """What ``session_file.dumps`` holds, as compact JSON, formatting only rows that changed."""
    dtype = next(name for name, known in DTYPES.items() if known == document.dtype)
    labels = labels_value(document.labels)
    items = [
        f'"format": {json.dumps(FORMAT)}',
        f'"version": {VERSION}',
        f'"dtype": {json.dumps(dtype)}',
        f'"preset": {json.dumps(document.preset)}',
        f'"selected_layer": {int(document.selected)}',
        f'"weights_view": {json.dumps(document.weights_view)}',
        f'"loss": {json.dumps(document.loss)}',
        f'"inputs": {rows.matrix("inputs", document.inputs)}',
        f'"labels": {json.dumps(labels)}',
    ]
    layers = []
    for index, (step, init) in enumerate(zip(document.network.steps, document.inits)):
        biases = rows.matrix(f"biases {index}", step.dense.biases.reshape(1, -1))[1:-1]  # one row, flat
        init_text = json.dumps({"seed": int(init.seed), "scale": float(init.scale)})
        regularizers = "".join(f", {json.dumps(k)}: {json.dumps(v)}" for k, v in regularizers_item(step.dense).items())
        layers.append(
            f'{{"activation": {json.dumps(step.activation.name)}, "dropout": {json.dumps(dropout_value(step))}, '
            f'"init": {init_text}, '
            f'"weights": {rows.matrix(f"weights {index}", step.dense.weights)}, "biases": {biases}{regularizers}}}'
        )
    items.append('"layers": [\n' + ",\n".join(layers) + "]")
    if training is not None:
        items.append(f'"training": {json.dumps(training)}')
    return "{" + ",\n".join(items) + "}\n"
