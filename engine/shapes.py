"""Shape checks that run before NumPy does, so a mismatch becomes an explanation.

Each check raises a ShapeError naming both operands, their shapes, the dimension that
disagrees and what to change in the workbench; NumPy's own message is quoted under it.
"""

from __future__ import annotations

import numpy as np

from engine.errors import ShapeError, ShapeFacts


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


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word}{'es' if word.endswith('s') else 's'}"


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


def sparse_labels(labels: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """Class indices, one per sample, from sparse (1-D) or one-hot (2-D) labels.

    Raises ShapeError when labels and predictions disagree in samples or classes, or a
    class index is outside the outputs.
    """
    y = np.asarray(labels)
    samples, classes = predictions.shape
    y_shape = tuple(y.shape)
    p_shape = tuple(predictions.shape)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim not in (1, 2):
        raise ShapeError(
            ShapeFacts("labels", "labels", y_shape, "predictions", p_shape, None, None),
            f"labels {y_shape} cannot meet predictions {p_shape}: labels are a list of class "
            f"indices or a one-hot matrix.",
            f"Give one class index per sample, shape ({samples},).",
        )
    if y.shape[0] != samples:
        raise ShapeError(
            ShapeFacts("labels", "labels", y_shape, "predictions", p_shape, 0, 0),
            f"labels {y_shape} cannot meet predictions {p_shape}: there are "
            f"{_plural(samples, 'sample')} but {_plural(y.shape[0], 'label')}.",
            f"Give one label per sample: {samples} in all.",
            fix_action="resize labels",
        )
    if y.ndim == 2:
        if y.shape[1] != classes:
            raise ShapeError(
                ShapeFacts("labels", "labels", y_shape, "predictions", p_shape, 1, 1),
                f"one-hot labels {y_shape} cannot meet predictions {p_shape}: the labels have "
                f"{_plural(y.shape[1], 'class')} but the last layer has {_plural(classes, 'neuron')}.",
                f"Give the last layer {y.shape[1]} neurons, or write the labels with {classes} columns.",
            )
        return np.argmax(y, axis=1)
    if y.dtype.kind == "f":
        whole = np.isfinite(y) & (y == np.round(y))
        if not np.all(whole):
            index = int(np.argmin(whole))
            raise ShapeError(
                ShapeFacts("class index", "labels", y_shape, "predictions", p_shape, None, None),
                f"label {y[index]} of sample {index} is not a class index: classes are whole numbers "
                f"0-{classes - 1}.",
                f"Use a class between 0 and {classes - 1}.",
            )
    indices = y.astype(np.int64)
    outside = (indices < 0) | (indices >= classes)
    if np.any(outside):
        index = int(np.argmax(outside))
        value = int(indices[index])
        more = f", or give the last layer {value + 1} neurons" if value >= classes else ""
        raise ShapeError(
            ShapeFacts("class index", "labels", y_shape, "predictions", p_shape, None, 1),
            f"label {value} of sample {index} is outside the outputs: the last layer has "
            f"{_plural(classes, 'neuron')}, so classes are 0-{classes - 1}.",
            f"Use a class between 0 and {classes - 1}{more}.",
        )
    return indices
