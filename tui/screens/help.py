"""The help screen: every key, and how to read the screen."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.screens.modal import OnceModal

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("Tab / Shift+Tab", "move between panels"),
            ("?", "this help"),
            ("Ctrl+P", "command palette: every action and preset"),
            ("p", "pick one of the notes' examples (presets)"),
            ("s", "step mode on/off: walk the forward pass stage by stage"),
            ("n / b", "in step mode: next stage / back a stage (Escape leaves)"),
            ("x", "apply the fix the shape error offers (transpose, resize)"),
            ("Ctrl+Z", "undo the last edit"),
            ("[ / ]", "select the previous / next layer (network panel: ↑ ↓ Home End, click)"),
            ("Ctrl+Q", "quit"),
        ],
    ),
    (
        "In a matrix",
        [
            ("arrows, Home, End, PgUp, PgDn", "move the cursor"),
            ("Enter, or type a number", "edit the cell; Enter commits, Escape cancels"),
            ("mouse", "click a cell to select it, double-click to edit"),
            ("r / R", "add / remove a row (inputs: a sample; weights: an input or a neuron)"),
            ("c / C", "add / remove a column (inputs: a feature; weights: a neuron or an input)"),
            ("l", "in the inputs: labels on/off (one class index per sample)"),
        ],
    ),
    (
        "The selected layer",
        [
            ("a / d", "add a layer after it / delete it"),
            ("f", "change its activation: none → ReLU → softmax"),
            ("e", "set its inputs and neurons"),
            ("i", "re-initialise its weights: seed and scale (same seed, same weights)"),
            ("t", "weights view: (n_inputs, n_neurons) as Layer_Dense stores them, or one row per neuron"),
            ("T", "transpose its weights"),
        ],
    ),
    (
        "Training (g opens it)",
        [
            ("g", "the training view: data, optimizer, epochs, live curves; g or Escape comes back"),
            ("space", "start training / pause it (the weights panels show the trained weights)"),
            ("o", "one epoch at a time"),
            ("z", "reset: back to the weights training started from"),
            ("f", "fit the network to the data (first layer's inputs, last layer's neurons, softmax)"),
            ("[ / ]", "the layer whose gradients are shown"),
            ("Enter", "in a setting: apply it and return to the keys"),
        ],
    ),
]

READING = (
    "Reading the screen: the shapes line at the top shows every matrix; sizes that must agree "
    "have the same colour, and a pair that disagrees is marked red. The outputs panel shows the "
    "selected layer's z (before its activation) and output (after); the explain panel works out the "
    "output cell under the cursor with its own numbers. Values are float64 unless the example uses "
    "the book's nnfs mode (float32)."
)


def help_table() -> Group:
    parts: list[Table | Text] = []
    for title, rows in KEYS:
        table = Table(title=title, title_justify="left", title_style="bold underline", box=None, show_header=False)
        table.add_column(style="bold", no_wrap=True, min_width=16)
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
        max-width: 95%;
        height: 90%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "nnwb keys"
            body.border_subtitle = "Escape closes"
            yield Static(help_table(), id="help-text")

    def action_close(self) -> None:
        self.finish(None)
