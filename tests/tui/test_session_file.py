"""Session files: round trips bit for bit, refusals that say what and where, atomic saves."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from engine import PRESETS, Adam, Trainer, atomic_file
from tui.document import limits
from tui.document.changes import REGULARIZERS
from tui.document.state import Document
from tui.files import session_file
from tui.files.session_file import MAX_FILE_BYTES, SessionFileError


def same_document(a: Document, b: Document) -> None:
    """Every number bit for bit (dtype and shape included), and the small state."""
    assert a.dtype == b.dtype
    for left, right in [(a.inputs, b.inputs)] + [
        (x, y)
        for s, t in zip(a.network.steps, b.network.steps, strict=True)
        for x, y in ((s.dense.weights, t.dense.weights), (s.dense.biases, t.dense.biases))
    ]:
        assert left.dtype == right.dtype and left.shape == right.shape
        assert left.tobytes() == right.tobytes()
    assert [s.activation.name for s in a.network.steps] == [s.activation.name for s in b.network.steps]
    assert [s.dropout for s in a.network.steps] == [s.dropout for s in b.network.steps]
    assert [_regularizers(s) for s in a.network.steps] == [_regularizers(s) for s in b.network.steps]
    assert (a.labels is None) == (b.labels is None)
    if a.labels is not None:
        assert b.labels is not None and a.labels.dtype == b.labels.dtype and a.labels.tobytes() == b.labels.tobytes()
    assert a.inits == b.inits
    assert (a.selected, a.weights_view, a.preset, a.loss) == (b.selected, b.weights_view, b.preset, b.loss)


def _regularizers(step: object) -> list[float]:
    return [getattr(step.dense, name) for name in REGULARIZERS]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_reads_back_bit_for_bit(name: str, tmp_path) -> None:
    doc = Document.from_preset(name)
    doc.select_layer(len(doc.network) - 1)
    doc.weights_view = "rows"
    path = tmp_path / "net.json"
    session_file.save(doc, path)
    again, training = session_file.load(path)
    same_document(doc, again)
    assert training is None
    assert json.loads(path.read_text())["format"] == "nnwb"


def test_each_new_field_reads_back(tmp_path) -> None:
    """Version 2's fields: a layer's dropout, float targets, the loss choice, L1/L2 (a sigmoid: below)."""
    doc = Document.from_preset("two-layers")
    doc.network.steps[0].dropout = 0.25
    doc.network.steps[1].dense.set_regularizers(weight_l2=5e-4, bias_l1=1e-3)
    doc.toggle_labels()
    doc.set_activation(1, "linear")
    doc.set_cell("labels", 1, 0, "-2.75")  # a target: the labels become floats
    doc.set_loss("mae")
    path = tmp_path / "new.json"
    session_file.save(doc, path)
    written = json.loads(path.read_text())
    assert written["version"] == 2 and written["loss"] == "mae" and written["labels"] == [0.0, -2.75, 0.0]
    assert [layer["dropout"] for layer in written["layers"]] == [0.25, 0.0]
    assert "regularizers" not in written["layers"][0]
    assert written["layers"][1]["regularizers"] == {"weight_l1": 0.0, "weight_l2": 5e-4, "bias_l1": 1e-3, "bias_l2": 0.0}
    again, _ = session_file.load(path)
    same_document(doc, again)
    assert again.labels is not None and again.labels.dtype == np.float64


def test_sigmoid_and_float32_targets_read_back(tmp_path) -> None:
    for name in ("ch16-binary", "ch17-regression"):
        doc = Document.from_preset(name)
        session_file.save(doc, tmp_path / "b.json")
        again, _ = session_file.load(tmp_path / "b.json")
        same_document(doc, again)
    assert again.labels is not None and again.labels.dtype == np.float32  # the nnfs mode's targets
    assert again.network.steps[-1].activation.name == "linear" and again.loss == "mse"


def test_a_version_1_file_still_reads_with_no_dropout_and_the_outputs_own_loss() -> None:
    doc, _ = session_file.loads(json.dumps(GOOD))  # GOOD is a version 1 file
    assert [step.dropout for step in doc.network.steps] == [0.0] and doc.loss is None
    assert doc.labels is not None and doc.labels.dtype == np.int64


def test_a_refused_file_leaves_the_open_document_as_it_was(tmp_path) -> None:
    doc = Document.from_preset("layer")
    before = session_file.dumps(doc)
    (tmp_path / "lie.json").write_text(_with("layers.0.dropout", 1.5))
    with pytest.raises(SessionFileError, match="dropout"):
        doc.replace_with(session_file.load(tmp_path / "lie.json")[0])
    assert session_file.dumps(doc) == before and not doc.history.can_undo


def test_a_trained_network_and_its_settings_read_back_bit_for_bit(tmp_path) -> None:
    doc = Document.from_preset("spiral")  # float32, the nnfs mode
    trainer = Trainer(doc.network, doc.inputs, doc.labels, Adam(learning_rate=0.05, decay=5e-7), batch_size=32)
    for _ in trainer.train(5):
        pass
    # Trained float32 values are not short decimals: they must still come back exactly.
    assert doc.network.steps[0].dense.weights.dtype == np.float32
    settings = {
        "data": "spiral", "samples": 100, "classes": 3, "optimizer": "sgd", "learning_rate": 1.0, "decay": 1e-3,
        "momentum": 0.9, "epochs": 500, "batch_size": 32, "validation_split": 0.1, "seed": 7,
    }
    session_file.save(doc, tmp_path / "t.json", settings)
    again, training = session_file.load(tmp_path / "t.json")
    same_document(doc, again)
    assert training == settings


def test_a_hand_written_file_with_only_the_needed_keys() -> None:
    text = """{"format": "nnwb", "version": 1,
      "inputs": [[1, 2, 3, 2.5]],
      "layers": [{"weights": [[0.2], [0.8], [-0.5], [1.0]], "biases": [2]}]}"""
    doc, training = session_file.loads(text)
    assert doc.trace.output is not None and doc.trace.output.tolist() == [[4.8]]
    assert doc.dtype == np.float64 and doc.labels is None and training is None
    assert doc.network.steps[0].activation.name == "linear"


README_EXAMPLE = """{
  "format": "nnwb",
  "version": 1,
  "inputs": [
    [1.0, 2.0, 3.0, 2.5],
    [2.0, 5.0, -1.0, 2.0]
  ],
  "labels": [0, 2],
  "layers": [
    {
      "activation": "relu",
      "weights": [
        [0.2, 0.5, -0.26],
        [0.8, -0.91, -0.27],
        [-0.5, 0.26, 0.17],
        [1.0, -0.5, 0.87]
      ],
      "biases": [2.0, 3.0, 0.5]
    },
    {
      "activation": "softmax",
      "weights": [[0.1, -0.5, -0.44], [-0.14, 0.12, 0.73], [0.5, -0.33, -0.13]],
      "biases": [-1, 2, -0.5]
    }
  ],
  "training": {"optimizer": "adam", "epochs": 1000}
}
"""


def test_the_readme_example_loads_as_written() -> None:
    doc, training = session_file.loads(README_EXAMPLE)
    assert doc.network.layer_sizes == [4, 3, 3] and doc.labels is not None and doc.labels.tolist() == [0, 2]
    assert doc.trace.accuracy == 0.5 and doc.inits[1].seed == 1  # the book's default draw per layer
    assert training is not None and training["epochs"] == 1000 and training["learning_rate"] == 0.05


def test_partial_training_settings_take_the_optimizers_book_values() -> None:
    text = json.dumps({"format": "nnwb", "version": 1, "inputs": [[1.0]], "layers": [{"weights": [[1.0]], "biases": [0.0]}],
                       "training": {"optimizer": "sgd"}})
    _, training = session_file.loads(text)
    assert training is not None
    assert (training["learning_rate"], training["decay"], training["data"]) == (1.0, 1e-3, "spiral")


def test_a_shape_mistake_between_layers_is_a_state_to_look_at_and_loads() -> None:
    doc = Document.from_preset("two-layers")
    doc.resize_layer(1, 5, 3)  # layer 2 takes 5 values, layer 1 gives 3: the app explains it
    again, _ = session_file.loads(session_file.dumps(doc))
    assert again.trace.error is not None and str(again.trace.error) == str(doc.trace.error)


GOOD = {
    "format": "nnwb",
    "version": 1,
    "inputs": [[1.0, 2.0], [3.0, 4.0]],
    "labels": [0, 1],
    "layers": [{"activation": "relu", "init": {"seed": 0, "scale": 0.01}, "weights": [[1.0, 2.0], [3.0, 4.0]], "biases": [0.0, 1.0]}],
}


def _with(path: str, value: object) -> str:
    data = json.loads(json.dumps(GOOD))
    *parents, last = path.split(".")
    target = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is _DELETE:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return json.dumps(data)


_DELETE = object()

BAD = [
    ("not json", "{format: nnwb}", ["not JSON", "line 1, column 2"]),
    ("empty", "", ["empty"]),
    ("truncated", json.dumps(GOOD)[:-20], ["truncated"]),
    ("a list", "[1, 2]", ["top level"]),
    ("other format", _with("format", "keras"), ['"keras"', "nnwb"]),
    ("no format", _with("format", _DELETE), ['no "format"']),
    ("other version", _with("version", 3), ["version", "3", "newer"]),
    ("dropout 1.5", _with("layers.0.dropout", 1.5), ["layers[0].dropout", "1.5", "below 1"]),
    ("negative dropout", _with("layers.0.dropout", -0.1), ["layers[0].dropout", "-0.1", "at least 0"]),
    ("dropout text", _with("layers.0.dropout", "half"), ["layers[0].dropout", '"half"']),
    ("tiny dropout", _with("layers.0.dropout", 1e-320), ["layers[0].dropout: 1e-320", "below 1e-6"]),
    ("dropout on the last layer", _with("layers.0.dropout", 0.5),
     ["layers[0].dropout", "0.5 on the last layer", "the loss scores", "between layers"]),
    ("loss", _with("loss", "xyz"), ["loss", '"xyz"', '"mse" or "mae"']),
    ("loss number", _with("loss", 2), ["loss", "2", '"mae"']),
    ("sigmoid typo", _with("layers.0.activation", "sigmoidd"), ["layers[0].activation", '"sigmoidd"', "sigmoid"]),
    ("regulariser", _with("layers.0.regularizers", {"weight_l2": -1}), ["layers[0].regularizers.weight_l2", "-1"]),
    ("regulariser key", _with("layers.0.regularizers", {"l2": 1}), ["layers[0].regularizers", 'unknown key "l2"']),
    ("target nan", json.dumps(GOOD).replace('"labels": [0, 1]', '"labels": [0.5, NaN]'), ["labels[1]", "finite"]),
    ("target text", _with("labels", [0.5, "x"]), ["labels[1]", '"x"']),
    ("target float32", _with("dtype", "float32").replace('"labels": [0, 1]', '"labels": [0.5, 1e39]'),
     ["labels[1]", "float32"]),
    ("ragged", _with("inputs", [[1.0, 2.0], [3.0]]), ["inputs row 1 has 1 numbers but row 0 has 2"]),
    ("text", _with("layers.0.weights", [[1.0, 2.0], [3.0, "4"]]), ["layers[0].weights row 1, column 1", '"4"']),
    ("true", _with("layers.0.weights", [[1.0, True], [3.0, 4.0]]), ["layers[0].weights row 0, column 1", "true"]),
    ("nan", json.dumps(GOOD).replace("3.0, 4.0]], \"biases\"", "3.0, NaN]], \"biases\""), ["layers[0].weights row 1, column 1", "NaN"]),
    ("infinity", json.dumps(GOOD).replace("[[1.0, 2.0], [3.0, 4.0]], \"labels\"", "[[1.0, 2.0], [3.0, -Infinity]], \"labels\""),
     ["inputs row 1, column 1", "Infinity"]),
    ("1e999", json.dumps(GOOD).replace('"biases": [0.0, 1.0]', '"biases": [0.0, 1e999]'), ["layers[0].biases column 1", "finite"]),
    ("biases rows", _with("layers.0.biases", [[0.0, 1.0], [0.0, 1.0]]), ["layers[0].biases", "2 rows"]),
    ("labels count", _with("labels", [0, 1, 1]), ["labels", "3 labels for 2 samples"]),
    ("label text", _with("labels", [0, "one"]), ["labels[1]", "class index"]),
    ("negative label", _with("labels", [0, -1]), ["labels[1]", "class index"]),
    ("activation", _with("layers.0.activation", "tanh"), ["layers[0].activation", '"tanh"', "relu"]),
    ("optimizer", _with("training", {"optimizer": "lbfgs"}), ["training.optimizer", '"lbfgs"', "adam"]),
    ("learning rate", _with("training", {"learning_rate": 0}), ["training.learning_rate", "(0, 1e+12]"]),
    ("unknown key", _with("layers.0.weigths", [[1.0]]), ["layers[0]", 'unknown key "weigths"']),
    ("no layers", _with("layers", []), ["layers", "at least one layer"]),
    ("no weights", _with("layers.0.weights", _DELETE), ["layers[0]", '"weights" is missing']),
    ("dtype", _with("dtype", "float16"), ["dtype", '"float16"']),
    ("selected", _with("selected_layer", 3), ["selected_layer", "3"]),
    ("scale", _with("layers.0.init.scale", "big"), ["layers[0].init.scale", '"big"']),
    ("seed", _with("layers.0.init.seed", -1), ["layers[0].init.seed", "-1"]),
    ("too many layers", _with("layers", [GOOD["layers"][0]] * (limits.MAX_LAYERS + 1)), ["layers", f"1 to {limits.MAX_LAYERS}"]),
    ("10,000 layers", _with("layers", [GOOD["layers"][0]] * 10_000), ["layers", "not 10000"]),
    ("1e308 in float32", _with("dtype", "float32").replace("4.0]], \"biases\"", "1e308]], \"biases\""),
     ["layers[0].weights row 1, column 1", "1e+308 is too large for float32"]),
    ("too wide", _with("inputs", [[0.0] * (limits.MAX_WIDTH + 1)] * 2), ["inputs", "columns"]),
    ("over budget", _with("layers", [{"weights": [[0.0] * 4000] * 2, "biases": [0.0] * 4000}] + [
        {"weights": [[0.0] * 4000] * 4000, "biases": [0.0] * 4000}]), ["too large", "weights budget"]),
    ("float32 overflow", _with("dtype", "float32").replace("4.0]], \"biases\"", "1e39]], \"biases\""),
     ["layers[0].weights row 1, column 1", "float32"]),
    ("deep", "[" * 100_000 + "]" * 100_000, ["not a session file"]),
    ("huge integer", json.dumps(GOOD).replace('"biases": [0.0, 1.0]', '"biases": [0.0, 1' + "0" * 400 + "]"),
     ["layers[0].biases column 1", "too large for float64"]),
    ("huge scale", _with("layers.0.init.scale", 10**400), ["layers[0].init.scale", "too large for float64"]),
    ("integer too long", json.dumps(GOOD).replace('"biases": [0.0, 1.0]', '"biases": [0.0, 1' + "0" * 4999 + "]"),
     ["layers[0].biases column 1", "5,000 digits", "too long"]),
    ("long integer input",
     json.dumps(GOOD).replace("[[1.0, 2.0], [3.0, 4.0]], \"labels\"", "[[1.0, 2.0], [-" + "9" * 5000 + ", 4.0]], \"labels\""),
     ["inputs row 1, column 0", "5,000 digits"]),
    ("inputs twice", json.dumps(GOOD).replace('"inputs"', '"inputs": [[5.0, 6.0]], "inputs"'),
     ["the top level", '"inputs"', "more than once"]),
    ("init key twice", json.dumps(GOOD).replace('"seed": 0', '"seed": 0, "seed": 1'),
     ["layers[0].init", '"seed"', "more than once"]),
]


@pytest.mark.parametrize(("case", "text", "said"), BAD, ids=[case for case, _, _ in BAD])
def test_a_malformed_file_is_refused_saying_what_and_where(case: str, text: str, said: list[str]) -> None:
    with pytest.raises(SessionFileError) as refused:
        session_file.loads(text)
    for words in said:
        assert words in str(refused.value), (case, str(refused.value))


def test_the_good_file_of_the_malformed_cases_loads() -> None:
    doc, _ = session_file.loads(json.dumps(GOOD))  # so each refusal above is its one change
    assert doc.labels is not None and doc.labels.tolist() == [0, 1]


def test_a_byte_order_mark_first_is_allowed(tmp_path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(json.dumps(GOOD).encode("utf-8-sig"))  # as some Windows editors save

    doc, _ = session_file.load(path)

    assert doc.inputs.tolist() == GOOD["inputs"]


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch) -> None:
    path = tmp_path / "big.json"
    with open(path, "wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used, and reading it would take 384 MB
    read: list[int] = []
    real_open = open

    def counting_open(*args, **kwargs):  # type: ignore[no-untyped-def]
        handle = real_open(*args, **kwargs)
        original = handle.read
        handle.read = lambda *a: read.append(1) or original(*a)  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr("builtins.open", counting_open)
    with pytest.raises(SessionFileError, match="larger than the"):
        session_file.load(path)
    assert read == []


def test_a_device_or_a_folder_is_refused_without_reading(tmp_path) -> None:
    with pytest.raises(SessionFileError, match="not a regular file"):
        session_file.load("/dev/zero")  # endless: read, it would fill the memory up to the limit
    with pytest.raises(SessionFileError, match="is a folder"):
        session_file.load(tmp_path)
    with pytest.raises(SessionFileError, match="no such file"):
        session_file.load(tmp_path / "none.json")


def test_the_size_limit_holds_any_document_the_budgets_allow() -> None:
    numbers = limits.MAX_WEIGHTS + limits.MAX_ACTIVATIONS + limits.MAX_LAYERS * limits.MAX_WIDTH + limits.MAX_SAMPLES
    longest = len(repr(-2.2250738585072014e-308)) + len(", ")
    assert numbers * longest < MAX_FILE_BYTES


def test_an_interrupted_save_leaves_the_old_file_whole(tmp_path, monkeypatch) -> None:
    path = tmp_path / "net.json"
    old = Document.from_preset("layer")
    session_file.save(old, path)
    before = path.read_bytes()

    def crash(source: str, target: object) -> None:
        raise KeyboardInterrupt  # the process dies between the write and the rename

    monkeypatch.setattr(atomic_file, "_replace", crash)
    with pytest.raises(KeyboardInterrupt):
        session_file.save(Document.from_preset("spiral"), path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["net.json"]  # and the half-done temporary file is gone
    same_document(old, session_file.load(path)[0])


def test_a_killed_save_leaves_the_old_file_whole(tmp_path) -> None:
    """A real SIGKILL while the new text is being written: the old file is whole after it."""
    path = tmp_path / "net.json"
    session_file.save(Document.from_preset("layer"), path)
    before = path.read_bytes()
    script = f"""
