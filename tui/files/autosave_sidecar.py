"""The autosave on disk: a small JSON file and, beside it, its arrays in a binary sidecar (.npz).

Writing a network of millions of weights as JSON text is seconds of Python (2-1997-1997-3 was
90 MB and about 5 s): the last autosave at Ctrl+Q kept the shell prompt waiting that long. The
arrays' bytes are written as they are instead, a few hundred milliseconds for that network,
fsync included, and bit for bit (float32 too).

``autosave-<pid>.json`` is a session file (``tui.files.session_file``) whose inputs, labels,
weights and biases are each the text ``"sidecar:<name>"``, and whose ``"sidecar"`` key names
the arrays' file with its size and SHA-256: ``autosave-<pid>.<checksum>.npz``, the checksum
being 16 hex digits of the arrays' own SHA-256 (the same arrays, the same file: a change of
the selection alone does not write them again). The sidecar is written (atomically,
``engine.atomic_file``) before the JSON that names it, and an older sidecar is removed only
after the JSON no longer names it: a kill at any moment leaves a JSON whose sidecar is whole. A sidecar that is missing, of another size
or checksum, not an .npz of plain arrays, or short of an array the JSON names, is refused with
a message that says which (``SessionFileError``): nothing is restored from it.

The session files users save and open stay JSON (Ctrl+S, ``nnwb FILE.json``); only the
autosave is written this way, and an autosave of JSON alone (an older nnwb's) still reads.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import zipfile
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import numpy as np

from engine.atomic_file import write_atomic, write_text_atomic
from tui.document.state import Document
from tui.files.autosave_names import sidecar_path, sidecars
from tui.files.session_file import MAX_FILE_BYTES, SessionFileError, from_data, parse, read_text, to_dict

SIDECAR_KEY = "sidecar"
REFERENCE = "sidecar:"  # an array's place in the JSON: "sidecar:weights_0"
# What the sidecar may hold: the document's numbers (float64, float32) and class indices.
STORED = (np.dtype("<f8"), np.dtype("<f4"), np.dtype("<i8"))
SHA256 = re.compile(r"[0-9a-f]{64}")


class Sidecar(NamedTuple):
    """An arrays' file as the autosave's JSON names it."""

    file: str
    bytes: int
    sha256: str


def write_autosave(path: Path, document: Document, training: dict[str, Any] | None, previous: Sidecar | None = None) -> Sidecar:
    """Write ``document`` as the autosave at ``path`` and its sidecar, which is returned.
    ``previous`` is the sidecar this session wrote last: arrays unchanged since (a selection,
    a setting) are not written again."""
    arrays: dict[str, np.ndarray] = {}

    def refer(name: str, array: np.ndarray) -> str:
        kept = array.dtype if array.dtype in STORED else np.dtype("<i8") if array.dtype.kind in "iub" else np.dtype("<f8")
        arrays[name] = np.ascontiguousarray(array, dtype=kept)
        return REFERENCE + name

    data = to_dict(document, training, arrays=refer)
    # Named by what it holds: the same arrays are the same file, and a new file never takes
    # the name of the one the JSON on disk names until that JSON is replaced.
    contents = hashlib.sha256()
    for name, array in arrays.items():
        contents.update(f"{name} {array.dtype.str} {array.shape}".encode())
        contents.update(array.data)
    sidecar = sidecar_path(path, contents.hexdigest()[:16])
    if previous is None or previous.file != sidecar.name or not sidecar.exists():
        stream: list[_Hashing] = []

        def fill(file: BinaryIO) -> None:
            stream.append(_Hashing(file))
            # What np.savez writes (an .npz), into a stream it would not take.
            with zipfile.ZipFile(stream[0], "w") as archive:  # type: ignore[call-overload]
                for name, array in arrays.items():
                    with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                        np.lib.format.write_array(member, array, allow_pickle=False)

        write_atomic(sidecar, fill)
        previous = Sidecar(sidecar.name, stream[0].size, stream[0].sha256.hexdigest())
    data[SIDECAR_KEY] = previous._asdict()
    write_text_atomic(path, json.dumps(data) + "\n")
    for old in sidecars(path):
        if old != sidecar:
            old.unlink(missing_ok=True)
    return previous


class _Hashing:
    """A file that is only written to, front to back, hashed as it goes: zipfile, finding no
    ``seek`` or ``tell``, writes each array once and its sizes after it (the checksum needs
    no second reading of the file, and the arrays no copy in memory)."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.file.write(data)

    def flush(self) -> None:
        self.file.flush()


def read_autosave(path: str | os.PathLike[str]) -> tuple[Document, dict[str, Any] | None]:
    """The document and training settings of the autosave at ``path``, its sidecar's arrays
    checked as a session file's lists are; an autosave of JSON alone reads as a session file.
    SessionFileError, naming the file, if it cannot be restored."""
    text = read_text(path)
    try:
        data = parse(text)
        if isinstance(data, dict) and SIDECAR_KEY in data:
            data = _with_arrays(data, Path(path).parent)
        return from_data(data)
    except SessionFileError as error:
        raise SessionFileError(f"{path}: {error}") from None


