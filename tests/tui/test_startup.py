"""How the nnwb command starts the workbench: the collector is paused until the first frame."""

from __future__ import annotations

import gc

import pytest

from tests.tui.conftest import grid_rows
from tui.__main__ import make_app


async def test_make_app_pauses_the_collector_until_the_first_frame() -> None:
    try:
        app = make_app(["--preset", "layer"])
        assert not gc.isenabled()  # paused through the imports and the first frame
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled()  # back on once the first frame is out
            assert gc.get_freeze_count() > 0
            assert grid_rows(app, "#z") == [["4.8", "1.21", "2.385"]]
    finally:
        gc.enable()


def test_an_unknown_preset_is_refused_with_the_choices(capsys) -> None:  # type: ignore[no-untyped-def]
    try:
        with pytest.raises(SystemExit):
            make_app(["--preset", "nope"])
    finally:
        gc.enable()
    error = capsys.readouterr().err
    assert "invalid choice: 'nope'" in error and "two-layers" in error