import os, signal
from engine import atomic_file
from tui.files import session_file
from tui.document.state import Document
def die(source, target):
    os.kill(os.getpid(), signal.SIGKILL)
atomic_file._replace = die
session_file.save(Document.from_preset("parameter-count"), {str(path)!r})
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=os.getcwd(), capture_output=True)
    assert done.returncode == -9
    assert path.read_bytes() == before


def test_loading_executes_nothing_from_the_file() -> None:
    """The reader is json and checks: no pickle, eval, exec or import by name anywhere in it."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(session_file))
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    forbidden = {"eval", "exec", "compile", "__import__", "import_module", "pickle", "marshal", "shelve", "loadtxt", "load_pickle"}
    assert not (names | imported) & forbidden
    assert not {"allow_pickle"} & names


def test_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path) -> None:
    pipe = tmp_path / "f.json"
    os.mkfifo(pipe)
    code = (f"from tui.files import session_file\ntry:\n    session_file.load({str(pipe)!r})\n"
            "except session_file.SessionFileError as e:\n    print(e)")
    # In a subprocess with a time limit: before the fix, opening the pipe waited for a writer.
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, cwd=os.getcwd())
    assert "not a regular file" in done.stdout


def test_saving_through_a_symbolic_link_keeps_the_link(tmp_path) -> None:
    target = tmp_path / "real.json"
    link = tmp_path / "link.json"
    session_file.save(Document.from_preset("layer"), target)
    link.symlink_to(target)
    session_file.save(Document.from_preset("spiral"), link)
    assert link.is_symlink()
    assert session_file.load(target)[0].preset == "spiral"


def test_dropout_on_the_last_of_three_layers_is_refused_and_the_open_document_kept(tmp_path) -> None:
    document = Document.from_preset("ch17-regression")
    session_file.save(document, tmp_path / "ch17.json")
    data = json.loads((tmp_path / "ch17.json").read_text())
    data["layers"][2]["dropout"] = 0.1
    (tmp_path / "ch17.json").write_text(json.dumps(data))
    open_document = Document.from_preset("ch16-binary")
    before = session_file.dumps(open_document)
    with pytest.raises(SessionFileError) as refused:
        open_document.replace_with(session_file.load(tmp_path / "ch17.json")[0])
    assert str(refused.value).count("layers[2].dropout: 0.1 on the last layer: the last layer's output is what "
                                    "the loss scores; the book puts dropout between layers") == 1
    assert session_file.dumps(open_document) == before
