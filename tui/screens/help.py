"""The help screen: every key (the command table's, ``tui.commands.COMMANDS``), and how to read the screen."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.commands import COMMANDS, TRAIN, TRAINING, keys_text
from tui.screens.modal import OnceModal

# How to move and edit inside a panel: the panels' own controls, not commands (the
# commands, below them, come from the command table).
MOVING: list[tuple[str, str]] = [
    ("arrows, Home, End, PgUp, PgDn", "move the cursor in a matrix; ↑ ↓ Home End select a layer in the network panel"),
    ("Enter, or type a number", "edit the cell; Enter commits, Escape cancels"),
    ("mouse", "click a cell or a layer to select it, double-click a cell to edit"),
    ("Enter, ↑ ↓ (a setting)", "in the training view: a list opens with Enter, ↑ ↓ choose; a field takes what you type"),
]


def sections(first: str | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help's rows: every command of the table, under its heading; then how to move.

    ``first``: a heading to put before the others (the keys of the screen the help was
    opened from), the rest in the table's order.
    """
    grouped: dict[str, list[tuple[str, str]]] = {}
    for command in COMMANDS:
        grouped.setdefault(command.section, []).append((keys_text(command), command.help))
    grouped["Moving and editing"] = list(MOVING)
    items = list(grouped.items())
    return sorted(items, key=lambda item: item[0] != first)  # stable: the rest keep their order


READING = (
    "Reading the screen: the shapes line at the top shows every matrix; sizes that must agree "
    "have the same colour, and a pair that disagrees is marked red. The outputs panel shows the "
    "selected layer's z (before its activation) and output (after); the explain panel works out the "
    "output cell under the cursor with its own numbers. Values are float64 unless the example uses "
    "the book's nnfs mode (float32)."
)


def help_table(first: str | None = None) -> Group:
    parts: list[Table | Text] = []
    for title, rows in sections(first):
        table = Table(title=title, title_justify="left", title_style="bold underline", box=None, show_header=False)
        table.add_column(style="bold", no_wrap=True, min_width=22)
        table.add_column()
        for key, what in rows:
            table.add_row(key, what)
        parts.append(table)
        parts.append(Text())
    parts.append(Text(READING, style="italic"))
    return Group(*parts)


class HelpScreen(OnceModal[None]):
    """Every key of the workbench. Escape, q or ? closes it."""

    DEFAULT_CSS = """
    #help-body {
        width: 100;
        height: 90%;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog") as body:
            body.border_title = "nnwb keys"
            body.border_subtitle = "Escape closes"
            yield Static(help_table(self._first_section()), id="help-text")

    def _first_section(self) -> str | None:
        """Opened from the training view, its keys come first: they are the ones wanted there."""
        from textual.command import CommandPalette

        under = [s for s in self.app.screen_stack if s is not self and not isinstance(s, CommandPalette)]
        if under and getattr(under[-1], "COMMAND_SCREEN", "") == TRAINING:
            return TRAIN
        return None

    def action_close(self) -> None:
        self.finish(None)
