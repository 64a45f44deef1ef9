"""engine.book's Model files: .npz with a JSON description, never pickle; a file it did not
write is refused with a message naming the file, and the model is left as it was.

(The round trip itself, number for number against the book's pickles, is ch21.py in
test_chapters.py.)
"""

from __future__ import annotations

import json
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

from engine.book import (
    Accuracy_Categorical,
    Accuracy_Regression,
    Activation_Linear,
    Activation_ReLU,
    Activation_Softmax,
    BookFileError,
    Layer_Dense,
    Layer_Dropout,
    Loss_CategoricalCrossentropy,
    Loss_MeanSquaredError,
    Model,
    Optimizer_Adam,
)


def spiral_model(hidden: int = 8) -> Model:
    np.random.seed(0)
    model = Model()
    model.add(Layer_Dense(2, hidden, weight_regularizer_l2=5e-4))
    model.add(Activation_ReLU())
    model.add(Layer_Dropout(0.1))
    model.add(Layer_Dense(hidden, 3))
    model.add(Activation_Softmax())
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=Optimizer_Adam(learning_rate=0.05), accuracy=Accuracy_Categorical())
    model.finalize()
    return model


def test_files_hold_arrays_and_json_and_no_pickle(tmp_path: Path) -> None:
    model = spiral_model()
    model.save(tmp_path / "spiral.model")
    model.save_parameters(tmp_path / "spiral.parms")
    for name in ("spiral.model", "spiral.parms"):
        with zipfile.ZipFile(tmp_path / name) as archive:
            assert all(member.endswith(".npy") for member in archive.namelist())
        with np.load(tmp_path / name, allow_pickle=False) as data:  # would raise on a pickled array
            description = json.loads(str(data["nnwb.book"][()]))
        assert description["version"] == 1
    assert description["format"] == "nnwb.book parameters" and description["layers"] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spiral.model", "spiral.parms"]  # no .npz added


def test_a_regression_model_comes_back_with_its_precision_and_predictions(tmp_path: Path) -> None:
    np.random.seed(0)
    X = np.linspace(0, 1, 50).reshape(-1, 1)
    y = np.sin(2 * np.pi * X)
    model = Model()
    for layer in (Layer_Dense(1, 16, weight_scale=0.1), Activation_ReLU(), Layer_Dense(16, 1, weight_scale=0.1), Activation_Linear()):
        model.add(layer)
    model.set(loss=Loss_MeanSquaredError(), optimizer=Optimizer_Adam(learning_rate=0.005), accuracy=Accuracy_Regression())
    model.finalize()
    model.train(X, y, epochs=5, print_every=100)
    model.save(tmp_path / "sine.model")
    loaded = Model.load(tmp_path / "sine.model")
    assert isinstance(loaded.accuracy, Accuracy_Regression)
    assert loaded.accuracy.precision == pytest.approx(np.std(y) / 250)
    assert np.array_equal(loaded.predict(X), model.predict(X))
    assert loaded.optimizer.iterations == 5


def test_the_books_own_pickle_is_refused_with_a_message(tmp_path: Path) -> None:
    model = spiral_model()
    path = tmp_path / "fashion_mnist.parms"
    with open(path, "wb") as file:  # what the book's save_parameters writes
        pickle.dump(model.get_parameters(), file)
    with pytest.raises(BookFileError, match=r"fashion_mnist.parms was not written by engine.book's Model.save_parameters"):
        model.load_parameters(path)
    with pytest.raises(BookFileError, match="not written by engine.book's Model.save"):
        Model.load(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"epoch,loss\n1,0.5\n", "it is not a .npz file"),
        (None, "has no 'nnwb.book' description"),
    ],
)
def test_a_file_of_another_kind_is_refused(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "other.npz"
    if content is None:
        np.savez(path, weights=np.ones((2, 2)))
    else:
        path.write_bytes(content)
    with pytest.raises(BookFileError, match=message):
        Model.load(path)


def test_a_parameters_file_loaded_as_a_model_says_which_method_reads_it(tmp_path: Path) -> None:
    spiral_model().save_parameters(tmp_path / "spiral.parms")
    with pytest.raises(BookFileError, match=r"written by Model.save_parameters: load it with the matching method"):
        Model.load(tmp_path / "spiral.parms")


def test_a_newer_version_or_an_unknown_layer_is_refused(tmp_path: Path) -> None:
    model = spiral_model()
    model.save(tmp_path / "spiral.model")
    with np.load(tmp_path / "spiral.model") as data:
        arrays = {name: data[name] for name in data.files}
    description = json.loads(str(arrays["nnwb.book"][()]))
    for change, message in (
        ({"version": 2}, "is version 2 of nnwb.book model; this nnwb reads version 1"),
        ({"layers": [{"type": "Layer_Conv2D"}]}, "unknown layer 'Layer_Conv2D'; engine.book knows Activation_ReLU"),
    ):
        with open(tmp_path / "changed.model", "wb") as file:
            np.savez(file, **{**arrays, "nnwb.book": np.array(json.dumps({**description, **change}))})
        with pytest.raises(BookFileError, match=message):
            Model.load(tmp_path / "changed.model")


def test_parameters_of_another_shape_are_refused_and_the_model_keeps_its_own(tmp_path: Path) -> None:
    spiral_model(hidden=8).save_parameters(tmp_path / "small.parms")
    bigger = spiral_model(hidden=16)
    before = [(w.copy(), b.copy()) for w, b in bigger.get_parameters()]
    with pytest.raises(BookFileError, match=r"small.parms does not fit this model: dense layer 1 has weights \(2, 16\)"):
        bigger.load_parameters(tmp_path / "small.parms")
    for (w, b), (w0, b0) in zip(bigger.get_parameters(), before):
        assert np.array_equal(w, w0) and np.array_equal(b, b0)


@pytest.mark.parametrize("damage", ["truncated", "corrupted"])
def test_a_file_model_save_wrote_then_damaged_is_called_damaged(tmp_path: Path, damage: str) -> None:
    spiral_model().save(tmp_path / "spiral.model")
    data = bytearray((tmp_path / "spiral.model").read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:
        data[len(data) // 2] ^= 0xFF  # one byte of an array flipped: its CRC no longer matches
    (tmp_path / "spiral.model").write_bytes(bytes(data))
    with pytest.raises(BookFileError) as refused:
        Model.load(tmp_path / "spiral.model")
    said = str(refused.value)
    assert said.startswith(f"{tmp_path / 'spiral.model'} is damaged: engine.book's Model.save wrote it, but it is "
                           "truncated or corrupted"), said
    assert "was not written by" not in said


@pytest.mark.parametrize("name", ["folder", "folder/", "missing/"])
def test_saving_to_a_folder_is_refused_naming_the_path_given(tmp_path: Path, name: str) -> None:
    (tmp_path / "folder").mkdir()
    given = f"{tmp_path}/{name}"
    with pytest.raises(IsADirectoryError) as refused:
        spiral_model().save(given)
    assert str(refused.value).startswith(f"{given} names a folder, not a file: save to a file in it")
    assert ".tmp" not in str(refused.value) and list((tmp_path / "folder").iterdir()) == []
