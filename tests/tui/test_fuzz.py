"""Thousands of seeded random keys across every panel: nothing raises, and what the screen
shows always equals a fresh forward pass of the document."""

from __future__ import annotations

import copy
import random

import numpy as np
import pytest
from textual import events

from tui.app import WorkbenchApp
from tui.widgets.matrix_editor import MatrixEditor

# (key, character) as a terminal sends them.
KEYS: list[tuple[str, str | None]] = [
    ("up", None), ("down", None), ("left", None), ("right", None), ("tab", "\t"), ("shift+tab", None),
    ("enter", "\r"), ("escape", "\x1b"), ("backspace", "\x7f"), ("ctrl+z", "\x1a"),
    ("minus", "-"), ("full_stop", "."), ("left_square_bracket", "["), ("right_square_bracket", "]"),
    ("question_mark", "?"),
    *[(c, c) for c in "1205e" "rRcClTadfxsnbip"],  # "e" makes 1e5 in a cell, or opens the sizes form
]


async def type_fast(pilot, keys: list[tuple[str, str | None]]) -> None:  # type: ignore[no-untyped-def]
    """Send keys as a fast typist does: all queued, then wait for the app to catch up.

    Pilot.press waits for the app to go idle after every key (about 60 ms each), which
    would make thousands of keys take minutes; the app must cope with a burst anyway.
    """
    driver = pilot.app._driver
    for key, character in keys:
        event = events.Key(key, character)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await settle(pilot)


def _busy(app: WorkbenchApp) -> bool:
    """A key or message still on its way somewhere, on any screen (Pilot.pause looks at the top one)."""
    pumps = [app, *(node for screen in app.screen_stack for node in screen.walk_children(with_self=True))]
    return any(not pump._message_queue.empty() for pump in pumps) or any(
        editor._answer is not None for editor in app.query(MatrixEditor)
    )


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until every key sent has been taken and every edit answered."""
    for _ in range(200):
        await pilot.pause()
        if not _busy(pilot.app):
            return
    raise AssertionError("the app never settled")


def assert_consistent(app: WorkbenchApp) -> None:
    doc = app.document
    fresh = copy.deepcopy(doc.network).forward_trace(doc.inputs.copy(), None if doc.labels is None else doc.labels.copy())
    trace = doc.trace
    assert len(fresh.records) == len(trace.records)
    assert (fresh.error is None) == (trace.error is None)
    for a, b in zip(fresh.records, trace.records):
        np.testing.assert_array_equal(a.output, b.output)
    if fresh.error is not None:
        assert str(fresh.error) == str(trace.error)
    # The outputs panel shows the selected layer's numbers when nothing hides them.
    z = app.query_one("#z")
    if doc.step is None and doc.selected < len(trace.records) and z.values is not None:
        np.testing.assert_array_equal(z.values, trace.records[doc.selected].z)


@pytest.mark.parametrize("seed", [0, 1])
async def test_random_keys_never_raise_and_the_screen_matches_the_engine(seed: int) -> None:
    rng = random.Random(seed)
    app = WorkbenchApp(preset=rng.choice(["two-layers", "spiral", "transpose-mistake", "single-neuron"]))
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(75):
            await type_fast(pilot, [rng.choice(KEYS) for _ in range(20)])
            if len(app.screen_stack) == 1:
                assert_consistent(app)
        # Close whatever dialog is open, then check once more.
        for _ in range(3):
            await pilot.press("escape")
        await pilot.pause()
        assert_consistent(app)
