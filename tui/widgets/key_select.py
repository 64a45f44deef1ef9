"""A Select that keys typed in a burst use as they were meant: Enter, ↓, Enter picks the next.

Textual's Select opens its list through a key binding, which runs only once the key has
bubbled up to the app, and the list takes the focus later still. Keys typed quickly (or
arriving together over SSH) all reached the closed Select first, and each of them (Enter,
↓, Enter) ran "open the list": the list stayed open and the choice was lost. Here the Select
takes its keys itself, in the order typed: one that opens the list, then, until the list
has the focus, the list's keys.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

OPENING = ("enter", "space", "down", "up")  # as Textual's Select binds them
# The list's keys, as its own actions (textual.widgets.OptionList and SelectOverlay).
LIST_KEYS = {
    "up": "cursor_up",
    "down": "cursor_down",
    "home": "first",
    "end": "last",
    "pageup": "page_up",
    "pagedown": "page_down",
    "enter": "select",
    "escape": "dismiss",
}


class KeySelect(Select[str]):
    async def _on_key(self, event: events.Key) -> None:
        # A key here was sent to the Select, or to its list and bubbled up unused: either
        # way the list's binding would run it next, so running it here changes nothing but
        # the order, which becomes the order typed.
        if not self.expanded:
            if event.key in OPENING:
                event.stop()
                event.prevent_default()
                self.action_show_overlay()
            return
        action = LIST_KEYS.get(event.key)
        if action is not None:  # the list is open, its focus still on the way
            event.stop()
            event.prevent_default()
            await self.query_one(SelectOverlay).run_action(action)
