"""Reading a session file: strict JSON, then every value checked, before anything changes.

What is read and what is refused is told in tui.files.session_file, the format's home.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Callable
from typing import Any

import numpy as np

from engine import ACTIVATIONS, PRESETS, Dense, Network, Step, activation_named
from engine.dropout import tiny_rate_problem
from engine.numbers import exact_number
from tui.document import limits
from tui.document.state import LOSS_CHOICES, Document, LayerInit
from tui.files.safe_text import QUOTE_LIMIT, quoted, safe_text
from tui.files.session_answers import read_answers
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
from tui.training import last_run
from tui.training import settings as training_settings


def load(path: str | os.PathLike[str]) -> tuple[Document, dict[str, Any] | None]:
    """The document and training settings in the file at ``path``; SessionFileError if it
    cannot be read or is not a session file. The size is checked before reading."""
    text = read_text(path)
    try:
        return loads(text)
    except SessionFileError as error:
        raise SessionFileError(f"{path}: {error}") from None


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of the file at ``path``, read as a session file is (a regular file, its size
    checked first, UTF-8); SessionFileError, naming the path, if it cannot be."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer (it is refused below).
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode):  # a pipe or a device has no size to check first
                raise SessionFileError(f"{path}: not a regular file")
            size = status.st_size
            if size > MAX_FILE_BYTES:
                raise SessionFileError(_too_large(path, size))
            raw = file.read(MAX_FILE_BYTES + 1)
    except SessionFileError:
        raise
    except FileNotFoundError:
        raise SessionFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SessionFileError(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise SessionFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    if len(raw) > MAX_FILE_BYTES:  # grew while being read
        raise SessionFileError(_too_large(path, len(raw)))
    try:
        return raw.decode("utf-8-sig")  # a byte order mark first is allowed
    except UnicodeDecodeError as error:
        raise SessionFileError(f"{path}: not a session file: byte {error.start} is not UTF-8 text") from None


def _too_large(path: object, size: int) -> str:
    return f"{path}: {size:,} bytes is larger than the {MAX_FILE_BYTES:,} bytes a session file may be"


def loads(text: str) -> tuple[Document, dict[str, Any] | None]:
    """The document and training settings written in ``text``; SessionFileError if it is
    not a session file this version can open."""
    return from_data(parse(text))


def parse(text: str) -> object:
    """``text`` as strict JSON (no key twice, no integer too long to read); SessionFileError if it is not."""
    if len(text) > MAX_FILE_BYTES:
        raise SessionFileError(f"{len(text):,} characters is larger than the {MAX_FILE_BYTES:,} a session file may be")
    text = text.removeprefix("\ufeff")  # a byte order mark some editors write first
    odd: list[object] = []  # a duplicate key or an unreadable integer; found with its place below
    try:
        # NaN and Infinity are read as numbers and refused, with their place, below.
        data = json.loads(text, parse_constant=float, parse_int=_integer(odd), object_pairs_hook=_object(odd))
    except json.JSONDecodeError as error:
        raise SessionFileError(_json_problem(text, error)) from None
    except RecursionError:
        raise SessionFileError("not a session file: its brackets are nested too deeply") from None
    if odd:
        raise SessionFileError(_odd_problem(data))
    return data


class _Object(dict[str, Any]):
    """A JSON object that named a key more than once (``twice`` is that key)."""

    twice = ""


class _LongInteger(str):
    """An integer of more digits than Python reads (its digits, kept to say how many)."""


def _object(odd: list[object]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    # A key written twice would otherwise load silently, the last one winning.
    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        data = dict(pairs)
        if len(data) == len(pairs):
            return data
        marked = _Object(data)
        seen: set[str] = set()
        marked.twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        odd.append(marked)
        return marked

    return build


def _integer(odd: list[object]) -> Callable[[str], object]:
    def read(digits: str) -> object:
        try:
            return int(digits)
        except ValueError:  # more digits than sys.get_int_max_str_digits()
            odd.append(True)
            return _LongInteger(digits)

    return read


def _odd_problem(data: object) -> str:
    """The first duplicate key or unreadable integer in document order, with its key path."""
    stack: list[tuple[str, object]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, _LongInteger):
            # "inputs row 1, column 0" and "layers[0].biases column 2", as the other refusals say
            where = re.sub(r"\[(\d+)\]\[(\d+)\]$", r" row \1, column \2", where)
            where = re.sub(r"\.biases\[(\d+)\]$", r".biases column \1", where)
            return f"{safe_text(where, QUOTE_LIMIT)}: a number of {len(value.lstrip('-')):,} digits is too long to read as a number"
        if isinstance(value, _Object):
            where = safe_text(where, QUOTE_LIMIT) or "the top level"
            return f"{where}: the key {quoted(value.twice)} is written more than once (each key once)"
        if isinstance(value, dict):
            stack += reversed([(_path(where, str(key)), item) for key, item in value.items()])
        elif isinstance(value, list):
            stack += reversed([(f"{where}[{number}]", item) for number, item in enumerate(value)])
    return "not a session file"  # not reached: the parser marked something


def _json_problem(text: str, error: json.JSONDecodeError) -> str:
    if not text.strip():
        return "not a session file: it is empty"
    where = f"line {error.lineno}, column {error.colno}"
    if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
        return f"the file ends too early, at {where}: it looks truncated ({error.msg})"
    return f"not JSON at {where}: {error.msg}"


def from_data(data: object) -> tuple[Document, dict[str, Any] | None]:
    """The document of a session file's parsed JSON (``parse``), every value checked. Where
    a matrix, biases or labels are expected, a NumPy array is read too (the autosave's
    sidecar, ``tui.files.autosave_sidecar``), and checked as its list would be."""
    if not isinstance(data, dict):
        raise SessionFileError(f"not a session file: the top level is {_kind(data)}, not an object {{...}}")
    if data.get("format") != FORMAT:
        found = f"format {_shown(data['format'])}" if "format" in data else 'no "format" key'
        raise SessionFileError(f'not an nnwb session file: {found} (an nnwb file starts with "format": "nnwb")')
    version = data.get("version")
    if version not in READS or isinstance(version, bool):
        raise SessionFileError(
            f"version: this nnwb reads session files of version {' or '.join(map(str, READS))}, not {_shown(version)}"
            + (" (written by a newer nnwb?)" if isinstance(version, int) and not isinstance(version, bool) and version > VERSION else "")
        )
    _known_keys(data, TOP_KEYS, "the top level")
    dtype_name = _get(data, "dtype", str, "", "float64")
    if dtype_name not in DTYPES:
        raise SessionFileError(f'dtype: {quoted(dtype_name)} is not a number mode: choose "float64" or "float32" (the nnfs mode)')
    dtype = DTYPES[dtype_name]
    inputs = _matrix(_need(data, "inputs", ""), "inputs", dtype)
    layers = _need(data, "layers", "")
    if not isinstance(layers, list) or not layers:
        raise SessionFileError(f"layers: a list of at least one layer {{...}} is needed, not {_kind(layers)}")
    if len(layers) > limits.MAX_LAYERS:
        raise SessionFileError(f"layers: a network has 1 to {limits.MAX_LAYERS} layers here, not {len(layers)}")
    steps: list[Step] = []
    inits: list[LayerInit] = []
    for index, layer in enumerate(layers):
        step, init = _layer(layer, f"layers[{index}]", dtype, index)
        steps.append(step)
        inits.append(init)
    if steps[-1].dropout > 0:
        # as the workbench's D refuses it, and the Trainer: the loss scores the last layer's output
        raise SessionFileError(
            f"layers[{len(steps) - 1}].dropout: {exact_number(steps[-1].dropout)} on the last layer: the last layer's output is what "
            "the loss scores; the book puts dropout between layers (write 0 here, or a rate on a hidden layer)"
        )
    problem = limits.refusal(inputs.shape[0], inputs.shape[1], [tuple(s.dense.weights.shape) for s in steps])
    if problem is not None:
        raise SessionFileError(f"too large: {problem}")
    labels = _labels(data.get("labels"), inputs.shape[0], dtype)
    loss = data.get("loss")
    if loss not in LOSS_CHOICES:
        names = " or ".join(json.dumps(c) for c in LOSS_CHOICES if c)
        raise SessionFileError(f"loss: no loss called {_shown(loss)}: choose {names} (a linear output's), "
                               "or null for the output's own")
    preset = _get(data, "preset", str, "", "")
    selected = _get(data, "selected_layer", int, "", 0)
    if not 0 <= selected < len(steps):
        raise SessionFileError(f"selected_layer: {selected} is not a layer: the layers are 0 to {len(steps) - 1}")
    view = _get(data, "weights_view", str, "", "stored")
    if view not in ("stored", "rows"):
        raise SessionFileError(f'weights_view: {quoted(view)} is not a view: choose "stored" or "rows"')
    training = _training(data["training"], labels is not None) if data.get("training") is not None else None
    answers, marks = read_answers(data.get("answers"))
    document = Document(
        Network(steps),
        inputs,
        labels,
        dtype,
        preset if preset in PRESETS else "",
        inits,
        selected,
        view,
        loss=loss,
        answers=answers,
        answer_marks=marks,
    )
    return document, training


def _layer(layer: object, where: str, dtype: np.dtype, index: int) -> tuple[Step, LayerInit]:
    if not isinstance(layer, dict):
        raise SessionFileError(f"{where}: a layer is an object {{...}}, not {_kind(layer)}")
    _known_keys(layer, LAYER_KEYS, where)
    weights = _matrix(_need(layer, "weights", where), f"{where}.weights", dtype)
    biases = _biases(_need(layer, "biases", where), f"{where}.biases", dtype)
    name = _get(layer, "activation", str, where, "linear")
    if name.lower() not in ACTIVATIONS and name.lower() not in ("none", ""):
        raise SessionFileError(f'{where}.activation: no activation called {quoted(name)}: choose one of {", ".join(ACTIVATIONS)}')
    init = layer.get("init")
    seed, scale = index, 0.01  # the book's default draw, as a document made by hand gets
    if init is not None:
        if not isinstance(init, dict):
            raise SessionFileError(f'{where}.init: an object {{"seed": 0, "scale": 0.01}} is needed, not {_kind(init)}')
        _known_keys(init, INIT_KEYS, f"{where}.init")
        seed = _get(init, "seed", int, f"{where}.init", seed)
        if not 0 <= seed <= MAX_SEED:
            raise SessionFileError(f"{where}.init.seed: {seed} is not a seed: a seed is 0 to {MAX_SEED}")
        scale = _number(init.get("scale", scale), f"{where}.init.scale")
    dropout = _number(layer.get("dropout", 0.0), f"{where}.dropout")
    if not 0 <= dropout < 1:
        raise SessionFileError(f"{where}.dropout: {dropout:g} is not a dropout rate: a rate is at least 0 and below 1 "
                               "(0.1 zeroes one output in ten while training; 0 is none)")
    tiny = tiny_rate_problem(dropout)
    if tiny:
        raise SessionFileError(f"{where}.dropout: {exact_number(dropout)}: {tiny}")
    dense = Dense.from_arrays(weights, biases, **_regularizers(layer.get("regularizers"), f"{where}.regularizers"))
    return Step(dense, activation_named(name), dropout), LayerInit(seed, scale)


def _regularizers(value: object, where: str) -> dict[str, Any]:
    """The Dense keywords of a layer's "regularizers" object (absent or null: none), each a float.

    Typed Any: mypy cannot tell these four keywords from Dense.from_arrays' ``max_weights``."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SessionFileError(f'{where}: an object {{"weight_l2": 5e-4, ...}} is needed, not {_kind(value)}')
    _known_keys(value, tuple(REGULARIZER_KEYS), where)
    strengths: dict[str, float] = {}
    for key, name in REGULARIZER_KEYS.items():
        strength = _number(value.get(key, 0.0), f"{where}.{key}")
        if strength < 0:
            raise SessionFileError(f"{where}.{key}: {strength:g} is not a strength: a regulariser is 0 (off) or more")
        strengths[name] = strength
    return strengths