def _with_arrays(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """``data`` with each ``"sidecar:<name>"`` replaced by that array of the sidecar."""
    data = dict(data)
    arrays = _sidecar_arrays(data.pop(SIDECAR_KEY), folder)

    def resolve(value: object, where: str) -> object:
        if not (isinstance(value, str) and value.startswith(REFERENCE)):
            return value
        name = value.removeprefix(REFERENCE)
        if name not in arrays:
            raise SessionFileError(f"{where}: the sidecar holds no array {json.dumps(name)}: not restored")
        return arrays[name]

    data["inputs"] = resolve(data.get("inputs"), "inputs")
    data["labels"] = resolve(data.get("labels"), "labels")
    if isinstance(data.get("layers"), list):
        data["layers"] = [
            {**layer, **{key: resolve(layer.get(key), f"layers[{index}].{key}") for key in ("weights", "biases")}}
            if isinstance(layer, dict) else layer
            for index, layer in enumerate(data["layers"])
        ]
    return data


def _sidecar_arrays(info: object, folder: Path) -> dict[str, np.ndarray]:
    """The arrays of the sidecar ``info`` names, once its size and checksum match."""
    if not isinstance(info, dict) or set(info) != {"file", "bytes", "sha256"}:
        raise SessionFileError(f'{SIDECAR_KEY}: an object {{"file": ..., "bytes": ..., "sha256": ...}} is needed')
    name, size, digest = info["file"], info["bytes"], info["sha256"]
    if not isinstance(name, str) or Path(name).name != name or not name.endswith(".npz") or name.startswith("."):
        raise SessionFileError(f"{SIDECAR_KEY}.file: the name of an .npz file in the autosave's folder is needed")
    if isinstance(size, bool) or not isinstance(size, int) or not isinstance(digest, str) or not SHA256.fullmatch(digest):
        raise SessionFileError(f"{SIDECAR_KEY}: a size in bytes and a SHA-256 (64 hex digits) are needed")
    content = _read(folder / name, size)
    if len(content) != size:
        raise SessionFileError(f"its arrays, {name}, are {len(content):,} bytes where the autosave wrote {size:,}: "
                               "the pair is torn or was changed since; not restored")
    if hashlib.sha256(content).hexdigest() != digest:
        raise SessionFileError(f"its arrays, {name}, do not match the autosave's checksum (changed or damaged since): "
                               "not restored")
    return _npz(content, name)


def _read(path: Path, expected: int) -> bytes:
    try:
        # O_NONBLOCK: a named pipe in its place must not wait for a writer.
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise SessionFileError(f"its arrays, {path.name}, are not a regular file: not restored")
            if status.st_size != expected or status.st_size > MAX_FILE_BYTES:
                raise SessionFileError(f"its arrays, {path.name}, are {status.st_size:,} bytes where the autosave wrote "
                                       f"{expected:,}: the pair is torn or was changed since; not restored")
            return file.read(expected + 1)
    except FileNotFoundError:
        raise SessionFileError(f"its arrays, {path.name}, are missing: not restored") from None
    except OSError as error:
        raise SessionFileError(f"its arrays, {path.name}, cannot be read ({error.strerror or error})") from None


def _npz(content: bytes, name: str) -> dict[str, np.ndarray]:
    """The arrays of an .npz written by ``write_autosave``: stored members of plain numbers,
    each header checked against its member's size before anything is allocated."""
    arrays: dict[str, np.ndarray] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for member in archive.infolist():
                arrays[member.filename.removesuffix(".npy")] = _member(archive, member, name)
    except SessionFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as error:
        raise SessionFileError(f"its arrays, {name}, are not an .npz of arrays ({error}): not restored") from None
    return arrays


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> np.ndarray:
    if not member.filename.endswith(".npy") or member.compress_type != zipfile.ZIP_STORED:
        raise ValueError(f"{member.filename!r} is not a stored .npy array")
    with archive.open(member) as file:
        version = np.lib.format.read_magic(file)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(file)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(file)
        else:
            raise ValueError(f"{member.filename!r} is an .npy of version {version}")
        if dtype not in STORED:
            raise ValueError(f"{member.filename!r} holds {dtype}, not numbers")
        count = int(np.prod(shape, dtype=np.int64)) if shape else 1
        header = file.tell()
        if count * dtype.itemsize != member.file_size - header:
            raise ValueError(f"{member.filename!r}: its header's shape {shape} does not fit its {member.file_size:,} bytes")
        raw = file.read()
    return np.frombuffer(raw, dtype=dtype, count=count).reshape(shape, order="F" if fortran else "C").copy()
