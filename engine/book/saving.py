"""Model and parameter files for engine.book: NumPy's ``.npz`` with a JSON description.

The book pickles its objects (chapters 20-21); pickle runs code when it loads, and would
tie a file to nnwb's class layout. Here a file holds plain arrays and one JSON text, named
``nnwb.book``, that says what the file is and how the model is built. Loading reads with
``allow_pickle=False`` and refuses, with a message that names the file, anything it did
not write: another program's ``.npz``, the book's own pickles, a newer format, a layer,
loss or optimizer it does not know.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

from engine.atomic_file import write_atomic
from engine.book import accuracy as accuracy_module
from engine.book import activations, layers, losses, optimizers
from engine.book.book_class import without_a_pass
from engine.book.book_file_error import BookFileError

DESCRIPTION = "nnwb.book"
PARAMETERS_FORMAT = "nnwb.book parameters"
MODEL_FORMAT = "nnwb.book model"
VERSION = 1

_ACTIVATIONS = {cls.__name__: cls for cls in (
    activations.Activation_ReLU, activations.Activation_Softmax, activations.Activation_Sigmoid,
    activations.Activation_Linear,
)}
_LOSSES = {cls.__name__: cls for cls in (
    losses.Loss_CategoricalCrossentropy, losses.Loss_BinaryCrossentropy, losses.Loss_MeanSquaredError,
    losses.Loss_MeanAbsoluteError,
)}
_OPTIMIZERS = {cls.__name__: cls for cls in (
    optimizers.Optimizer_SGD, optimizers.Optimizer_Adagrad, optimizers.Optimizer_RMSprop, optimizers.Optimizer_Adam,
)}
_ACCURACIES = {cls.__name__: cls for cls in (accuracy_module.Accuracy_Categorical, accuracy_module.Accuracy_Regression)}
_BOOK_NAMES = {"Layer_Dense", "Layer_Dropout", *_ACTIVATIONS, *_LOSSES, *_OPTIMIZERS, *_ACCURACIES}
_REGULARIZERS = ("weight_regularizer_l1", "weight_regularizer_l2", "bias_regularizer_l1", "bias_regularizer_l2")
# What an optimizer keeps on a layer between steps (the book's attribute names).
_LAYER_STATE = ("weight_momentums", "weight_cache", "bias_momentums", "bias_cache")


class SavedModel(Protocol):
    """What saving and loading use of engine.book's ``Model`` (which calls them, passing
    itself, or for ``load_model`` its class: this module does not import the model's)."""

    layers: list[Any]
    trainable_layers: list[Any]

    @property
    def input_layer(self) -> object: ...
    @property
    def loss(self) -> Any: ...
    @property
    def accuracy(self) -> Any: ...
    @property
    def optimizer(self) -> Any: ...

    def add(self, layer: Any) -> None: ...
    def set(self, *, loss: Any = None, optimizer: Any = None, accuracy: Any = None) -> None: ...
    def finalize(self) -> None: ...
    def get_parameters(self) -> list[tuple[np.ndarray, np.ndarray]]: ...
    def set_parameters(self, parameters: list[tuple[np.ndarray, np.ndarray]]) -> None: ...


SavedModelT = TypeVar("SavedModelT", bound=SavedModel)


def save_parameters(model: SavedModel, path: str | os.PathLike[str]) -> None:
    arrays: dict[str, np.ndarray] = {}
    for index, (weights, biases) in enumerate(model.get_parameters()):
        arrays[f"layer{index}.weights"] = np.asarray(weights)
        arrays[f"layer{index}.biases"] = np.asarray(biases)
    _write(path, {"format": PARAMETERS_FORMAT, "version": VERSION, "layers": len(model.trainable_layers)}, arrays)