def _labels(value: object, samples: int, dtype: np.dtype) -> np.ndarray | None:
    """Whole numbers are class indices (int64); a list holding any other number is a linear
    output's targets, read in the number mode (``labels_value`` writes them so)."""
    if value is None:
        return None
    if isinstance(value, np.ndarray):
        return _label_array(value, samples, dtype)
    if not isinstance(value, list):
        raise SessionFileError(f"labels: a list of class indices or targets (or null) is needed, not {_kind(value)}")
    largest = limits.largest_class()
    targets = any(isinstance(label, float) for label in value)
    for number, label in enumerate(value):
        if isinstance(label, bool) or not isinstance(label, (int, float)):
            raise SessionFileError(
                f"labels[{number}]: {_shown(label)} is not a class index: a label is a whole number 0 to {largest:,}, "
                "or a number (a target) for a linear output"
            )
        if not targets and not 0 <= label <= largest:
            raise SessionFileError(
                f"labels[{number}]: {_shown(label)} is not a class index: a label is a whole number 0 to {largest:,}"
            )
    if len(value) != samples:
        raise SessionFileError(f"labels: {len(value)} labels for {samples} samples: one label per row of the inputs")
    if not targets:
        return np.array(value, dtype=np.int64).reshape(-1)
    wide = np.array([_number(label, f"labels[{number}]") for number, label in enumerate(value)], dtype=np.float64)
    with np.errstate(over="ignore", under="ignore"):
        array = wide.astype(dtype)
    for number in np.flatnonzero(~np.isfinite(array) | ((array == 0) & (wide != 0)))[:1]:
        said = "too large" if not np.isfinite(array[number]) else "too small (it would be read as 0)"
        raise SessionFileError(f"labels[{number}]: {json.dumps(value[number])} is {said} for float32 (the nnfs mode)")
    return array


