"""``nnwb run`` and ``nnwb export``: the workbench's numbers without the UI, and their exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import PRESETS
from tui.cli.headless import main
from tui.document.state import Document
from tui.files import session_file

SHAPE_MISTAKES = {"transpose-mistake"}
ROOT = Path(__file__).resolve().parents[2]  # this checkout, not an installed nnwb


def nnwb(code_or_args: list[str]) -> subprocess.CompletedProcess[str]:
    """``python ...`` with this checkout first on the path, as the ``nnwb`` command runs."""
    return subprocess.run([sys.executable, *code_or_args], capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)


def run_json(source: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:  # type: ignore[type-arg]
    status = main(["run", source, "--json"])
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # one JSON object, on one line
    return status, json.loads(out)


@pytest.mark.parametrize("name", list(PRESETS))
def test_run_json_gives_the_workbenchs_numbers_for_every_preset(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    document = Document.from_preset(name)
    trace = document.trace

    status, report = run_json(name, capsys)

    assert status == (1 if name in SHAPE_MISTAKES else 0)
    assert report["dtype"] == str(document.dtype)
    if trace.output is None:
        assert report["output"] is None
    else:  # every number exactly as held (a float32 as the float64 equal to it)
        assert np.array_equal(np.array(report["output"], dtype=document.dtype), trace.output)
    assert report["loss"] == trace.loss and report["accuracy"] == trace.accuracy
    assert report["loss_name"] == trace.loss_name
    assert [layer["dropout"] for layer in report["layers"]] == [s.dropout for s in document.network.steps]
    assert report["predictions"] == (None if trace.predictions is None else trace.predictions.tolist())
    assert [layer["weights"] for layer in report["layers"]] == [list(s.dense.weights.shape) for s in document.network.steps]
    assert [layer["activation"] for layer in report["layers"]] == [s.activation.name for s in document.network.steps]
    assert report["layers"][0]["input"] == list(document.inputs.shape)
    assert (report["error"] is None) == (name not in SHAPE_MISTAKES)


def test_run_json_explains_a_shape_error_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    error = Document.from_preset("transpose-mistake").trace.error
    assert error is not None

    status, report = run_json("transpose-mistake", capsys)

    assert status == 1
    assert report["error"]["message"] == str(error)
    assert report["error"]["layer"] == 1 and report["error"]["fix"] == error.fix
    assert report["error"]["left_shape"] == [3, 4] and report["error"]["right_shape"] == [3, 4]
    assert report["output"] is None and report["loss"] is None and report["predictions"] is None
    assert report["layers"] == [{"layer": 1, "activation": "linear", "dropout": 0.0, "input": [3, 4], "weights": [3, 4],
                                 "biases": [1, 3], "output": None}]


def test_run_prints_the_books_lines(capsys: pytest.CaptureFixture[str]) -> None:
    trace = Document.from_preset("spiral").trace

    assert main(["run", "spiral"]) == 0

    out = capsys.readouterr().out
    assert f"loss: {np.float32(trace.loss)!s}\n" in out and f"acc: {trace.accuracy!r}\n" in out
    assert "layer 2: inputs (300, 3) . weights (3, 3) + biases (1, 3) -> output (300, 3), softmax" in out


def test_run_of_a_shape_error_prints_the_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    error = Document.from_preset("transpose-mistake").trace.error

    assert main(["run", "transpose-mistake"]) == 1

    assert str(error) in capsys.readouterr().out


def test_export_json_writes_a_session_file_that_runs_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "start.json"

    assert main(["export", "spiral", "-o", str(out)]) == 0

    document, _ = session_file.load(out)
    assert np.array_equal(document.inputs, Document.from_preset("spiral").inputs)
    capsys.readouterr()
    assert run_json(str(out), capsys)[1]["loss"] == run_json("spiral", capsys)[1]["loss"]


def test_export_py_writes_a_script_that_prints_the_same_numbers(tmp_path: Path) -> None:
    trace = Document.from_preset("parameter-count").trace
    out = tmp_path / "exercise.py"

    assert main(["export", "parameter-count", "-o", str(out)]) == 0

    printed = subprocess.run([sys.executable, str(out)], capture_output=True, text=True, check=True).stdout
    assert printed.endswith(f"loss: {trace.loss!r}\nacc: {trace.accuracy!r}\n")


@pytest.mark.parametrize(("name", "loss_name"), [("ch15-dropout", "categorical cross-entropy"),
                                              ("ch16-binary", "binary cross-entropy"),
                                              ("ch17-regression", "mean squared error"), ("batch", "mean squared error")])
def test_run_json_names_the_loss(name: str, loss_name: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(name, capsys)[1]["loss_name"] == loss_name


def test_a_files_loss_choice_is_the_loss_run_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = Document.from_preset("ch17-regression")
    document.set_loss("mae")
    session_file.save(document, tmp_path / "mae.json")
    _, report = run_json(str(tmp_path / "mae.json"), capsys)
    assert report["loss_name"] == "mean absolute error" and report["loss"] == document.trace.loss
    assert report["loss"] != run_json("ch17-regression", capsys)[1]["loss"]  # MSE's, the preset's own
    assert main(["run", str(tmp_path / "mae.json")]) == 0
    printed = capsys.readouterr().out
    assert f"loss function: mean absolute error\nloss: {np.float32(document.trace.loss)!s}\n" in printed
    assert document.trace.sample_losses is not None and document.trace.sample_losses.dtype == np.float32


def test_run_says_a_layers_dropout_is_for_training(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "ch15-dropout"]) == 0
    printed = capsys.readouterr().out
    assert "-> output (3000, 64), ReLU, then dropout 0.1 while training\n" in printed
    assert "loss function: categorical cross-entropy\n" in printed


def test_export_of_a_book_preset_writes_a_script_and_a_file_that_give_its_numbers(tmp_path: Path,
                                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    trace = Document.from_preset("ch16-binary").trace
    assert main(["export", "ch16-binary", "-o", str(tmp_path / "ch16.py")]) == 0
    assert main(["export", "ch16-binary", "-o", str(tmp_path / "ch16.json")]) == 0
    printed = subprocess.run([sys.executable, str(tmp_path / "ch16.py")], capture_output=True, text=True,
                             check=True).stdout
    assert trace.sample_losses is not None
    assert printed.endswith(f"loss: {trace.sample_losses.dtype.type(trace.loss)!s}\nacc: {trace.accuracy!r}\n")
    capsys.readouterr()
    assert run_json(str(tmp_path / "ch16.json"), capsys)[1]["loss"] == trace.loss


def test_export_py_of_a_shape_error_is_refused_but_its_session_file_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "transpose-mistake", "-o", str(tmp_path / "mistake.py")]) == 1
    assert "shape error" in capsys.readouterr().err and not (tmp_path / "mistake.py").exists()

    assert main(["export", "transpose-mistake", "-o", str(tmp_path / "mistake.json")]) == 0
    capsys.readouterr()
    assert run_json(str(tmp_path / "mistake.json"), capsys)[0] == 1


@pytest.mark.parametrize("argv", [
    ["run", "no-such-preset-or-file"],
    ["run", "broken.json"],
    ["run", "spiral", "--bogus"],
    ["export", "spiral", "-o", "out.txt"],
    ["export", "spiral", "-o", "no/such/folder/out.py"],
    ["export", "spiral"],
])
def test_a_bad_source_or_argument_exits_2_with_a_message(argv: list[str], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.json").write_text('{"format": "nnwb", "version": 1, "inputs": [[1, 2], [3')

    with pytest.raises(SystemExit) as exited:  # as the nnwb command does
        sys.exit(main(argv))

    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip() and "Traceback" not in captured.err


def test_nnwb_run_never_imports_textual(tmp_path: Path) -> None:
    result = nnwb(["-c", never_textual(["run", "two-layers", "--json"])])

    assert "status 0" in result.stderr and "ui []" in result.stderr
    assert json.loads(result.stdout)["output"] == Document.from_preset("two-layers").trace.output.tolist()


def test_nnwb_lint_never_imports_textual() -> None:
    result = nnwb(["-c", never_textual(["lint", "tui/lessons/course"])])  # every kind of check, loaded and evaluated

    assert "status 0" in result.stderr and "ui []" in result.stderr
    assert result.stdout.endswith("lesson files: no warnings\n")


def never_textual(argv: list[str]) -> str:
    """Python code that runs ``nnwb ARGV`` and prints its status and the UI modules it imported on stderr."""
    return (
        "import sys\n"
        "from tui.__main__ import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit as exit:\n"
        "    print('status', exit.code, file=sys.stderr)\n"
        "print('ui', sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')), file=sys.stderr)\n"
    )


def test_the_command_exits_with_runs_status(tmp_path: Path) -> None:
    result = nnwb(["-m", "tui", "run", "transpose-mistake"])

    assert result.returncode == 1 and "transpose them to (4, 3)" in result.stdout


def test_nnwb_help_documents_run_and_export() -> None:
    result = nnwb(["-m", "tui", "--help"])

    assert "nnwb run SOURCE [--json]" in result.stdout and "nnwb export SOURCE -o OUT" in result.stdout
    assert "nnwb lint FILE|DIR" in result.stdout


def test_a_session_files_generated_data_is_exported_as_the_books_call(tmp_path: Path) -> None:
    """The training settings say which data set (and seed) made the batch: the script makes it the same way."""
    from engine import vertical_data

    document = Document.from_preset("spiral")  # float32, the nnfs mode
    np.random.seed(3)
    document.use_data(*vertical_data(50, 3, document.dtype))
    session_file.save(document, tmp_path / "vertical.json", {"data": "vertical", "samples": 50, "classes": 3, "seed": 3})
    loss = document.trace.loss

    assert main(["export", str(tmp_path / "vertical.json"), "-o", str(tmp_path / "vertical.py")]) == 0

    script = (tmp_path / "vertical.py").read_text()
    assert "nnfs.init()" in script and "np.random.seed(3)\n" in script
    assert "X, y = vertical_data(samples=50, classes=3)" in script
    printed = subprocess.run([sys.executable, str(tmp_path / "vertical.py")], capture_output=True, text=True).stdout
    assert f"loss: {np.float32(loss)!s}\n" in printed


def test_run_json_keeps_the_files_labels_when_the_output_overflowed(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "big.json").write_text(json.dumps({
        "format": "nnwb", "version": 1, "inputs": [[1e308]], "labels": [0],
        "layers": [{"weights": [[10.0, 1.0]], "biases": [0.0, 0.0], "activation": "softmax"}],
    }))

    status, printed = run_json("big.json", capsys)

    assert status == 0 and printed["nonfinite"]
    assert printed["labels"] == [0]  # the file's labels, though nothing is scored
    assert printed["predictions"] is None and printed["loss"] is None


@pytest.mark.parametrize(("argv", "said"), [
    (["run", "loop1.json"], "Too many levels of symbolic links"),
    (["run", ""], "an empty SOURCE was given"),
    (["export", "", "-o", "out.py"], "an empty SOURCE was given"),
])
def test_a_source_that_cannot_be_read_says_why(argv: list[str], said: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "loop1.json").symlink_to("loop2.json")
    (tmp_path / "loop2.json").symlink_to("loop1.json")

    assert main(argv) == 2

    err = capsys.readouterr().err
    assert said in err and "no such file" not in err and "folder" not in err


def test_run_refuses_a_file_with_dropout_on_the_last_layer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session_file.save(Document.from_preset("ch17-regression"), tmp_path / "ch17.json")
    data = json.loads((tmp_path / "ch17.json").read_text())
    data["layers"][2]["dropout"] = 0.1
    (tmp_path / "ch17.json").write_text(json.dumps(data))

    assert main(["run", str(tmp_path / "ch17.json")]) == 2

    captured = capsys.readouterr()
    assert captured.out == "" and "layers[2].dropout: 0.1 on the last layer" in captured.err


def test_run_heads_a_label_problem_as_the_app_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = Document.from_preset("spiral")
    document.use_data(document.inputs, np.full(len(document.inputs), 7))  # class 7 of 3 outputs
    session_file.save(document, tmp_path / "labels.json")

    assert main(["run", str(tmp_path / "labels.json")]) == 1

    out = capsys.readouterr().out
    assert "label error:\nlabel 7 of sample 0 is outside the outputs" in out  # the app's panel says "Label error"
    assert "shape error" not in out