def load_parameters(model: SavedModel, path: str | os.PathLike[str]) -> None:
    description, arrays = _read(path, PARAMETERS_FORMAT)
    count = _whole(description, "layers", path)
    try:
        parameters = [(arrays[f"layer{i}.weights"], arrays[f"layer{i}.biases"]) for i in range(count)]
    except KeyError as missing:
        raise BookFileError(f"{path}: the file lacks the array {missing}: it is damaged") from None
    try:
        model.set_parameters(parameters)
    except ValueError as error:
        raise BookFileError(f"{path} does not fit this model: {error}") from None


def save_model(model: SavedModel, path: str | os.PathLike[str]) -> None:
    if model.input_layer is None:
        raise RuntimeError("call finalize() before save(): a model is saved as it trains")
    arrays: dict[str, np.ndarray] = {}
    described = []
    for index, layer in enumerate(model.layers):
        if isinstance(layer, layers.Layer_Dense):
            described.append({"type": "Layer_Dense", **{name: _plain(getattr(layer, name)) for name in _REGULARIZERS}})
            arrays[f"layer{index}.weights"] = layer.weights
            arrays[f"layer{index}.biases"] = layer.biases
            for name in _LAYER_STATE:
                if getattr(layer, name, None) is not None:
                    arrays[f"layer{index}.{name}"] = getattr(layer, name)
        elif isinstance(layer, layers.Layer_Dropout):
            # ``rate`` is the share dropped, as given to Layer_Dropout; ``keep`` the book's
            # ``.rate`` (1 - rate) to the bit, for files read by this version on.
            described.append({"type": "Layer_Dropout", "rate": 1 - layer.rate, "keep": layer.rate})
        elif type(layer).__name__ in _ACTIVATIONS and isinstance(layer, _ACTIVATIONS[type(layer).__name__]):
            described.append({"type": type(layer).__name__})
        else:
            raise ValueError(f"layer {index + 1} is {_whose(layer)}: {_SAVES_ONLY}")
    description: dict[str, Any] = {
        "format": MODEL_FORMAT,
        "version": VERSION,
        "layers": described,
        "loss": _named(model.loss, _LOSSES, "loss"),
        "accuracy": _accuracy_description(model.accuracy),
        "optimizer": _optimizer_description(model.optimizer),
    }
    _write(path, description, arrays)


def load_model(path: str | os.PathLike[str], new_model: Callable[[], SavedModelT]) -> SavedModelT:
    """The model saved in ``path``, built on ``new_model()`` (an empty model: ``Model``)."""
    description, arrays = _read(path, MODEL_FORMAT)
    model = new_model()
    try:
        for index, spec in enumerate(description["layers"]):
            kind = spec["type"]
            if kind == "Layer_Dense":
                weights, biases = arrays[f"layer{index}.weights"], arrays[f"layer{index}.biases"]
                layer = layers.Layer_Dense.from_arrays(
                    weights, biases, **{key: spec[key] for key in spec if key != "type"}
                )
                without_a_pass(layer)  # from_arrays bypasses the constructor: no output until a pass
                for name in _LAYER_STATE:
                    if f"layer{index}.{name}" in arrays:
                        setattr(layer, name, arrays[f"layer{index}.{name}"])
                model.add(layer)
            elif kind == "Layer_Dropout":
                dropout = layers.Layer_Dropout(1 - spec["keep"] if "keep" in spec else spec["rate"])
                if "keep" in spec:
                    dropout.rate = spec["keep"]  # the very float saved, which 1 - (1 - keep) may not be
                model.add(dropout)
            else:
                model.add(_known(kind, _ACTIVATIONS, "layer", path)())
        loss = description["loss"]
        model.set(loss=None if loss is None else _known(loss["type"], _LOSSES, "loss", path)())
        model.set(accuracy=_accuracy_from(description["accuracy"], path))
        model.set(optimizer=_optimizer_from(description["optimizer"], path))
    except (KeyError, TypeError) as error:
        raise BookFileError(f"{path}: its description lacks or garbles {error}: the file is damaged") from None
    except ValueError as error:
        if isinstance(error, BookFileError):
            raise
        raise BookFileError(f"{path}: {error}") from None
    model.finalize()
    return model


