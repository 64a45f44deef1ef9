"""The command gate: every command of the table (``tui.commands``), from a key, the palette
or a click on the footer, is run here, if the screen in front and the training lock allow
it now; otherwise the user is told why and nothing changes.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from textual.app import SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from tui.app.host import WorkbenchHost
from tui.commands import BY_NAME, COMMANDS, DIALOG, TRAINING, WORKBENCH, State, keys_text, offered, refusal


class CommandGate:
    """Which commands the App (``host``) may run now, and the running of them: a command's
    action is the method ``action_<action>`` of the App, or of the training view."""

    def __init__(self, host: WorkbenchHost) -> None:
        self.host = host

    def training_open(self) -> bool:
        return any(getattr(screen, "COMMAND_SCREEN", "") == TRAINING for screen in self.host.screen_stack)

    def front(self) -> Screen[Any]:
        """The screen in front, the command palette aside (its commands are for the screen under it)."""
        stack = self.host.screen_stack
        return next((s for s in reversed(stack) if not isinstance(s, CommandPalette)), self.host.screen)

    def state(self) -> State:
        """Which screen is in front and whether training runs."""
        stack = self.host.screen_stack
        front = self.front()
        kind = WORKBENCH if front is stack[0] else getattr(front, "COMMAND_SCREEN", DIALOG)
        running = any(getattr(s, "COMMAND_SCREEN", "") == TRAINING and getattr(s, "running", False) for s in stack)
        return State(kind, self.training_open(), running, partial(self._holds, front))

    def _holds(self, front: Screen[Any], when: str) -> bool:
        doc = self.host.document
        if when == "step":
            return doc.step is not None
        if when == "fix":
            error = doc.trace.error
            return error is not None and error.fix_action is not None
        if when == "fixable":
            return bool(getattr(front, "fixable", False))
        if when == "lesson":
            return self.host.lesson is not None
        if when == "answer":
            return self.host.lesson is not None and bool(self.host.lesson.open_answers())
        return False

    def run(self, name: str) -> bool:
        """Run the command ``name`` if the table allows it now; else say why and change nothing."""
        host = self.host
        command = BY_NAME[name]
        reason = refusal(command, self.state())
        if reason:
            host.notify(reason, title="Not now", severity="warning", timeout=5, markup=False)
            return False
        target: Any = self.front() if command.screen == TRAINING else host
        method = getattr(target, f"action_{command.action}")
        # Recorded before it runs: the redraw it makes asks the lesson's tasks with it.
        lesson = host.lesson
        new_event = lesson is not None and lesson.record_command(name)
        if inspect.iscoroutinefunction(method):
            host.call_next(method, *command.args)  # Textual's own (quit): awaited in the app's loop
        else:
            method(*command.args)
        if new_event and lesson is host.lesson and not self.training_open():
            host.show_lesson()  # a command that draws nothing (help, the palette) may still tick a task
        return True

    def allows(self, action: str, parameters: tuple[object, ...]) -> bool:
        """A table key is live when the screen in front offers its command (Textual's own
        actions, Tab among them, are always live). A command refused only because training
        runs stays live, so that its key says why."""
        if action != "run_command":
            return True
        command = BY_NAME.get(str(parameters[0])) if parameters else None
        return command is not None and offered(command, self.state())

    def system_commands(self, textual_commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
        """The palette: the table's commands; one the screen cannot run now says why, and is
        listed only when searched for. Of Textual's own (``textual_commands``), only Maximize
        and Minimize stay: Keys and Screenshot are replaced by the table's."""
        for system in textual_commands:
            if system.title in ("Maximize", "Minimize"):
                yield system
        state = self.state()
        for command in COMMANDS:
            if not command.title:
                continue
            reason = refusal(command, state, named=False)
            where = f" in the {command.panel}" if command.panel else ""
            hint = f" ({keys_text(command)}{where})" if command.keys else ""
            help_text = f"not now: {reason}" if reason else command.help + hint
            yield SystemCommand(command.title, help_text, partial(self.run, command.name), discover=not reason)