def _label_array(value: np.ndarray, samples: int, dtype: np.dtype) -> np.ndarray:
    """The sidecar's labels: whole numbers (class indices) or floats (targets), as a list's are read."""
    wide = _array(value, "labels", 1)
    if len(wide) != samples:
        raise SessionFileError(f"labels: {len(wide)} labels for {samples} samples: one label per row of the inputs")
    if value.dtype.kind in "iu":
        largest = limits.largest_class()
        for number in np.flatnonzero((value < 0) | (value > largest))[:1]:
            raise SessionFileError(
                f"labels[{number}]: {int(value[number])} is not a class index: a label is a whole number 0 to {largest:,}"
            )
        return value.astype(np.int64)
    return _checked(wide.reshape(1, -1), wide.reshape(1, -1), "labels", dtype).reshape(-1)


def _training(value: object, has_labels: bool) -> dict[str, Any]:
    where = "training"
    if not isinstance(value, dict):
        raise SessionFileError(f"{where}: an object {{...}} (or null) is needed, not {_kind(value)}")
    _known_keys(value, ("data", "optimizer", *training_settings.BY_KEY, last_run.LAST_RUN), where)
    optimizer = _get(value, "optimizer", str, where, "adam")
    if optimizer.lower() not in training_settings.OPTIMIZER_NAMES:
        names = ", ".join(training_settings.OPTIMIZER_NAMES)
        raise SessionFileError(f'{where}.optimizer: no optimizer called {quoted(optimizer)}: choose one of {names}')
    settings = training_settings.defaults(optimizer.lower(), has_labels)
    data = _get(value, "data", str, where, str(settings["data"]))
    if data not in training_settings.DATA:
        raise SessionFileError(f'{where}.data: {quoted(data)} is not a data set: choose one of {", ".join(training_settings.DATA)}')
    settings["data"] = data
    for key, field in training_settings.BY_KEY.items():
        if key not in value:
            continue
        raw = value[key]
        if raw is None and field.blank:
            settings[key] = None
            continue
        number = _number(raw, f"{where}.{key}")
        problem = training_settings.out_of_range(field, number)
        if problem is not None:
            raise SessionFileError(f"{where}.{key}: {problem}")
        settings[key] = int(number) if field.whole else number
    if value.get(last_run.LAST_RUN) is not None:
        settings[last_run.LAST_RUN] = _last_run(value[last_run.LAST_RUN], f"{where}.{last_run.LAST_RUN}")
    return settings


