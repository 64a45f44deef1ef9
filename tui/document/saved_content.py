"""What a session file holds of the document, kept at save or open to tell a real change.

The document's version goes up on every change, and also on things that change nothing
the file holds (leaving the training view recomputes the trace; stepping; selecting a
layer, which the file keeps but is no work to lose). The unsaved mark compares against this
copy instead, bit for bit (-0.0 is not 0.0 in the file, and a NaN equals itself here), so
it shows when saving again would write other work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from tui.document.changes import regularizers_of
from tui.document.state import Document


@dataclass(frozen=True)
class SavedContent:
    small: str  # every value of the file but the arrays, as JSON text
    arrays: tuple[np.ndarray, ...]  # copies: edits and training change the arrays in place

    @classmethod
    def of(cls, document: Document, training: dict[str, Any] | None) -> SavedContent:
        return cls(_small(document, training), tuple(array.copy() for array in _arrays(document)))

    def holds(self, document: Document, training: dict[str, Any] | None) -> bool:
        """Would saving ``document`` now write what this content is?"""
        if _small(document, training) != self.small:
            return False
        arrays = _arrays(document)
        return len(arrays) == len(self.arrays) and all(map(_same_bits, arrays, self.arrays))


def _small(document: Document, training: dict[str, Any] | None) -> str:
    import json  # here, not at start-up: a new document has no saved content to compare

    layers = [(step.activation.name, int(init.seed), float(init.scale), float(step.dropout), regularizers_of(step.dense))
              for step, init in zip(document.network.steps, document.inits)]
    # The selected layer is in the file too, but choosing one is not work to lose: step mode
    # moves it at every layer it walks through, and Ctrl+Q asked to save an unchanged file.
    return json.dumps([str(document.dtype), document.preset, document.weights_view, document.loss,
                       layers, training, document.answers, document.answer_marks], sort_keys=True, default=str)


def _arrays(document: Document) -> tuple[np.ndarray, ...]:
    arrays = [document.inputs]
    if document.labels is not None:
        arrays.append(document.labels)
    for step in document.network.steps:
        arrays += [step.dense.weights, step.dense.biases]
    return tuple(arrays)


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    return bool(np.array_equal(np.ascontiguousarray(a).view(np.uint8), np.ascontiguousarray(b).view(np.uint8)))
