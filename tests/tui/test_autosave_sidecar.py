"""The autosave as a small JSON file and its arrays in an .npz beside it: it reads back bit for
bit, a large document's autosave is a few hundred bytes of JSON, and a sidecar that is missing,
torn, changed or hostile is refused with a message that says so, never restored and never
in place of the work on screen."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from engine import PRESETS
from tests.tui.conftest import grid_rows, screen_text, wait_for
from tests.tui.test_autosave import dead_pid, type_into_first_input
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.files.autosave import Leftover, autosave_path, marker_path, orphans
from tui.files.autosave_names import sidecars
from tui.files.autosave_sidecar import read_autosave, write_autosave
from tui.files.paths import state_folder
from tui.files.session_file import SessionFileError

TRAINING = {"data": "spiral", "optimizer": "adam", "samples": 100, "classes": 3, "learning_rate": 0.05,
            "decay": 5e-7, "momentum": 0.9, "epochs": 10001, "batch_size": None, "validation_split": 0.0, "seed": 0}


def same_document(read: Document, document: Document) -> None:
    assert read.dtype == document.dtype and read.preset == document.preset and read.loss == document.loss
    assert read.inputs.dtype == document.inputs.dtype and read.inputs.tobytes() == document.inputs.tobytes()
    if document.labels is None:
        assert read.labels is None
    else:
        assert read.labels is not None and read.labels.dtype == document.labels.dtype
        assert read.labels.tobytes() == document.labels.tobytes()
    for mine, theirs in zip(document.network.steps, read.network.steps, strict=True):
        assert mine.dense.weights.tobytes() == theirs.dense.weights.tobytes()
        assert mine.dense.biases.tobytes() == theirs.dense.biases.tobytes()
        assert (mine.activation.name, mine.dropout) == (theirs.activation.name, theirs.dropout)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_reads_back_bit_identical(name: str, tmp_path: Path) -> None:
    document = Document.from_preset(name)
    path = tmp_path / "autosave-1.json"
    write_autosave(path, document, TRAINING)
    read, training = read_autosave(path)
    same_document(read, document)
    assert training == TRAINING


def test_unchanged_arrays_are_not_written_again_and_a_change_leaves_one_sidecar(tmp_path: Path) -> None:
    document = Document.from_preset()
    path = tmp_path / "autosave-1.json"
    first = write_autosave(path, document, None)
    inode = (tmp_path / first.file).stat().st_ino
    document.selected = 1  # a change of no array
    assert write_autosave(path, document, None, first) == first
    assert (tmp_path / first.file).stat().st_ino == inode  # the same file: not written again
    assert read_autosave(path)[0].selected == 1
    document.inputs[0, 0] = 9.0
    second = write_autosave(path, document, None, first)
    assert second.file != first.file and sidecars(path) == [tmp_path / second.file]  # the old one went after the JSON
    assert read_autosave(path)[0].inputs[0, 0] == 9.0


def written(tmp_path: Path) -> tuple[Path, Path]:
    """An autosave of the default network and its sidecar."""
    path = tmp_path / "autosave-1.json"
    return path, tmp_path / write_autosave(path, Document.from_preset(), None).file


def refused(path: Path) -> str:
    with pytest.raises(SessionFileError) as caught:
        read_autosave(path)
    assert str(caught.value).startswith(f"{path}: ")
    return str(caught.value)


def test_a_missing_sidecar_is_refused(tmp_path: Path) -> None:
    path, sidecar = written(tmp_path)
    sidecar.unlink()
    assert f"its arrays, {sidecar.name}, are missing" in refused(path)


def test_a_truncated_sidecar_is_refused_as_torn(tmp_path: Path) -> None:
    path, sidecar = written(tmp_path)
    sidecar.write_bytes(sidecar.read_bytes()[:-10])
    assert "the pair is torn or was changed since; not restored" in refused(path)


def test_a_sidecar_changed_in_place_is_refused_by_its_checksum(tmp_path: Path) -> None:
    path, sidecar = written(tmp_path)
    content = bytearray(sidecar.read_bytes())
    content[-1] ^= 1  # the last byte of the last array: a number changed, the size the same
    sidecar.write_bytes(bytes(content))
    assert "do not match the autosave's checksum" in refused(path)


def lie(path: Path, content: bytes) -> None:
    """``content`` as the autosave's sidecar, its size and checksum written in the JSON: a
    sidecar whose pair agrees, but which is not what nnwb writes."""
    data = json.loads(path.read_text())
    name = data["sidecar"]["file"]
    (path.parent / name).write_bytes(content)
    data["sidecar"].update(bytes=len(content), sha256=hashlib.sha256(content).hexdigest())
    path.write_text(json.dumps(data))


def npz(**arrays: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def default_arrays() -> dict[str, np.ndarray]:
    document = Document.from_preset()
    arrays = {"inputs": document.inputs}
    for index, step in enumerate(document.network.steps):
        arrays |= {f"weights_{index}": step.dense.weights, f"biases_{index}": step.dense.biases}
    return arrays


def test_a_sidecar_that_is_not_an_npz_is_refused(tmp_path: Path) -> None:
    path, _ = written(tmp_path)
    lie(path, b"not a zip file at all")
    assert "are not an .npz of arrays" in refused(path)


def test_a_sidecar_of_pickled_objects_is_refused_unread(tmp_path: Path) -> None:
    path, _ = written(tmp_path)
    arrays = default_arrays()
    buffer = io.BytesIO()
    np.savez(buffer, **{**arrays, "inputs": np.array([[object()]], dtype=object)})
    lie(path, buffer.getvalue())
    assert "holds object, not numbers" in refused(path)


def test_a_sidecar_whose_header_claims_more_numbers_than_it_holds_is_refused(tmp_path: Path) -> None:
    path, _ = written(tmp_path)
    arrays = default_arrays()
    # inputs.npy's header says a billion rows (which a careless reader would allocate), and
    # the member holds the default network's 12 numbers: a well-formed zip of a lying array.
    member = io.BytesIO()
    np.lib.format.write_array_header_1_0(member, {"descr": "<f8", "fortran_order": False, "shape": (999999999, 4)})
    member.write(arrays.pop("inputs").tobytes())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inputs.npy", member.getvalue())
        for name, array in arrays.items():
            element = io.BytesIO()
            np.save(element, array)
            archive.writestr(f"{name}.npy", element.getvalue())
    lie(path, buffer.getvalue())
    assert "its header's shape (999999999, 4) does not fit its" in refused(path)


def test_a_compressed_sidecar_is_refused(tmp_path: Path) -> None:
    path, _ = written(tmp_path)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **default_arrays())
    lie(path, buffer.getvalue())
    assert "is not a stored .npy array" in refused(path)


def test_a_sidecar_short_of_an_array_is_refused_naming_it(tmp_path: Path) -> None:
    path, _ = written(tmp_path)
    arrays = default_arrays()
    del arrays["weights_1"]
    lie(path, npz(**arrays))
    assert 'layers[1].weights: the sidecar holds no array "weights_1"' in refused(path)


def test_a_sidecar_array_of_nan_is_refused_as_a_file_is(tmp_path: Path) -> None:
    path, _ = written(tmp_path)
    arrays = default_arrays()
    arrays["inputs"] = arrays["inputs"].copy()
    arrays["inputs"][1, 2] = np.nan
    lie(path, npz(**arrays))
    assert "inputs row 1, column 2: NaN is not a finite number" in refused(path)


def test_a_sidecar_named_outside_the_state_folder_is_refused(tmp_path: Path) -> None:
    path, _ = written(tmp_path)
    data = json.loads(path.read_text())
    data["sidecar"]["file"] = "../elsewhere.npz"
    path.write_text(json.dumps(data))
    assert "the name of an .npz file in the autosave's folder is needed" in refused(path)


def test_removing_offered_work_removes_its_sidecar_and_orphaned_sidecars_are_found(tmp_path: Path) -> None:
    pid = dead_pid()
    path = autosave_path(tmp_path, pid)
    sidecar = tmp_path / write_autosave(path, Document.from_preset(), None).file
    marker_path(tmp_path, pid).write_text(f"{pid}\n\n\n")
    assert sidecar.exists()
    Leftover(pid, path, marker_path(tmp_path, pid)).remove()
    assert list(tmp_path.iterdir()) == []
    # A sidecar whose JSON never came (killed between the two writes of a first autosave).
    other = dead_pid()
    stray = tmp_path / write_autosave(autosave_path(tmp_path, other), Document.from_preset(), None).file
    autosave_path(tmp_path, other).unlink()
    assert orphans(tmp_path) == [stray]


def large_document() -> Document:
    """A 2-1000-1000-3 network: a million weights, some 20 MB as JSON text."""
    document = Document.from_preset()
    document.resize_layer(0, 4, 1000)
    document.resize_layer(1, 1000, 1000)
    return document


async def test_the_autosave_of_a_large_document_is_a_small_json_and_an_npz() -> None:
    app = WorkbenchApp(document=large_document())
    async with app.run_test(size=(120, 40)) as pilot:
        await type_into_first_input(pilot, app, "7")
        saved = autosave_path(state_folder(), app.autosaver.pid)
        await wait_for(pilot, lambda: app.autosaver.written == app.recovery.autosave_key(), "the autosave")
        (sidecar,) = sidecars(saved)
        assert saved.stat().st_size < 4_000 and sidecar.stat().st_size > 8_000_000
        document, _ = read_autosave(saved)
        assert document.inputs[0, 0] == 7.0 and document.network.steps[1].dense.weights.shape == (1000, 1000)


def leave_work_with_arrays(value: float) -> tuple[Path, Path]:
    """A killed session's marker, autosave and sidecar: X[0, 0] = value."""
    folder = state_folder()
    folder.mkdir(parents=True, exist_ok=True)
    pid = dead_pid()
    document = Document.from_preset()
    document.inputs[0, 0] = value
    sidecar = folder / write_autosave(autosave_path(folder, pid), document, None).file
    marker_path(folder, pid).write_text(f"{pid}\n\n\n")
    return autosave_path(folder, pid), sidecar


async def test_work_left_with_a_sidecar_is_offered_and_restored() -> None:
    leave_work_with_arrays(42.0)
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "recover" and "Restore your work?" in screen_text(app), "the offer")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.id != "recover", "the offer closes")
        assert grid_rows(app, "#inputs")[0][0] == "42"


async def test_work_left_with_a_damaged_sidecar_is_not_restored_and_says_why() -> None:
    autosave, sidecar = leave_work_with_arrays(42.0)
    with zipfile.ZipFile(sidecar) as archive:
        size = sidecar.stat().st_size
        assert archive.namelist()  # a real .npz, then cut short as a full disk would
    sidecar.write_bytes(sidecar.read_bytes()[: size // 2])
    app = WorkbenchApp()
    told: list[str] = []
    app.notify = lambda message, **_: told.append(message)  # type: ignore[method-assign,assignment]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(told), "the refusal, told")
        assert "could not be read" in told[0] and "the pair is torn" in told[0]
        assert app.screen.id != "recover"
        assert grid_rows(app, "#inputs")[0][0] == "1"  # the fresh workbench stands
    assert autosave.exists()  # nothing deleted for the refusal