def _last_run(value: object, where: str) -> dict[str, Any]:
    """The last run's record (``tui.training.last_run``): every key there, numbers finite."""
    if not isinstance(value, dict):
        raise SessionFileError(f"{where}: an object {{...}} (or null) is needed, not {_kind(value)}")
    _known_keys(value, (*last_run.KEYS, *last_run.OPTIONAL), where)
    for key in last_run.KEYS:
        if key not in value:
            raise SessionFileError(f'{where}: the key {quoted(key)} is missing (the keys are {", ".join(last_run.KEYS)})')
    run: dict[str, Any] = {"optimizer": _get(value, "optimizer", str, where, "")}
    if run["optimizer"] not in training_settings.OPTIMIZER_NAMES:
        names = ", ".join(training_settings.OPTIMIZER_NAMES)
        raise SessionFileError(f'{where}.optimizer: no optimizer called {quoted(run["optimizer"])}: choose one of {names}')
    run["epochs"] = _get(value, "epochs", int, where, 0)
    if run["epochs"] < 0:
        raise SessionFileError(f"{where}.epochs: {run['epochs']} is not 0 or more")
    run["epochs_with_settings"] = _get(value, "epochs_with_settings", int, where, run["epochs"])
    if not 0 <= run["epochs_with_settings"] <= run["epochs"]:
        raise SessionFileError(f"{where}.epochs_with_settings: {run['epochs_with_settings']} is not 0 to epochs")
    for key in last_run.NUMBERS:
        run[key] = _number(value[key], f"{where}.{key}")
    for key in last_run.MAY_BE_NULL:
        run[key] = None if value[key] is None else _number(value[key], f"{where}.{key}")
    return run


