"""Keys typed in one burst go where a slow typist's keys would: into a dialog that a key of
the burst opened, to the field a Tab of the burst moved to, back to the cell once a key of
the burst closed the dialog. Each burst is handed to the driver at once, as tmux send-keys
delivers it; the same keys pressed one at a time give the same numbers."""

from __future__ import annotations

import numpy as np
import pytest

from tests.tui.bursts import settle, type_fast
from tests.tui.conftest import focus, wait_for
from tui.app.workbench import WorkbenchApp
from tui.screens.dialogs import FormScreen


def layer_shape(app: WorkbenchApp) -> tuple[int, int]:
    return tuple(app.document.network.steps[0].dense.weights.shape)  # type: ignore[return-value]


async def open_dialog(pilot, app: WorkbenchApp, key: str) -> None:  # type: ignore[no-untyped-def]
    """Open a form and wait for it, as a person does before typing into it."""
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.focused is not None, "the form opens")
    await settle(pilot)


@pytest.mark.parametrize(
    ("burst", "shape"),
    [
        ("Tab 8 Enter", (4, 8)),  # Tab to the neurons, whose text a key replaces
        ("BSpace 4 0 9 6 Enter", (4096, 3)),  # every digit, none lost
    ],
)
async def test_a_burst_in_the_sizes_dialog_gives_the_sizes_typed(burst: str, shape: tuple[int, int]) -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dialog(pilot, app, "e")
        await type_fast(pilot, burst)
        assert not isinstance(app.screen, FormScreen)
        assert layer_shape(app) == shape


async def test_a_burst_in_the_initialisation_dialog_gives_the_seed_and_scale_typed() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dialog(pilot, app, "i")
        await type_fast(pilot, "Tab 1 Enter")
        assert not isinstance(app.screen, FormScreen)
        assert (app.document.inits[0].seed, app.document.inits[0].scale) == (0, 1.0)
        np.random.seed(0)
        assert np.array_equal(app.document.network.steps[0].dense.weights, np.random.randn(4, 3))


async def test_keys_after_the_key_that_opens_a_dialog_go_into_it() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_fast(pilot, "e Tab 8 Enter")
        assert layer_shape(app) == (4, 8)


async def test_keys_after_the_key_that_closes_a_dialog_go_to_the_cell() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        await type_fast(pilot, "? Escape 5 Enter")
        assert app.document.inputs[0, 0] == 5.0
        await type_fast(pilot, "e Tab 8 Enter 7 Enter")
        assert layer_shape(app) == (4, 8)
        assert app.document.inputs[1, 0] == 7.0  # Enter moved down after 5
        assert app.focused is app.query_one("#inputs")


async def test_escape_and_a_digit_sent_together_are_read_as_the_two_keys_not_alt() -> None:
    app = WorkbenchApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await focus(pilot, app, "#inputs")
        # tmux send-keys "?" Escape 5 Enter: the terminal's bytes ESC 5 read as Alt+5.
        await type_fast(pilot, [("question_mark", "?"), ("alt+5", "5"), ("enter", "\r")])
        assert app.document.inputs[0, 0] == 5.0
        assert app.focused is app.query_one("#inputs")


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("?\x1b5\r", [("question_mark", "?"), ("escape", "\x1b"), ("5", "5"), ("enter", "\r")]),  # not "∞"
        ("5\x1b\r", [("5", "5"), ("escape", "\x1b"), ("enter", "\r")]),  # the Escape was lost
        ("\x1b.", [("escape", "\x1b"), ("full_stop", ".")]),
        ("\x1b-", [("escape", "\x1b"), ("minus", "-")]),  # not "–"
        ("\x1b[A", [("up", None)]),  # an arrow's sequence is still an arrow
        ("\x1bb", [("ctrl+left", None)]),  # and Alt+Left (Option+Left) a word left
    ],
)
def test_the_terminal_bytes_of_escape_and_a_key_are_read_as_the_two_keys(sent: str, read: list[tuple[str, str | None]]) -> None:
    from textual._xterm_parser import XTermParser

    WorkbenchApp()  # its key gate sets how the terminal's bytes are read
    parser = XTermParser()
    keys = [(event.key, event.character) for event in [*parser.feed(sent), *parser.feed("")]]
    assert keys == read
