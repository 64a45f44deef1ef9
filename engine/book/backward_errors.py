"""A shape mismatch in a book layer's ``backward``, explained as ``forward`` explains its own.

The book's ``backward(dvalues)`` takes d loss / d output: one row per sample and one column
per output of the layer's last forward pass. Given anything else, NumPy stops in the middle
of the maths with a message about matrices the learner never wrote (``inputs.T``,
``weights.T``). The book names catch that error (a ``try`` costs nothing until it fires)
and raise a ShapeError that names ``dvalues`` and the output it should match, with NumPy's
words under it. It is a ValueError, as NumPy's is; where NumPy raised an IndexError (the
ReLU's mask), the explanation is an IndexError too, so a reader's ``except`` still catches it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.errors import ShapeError, ShapeFacts
from engine.numbers import plural


class BackwardIndexError(ShapeError, IndexError):
    """The explained shape mismatch where NumPy's own error was an IndexError."""


def explained(layer: Any, dvalues: Any, error: Exception) -> Exception:
    """The error to raise for ``error`` in ``layer.backward(dvalues)``: an explanation when
    ``dvalues`` do not have the shape of the layer's last output, else ``error`` itself."""
    output = getattr(layer, "output", None)
    if output is None:
        return error
    given, expected = tuple(np.shape(dvalues)), tuple(np.shape(output))
    if given == expected or len(expected) != 2:
        return error
    name = type(layer).__name__
    if len(given) != 2:
        axis = None
        problem = f"{name}.backward: dvalues {given} must be a matrix (2-D), shaped as the output {expected} of the last forward pass."
    elif given[0] != expected[0]:
        axis = 0
        problem = (
            f"{name}.backward: dvalues {given} cannot meet the output {expected} of the last forward pass: "
            f"{plural(given[0], 'row')} of gradients for {plural(expected[0], 'sample')}."
        )
    else:
        axis = 1
        problem = (
            f"{name}.backward: dvalues {given} cannot meet the output {expected} of the last forward pass: "
            f"{plural(given[1], 'column')} of gradients for {plural(expected[1], 'output')} per sample."
        )
    fix = (
        "Pass the gradient of what comes after this layer in the same pass (the next layer's dinputs, "
        f"or the loss's): d loss / d output, one row per sample and one column per output, shape {expected}."
    )
    facts = ShapeFacts("backward", "dvalues", given, "output", expected, axis, axis)
    kind = BackwardIndexError if isinstance(error, IndexError) else ShapeError
    return kind(facts, problem, fix, str(error))
