"""The training settings have one field table and one parser (tui.training.settings): the
form, the session file and Save read a setting the same way. The form had its own rules
(``int("1_0")`` trained 10 epochs while Save wrote the default)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.tui.test_training import set_field, status
from tui.app.workbench import WorkbenchApp
from tui.document.state import Document
from tui.files import session_file
from tui.screens.training import TrainingScreen
from tui.training.settings import BY_FORM, FIELDS, SettingRefused, defaults, from_form, parse_setting

UNDERSCORED = '"1_0" is not a number: write it without underscores, such as 10'


def error_under(app: WorkbenchApp, name: str) -> str:
    return str(app.screen.query_one(f"#error-{name}").content)


@pytest.mark.parametrize("field", FIELDS, ids=[field.form for field in FIELDS])
def test_one_parser_refuses_an_underscored_number_in_every_field(field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SettingRefused, match="without underscores"):
        parse_setting(field, "1_0")
    assert from_form({field.form: "1_0"}, True)[field.key] == defaults("adam", True)[field.key]


def test_a_number_out_of_range_is_refused_in_the_session_files_words() -> None:
    text = json.loads(session_file.dumps(Document.from_preset("spiral")))
    text["training"] = {"epochs": 0}
    with pytest.raises(session_file.SessionFileError) as refused:
        session_file.loads(json.dumps(text))
    with pytest.raises(SettingRefused) as typed:
        parse_setting(BY_FORM["epochs"], "0")
    assert str(refused.value) == f"training.epochs: {typed.value}"


async def test_epochs_typed_1_0_are_refused_and_nothing_trains(tmp_path: Path) -> None:
    app = WorkbenchApp(preset="spiral", path=tmp_path / "s.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await set_field(pilot, "epochs", "1_0")
        await pilot.pause()
        assert error_under(app, "epochs") == UNDERSCORED
        with pytest.raises(SettingRefused) as refused:
            parse_setting(BY_FORM["epochs"], "1_0")
        assert str(refused.value) == UNDERSCORED  # the one parser's words
        await pilot.press("space")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrainingScreen)
        assert not screen.session.epochs and screen.session.trainer is None
        assert "A setting is not valid" in " ".join(status(app).split())
        app.files.save_to(tmp_path / "s.json")
    saved = json.loads((tmp_path / "s.json").read_text())["training"]
    assert saved["epochs"] == defaults("adam", True)["epochs"]  # a refused field keeps its default


@pytest.mark.parametrize(("typed", "epochs"), [("1e3", 1000), ("12", 12), ("20.0", 20)])
async def test_the_epochs_the_form_accepts_are_the_epochs_save_writes(tmp_path: Path, typed: str, epochs: int) -> None:
    app = WorkbenchApp(preset="spiral", path=tmp_path / "s.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await set_field(pilot, "epochs", typed)
        await pilot.pause()
        assert error_under(app, "epochs") == ""
        assert f"epoch 0 of {epochs}" in " ".join(status(app).split())
        app.files.save_to(tmp_path / "s.json")
    saved = json.loads((tmp_path / "s.json").read_text())["training"]
    assert saved["epochs"] == epochs