def _plain(value: Any) -> int | float:
    """A number for JSON: an int or a bool stays one (the book's default 0, a ``True`` given
    as a strength), any other number (a NumPy scalar too) becomes a float."""
    return value if isinstance(value, int) else float(value)


def _named(thing: Any, known: Mapping[str, type], what: str) -> dict[str, Any] | None:
    if thing is None:
        return None
    name = type(thing).__name__
    if known.get(name) is not type(thing):
        raise ValueError(f"the {what} is {_whose(thing)}: {_SAVES_ONLY}")
    return {"type": name}


_SAVES_ONLY = (
    "Model.save writes only engine.book's own classes (from engine.book import *); "
    "save_parameters() saves the weights and biases of any"
)


def _whose(thing: Any) -> str:
    """Which object a save refuses, e.g. "the book's own Layer_Dense (defined in __main__)"."""
    cls = type(thing)
    if cls.__name__ in _BOOK_NAMES:
        return f"the book's own {cls.__name__} (defined in {cls.__module__}), not engine.book's"
    return f"a {cls.__name__} (defined in {cls.__module__})"


def _accuracy_description(accuracy: Any) -> dict[str, Any] | None:
    described = _named(accuracy, _ACCURACIES, "accuracy")
    if isinstance(accuracy, accuracy_module.Accuracy_Categorical):
        described = {**(described or {}), "binary": bool(accuracy.binary)}
    elif isinstance(accuracy, accuracy_module.Accuracy_Regression):
        precision = accuracy.precision
        # The book's precision is the NumPy scalar ``np.std(y) / 250`` (float64, or float32 in
        # the nnfs mode on float32 targets): its dtype is kept beside the number.
        described = {
            **(described or {}),
            "precision": None if precision is None else float(precision),
            "precision_dtype": None if precision is None else np.asarray(precision).dtype.name,
        }
    return described


def _accuracy_from(spec: dict[str, Any] | None, path: object) -> Any:
    if spec is None:
        return None
    cls = _known(spec["type"], _ACCURACIES, "accuracy", path)
    if cls is accuracy_module.Accuracy_Categorical:
        return cls(binary=bool(spec["binary"]))
    accuracy = cls()
    precision = spec["precision"]
    if precision is not None:
        dtype = np.dtype(spec.get("precision_dtype") or "float64")
        if dtype.kind != "f":
            raise ValueError(f"the accuracy's precision_dtype is {dtype.name}, not a float type")
        precision = dtype.type(precision)
    accuracy.precision = precision
    return accuracy


def _optimizer_description(optimizer: Any) -> dict[str, Any] | None:
    described = _named(optimizer, _OPTIMIZERS, "optimizer")
    if described is None:
        return None
    return {
        **described,
        "settings": {name: _plain(value) for name, value in optimizer.settings().items()},
        "iterations": optimizer.iterations,
        "current_learning_rate": _plain(optimizer.current_learning_rate),
    }


def _optimizer_from(spec: dict[str, Any] | None, path: object) -> Any:
    if spec is None:
        return None
    optimizer = _known(spec["type"], _OPTIMIZERS, "optimizer", path)(**spec["settings"])
    optimizer.iterations = int(spec["iterations"])
    optimizer.current_learning_rate = _plain(spec["current_learning_rate"])  # lr: 1 stays 1, as the book's
    return optimizer


def _known(name: object, known: Mapping[str, type], what: str, path: object) -> type:
    try:
        return known[name]  # type: ignore[index]
    except (KeyError, TypeError):
        raise BookFileError(f"{path}: unknown {what} {name!r}; engine.book knows {', '.join(known)}") from None


def _whole(description: dict[str, Any], key: str, path: object) -> int:
    value = description.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BookFileError(f"{path}: its description's {key!r} is {value!r}, not a count: the file is damaged")
    return value