# ---------------------------------------------------------------------- checks
def _matrix(value: object, where: str, dtype: np.dtype) -> np.ndarray:
    """A list of rows of numbers, all rows of one length, every number finite."""
    if isinstance(value, np.ndarray):
        return _checked(_array(value, where, 2), value, where, dtype)
    if not isinstance(value, list) or not value:
        raise SessionFileError(f"{where}: a matrix is a list of rows [[1, 2], [3, 4]], not {_kind(value)}")
    width = -1
    for row_number, row in enumerate(value):
        if not isinstance(row, list):
            raise SessionFileError(f"{where} row {row_number}: a row is a list of numbers [1, 2, ...], not {_kind(row)}")
        if width < 0:
            width = len(row)
            if width == 0:
                raise SessionFileError(f"{where} row 0 is empty: a row holds at least one number")
        elif len(row) != width:
            raise SessionFileError(
                f"{where} row {row_number} has {len(row)} numbers but row 0 has {width}: every row has the same length"
            )
    if len(value) > limits.MAX_SAMPLES or width > limits.MAX_WIDTH:
        raise SessionFileError(
            f"{where}: {len(value):,} rows x {width:,} columns is larger than a matrix may be here "
            f"(at most {limits.MAX_SAMPLES:,} rows and {limits.MAX_WIDTH:,} columns)"
        )
    kinds = {type(number) for row in value for number in row}
    if not kinds <= {float, int}:
        _find_bad(value, where, lambda number: isinstance(number, (int, float)) and not isinstance(number, bool))
    try:
        array = np.array(value, dtype=np.float64)
    except OverflowError:  # an integer beyond what a float holds
        for row_number, row in enumerate(value):
            for column, number in enumerate(row):
                if isinstance(number, int) and _too_large_for_float(number):
                    raise SessionFileError(f"{where} row {row_number}, column {column}: {_huge(number)}") from None
        raise
    return _checked(array, value, where, dtype)


def _array(value: np.ndarray, where: str, dimensions: int) -> np.ndarray:
    """An array of the autosave's sidecar as float64, if it is numbers of the shape and size a list may be."""
    if value.ndim != dimensions or not value.size:
        shape = "x".join(map(str, value.shape)) or "a single number"
        raise SessionFileError(f"{where}: an array of {dimensions} dimension{'s' if dimensions > 1 else ''} "
                               f"with numbers in it is needed, not {shape}")
    if value.dtype.kind not in "fiu":
        raise SessionFileError(f"{where}: an array of numbers is needed, not of {value.dtype}")
    rows, width = (1, value.shape[0]) if dimensions == 1 else value.shape
    if rows > limits.MAX_SAMPLES or width > limits.MAX_WIDTH:
        raise SessionFileError(
            f"{where}: {rows:,} rows x {width:,} columns is larger than a matrix may be here "
            f"(at most {limits.MAX_SAMPLES:,} rows and {limits.MAX_WIDTH:,} columns)"
        )
    return value.astype(np.float64, copy=False)


