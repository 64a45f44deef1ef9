"""Keys handed on one at a time: each key is handled, with everything it set off, before
the next one is handed to the widget focused then.

Textual hands every key to the widget focused when the key arrives, at once. A terminal
delivers a burst (tmux send-keys, a paste of keys, a fast typist) faster than the app
handles it, so the keys after one that moves the focus (Tab, a key that opens or closes a
dialog) were handed to the widget that had the focus before: ``e Tab 8 Enter`` typed the 8
into the inputs field, not the neurons, and ``? Escape 5`` lost the 5 in the help screen
being closed. Here each key waits until the app is quiet again: no widget, on any screen,
has a message waiting or being handled (a Tab's bubbling up to the app's binding, a
pushed screen's mounting and focus, a cell's commit waiting for the document).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

from tui.keys.escape_keys import read_escape_then_key

# A widget that is never quiet (an animation) must not hold the keys back for long: past
# this, the next key goes on anyway.
LONGEST_WAIT = 2.0

Deliver = Callable[[events.Event], Awaitable[None]]


def _pumps(app: App) -> list[MessagePump]:
    return [app, *(node for screen in app.screen_stack for node in screen.walk_children(with_self=True))]


def quiet(app: App) -> bool:
    """No message waits in, or is being handled by, the app or a widget of any screen."""
    for pump in _pumps(app):
        queue: asyncio.Queue[Any] = pump._message_queue
        if not queue.empty() or int(getattr(queue, "_unfinished_tasks", 0)):
            return False
    return True


class KeyGate:
    """Holds the keys (and pastes) that came from the terminal; hands them on in order."""

    def __init__(self, app: App, deliver: Deliver) -> None:
        self.app = app
        self.deliver = deliver  # Textual's own handing on of one key (bindings, focus)
        self._waiting: deque[events.Event] = deque()
        self._task: asyncio.Task[None] | None = None
        read_escape_then_key()

    @property
    def busy(self) -> bool:
        """A key is still to be handed on, or being handled (for tests)."""
        return self._task is not None

    def put(self, event: events.Event) -> None:
        self._waiting.extend(split_alt(event) if isinstance(event, events.Key) else [event])
        if self._task is None:
            self._task = asyncio.create_task(self._hand_on())

    async def _hand_on(self) -> None:
        try:
            while self._waiting:
                if self.app._closing or self.app._closed or not self.app.is_running:
                    self._waiting.clear()  # keys typed after Ctrl+Q go nowhere
                    return
                await self.deliver(self._waiting.popleft())
                await self._until_quiet()
        except Exception as error:  # as if raised in a handler: the app's crash path
            self._waiting.clear()
            self.app._handle_exception(error)
        finally:
            self._task = None

    async def _until_quiet(self) -> None:
        await asyncio.sleep(0)
        started = time.monotonic()
        tries = 0
        while self.app.is_running and not quiet(self.app):
            tries += 1
            # At once for the few turns a key takes; then gently, for a long commit.
            await asyncio.sleep(0 if tries < 50 else 0.002)
            if time.monotonic() - started > LONGEST_WAIT:
                return


def split_alt(event: events.Key) -> list[events.Event]:
    """Escape and the key after it, for an Alt key (no key here is bound with Alt).

    A terminal sends Alt+5 as Escape then 5 (see ``read_escape_then_key``, which reads ESC and
    a key in one read as the two keys); an ESC whose key came in a later read still
    reaches the app as Alt+key. Read as the two keys, it is what a person typing fast meant.
    """
    character = event.character
    if not event.key.startswith("alt+") or character is None or len(character) != 1:
        return [event]
    rest = event.key.removeprefix("alt+")
    key = character if rest.startswith("shift+") or character.isalnum() else rest
    return [events.Key("escape", "\x1b"), events.Key(key, character)]
