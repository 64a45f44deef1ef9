"""The settings and validation checks: they read the last run Save writes (the session
file's training.last_run), not the form; a file keeps that run and reads it back; a file
without one (written before it existed) still opens."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.lessons.doing.part_18_20 import TrainingView
from tui.files.session_file import SessionFileError, load, loads, save
from tui.lessons import LessonContext
from tui.lessons.checks import SpecError, make_check
from tui.lessons.grader import main as check_main
from tui.lessons.loader import COURSE
from tui.training.last_run import KEYS, LAST_RUN, OPTIONAL
from tui.training.settings import defaults


def start() -> Any:
    return load(COURSE / "18-chapter-10.json")[0]


def run(optimizer: str = "sgd", **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"optimizer": optimizer, "epochs": 1001, "learning_rate": 1.0, "decay": 1e-3,
                              "momentum": 0.9, "validation_split": 0.2, "current_learning_rate": 0.5, "loss": 0.262, "accuracy": 0.9,
                              "val_loss": 0.822, "val_accuracy": 0.75}
    return {**record, **changes}


def judged(table: dict[str, Any], training: dict[str, Any] | None) -> tuple[bool, str]:
    result = make_check(table).evaluate(LessonContext.of(start(), training=training))
    return result.passed, result.detail


def test_settings_typed_in_the_form_but_never_trained_with_do_not_pass() -> None:
    form_only = {**defaults("sgd"), "learning_rate": 1.0, "decay": 1e-3}

    assert judged({"check": "settings", "optimizer": "sgd", "decay": 1e-3}, form_only) == (
        False, "no training run yet: train in the training view (g), and keep its weights")
    assert judged({"check": "settings", "optimizer": "sgd"}, None)[0] is False


def test_settings_are_the_last_runs_exactly_and_a_setting_compares() -> None:
    training = {**defaults("sgd"), LAST_RUN: run()}

    assert judged({"check": "settings", "optimizer": "sgd", "learning_rate": 1, "decay": 1e-3, "momentum": 0.9}, training) == (
        True, "the last run trained with sgd, learning_rate 1, decay 0.001, momentum 0.9")
    assert judged({"check": "settings", "optimizer": "adam"}, training) == (
        False, "the last run trained with sgd; wanted adam")
    assert judged({"check": "settings", "momentum": 0.5}, training) == (False, "its momentum is 0.9; wanted 0.5")
    assert judged({"check": "settings", "epochs": 3001}, training) == (False, "its epochs with these settings is 1001; wanted 3001")
    assert judged({"check": "settings", "setting": "current_learning_rate", "at_most": 0.5}, training)[0]
    assert judged({"check": "settings", "setting": "epochs", "at_least": 3001}, training) == (
        False, "its epochs with these settings is 1001; wanted at least 3001")
    # The validation split the run held out, not the form's (0 here).
    assert training["validation_split"] == 0.0
    assert judged({"check": "settings", "validation_split": 0.2}, training)[0]


def test_validation_figures_and_the_gaps_overfitting_makes_positive() -> None:
    training = {**defaults("adam"), LAST_RUN: run("adam")}

    assert judged({"check": "validation", "figure": "accuracy", "at_least": 0.7}, training) == (
        True, "the validation accuracy is 0.75")
    assert judged({"check": "validation", "figure": "loss_gap", "at_least": 0.8}, training) == (
        False, "the validation loss minus the training loss is 0.56; wanted at least 0.8")
    assert judged({"check": "validation", "figure": "accuracy_gap", "at_least": 0.1}, training)[1] == (
        "the training accuracy minus the validation accuracy is 0.15")
    no_split = {**training, LAST_RUN: run("adam", val_loss=None, val_accuracy=None)}
    passed, detail = judged({"check": "validation", "figure": "loss", "at_most": 9.0}, no_split)
    assert not passed and detail.startswith("the last run had no validation data: set validation")


@pytest.mark.parametrize(("table", "message"), [
    ({"check": "settings"}, "expected a setting: optimizer, learning_rate"),
    ({"check": "settings", "at_least": 3}, 'a comparison needs the setting it compares: setting = "epochs", say'),
    ({"check": "settings", "epochs": 3, "setting": "epochs", "at_most": 3}, "epochs is given twice"),
    ({"check": "settings", "optimizer": "nadam"}, 'optimizer must be one of "sgd", "adagrad", "rmsprop", "adam"'),
    ({"check": "settings", "epochs": 1.5}, "epochs must be a whole number"),
    ({"check": "validation", "at_least": 0.7}, "needs figure"),
    ({"check": "validation", "figure": "gap", "at_least": 0.7}, 'figure must be one of "loss", "accuracy"'),
    ({"check": "validation", "figure": "loss"}, "expected a comparison"),
])
def test_a_check_that_cannot_be_one_is_refused_with_why(table: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError, match=None) as refused:
        make_check(table)
    assert message in str(refused.value)


def test_the_last_run_is_saved_and_read_back_and_an_older_file_still_opens(tmp_path: Path) -> None:
    document = start()
    view = TrainingView()
    _events, training = view.train(document, "adam", 11, validation_split=0.2)
    save(document, tmp_path / "run.json", training)

    written = json.loads((tmp_path / "run.json").read_text())["training"][LAST_RUN]
    assert list(written) == [*KEYS, *OPTIONAL]
    assert written["epochs_with_settings"] == 11
    assert written["epochs"] == 11 and written["optimizer"] == "adam" and written["momentum"] == 0.0
    assert written["val_loss"] == view.session.val_loss[-1] and written["loss"] == view.session.loss[-1]
    assert load(tmp_path / "run.json")[1] == training
    older = json.loads((tmp_path / "run.json").read_text())
    del older["training"][LAST_RUN]["epochs_with_settings"]  # a file from before it: its epochs count
    _document, read = loads(json.dumps(older))
    assert read is not None and read[LAST_RUN]["epochs_with_settings"] == 11
    del older["training"][LAST_RUN]
    _document, read = loads(json.dumps(older))
    assert read is not None and LAST_RUN not in read


@pytest.mark.parametrize(("change", "message"), [
    ({"optimizer": "nadam"}, 'training.last_run.optimizer: no optimizer called "nadam"'),
    ({"epochs": -1}, "training.last_run.epochs: -1 is not 0 or more"),
    ({"decay": "0.1"}, 'training.last_run.decay: a number is needed, not "0.1"'),
    ({"loss": float("nan")}, "training.last_run.loss: NaN is not a finite number"),
    ({"extra": 1}, 'training.last_run: unknown key "extra"'),
])
def test_a_last_run_that_lies_is_refused_naming_the_key(change: dict[str, Any], message: str) -> None:
    text = json.dumps({"format": "nnwb", "version": 2, "inputs": [[1.0]], "layers": [{"weights": [[1.0]], "biases": [0.0]}],
                       "training": {"optimizer": "sgd", LAST_RUN: run(**change)}})
    with pytest.raises(SessionFileError) as refused:
        loads(text)
    assert message in str(refused.value)


def test_a_missing_key_of_the_last_run_is_named() -> None:
    record = run()
    del record["val_loss"]
    text = json.dumps({"format": "nnwb", "version": 2, "inputs": [[1.0]], "layers": [{"weights": [[1.0]], "biases": [0.0]}],
                       "training": {LAST_RUN: record}})
    with pytest.raises(SessionFileError, match='training.last_run: the key "val_loss" is missing'):
        loads(text)


def test_nnwb_check_grades_the_settings_from_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Lesson 18's momentum task from a hand-in: passed with the run's settings, failed when the
    run was Adam's (the form's SGD settings do not count)."""
    document = start()
    document.set_answer("predict", 0.25)
    view = TrainingView()
    _events, training = view.train(document, "sgd", 3001, learning_rate=1.0, decay=1e-3, momentum=0.9)
    save(document, tmp_path / "sgd.json", training)
    assert check_main("sgd", str(tmp_path / "sgd.json"), True, *_streams()) == 0

    adam = {**training, LAST_RUN: {**training[LAST_RUN], "optimizer": "adam", "momentum": 0.0}}
    save(document, tmp_path / "adam.json", adam)
    out, err = _streams()
    assert check_main("sgd", str(tmp_path / "adam.json"), True, out, err, show_wanted=True) == 1
    rows = json.loads(out.getvalue())["tasks"]
    assert [row["status"] for row in rows] == ["failed", "passed", "failed"]
    assert rows[2]["detail"] == "the last run trained with adam; wanted sgd"


def _streams() -> tuple[Any, Any]:
    import io

    return io.StringIO(), io.StringIO()