def _checked(array: np.ndarray, value: Any, where: str, dtype: np.dtype) -> np.ndarray:
    """``array`` (float64, read from ``value``) in the number mode ``dtype``, every number
    finite and none lost to 0 by float32."""
    with np.errstate(over="ignore", under="ignore"):
        wide, array = array, array.astype(dtype, copy=False)
    lost = np.argwhere((array == 0) & (wide != 0))
    if lost.size:  # refused as overflow is, never read as 0
        row, column = (int(i) for i in lost[0])
        raise SessionFileError(
            f"{where} row {row}, column {column}: {json.dumps(float(wide[row, column]))} is too small for "
            f"{np.dtype(dtype).name} (the nnfs mode): it would be read as 0"
        )
    finite = np.isfinite(array)
    if not finite.all():
        row, column = (int(i) for i in np.argwhere(~finite)[0])
        original = float(value[row][column]) if isinstance(value, np.ndarray) else value[row][column]
        said = "too large for float32 (the nnfs mode)" if math.isfinite(original) else "not a finite number"
        raise SessionFileError(f"{where} row {row}, column {column}: {json.dumps(original)} is {said}")
    return array


def _biases(value: object, where: str, dtype: np.dtype) -> np.ndarray:
    """One bias per neuron, written [b0, b1, ...] (or as one row [[b0, b1, ...]])."""
    if isinstance(value, np.ndarray):  # the sidecar's: one row, as the layer keeps them
        if value.ndim == 2 and value.shape[0] != 1:
            raise SessionFileError(f"{where}: biases are one row, one bias per neuron, not {value.shape[0]} rows")
        return _matrix(value.reshape(1, -1) if value.ndim == 1 else value, where, dtype)
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        if len(value) != 1:
            raise SessionFileError(f"{where}: biases are one row, one bias per neuron [0.0, 0.5, ...], not {len(value)} rows")
        value = value[0]
    if not isinstance(value, list) or not value or any(isinstance(v, list) for v in value):
        raise SessionFileError(f"{where}: biases are a list of numbers, one per neuron [0.0, 0.5, ...], not {_kind(value)}")
    try:
        return _matrix([value], where, dtype)
    except SessionFileError as error:  # "row 0, column 3" of one row is "column 3"
        raise SessionFileError(str(error).replace(f"{where} row 0, column", f"{where} column")) from None


def _find_bad(value: list[list[Any]], where: str, good: Callable[[Any], bool]) -> None:
    for row_number, row in enumerate(value):
        for column, number in enumerate(row):
            if not good(number):
                raise SessionFileError(f"{where} row {row_number}, column {column}: {_shown(number)} is not a number")


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SessionFileError(f"{where}: a number is needed, not {_shown(value)}")
    if isinstance(value, int) and _too_large_for_float(value):
        raise SessionFileError(f"{where}: {_huge(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise SessionFileError(f"{where}: {json.dumps(number)} is not a finite number")
    return number


def _too_large_for_float(number: int) -> bool:
    try:
        float(number)
    except OverflowError:
        return True
    return False


def _huge(number: int) -> str:
    digits = str(abs(number))
    return f"{digits[:3]}... ({len(digits):,} digits) is too large for float64 (at most about 1.8e308)"


def _need(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise SessionFileError(f'{where or "the top level"}: the key "{key}" is missing')
    return data[key]


def _get(data: dict[str, Any], key: str, kind: type, where: str, default: Any) -> Any:
    value = data.get(key, default)
    if value is None:
        value = default
    if isinstance(value, bool) or not isinstance(value, kind):
        expected = "a whole number" if kind is int else "text in quotes"
        raise SessionFileError(f"{_path(where, key)}: {expected} is needed, not {_shown(value)}")
    return value


def _known_keys(data: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in known:
            raise SessionFileError(f'{where}: unknown key {quoted(key)} (the keys are {", ".join(known)})')


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "an object"
    return _shown(value)


def _shown(value: object) -> str:
    """A value of the file as a message quotes it: text escaped and cut (``tui.files.safe_text``)."""
    if isinstance(value, str):
        return quoted(value)
    return safe_text(json.dumps(value), QUOTE_LIMIT) if isinstance(value, (int, float, bool, type(None))) else f"a {type(value).__name__}"
