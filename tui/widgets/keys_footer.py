"""The footer: the keys the screen needs most, as many as fit, never cut mid-word.

Textual's footer shows every key in the order of the bindings and lets the last ones fall
off the edge (at 80 columns the step keys and Train were lost, "palette" ran into the next
key). This one reads the command table: it keeps the keys of highest ``footer`` priority
that fit in the width, shows them in the table's order (the screen's keys, then help and
the palette), and dims a key the training lock refuses now (pressing it says why).
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.commands import ANYWHERE, BY_NAME, COMMANDS, TEXTUAL_BY_ACTION, Command, refusal

ORDER = {command.name: index for index, command in enumerate(COMMANDS)}


class CommandKey(FooterKey):
    """A footer key; a dimmed one still sends its key, so that the app can say why not now."""

    def on_mouse_down(self) -> None:
        self.app.simulate_key(self.key)


class KeysFooter(Footer):
    COMPACT_BELOW = 100  # columns: below this the keys drop their padding

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)  # the palette is one of the table's keys
        self._width = 0

    def on_resize(self, event: events.Resize) -> None:
        width = event.size.width
        self.compact = width < self.COMPACT_BELOW
        if width != self._width:
            self._width = width
            if self._bindings_ready:
                self.call_after_refresh(self.recompose)

    def shown(self) -> list[tuple[Command, Binding]]:
        """The commands this footer shows now, in the order shown."""
        focused = self.screen.focused
        panels = {node.id for node in (focused.ancestors_with_self if focused is not None else ()) if node.id}
        candidates: list[tuple[Command, Binding]] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            command = BY_NAME.get(binding.id or "") or TEXTUAL_BY_ACTION.get(binding.action.removeprefix("app."))
            if command is None or command.footer <= 0 or command.name in seen:
                continue
            if command.footer_focus and panels.isdisjoint(command.footer_focus):
                continue
            seen.add(command.name)
            candidates.append((command, binding))
        room = self._width or self.size.width or self.app.size.width
        chosen: list[tuple[Command, Binding]] = []
        for command, binding in sorted(candidates, key=lambda item: -item[0].footer):
            width = self._key_width(command, binding)
            if width <= room:
                chosen.append((command, binding))
                room -= width
        return sorted(chosen, key=lambda item: (item[0].screen == ANYWHERE, ORDER[item[0].name]))

    def _key_width(self, command: Command, binding: Binding) -> int:
        key = cell_len(self.app.get_key_display(binding))
        label = cell_len(command.label)
        # Compact: "key label" and a margin; otherwise " key " and "label ".
        return key + label + 2 if self.compact else key + label + 3

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        yield from self._keys()

    def _keys(self) -> Iterator[FooterKey]:
        state_of = getattr(self.app, "command_state", None)
        state = state_of() if state_of is not None else None
        for command, binding in self.shown():
            refused = bool(refusal(command, state)) if state is not None else False
            yield CommandKey(
                binding.key,
                self.app.get_key_display(binding),
                command.label,
                binding.action,
                disabled=refused,
                tooltip=command.help,
            ).data_bind(compact=Footer.compact)
