"""The footer: the keys the screen needs most, as many as fit, never cut mid-word.

Textual's footer shows every key in the order of the bindings and lets the last ones fall
off the edge (at 80 columns the step keys and Train were lost, "palette" ran into the next
key). This one reads the command table: it keeps the keys of highest ``footer`` priority
that fit in the width, shows them in the table's order (the screen's keys, then help and
the palette), and dims a key the training lock refuses now (pressing it says why).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.commands import ANYWHERE, BY_NAME, COMMANDS, TEXTUAL_BY_ACTION, Command, refusal

ORDER = {command.name: index for index, command in enumerate(COMMANDS)}
# Whether compact, then each key shown: its command, its binding and whether it is refused now.
KeyRow = tuple[bool, tuple[tuple[Command, Binding, bool], ...]]


class CommandKey(FooterKey):
    """A footer key; a dimmed one still sends its key, so that the app can say why not now."""

    def __init__(self, *args: Any, compact: bool, **kwargs: Any) -> None:
        # Born with the footer's compactness: a FooterKey starts compact and is then told
        # otherwise, restyling itself twice, at every recompose of the footer.
        if compact:
            kwargs["classes"] = f"{kwargs.get('classes', '')} -compact"
        super().__init__(*args, **kwargs)
        self.set_reactive(FooterKey.compact, compact)

    def on_mouse_down(self) -> None:
        self.app.simulate_key(self.key)


class KeysFooter(Footer):
    COMPACT_BELOW = 100  # columns: below this the keys drop their padding

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)  # the palette is one of the table's keys
        self._width = 0
        self._composed: KeyRow | None = None  # what the keys on screen were made from

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Textual recomposes the footer on every change of the bindings (a focus move, a
        key pressed); its keys change far less often, and each recompose mounts and styles
        every key again: recompose only when the row would read differently."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._row() != self._composed:
            await self.recompose()

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
        self._composed = self._row()
        yield from self._keys(self._composed)

    def _row(self) -> KeyRow:
        """The keys to show and whether each is refused now: all that the keys drawn depend on."""
        state_of = getattr(self.app, "command_state", None)
        state = state_of() if state_of is not None else None
        return self.compact, tuple(
            (command, binding, bool(refusal(command, state)) if state is not None else False)
            for command, binding in self.shown()
        )

    def _keys(self, row: KeyRow) -> Iterator[FooterKey]:
        for command, binding, refused in row[1]:
            yield CommandKey(
                binding.key,
                self.app.get_key_display(binding),
                command.label,
                binding.action,
                disabled=refused,
                tooltip=command.help,
                compact=row[0],
            )

    def watch_compact(self, compact: bool) -> None:
        for key in self.query(CommandKey):
            key.compact = compact