def _write(path: str | os.PathLike[str], description: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
    """Write the file whole or not at all: a temporary file beside it, renamed over it.

    Written through an open file, so that NumPy does not add ``.npz`` to the name the
    learner chose (the book's ``fashion_mnist.model``).
    """
    if str(path).endswith(("/", os.sep)) or Path(path).is_dir():
        # Refused here: the rename below would fail naming its temporary file, not this path.
        raise IsADirectoryError(f"{path} names a folder, not a file: save to a file in it, such as {Path(path) / 'model.npz'}")
    # The description first (``_begins_as_ours`` looks for it there). Values typed Any: the
    # stubs would match a str-keyed dict of arrays against savez's allow_pickle keyword.
    members: dict[str, Any] = {DESCRIPTION: np.array(json.dumps(description)), **arrays}
    write_atomic(path, lambda file: np.savez(file, **members))


def _begins_as_ours(path: str | os.PathLike[str]) -> bool:
    """Whether the file starts as every file ``_write`` makes: a zip whose first member is
    the description (np.savez writes it first), though the rest may be cut off."""
    first_member = f"{DESCRIPTION}.npy".encode()
    try:
        with open(path, "rb") as file:
            head = file.read(30 + len(first_member))
    except OSError:
        return False
    return head[:4] == b"PK\x03\x04" and head[30:] == first_member


def _damaged(path: str | os.PathLike[str], error: BaseException) -> str:
    return (f"{path} is damaged: engine.book's Model.save wrote it, but it is truncated or corrupted and "
            f"cannot be read whole ({error}); save the model again")


def _read(path: str | os.PathLike[str], expected_format: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The description and arrays of a file engine.book wrote, or a BookFileError saying why not."""
    refused = f"{path} was not written by engine.book's Model.{'save' if expected_format == MODEL_FORMAT else 'save_parameters'}"
    try:
        loaded = np.load(path, allow_pickle=False)
    except ValueError:  # NumPy's word for "not .npy/.npz, so maybe a pickle"; never unpickled here
        raise BookFileError(
            f"{refused}: it is not a .npz file (the book's own files are pickles, which engine.book never loads)"
        ) from None
    except (zipfile.BadZipFile, EOFError) as error:
        if _begins_as_ours(path):
            raise BookFileError(_damaged(path, error)) from None
        raise BookFileError(f"{refused}: it is not a whole .npz file ({error})") from None
    if not isinstance(loaded, np.lib.npyio.NpzFile):
        raise BookFileError(f"{refused}: it holds one NumPy array (.npy), not a .npz file")
    with loaded as data:
        if DESCRIPTION not in data.files:
            raise BookFileError(f"{refused}: it has no {DESCRIPTION!r} description")
        try:
            arrays = {name: data[name] for name in data.files}
        except ValueError as error:  # an object array: only pickle could read it
            raise BookFileError(f"{refused}: an array in it cannot be read without pickle ({error})") from None
        except (zipfile.BadZipFile, EOFError) as error:  # it has the description: ours, but cut or corrupted
            raise BookFileError(_damaged(path, error)) from None
    # OSError (no such file, no permission) is left as it is: it already says what is wrong.
    try:
        description = json.loads(str(arrays.pop(DESCRIPTION)[()]))
    except (ValueError, TypeError, IndexError) as error:
        raise BookFileError(f"{refused}: its description is not JSON ({error})") from None
    if not isinstance(description, dict) or description.get("format") not in (PARAMETERS_FORMAT, MODEL_FORMAT):
        raise BookFileError(f"{refused}: its description names no engine.book format")
    if description["format"] != expected_format:
        other = "save" if description["format"] == MODEL_FORMAT else "save_parameters"
        raise BookFileError(f"{path} holds {description['format']}, written by Model.{other}: load it with the matching method")
    if description.get("version") != VERSION:
        raise BookFileError(f"{path} is version {description.get('version')!r} of {expected_format}; this nnwb reads version {VERSION}")
    return description, arrays
