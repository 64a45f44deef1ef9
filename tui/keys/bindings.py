"""The key bindings of a screen or panel, made from the command table (``tui.commands``)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.commands import commands_of


def bindings_for(screen: str, panel: str = "") -> list[BindingType]:
    """Every key the table gives ``screen`` (or its ``panel``); each runs ``app.run_command``,
    the one gate that applies the training lock, however the command was invoked."""
    return [
        Binding(key, command.binding_action, command.label, show=command.footer > 0, id=command.name, tooltip=command.help)
        for command in commands_of(screen, panel)
        for key in command.keys
    ]
