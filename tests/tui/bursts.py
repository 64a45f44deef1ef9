"""Keys sent the way a terminal delivers a burst: all handed to the driver at once."""

from __future__ import annotations

from textual import events

from tui.app.workbench import WorkbenchApp
from tui.widgets.matrix_editor import MatrixEditor

# Names as tmux send-keys spells them, for the keys the tests type.
NAMED: dict[str, tuple[str, str | None]] = {
    "Enter": ("enter", "\r"),
    "Escape": ("escape", "\x1b"),
    "BSpace": ("backspace", "\x7f"),
    "Tab": ("tab", "\t"),
    "BTab": ("shift+tab", None),
    "Up": ("up", None),
    "Down": ("down", None),
    "Left": ("left", None),
    "Right": ("right", None),
    "Home": ("home", None),
    "End": ("end", None),
    "C-u": ("ctrl+u", "\x15"),
    "C-z": ("ctrl+z", "\x1a"),
}
CHARACTER_KEYS = {
    "-": "minus", ".": "full_stop", "+": "plus", "[": "left_square_bracket", "]": "right_square_bracket",
    "?": "question_mark", "=": "equals_sign",
}


def keys(spec: str) -> list[tuple[str, str | None]]:
    """``"7 Enter 8 Enter"`` as (key, character) pairs: named keys, or every character of a word."""
    result: list[tuple[str, str | None]] = []
    for word in spec.split():
        if word in NAMED:
            result.append(NAMED[word])
        else:
            result.extend((CHARACTER_KEYS.get(c, c), c) for c in word)
    return result


async def type_fast(pilot, typed: list[tuple[str, str | None]] | str) -> None:  # type: ignore[no-untyped-def]
    """Send keys as a terminal does a burst: all queued in the driver, then wait for the app to catch up.

    Pilot.press waits for the app to go idle after every key, which hides what a burst does.
    """
    driver = pilot.app._driver
    for key, character in keys(typed) if isinstance(typed, str) else typed:
        event = events.Key(key, character)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await settle(pilot)


def _busy(app: WorkbenchApp) -> bool:
    """A key or message still on its way somewhere, on any screen (Pilot.pause looks at the top one)."""
    pumps = [app, *(node for screen in app.screen_stack for node in screen.walk_children(with_self=True))]
    return app.key_gate.busy or any(not pump._message_queue.empty() for pump in pumps) or any(
        getattr(editor, "_answer", None) is not None for editor in app.query(MatrixEditor)
    )


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until every key sent has been taken and every edit answered."""
    for _ in range(200):
        await pilot.pause()
        if not _busy(pilot.app):
            return
    raise AssertionError("the app never settled")
