"""Screens as SVG snapshots. Baselines live in __snapshots__/ and were looked at as PNG
before they were committed; ``pytest --snapshot-update`` rewrites them after a UI change."""

from __future__ import annotations

import pytest

from tui.app.workbench import WorkbenchApp


def test_main_screen_120x40(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(WorkbenchApp(), terminal_size=(120, 40))


def test_main_screen_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(WorkbenchApp(), terminal_size=(80, 24))


def test_step_mode(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(WorkbenchApp(), terminal_size=(120, 40), press=["s", "n", "n", "n", "n", "n"])


def test_step_backward_dweights(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The backward pass at layer 2's dweights: dW2 under W2, dz2 under a1, the chain dW2 = a1ᵀ · dz2."""
    assert snap_compare(WorkbenchApp(preset="spiral"), terminal_size=(120, 40), press=["s"] + ["n"] * 10)


def test_shape_error(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(WorkbenchApp(preset="transpose-mistake"), terminal_size=(120, 40))


def test_help(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(WorkbenchApp(), terminal_size=(120, 40), press=["question_mark"])


def test_spiral_with_labels(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(WorkbenchApp(preset="spiral"), terminal_size=(120, 40), press=["right_square_bracket"])


@pytest.mark.slow  # 300 epochs of training
def test_training_view_after_300_seeded_epochs(snap_compare) -> None:  # type: ignore[no-untyped-def]
    from screenshots.make_screenshots import train_for

    async def train(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("g")
        await train_for(pilot, pilot.app, 300)

    assert snap_compare(WorkbenchApp(preset="spiral"), terminal_size=(120, 40), run_before=train)
