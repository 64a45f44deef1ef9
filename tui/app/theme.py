"""The workbench's colours in a terminal of 16 colours (TERM=xterm, TERM=linux).

Such a terminal gets each colour as the nearest of its 16. Textual's default theme has an
orange accent (the focused panel's border, the cursor) and a crimson error colour, and the
nearest of both is bright red: focus read as an error. In 16 colours the workbench uses the
same theme with an accent that becomes bright cyan and a warning (a cell being edited) that
becomes bright yellow; errors stay bright red. Other colour systems keep the default theme,
and NO_COLOR's shades of grey already tell the accent (light) from the error (dark).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import App
from textual.theme import BUILTIN_THEMES

SIXTEEN_COLOUR_SYSTEMS = ("standard", "windows")  # Rich's names for a terminal of 16 colours

SIXTEEN_COLOUR_THEME = replace(
    BUILTIN_THEMES["textual-dark"],
    name="nnwb-16-colours",
    accent="#5fd7ff",  # bright cyan in 16 colours
    warning="#ffd700",  # bright yellow in 16 colours
)


def suit_the_terminal(app: App[Any]) -> None:
    """Use the 16-colour theme when the terminal has 16 colours (the palette still offers every theme)."""
    if app.console.color_system in SIXTEEN_COLOUR_SYSTEMS:
        app.register_theme(SIXTEEN_COLOUR_THEME)
        app.theme = SIXTEEN_COLOUR_THEME.name
