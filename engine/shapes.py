"""Shape checks that run before NumPy does, so a mismatch becomes an explanation.

Each check raises a ShapeError naming both operands, their shapes, the dimension that
disagrees and what to change in the workbench; NumPy's own message is quoted under it.
"""

from __future__ import annotations

import numpy as np

from engine.errors import ShapeError, ShapeFacts
from engine.labels import sparse_labels  # noqa: F401  (callers import it from here)
from engine.numbers import plural


def _numpy_message(operation: str, a: np.ndarray, b: np.ndarray) -> str:
    """What NumPy itself says about these operands, or a note that it would not complain."""
    try:
        if operation == "dot":
            np.dot(a, b)
        else:
            np.add(a, b)
    except ValueError as error:
        return str(error)
    return "nothing: NumPy would broadcast these silently, which hides the mistake"


_plural = plural


def _source_of_inputs(layer: int | None, columns: int) -> str:
    if layer is None or layer == 1:
        return f"each sample of X has {_plural(columns, 'feature')}"
    return f"layer {layer - 1} puts out {_plural(columns, 'value')} per sample"


def _other_fix(layer: int | None, rows: int) -> str:
    if layer is None or layer == 1:
        return f"give X {_plural(rows, 'feature')}"
    return f"give layer {layer - 1} {_plural(rows, 'neuron')}"


def _where(layer: int | None) -> str:
    return f"layer {layer}: " if layer is not None else ""


def dense_fits(inputs: object, weights: object, biases: object) -> bool:
    """Whether a dense layer's pass can run as it is: inputs (samples, features) and weights
    (features, neurons) arrays that meet, and biases (1, neurons). The common case, answered
    in a few comparisons; anything else goes through ``check_dot`` and ``check_bias``, which
    explain what does not fit (or take what NumPy would, such as a list of lists)."""
    return (
        type(inputs) is np.ndarray and type(weights) is np.ndarray and type(biases) is np.ndarray
        and inputs.ndim == 2 and weights.ndim == 2 and inputs.shape[1] == weights.shape[0]
        and weights.shape[1] > 0 and biases.shape == (1, weights.shape[1])
    )


def check_dot(
    inputs: np.ndarray, weights: np.ndarray, layer: int | None = None, biases: np.ndarray | None = None
) -> None:
    """Inputs (samples, features) must meet weights (features, neurons) on the features.

    ``biases``, when given, tell which side of the weights counts neurons, so that the
    transpose hint is offered only when the weights really look written one row per neuron.
    """
    in_shape = tuple(inputs.shape)
    w_shape = tuple(weights.shape)
    if inputs.ndim == 2 and weights.ndim == 2 and in_shape[1] == w_shape[0]:
        if w_shape[1] == 0:
            _no_neurons(in_shape, w_shape, layer)
        return
    facts = ShapeFacts("dot", "inputs", in_shape, "weights", w_shape, 1, 0, layer)
    numpy_message = _numpy_message("dot", inputs, weights)
    if inputs.ndim != 2 or weights.ndim != 2:
        raise ShapeError(
            facts,
            f"{_where(layer)}inputs {in_shape} and weights {w_shape} must both be matrices (2-D).",
            "Give the inputs one row per sample and the weights one row per input.",
            numpy_message,
        )
    columns, rows = in_shape[1], w_shape[0]
    problem = (
        f"{_where(layer)}inputs {in_shape} cannot meet weights {w_shape}: the inputs have "
        f"{_plural(columns, 'column')} but the weights have {_plural(rows, 'row')}."
    )
    rows_are_neurons = biases is None or biases.size == w_shape[0]
    if w_shape[1] == columns and rows_are_neurons:
        # The notes' own mistake: weights written one row per neuron, (n_neurons, n_inputs).
        fix = (
            f"These weights look like one row per neuron, as the notes' first examples write them; "
            f"transpose them to {(w_shape[1], w_shape[0])} (np.dot(inputs, weights.T))."
        )
        raise ShapeError(facts, problem, fix, numpy_message, fix_action="transpose weights")
    target = f"layer {layer}" if layer is not None else "the layer"
    fix = (
        f"Give {target} {_plural(columns, 'input')} ({_source_of_inputs(layer, columns)}), "
        f"or {_other_fix(layer, rows)}."
    )
    raise ShapeError(facts, problem, fix, numpy_message, fix_action="resize inputs")


def _no_neurons(in_shape: tuple[int, ...], w_shape: tuple[int, ...], layer: int | None) -> None:
    """Weights with no columns: a layer of 0 neurons, whose output no later step can use."""
    target = f"layer {layer}" if layer is not None else "the layer"
    raise ShapeError(
        ShapeFacts("dot", "inputs", in_shape, "weights", w_shape, None, 1, layer),
        f"{_where(layer)}weights {w_shape} have no columns: {target} has no neurons, so it puts out "
        f"nothing for the next step (or the labels) to use.",
        f"Give {target} at least 1 neuron (one column of weights each).",
    )


def check_bias(product: np.ndarray, biases: np.ndarray, layer: int | None = None) -> None:
    """Biases must be one per neuron: shape (1, n_neurons) or (n_neurons,)."""
    neurons = product.shape[1]
    b_shape = tuple(biases.shape)
    if b_shape in ((1, neurons), (neurons,)):
        return
    right_axis = _disagreeing_bias_axis(b_shape, neurons)
    # The product's columns are the neurons: they are to blame only with the biases' last axis.
    left_axis = 1 if right_axis is not None and right_axis == len(b_shape) - 1 else None
    facts = ShapeFacts("add bias", "inputs·weights", tuple(product.shape), "biases", b_shape, left_axis, right_axis, layer)
    count = biases.size
    problem = (
        f"{_where(layer)}biases {b_shape} cannot be added to inputs·weights {tuple(product.shape)}: "
        f"the layer has {_plural(neurons, 'neuron')} but {_plural(count, 'bias')}"
        f"{'' if biases.ndim <= 2 and (biases.ndim < 2 or b_shape[0] == 1) else ' in more than one row'}."
    )
    target = f"layer {layer}" if layer is not None else "the layer"
    fix = f"Give {target} {_plural(neurons, 'bias')}, one per neuron: shape (1, {neurons})."
    raise ShapeError(facts, problem, fix, _numpy_message("add", product, biases), fix_action="resize biases")


def _disagreeing_bias_axis(b_shape: tuple[int, ...], neurons: int) -> int | None:
    """The axis of the biases that is wrong: the last if it does not count the neurons,
    else the first of the others that is not 1 ((2, 3) for 3 neurons: axis 0, two rows)."""
    if not b_shape:
        return None
    if b_shape[-1] != neurons:
        return len(b_shape) - 1
    return next((axis for axis, size in enumerate(b_shape[:-1]) if size != 1), None)
